"""The ``redactor`` command. Each command parses options and calls the same-named API.

A :class:`~redactor.errors.RedactorError` becomes one line on stderr and an exit code, never a
traceback. Exit codes: 0 all inputs redacted (or skipped as up to date), 1 some failed, 2 usage
or configuration error, 3 no recordings found in the inputs, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click
from click.core import ParameterSource

# Only light modules here: the batch, the pipeline and the audio I/O (faster-whisper, spaCy,
# Presidio, PyAV) are imported by the commands that run them, so that --help is quick.
from redactor.config import SECTIONS, Policy, Setting, load_policy, policy_settings
from redactor.errors import EncryptedBatchError, NoRecordingsError, RedactorError
from redactor.models import DEFAULT_MODEL, available_models

if TYPE_CHECKING:
    from redactor.batch import BatchSummary, FileOutcome

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_NO_RECORDINGS = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a program stopped by Ctrl-C


class _UsageError(click.ClickException):
    exit_code = EXIT_USAGE


class _NoRecordings(click.ClickException):
    exit_code = EXIT_NO_RECORDINGS


class _Commands(click.Group):
    """Ctrl-C anywhere (loading models, say) is one line and exit 130, never a traceback or
    click's "Aborted!" with exit 1, which a job would take for failed files."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="redactor")
def cli() -> None:
    """Remove PHI from call recordings: transcribe, detect, beep. Runs offline."""


class _Option(click.Option):
    """An option shown under a section of ``--help`` (``None``: the general "Options")."""

    def __init__(self, *args: Any, section: str | None = None, **attrs: Any) -> None:
        super().__init__(*args, **attrs)
        self.section = section


class _SectionedCommand(click.Command):
    """A command whose ``--help`` lists its options by section, the policy's in
    :data:`~redactor.config.SECTIONS` order, then the settings only a --config file sets."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for parameter in self.get_params(ctx):
            record = parameter.get_help_record(ctx)
            if record is not None and isinstance(parameter, click.Option):
                section = getattr(parameter, "section", None) or "options"
                sections.setdefault(section, []).append(record)
        for title in ("options", "transcription", *SECTIONS):
            if title in sections:
                with formatter.section(title.capitalize()):
                    formatter.write_dl(sections.pop(title))
        assert not sections, f"options in unknown --help sections: {sorted(sections)}"
        file_only = [name for name, setting in policy_settings().items() if setting.flag is None]
        with formatter.section("Set only in a --config file"):
            formatter.write_text(", ".join(file_only) + " (see redactor.Policy).")


def _policy_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add an option for each :class:`~redactor.config.Policy` setting that has a flag, in
    field order, its name, default, help, type and section taken from the setting."""
    for name, setting in reversed(policy_settings().items()):
        if setting.flag is not None:
            option = click.option(
                setting.flag, name, cls=_Option, section=setting.section, help=setting.help,
                **_option_details(setting),
            )  # fmt: skip
            command = option(command)
    return command


def _option_details(setting: Setting) -> dict[str, Any]:
    """The click type, default and display of a setting's option. Numbers are plain floats
    here: the policy's own check gives the one error message for a value out of bounds."""
    if setting.kind == "flag" and "/" not in str(setting.flag):
        assert setting.default is False, "a lone flag can only turn a setting on"
        return {"is_flag": True}
    details: dict[str, Any] = {"default": setting.default, "metavar": setting.metavar}
    if setting.default is not None and setting.kind != "entities":
        details["show_default"] = True
    if setting.kind == "number":
        details["type"] = float
    elif setting.kind == "whole":
        details["type"] = int
    elif setting.kind == "choice" and all(isinstance(choice, int) for choice in setting.choices):
        numbers = [int(choice) for choice in setting.choices]
        assert numbers == list(range(numbers[0], numbers[-1] + 1)), "choices make a range"
        details["type"] = click.IntRange(numbers[0], numbers[-1])
    elif setting.kind == "choice":
        details["type"] = click.Choice(tuple(str(choice) for choice in setting.choices))
    return details


