"""One worker thread that answers only the latest request of each kind.

The labs compute off the GUI thread with the same pattern: a private one-thread
``QThreadPool`` (it waits for a running job when its owner is deleted, so no thread
outlives the widget that started it); per kind of request one job runs at a time,
and while it runs only the newest request of that kind waits (a slider drag never
queues stale work); results cross back to the GUI thread through a queued signal.
:class:`LatestWorker` is that pattern once, for :mod:`app.nd_lab.worker` and
:mod:`app.surface_lab.maps_worker`.

A job is ``job(request) -> result``, run on the worker thread: it touches no Qt item
and should turn its own errors into a result; an exception that escapes is handed to
``on_error(kind, request, message)`` (on the worker thread too) for a result to report,
never raised into Qt.

A result's handler may call :meth:`LatestWorker.defer_next` to keep the request waiting
behind it from starting until :meth:`LatestWorker.resume` (the N-D Lab resumes once the
result is painted: a job computing on the worker thread during the paint took the GIL at
every Qt call of it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Job = Callable[[object], object]
OnError = Callable[[str, object, str], object]


class _Relay(QObject):
    done = Signal(str, object, object)  # kind, request, result


class _Runnable(QRunnable):
    def __init__(self, kind: str, req, job: Job, on_error: OnError, relay: _Relay) -> None:
        super().__init__()
        self.kind, self.req, self.job, self.on_error, self.relay = kind, req, job, on_error, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            res = self.job(self.req)
        except Exception as exc:  # noqa: BLE001 — reported by the owner, never a crash
            res = self.on_error(self.kind, self.req, f"{type(exc).__name__}: {exc}")
        self.relay.done.emit(self.kind, self.req, res)


def _no_result(_kind: str, _req, message: str) -> str:
    return message


class LatestWorker(QObject):
    """``submit(kind, request, job)``; ``finished(kind, request, result)`` on the GUI thread.

    ``task(name, fn)`` runs a one-off job (an export) in the same thread, outside the
    latest-only bookkeeping; ``finished("task:" + name, None, fn())`` reports it.
    """

    finished = Signal(str, object, object)

    def __init__(self, parent: QObject | None = None, on_error: OnError = _no_result) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._on_error = on_error
        self._running: dict[str, object] = {}  # kind -> request being computed
        self._pending: dict[str, tuple[object, Job]] = {}  # kind -> newest waiting request
        self._deferred: set[str] = set()  # kinds whose waiting request waits for resume()

    # --- state ------------------------------------------------------------------
    def running(self, kind: str):
        """The request of ``kind`` being computed now, or None."""
        return self._running.get(kind)

    def pending(self, kind: str):
        """The request of ``kind`` waiting for the running one, or None."""
        waiting = self._pending.get(kind)
        return waiting[0] if waiting is not None else None

    def busy(self, kind: str | None = None) -> bool:
        """A job of ``kind`` (of any kind when None) running or waiting."""
        if kind is None:
            return bool(self._running) or bool(self._pending)
        return kind in self._running or kind in self._pending

    # --- requests -----------------------------------------------------------------
    def submit(self, kind: str, req, job: Job) -> None:
        """Run ``job(req)`` now if no job of ``kind`` runs (or is held back by
        :meth:`defer_next`), else keep it as the one waiting (replacing an older one)."""
        if kind in self._running or kind in self._deferred:
            self._pending[kind] = (req, job)
            return
        self._running[kind] = req
        self._pool.start(_Runnable(kind, req, job, self._on_error, self._relay))

    def drop_pending(self, kind: str, which: Callable[[object], bool]) -> None:
        """Forget the waiting request of ``kind`` if ``which(request)``."""
        waiting = self._pending.get(kind)
        if waiting is not None and which(waiting[0]):
            del self._pending[kind]

    def task(self, name: str, fn: Callable[[], object]) -> None:
        kind = "task:" + name
        self._pool.start(_Runnable(kind, None, lambda _req: fn(), self._on_error, self._relay))

    def defer_next(self, kind: str) -> None:
        """Called while ``finished`` is handled: the request of ``kind`` waiting (or one
        submitted meanwhile) starts only at :meth:`resume`."""
        self._deferred.add(kind)

    def resume(self, kind: str) -> None:
        """Start the waiting request of ``kind`` that :meth:`defer_next` held back."""
        self._deferred.discard(kind)
        if kind not in self._running:
            waiting = self._pending.pop(kind, None)
            if waiting is not None:
                self.submit(kind, *waiting)

    def _on_done(self, kind: str, req, res) -> None:
        if kind.startswith("task:"):
            self.finished.emit(kind, req, res)
            return
        if self._running.get(kind) is req:
            del self._running[kind]
        self.finished.emit(kind, req, res)  # its handler may defer the next request
        if kind not in self._deferred:
            self.resume(kind)

    def wait(self, msecs: int = 10000) -> bool:
        """Block until running jobs finish (shutdown and tests)."""
        return self._pool.waitForDone(msecs)
