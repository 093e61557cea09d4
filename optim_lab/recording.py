"""One run recorded with a stride: only every K-th point (and the last) is kept.

``runs.run`` keeps every step of a path, (steps + 1) x D floats; at D = 1000 and a
million steps that is 8 GB.  :func:`record_run` takes the same steps in the same
operation order (the 2-D float path and the batched N-D path of
:mod:`optim_lab.runs`, so the kept points are bitwise equal to
``run(...).points[::K]``) but holds at most one chunk of the path at a time
(:data:`CHUNK_BYTES`), keeps every K-th point of it, and reduces the rest to
what the end diagnosis needs:

- divergence and early-stop steps are exact (every step is still checked);
- the steps spent near a saddle are counted per step, chunk by chunk;
- the step a run converged at is exact when its target is a known minimum (the
  last step farther than the reach from each known minimum is tracked); when the
  target is only the end point it is found among the kept points, so it is exact
  for ``every=1`` and at most ``every - 1`` steps late otherwise.

It reports progress (``progress(step, steps)`` once per chunk) for long
command-line runs.  Memory: :func:`run_bytes` estimates the peak.

Training dynamics (``dynamics=``: noise, schedule, clipping, AMSGrad) run through the
same step functions as ``runs.run``, so a seeded noisy run records the same points.
A noisy run is diagnosed as ``runs.run`` does (at the centre of its last iterates,
with a noise ball) when those iterates are all kept (``every`` = 1, or a run short
enough for one chunk); otherwise at its last point.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .diagnosis import EndDiagnosis, settled_center
from .diagnosis import end_diagnosis as _end_diagnosis
from .diagnosis import near_critical_flags as _near_saddle_flags
from .dynamic_steps import lrs_for, optimizer_with, row_rule_dynamic
from .dynamics import PLAIN, Dynamics
from .norms import vector_norm
from .optimizers import Optimizer
from .outcome import Outcome, describe_outcome, outcome_of
from .run_loops import check_start as _check_start
from .run_loops import check_steps as _check_steps
from .run_loops import runaway_box as _runaway_box
from .run_loops import walk_2d
from .run_settings import DEFAULT_SETTINGS, RunSettings
from .surfaces import Surface, Surface2D

__all__ = ["CHUNK_BYTES", "RecordedRun", "record_run", "run_bytes"]

CHUNK_BYTES = 4 << 20  # points held at once before thinning
CHUNK_STEPS = 1 << 13  # and at most this many steps (progress granularity)


def _chunk_steps(dim: int) -> int:
    return max(1, min(CHUNK_STEPS, CHUNK_BYTES // (8 * dim)))


def run_bytes(dim: int, steps: int, every: int = 1) -> int:
    """Peak bytes of :func:`record_run`: the kept points (with loss, gradient norm and
    step, 8 bytes each), and one chunk of the path with its diagnosis temporaries
    (about 6 arrays of the chunk's size)."""
    chunk = min(steps + 1, _chunk_steps(dim))
    return _kept_count(steps, every) * (dim + 3) * 8 + chunk * (dim + 3) * 8 * 6


def _kept_count(steps: int, every: int) -> int:
    """Steps 0, K, 2K, ... up to ``steps``, and one more for a last step off the stride."""
    return steps // every + 2


@dataclass(frozen=True, eq=False)
class RecordedRun:
    """A run whose ``points[i]`` is the position after ``step_index[i]`` steps.

    Same fields as :class:`~optim_lab.runs.Trajectory` for what is kept; ``steps``
    is the number of steps taken (the last kept step).
    """

    surface: str
    dim: int
    optimizer: str
    hyperparameters: dict
    start: tuple[float, ...]
    steps_requested: int
    every: int
    step_index: np.ndarray  # (n,) increasing, from 0 to the last step taken
    points: np.ndarray  # (n, D), all finite
    losses: np.ndarray  # (n,)
    grad_norms: np.ndarray  # (n,)
    status: str
    diverged_at: int | None
    converged_at: int | None
    steps_near_saddle: int
    end: EndDiagnosis
    outcome: Outcome  # how it ended: the same structure and sentence as Trajectory's
    dynamics: Dynamics = PLAIN
    lrs: np.ndarray | None = None  # (n,) lr of the step leaving each kept point; None: constant
    noise_ball: float | None = None  # as Trajectory.noise_ball

    @property
    def steps(self) -> int:
        return int(self.step_index[-1])

    @property
    def final_point(self) -> np.ndarray:
        return self.points[-1]

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])

    def summary(self, limit: float | None = None) -> str:
        """The sentence ``Trajectory.summary`` gives for the same run."""
        return describe_outcome(self.outcome, limit)


