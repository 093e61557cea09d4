"""Map requests, their engine call, and a child process that computes them.

The Surface Lab computes live maps while the user drags a slider.  On a worker *thread*
the map's Python-level stepping loop shares the interpreter lock with the GUI thread,
which then waits for it at every switch (measured: the slider's event-loop p95 grew
several-fold with a live map).  :class:`MapProcess` runs the same engine call in a
separate Python process instead, so the GUI thread only sends a request and swaps the
finished image in.  The process is started once, on first use, with
``python -m optim_lab.maps_service`` (it imports the engine only, never Qt), and ends
when its input pipe closes (the app exited).

What crosses the pipe: the request with the surface as a *spec* (a library surface's
name, or a custom surface's expression, range and critical points) and each optimizer
as ``(name, hyperparameters)`` — both rebuilt in the child exactly (functions and
closures do not pickle); results are plain arrays.  A request that cannot be sent
(a surface built some other way) returns None and the caller computes it itself.
Cancelling: the parent writes the job's number to a third pipe; the child's
``should_stop`` (polled every 25 steps by the engine) reads it.
"""

from __future__ import annotations

import dataclasses
import os
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from .budget import MemoryBudgetError
from .child_io import lower_priority
from .dynamics import Dynamics
from .maps import BasinMap, HyperMap, MapCancelled, basin_map, hyper_map, lr_sweep
from .optimizers import Optimizer, make_optimizer
from .surfaces import Surface, get_surface

__all__ = ["MapProcess", "MapRequest", "MapResult", "map_process", "run_request", "surface_spec"]


@dataclass(frozen=True, eq=False)
class MapRequest:
    """One map to compute; ``fine`` marks the full-resolution pass after a drag."""

    kind: str  # "basins" or "hyper"
    id: int
    surface: Surface
    optimizer: Optimizer
    steps: int
    fine: bool
    box: tuple[float, float, float, float] = (0.0, 1.0, 0.0, 1.0)  # basins
    n: int = 64  # basins: grid size
    start: tuple[float, float] = (0.0, 0.0)  # hyper
    lrs: tuple[float, ...] = ()  # hyper
    betas: tuple[float, ...] | None = None  # hyper; None: a learning-rate sweep
    run_id: int = -1
    # hyper, every run at once: (run id, optimizer, start) per run, each swept over ``lrs``
    sweeps: tuple[tuple[int, Optimizer, tuple[float, float]], ...] = ()
    # the mapped run's noise, schedule, clipping, AMSGrad; per sweep with ``sweeps``
    dynamics: Dynamics | None = None
    sweep_dynamics: tuple[Dynamics, ...] = ()


@dataclass(frozen=True, eq=False)
class MapResult:
    request: MapRequest
    map: BasinMap | HyperMap | tuple[HyperMap, ...] | None = None  # a tuple: ``sweeps``
    error: str | None = None
    seconds: float = 0.0
    cancelled: bool = False
    extra: dict = field(default_factory=dict)  # "pid": the process that computed it


def run_request(req: MapRequest, should_stop, progress=None) -> MapResult:
    """The engine call for ``req``, in this thread."""
    t0 = time.perf_counter()
    try:
        if req.kind == "basins":
            m = basin_map(req.surface, req.optimizer, req.box, req.n, req.steps,
                          should_stop=should_stop, progress=progress, dynamics=req.dynamics)
        elif req.sweeps:
            m = tuple(_sweeps(req, should_stop, progress))
        else:
            m = hyper_map(req.surface, req.optimizer, req.start, req.lrs, req.betas, req.steps,
                          should_stop=should_stop, progress=progress, dynamics=req.dynamics)
    except MapCancelled:
        return MapResult(req, cancelled=True)
    except (ValueError, MemoryBudgetError, ArithmeticError) as exc:
        return MapResult(req, error=str(exc))
    return MapResult(req, m, seconds=time.perf_counter() - t0, extra={"pid": os.getpid()})