@cli.command(cls=_SectionedCommand)
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
    cls=_Option,
    section="transcription",
    default=DEFAULT_MODEL,
    show_default=True,
    help="Built-in model name (see `redactor models`) or a model folder.",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path),
    default=None,
    help="TOML policy file with a [policy] table; flags given on the command line win.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel processes, each loading the models once. Default: one, and one more per "
    "10 minutes of audio in the batch, at most one per CPU core and 4 (a small batch does not "
    "repay another model load).",
)
@click.option("--force", is_flag=True, help="Redo inputs whose outputs are already up to date.")
@click.option(
    "--shard",
    default=None,
    help="Process slice I/N of the inputs; N alone takes I from $JOB_COMPLETION_INDEX.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print a machine-readable summary on stdout instead of per-file lines.",
)
@click.option(
    "--ray",
    "ray",
    default=None,
    is_flag=False,
    flag_value="",
    metavar="[ADDRESS]",
    help="Run on a Ray cluster (a local one without ADDRESS), --workers actors; needs "
    "redactor[ray] and the same input and output paths on every node.",
)
@click.option(
    "--review",
    "with_review",
    is_flag=True,
    help="Also write OUT/review.html, a QA page built from the outputs.",
)
@click.option(
    "--group-readable",
    is_flag=True,
    help="Write outputs 0640 / folders 0750 instead of owner-only 0600 / 0700.",
)
@_policy_options
@click.option(
    "--verify",
    cls=_Option,
    section="transcription",
    is_flag=True,
    help="Re-transcribe each redacted file and fail it if PHI is still heard.",
)
@click.option(
    "--verify-model",
    cls=_Option,
    section="transcription",
    default=None,
    help="Whisper model of --verify's second listen (default: --model's); base catches more "
    "PHI left audible for twice the CPU (bench/README.md).",
)
@click.option(
    "--device",
    cls=_Option,
    section="transcription",
    default="cpu",
    show_default=True,
    help="cpu or cuda.",
)
@click.option(
    "--compute-type",
    cls=_Option,
    section="transcription",
    default="int8",
    show_default=True,
    help="CTranslate2 compute type (int8, float16, float32...).",
)
@click.option(
    "--beam-size",
    cls=_Option,
    section="transcription",
    type=int,
    default=1,
    show_default=True,
    help="Whisper beam size (1 is greedy and fastest).",
)
@click.option(
    "--batch-size",
    cls=_Option,
    section="transcription",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help=(
        "Transcribe this many VAD chunks at once: faster on a GPU, but the words change "
        "(bench/README.md, On a GPU)."
    ),
)
def redact(
    inputs: tuple[Path, ...],
    out_dir: Path,
    model: str,
    config: Path | None,
    verify: bool,
    verify_model: str | None,
    workers: int | None,
    force: bool,
    shard: str | None,
    as_json: bool,
    ray: str | None,
    with_review: bool,
    group_readable: bool,
    device: str,
    compute_type: str,
    beam_size: int,
    batch_size: int,
    **policy_flags: Any,
) -> None:
    """Redact recordings (files, or folders searched recursively) into --out.

    Writes OUT/manifest.jsonl and appends to OUT/audit.jsonl. Exit code 0 when every input was
    redacted (or skipped as up to date), 1 when some failed, 2 on a usage or configuration
    error, 3 when the inputs hold no recording, 130 when interrupted (Ctrl-C).
    """
    from redactor.batch import (
        BatchInterrupted,
        auto_workers,
        estimate_audio_seconds,
        run_batch,
    )
    from redactor.inputs import Shard, check_out_dir, require_recordings
    from redactor.pipeline import Redactor, RedactorSettings

    context = click.get_current_context()
    given = {
        name: value
        for name, value in policy_flags.items()
        if context.get_parameter_source(name) is ParameterSource.COMMANDLINE
    }
    if "entities" in given:
        given["entities"] = tuple(e.strip() for e in given["entities"].split(",") if e.strip())
    try:
        check_out_dir(inputs, out_dir)
        if with_review:
            from redactor.review import require_review_extra

            require_review_extra()  # before hours of redaction, not after
        policy = load_policy(config, **given) if config is not None else Policy(**given)
        if with_review and policy.encrypt_to is not None:
            raise _UsageError(_ENCRYPTED_REVIEW.format(out=out_dir))
        chosen_shard = Shard.parse(shard) if shard is not None else None
        files = require_recordings(inputs)
        total = len(chosen_shard.select(files)) if chosen_shard else len(files)
        if workers is None:
            selected = chosen_shard.select(files) if chosen_shard else files
            workers = auto_workers(estimate_audio_seconds([item.path for item in selected]))
        settings = RedactorSettings(
            model, policy, device, compute_type, beam_size=beam_size, verify=verify,
            batch_size=batch_size, verify_model=verify_model,
        )  # fmt: skip
        # Load the models here first, so a bad model or option is one usage error up front
        # rather than a failure in every worker.
        loaded = settings.build()
        ray_address: str | None | Literal[False] = False if ray is None else (ray or None)
        parallel = workers > 1 or ray_address is not False
        redactor: Redactor | RedactorSettings = settings if parallel else loaded
        if parallel:
            del loaded
        with _Progress(total, quiet=as_json) as progress:
            summary = run_batch(
                redactor, inputs, out_dir, force=force, shard=chosen_shard, workers=workers,
                private=not group_readable, ray_address=ray_address,
                on_outcome=progress.update,
            )  # fmt: skip
    except BatchInterrupted as interrupted:
        click.echo(f"interrupted: {_counts(interrupted.summary)} before it stopped", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except NoRecordingsError as error:
        raise _NoRecordings(str(error)) from error
    except RedactorError as error:
        raise _UsageError(str(error)) from error
    except OSError as error:  # the output folder itself cannot be written
        raise _UsageError(f"cannot write to {out_dir}: {error.strerror}") from error

    counts = summary.as_dict()
    if chosen_shard is not None and total == 0:
        click.echo(
            f"shard {chosen_shard.index}/{chosen_shard.count} has no inputs "
            f"({len(files)} recordings for {chosen_shard.count} shards)",
            err=True,
        )
    click.echo(_counts(summary), err=True)
    for outcome in summary.outcomes:
        if outcome.result is not None and outcome.result.warning is not None:
            click.echo(f"warning: {outcome.input.relative}: {outcome.result.warning}", err=True)
    for outcome in summary.failed:
        click.echo(f"failed: {outcome.input.relative}: {outcome.error}", err=True)
    if with_review:
        from redactor.review import build_review

        click.echo(f"review page: {build_review(out_dir)}", err=True)
    if as_json:
        click.echo(json.dumps(counts, indent=2))
    sys.exit(EXIT_SOME_FAILED if summary.failed else EXIT_OK)


_ENCRYPTED_REVIEW = (
    "{out} holds an encrypted batch, and the review page plays audio it cannot decrypt: run "
    "`redactor decrypt {out} --identity KEYFILE --to DEST`, then `redactor review DEST`"
)


def _counts(summary: BatchSummary) -> str:
    counts = summary.as_dict()
    return (
        f"{counts['redacted']} redacted, {counts['skipped']} skipped, {counts['failed']} failed; "
        f"manifest: {summary.manifest}"
    )


class _Progress:
    """A progress bar on a terminal; one plain line per file otherwise."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self._quiet = quiet
        self._audio_seconds = 0.0
        self._bar: Any = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()

    def update(self, outcome: FileOutcome) -> None:
        if outcome.result is not None:
            self._audio_seconds += outcome.result.duration
        # Why a file was redone or moved goes to stderr whatever the mode: a job acts on it.
        warning = (
            f"{outcome.input.relative.as_posix()}: {outcome.note}"
            if outcome.note and outcome.status != "skipped"
            else None
        )
        if self._bar is not None:
            self._bar.set_postfix(audio_h=f"{self._audio_seconds / 3600:.2f}", refresh=False)
            self._bar.update(1)
            if warning:
                self._bar.write(warning, file=sys.stderr)
            if outcome.status == "failed":
                self._bar.write(f"failed {outcome.input.relative}: {outcome.error}")
            return
        if warning:
            click.echo(warning, err=True)
        if not self._quiet:
            _print_outcome(outcome)


def _print_outcome(outcome: FileOutcome) -> None:
    if outcome.result is not None:
        result = outcome.result
        click.echo(
            f"redacted {outcome.input.relative}: {len(result.redactions)} redactions, "
            f"{result.redacted_seconds:.1f} of {result.duration:.1f} s beeped"
        )
    elif outcome.status == "skipped":
        click.echo(f"skipped {outcome.input.relative}: {outcome.note or 'up to date'}")
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
    "models",
    multiple=True,
    default=(DEFAULT_MODEL,),
    show_default=True,
    help="Built-in model name or a model folder; repeat to score redactor with each model "
    "(--model tiny.en --model base).",
)
@click.option(
    "--baseline/--no-baseline",
    default=True,
    show_default=True,
    help="Also score plain Presidio defaults with word-exact beeps, on the first model's words.",
)
@click.option("--verify", is_flag=True, help="Run redactor with --verify.")
def evaluate(
    corpus: Path, out_dir: Path, models: tuple[str, ...], baseline: bool, verify: bool
) -> None:
    """Score redaction on the audio of a synthetic corpus with gold PHI timings (gold.json)."""
    from redactor.evaluate import (
        CachingTranscriber,
        evaluate_corpus,
        evaluation_systems,
        format_table,
    )
    from redactor.inputs import check_out_dir
    from redactor.models import resolve_model
    from redactor.transcribe import WhisperTranscriber

    try:
        check_out_dir([corpus], out_dir)
        transcribers = [
            CachingTranscriber(WhisperTranscriber(resolve_model(model))) for model in models
        ]
        systems = evaluation_systems(transcribers, baseline=baseline, verify=verify)
        summaries = evaluate_corpus(systems, corpus, out_dir)
    except (RedactorError, OSError, KeyError, ValueError) as error:
        raise _UsageError(f"cannot evaluate {corpus}: {error}") from error
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "eval.json").write_text(json.dumps(summaries, indent=2) + "\n")
    click.echo(format_table(summaries))
    click.echo(f"details: {out_dir / 'eval.json'}")


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False))
def review(out_dir: Path) -> None:
    """Write OUT/review.html: a static QA page of a batch, built from the redacted outputs only.

    An encrypted batch (--encrypt-to) is refused with exit code 2: decrypt it to another folder
    with `redactor decrypt` and review that copy.
    """
    from redactor.review import build_review

    try:
        page = build_review(out_dir)
    except FileNotFoundError as error:
        raise _UsageError(f"{out_dir} holds no batch manifest to review") from error
    except EncryptedBatchError as error:
        raise _UsageError(_ENCRYPTED_REVIEW.format(out=out_dir)) from error
    except RedactorError as error:
        raise _UsageError(str(error)) from error
    click.echo(f"review page: {page}")


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--identity",
    "identity_file",
    required=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="File holding the age identity (AGE-SECRET-KEY-...); never the key itself.",
)
@click.option(
    "--to",
    "destination",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write the decrypted outputs to, mirroring OUT.",
)
def decrypt(out_dir: Path, identity_file: Path, destination: Path) -> None:
    """Decrypt the .age outputs of a batch written with --encrypt-to, and copy its manifest,
    so that DEST can be reviewed (`redactor review DEST`)."""
    from redactor.batch import copy_manifests_decrypted
    from redactor.storage import decrypt_tree

    try:
        restored = decrypt_tree(out_dir, identity_file.read_text(encoding="utf-8"), destination)
        manifests = copy_manifests_decrypted(out_dir, destination)
    except (RedactorError, OSError) as error:
        raise _UsageError(f"cannot decrypt {out_dir}: {error}") from error
    click.echo(
        f"decrypted {len(restored)} files into {destination}"
        + (f" (with its manifest: `redactor review {destination}` shows it)" if manifests else "")
    )


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--expired",
    is_flag=True,
    required=True,
    help="Select outputs whose retention date has passed (the only selection).",
)
@click.option("--yes", is_flag=True, help="Delete them; without it, only list them (dry run).")
def purge(out_dir: Path, expired: bool, yes: bool) -> None:
    """List, then with --yes delete, outputs past their retention date. Never touches inputs."""
    from datetime import date

    from redactor.storage import expired_outputs
    from redactor.storage import purge as delete

    try:
        paths = expired_outputs(out_dir, date.today())
        for path in paths:
            click.echo(f"{'deleting' if yes else 'would delete'} {path}")
        if yes:
            delete(paths, out_dir)
    except (RedactorError, OSError) as error:
        raise _UsageError(f"cannot purge {out_dir}: {error}") from error
    click.echo(f"{len(paths)} expired files {'deleted' if yes else 'found (dry run: add --yes)'}")


@cli.command()
def models() -> None:
    """List the built-in Whisper models and whether each is installed."""
    for name, description in available_models().items():
        click.echo(f"{name}\t{description}")


def main() -> None:
    """Entry point of the ``redactor`` console script."""
    cli(prog_name="redactor")
