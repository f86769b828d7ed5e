"""Run a batch on Ray: a pool of actors, each loading the models once, on one machine or many.

``redact_on_ray`` is the Ray counterpart of the ``--workers`` process pool in
:mod:`redactor.batch`: it takes the inputs that still need redacting and yields one
:class:`~redactor.batch.FileOutcome` per input as each finishes, so the manifest, the audit log,
resume and exit codes stay those of the plain batch.

Every actor reads its inputs and writes its outputs itself, so on a cluster **inputs and ``--out``
must lie on storage that every node mounts at the same path** (NFS, a shared volume...), and
redactor with its models must be installed on every node, in the same version. Paths are sent to
the actors as absolute paths; each actor also works in the driver's current folder where that
exists on its node, so a relative model folder resolves as it does locally.

Nothing is downloaded or reported: Ray runs with no dashboard and no usage statistics
(``RAY_USAGE_STATS_ENABLED=0``). A local Ray, like any Ray, listens on the machine's own address;
it requires a token that this process makes, keeps in its environment (never in ``~/.ray``) and
hands only to the Ray processes it starts.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from redactor.batch.outcome import FileOutcome, redact_one
from redactor.errors import ConfigError, RedactorError
from redactor.inputs import InputFile
from redactor.pipeline import Redactor, RedactorSettings
from redactor.types import OutputPaths

RAY_EXTRA_HINT = "Ray is not installed: install 'redactor[ray]' to use --ray"
# Ray keeps only small values (settings, paths, outcomes) in its object store.
LOCAL_OBJECT_STORE_BYTES = 128 * 1024 * 1024
# Set before Ray is imported or started, whatever the environment said: no usage statistics.
OFFLINE_ENVIRONMENT = {"RAY_USAGE_STATS_ENABLED": "0"}
# Given to every ray.init: warnings only, and no actor output relayed to this terminal.
_QUIET_INIT: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
_AUTH_VARIABLES = ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH")
# One token per process, whatever the number of local Rays: Ray caches the first it reads.
_LOCAL_TOKEN = secrets.token_hex(32)
# Ray says on every local start that it turned token authentication on; that is expected here.
_AUTH_LOGGER = "ray._private.authentication.authentication_token_setup"


@dataclass(frozen=True, slots=True)
class ActorPlan:
    """How many actors a batch runs and the CPUs (and CTranslate2 threads) each one gets."""

    actors: int
    cpus: int
    gpus: int


def plan_actors(nodes: Sequence[tuple[float, float]], workers: int, gpu: bool) -> ActorPlan:
    """Fit up to ``workers`` actors onto nodes of ``(cpus, gpus)``, giving each the most CPUs
    with which they all still fit (one GPU each when ``gpu``). Never more actors than CPUs, so
    no actor waits forever for a place.

    >>> plan_actors([(8, 0)], workers=2, gpu=False)
    ActorPlan(actors=2, cpus=4, gpus=0)
    >>> plan_actors([(4, 0), (2, 0)], workers=2, gpu=False)  # 3 each would not fit the small node
    ActorPlan(actors=2, cpus=2, gpus=0)
    >>> plan_actors([(2, 0)], workers=5, gpu=False)
    ActorPlan(actors=2, cpus=1, gpus=0)
    >>> plan_actors([(16, 1), (16, 0)], workers=4, gpu=True)
    ActorPlan(actors=1, cpus=16, gpus=1)
    """

    def places(share: int) -> int:
        return sum(
            min(int(cpus // share), int(gpus)) if gpu else int(cpus // share)
            for cpus, gpus in nodes
        )

    actors = min(max(1, workers), places(1))
    if actors < 1:
        need = "a GPU and a CPU" if gpu else "a CPU"
        raise ConfigError(f"the Ray cluster has no node with {need} free for a redactor")
    most = max(int(cpus) for cpus, _ in nodes)
    share = max(s for s in range(1, most + 1) if places(s) >= actors)
    return ActorPlan(actors, share, 1 if gpu else 0)


class RedactorActor:
    """One Ray actor: builds a :class:`~redactor.Redactor` once, then redacts file after file.

    Used through Ray only (``ray.remote(RedactorActor)``); a plain object works the same way,
    which is what the example shows.

    >>> actor = RedactorActor(RedactorSettings(cpu_threads=1), os.getcwd())  # doctest: +SKIP
    >>> actor.ready() is None  # doctest: +SKIP
    True
    """

    def __init__(self, settings: RedactorSettings, cwd: str) -> None:
        if os.path.isdir(cwd):
            os.chdir(cwd)
        self._redactor: Redactor | None = None
        self._error: RedactorError | None = None
        try:
            self._redactor = settings.build()
        except RedactorError as error:  # a bad model or option: reported once, by ready()
            self._error = error

    def ready(self) -> RedactorError | None:
        """``None`` once the models are loaded, or the error that stopped them loading."""
        return self._error

    def redact(self, item: InputFile, out: Path) -> FileOutcome:
        """Redact one input into ``out``: :func:`redactor.batch.redact_one`, run here."""
        if self._redactor is None:
            return FileOutcome(item, "failed", error=str(self._error))
        return redact_one(self._redactor, item, out)


def redact_on_ray(
    settings: RedactorSettings,
    items: Sequence[InputFile],
    out: Path,
    *,
    address: str | None,
    workers: int,
    num_cpus: int | None = None,
) -> Iterator[FileOutcome]:
    """Redact ``items`` into ``out`` on a pool of Ray actors, yielding outcomes as they finish.

    With ``address=None`` a local Ray is started for the batch (``num_cpus`` CPUs, default all)
    and shut down after it; with an address (``"auto"``, ``"HOST:6379"``, ``"ray://HOST:10001"``)
    the batch joins that cluster and only disconnects from it. A Ray the caller already
    started is used as it is and left running. Up to ``workers`` actors run, each building the
    models once with its share of the CPUs as ``cpu_threads``; ``settings.device == "cuda"``
    gives each actor one GPU as well, any other device runs on CPUs. Actors wait for free CPUs
    on a busy cluster, and the batch waits for them.

    An actor that dies (killed, out of memory, a lost node) fails only the file it held, with
    a one-line error; a fresh actor takes its place for the rest. A model or option that does
    not load raises its :class:`~redactor.errors.RedactorError` before any file is redacted.
    Output directories must exist already (``run_batch`` makes them).

    >>> from redactor.inputs import find_inputs
    >>> outcomes = redact_on_ray(RedactorSettings(), find_inputs(["calls"]), Path("out"),
    ...                          address=None, workers=2)  # doctest: +SKIP
    >>> sorted(o.status for o in outcomes)  # doctest: +SKIP
    ['failed', 'redacted', 'redacted']
    """
    if not items:
        return
    ray = _import_ray()
    with contextlib.ExitStack() as cleanup:  # undone in reverse: actors, Ray, environment
        if not ray.is_initialized():
            _start_or_join(ray, address, settings, num_cpus, cleanup)
        actors: list[Any] = []
        cleanup.callback(_kill_all, ray, actors)
        yield from _run_pool(ray, settings, items, out, workers, actors)


def _start_or_join(
    ray: Any,
    address: str | None,
    settings: RedactorSettings,
    num_cpus: int | None,
    cleanup: contextlib.ExitStack,
) -> None:
    """Start a local Ray (``address=None``) or join a cluster; ``cleanup`` shuts it down."""
    try:
        if address is None:
            cleanup.enter_context(_local_token())
            ray.init(
                address="local",
                num_cpus=num_cpus or os.cpu_count() or 1,
                num_gpus=None if settings.device == "cuda" else 0,
                include_dashboard=False,
                object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                **_QUIET_INIT,
            )
        else:
            ray.init(address=address, **_QUIET_INIT)
    except Exception as error:  # Ray's own errors span many lines and classes
        where = "start a local Ray" if address is None else f"join the Ray cluster at {address}"
        raise ConfigError(f"cannot {where}: {_first_line(error)}") from error
    cleanup.callback(ray.shutdown)


@contextlib.contextmanager
def _local_token() -> Iterator[None]:
    """Token authentication for a local Ray, with this process's own token, kept in the
    environment (which Ray's processes inherit) rather than written to ``~/.ray``."""
    if any(name in os.environ for name in _AUTH_VARIABLES):
        yield  # the user chose how to authenticate
        return
    os.environ["RAY_AUTH_TOKEN"] = _LOCAL_TOKEN  # Ray then turns RAY_AUTH_MODE to "token"
    try:
        yield
    finally:
        for name in _AUTH_VARIABLES:
            os.environ.pop(name, None)


def _run_pool(
    ray: Any,
    settings: RedactorSettings,
    items: Sequence[InputFile],
    out: Path,
    workers: int,
    actors: list[Any],
) -> Iterator[FileOutcome]:
    """Feed the items to a pool of actors, one at a time each; ``actors`` collects them all."""
    nodes = [
        (node["Resources"].get("CPU", 0.0), node["Resources"].get("GPU", 0.0))
        for node in ray.nodes()
        if node.get("Alive")
    ]
    plan = plan_actors(nodes, workers, gpu=settings.device == "cuda")
    actor_class = ray.remote(num_cpus=plan.cpus, num_gpus=plan.gpus)(RedactorActor)
    actor_settings = replace(settings, cpu_threads=plan.cpus)
    cwd = os.getcwd()

    def new_actor() -> Any:
        actor = actor_class.remote(actor_settings, cwd)
        actors.append(actor)
        return actor

    pool = [new_actor() for _ in range(plan.actors)]
    _wait_until_loaded(ray, pool)
    shared_out = out.absolute()
    queue = list(reversed(items))
    running: dict[Any, tuple[int, InputFile]] = {}

    def submit(slot: int) -> None:
        item = queue.pop()
        shared = InputFile(item.path.absolute(), item.relative)
        running[pool[slot].redact.remote(shared, shared_out)] = (slot, item)

    for slot in range(min(len(pool), len(queue))):
        submit(slot)
    while running:
        [done], _ = ray.wait(list(running), num_returns=1)
        slot, item = running.pop(done)
        try:
            outcome = _localize(ray.get(done), item, out, shared_out)
        except ray.exceptions.RayError as error:  # only this file is lost
            outcome = FileOutcome(item, "failed", error=f"worker failed ({_name(error)})")
            if isinstance(error, ray.exceptions.RayActorError):
                with contextlib.suppress(Exception):  # most likely gone already
                    ray.kill(pool[slot], no_restart=True)
                pool[slot] = new_actor()
        yield outcome
        if queue:
            submit(slot)


def _kill_all(ray: Any, actors: list[Any]) -> None:
    for actor in actors:
        with contextlib.suppress(Exception):  # already gone, or Ray is shutting down
            ray.kill(actor, no_restart=True)


def _import_ray() -> Any:
    os.environ.update(OFFLINE_ENVIRONMENT)
    try:
        import ray
    except ImportError as error:
        raise ConfigError(RAY_EXTRA_HINT) from error
    logging.getLogger(_AUTH_LOGGER).setLevel(logging.ERROR)
    return ray


def _wait_until_loaded(ray: Any, pool: list[Any]) -> None:
    """Block until every actor has its models; raise the first loading error there was."""
    try:
        errors = ray.get([actor.ready.remote() for actor in pool])
    except ray.exceptions.RayError as died:
        reason = _name(died)
        raise RedactorError(f"a Ray worker died while loading the models ({reason})") from None
    for error in errors:
        if error is not None:
            raise error


def _localize(outcome: FileOutcome, item: InputFile, out: Path, shared_out: Path) -> FileOutcome:
    """The outcome as the plain batch has it: the caller's input and paths under ``out``."""
    result = outcome.result
    if result is not None:
        local = (out / path.relative_to(shared_out) for path in result.outputs.files())
        result = replace(result, input=item.path, outputs=OutputPaths(*local))
    return replace(outcome, input=item, result=result)


def _name(error: BaseException) -> str:
    """The error's class name, without Ray's long, multi-line message."""
    return type(error).__name__


def _first_line(error: BaseException) -> str:
    """The first line of the error's message, for a one-line report."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
