"""Runs, planes and spectra off the GUI thread, always answering the latest request.

Jobs run on a private one-thread ``QThreadPool`` (it waits for a running job
when the lab is deleted, so no thread outlives its owner).  The
:class:`Computer` sends a job of a kind only when the previous one of that kind
has finished and keeps just the newest pending request, so dragging a slider
never queues up stale work.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from .compute import (
    RunRequest,
    RunResult,
    SpectrumRequest,
    SpectrumResult,
    compute_runs,
    compute_spectrum,
)


class _Relay(QObject):
    done = Signal(str, object)


class _Job(QRunnable):
    def __init__(self, kind: str, fn: Callable, req, relay: _Relay) -> None:
        super().__init__()
        self.kind, self.fn, self.req, self.relay = kind, fn, req, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            res = self.fn(self.req)
        except Exception as exc:  # noqa: BLE001 — reported in the lab, never a crash
            msg = f"{type(exc).__name__}: {exc}"
            res = (RunResult(self.req.generation, self.req, error=msg) if self.kind == "runs"
                   else SpectrumResult(self.req, None, msg))
        self.relay.done.emit(self.kind, res)


class _Task(QRunnable):
    """A one-off job (an export): ``fn()`` returns an error message or None."""

    def __init__(self, name: str, fn: Callable[[], str | None], relay: _Relay) -> None:
        super().__init__()
        self.name, self.fn, self.relay = name, fn, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            res = self.fn()
        except Exception as exc:  # noqa: BLE001
            res = f"{type(exc).__name__}: {exc}"
        self.relay.done.emit("task:" + self.name, res)


class Computer(QObject):
    """``submit_runs(req)`` / ``submit_spectrum(req)``; results arrive as signals.

    ``submit_task(name, fn)`` runs a one-off job in the same thread;
    ``taskDone(name, error_or_None)`` reports it.
    """

    runsReady = Signal(object)
    spectrumReady = Signal(object)
    taskDone = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._busy = {"runs": False, "spectrum": False}
        self._pending: dict[str, object] = {}

    def busy(self) -> bool:
        return any(self._busy.values()) or bool(self._pending)

    def submit_runs(self, req: RunRequest) -> None:
        self._submit("runs", req)

    def submit_spectrum(self, req: SpectrumRequest) -> None:
        self._submit("spectrum", req)

    def _submit(self, kind: str, req) -> None:
        if self._busy[kind]:
            self._pending[kind] = req
            return
        self._busy[kind] = True
        fn = compute_runs if kind == "runs" else compute_spectrum
        self._pool.start(_Job(kind, fn, req, self._relay))

    def submit_task(self, name: str, fn: Callable[[], str | None]) -> None:
        self._pool.start(_Task(name, fn, self._relay))

    def _on_done(self, kind: str, res) -> None:
        if kind.startswith("task:"):
            self.taskDone.emit(kind[5:], res)
            return
        self._busy[kind] = False
        req = self._pending.pop(kind, None)
        if req is not None:
            self._submit(kind, req)
        (self.runsReady if kind == "runs" else self.spectrumReady).emit(res)

    def wait(self, msecs: int = 10000) -> bool:
        """Block until running jobs finish (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)
