"""redactor's own Presidio recognizers for PHI as Whisper writes speech down.

Presidio's built-in recognizers expect written text; a call transcript says "five five
five, eight six seven", spells names letter by letter and reads emails aloud. Each module
here holds one recognizer for one such shape.

This package imports nothing itself: the detector (:mod:`redactor.detect.detector`) builds
them, while the label rules use the pure helpers (``_questions``, ``_spoken``) without
loading Presidio or spaCy.
"""
