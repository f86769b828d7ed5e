"""The redaction policy: what counts as PHI and how it is beeped.

A policy that does not make sense is a :class:`~redactor.errors.ConfigError`, never a silent
default: a silently ignored setting can leak PHI.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, TypeVar

from redactor.errors import ConfigError
from redactor.keys import parse_recipient

FailClosedPolicy = Literal["redact", "flag"]
FAIL_CLOSED_POLICIES: tuple[str, ...] = ("redact", "flag")
VoiceChannels = Literal["both", "agent", "caller"]
VOICE_CHANNELS: tuple[str, ...] = ("both", "agent", "caller")
ChannelMode = Literal["split", "mix"]
CHANNEL_MODES: tuple[str, ...] = ("split", "mix")

PRESIDIO_ENTITIES: tuple[str, ...] = (
    "PERSON", "LOCATION", "DATE_TIME", "PHONE_NUMBER", "EMAIL_ADDRESS", "US_SSN", "CREDIT_CARD",
    "IP_ADDRESS", "URL", "US_BANK_NUMBER", "US_DRIVER_LICENSE", "MEDICAL_LICENSE", "US_PASSPORT",
    "US_ITIN", "IBAN_CODE",
)  # fmt: skip
# Every entity type detection can find: Presidio's, and our recognizers' two.
DEFAULT_ENTITIES: tuple[str, ...] = (*PRESIDIO_ENTITIES, "DATE_OF_BIRTH", "ID_NUMBER")

Section = Literal["detection", "beep placement", "beep sound", "channels", "voice", "storage"]
SECTIONS: tuple[Section, ...] = (
    "detection", "beep placement", "beep sound", "channels", "voice", "storage",
)  # fmt: skip
# How a setting's value is checked: a number within bounds, true/false, one of some choices,
# an optional whole number at least the lower bound, an age recipient, or entity type names.
SettingKind = Literal["number", "flag", "choice", "whole", "recipient", "entities"]
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Setting:
    """The description of one :class:`Policy` field: its default, the ``--help`` section and
    text, how its value is checked, and the command-line flag that sets it (``None``: only a
    ``--config`` file does).

    >>> setting = policy_settings()["padding"]
    >>> setting.default, setting.bounds, setting.unit, setting.flag
    (0.5, (0.0, 5.0), ' seconds', '--padding')
    >>> setting.check("padding", 9)
    Traceback (most recent call last):
    ...
    redactor.errors.ConfigError: padding must be between 0 and 5 seconds, got 9
    """

    default: object
    section: Section
    help: str
    kind: SettingKind
    bounds: tuple[float | None, float | None] = (None, None)
    unit: str = ""
    choices: tuple[str | int, ...] = ()
    flag: str | None = None
    metavar: str | None = None

    def check(self, name: str, value: object) -> object:
        """``value`` as the setting ``name`` keeps it; a :class:`ConfigError` if it is wrong.

        >>> policy_settings()["entities"].check("entities", ["PERSON"])
        ('PERSON',)
        >>> policy_settings()["fail_closed"].check("fail_closed", "ignore")
        Traceback (most recent call last):
        ...
        redactor.errors.ConfigError: fail_closed must be one of redact, flag, got 'ignore'
        """
        low, high = self.bounds
        if self.kind == "number":
            assert low is not None and high is not None  # every number setting has both
            _check_range(name, value, low, high, self.unit)
        elif self.kind == "flag":
            if not isinstance(value, bool):
                raise ConfigError(f"{name} must be true or false")
        elif self.kind == "choice":
            if isinstance(value, bool) or value not in self.choices:
                raise ConfigError(f"{name} must be {_one_of(self.choices)}, got {value!r}")
        elif self.kind == "whole" and value is not None:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConfigError(f"{name} must be a whole number")
            if low is not None and value < low:
                raise ConfigError(f"{name} must be at least {low:g}, got {value}")
        elif self.kind == "recipient" and value is not None:
            parse_recipient(value)  # type: ignore[arg-type]  # fails on a bad key before any work
        elif self.kind == "entities":
            return check_entities(value)
        return value


def _one_of(choices: tuple[str | int, ...]) -> str:
    if all(isinstance(choice, int) for choice in choices):
        return " or ".join(str(choice) for choice in choices)
    return f"one of {', '.join(str(choice) for choice in choices)}"


def _setting(
    default: _T,
    section: Section,
    help: str,
    *,
    kind: SettingKind,
    bounds: tuple[float | None, float | None] = (None, None),
    unit: str = "",
    choices: tuple[str | int, ...] = (),
    flag: str | None = None,
    metavar: str | None = None,
) -> _T:
    """A :class:`Policy` field with its :class:`Setting` in the field's metadata."""
    setting = Setting(default, section, help, kind, bounds, unit, choices, flag, metavar)
    return field(default=default, metadata={"setting": setting})


