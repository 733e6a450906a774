"""A site's YAML data files (Jekyll's ``_data``, a Hugo content adapter's data) are
loaded with front matter's checks (``sources.libyaml.load_data``)."""

from __future__ import annotations

import time

import pytest
import yaml

from publisher.errors import SourceError
from publisher.generators.hugo_functions import unmarshal_text
from publisher.sources.libyaml import load_data

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


def test_ordinary_data_loads_as_the_safe_loader_loads_it() -> None:
    text = "people:\n  - name: Ann\n    since: 2021-03-04\n  - {name: Cy, n: 3, ok: yes}\nv: &v 2.3\nw: *v\n"
    assert load_data(text, "_data/x.yml") == yaml.safe_load(text)


def test_dates_can_stay_text_as_hugo_reads_them() -> None:
    assert load_data("d: 2021-03-04\n", "x.yml", dates=False) == {"d": "2021-03-04"}
    assert unmarshal_text("d: 2021-03-04\n", "yaml") == {"d": "2021-03-04"}


def test_an_alias_bomb_is_refused_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(SourceError, match="aliases expand it by more than"):
        load_data(BOMB, "_data/bomb.yml")
    assert time.monotonic() - started < 5


def test_a_hugo_adapter_unmarshalling_a_bomb_is_told_not_built() -> None:
    with pytest.raises(Exception, match="aliases expand it"):
        unmarshal_text(BOMB, "yaml")