class _Recorder:
    """Receives the path chunk by chunk; keeps every K-th point and the statistics."""

    def __init__(self, surface: Surface, every: int, steps: int, x0, f0: float, g0: float,
                 settings):
        self.surface, self.every, self.settings = surface, every, settings
        self.x0, self.g0 = np.asarray(x0, dtype=float), g0
        cap = _kept_count(steps, every)  # np.empty: pages a run never reaches stay unused
        self.k_steps, self.k_pts = np.empty(cap, dtype=np.int64), np.empty((cap, surface.dim))
        self.k_fs, self.k_gs = np.empty(cap), np.empty(cap)
        self.n_kept = 0
        self.near = 0
        self.last_flag, self.last_nearest = False, -1
        mins = surface.minima
        self.minima = np.array([m.point for m in mins]) if mins else np.zeros((0, surface.dim))
        self.last_away = np.full(len(mins), -1, dtype=np.int64)
        self.last = (0, self.x0, f0, g0)
        self.tail = np.zeros((0, surface.dim))  # the last iterates (settled_center's window)

    def add(self, t0: int, pts: np.ndarray, fs: np.ndarray, gs: np.ndarray) -> None:
        """Points of steps t0, t0+1, ...; all finite."""
        n = len(pts)
        if not n:
            return
        steps = np.arange(t0, t0 + n)
        flags, nearest = _near_saddle_flags(
            self.surface, np.vstack([self.x0[None, :], pts]), np.concatenate([[self.g0], gs]),
            self.settings)
        flags, nearest = flags[1:], nearest[1:]
        self.near += int(flags[steps >= 1].sum())
        self.last_flag, self.last_nearest = bool(flags[-1]), int(nearest[-1])
        r = self.settings.reach * self.surface.scale
        for i, m in enumerate(self.minima):
            away = np.flatnonzero(np.linalg.norm(pts - m, axis=1) > r)
            if away.size:
                self.last_away[i] = t0 + int(away[-1])
        self.tail = np.vstack([self.tail, pts])[-2 * 100:]
        keep = np.flatnonzero(steps % self.every == 0)
        self._keep(steps[keep], pts[keep], fs[keep], gs[keep])
        self.last = (t0 + n - 1, pts[-1].copy(), float(fs[-1]), float(gs[-1]))

    def _keep(self, steps, pts, fs, gs) -> None:
        a, b = self.n_kept, self.n_kept + len(steps)
        self.k_steps[a:b], self.k_pts[a:b], self.k_fs[a:b], self.k_gs[a:b] = steps, pts, fs, gs
        self.n_kept = b

    def arrays(self):
        """Kept steps, points, losses and gradient norms, ending with the last step taken."""
        t, p, f, g = self.last
        if not self.n_kept or self.k_steps[self.n_kept - 1] != t:
            self._keep(np.array([t]), p[None, :], np.array([f]), np.array([g]))
        n = self.n_kept
        return self.k_steps[:n], self.k_pts[:n], self.k_fs[:n], self.k_gs[:n]


def _path_2d(surface: Surface2D, opt: Optimizer, x0, steps: int, settings: RunSettings,
             rec: _Recorder, progress, dyn: Dynamics):
    """``run_loops.walk_2d`` chunk by chunk (the engine's own loop), kept with a stride."""
    diverged = None
    for part in walk_2d(surface, opt, x0, steps, settings, _chunk_steps(2), dyn):
        t0, pts, fs, gs, diverged, _ = part
        rec.add(t0, pts, fs, gs)
        if progress is not None:
            progress(t0 + len(pts) - 1, steps)
    return diverged


def _norm(g2: float, g: np.ndarray) -> float:
    """|g| from its square as ``run_loops.loop_batched`` records it: sqrt(g2), or the
    scaled norm where the square overflowed or may have underflowed."""
    return math.sqrt(g2) if 1e-290 < g2 < 1e300 else vector_norm(g)


