"""Runs, planes and spectra off the GUI thread, always answering the latest request.

The jobs run on :class:`app.widgets.latest_worker.LatestWorker`: one private worker
thread (it waits for a running job when the lab is deleted, so no thread outlives its
owner); a job of a kind is sent only when the previous one of that kind has finished,
and just the newest pending request is kept, so dragging a slider never queues up
stale work.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ..widgets.latest_worker import LatestWorker
from .compute import (
    RunRequest,
    RunResult,
    SpectrumRequest,
    SpectrumResult,
    compute_runs,
    compute_spectrum,
)

KINDS = ("runs", "spectrum")


def _error_result(kind: str, req, message: str):
    """What a job that raised reports (in the lab, never a crash)."""
    if kind == "runs":
        return RunResult(req.generation, req, error=message)
    if kind == "spectrum":
        return SpectrumResult(req, None, message)
    return message  # a task: its error message


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
        self._worker = LatestWorker(self, on_error=_error_result)
        self._worker.finished.connect(self._on_done)

    @property
    def _busy(self) -> dict[str, bool]:
        """Per kind: a job running (read by tests and benchmarks)."""
        return {k: self._worker.running(k) is not None for k in KINDS}

    def busy(self, kind: str | None = None) -> bool:
        return self._worker.busy(kind)

    def submit_runs(self, req: RunRequest) -> None:
        self._worker.submit("runs", req, lambda r: compute_runs(r))

    def submit_spectrum(self, req: SpectrumRequest) -> None:
        self._worker.submit("spectrum", req, lambda r: compute_spectrum(r))

    def defer_next_runs(self) -> None:
        """While a result is handled: the runs request waiting behind it starts at
        :meth:`resume_runs` (see :meth:`LatestWorker.defer_next`)."""
        self._worker.defer_next("runs")

    def resume_runs(self) -> None:
        self._worker.resume("runs")

    def submit_task(self, name: str, fn: Callable[[], str | None]) -> None:
        self._worker.task(name, fn)

    def _on_done(self, kind: str, _req, res) -> None:
        if kind.startswith("task:"):
            self.taskDone.emit(kind[5:], res)
        elif kind == "runs":
            self.runsReady.emit(res)
        else:
            self.spectrumReady.emit(res)

    def wait(self, msecs: int = 10000) -> bool:
        """Block until running jobs finish (for shutdown and tests)."""
        return self._worker.wait(msecs)
