"""Run one recognizer the way PhiDetector does: spaCy artifacts, context scoring, threshold.

Helpers report spans and booleans, never transcript text, so failures print no PHI.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from exact_spans import Expectation, mismatch
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from redactor.detect.detector import build_context_enhancer, build_nlp_engine

Found = list[tuple[str, int, int, float]]
Finder = Callable[[EntityRecognizer, str], Found]


@pytest.fixture(scope="session")
def nlp_engine() -> SpacyNlpEngine:
    return build_nlp_engine()


@pytest.fixture(scope="session")
def find(nlp_engine: SpacyNlpEngine) -> Finder:
    """``find(recognizer, text)`` -> ``[(entity, start, end, score)]`` at threshold 0.3."""
    engines: dict[int, AnalyzerEngine] = {}

    def run(recognizer: EntityRecognizer, text: str) -> Found:
        engine = engines.get(id(recognizer))
        if engine is None:
            engine = AnalyzerEngine(
                nlp_engine=nlp_engine,
                registry=RecognizerRegistry([recognizer]),
                context_aware_enhancer=build_context_enhancer(),
            )
            engines[id(recognizer)] = engine
        results = engine.analyze(
            text, language="en", entities=recognizer.supported_entities, score_threshold=0.3
        )
        return [(r.entity_type, r.start, r.end, r.score) for r in results]

    return run


Judge = Callable[[EntityRecognizer, str, str, Expectation], str | None]


@pytest.fixture(scope="session")
def judge(find: Finder) -> Judge:
    """``judge(recognizer, text, entity, expected)`` -> None if the case holds, else why.

    ``expected`` names the exact spans of ``entity`` the recognizer must find and nothing else
    (see ``exact_spans``), or is None when it must find nothing at all. The reason names
    entities, offsets and counts, not text.
    """

    def run(
        recognizer: EntityRecognizer, text: str, entity: str, expected: Expectation
    ) -> str | None:
        found = [(e, start, end) for e, start, end, _ in find(recognizer, text)]
        return mismatch(text, found, entity, expected)

    return run