def _path_nd(surface: Surface, opt: Optimizer, x0, steps: int, settings: RunSettings,
             rec: _Recorder, progress, dyn: Dynamics):
    """``runs._loop_batched`` for one optimizer, chunk by chunk, same operation order."""
    D = surface.dim
    c, r = _runaway_box(surface)
    inner2 = max(float(np.min(r - np.abs(c))), 0.0) ** 2
    X = np.asarray(x0, dtype=float)[None, :].copy()
    flat = X.reshape(-1)
    f, G = surface.value_grad(X)
    rowdot = getattr(np, "vecdot", None) or (lambda A, B: np.einsum("ij,ij->i", A, B))
    g2 = float(np.einsum("ij,ij->i", G, G)[0])
    gstop2 = (settings.gtol * max(1.0, vector_norm(G[0]))) ** 2
    g0 = _norm(g2, G[0])
    xstop2 = (settings.xtol * surface.scale) ** 2
    stop = settings.stop_on_convergence
    state = opt.init(X[0])
    rule, h = opt._rule, opt._h
    if dyn.needs_loop:  # as run_loops.loop_batched: noise / schedule rule, no early stop
        rule, h = row_rule_dynamic(opt, dyn, D)
        stop = False
    sqrt = np.sqrt
    isfinite = math.isfinite
    chunk = min(steps + 1, _chunk_steps(D))
    P, F, GN = np.empty((chunk, D)), np.empty(chunk), np.empty(chunk)
    P[0], F[0], GN[0] = X[0], f[0], g0
    n, t0 = 1, 0  # points in the chunk, step of its first point
    prev = X[0].copy()
    diverged = None
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            X[0], state = rule(X[0], G[0], state, t, h, sqrt)
            f, G = surface.value_grad(X)
            fl = float(f[0])
            g2 = float(rowdot(G, G)[0])
            if not (flat @ flat <= inner2 and isfinite(fl + g2)):
                # G itself, not its squared norm, which overflows for |g| > 1e154
                if not (isfinite(fl) and np.isfinite(G).all() and np.all(np.abs(X - c) <= r)):
                    diverged = t
                    break
            if n == chunk:
                rec.add(t0, P[:n], F[:n], GN[:n])
                if progress is not None:
                    progress(t - 1, steps)
                t0, n = t, 0
            P[n], F[n], GN[n] = X[0], fl, _norm(g2, G[0])
            n += 1
            if stop and g2 <= gstop2:
                d = X[0] - prev
                if float(d @ d) <= xstop2:
                    break
            prev[:] = X[0]
    rec.add(t0, P[:n], F[:n], GN[:n])
    if progress is not None:
        progress(t0 + n - 1, steps)
    return diverged