def _sweeps(req: MapRequest, should_stop, progress):
    """One learning-rate sweep per run; progress counts the runs' steps together."""
    n = len(req.sweeps)
    for k, (_rid, opt, start) in enumerate(req.sweeps):
        part = None if progress is None else (
            lambda t, steps, k=k: progress(k * steps + t, n * steps))
        dyn = req.sweep_dynamics[k] if req.sweep_dynamics else None
        yield lr_sweep(req.surface, opt, start, req.lrs, req.steps, should_stop=should_stop,
                       progress=part, dynamics=dyn)


# --- what crosses the pipe --------------------------------------------------------------

def surface_spec(surface: Surface):
    """``(name, params, critical points or None)`` that rebuilds ``surface`` exactly in
    another process, or None if it was built some other way."""
    from .surfaces.custom import ExpressionSurface

    if isinstance(surface, ExpressionSurface):
        return ("custom", surface.params, surface.critical_points)
    try:
        same = get_surface(surface.name) is surface
    except ValueError:
        return None
    return (surface.name, {}, None) if same else None


def _opt_spec(opt: Optimizer) -> tuple[str, dict]:
    return opt.name, dict(opt.hyper)


def _payload(req: MapRequest):
    spec = surface_spec(req.surface)
    if spec is None:
        return None
    bare = dataclasses.replace(req, surface=None, optimizer=None,
                               sweeps=tuple((rid, None, p) for rid, _o, p in req.sweeps))
    return (bare, spec, _opt_spec(req.optimizer), [_opt_spec(o) for _r, o, _p in req.sweeps])


_SURFACES: dict[str, Surface] = {}  # the child's rebuilt surfaces, by spec


def _rebuild(payload) -> MapRequest:
    bare, (name, params, points), opt, sweep_opts = payload
    key = repr((name, sorted(params.items())))
    s = _SURFACES.get(key)
    if s is None:
        s = get_surface(name, **params)
        if points is not None:
            s.critical_points = points  # as the parent found them
        if len(_SURFACES) > 8:
            _SURFACES.clear()
        _SURFACES[key] = s
    sweeps = tuple((rid, make_optimizer(o[0], **o[1]), p)
                   for (rid, _none, p), o in zip(bare.sweeps, sweep_opts))
    return dataclasses.replace(bare, surface=s, optimizer=make_optimizer(opt[0], **opt[1]),
                               sweeps=sweeps)


# --- the child ------------------------------------------------------------------------------

def serve(read_fd: int, write_fd: int, cancel_fd: int) -> None:
    """The child's loop: receive ``(job, payload)``, send ``("progress", job, t, n)`` messages
    and one ``("done", job, map, error, seconds, cancelled)``; exit when the pipe closes."""
    inbox, outbox = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    job, stopped = 0, set()
    from . import maps_compiled

    maps_compiled.available()  # load (or compile, once) the compiled loop before any map
    lower_priority(4)  # a map may lag a drag; the window may not
    outbox.send(("ready", 0))  # the engine is imported: maps can come here now

    def should_stop() -> bool:
        while select.select([cancel_fd], [], [], 0)[0]:
            data = os.read(cancel_fd, 8 * 64)
            if not data:
                return True
            stopped.update(int.from_bytes(data[i:i + 8], "little")
                           for i in range(0, len(data) - 7, 8))
        return job in stopped

    while True:
        try:
            job, payload, wants_progress = inbox.recv()
        except (EOFError, OSError):
            return
        try:
            req = _rebuild(payload)
            res = run_request(req, should_stop,
                              (lambda t, n, j=job: outbox.send(("progress", j, t, n)))
                              if wants_progress else None)
            msg = ("done", job, res.map, res.error, res.seconds, res.cancelled)
        except (BrokenPipeError, EOFError):
            return
        except Exception as exc:  # noqa: BLE001 — reported to the parent, never a crash
            msg = ("done", job, None, f"{type(exc).__name__}: {exc}", 0.0, False)
        stopped.discard(job)
        try:
            outbox.send(msg)
        except (BrokenPipeError, OSError):  # the app has gone: nothing to answer
            return


