"""Training off the GUI thread and out of its process: a child Python process trains
(:mod:`optim_lab.deep.live`), a listener thread here reads its events into the live session.

The child imports torch the first time the lab needs it, so neither app start-up nor building
the tab loads torch.  Why a process: a training thread held the GIL for much of each step, and
the GUI thread waited for it at every Python call of a repaint (a pane's frame took 22-24 ms
instead of 10).  Commands are read between training steps, so pause and reset take effect
after at most the step in flight; the GUI side marks results of an older session
``generation`` as stale and ignores them, which makes reset immediate on screen.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from optim_lab.deep.config import DeepConfig

from ..child_process import ChildProcess, EventReader

__all__ = ["LiveSession", "TrainingController"]


@dataclass
class LiveSession:
    """What the training process has produced for one configuration, filed by the listener
    thread (read by the GUI under ``lock``)."""

    generation: int
    config: DeepConfig
    residual: tuple[bool, ...]  # one entry per stack shown
    X: np.ndarray
    y: np.ndarray
    bounds: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax of the boundary grid
    lock: threading.Lock = field(default_factory=threading.Lock)
    records: list[list] = field(default_factory=list)  # per stack: LiveRecords
    status: list[str] = field(default_factory=list)  # per stack
    reasons: list[tuple] = field(default_factory=list)  # per stack: (cause, step) once diverged
    boundary: list[np.ndarray | None] = field(default_factory=list)
    boundary_version: int = 0
    paused_at: list[int] | None = None  # records per stack when the training last paused

    def new_records(self, stack: int, start: int) -> list:
        with self.lock:
            return self.records[stack][start:]


class _Listener(EventReader):
    """Lives in the listener thread: files step records and boundaries into the current
    :class:`LiveSession` (under its lock) and forwards the rest as signals (queued to the GUI
    thread)."""

    session_ready = Signal(object)  # LiveSession
    stopped = Signal(int, str)  # generation, why the training paused by itself
    sweep_progress = Signal(int, int, int)  # generation, done, total
    sweep_done = Signal(int, object)  # generation, optim_lab.deep.live.SweepRatios

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.session: LiveSession | None = None

    def on_event(self, event: tuple) -> None:
        self._on_event(event)

    def _on_event(self, event: tuple) -> None:
        kind = event[0]
        s = self.session
        if kind == "session":
            _, generation, config, flags, X, y, bounds = event
            n = len(flags)
            self.session = LiveSession(generation, config, tuple(flags), X, y, bounds,
                                       records=[[] for _ in range(n)], status=["ready"] * n,
                                       reasons=[("", 0)] * n, boundary=[None] * n)
            self.session_ready.emit(self.session)
        elif kind == "step":
            _, generation, records, status, reasons = event
            if s is None or s.generation != generation:
                return
            with s.lock:
                for i, rec in enumerate(records):
                    if rec is not None:
                        s.records[i].append(rec)
                s.status[:], s.reasons[:] = status, reasons
        elif kind == "boundary":
            if s is None or s.generation != event[1]:
                return
            with s.lock:
                s.boundary = list(event[2])
                s.boundary_version += 1
        elif kind == "paused":
            if s is not None and s.generation == event[1]:
                with s.lock:
                    s.paused_at = list(event[2])
        elif kind == "stopped":
            self.stopped.emit(event[1], event[2])
        elif kind == "sweep_progress":
            self.sweep_progress.emit(*event[1:])
        elif kind == "sweep_done":
            self.sweep_done.emit(event[1], event[2])
        elif kind == "failed":
            self.failed.emit(event[1])


class TrainingController(ChildProcess):
    """GUI-side handle: starts the training process on first use, posts commands, shuts
    down cleanly.  ``worker`` is the listener whose signals report the session and events."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("optim_lab.deep.live", _Listener, "deep-stack-events", parent)

    @property
    def worker(self) -> _Listener | None:
        return self.reader

    def post(self, *command: object) -> bool:
        ok = super().post(*command)
        if not ok and self.reader is not None:
            self.reader.failed.emit(QCoreApplication.translate(
                "DeepStackLab", "the training process has stopped"))
        return ok

    def cancel_sweep(self) -> None:
        """Cut a running depth sweep short (the training process acts on it at once)."""
        if self.started:
            self.post("cancel_sweep")
