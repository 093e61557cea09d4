"""Training off the GUI thread: a worker object living in a QThread, and its live session.

The worker imports torch (through ``optim_lab.deep.training``) in its own thread, the first
time it runs, so neither app start-up nor building the tab loads torch.  Commands arrive
through a queue and are read between training steps, so pause and reset take effect after at
most the step in flight; the GUI side marks results of an older session ``generation`` as
stale and ignores them, which makes reset immediate on screen.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from optim_lab.deep.config import DeepConfig

__all__ = ["LiveSession", "TrainingController"]

BOUNDARY_GRID = 40  # decision boundary evaluated on a 40 x 40 grid
BOUNDARY_PERIOD = 0.5  # seconds between boundary updates while playing


@dataclass
class LiveSession:
    """What the worker has produced for one configuration (read by the GUI under ``lock``)."""

    generation: int
    config: DeepConfig
    residual: tuple[bool, ...]  # one entry per stack shown
    X: np.ndarray
    y: np.ndarray
    bounds: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax of the boundary grid
    lock: threading.Lock = field(default_factory=threading.Lock)
    records: list[list] = field(default_factory=list)  # per stack: StepRecords
    status: list[str] = field(default_factory=list)  # per stack
    reasons: list[tuple] = field(default_factory=list)  # per stack: (cause, step) once diverged
    boundary: list[np.ndarray | None] = field(default_factory=list)
    boundary_version: int = 0

    def new_records(self, stack: int, start: int) -> list:
        with self.lock:
            return self.records[stack][start:]


def _lower_thread_priority(nice: int = 4) -> None:
    """Let the GUI thread win the CPU when they compete (Linux nice values are per thread)."""
    if hasattr(os, "setpriority"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
        except OSError:
            pass  # not permitted here: training just competes evenly


class _Worker(QObject):
    """Lives in the training thread; ``run`` loops until told to quit."""

    session_ready = Signal(object)  # LiveSession
    stopped = Signal(int, str)  # generation, why the worker paused by itself
    sweep_progress = Signal(int, int, int)  # generation, done, total
    sweep_done = Signal(int, object)  # generation, DepthSweep
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.commands: queue.Queue = queue.Queue()
        self.abort = threading.Event()  # set by the GUI to cut a sweep short at once
        self._session: LiveSession | None = None
        self._trainers: list = []
        self._sampler = None
        self._playing = False
        self._pending_steps = 0
        self._max_steps = 0
        self._last_boundary = 0.0

    @Slot()
    def run(self) -> None:
        try:
            import torch

            torch.set_num_threads(1)  # leave the other core to the GUI thread
            _lower_thread_priority()
            from optim_lab.deep import training  # noqa: F401  (warm the import)
        except Exception as exc:  # pragma: no cover - a broken torch install
            self.failed.emit(str(exc))
            return
        while True:
            busy = self._playing or self._pending_steps > 0
            try:
                cmd = self.commands.get_nowait() if busy else self.commands.get(timeout=0.2)
            except queue.Empty:
                cmd = None
            if cmd is not None:
                if cmd[0] == "quit":
                    return
                self._handle(cmd)
                continue  # drain all commands before the next step
            if busy:
                self._train_one()

    def _handle(self, cmd: tuple) -> None:
        kind = cmd[0]
        if kind == "build":
            _, generation, config, compare, max_steps = cmd
            self._build(generation, config, compare, max_steps)
        elif kind == "play":
            self._playing = self._session is not None
        elif kind == "pause":
            self._playing = False  # steps asked for one by one still run
            self._publish_boundary()
        elif kind == "step":
            self._pending_steps += cmd[1]
        elif kind == "budget":
            self._max_steps = cmd[1]
        elif kind == "sweep":
            self._sweep(cmd[1], cmd[2], cmd[3])

    def _build(self, generation: int, config: DeepConfig, compare: bool, max_steps: int) -> None:
        from optim_lab.deep.training import BatchSampler, StackTrainer, dataset_tensors

        self._playing, self._pending_steps, self._max_steps = False, 0, max_steps
        X, y = dataset_tensors(config)
        flags = (False, True) if compare else (config.residual,)
        # the session keeps the records; the trainers keep none (no second copy in memory)
        self._trainers = [StackTrainer(config.with_(residual=r), X, y, keep=lambda k: False)
                          for r in flags]
        self._sampler = BatchSampler(len(y), config.batch_rows, config.seed)
        xn = X.numpy()
        lo, hi = xn.min(0), xn.max(0)
        pad = 0.15 * (hi - lo) + 1e-3
        bounds = (float(lo[0] - pad[0]), float(hi[0] + pad[0]),
                  float(lo[1] - pad[1]), float(hi[1] + pad[1]))
        n = len(flags)
        self._session = LiveSession(generation, config, flags, xn, y.numpy(), bounds,
                                    records=[[] for _ in range(n)], status=["ready"] * n,
                                    reasons=[("", 0)] * n, boundary=[None] * n)
        self._publish_boundary()
        self.session_ready.emit(self._session)

    def _train_one(self) -> None:
        s = self._session
        if s is None or all(t.diverged for t in self._trainers):
            self._playing, self._pending_steps = False, 0
            return
        idx = self._sampler.next()
        records = [trainer.step(idx) for trainer in self._trainers]
        with s.lock:  # publish the step of every stack at once: one redraw per step
            for i, (trainer, rec) in enumerate(zip(self._trainers, records, strict=True)):
                if rec is not None:
                    s.records[i].append(rec)
                    s.status[i] = "training"
                elif trainer.diverged and s.status[i] != "diverged":
                    h = trainer.history
                    s.status[i], s.reasons[i] = "diverged", (h.cause, h.diverged_at)
        if self._pending_steps > 0:
            self._pending_steps -= 1
            if self._pending_steps == 0:
                self._publish_boundary()
        now = time.perf_counter()
        if self._playing and now - self._last_boundary > BOUNDARY_PERIOD:
            self._publish_boundary()
        done = max(t.steps_done for t in self._trainers)
        if all(t.diverged for t in self._trainers):
            self._stop(s.generation, "diverged")
        elif done >= self._max_steps:
            self._stop(s.generation, "max_steps")

    def _stop(self, generation: int, why: str) -> None:
        self._playing, self._pending_steps = False, 0
        self._publish_boundary()
        self.stopped.emit(generation, why)

    def _publish_boundary(self) -> None:
        s = self._session
        if s is None:
            return
        self._last_boundary = time.perf_counter()
        x0, x1, y0, y1 = s.bounds
        xs = np.linspace(x0, x1, BOUNDARY_GRID)
        ys = np.linspace(y0, y1, BOUNDARY_GRID)
        grids = [t.predict_grid(xs, ys) for t in self._trainers]
        with s.lock:
            s.boundary = grids
            s.boundary_version += 1

    def _sweep(self, generation: int, config: DeepConfig, depths: tuple[int, ...]) -> None:
        from optim_lab.deep.sweep import depth_sweep

        self.abort.clear()

        def progress(done: int, total: int) -> None:
            self.sweep_progress.emit(generation, done, total)

        result = depth_sweep(config, depths, should_stop=self.abort.is_set, progress=progress)
        if result is not None:
            self.sweep_done.emit(generation, result)


class TrainingController(QObject):
    """GUI-side handle: starts the thread on first use, posts commands, shuts down cleanly."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self.worker: _Worker | None = None

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> _Worker:
        """Start the training thread (idempotent); torch is imported there, not here."""
        if self.worker is None:
            self._thread = QThread()
            self._thread.setObjectName("deep-stack-training")
            self.worker = _Worker()
            self.worker.moveToThread(self._thread)
            self._thread.started.connect(self.worker.run)
            self._thread.start()
        return self.worker

    def post(self, *command: object) -> None:
        self.start().commands.put(command)

    def cancel_sweep(self) -> None:
        if self.worker is not None:
            self.worker.abort.set()

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Stop the worker after its current step and join the thread."""
        if self._thread is None or self.worker is None:
            return
        self.worker.abort.set()
        self.worker.commands.put(("quit",))
        self._thread.quit()
        self._thread.wait(timeout_ms)
        self._thread = None
        self.worker = None