def record_run(surface: Surface, optimizer: Optimizer, start, steps: int, every: int = 1, *,
               settings: RunSettings = DEFAULT_SETTINGS,
               progress: Callable[[int, int], None] | None = None,
               dynamics: Dynamics | None = None) -> RecordedRun:
    """Run like :func:`optim_lab.runs.run`, keeping only steps 0, K, 2K, ... and the last."""
    dyn = PLAIN if dynamics is None else dynamics.checked(optimizer.name)
    optimizer = optimizer_with(optimizer, dyn)
    with np.errstate(all="ignore"):  # an overflowing start is refused, without warnings first
        x0 = _check_start(surface, start)
    steps = _check_steps(steps)
    if isinstance(every, bool) or not isinstance(every, (int, np.integer)) or every < 1:
        raise ValueError(f"invalid every: {every!r} (must be a positive integer)")
    if any(np.ndim(v) for v in optimizer.hyper.values()):
        raise ValueError("run takes scalar hyperparameters; use sweep for per-row values")
    with np.errstate(all="ignore"):  # the start's gradient norm exactly as runs.run gets it
        if isinstance(surface, Surface2D):
            f0, gx0, gy0 = surface.fg(x0[:1], x0[1:], np)
            f0, g0 = np.broadcast_to(f0, (1,)), float(np.hypot(gx0, gy0)[0])
        else:
            f0, G0 = surface.value_grad(x0[None, :])
            g0 = _norm(float(np.einsum("ij,ij->i", G0, G0)[0]), G0[0])
    rec = _Recorder(surface, int(every), steps, x0, float(f0[0]), g0, settings)
    path = _path_2d if isinstance(surface, Surface2D) else _path_nd
    diverged = path(surface, optimizer, x0, steps, settings, rec, progress, dyn)
    step_index, pts, fs, gs = rec.arrays()
    n = int(step_index[-1])
    all_lrs = lrs_for(dyn, float(optimizer.hyper["lr"]), n + 1)
    taken = n if diverged is None else max(int(diverged), 1)
    lr = (float(optimizer.hyper["lr"]) if all_lrs is None or not taken
          else float(np.max(all_lrs[:taken])))
    at_pts, at_gs = pts[-1:], gs[-1:]
    settled = None
    if dyn.has_noise and diverged is None:
        # the window runs.run averages: the last min(100, (n + 1) // 2) iterates
        settled = settled_center(rec.tail[-min(len(rec.tail), n + 1):], surface, settings)
    if settled is not None:
        at_pts = settled[0][None, :]
        at_gs = np.array([float(np.linalg.norm(surface.grad(at_pts)[0]))])
    end = _end_diagnosis(surface, at_pts, at_gs, diverged, settings,
                         np.array([rec.last_flag]), np.array([rec.last_nearest]))
    if settled is not None:
        pts_for_status = pts.copy()
        pts_for_status[-1] = settled[0]
    else:
        pts_for_status = pts
    status, converged_at = _status(surface, end, diverged, rec, step_index, pts_for_status, n,
                                   steps, settings, lr)
    noise_ball = settled[1] if settled is not None and status == "converged" else None
    lrs = None if all_lrs is None else all_lrs[step_index]
    for a in (step_index, pts, fs, gs) + (() if lrs is None else (lrs,)):
        a.setflags(write=False)
    steps_near = rec.near if n else int(rec.last_flag)
    outcome = outcome_of(
        status=status, steps=n, steps_requested=steps, diverged_at=diverged,
        converged_at=converged_at, end_point=pts_for_status[-1], loss=float(fs[-1]), lr=lr,
        classification=end.classification, minimum=end.nearest_minimum,
        critical_point=end.critical_point, steps_near=steps_near,
        has_minimum=surface.has_minimum, noise_ball=noise_ball,
    )
    return RecordedRun(
        surface=surface.name, dim=surface.dim, optimizer=optimizer.name,
        hyperparameters={k: float(v) for k, v in optimizer.hyper.items()},
        start=tuple(map(float, x0)), steps_requested=steps, every=int(every),
        step_index=step_index, points=pts, losses=fs, grad_norms=gs, status=status,
        diverged_at=diverged, converged_at=converged_at,
        steps_near_saddle=steps_near, end=end, outcome=outcome, dynamics=dyn, lrs=lrs,
        noise_ball=noise_ball,
    )


def _status(surface, end, diverged, rec: _Recorder, step_index, pts, n, steps, settings, lr):
    """The status rule of ``diagnosis.decide_status``, on the tracked statistics."""
    if diverged is not None:
        return "diverged", None
    if steps == 0 or lr == 0.0:
        return "not_moving", None
    if end.classification == "minimum" or (
        end.nearest_minimum is not None and end.classification not in ("saddle", "maximum")
    ):
        r = settings.reach * surface.scale
        if end.nearest_minimum is not None and end.nearest_minimum.sharpness is None:
            i = int(np.argmin(np.linalg.norm(rec.minima - end.nearest_minimum.as_array(), axis=1)))
            last_away = int(rec.last_away[i])
        elif end.nearest_minimum is not None:  # a point of a continuum: among the kept points
            away = np.flatnonzero(
                np.linalg.norm(pts - end.nearest_minimum.as_array(), axis=1) > r)
            last_away = int(step_index[away[-1] + 1]) - 1 if away.size else -1
        else:
            away = np.flatnonzero(np.linalg.norm(pts - pts[-1], axis=1) > r)
            last_away = int(step_index[away[-1] + 1]) - 1 if away.size else -1
        return "converged", min(last_away + 1, n)
    if rec.last_flag or end.classification in ("saddle", "maximum") or (
        end.classification == "degenerate" and n < steps
    ):
        return "stalled", None
    return "max_steps", None
