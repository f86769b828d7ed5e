"""The QA review page of a batch: :func:`~redactor.review.build.build_review` reads a batch's
outputs into :class:`~redactor.review.recording.Recording` objects, draws their waveforms
(:mod:`.waveform`), links each transcript tag to its redaction (:mod:`.links`) and writes the
HTML (:mod:`.page`).
"""

from redactor.review.build import REVIEW_NAME, build_review, require_review_extra
from redactor.review.recording import EARLIER_RUN, Recording, attention

__all__ = [
    "EARLIER_RUN",
    "REVIEW_NAME",
    "Recording",
    "attention",
    "build_review",
    "require_review_extra",
]
