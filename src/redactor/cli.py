"""The ``redactor`` command. Each command parses options and calls the same-named API.

A :class:`~redactor.errors.RedactorError` becomes one line on stderr and an exit code, never a
traceback. Exit codes: 0 all inputs redacted, 1 some failed, 2 usage or configuration error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from redactor.batch import FileOutcome, check_out_dir, run_batch
from redactor.config import (
    CHANNEL_MODES,
    FAIL_CLOSED_POLICIES,
    ChannelMode,
    FailClosedPolicy,
    Policy,
)
from redactor.errors import RedactorError
from redactor.models import DEFAULT_MODEL, available_models

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
_DEFAULTS = Policy()


class _UsageError(click.ClickException):
    exit_code = EXIT_USAGE


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="redactor")
def cli() -> None:
    """Remove PHI from call recordings: transcribe, detect, beep. Runs offline."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for redacted audio, transcripts, reports and manifest.jsonl.",
)
@click.option(
    "--model",
    default=DEFAULT_MODEL,
    show_default=True,
    help="Built-in model name (see `redactor models`) or a model folder.",
)
@click.option(
    "--entities",
    default=None,
    help="Comma-separated entity types to redact (default: all PHI types).",
)
@click.option(
    "--score-threshold",
    type=float,
    default=_DEFAULTS.score_threshold,
    show_default=True,
    help="Minimum detection score for a span to be redacted.",
)
@click.option(
    "--padding",
    type=float,
    default=_DEFAULTS.padding,
    show_default=True,
    help="Seconds of beep added before and after each PHI span.",
)
@click.option(
    "--merge-gap",
    type=float,
    default=_DEFAULTS.merge_gap,
    show_default=True,
    help="Beeps closer than this many seconds are joined.",
)
@click.option(
    "--beep-frequency",
    type=float,
    default=_DEFAULTS.beep_frequency,
    show_default=True,
    help="Beep tone in Hz.",
)
@click.option(
    "--fail-closed",
    type=click.Choice(FAIL_CLOSED_POLICIES),
    default=_DEFAULTS.fail_closed,
    show_default=True,
    help="What to do with speech heard but not transcribed: beep it, or only report it.",
)
@click.option(
    "--channel-mode",
    type=click.Choice(CHANNEL_MODES),
    default=_DEFAULTS.channel_mode,
    show_default=True,
    help="Stereo calls: transcribe each channel alone (split) or the mix-down (mix).",
)
@click.option(
    "--agent-channel",
    type=click.IntRange(0, 1),
    default=_DEFAULTS.agent_channel,
    show_default=True,
    help="Which channel of a dual-channel call is the agent.",
)
@click.option(
    "--beep-all-channels",
    is_flag=True,
    help="Beep PHI on every channel, not only the one where it was said.",
)
@click.option(
    "--verify",
    is_flag=True,
    help="Re-transcribe each redacted file and fail it if PHI is still heard.",
)
@click.option("--device", default="cpu", show_default=True, help="cpu or cuda.")
@click.option(
    "--compute-type",
    default="int8",
    show_default=True,
    help="CTranslate2 compute type (int8, float16, float32...).",
)
@click.option(
    "--beam-size",
    type=int,
    default=1,
    show_default=True,
    help="Whisper beam size (1 is greedy and fastest).",
)
def redact(
    inputs: tuple[Path, ...],
    out_dir: Path,
    model: str,
    entities: str | None,
    score_threshold: float,
    padding: float,
    merge_gap: float,
    beep_frequency: float,
    fail_closed: FailClosedPolicy,
    channel_mode: ChannelMode,
    agent_channel: int,
    beep_all_channels: bool,
    verify: bool,
    device: str,
    compute_type: str,
    beam_size: int,
) -> None:
    """Redact recordings (files, or folders searched recursively) into --out."""
    from redactor.pipeline import Redactor  # heavy imports only for commands that need them

    try:
        check_out_dir(inputs, out_dir)
        policy = Policy(
            entities=tuple(e.strip() for e in entities.split(",") if e.strip())
            if entities is not None
            else None,
            score_threshold=score_threshold,
            padding=padding,
            merge_gap=merge_gap,
            beep_frequency=beep_frequency,
            fail_closed=fail_closed,
            channel_mode=channel_mode,
            agent_channel=agent_channel,
            beep_all_channels=beep_all_channels,
        )
        redactor = Redactor(
            model,
            policy=policy,
            device=device,
            compute_type=compute_type,
            beam_size=beam_size,
            verify=verify,
        )
        summary = run_batch(redactor, inputs, out_dir, on_outcome=_print_outcome)
    except RedactorError as error:
        raise _UsageError(str(error)) from error

    failed = summary.failed
    click.echo(
        f"{len(summary.redacted)} redacted, {len(failed)} failed; manifest: {summary.manifest}",
        err=True,
    )
    for outcome in failed:
        click.echo(f"failed: {outcome.input.path}: {outcome.error}", err=True)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def _print_outcome(outcome: FileOutcome) -> None:
    if outcome.result is not None:
        result = outcome.result
        click.echo(
            f"redacted {outcome.input.relative}: {len(result.redactions)} redactions, "
            f"{result.redacted_seconds:.1f} of {result.duration:.1f} s beeped"
        )
    else:
        click.echo(f"{outcome.status} {outcome.input.relative}: {outcome.error}")


@cli.command("eval")
@click.argument("corpus", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for each system's outputs and eval.json.",
)
@click.option(
    "--model",
    default=DEFAULT_MODEL,
    show_default=True,
    help="Built-in model name or a model folder.",
)
@click.option(
    "--baseline/--no-baseline",
    default=True,
    show_default=True,
    help="Also score plain Presidio defaults with word-exact beeps, on the same words.",
)
@click.option("--verify", is_flag=True, help="Run redactor with --verify.")
def evaluate(corpus: Path, out_dir: Path, model: str, baseline: bool, verify: bool) -> None:
    """Score redaction on the audio of a synthetic corpus with gold PHI timings (gold.json)."""
    import json

    from redactor.evaluate import (
        CachingTranscriber,
        PresidioDefaultsDetector,
        evaluate_corpus,
        format_table,
    )
    from redactor.models import resolve_model
    from redactor.pipeline import Redactor
    from redactor.transcribe import WhisperTranscriber

    try:
        check_out_dir([corpus], out_dir)
        transcriber = CachingTranscriber(WhisperTranscriber(resolve_model(model)))
        systems = {"redactor": Redactor(transcriber=transcriber, verify=verify)}
        if baseline:
            systems["presidio_defaults"] = Redactor(
                transcriber=transcriber,
                detector=PresidioDefaultsDetector(),
                policy=Policy(padding=0.0, merge_gap=0.0, fail_closed="flag"),
            )
        summaries = evaluate_corpus(systems, corpus, out_dir)
    except (RedactorError, OSError, KeyError, ValueError) as error:
        raise _UsageError(f"cannot evaluate {corpus}: {error}") from error
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "eval.json").write_text(json.dumps(summaries, indent=2) + "\n")
    click.echo(format_table(summaries))
    click.echo(f"details: {out_dir / 'eval.json'}")


@cli.command()
def models() -> None:
    """List the built-in Whisper models and whether each is installed."""
    for name, description in available_models().items():
        click.echo(f"{name}\t{description}")


def main() -> None:
    """Entry point of the ``redactor`` console script."""
    cli(prog_name="redactor")