@dataclass(frozen=True, slots=True)
class Policy:
    """How PHI is found and hidden.

    ``padding`` widens every beep on both sides, because Whisper's word times are often a few
    hundred milliseconds off (see the field notes: 0.5 s left at most 0.08 s of PHI audible on
    synthetic calls). Whisper also times some answers a second late, so each beep also reaches
    across the pause before and after it, to the neighbouring words, by up to ``gap_reach``
    seconds more. Beeps closer than ``merge_gap`` are joined so no fragment is heard between
    them. A beep edge that falls in the middle of a sound then moves outward, by at most
    ``quiet_reach`` seconds, to the next pause. With ``pull_to_pauses``, padding that crosses
    a clear pause next to the PHI stops at that pause instead, since beyond it is other speech
    (on a line too noisy to show pauses, nothing changes).

    With ``word_alignment`` (the default), a forced aligner hears where each PHI word was
    said (:mod:`redactor.forced_alignment`), and each edge of a PHI beep is placed from that
    evidence: where the aligner and Whisper agree within ``alignment_tolerance`` seconds,
    the aligned edge is padded by only ``aligned_padding``; where they disagree, the beep
    covers both, each padded as much; where the words could not be aligned, the padding
    above applies. An aligned edge also carries on over sound that no aligned word accounts
    for, up to the neighbouring word, by at most ``gap_reach``.

    Speech that voice activity detection heard but no transcribed word accounts for (more than
    ``min_untranscribed`` seconds beyond ``untranscribed_tolerance`` of any word), and
    stretches the model flagged as unreliable, may hold PHI that detection never saw. With
    ``fail_closed="redact"`` (the default) they are beeped; with ``"flag"`` they are only
    listed in the report.

    A dual-channel (stereo) call is transcribed channel by channel with
    ``channel_mode="split"`` (the default): PHI is beeped on the channel where it was said, or
    on both with ``beep_all_channels``. ``agent_channel`` names the agent's channel in reports.
    ``"mix"`` transcribes the mixed-down audio and beeps every channel.

    The beep is a sine of ``beep_frequency`` Hz whose **peak** is at ``beep_level_dbfs``
    (dB relative to full scale); a sine's RMS is 3 dB below its peak, so the default -20 dBFS
    beep measures -23 dBFS RMS.

    ``anonymize_voice`` changes the voices (McAdams coefficient ``voice_alpha``, varied per
    call; ``voice_seed`` makes it reproducible) on ``voice_channels`` of a dual-channel call.
    ``encrypt_to`` (an age X25519 public key) encrypts every output; ``retention_days``
    records in each report the date after which ``redactor purge`` deletes the outputs.

    >>> Policy(padding=0.3).padding
    0.3
    >>> Policy(padding=-1)
    Traceback (most recent call last):
    ...
    redactor.errors.ConfigError: padding must be between 0 and 5 seconds, got -1
    """

    entities: tuple[str, ...] | None = _setting(
        None,
        "detection",
        "Comma-separated entity types to redact (default: all PHI types).",
        kind="entities",
        flag="--entities",
    )
    score_threshold: float = _setting(
        0.3,
        "detection",
        "Minimum detection score for a span to be redacted.",
        kind="number",
        bounds=(0.0, 1.0),
        flag="--score-threshold",
    )
    padding: float = _setting(
        0.5,
        "beep placement",
        "Seconds of beep added before and after each PHI span.",
        kind="number",
        bounds=(0.0, 5.0),
        unit=" seconds",
        flag="--padding",
    )
    gap_reach: float = _setting(
        1.5,
        "beep placement",
        "Seconds a beep may reach across the pause before and after it, to the neighbouring words.",
        kind="number",
        bounds=(0.0, 10.0),
        unit=" seconds",
    )
    merge_gap: float = _setting(
        0.3,
        "beep placement",
        "Beeps closer than this many seconds are joined.",
        kind="number",
        bounds=(0.0, 10.0),
        unit=" seconds",
        flag="--merge-gap",
    )
    quiet_reach: float = _setting(
        0.25,
        "beep placement",
        "Seconds a beep edge that falls in a sound may move outward to the next pause.",
        kind="number",
        bounds=(0.0, 2.0),
        unit=" seconds",
    )
    pull_to_pauses: bool = _setting(
        True,
        "beep placement",
        "Padding that crosses a clear pause next to the PHI stops at that pause.",
        kind="flag",
    )
    word_alignment: bool = _setting(
        True,
        "beep placement",
        "Time the PHI words acoustically with a forced aligner (PocketSphinx, espeak-ng), "
        "so beeps can be tight where it and Whisper agree.",
        kind="flag",
        flag="--word-alignment/--no-word-alignment",
    )
    # On the development corpora (bench/README.md, "Word timing"), a tolerance of 0.2 s beeped
    # 0.1-0.8 points less than 0.15 s and found as much; 0.3 s lost an item. A padding of
    # 0.2 s lost recall on natural voices with tiny.en (b-natural-dev 0.943 against 0.959
    # with Whisper's times alone); 0.3 s found 0.955 and 0.971 on the two natural-voice
    # development corpora, for 3-4.5 points more beeped than 0.2 s and still 2-3 less than
    # without alignment. Recall comes first.
    alignment_tolerance: float = _setting(
        0.2,
        "beep placement",
        "Seconds within which the aligner's and Whisper's word edges count as agreeing.",
        kind="number",
        bounds=(0.0, 2.0),
        unit=" seconds",
        flag="--alignment-tolerance",
    )
    aligned_padding: float = _setting(
        0.3,
        "beep placement",
        "Seconds of beep added beyond an edge where the aligner and Whisper agree.",
        kind="number",
        bounds=(0.0, 5.0),
        unit=" seconds",
        flag="--aligned-padding",
    )
    beep_frequency: float = _setting(
        1000.0,
        "beep sound",
        "Beep tone in Hz.",
        kind="number",
        bounds=(20.0, 20000.0),
        unit=" Hz",
        flag="--beep-frequency",
    )
    beep_level_dbfs: float = _setting(
        -20.0,
        "beep sound",
        "Peak level of the beep tone in dBFS; a sine's RMS is 3 dB lower (-20 peak is -23 RMS).",
        kind="number",
        bounds=(-60.0, 0.0),
        unit=" dBFS",
        flag="--beep-level-dbfs",
    )
    fail_closed: FailClosedPolicy = _setting(
        "redact",
        "detection",
        "What to do with speech heard but not transcribed: beep it, or only report it.",
        kind="choice",
        choices=FAIL_CLOSED_POLICIES,
        flag="--fail-closed",
    )
    untranscribed_tolerance: float = _setting(
        0.3,
        "detection",
        "Seconds around a transcribed word within which heard speech counts as transcribed.",
        kind="number",
        bounds=(0.0, 5.0),
        unit=" seconds",
    )
    min_untranscribed: float = _setting(
        0.5,
        "detection",
        "The shortest stretch of heard but untranscribed speech, in seconds, that --fail-closed "
        "acts on.",
        kind="number",
        bounds=(0.0, 60.0),
        unit=" seconds",
    )
    channel_mode: ChannelMode = _setting(
        "split",
        "channels",
        "Stereo calls: transcribe each channel alone (split) or the mix-down (mix).",
        kind="choice",
        choices=CHANNEL_MODES,
        flag="--channel-mode",
    )
    agent_channel: int = _setting(
        0,
        "channels",
        "Which channel of a dual-channel call is the agent.",
        kind="choice",
        choices=(0, 1),
        flag="--agent-channel",
    )
    beep_all_channels: bool = _setting(
        False,
        "channels",
        "Beep PHI on every channel, not only the one where it was said.",
        kind="flag",
        flag="--beep-all-channels",
    )
    anonymize_voice: bool = _setting(
        False,
        "voice",
        "Also change the voices (McAdams method), so speakers are harder to recognize.",
        kind="flag",
        flag="--anonymize-voice",
    )
    voice_channels: VoiceChannels = _setting(
        "both",
        "voice",
        "Dual-channel calls: whose voice --anonymize-voice changes.",
        kind="choice",
        choices=VOICE_CHANNELS,
        flag="--voice-channels",
    )
    voice_alpha: float = _setting(
        0.8,
        "voice",
        "McAdams coefficient (lower changes the voice more); varied a little per call.",
        kind="number",
        bounds=(0.5, 1.5),
        flag="--voice-alpha",
    )
    voice_seed: int | None = _setting(
        None,
        "voice",
        "Make the per-call voice change reproducible.",
        kind="whole",
        flag="--voice-seed",
    )
    encrypt_to: str | None = _setting(
        None,
        "storage",
        "Encrypt every output to this age X25519 recipient (age1...).",
        kind="recipient",
        flag="--encrypt-to",
        metavar="AGE_PUBLIC_KEY",
    )
    retention_days: int | None = _setting(
        None,
        "storage",
        "Record in each report the date after which `redactor purge` deletes the outputs.",
        kind="whole",
        bounds=(1, None),
        flag="--retention-days",
    )

    def __post_init__(self) -> None:
        for name, setting in policy_settings().items():
            checked = setting.check(name, getattr(self, name))
            if name == "entities":  # a list from TOML is kept as a tuple
                object.__setattr__(self, name, checked)

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain JSON-ready values, for reports."""
        settings = asdict(self)
        settings["entities"] = list(self.entities) if self.entities is not None else None
        return settings


def policy_settings() -> dict[str, Setting]:
    """Each :class:`Policy` field's :class:`Setting`, in field order.

    >>> [name for name, s in policy_settings().items() if s.flag is None]
    ['gap_reach', 'quiet_reach', 'pull_to_pauses', 'untranscribed_tolerance', 'min_untranscribed']
    """
    return {item.name: item.metadata["setting"] for item in fields(Policy)}


def check_setting(name: str, value: object) -> object:
    """``value`` checked as the :class:`Policy` field ``name`` checks it, for code that takes
    one setting without a whole policy (the detector's entities and threshold).

    >>> check_setting("score_threshold", 0.5)
    0.5
    >>> check_setting("score_threshold", 1.5)
    Traceback (most recent call last):
    ...
    redactor.errors.ConfigError: score_threshold must be between 0 and 1, got 1.5
    """
    return policy_settings()[name].check(name, value)


def check_entities(entities: object) -> tuple[str, ...] | None:
    """Entity type names as a tuple, in the order given; ``None`` means every supported type.

    An empty list is refused, since Presidio reads it as "everything".

    >>> check_entities(["PERSON", "ID_NUMBER"])
    ('PERSON', 'ID_NUMBER')
    >>> check_entities(["PERSON", "COLOUR"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    redactor.errors.ConfigError: unknown PHI entities ['COLOUR']; supported: PERSON, ...
    """
    if entities is None:
        return None
    if isinstance(entities, str):
        raise ConfigError("entities must be a list of entity type names, not one string")
    chosen = tuple(entities) if isinstance(entities, Iterable) else None
    if chosen is None or not all(isinstance(entity, str) and entity for entity in chosen):
        raise ConfigError("entities must be a list of entity type names")
    unknown = [name for name in dict.fromkeys(chosen) if name not in DEFAULT_ENTITIES]
    if unknown:
        raise ConfigError(
            f"unknown PHI entities {unknown}; supported: {', '.join(DEFAULT_ENTITIES)}"
        )
    if not chosen:
        raise ConfigError("entities is empty; leave it unset to detect every supported entity")
    return chosen


def _check_range(name: str, value: object, low: float, high: float, unit: str = "") -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{name} must be a number, got {type(value).__name__}")
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g}{unit}, got {value}")


def policy_hash(policy: Policy, extra: Mapping[str, object] | None = None) -> str:
    """A short stable hash of the settings, to tell whether an output is up to date.

    >>> policy_hash(Policy()) == policy_hash(Policy())
    True
    """
    settings = {**policy.as_dict(), **(extra or {})}
    encoded = json.dumps(settings, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def load_policy(path: str | Path, **overrides: Any) -> Policy:
    """Read a policy from a TOML file: a ``[policy]`` table whose keys are :class:`Policy`'s
    fields. ``overrides`` (e.g. from command-line flags) win over the file.

    A missing or unreadable file, a TOML syntax error, an unknown key and a wrong type are
    all :class:`~redactor.errors.ConfigError`; nothing falls back to a default.

    >>> load_policy("does-not-exist.toml")
    Traceback (most recent call last):
    ...
    redactor.errors.ConfigError: configuration file does-not-exist.toml cannot be read: not found
    """
    source = Path(path)
    try:
        document = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigError(f"configuration file {source} cannot be read: not found") from error
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"configuration file {source} cannot be read: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"configuration file {source} is not valid TOML: {error}") from error
    unknown_tables = sorted(set(document) - {"policy"})
    if unknown_tables or "policy" not in document:
        raise ConfigError(
            f"configuration file {source} must hold one [policy] table"
            + (f"; unknown: {', '.join(unknown_tables)}" if unknown_tables else "")
        )
    settings = document["policy"]
    known = {f.name for f in fields(Policy)}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise ConfigError(
            f"unknown setting(s) in {source}: {', '.join(unknown)}; "
            f"known settings: {', '.join(sorted(known))}"
        )
    merged = {**settings, **overrides}
    if "entities" in merged and isinstance(merged["entities"], list):
        merged["entities"] = tuple(merged["entities"])
    # TOML writes 1 for 1.0; a whole number is a fine value for a float setting.
    for name in (f.name for f in fields(Policy) if f.type == "float"):
        if isinstance(merged.get(name), int) and not isinstance(merged.get(name), bool):
            merged[name] = float(merged[name])
    return Policy(**merged)
