"""Rendering in a worker process that is killed at the deadline, under a memory limit.

The sandbox (rendering.py, template_limits.py) watches the clock between steps and sizes every
operation that can grow a value, but a thread cannot be stopped from outside in CPython: one step
that runs long in C code (`(((10**64)**64)**64)**64` ran for minutes) ignored the 120 s deadline
(issue 12). So documents are rendered in a separate process, which the caller kills when the
deadline plus a grace period passes, and which limits its own address space (RLIMIT_AS, POSIX
only) so that whatever escapes the size checks ends in a MemoryError instead of the machine's swap.

One worker is started on first use and kept: the GUI renders many documents, and a fresh
process costs the interpreter's start and the renderers' imports (~0.5 s) each time. The worker
reports "ready" after those imports, and only then does the deadline start counting. A worker
that was killed or died is replaced at the next use; two renders at once get two workers.

The 'spawn' start method behaves the same on Windows, Linux and in the pyinstaller bundle (whose
entry point calls multiprocessing.freeze_support(), see __main__.py), and, unlike fork, is safe
from a process that runs Qt threads. Only the call's arguments and result cross the pipe: the
template and the output are files.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import sys
import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from unionbook.domain.errors import InputError, UnionbookError

if TYPE_CHECKING:
    from unionbook.fileio.rendering import RenderLimits

log = logging.getLogger(__name__)

#: Address space a worker may use (POSIX): the renderers need a few hundred MB for a big ledger.
MEMORY_LIMIT = 4 << 30
#: Seconds after the template's own deadline before the worker is killed from outside.
GRACE = 5.0
#: Seconds a new worker may take to start (interpreter, docxtpl, openpyxl).
START_TIMEOUT = 60.0
#: Modules a worker imports before it reports ready.
_PRELOAD = ("unionbook.fileio.docx_render", "unionbook.fileio.xlsx_render")

_lock = threading.Condition()
_idle: list[_Worker] = []
_starting = 0  # workers being started in the background by prestart_soon()


class WorkerUnavailable(Exception):
    """No worker process could be started (the caller may render in-process instead)."""


class _Gone(Exception):
    """The worker died, or was killed because it ran past the deadline."""

    def __init__(self, overdue: bool) -> None:
        super().__init__("overdue" if overdue else "died")
        self.overdue = overdue


# ------------------------------------------------------------------------------ the worker side


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no RLIMIT_AS (the size checks and the deadline still hold)
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _quiet() -> None:
    """A worker prints nothing: the command line promises one line per message."""
    warnings.simplefilter("ignore")
    with contextlib.suppress(OSError, AttributeError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
                os.dup2(devnull, stream.fileno())


def _serve(connection: Any, memory_limit: int) -> None:
    """The worker's loop: (target, args, kwargs) in, ("ok", result) or an error out."""
    _quiet()
    _limit_memory(memory_limit)
    for module in _PRELOAD:
        importlib.import_module(module)
    connection.send(("ready", os.getpid()))
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if request is None:
            return
        target, args, kwargs = request
        try:
            module, function = target.split(":")
            reply: tuple[str, Any] = ("ok", getattr(importlib.import_module(module), function)(*args, **kwargs))
        except UnionbookError as exc:  # carried as class + parameters: its __init__ takes keywords
            reply = ("unionbook", (type(exc), exc.params))
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the caller
            reply = ("raise", exc)
        try:
            connection.send(reply)
        except Exception as exc:  # an unpicklable result or exception
            connection.send(("raise", RuntimeError(f"{type(exc).__name__}: {exc}")))


# ------------------------------------------------------------------------------ the caller side


class _Worker:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, MEMORY_LIMIT), name="unionbook-render", daemon=True
        )
        try:
            self.process.start()
        except Exception as exc:
            raise WorkerUnavailable(str(exc)) from exc
        finally:
            child.close()
        try:
            ready = self.connection.poll(START_TIMEOUT) and self.connection.recv()
        except (EOFError, OSError):
            ready = None
        if not ready or ready[0] != "ready":
            self.kill()
            raise WorkerUnavailable(f"the render worker did not start (exit code {self.process.exitcode})")

    def call(self, target: str, args: tuple[Any, ...], kwargs: dict[str, Any], deadline: float) -> tuple[str, Any]:
        try:
            self.connection.send((target, args, kwargs))
            if not self.connection.poll(deadline):
                raise _Gone(overdue=True)
            return self.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            raise _Gone(overdue=False) from None

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(Exception):
            self.connection.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.send(None)
            self.process.join(5)
        self.kill()


