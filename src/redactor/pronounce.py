"""Pronunciations for words outside the aligner's dictionary (names, mostly), from espeak-ng.

``espeak-ng -q -v en-us --ipa`` writes how it would say a word in IPA; :func:`ipa_to_arpabet`
maps that to the ARPAbet phones of the CMU dictionary that PocketSphinx's English model uses.
espeak-ng is a Debian package (``apt-get install espeak-ng``); nothing is downloaded. Words
go to it on standard input, never on its command line, where other users could see them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable

from redactor.errors import ConfigError

ESPEAK = "espeak-ng"
# Longest symbols first: diphthongs and affricates before their parts.
_IPA_TO_ARPABET: dict[str, tuple[str, ...]] = {
    "aɪ": ("AY",), "aʊ": ("AW",), "eɪ": ("EY",), "oʊ": ("OW",), "əʊ": ("OW",),
    "ɔɪ": ("OY",), "tʃ": ("CH",), "dʒ": ("JH",), "ɪə": ("IY", "AH"), "iə": ("IY", "AH"),
    "eə": ("EH", "R"), "ʊə": ("UH", "R"), "n̩": ("AH", "N"), "l̩": ("AH", "L"),
    "m̩": ("AH", "M"), "ɜː": ("ER",),
    "i": ("IY",), "ɪ": ("IH",), "ᵻ": ("IH",), "ɨ": ("IH",), "e": ("EY",), "ɛ": ("EH",),
    "æ": ("AE",), "a": ("AA",), "ɐ": ("AH",), "ə": ("AH",), "ʌ": ("AH",), "ɑ": ("AA",),
    "ɒ": ("AA",), "ɔ": ("AO",), "o": ("OW",), "ʊ": ("UH",), "u": ("UW",), "ɚ": ("ER",),
    "ɝ": ("ER",), "ɜ": ("ER",), "y": ("UW",), "ø": ("ER",), "œ": ("ER",),
    "ɹ": ("R",), "r": ("R",), "ɾ": ("T",), "ʔ": ("T",), "θ": ("TH",), "ð": ("DH",),
    "ʃ": ("SH",), "ʒ": ("ZH",), "ŋ": ("NG",), "j": ("Y",), "w": ("W",), "ʍ": ("W",),
    "h": ("HH",), "ɡ": ("G",), "g": ("G",), "x": ("HH",), "ç": ("HH",), "ɣ": ("G",),
    "β": ("B",), "ɬ": ("L",), "ɫ": ("L",), "ɲ": ("N", "Y"), "ʎ": ("L", "Y"),
    "b": ("B",), "d": ("D",), "f": ("F",), "k": ("K",), "l": ("L",), "m": ("M",),
    "n": ("N",), "p": ("P",), "s": ("S",), "t": ("T",), "v": ("V",), "z": ("Z",),
}  # fmt: skip


class PronunciationError(RuntimeError):
    """espeak-ng could not be run on some words (the words are not in the message)."""


_LONGEST = max(len(symbol) for symbol in _IPA_TO_ARPABET)


def ipa_to_arpabet(ipa: str) -> tuple[str, ...]:
    """ARPAbet phones for espeak-ng's IPA (stress and length marks dropped, a phone doubled
    across a syllable break said once, unknown symbols skipped).

    >>> ipa_to_arpabet("nˈuːjɛn")
    ('N', 'UW', 'Y', 'EH', 'N')
    >>> ipa_to_arpabet("dʒˈɛnɪfɚ")
    ('JH', 'EH', 'N', 'IH', 'F', 'ER')
    >>> ipa_to_arpabet("bˈʌʔn̩")
    ('B', 'AH', 'T', 'AH', 'N')
    """
    phones: list[str] = []
    position = 0
    while position < len(ipa):
        for size in range(_LONGEST, 0, -1):
            found = _IPA_TO_ARPABET.get(ipa[position : position + size])
            if found is not None:
                for phone in found:
                    if not phones or phones[-1] != phone or phone in _VOWELS:
                        phones.append(phone)
                position += size
                break
        else:
            position += 1  # stress, length, syllable marks, spaces
    return tuple(phones)


_VOWELS = frozenset(
    ["AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"]
)


class EspeakPronouncer:
    """ARPAbet pronunciations of words from espeak-ng, remembered once looked up.

    >>> EspeakPronouncer().phones(["nguyen"])  # doctest: +SKIP
    {'nguyen': ('N', 'UW', 'Y', 'EH', 'N')}
    """

    def __init__(self, executable: str = ESPEAK, *, voice: str = "en-us") -> None:
        found = shutil.which(executable)
        if found is None:
            raise ConfigError(
                f"word alignment needs {executable}, which is not installed: install it "
                f"(Debian/Ubuntu: apt-get install espeak-ng) or turn word alignment off "
                f"(--no-word-alignment, or word_alignment = false in the policy)"
            )
        self._command = [found, "-q", "-v", voice, "--ipa"]
        self._known: dict[str, tuple[str, ...]] = {}

    def phones(self, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Phones for each word (lowercase letters and apostrophes); a word espeak-ng gives
        no phones for maps to an empty tuple."""
        wanted = list(dict.fromkeys(words))
        missing = [word for word in wanted if word not in self._known]
        if missing:
            self._known.update(zip(missing, self._look_up(missing), strict=True))
        return {word: self._known[word] for word in wanted}

    def _look_up(self, words: list[str]) -> list[tuple[str, ...]]:
        # One line in, one line out: each word ends a clause of its own.
        lines = self._run("".join(f"{word},\n" for word in words))
        if len(lines) != len(words):
            lines = [" ".join(self._run(f"{word}\n")) for word in words]
        return [ipa_to_arpabet(line) for line in lines]

    def _run(self, text: str) -> list[str]:
        try:
            completed = subprocess.run(
                self._command, input=text, capture_output=True, text=True, check=True, timeout=60
            )
        except (OSError, subprocess.SubprocessError) as error:
            # Never the words or espeak's output in the message: they may be PHI.
            raise PronunciationError(f"espeak-ng failed ({type(error).__name__})") from error
        return [line.strip() for line in completed.stdout.splitlines() if line.strip()]
