"""The redaction policy: what counts as PHI and how it is beeped.

A policy that does not make sense is a :class:`~redactor.errors.ConfigError`, never a silent
default: a silently ignored setting can leak PHI.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Literal

from redactor.errors import ConfigError
from redactor.keys import parse_recipient

FailClosedPolicy = Literal["redact", "flag"]
FAIL_CLOSED_POLICIES: tuple[str, ...] = ("redact", "flag")
VoiceChannels = Literal["both", "agent", "caller"]
VOICE_CHANNELS: tuple[str, ...] = ("both", "agent", "caller")
ChannelMode = Literal["split", "mix"]
CHANNEL_MODES: tuple[str, ...] = ("split", "mix")


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

    entities: tuple[str, ...] | None = None
    score_threshold: float = 0.3
    padding: float = 0.5
    gap_reach: float = 1.5
    merge_gap: float = 0.3
    quiet_reach: float = 0.25
    pull_to_pauses: bool = True
    word_alignment: bool = True
    # On the development corpora (bench/README.md, "Word timing"), a tolerance of 0.2 s beeped
    # 0.1-0.8 points less than 0.15 s and found as much; 0.3 s lost an item. A padding of
    # 0.2 s lost recall on natural voices with tiny.en (b-natural-dev 0.943 against 0.959
    # with Whisper's times alone); 0.3 s found 0.955 and 0.971 on the two natural-voice
    # development corpora, for 3-4.5 points more beeped than 0.2 s and still 2-3 less than
    # without alignment. Recall comes first.
    alignment_tolerance: float = 0.2
    aligned_padding: float = 0.3
    beep_frequency: float = 1000.0
    beep_level_dbfs: float = -20.0
    fail_closed: FailClosedPolicy = "redact"
    untranscribed_tolerance: float = 0.3
    min_untranscribed: float = 0.5
    channel_mode: ChannelMode = "split"
    agent_channel: int = 0
    beep_all_channels: bool = False
    anonymize_voice: bool = False
    voice_channels: VoiceChannels = "both"
    voice_alpha: float = 0.8
    voice_seed: int | None = None
    encrypt_to: str | None = None
    retention_days: int | None = None

    def __post_init__(self) -> None:
        _check_range("score_threshold", self.score_threshold, 0.0, 1.0)
        _check_range("padding", self.padding, 0.0, 5.0, unit=" seconds")
        _check_range("gap_reach", self.gap_reach, 0.0, 10.0, unit=" seconds")
        _check_range("merge_gap", self.merge_gap, 0.0, 10.0, unit=" seconds")
        _check_range("quiet_reach", self.quiet_reach, 0.0, 2.0, unit=" seconds")
        _check_range("alignment_tolerance", self.alignment_tolerance, 0.0, 2.0, unit=" seconds")
        _check_range("aligned_padding", self.aligned_padding, 0.0, 5.0, unit=" seconds")
        _check_range("beep_frequency", self.beep_frequency, 20.0, 20000.0, unit=" Hz")
        _check_range("beep_level_dbfs", self.beep_level_dbfs, -60.0, 0.0, unit=" dBFS")
        _check_range(
            "untranscribed_tolerance", self.untranscribed_tolerance, 0.0, 5.0, unit=" seconds"
        )
        _check_range("min_untranscribed", self.min_untranscribed, 0.0, 60.0, unit=" seconds")
        if self.channel_mode not in CHANNEL_MODES:
            raise ConfigError(
                f"channel_mode must be one of {', '.join(CHANNEL_MODES)}, got {self.channel_mode!r}"
            )
        if self.agent_channel not in (0, 1) or isinstance(self.agent_channel, bool):
            raise ConfigError(f"agent_channel must be 0 or 1, got {self.agent_channel!r}")
        for flag in ("beep_all_channels", "anonymize_voice", "pull_to_pauses", "word_alignment"):
            if not isinstance(getattr(self, flag), bool):
                raise ConfigError(f"{flag} must be true or false")
        if self.voice_channels not in VOICE_CHANNELS:
            raise ConfigError(
                f"voice_channels must be one of {', '.join(VOICE_CHANNELS)}, "
                f"got {self.voice_channels!r}"
            )
        _check_range("voice_alpha", self.voice_alpha, 0.5, 1.5)
        for name in ("voice_seed", "retention_days"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ConfigError(f"{name} must be a whole number")
        if self.retention_days is not None and self.retention_days < 1:
            raise ConfigError(f"retention_days must be at least 1, got {self.retention_days}")
        if self.encrypt_to is not None:
            parse_recipient(self.encrypt_to)  # fail on a bad key before any work
        if self.fail_closed not in FAIL_CLOSED_POLICIES:
            raise ConfigError(
                f"fail_closed must be one of {', '.join(FAIL_CLOSED_POLICIES)}, "
                f"got {self.fail_closed!r}"
            )
        if self.entities is not None:
            if isinstance(self.entities, str) or not all(
                isinstance(entity, str) and entity for entity in self.entities
            ):
                raise ConfigError("entities must be a list of entity type names")
            object.__setattr__(self, "entities", tuple(self.entities))

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain JSON-ready values, for reports."""
        settings = asdict(self)
        settings["entities"] = list(self.entities) if self.entities is not None else None
        return settings


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
