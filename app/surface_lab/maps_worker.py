"""Maps off the GUI thread: requests in, plain arrays out, only the newest answered.

Jobs run on :class:`app.widgets.latest_worker.LatestWorker`: a private one-thread
``QThreadPool`` (it waits for a running job when its owner is deleted).  Per kind
(``"basins"``, ``"hyper"``) one job runs at a time
and only the newest waiting request is kept, so a slider drag never queues stale
work.  A running job is abandoned (``should_stop``) when :meth:`MapComputer.cancel`
is called for its kind with a newer id (the controller lets a running coarse map
finish, so a drag shows maps at the pace the worker can keep).  Results carry the request id; the GUI
shows a result only if its id is newer than the one on screen.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from optim_lab.budget import MemoryBudgetError
from optim_lab.dynamics import Dynamics
from optim_lab.maps import BasinMap, HyperMap, MapCancelled, basin_map, hyper_map, lr_sweep
from optim_lab.optimizers import Optimizer
from optim_lab.surfaces import Surface

from ..widgets.latest_worker import LatestWorker


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
    extra: dict = field(default_factory=dict)


def compute_map(req: MapRequest, should_stop, progress=None) -> MapResult:
    """The engine call for ``req`` (runs on the worker thread; touches no Qt item)."""
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
    return MapResult(req, m, seconds=time.perf_counter() - t0)


def _sweeps(req: MapRequest, should_stop, progress):
    """One learning-rate sweep per run; progress counts the runs' steps together."""
    n = len(req.sweeps)
    for k, (_rid, opt, start) in enumerate(req.sweeps):
        part = None if progress is None else (
            lambda t, steps, k=k: progress(k * steps + t, n * steps))
        dyn = req.sweep_dynamics[k] if req.sweep_dynamics else None
        yield lr_sweep(req.surface, opt, start, req.lrs, req.steps, should_stop=should_stop,
                       progress=part, dynamics=dyn)


class _Progress(QObject):
    progress = Signal(object, int)  # request, percent (queued to the GUI thread)


def _map_job(limit: dict, relay: _Progress):
    """The worker-thread job for one request: abandoned once ``limit[kind]`` passes its id."""
    def job(req: MapRequest) -> MapResult:
        return compute_map(req, lambda: req.id < limit.get(req.kind, 0),
                           lambda t, n: relay.progress.emit(req, int(100 * t / n)))
    return job


def _error(_kind: str, req: MapRequest, message: str) -> MapResult:
    return MapResult(req, error=message)  # reported in the panel, never a crash


class MapComputer(QObject):
    """``submit(req)``; ``ready(MapResult)`` and ``progress(req, percent)`` arrive on the
    GUI thread.  The thread and the latest-request bookkeeping are
    :class:`app.widgets.latest_worker.LatestWorker`'s."""

    ready = Signal(object)
    progress = Signal(object, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = LatestWorker(self, on_error=_error)
        self._worker.finished.connect(lambda _kind, _req, res: self.ready.emit(res))
        self._relay = _Progress(self)
        self._relay.progress.connect(self.progress)
        self._cancel_below: dict[str, int] = {}

    def running(self, kind: str) -> MapRequest | None:
        """The request of ``kind`` being computed now, if any."""
        return self._worker.running(kind)

    def busy(self) -> bool:
        return self._worker.busy()

    def submit(self, req: MapRequest) -> None:
        self._worker.submit(req.kind, req, _map_job(self._cancel_below, self._relay))

    def cancel(self, kind: str, below_id: int) -> None:
        """Abandon running and waiting jobs of ``kind`` with an id below ``below_id``."""
        self._cancel_below[kind] = below_id
        self._worker.drop_pending(kind, lambda req: req.id < below_id)

    def wait(self, msecs: int = 20000) -> bool:
        """Block until running jobs finish (shutdown and tests)."""
        return self._worker.wait(msecs)
