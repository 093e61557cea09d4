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

A run may carry training dynamics (:class:`~optim_lab.dynamics.Dynamics`: gradient
noise, a learning-rate schedule, clipping, AMSGrad); a plain one (``is_plain()``)
takes exactly the old path.  A noisy run that settles is diagnosed at the centre of
its last iterates and reports the radius of its noise ball
(:func:`~optim_lab.diagnosis.settled_center`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .diagnosis import (
    EndDiagnosis,
    decide_status,
    end_diagnosis,
    near_critical_flags,
    settled_center,
)
from .dynamic_steps import lrs_for, optimizer_with
from .dynamics import PLAIN, Dynamics
from .optimizers import Optimizer
from .outcome import Outcome, describe_outcome, outcome_of
from .row_distances import step_lengths_of
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
    dynamics: Dynamics = PLAIN  # noise, schedule, clipping, AMSGrad of this run
    # lrs[k]: the learning rate of the step leaving points[k] (torch's param_group lr after
    # k scheduler steps), shape (n+1,); None when the lr was constant.
    lrs: np.ndarray | None = field(repr=False, default=None)
    # A noisy run that settled: the RMS distance of its last min(100, (n+1)//2) iterates
    # from their mean (diagnosis.settled_center), the centre being where it is diagnosed.
    # None for noiseless runs and for noisy runs that did not settle.
    noise_ball: float | None = None

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


def _finish(surface, opt, x0, steps, pts, fs, gs, diverged, settings,
            dyn: Dynamics = PLAIN) -> Trajectory:
    flags, nearest_critical = near_critical_flags(surface, pts, gs, settings)
    n = len(pts) - 1
    lrs = lrs_for(dyn, float(opt.hyper["lr"]), n + 1)
    # the largest lr the steps taken used (the one that decides stability)
    taken = n if diverged is None else max(int(diverged), 1)
    lr = float(opt.hyper["lr"]) if lrs is None or not taken else float(np.max(lrs[:taken]))
    at, g_at = pts, gs
    settled = settled_center(pts, surface, settings) if dyn.has_noise and diverged is None \
        else None
    if settled is not None:  # diagnose where the noise ball is centred, not its last jitter
        at, g_at = pts.copy(), gs.copy()
        at[-1] = settled[0]
        g_at[-1] = float(np.linalg.norm(surface.grad(settled[0][None, :])[0]))
    end = end_diagnosis(surface, at, g_at, diverged, settings, flags, nearest_critical)
    steps_near = int(flags[1:].sum()) if n else int(flags.sum())
    status, converged_at = decide_status(surface, at, steps, diverged, end, flags, settings, lr)
    noise_ball = settled[1] if settled is not None and status == "converged" else None
    step_lengths = np.zeros(n + 1)
    if n:
        step_lengths[1:] = step_lengths_of(pts)
    for a in (pts, fs, gs, step_lengths, flags) + (() if lrs is None else (lrs,)):
        a.setflags(write=False)
    outcome = outcome_of(
        status=status, steps=n, steps_requested=steps, diverged_at=diverged,
        converged_at=converged_at, end_point=at[-1], loss=float(fs[-1]), lr=lr,
        classification=end.classification, minimum=end.nearest_minimum,
        critical_point=end.critical_point, steps_near=steps_near,
        has_minimum=surface.has_minimum, noise_ball=noise_ball,
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
        dynamics=dyn,
        lrs=lrs,
        noise_ball=noise_ball,
    )


def run(surface: Surface, optimizer: Optimizer, start, steps: int,
        settings: RunSettings = DEFAULT_SETTINGS, dynamics: Dynamics | None = None
        ) -> Trajectory:
    """Run ``optimizer`` from ``start`` for up to ``steps`` steps and diagnose the end.

    ``dynamics``: the run's noise, schedule, clipping and AMSGrad (checked here)."""
    return run_many(surface, [optimizer], start, steps, settings, [dynamics])[0]


def checked_dynamics(optimizers: Sequence[Optimizer], dynamics) -> list[Dynamics]:
    """One checked :class:`Dynamics` per optimizer (None: plain); ValueError if bad."""
    if dynamics is None or isinstance(dynamics, Dynamics):
        dynamics = [dynamics] * len(optimizers)
    dynamics = list(dynamics)
    if len(dynamics) != len(optimizers):
        raise ValueError(f"{len(dynamics)} dynamics for {len(optimizers)} optimizers")
    return [PLAIN if d is None or d is PLAIN else d.checked(o.name)
            for o, d in zip(optimizers, dynamics)]


def run_many(surface: Surface, optimizers: Sequence[Optimizer], start, steps: int,
             settings: RunSettings = DEFAULT_SETTINGS,
             dynamics: Dynamics | Sequence[Dynamics | None] | None = None) -> list[Trajectory]:
    """Several optimizers from one start; N-D surfaces share one batched evaluation.

    ``dynamics``: one for all runs, or one per optimizer (None: plain)."""
    x0 = check_start(surface, start)
    steps = check_steps(steps)
    for o in optimizers:
        if any(np.ndim(v) for v in o.hyper.values()):
            raise ValueError("run takes scalar hyperparameters; use sweep for per-row values")
    dyns = checked_dynamics(optimizers, dynamics)
    optimizers = [optimizer_with(o, d) for o, d in zip(optimizers, dyns)]
    if isinstance(surface, Surface2D):
        raw = [loop_2d(surface, o, x0, steps, settings, d) for o, d in zip(optimizers, dyns)]
    else:
        raw = loop_batched(surface, optimizers, x0, steps, settings, dyns) if optimizers else []
    return [
        _finish(surface, o, x0, steps, *r, settings, d)
        for o, r, d in zip(optimizers, raw, dyns)
    ]
