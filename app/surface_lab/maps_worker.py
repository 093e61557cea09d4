"""Maps off the GUI thread: requests in, plain arrays out, only the newest answered.

The engine call itself runs in a child process (:mod:`optim_lab.maps_service`): the
job thread here only waits on its pipe, which releases the interpreter lock, so the
GUI thread never queues behind the map's stepping loop.

Jobs run on a private one-thread ``QThreadPool`` (it waits for a running job when
its owner is deleted).  Per kind (``"basins"``, ``"hyper"``) one job runs at a time
and only the newest waiting request is kept, so a slider drag never queues stale
work.  A running job is abandoned (``should_stop``) when :meth:`MapComputer.cancel`
is called for its kind with a newer id (the controller lets a running coarse map
finish, so a drag shows maps at the pace the worker can keep).  Results carry the request id; the GUI
shows a result only if its id is newer than the one on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from optim_lab.maps_service import MapRequest, MapResult, map_process, run_request

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


class _Relay(QObject):
    done = Signal(object)
    progress = Signal(object, int)  # request, percent


class _Job(QRunnable):
    def __init__(self, req: MapRequest, owner: MapComputer) -> None:
        super().__init__()
        self.req, self.relay = req, owner._relay
        self.limit = owner._cancel_below  # dict read under the GIL: kind -> id
        self.setAutoDelete(True)

    def run(self) -> None:
        req = self.req
        try:
            # a coarse map takes tens of ms: no progress events for the GUI thread to handle
            progress = (lambda t, n: self.relay.progress.emit(req, int(100 * t / n))
                        ) if req.fine else None
            res = compute_map(req, lambda: req.id < self.limit.get(req.kind, 0), progress)
        except Exception as exc:  # noqa: BLE001 — reported in the panel, never a crash
            res = MapResult(req, error=f"{type(exc).__name__}: {exc}")
        self.relay.done.emit(res)


class MapComputer(QObject):
    """``submit(req)``; ``ready(MapResult)`` and ``progress(req, percent)`` arrive on the
    GUI thread."""

    ready = Signal(object)
    progress = Signal(object, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.progress.connect(self.progress)
        self._busy: dict[str, bool] = {}
        self._pending: dict[str, MapRequest] = {}
        self._cancel_below: dict[str, int] = {}
        self._running: dict[str, MapRequest] = {}

    def running(self, kind: str) -> MapRequest | None:
        """The request of ``kind`` being computed now, if any."""
        return self._running.get(kind) if self._busy.get(kind) else None

    def busy(self) -> bool:
        return any(self._busy.values()) or bool(self._pending)

    def submit(self, req: MapRequest) -> None:
        if self._busy.get(req.kind):
            self._pending[req.kind] = req
            return
        self._busy[req.kind] = True
        self._running[req.kind] = req
        self._pool.start(_Job(req, self))

    def cancel(self, kind: str, below_id: int) -> None:
        """Abandon running and waiting jobs of ``kind`` with an id below ``below_id``."""
        self._cancel_below[kind] = below_id
        req = self._pending.get(kind)
        if req is not None and req.id < below_id:
            del self._pending[kind]

    def _on_done(self, res: MapResult) -> None:
        kind = res.request.kind
        self._busy[kind] = False
        req = self._pending.pop(kind, None)
        if req is not None:
            self.submit(req)
        self.ready.emit(res)

    def wait(self, msecs: int = 20000) -> bool:
        """Block until running jobs finish (shutdown and tests)."""
        return self._pool.waitForDone(msecs)
