from __future__ import annotations

import json
from typing import Any

import pytest
from fixture_paths import SAMPLE_AUDIO


@pytest.fixture(scope="session")
def gold() -> dict[str, dict[str, Any]]:
    """The sample calls' gold PHI items and non-PHI phrases, keyed by file name."""
    calls = json.loads((SAMPLE_AUDIO / "gold.json").read_text())["calls"]
    return {call["file"]: call for call in calls}


@pytest.fixture(scope="session")
def phi_strings(gold: dict[str, dict[str, Any]]) -> list[str]:
    """Every gold PHI text, to search outputs and logs for leaks."""
    return [item["text"] for call in gold.values() for item in call["phi"]]


@pytest.fixture(scope="session")
def real_redactor() -> Any:
    """The default Redactor with real models, loaded once for the whole session."""
    from redactor import Redactor

    return Redactor()