# --- the parent's side --------------------------------------------------------------------

class MapProcess:
    """A child process computing maps one at a time (calls from several threads queue)."""

    POLL_S = 0.01  # how often a waiting call looks at ``should_stop``

    def __init__(self) -> None:
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        cancel_read, self._cancel = os.pipe()
        child_fds = (to_child, from_child, cancel_read)
        # the child imports this very package, wherever it was imported from
        root = str(Path(__file__).resolve().parents[1])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([root] + [p for p in (
            env.get("PYTHONPATH", "").split(os.pathsep)) if p])
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "optim_lab.maps_service", *map(str, child_fds)],
            pass_fds=child_fds, stdin=subprocess.DEVNULL, close_fds=True, env=env)
        for fd in child_fds:
            os.close(fd)
        self._out = Connection(from_parent, readable=False)
        self._in = Connection(to_parent, writable=False)
        self._lock = threading.Lock()
        self._job = 0
        self._ready = False

    def alive(self) -> bool:
        return self.proc.poll() is None

    def ready(self) -> bool:
        """The child has imported the engine (it starts in about a second; until then a
        caller computes its maps itself rather than wait)."""
        if not self._ready and self._lock.acquire(blocking=False):
            try:
                while not self._ready and self._in.poll(0):
                    self._ready = self._in.recv()[0] == "ready" or self._ready
            except (EOFError, OSError):
                pass
            finally:
                self._lock.release()
        return self._ready

    def compute(self, req: MapRequest, should_stop, progress=None) -> MapResult | None:
        """``run_request(req, ...)`` in the child; None if ``req`` cannot be sent."""
        payload = _payload(req)
        if payload is None:
            return None
        with self._lock:
            self._job += 1
            job = self._job
            self._out.send((job, payload, progress is not None))
            cancelled = False
            while True:
                if not self._in.poll(self.POLL_S):
                    if not cancelled and should_stop():
                        os.write(self._cancel, job.to_bytes(8, "little"))
                        cancelled = True
                    if not self.alive():
                        return MapResult(req, error="the map process ended unexpectedly")
                    continue
                msg = self._in.recv()
                if msg[0] == "ready":
                    self._ready = True
                    continue
                if msg[1] != job:
                    continue
                if msg[0] == "progress":
                    if progress is not None:
                        progress(msg[2], msg[3])
                    continue
                _, _, m, error, seconds, was_cancelled = msg
                return MapResult(req, m, error=error, seconds=seconds, cancelled=was_cancelled,
                                 extra={"pid": self.proc.pid})

    def close(self) -> None:
        """Close the pipes (the child exits) and reap it."""
        if self._out.closed:
            return
        for c in (self._out, self._in):
            c.close()
        os.close(self._cancel)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


_PROCESS: MapProcess | None = None
_PROCESS_LOCK = threading.Lock()
_STARTS = 0
MAX_STARTS = 3  # a child that ended is restarted at the next map, at most this often


def map_process() -> MapProcess | None:
    """The shared map process, started on first use (None where pipes cannot be polled);
    see :meth:`MapProcess.ready` before sending it work that should not wait."""
    global _PROCESS, _STARTS
    if os.name != "posix":
        return None
    with _PROCESS_LOCK:
        if _PROCESS is None or not _PROCESS.alive():
            if _STARTS >= MAX_STARTS:  # it keeps failing to start: compute maps in-process
                return None
            _STARTS += 1
            _PROCESS = MapProcess()
            import atexit

            atexit.register(_PROCESS.close)
        return _PROCESS


if __name__ == "__main__":
    serve(*(int(a) for a in sys.argv[1:4]))