def _take() -> _Worker:
    with _lock:
        # A worker prestart_soon() is starting is worth waiting for: it is already part way.
        _lock.wait_for(lambda: _idle or not _starting, timeout=START_TIMEOUT)
        while _idle:
            worker = _idle.pop()
            if worker.process.is_alive():
                return worker
            worker.kill()
    return _Worker()


def _give_back(worker: _Worker) -> None:
    with _lock:
        if not _idle:
            _idle.append(worker)
            _lock.notify_all()
            return
    worker.stop()  # one idle worker is enough


def _start_in_background() -> None:
    global _starting
    try:
        _give_back(_Worker())
    except WorkerUnavailable as exc:
        log.warning("render worker unavailable: %s", exc, extra={"file_only": True})  # falls back in-process
    finally:
        with _lock:
            _starting -= 1
            _lock.notify_all()


def prestart_soon() -> None:
    """Start a worker in the background unless one is idle or starting; returns at once.

    Called when a template is checked (a render usually follows, after the figures are computed),
    so that the worker's start overlaps that work instead of adding to it.
    """
    global _starting
    with _lock:
        if _idle or _starting:
            return
        _starting += 1
    threading.Thread(target=_start_in_background, name="unionbook-render-start", daemon=True).start()


def shutdown() -> None:
    """Stop the idle workers (they also end with the program: they are daemon processes)."""
    with _lock:
        workers = list(_idle)
        _idle.clear()
    for worker in workers:
        worker.stop()


def run(target: str, *args: Any, deadline: float, name: str, **kwargs: Any) -> Any:
    """Call `target` ("package.module:function") with the arguments in a worker and return its
    result; its exceptions are raised here. Past `deadline` + GRACE seconds the worker is killed
    and an InputError names the template `name`. Raises WorkerUnavailable when no worker starts.
    """
    from unionbook.fileio.rendering import TemplateTimeout, describe_render_error

    worker = _take()
    try:
        kind, payload = worker.call(target, args, kwargs, deadline + GRACE)
    except _Gone as gone:
        worker.kill()
        if gone.overdue:
            log.warning("render of %s killed after %.0f s", name, deadline + GRACE)
            raise describe_render_error(TemplateTimeout(f"超过 {deadline:.0f} 秒"), name) from None
        log.warning("render worker died rendering %s (exit code %s)", name, worker.process.exitcode)
        raise InputError(
            detail=f"模板“{name}”生成时用尽了内存或出错，已停止：请检查模板中的循环和重复（详见日志）"
        ) from None
    _give_back(worker)
    if kind == "ok":
        return payload
    if kind == "unionbook":
        error_class, params = payload
        raise error_class(**params)
    raise payload


def render_isolated(
    here: Callable[..., Path], template_path: Path, context: dict[str, Any], output: Path, **limits: Unpack[RenderLimits]
) -> Path:
    """Run `here` (a renderer's module-level render_*_here) in a worker process killed at the
    timeout (+ a grace period) and kept under a memory limit (`run`); where no worker
    can be started, in this process, still inside the sandbox's own deadline and size limits."""
    from unionbook.fileio.rendering import DEFAULT_MAX_ITERATIONS, DEFAULT_TIMEOUT, check_plain

    check_plain(context)  # here, so that a wrong context is the caller's TypeError, not the worker's
    name = limits.get("display_name") or Path(template_path).name
    arguments = (Path(template_path), context, Path(output))
    options = {"display_name": None, "timeout": DEFAULT_TIMEOUT, "max_iterations": DEFAULT_MAX_ITERATIONS, **limits}
    target = f"{here.__module__}:{here.__name__}"
    try:
        return run(target, *arguments, name=name, deadline=options["timeout"], **options)
    except WorkerUnavailable as exc:
        log.warning("rendering %s in-process: %s", name, exc, extra={"file_only": True})
        return here(*arguments, **options)
