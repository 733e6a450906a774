"""The benchmark's corpus generator: deterministic, valid front matter, and it builds."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import yaml
from click.testing import CliRunner

from publisher.cli import cli

REPO = Path(__file__).resolve().parent.parent


def _corpus() -> ModuleType:
    # bench/ is a folder of scripts, not a package: load the module by path.
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_generate_is_deterministic_valid_and_builds(tmp_path):
    corpus = _corpus()
    first, second = tmp_path / "a", tmp_path / "b"
    corpus.generate(first, 30, 4, seed=7)
    corpus.generate(second, 30, 4, seed=7)
    files = _files(first)
    assert files == _files(second)
    sources = {k: v for k, v in files.items() if k.endswith(".md")}
    assert len(sources) == 30
    assert len({k.split("/")[1] for k in sources}) == 4
    assert json.loads(files["bench.json"])["newest"] in sources

    ids = set()
    for rel, data in sources.items():
        text = data.decode("utf-8")
        assert text.startswith("---\n"), rel
        head, body = text[4:].split("\n---\n", 1)
        fields = yaml.safe_load(head)
        assert {"title", "id", "date", "category", "tags"} <= set(fields), rel
        assert fields["date"].tzinfo is not None, rel
        slug = rel.rsplit("/", 1)[1].removesuffix(".md")
        assert fields["id"] == f"tag:bench.example,{fields['date'].date().isoformat()}:{slug}"
        ids.add(fields["id"])
        assert 400 <= len(body.split()) <= 1600, rel
    assert len(ids) == 30
    assert corpus.generate.__doc__

    out, cache = tmp_path / "out", tmp_path / "cache"
    args = ["build", "--config", str(first / "publisher.toml"), "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    assert result.output == ""  # silent: not even a warning (unknown field, unpinned id)
    assert (out / "all" / "rss.xml").is_file()
    assert len(list(out.glob("*/atom.xml"))) == 5


def test_different_seeds_differ(tmp_path):
    corpus = _corpus()
    corpus.generate(tmp_path / "a", 5, 2, seed=1)
    corpus.generate(tmp_path / "b", 5, 2, seed=2)
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_no_ids_corpus_is_the_same_site_without_id_lines(tmp_path):
    corpus = _corpus()
    corpus.generate(tmp_path / "with", 12, 3, seed=5)
    corpus.generate(tmp_path / "without", 12, 3, seed=5, ids=False)
    with_ids, without = _files(tmp_path / "with"), _files(tmp_path / "without")
    assert with_ids.keys() == without.keys()
    for rel, data in with_ids.items():
        if not rel.endswith(".md"):
            continue
        kept = b"".join(line for line in data.splitlines(True) if not line.startswith(b"id: "))
        assert without[rel] == kept, rel
        assert b"\nid: " not in without[rel]
    assert json.loads(without["bench.json"])["ids"] is False


def _bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_pss_sampler_counts_the_workers_of_a_process_tree():
    pss = _bench_module("pss")
    # A parent that forks a worker; only the worker touches 64 MiB. RSS of the parent alone
    # would miss it; the tree's summed PSS must see it.
    code = (
        "import os, time\n"
        "if os.fork() == 0:\n"
        "    block = bytearray(64 * 1024 * 1024)\n"
        "    time.sleep(1.5)\n"
        "    os._exit(0)\n"
        "os.wait()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    with pss.TreeSampler(proc.pid, interval=0.01) as sampler:
        proc.wait()
    assert sampler.peak.samples > 5
    assert sampler.peak.tree_kib - sampler.peak.main_kib > 48 * 1024


def test_rich_shape_is_deterministic_builds_silently_and_has_what_real_sites_have(tmp_path):
    corpus = _corpus()
    first, second = tmp_path / "a", tmp_path / "b"
    corpus.generate(first, 120, 4, seed=3, shape="rich")
    corpus.generate(second, 120, 4, seed=3, shape="rich")
    files = _files(first)
    assert files == _files(second)
    manifest = json.loads(files["bench.json"])
    assert manifest["shape"] == "rich" and manifest["newest"] in files
    sources = {k: v.decode("utf-8") for k, v in files.items() if k.endswith(".md")}
    assert len(sources) == 120
    # The same site as the news shape but for the bodies: same paths and front matter.
    news = tmp_path / "news"
    corpus.generate(news, 120, 4, seed=3)
    assert {k for k in _files(news) if k.endswith(".md")} == sources.keys()
    bodies = [text.split("\n---\n", 1)[1] for text in sources.values()]
    every = "\n".join(bodies)
    for needle in ("](https://", '")', "![", "[![", "]: ", "[^1]", "```", "| ---", "> ", "    - "):
        assert needle in every, needle
    sizes = sorted(len(body.encode("utf-8")) for body in bodies)
    assert 2_000 <= sizes[len(sizes) // 2] <= 12_000  # the median article: a few KB
    assert sizes[-1] <= 56_000  # the tail stops at about 50 KB
    links = every.count("](") + every.count("][")
    assert links / len(bodies) >= 10  # link-heavy on average

    out, cache = tmp_path / "out", tmp_path / "cache"
    args = ["build", "--config", str(first / "publisher.toml"), "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    atom = (out / "all" / "atom.xml").read_text("utf-8")
    for rendered in ("&lt;table", "&lt;sup", "&lt;img", "title=", "&lt;pre"):
        assert rendered in atom, rendered
