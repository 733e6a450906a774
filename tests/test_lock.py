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


def _locked() -> dict[str, tuple[Version, Marker | None]]:
    """Canonical name -> (pinned version, environment marker) for every line of the lock."""
    pins: dict[str, tuple[Version, Marker | None]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier  # exactly one "==" per line
        assert specifier.operator == "==", line
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"{name} is locked twice"
        pins[name] = (Version(specifier.version), requirement.marker)
    return pins


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
    version, _ = LOCKED[name]
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
    not_locked = sorted(
        f"{name}=={version}"
        for name, version in installed.items()
        if name not in LOCKED or LOCKED[name][0] != version
    )
    assert not not_locked, (
        f"installed but not locked at this version: {not_locked}; install with the README's "
        "commands (they use requirements/lock.txt), or add the dependency and run `bash .ci/lock`"
    )
    missing = sorted(
        f"{name}=={version}"
        for name, (version, marker) in LOCKED.items()
        if (marker is None or marker.evaluate()) and name not in installed
    )
    assert not missing, f"locked for this platform but not installed: {missing}"
