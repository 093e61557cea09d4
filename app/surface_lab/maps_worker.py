"""Maps off the GUI thread: requests in, plain arrays out, only the newest answered.

The engine call itself runs in a child process (:mod:`optim_lab.maps_service`): the
job thread here only waits on its pipe, which releases the interpreter lock, so the
GUI thread never queues behind the map's stepping loop.

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

from PySide6.QtCore import QObject, Signal

from optim_lab.maps_service import MapRequest, MapResult, map_process, run_request

from ..widgets.latest_worker import LatestWorker

__all__ = ["MapComputer", "MapRequest", "MapResult", "compute_map"]


SEPARATE_PROCESS = True  # maps in a child process (tests may compute them in-thread)


def compute_map(req: MapRequest, should_stop, progress=None) -> MapResult:
    """The engine call for ``req`` (on the worker thread; touches no Qt item): in the map
    process when the request can be sent there, so the stepping loop never holds this
    interpreter's lock while the GUI thread wants it; else here."""
    if SEPARATE_PROCESS:
        proc = map_process()  # started by the first map; it is ready a second later
        if proc is not None and proc.ready():
            res = proc.compute(req, should_stop, progress)
            if res is not None:
                return res
    return run_request(req, should_stop, progress)


class _Progress(QObject):
    progress = Signal(object, int)  # request, percent (queued to the GUI thread)


def _map_job(limit: dict, relay: _Progress):
    """The worker-thread job for one request: abandoned once ``limit[kind]`` passes its id."""
    def job(req: MapRequest) -> MapResult:
        # a coarse map takes tens of ms: no progress events for the GUI thread to handle
        progress = (lambda t, n: relay.progress.emit(req, int(100 * t / n))) if req.fine else None
        return compute_map(req, lambda: req.id < limit.get(req.kind, 0), progress)
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
