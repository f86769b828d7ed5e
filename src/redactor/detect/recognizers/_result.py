"""Building Presidio results from our own (non-regex) recognizers."""

from __future__ import annotations

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult


def make_result(
    recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float, why: str
) -> RecognizerResult:
    """A result that Presidio's context enhancer can raise and trace back to ``recognizer``.

    ``why`` names the rule that fired; it must never contain transcript text.

    >>> from presidio_analyzer import PatternRecognizer, Pattern
    >>> rec = PatternRecognizer("ID_NUMBER", patterns=[Pattern("p", "x", 0.1)])
    >>> make_result(rec, "ID_NUMBER", 0, 5, 0.5, "digit run").score
    0.5
    """
    # The enhancer writes to analysis_explanation and looks the recognizer up by id, so
    # both must be present or context words are silently ignored. Our recognizers are
    # named after their class (Presidio's default), which mypy can read, unlike ``.name``.
    name = type(recognizer).__name__
    explanation = AnalysisExplanation(
        recognizer=name, original_score=score, textual_explanation=why
    )
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )
