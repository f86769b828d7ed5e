from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from fixture_paths import ROOT, SAMPLE_AUDIO

# Failed comparisons of values that hold transcript text print no text (see the hook).
from redactor.testing import pytest_assertrepr_compare  # noqa: F401


@pytest.fixture(scope="session")
def gold() -> dict[str, dict[str, Any]]:
    """The sample calls' gold PHI items and non-PHI phrases, keyed by file name."""
    calls = json.loads((SAMPLE_AUDIO / "gold.json").read_text())["calls"]
    return {call["file"]: call for call in calls}


class PhiStrings(list[str]):
    """A list of PHI texts that prints as a count: pytest shows a failing test's arguments."""

    def __repr__(self) -> str:
        return f"<{len(self)} PHI strings>"


@pytest.fixture(scope="session")
def phi_strings(gold: dict[str, dict[str, Any]]) -> list[str]:
    """Every gold PHI text, to search outputs and logs for leaks."""
    return PhiStrings(item["text"] for call in gold.values() for item in call["phi"])


@pytest.fixture(scope="session")
def real_redactor() -> Any:
    """The default Redactor with real models, loaded once for the whole session."""
    from redactor import Redactor

    return Redactor()


@pytest.fixture(scope="session", autouse=True)
def repository_left_as_it_was() -> Iterator[None]:
    """Tests write only to temporary folders: no tracked file changes, no new file appears
    (outside what .gitignore covers: caches)."""
    before = _repository_state()
    yield
    after = _repository_state()
    if before is not None and after is not None:
        changed = sorted(
            name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
        )
        assert changed == [], f"the tests changed files in the repository: {changed}"


def _repository_state() -> dict[str, tuple[int, int] | None] | None:
    """(mtime, size) of every tracked file and of every new file git does not ignore."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, capture_output=True, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None  # not a git checkout
    state: dict[str, tuple[int, int] | None] = {}
    for name in filter(None, listed.decode().split("\0")):
        try:
            status = (ROOT / name).stat()
            state[name] = (status.st_mtime_ns, status.st_size)
        except OSError:
            state[name] = None
    return state
