"""Live training for the Deep Stack Lab, in a process of its own (Qt-free).

Why a process and not a thread: a training step of a 50-layer stack spends much of its time
in Python (module calls, probes) holding the GIL, and the GUI thread needs the GIL for every
Python callback of a repaint.  Measured with the lab's frame (one stack pane, 1000 steps,
offscreen): 10 ms with nothing training, 22-24 ms while a training *thread* ran, 7.5 ms while
the same training ran in another *process*.

Protocol: pickled tuples, one after another, on the child's stdin (commands) and stdout
(events; anything else the process prints is sent to stderr).

Commands: ``("build", generation, config, compare, max_steps)``, ``("play",)``,
``("pause",)``, ``("step", k)``, ``("budget", steps)``, ``("sweep", generation, config,
depths)``, ``("cancel_sweep",)`` (acted on at once, even during a sweep), ``("quit",)``.

Events: ``("session", generation, config, residual_flags, X, y, bounds)``, ``("step", generation,
records, statuses, reasons)`` (``records[i]`` is the new :class:`LiveRecord` of stack ``i``
or None), ``("boundary", generation, grids)``, ``("stopped", generation, why)``,
``("paused", generation, counts)`` (the number of records sent per stack when a pause
command was read: nothing follows until the next play or step),
``("sweep_progress", generation, done, total)``, ``("sweep_done", generation, sweep_ratios)``,
``("failed", message)``.
"""

from __future__ import annotations

import pickle
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..child_io import lower_priority, serve_stdio
from .config import DeepConfig

__all__ = ["BOUNDARY_GRID", "BOUNDARY_PERIOD", "LiveRecord", "SweepRatios", "TrainingLoop",
           "main"]

BOUNDARY_GRID = 40  # decision boundary evaluated on a 40 x 40 grid
BOUNDARY_PERIOD = 0.5  # seconds between boundary updates while playing


@dataclass(frozen=True)
class LiveRecord:
    """The part of a :class:`~optim_lab.deep.training.StepRecord` the lab plots, in a
    torch-free class: unpickling it in the GUI process must not import torch (seconds of
    import holding the GIL, and 220 MB)."""

    step: int
    loss: float
    accuracy: float
    act_grad_norms: np.ndarray  # (depth,) ||dL/dh_l||
    weight_grad_norms: np.ndarray  # (depth,) ||dL/dW_l||
    update_ratios: np.ndarray  # (depth,) ||dW_l|| / ||W_l||
    lr: float
    clipped: bool
    sharpness: float | None

    @classmethod
    def of(cls, rec) -> LiveRecord:
        return cls(rec.step, rec.loss, rec.accuracy, rec.act_grad_norms, rec.weight_grad_norms,
                   rec.update_ratios, rec.lr, rec.clipped, rec.sharpness)


@dataclass(frozen=True)
class SweepRatios:
    """A depth sweep's first/last ratios (from :class:`~optim_lab.deep.sweep.DepthSweep`),
    torch-free like :class:`LiveRecord`."""

    depths: np.ndarray
    plain: np.ndarray
    residual: np.ndarray


