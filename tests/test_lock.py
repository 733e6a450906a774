"""requirements/lock.txt pins everything the README's install commands install.

The Quick start and CI install with the lock as constraints, so a checkout installs the same
versions on every machine and every day; pyproject.toml keeps lower bounds for people who
install the package into an environment of their own. These tests keep the two in step:
every requirement pyproject.toml names is locked at a version it allows, and the environment
the suite runs in is exactly the lock (on this platform), so a dependency nobody locked, or a
lock entry nothing needs, is seen here rather than on somebody else's machine.
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements" / "lock.txt"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
# Installed by `python3 -m venv` itself, not by the install commands.
_VENV_OWN = {"pip"}


def _locked() -> dict[str, list[tuple[Version, Marker | None]]]:
    """Canonical name -> its pins, each with its environment marker.

    A universal lock may pin one name several times, for different Pythons (a release
    that dropped 3.11): at most one of them applies to any one environment.
    """
    pins: dict[str, list[tuple[Version, Marker | None]]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier  # exactly one "==" per line
        assert specifier.operator == "==", line
        name = canonicalize_name(requirement.name)
        pins.setdefault(name, []).append((Version(specifier.version), requirement.marker))
    for name, entries in pins.items():
        assert len(entries) == 1 or all(marker for _, marker in entries), (
            f"{name} is locked twice without markers to tell the pins apart"
        )
    return pins


def _applies(marker: Marker | None) -> bool:
    return marker is None or marker.evaluate()


LOCKED = _locked()


def _declared() -> list[str]:
    build = [
        line
        for line in (REPO / "requirements" / "build.in").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return [
        *PYPROJECT["project"]["dependencies"],
        *PYPROJECT["project"]["optional-dependencies"]["test"],
        *build,
    ]


@pytest.mark.parametrize("requirement", _declared())
def test_every_declared_requirement_is_locked_at_a_version_it_allows(requirement: str) -> None:
    parsed = Requirement(requirement)
    name = canonicalize_name(parsed.name)
    assert name in LOCKED, f"{requirement!r} is not in requirements/lock.txt: run `bash .ci/lock`"
    for version, _ in LOCKED[name]:
        assert parsed.specifier.contains(version, prereleases=True), (
            f"requirements/lock.txt pins {name}=={version}, which {requirement!r} refuses: "
            "run `bash .ci/lock`"
        )


def test_the_build_backend_is_locked_as_pyproject_names_it() -> None:
    build_in = [
        line
        for line in (REPO / "requirements" / "build.in").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert build_in == PYPROJECT["build-system"]["requires"]


def test_the_lock_is_universal_and_made_by_the_documented_command() -> None:
    header = LOCK.read_text(encoding="utf-8").splitlines()[:2]
    command = (REPO / ".ci" / "lock").read_text(encoding="utf-8")
    assert "--universal" in header[1] and "--python-version 3.11" in header[1], header
    assert "--universal --python-version 3.11" in command


def test_the_environment_is_exactly_the_lock() -> None:
    """What the suite runs against is what every other checkout installs."""
    installed = {
        canonicalize_name(dist.metadata["Name"]): Version(dist.version)
        for dist in importlib.metadata.distributions()
    }
    installed.pop("publisher", None)
    for name in _VENV_OWN:
        installed.pop(name, None)
    here = {
        name: version
        for name, entries in LOCKED.items()
        for version, marker in entries
        if _applies(marker)
    }
    not_locked = sorted(
        f"{name}=={version}" for name, version in installed.items() if here.get(name) != version
    )
    assert not not_locked, (
        f"installed but not locked at this version: {not_locked}; install with the README's "
        "commands (they use requirements/lock.txt), or add the dependency and run `bash .ci/lock`"
    )
    missing = sorted(
        f"{name}=={version}" for name, version in here.items() if name not in installed
    )
    assert not missing, f"locked for this platform but not installed: {missing}"
