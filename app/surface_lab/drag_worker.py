"""Runs recomputed during a slider drag, in a child process (:mod:`optim_lab.run_server`).

While a slider is held, the :class:`~app.surface_lab.recompute.RecomputeLoop` hands the
dragged run's :class:`~optim_lab.session.RunJob` here instead of computing it on the GUI
thread: the child computes on the other core while the GUI thread draws the previous
answer.  One job is in flight at a time; of the jobs that arrive meanwhile only the latest
per run waits (a drag's intermediate values are skipped, as a fast drag skips slider values
anyway).  Answers come back as ``answered(job, trajectory, error)`` on the GUI thread; the
session takes only those that still match its settings (``SurfaceSession.accept``).

The process starts the first time a drag asks for it (about 0.3 s, on the other core; until
it says it is ready, drags compute on the GUI thread as before), and stops with the lab.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from optim_lab.session import RunJob

from ..child_process import ChildProcess, EventReader

__all__ = ["DragWorker"]


def _key(job: RunJob | None) -> tuple | None:
    """What identifies a job: its run and the session's edit count (compared instead of the
    whole job, whose values may hold a NaN that equals nothing)."""
    return None if job is None else (job.run_id, job.version)


class _Reader(EventReader):
    ready = Signal()
    answered = Signal(object, object, object)  # RunJob, Trajectory | None, error | None

    def on_event(self, event: tuple) -> None:
        if event[0] == "ready":
            self.ready.emit()
        elif event[0] == "result":
            self.answered.emit(event[1], event[2], event[3])


class DragWorker(QObject):
    """GUI-side handle of the drag process.  ``ready``: it has started and answers jobs;
    ``lost`` is emitted if it ends while the lab is open (jobs then compute on the GUI
    thread again; the next drag starts a new process)."""

    answered = Signal(object, object, object)  # RunJob, Trajectory | None, error | None
    lost = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._child = ChildProcess("optim_lab.run_server", _Reader, "surface-drag-runs", self)
        self.ready = False
        self._in_flight: RunJob | None = None
        self._waiting: dict[int, RunJob] = {}
        self._closing = False

    @property
    def started(self) -> bool:
        return self._child.started

    @property
    def busy(self) -> bool:
        """A job is in flight or waiting."""
        return self._in_flight is not None or bool(self._waiting)

    def start(self) -> None:
        """Start the process if it is not running (returns at once; see ``ready``)."""
        if self._child.started:
            return
        self._closing = False
        try:
            reader = self._child.start()
        except OSError:  # no process could be started: drags compute in the window
            self.lost.emit()
            return
        reader.ready.connect(self._on_ready)
        reader.answered.connect(self._on_answered)
        reader.ended.connect(self._on_ended)

    def pending_runs(self) -> set[int]:
        """Ids of the runs with a job in flight or waiting."""
        ids = set(self._waiting)
        if self._in_flight is not None:
            ids.add(self._in_flight.run_id)
        return ids

    def submit(self, job: RunJob) -> None:
        """Compute ``job`` next (it replaces a waiting job of the same run)."""
        if _key(job) in (_key(self._in_flight), _key(self._waiting.get(job.run_id))):
            return  # already out
        if self._in_flight is None:
            self._send(job)
        else:
            self._waiting[job.run_id] = job

    def cancel(self) -> None:
        """Drop the waiting jobs (the answer in flight will be ignored by the session)."""
        self._waiting.clear()

    def _send(self, job: RunJob) -> None:
        if self._child.post("run", job):
            self._in_flight = job
        else:
            self._on_ended(self._child.reader)

    def _on_ready(self) -> None:
        self.ready = True

    def _on_answered(self, job: RunJob, traj, error) -> None:
        if _key(job) != _key(self._in_flight):
            return  # an answer from a process that has been replaced
        self._in_flight = None
        if self._waiting:
            self._send(self._waiting.pop(next(iter(self._waiting))))
        self.answered.emit(job, traj, error)

    def _on_ended(self, reader) -> None:
        if reader is None or reader is not self._child.reader:
            return  # the end of a process already shut down
        lost = not self._closing  # died (ready or not): this drag computes in the window
        self.ready = False
        self._in_flight = None
        self._waiting.clear()
        if self._child.started and not self._closing:
            self._closing = True
            self._child.shutdown(timeout_ms=2000)
        if lost:
            self.lost.emit()

    def shutdown(self) -> None:
        """Stop the process (idempotent)."""
        self._closing = True
        self.ready = False
        self._in_flight = None
        self._waiting.clear()
        self._child.shutdown()