class TrainingLoop:
    """Trains the stacks of the latest ``build`` command, step by step, between commands.

    ``emit(event)`` publishes an event tuple; ``abort`` cuts a depth sweep short.
    """

    def __init__(self, commands: queue.Queue, emit: Callable[[tuple], None],
                 abort: threading.Event) -> None:
        self.commands = commands
        self.emit = emit
        self.abort = abort
        self._generation = -1
        self._bounds = (0.0, 1.0, 0.0, 1.0)
        self._trainers: list = []
        self._sampler = None
        self._status: list[str] = []
        self._reasons: list[tuple] = []
        self._sent: list[int] = []
        self._playing = False
        self._pending_steps = 0
        self._max_steps = 0
        self._last_boundary = 0.0

    def run(self) -> None:
        """Loop until ``("quit",)``; commands are drained before each training step."""
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
                continue
            if busy:
                self._train_one()

    def _handle(self, cmd: tuple) -> None:
        kind = cmd[0]
        if kind == "build":
            self._build(*cmd[1:])
        elif kind == "play":
            self._playing = bool(self._trainers)
        elif kind == "pause":
            self._playing = False  # steps asked for one by one still run
            self._publish_boundary()
            self.emit(("paused", self._generation, list(self._sent)))
        elif kind == "step":
            self._pending_steps += cmd[1]
        elif kind == "budget":
            self._max_steps = cmd[1]
        elif kind == "sweep":
            self._sweep(cmd[1], cmd[2], cmd[3])

    def _build(self, generation: int, config: DeepConfig, compare: bool, max_steps: int) -> None:
        from .training import BatchSampler, StackTrainer, dataset_tensors

        self._playing, self._pending_steps, self._max_steps = False, 0, max_steps
        self._generation = generation
        X, y = dataset_tensors(config)
        flags = (False, True) if compare else (config.residual,)
        # the GUI keeps the records; the trainers keep none (no second copy in memory)
        self._trainers = [StackTrainer(config.with_(residual=r), X, y, keep=lambda k: False)
                          for r in flags]
        self._sampler = BatchSampler(len(y), config.batch_rows, config.seed)
        xn = X.numpy()
        lo, hi = xn.min(0), xn.max(0)
        pad = 0.15 * (hi - lo) + 1e-3
        self._bounds = (float(lo[0] - pad[0]), float(hi[0] + pad[0]),
                        float(lo[1] - pad[1]), float(hi[1] + pad[1]))
        self._status = ["ready"] * len(flags)
        self._sent = [0] * len(flags)  # records sent per stack
        self._reasons = [("", 0)] * len(flags)
        self.emit(("session", generation, config, flags, xn, y.numpy(), self._bounds))
        self._publish_boundary()

    def _train_one(self) -> None:
        if not self._trainers or all(t.diverged for t in self._trainers):
            self._playing, self._pending_steps = False, 0
            return
        idx = self._sampler.next()
        records = [trainer.step(idx) for trainer in self._trainers]
        for i, (trainer, rec) in enumerate(zip(self._trainers, records, strict=True)):
            if rec is not None:
                self._status[i] = "training"
                self._sent[i] += 1
            elif trainer.diverged and self._status[i] != "diverged":
                h = trainer.history
                self._status[i], self._reasons[i] = "diverged", (h.cause, h.diverged_at)
        # every stack's step in one event: one redraw per step
        live = [None if r is None else LiveRecord.of(r) for r in records]
        self.emit(("step", self._generation, live, list(self._status), list(self._reasons)))
        if self._pending_steps > 0:
            self._pending_steps -= 1
            if self._pending_steps == 0:
                self._publish_boundary()
        if self._playing and time.perf_counter() - self._last_boundary > BOUNDARY_PERIOD:
            self._publish_boundary()
        done = max(t.steps_done for t in self._trainers)
        if all(t.diverged for t in self._trainers):
            self._stop("diverged")
        elif done >= self._max_steps:
            self._stop("max_steps")

    def _stop(self, why: str) -> None:
        self._playing, self._pending_steps = False, 0
        self._publish_boundary()
        self.emit(("stopped", self._generation, why))

    def _publish_boundary(self) -> None:
        if not self._trainers:
            return
        self._last_boundary = time.perf_counter()
        x0, x1, y0, y1 = self._bounds
        xs = np.linspace(x0, x1, BOUNDARY_GRID)
        ys = np.linspace(y0, y1, BOUNDARY_GRID)
        self.emit(("boundary", self._generation, [t.predict_grid(xs, ys) for t in self._trainers]))

    def _sweep(self, generation: int, config: DeepConfig, depths: tuple[int, ...]) -> None:
        from .sweep import depth_sweep

        self.abort.clear()

        def progress(done: int, total: int) -> None:
            self.emit(("sweep_progress", generation, done, total))

        result = depth_sweep(config, depths, should_stop=self.abort.is_set, progress=progress)
        if result is not None:
            self.emit(("sweep_done", generation,
                       SweepRatios(result.depths, result.plain, result.residual)))


def _read_commands(stream, commands: queue.Queue, abort: threading.Event) -> None:
    """Unpickle commands from ``stream`` into ``commands`` (``cancel_sweep`` acts at once);
    end of input means quit (the GUI process has gone)."""
    while True:
        try:
            cmd = pickle.load(stream)
        except (EOFError, OSError, pickle.UnpicklingError):
            commands.put(("quit",))
            abort.set()
            return
        if cmd[0] in ("cancel_sweep", "quit"):
            abort.set()
        if cmd[0] != "cancel_sweep":
            commands.put(cmd)


def main() -> None:
    """The training process: commands on stdin, events on stdout."""
    serve_stdio(_serve)


def _serve(stdin, emit: Callable[[tuple], None]) -> None:
    commands: queue.Queue = queue.Queue()
    abort = threading.Event()
    reader = threading.Thread(target=_read_commands, args=(stdin, commands, abort), daemon=True)
    reader.start()
    try:
        import torch

        torch.set_num_threads(1)  # leave the other core to the GUI
        lower_priority()
        from . import training  # noqa: F401  (warm the import)
    except Exception as exc:  # pragma: no cover - a broken torch install
        emit(("failed", str(exc)))
        return
    TrainingLoop(commands, emit, abort).run()

if __name__ == "__main__":
    # run the module's own copy (not ``__main__``): pickled records must name
    # ``optim_lab.deep.live.LiveRecord`` for the GUI process to find it
    from optim_lab.deep import live

    live.main()
