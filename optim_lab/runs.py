"""Run optimizers on a surface and say what happened.

``run`` gives one :class:`Trajectory`; ``run_many`` several optimizers from one
start.  Every run ends with a status:

- ``converged``: gradient and step tiny at a minimum (or settled onto a known one);
- ``diverged``: a position left the runaway box (100x the plotting box) or a
  value became non-finite; the step index is kept and nothing non-finite is
  returned;
- ``stalled``: it ended at, or still sits near, a saddle or a maximum (tiny
  gradient where the Hessian has negative curvature, or within reach of a
  known one);
- ``max_steps``: still moving when the step budget ran out;
- ``not_moving``: learning rate 0 or 0 steps requested.

and an :class:`~optim_lab.outcome.Outcome` (``traj.outcome``) from which every
sentence about it is rendered (``traj.summary()`` in English).

2-D surfaces run on Python floats (a few hundred ns a step,
:mod:`optim_lab.run_loops`); N-D surfaces run as numpy batches.  The end is
diagnosed in :mod:`optim_lab.diagnosis`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .diagnosis import EndDiagnosis, decide_status, end_diagnosis, near_critical_flags
from .optimizers import Optimizer
from .outcome import Outcome, describe_outcome, outcome_of
from .run_loops import check_start, check_steps, loop_2d, loop_batched
from .run_settings import DEFAULT_SETTINGS, MAX_STEPS, RUNAWAY_FACTOR, STATUSES, RunSettings
from .surfaces import Surface, Surface2D

# The settings' names stay importable from here (sweep, io, experiment and tests use them).
__all__ = ["DEFAULT_SETTINGS", "EndDiagnosis", "MAX_STEPS", "Outcome", "RUNAWAY_FACTOR",
           "RunSettings", "STATUSES", "Trajectory", "run", "run_many"]

_check_steps = check_steps  # the names sweep.py, cli.py and recording.py import
_check_start = check_start


@dataclass(frozen=True, eq=False)
class Trajectory:
    """An immutable record of one run; ``points[k]`` is the position after k steps."""

    surface: str
    dim: int
    optimizer: str
    hyperparameters: dict
    start: tuple[float, ...]
    steps_requested: int
    points: np.ndarray  # (n+1, D), all finite
    losses: np.ndarray  # (n+1,)
    grad_norms: np.ndarray  # (n+1,)
    step_lengths: np.ndarray  # (n+1,), 0 at index 0
    status: str
    diverged_at: int | None
    converged_at: int | None
    steps_near_saddle: int
    end: EndDiagnosis
    near_saddle: np.ndarray = field(repr=False)  # (n+1,) bool
    outcome: Outcome = field(repr=False, default=None)  # how it ended, for every text

    @property
    def steps(self) -> int:
        return len(self.points) - 1

    @property
    def final_point(self) -> np.ndarray:
        return self.points[-1]

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])

    def summary(self, limit: float | None = None) -> str:
        """One English sentence for logs, files and the command line (see ``outcome``)."""
        return describe_outcome(self.outcome, limit)


def _finish(surface, opt, x0, steps, pts, fs, gs, diverged, settings) -> Trajectory:
    flags, nearest_critical = near_critical_flags(surface, pts, gs, settings)
    end = end_diagnosis(surface, pts, gs, diverged, settings, flags, nearest_critical)
    n = len(pts) - 1
    steps_near = int(flags[1:].sum()) if n else int(flags.sum())
    lr = float(opt.hyper["lr"])
    status, converged_at = decide_status(surface, pts, steps, diverged, end, flags, settings, lr)
    step_lengths = np.zeros(n + 1)
    if n:
        step_lengths[1:] = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    for a in (pts, fs, gs, step_lengths, flags):
        a.setflags(write=False)
    outcome = outcome_of(
        status=status, steps=n, steps_requested=steps, diverged_at=diverged,
        converged_at=converged_at, end_point=pts[-1], loss=float(fs[-1]), lr=lr,
        classification=end.classification, minimum=end.nearest_minimum,
        critical_point=end.critical_point, steps_near=steps_near,
        has_minimum=bool(surface.minima),
    )
    return Trajectory(
        surface=surface.name,
        dim=surface.dim,
        optimizer=opt.name,
        hyperparameters={k: float(v) for k, v in opt.hyper.items()},
        start=tuple(map(float, x0)),
        steps_requested=steps,
        points=pts,
        losses=fs,
        grad_norms=gs,
        step_lengths=step_lengths,
        status=status,
        diverged_at=diverged,
        converged_at=converged_at,
        steps_near_saddle=steps_near,
        end=end,
        near_saddle=flags,
        outcome=outcome,
    )


def run(surface: Surface, optimizer: Optimizer, start, steps: int,
        settings: RunSettings = DEFAULT_SETTINGS) -> Trajectory:
    """Run ``optimizer`` from ``start`` for up to ``steps`` steps and diagnose the end."""
    return run_many(surface, [optimizer], start, steps, settings)[0]


def run_many(surface: Surface, optimizers: Sequence[Optimizer], start, steps: int,
             settings: RunSettings = DEFAULT_SETTINGS) -> list[Trajectory]:
    """Several optimizers from one start; N-D surfaces share one batched evaluation."""
    x0 = check_start(surface, start)
    steps = check_steps(steps)
    for o in optimizers:
        if any(np.ndim(v) for v in o.hyper.values()):
            raise ValueError("run takes scalar hyperparameters; use sweep for per-row values")
    if isinstance(surface, Surface2D):
        raw = [loop_2d(surface, o, x0, steps, settings) for o in optimizers]
    else:
        raw = loop_batched(surface, optimizers, x0, steps, settings) if optimizers else []
    return [
        _finish(surface, o, x0, steps, *r, settings) for o, r in zip(optimizers, raw)
    ]
