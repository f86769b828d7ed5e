"""Detection: the PHI in a transcript, as character spans with one label each.

:class:`~redactor.detect.detector.PhiDetector` runs Presidio with spaCy and our own recognizers
(:mod:`.recognizers`, one per file), then drops what :mod:`.not_phi` says is not PHI, and
:func:`~redactor.detect.labels.one_label_per_span` gives each redacted span one type.

Nothing is imported here: importing :mod:`.labels` must not load spaCy and Presidio.
"""
