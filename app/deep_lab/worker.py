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

import os
import pickle
import subprocess
import sys
import threading
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

import optim_lab
from optim_lab.deep.config import DeepConfig

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


class _Listener(QObject):
    """Lives in a listener thread: unpickles the training process's events, files step
    records and boundaries into the current :class:`LiveSession` (under its lock) and
    forwards the rest as signals (queued to the GUI thread)."""

    session_ready = Signal(object)  # LiveSession
    stopped = Signal(int, str)  # generation, why the training paused by itself
    sweep_progress = Signal(int, int, int)  # generation, done, total
    sweep_done = Signal(int, object)  # generation, optim_lab.deep.live.SweepRatios
    failed = Signal(str)

    def __init__(self, stream) -> None:
        super().__init__()
        self.stream = stream
        self.session: LiveSession | None = None

    @Slot()
    def run(self) -> None:
        while True:
            try:
                event = pickle.load(self.stream)  # blocks in read(), without the GIL
            except (EOFError, OSError, ValueError):
                return  # the training process has ended
            except Exception as exc:  # a garbled stream: say so rather than stop silently
                self.failed.emit(f"{type(exc).__name__}: {exc}")
                return
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


class TrainingController(QObject):
    """GUI-side handle: starts the training process on first use, posts commands, shuts
    down cleanly.  ``worker`` is the listener whose signals report the session and events."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process: subprocess.Popen | None = None
        self._thread: QThread | None = None
        self._send_lock = threading.Lock()
        self.worker: _Listener | None = None

    @property
    def started(self) -> bool:
        return self._process is not None

    def start(self) -> _Listener:
        """Start the training process and the listener thread (idempotent)."""
        if self.worker is None:
            # the child imports this very copy of the engine, wherever it was imported from
            root = os.path.dirname(os.path.dirname(os.path.abspath(optim_lab.__file__)))
            path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
            self._process = subprocess.Popen(
                [sys.executable, "-m", "optim_lab.deep.live"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": path})
            self._thread = QThread()
            self._thread.setObjectName("deep-stack-events")
            self.worker = _Listener(self._process.stdout)
            self.worker.moveToThread(self._thread)
            self._thread.started.connect(self.worker.run)
            self._thread.start()
        return self.worker

    def post(self, *command: object) -> None:
        self.start()
        try:
            with self._send_lock:
                pickle.dump(command, self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            if self.worker is not None:
                self.worker.failed.emit(QCoreApplication.translate(
                    "DeepStackLab", "the training process has stopped"))

    def cancel_sweep(self) -> None:
        """Cut a running depth sweep short (the training process acts on it at once)."""
        if self._process is not None:
            self.post("cancel_sweep")

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Stop the training process after its current step and join the listener."""
        if self._process is None or self._thread is None:
            return
        process, thread = self._process, self._thread
        self.post("quit")
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout_ms / 1000)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        thread.quit()  # the listener has seen the end of the event stream
        thread.wait(timeout_ms)
        process.stdout.close()
        self._process = None
        self._thread = None
        self.worker = None
