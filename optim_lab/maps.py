"""Maps: one outcome per start (basins of attraction) or per hyperparameter pair.

A map is many runs of one optimizer computed as one batch of numpy array
operations (the hyperparameters of :mod:`optim_lab.optimizers` may be per-row
arrays), on a 2-D surface:

- :func:`basin_map` — a grid of starts over a box, one optimizer setting: each
  cell is labelled by where its run ends;
- :func:`hyper_map` — one start, a grid of learning rate α (log spaced) × the
  optimizer's β (heavy-ball / Nesterov ``momentum``, Adam's ``beta1``, RMSprop's
  ``alpha``);
- :func:`lr_sweep` — one start, one β, final loss against α (the "too small —
  right — too large" curve).

Every run follows :func:`optim_lab.runs.run` exactly: the same update rule, the
same divergence test (leaving 100x the plotting box, or a non-finite value or
gradient; the step index is kept), the same early stop (|g| <= gtol·max(1, |g₀|)
and step <= xtol·scale; the run is then frozen) and the same end diagnosis, so a
cell's label equals what ``run`` says of the same start.  Labels:

- ``k >= 0``: index into ``surface.minima`` of the known minimum reached;
- :data:`DIVERGED` (−1), :data:`STALLED` (−2, ended at or near a saddle),
  :data:`NOT_CONVERGED` (−3, still moving at the step budget),
  :data:`OTHER_MINIMUM` (−4, converged to a minimum that is not in the list).

Theory drawn with the maps (Goh, "Why Momentum Really Works", Distill 2017): on a
quadratic with top Hessian eigenvalue λ_max, GD is stable iff α < 2/λ_max and
heavy-ball momentum iff α < 2(1+β)/λ_max (see :mod:`optim_lab.stability`).

Training dynamics (:class:`~optim_lab.dynamics.Dynamics`, the ``dynamics=`` argument):
clipping and AMSGrad are optimizer settings; gradient noise and a learning-rate
schedule are applied as the single run applies them, and a noisy cell that settles is
diagnosed at the centre of its noise ball.  A cell is the single run from that start
with the same Dynamics (same seed: every cell draws the same noise sequence); see
:mod:`optim_lab.maps_dynamics` for how that is batched exactly.  A plain map (no noise,
no schedule) takes exactly the old path.

A request is sized before any work (:func:`estimate_bytes`) and refused above the
memory budget of :mod:`optim_lab.budget` with the estimate in the message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from .budget import check_memory
from .dynamic_steps import optimizer_with
from .dynamics import PLAIN, Dynamics
from .maps_compiled import compiled_batch
from .maps_dynamics import NoiseWindow, StepDynamics, noise_window
from .maps_separable import separable_batch
from .optimizers import CLIP_EPS, Optimizer, make_optimizer
from .runs import DEFAULT_SETTINGS, RUNAWAY_FACTOR, RunSettings, _check_steps
from .stability import lambda_max, limit_for
from .surfaces import Surface

__all__ = [
    "BETA_NAMES", "DIVERGED", "LABEL_NAMES", "NOT_CONVERGED", "OTHER_MINIMUM", "STALLED",
    "BasinMap", "BatchOutcome", "HyperMap", "MapCancelled", "basin_map", "estimate_bytes",
    "hyper_map", "lr_sweep", "map_dynamics", "run_batch",
]

DIVERGED, STALLED, NOT_CONVERGED, OTHER_MINIMUM = -1, -2, -3, -4
LABEL_NAMES = {DIVERGED: "diverged", STALLED: "stalled", NOT_CONVERGED: "not_converged",
               OTHER_MINIMUM: "other_minimum"}
# the hyperparameter on a map's second axis, per optimizer (None: only the lr axis)
BETA_NAMES: dict[str, str | None] = {
    "gd": None, "adagrad": None, "momentum": "momentum", "nesterov": "momentum",
    "adam": "beta1", "adamw": "beta1", "rmsprop": "alpha",
}
BYTES_PER_RUN = 48 * 8  # ~48 float64 arrays of length B live at the peak of a step
MAX_GRID = 2048


class MapCancelled(Exception):
    """``should_stop()`` returned True: the map was abandoned (a newer one was asked for)."""


def estimate_bytes(runs: int, window: int = 0) -> int:
    """Peak bytes for a batch of ``runs`` 2-D runs (positions, gradients, state, temporaries);
    ``window``: iterates kept per run for a noisy run's end diagnosis
    (:func:`optim_lab.maps_dynamics.noise_window`), 16 bytes each."""
    return int(runs) * (BYTES_PER_RUN + 16 * int(window))


def map_dynamics(optimizer: Optimizer, dynamics: Dynamics | None) -> tuple[Optimizer, Dynamics]:
    """The optimizer with the run's clipping and AMSGrad on, and the checked dynamics
    (ValueError naming the bad field)."""
    dyn = PLAIN if dynamics is None else dynamics.checked(optimizer.name)
    return optimizer_with(optimizer, dyn), dyn


@dataclass(frozen=True, eq=False)
class BatchOutcome:
    """Per run: end point (last finite point if diverged), loss there, label, steps taken."""

    final_points: np.ndarray  # (B, 2)
    final_losses: np.ndarray  # (B,)
    labels: np.ndarray  # (B,) int
    steps_taken: np.ndarray  # (B,) int: the early stop, the divergence step, or ``steps``


def run_batch(surface: Surface, optimizer: Optimizer, starts, steps: int, *,
              settings: RunSettings = DEFAULT_SETTINGS,
              should_stop: Callable[[], bool] | None = None, check_every: int = 25,
              progress: Callable[[int, int], None] | None = None,
              threads: int | None = None, dynamics: Dynamics | None = None) -> BatchOutcome:
    """Run every row of ``starts`` (B, 2) with ``optimizer`` (scalar or (B,) hyperparameters).

    ``dynamics``: every row's noise (one seed: every row draws the same noise sequence, as
    a single run with that seed), schedule, clipping and AMSGrad.

    A start where f or ∇f is not finite is labelled diverged at step 0.
    Raises :class:`MapCancelled` when ``should_stop()`` (polled every ``check_every``
    steps) returns True; ``progress(t, steps)`` is called as often.

    Rows are independent, so with ``threads`` > 1 a large batch (:data:`SPLIT_ROWS`
    rows or more per thread) is cut into blocks run on threads at once: numpy releases
    the GIL inside its array operations, and every row takes the same operations as
    alone (bit-equal results).  The default is one thread: on a shared 2-core machine
    two threads were as often slower (256² Rosenbrock momentum: 0.54 s vs 0.42 s with the
    other core busy) as faster (1.07 s vs 1.34 s); ``threads=0`` uses every core (at
    most :data:`MAX_THREADS`).
    """
    # first: any fast path for plain maps must come after this and skip dyn.needs_loop
    optimizer, dyn = map_dynamics(optimizer, dynamics)
    if not dyn.needs_loop:  # plain maps: a separable surface runs 1-D sequences per start
        # coordinate; a few surfaces and rules run compiled (numba, if installed)
        for fast_path in (separable_batch, compiled_batch):
            fast = fast_path(surface, optimizer, starts, steps, settings=settings,
                             should_stop=should_stop, check_every=check_every,
                             progress=progress)
            if fast is not None:
                return fast
    B = np.shape(starts)[0] if np.ndim(starts) == 2 else 0
    n = _thread_count(B, threads)
    if n <= 1:
        return _run_rows(surface, optimizer, starts, steps, settings=settings,
                         should_stop=should_stop, check_every=check_every, progress=progress,
                         dynamics=dyn)
    S = np.asarray(starts, dtype=float)
    for k, v in optimizer.hyper.items():  # checked before the rows are cut
        if np.ndim(v) and np.size(v) != B:
            raise ValueError(f"{k} has {np.size(v)} values for {B} starts")
    check_memory(estimate_bytes(B, noise_window(dyn, steps)), f"a map of {B:,} runs",
                 "use a coarser grid")
    bounds = np.linspace(0, B, n + 1).astype(int)
    blocks = [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:])]
    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="optim-lab-map") as pool:
        futures = [pool.submit(_run_rows, surface, _rows_of(optimizer, sl, B), S[sl], steps,
                               settings=settings, should_stop=should_stop,
                               check_every=check_every, progress=progress if k == 0 else None,
                               dynamics=dyn)
                   for k, sl in enumerate(blocks)]
        parts = [f.result() for f in futures]
    return BatchOutcome(*(np.concatenate([getattr(p, name) for p in parts])
                          for name in ("final_points", "final_losses", "labels", "steps_taken")))


SPLIT_ROWS = 8192  # fewer rows per thread: the per-step Python work outweighs the gain
MAX_THREADS = 4


def _thread_count(rows: int, threads: int | None) -> int:
    if threads is None:
        threads = 1
    elif threads == 0:
        threads = min(os.cpu_count() or 1, MAX_THREADS)
    return max(1, min(int(threads), rows // SPLIT_ROWS))


def _rows_of(opt: Optimizer, sl: slice, B: int) -> Optimizer:
    """``opt`` with its per-row hyperparameters cut to the rows ``sl``."""
    def cut(v):
        return v[sl] if isinstance(v, np.ndarray) and v.shape[:1] == (B,) else v

    return Optimizer(opt.name, {k: cut(v) for k, v in opt.hyper.items()}, opt._rule,
                     {k: cut(v) for k, v in opt._h.items()})


def _run_rows(surface: Surface, optimizer: Optimizer, starts, steps: int, *,
              settings: RunSettings, should_stop, check_every: int, progress,
              dynamics: Dynamics = PLAIN) -> BatchOutcome:
    """:func:`run_batch` on one block of rows, in this thread (``optimizer`` already
    carries the dynamics' clipping and AMSGrad)."""
    steps = _check_steps(steps)
    if surface.dim != 2 or not hasattr(surface, "fg"):
        raise ValueError(f"maps need a 2-D surface; {surface.name} has dimension {surface.dim}")
    S = np.asarray(starts, dtype=float)
    if S.ndim != 2 or S.shape[1] != 2:
        raise ValueError(f"starts must have shape (B, 2), got {S.shape}")
    B = S.shape[0]
    for k, v in optimizer.hyper.items():
        if np.ndim(v) and np.size(v) != B:
            raise ValueError(f"{k} has {np.size(v)} values for {B} starts")
    window = noise_window(dynamics, steps)
    check_memory(estimate_bytes(B, window), f"a map of {B:,} runs", "use a coarser grid")
    fg = surface.fg
    (cx, cy) = surface.center
    rx, ry = RUNAWAY_FACTOR * 0.5 * (surface.bounds[:, 1] - surface.bounds[:, 0])
    xlo, xhi, ylo, yhi = cx - rx, cx + rx, cy - ry, cy + ry
    xstop2 = (settings.xtol * surface.scale) ** 2
    stop = settings.stop_on_convergence
    dyn = ball = None
    if dynamics.needs_loop:  # noise or a schedule: every step is run, as a single run does
        dyn, stop = StepDynamics(dynamics, optimizer._h["lr"]), False
        ball = NoiseWindow(B, steps, window) if window else None
    taken = np.full(B, steps, dtype=np.int64)
    X_end = S.copy()
    with np.errstate(all="ignore"):
        f, gx, gy = fg(S[:, 0], S[:, 1], np)
        f, gx, gy = (np.broadcast_to(a, (B,)).astype(float) for a in (f, gx, gy))
        bad0 = ~(np.isfinite(f) & np.isfinite(gx) & np.isfinite(gy))
        g0 = np.hypot(gx, gy)
        diverged = bad0.copy()
        taken[bad0] = 0
        w = _Working(optimizer, S[:, 0].copy(), S[:, 1].copy(), gx, gy,
                     (settings.gtol * np.maximum(1.0, g0)) ** 2, np.arange(B))
        w.keep(~bad0)
        finished = 0  # rows of the working set already recorded (stopped early)
        add_reduce, min_reduce, max_reduce = np.add.reduce, np.minimum.reduce, np.maximum.reduce
        isfinite = np.isfinite
        for t in range(1, steps + 1):
            if not w.idx.size:
                break
            w.px, w.py = px, py = w.x, w.y
            gx, gy = w.gx, w.gy
            if dyn is not None:  # noise, then clipping, then the rule at the step's lr
                gx, gy = dyn.gradient(t, gx, gy)
            if w.clip is not None:
                gx, gy = clip_pairs(gx, gy, w.opt._h["clip_norm"])
            if dyn is None:
                w.x, w.sx = w.opt.update(px, gx, w.sx, t, np.sqrt)
                w.y, w.sy = w.opt.update(py, gy, w.sy, t, np.sqrt)
            else:
                h, rule = dyn.hyper(w.opt._h, w.idx), w.opt._rule
                w.x, w.sx = rule(px, gx, w.sx, t, h, np.sqrt)
                w.y, w.sy = rule(py, gy, w.sy, t, h, np.sqrt)
            f, w.gx, w.gy = surface.step_fg(w.x, w.y)  # f: only tested finite
            # fast test by reductions (a finite sum has only finite terms, and |g|² is
            # needed for the stop test anyway); the exact per-row test only when it fails
            if stop:
                g2 = w.gx * w.gx
                g2 += w.gy * w.gy
                total = add_reduce(g2) + add_reduce(f)
            else:
                total = add_reduce(w.gx) + add_reduce(w.gy) + add_reduce(f)
            if not (isfinite(total) and xlo <= min_reduce(w.x) and max_reduce(w.x) <= xhi
                    and ylo <= min_reduce(w.y) and max_reduce(w.y) <= yhi):
                ok = ((np.abs(w.x - cx) <= rx) & (np.abs(w.y - cy) <= ry)
                      & np.isfinite(w.gx) & np.isfinite(w.gy) & np.isfinite(f))
                newly = w.live & ~ok
                rows = w.idx[newly]
                taken[rows] = t
                diverged[rows] = True
                X_end[rows, 0], X_end[rows, 1] = px[newly], py[newly]
                w.live &= ok
                if stop:
                    g2 = g2[w.live]
                w.keep(w.live)
                px, py = w.px, w.py
                finished = 0
            if stop:
                small = g2 <= w.gstop2
                small &= w.live
                if small.any():
                    dx, dy = w.x - px, w.y - py
                    done = small & (dx * dx + dy * dy <= xstop2)
                    if done.any():
                        rows = w.idx[done]
                        taken[rows] = t
                        X_end[rows, 0], X_end[rows, 1] = w.x[done], w.y[done]
                        w.live &= ~done
                        finished += int(done.sum())
                        if finished * 4 >= w.idx.size:
                            w.keep(w.live)
                            finished = 0
            if ball is not None:  # no early stop here: every live row is in the working set
                ball.record(t, w.idx, w.x, w.y)
            if t % check_every == 0:
                if should_stop is not None and should_stop():
                    raise MapCancelled
                if progress is not None:
                    progress(t, steps)
        live = w.idx[w.live]
        X_end[live, 0], X_end[live, 1] = w.x[w.live], w.y[w.live]
        X = X_end
        f, G = surface.value_grad(X)
        at = None
        if ball is not None:  # a noisy run that settled is diagnosed at its noise ball's centre
            rows = np.flatnonzero(~diverged)
            ok, centers = ball.settled(rows, settings.reach * surface.scale)
            if ok.any():
                at = X.copy()
                at[rows[ok]] = centers[ok]
    if at is None:
        labels = _labels(surface, X, G, g0, diverged, taken < steps, settings)
    else:
        _, G_at = surface.value_grad(at)
        labels = _labels(surface, at, G_at, g0, diverged, taken < steps, settings,
                         last=(X, G))
    f = np.where(diverged, np.nan, f)
    return BatchOutcome(X, f, labels, taken)


def clip_pairs(gx: np.ndarray, gy: np.ndarray, max_norm) -> tuple[np.ndarray, np.ndarray]:
    """``clip_grad_norm_`` of each run's gradient (gx, gy), as :mod:`optim_lab.fast2d` does:
    g * min((1 / (sqrt(gx² + gy²) + 1e-6)) * max_norm, 1), the norm by ``hypot`` where
    the squares overflow although g is finite."""
    norm = np.sqrt(gx * gx + gy * gy)
    over = np.isinf(norm) & np.isfinite(gx) & np.isfinite(gy)
    if over.any():
        norm[over] = np.hypot(gx[over], gy[over])
    coef = np.minimum((1.0 / (norm + CLIP_EPS)) * max_norm, 1.0)
    return gx * coef, gy * coef


class _Working:
    """The rows still running, compacted: finished rows are dropped from every array.
    A clipping optimizer is run unclipped: :func:`clip_pairs` clips each run first (the
    rule would clip a whole column of the batch as one vector)."""

    def __init__(self, opt: Optimizer, x, y, gx, gy, gstop2, idx):
        self.clip = opt.clip_norm
        if self.clip is not None:
            opt = Optimizer(opt.name, opt.hyper, opt._rule.unclipped, opt._h)
        self.opt, self.x, self.y, self.gx, self.gy, self.gstop2, self.idx = (
            opt, x, y, gx, gy, gstop2, idx)
        self.sx, self.sy = opt.init(x), opt.init(y)
        self.live = np.ones(idx.size, dtype=bool)
        self.px, self.py = x, y  # positions before the current step

    def keep(self, mask: np.ndarray) -> None:
        if mask.all():
            return
        n = mask.size

        def cut(v):
            return v[mask] if isinstance(v, np.ndarray) and v.shape[:1] == (n,) else v

        for name in ("x", "y", "px", "py", "gx", "gy", "gstop2", "idx", "live"):
            setattr(self, name, getattr(self, name)[mask])
        self.sx, self.sy = tuple(map(cut, self.sx)), tuple(map(cut, self.sy))
        o = self.opt
        self.opt = Optimizer(o.name, o.hyper, o._rule, {k: cut(v) for k, v in o._h.items()})


def _labels(surface: Surface, X, G, g0, diverged, stopped_early, settings,
            last: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """The end diagnosis of :func:`optim_lab.runs.run`, for every row at once.

    ``last``: (points, gradients) of the last iterates when ``X`` holds, for some rows,
    the centre of a noise ball instead (:mod:`optim_lab.maps_dynamics`): the run is
    classified at ``X`` but its near-saddle flag is the last iterate's, as
    :func:`optim_lab.runs._finish` does."""
    B = X.shape[0]
    scale = surface.scale
    with np.errstate(all="ignore"):
        a, b, c, newton, gn = _curvature(surface, X, G)
        half_gap = np.hypot(0.5 * (a - c), b)
        lo, hi = 0.5 * (a + c) - half_gap, 0.5 * (a + c) + half_gap
        if last is None:
            lo_f, newton_f, gn_f, X_f = lo, newton, gn, X
        else:
            X_f = last[0]
            a, b, c, newton_f, gn_f = _curvature(surface, X_f, last[1])
            lo_f = 0.5 * (a + c) - np.hypot(0.5 * (a - c), b)
    finite_eig = np.isfinite(lo) & np.isfinite(hi)
    tol = 1e-8 * np.maximum(1.0, np.maximum(np.abs(lo), np.abs(hi)))
    pos, neg = hi > tol, lo < -tol
    # classify_eigenvalues as codes: 0 unknown, 1 minimum, 2 maximum, 3 saddle, 4 degenerate
    cls = np.full(B, 4, dtype=np.int8)
    cls[lo > tol] = 1
    cls[hi < -tol] = 2
    cls[pos & neg] = 3
    at_critical = (gn == 0.0) | (newton <= settings.reach * scale)
    cls[~(at_critical & finite_eig)] = 0
    # the last iterate near a known saddle or maximum, or a short Newton step to negative
    # curvature (diagnosis.near_critical_flags)
    saddle_r = settings.saddle_radius * scale
    stall_points = tuple(p for p in surface.critical_points if p.kind in ("saddle", "maximum"))
    sad_idx, sad_d = _nearest(X_f, stall_points)
    tiny = np.maximum(settings.small_grad * g0, 1e-12)
    neg_curv = lo_f < -1e-8 * np.maximum(1.0, np.abs(lo_f))
    flag = (sad_d <= saddle_r) | ((gn_f <= tiny) & neg_curv & (newton_f <= saddle_r))
    if last is None:
        near_known = sad_d <= saddle_r
    else:  # that point is "the one it sat at" if the centre is near it too
        near_known = flag & _within(X, stall_points, sad_idx, saddle_r)
    if stall_points:  # an inconclusive Hessian takes the tabulated kind (end_diagnosis)
        kind = np.array([3 if p.kind == "saddle" else 2 for p in stall_points], dtype=np.int8)
        tab = near_known & ((cls == 0) | (cls == 4))
        cls[tab] = kind[sad_idx[tab]]
    # the known minimum nearest (Surface.minimum_near): a listed one, or a point of a curve
    # of minima (the catapult's uv = 1) if nearer; the Hessian on the curve is singular,
    # and a hair off it its zero eigenvalue takes either sign, so there a degenerate or
    # saddle class means a minimum as well
    reach = settings.reach * scale
    min_idx, min_d = _nearest(X, surface.minima)
    on_curve = np.zeros(B, dtype=bool)
    if surface.minimum_set is not None:
        with np.errstate(all="ignore"):
            Q = np.asarray(surface.minimum_set(X), dtype=float).reshape(B, -1)
            curve_d = np.where(np.all(np.isfinite(Q), axis=1),
                               np.linalg.norm(X - Q, axis=1), np.inf)
        nearer = curve_d < min_d  # a listed minimum wins a tie
        on_curve = nearer & (curve_d <= reach)
        min_d = np.where(nearer, np.inf, min_d)
        cls[on_curve & ((cls == 0) | (cls == 3) | (cls == 4))] = 1
    reached = min_d <= reach  # a listed minimum
    cls[reached & (cls == 0)] = 1
    converged = (cls == 1) | ((reached | on_curve) & (cls != 3) & (cls != 2))
    stalled = flag | (cls == 3) | (cls == 2) | ((cls == 4) & stopped_early)
    labels = np.full(B, NOT_CONVERGED, dtype=np.int64)
    labels[stalled] = STALLED
    labels[converged] = np.where(reached, min_idx, OTHER_MINIMUM)[converged]
    labels[diverged] = DIVERGED
    return labels


def _curvature(surface: Surface, X, G):
    """Hessian entries a, b, c (H = [[a, b], [b, c]]), Newton step length |H⁺g| and |g|."""
    H = surface.hessian(X)
    newton = np.linalg.norm(np.einsum("bij,bj->bi", _pinv2(H), G), axis=1)
    return H[:, 0, 0], H[:, 0, 1], H[:, 1, 1], newton, np.hypot(G[:, 0], G[:, 1])


def _within(X: np.ndarray, points, idx: np.ndarray, radius: float) -> np.ndarray:
    """Per row: the point ``points[idx]`` (idx >= 0) is within ``radius`` of the row."""
    out = np.zeros(X.shape[0], dtype=bool)
    if not points:
        return out
    P = np.array([p.point for p in points], dtype=float)
    has = idx >= 0
    d = np.linalg.norm(X[has] - P[idx[has]], axis=1)
    out[has] = d <= radius
    return out


def _pinv2(H: np.ndarray) -> np.ndarray:
    """Pseudo-inverses of (B, 2, 2) matrices (``np.linalg.pinv`` only where singular)."""
    det = H[:, 0, 0] * H[:, 1, 1] - H[:, 0, 1] * H[:, 1, 0]
    out = np.empty_like(H)
    out[:, 0, 0], out[:, 1, 1] = H[:, 1, 1], H[:, 0, 0]
    out[:, 0, 1], out[:, 1, 0] = -H[:, 0, 1], -H[:, 1, 0]
    out /= det[:, None, None]
    norm = np.max(np.abs(H.reshape(-1, 4)), axis=1)
    weak = ~(np.abs(det) > 1e-12 * norm * norm) | ~np.isfinite(out).all(axis=(1, 2))
    weak &= np.isfinite(H).all(axis=(1, 2))
    if weak.any():
        out[weak] = np.linalg.pinv(H[weak])
    return out


def _nearest(X: np.ndarray, points) -> tuple[np.ndarray, np.ndarray]:
    """Index of and distance to the nearest of ``points`` per row (−1, inf if none)."""
    idx = np.full(X.shape[0], -1, dtype=np.int64)
    best = np.full(X.shape[0], np.inf)
    x, y = X[:, 0], X[:, 1]
    for i, p in enumerate(points):
        dx, dy = x - p.point[0], y - p.point[1]
        d2 = dx * dx + dy * dy
        closer = d2 < best
        best[closer] = d2[closer]
        idx[closer] = i
    return idx, np.sqrt(best)


def _check_grid(n, what: str) -> int:
    if isinstance(n, bool) or int(n) != n or not 2 <= int(n) <= MAX_GRID:
        raise ValueError(f"invalid {what}: {n!r} (must be a whole number from 2 to {MAX_GRID})")
    return int(n)


@dataclass(frozen=True, eq=False)
class BasinMap:
    """Where every start of an ``n_y`` x ``n_x`` grid ends; arrays indexed ``[iy, ix]``."""

    surface: str
    optimizer: str
    hyperparameters: dict
    steps: int
    x: np.ndarray  # (n_x,) grid axis
    y: np.ndarray  # (n_y,)
    labels: np.ndarray  # (n_y, n_x)
    steps_taken: np.ndarray  # (n_y, n_x)
    minima: tuple[tuple[tuple[float, float], bool], ...]  # (point, is_global) per label index
    dynamics: Dynamics = PLAIN  # the runs' noise, schedule, clipping, AMSGrad

    def counts(self) -> dict[int, int]:
        """Cells per label, ascending, for the labels present.  Labels are small integers
        (−4 … number of minima − 1): one ``bincount`` (a live map's legend asks for these on
        every coarse map; ``np.unique`` sorts the whole grid)."""
        flat = np.asarray(self.labels).ravel()
        if flat.size == 0:
            return {}
        lo, hi = int(flat.min()), int(flat.max())
        if flat.dtype.kind not in "iu" or hi - lo > 1 << 20:
            vals, n = np.unique(flat, return_counts=True)
            return {int(v): int(k) for v, k in zip(vals, n, strict=True)}
        n = np.bincount(flat - lo)
        return {i + lo: int(k) for i, k in enumerate(n.tolist()) if k}


def basin_map(surface: Surface, optimizer: Optimizer, box: Sequence[float], n: int,
              steps: int, *, settings: RunSettings = DEFAULT_SETTINGS,
              should_stop: Callable[[], bool] | None = None,
              progress: Callable[[int, int], None] | None = None,
              dynamics: Dynamics | None = None) -> BasinMap:
    """Label every start of an n x n grid over ``box`` = (xmin, xmax, ymin, ymax);
    ``dynamics``: the runs' noise (one seed for every cell), schedule, clipping, AMSGrad."""
    n = _check_grid(n, "grid size")
    x0, x1, y0, y1 = (float(v) for v in box)
    if not (np.isfinite([x0, x1, y0, y1]).all() and x0 < x1 and y0 < y1):
        raise ValueError(f"invalid box {box!r}: need finite xmin < xmax and ymin < ymax")
    if any(np.ndim(v) for v in optimizer.hyper.values()):
        raise ValueError("a basin map takes scalar hyperparameters")
    dyn = PLAIN if dynamics is None else dynamics.checked(optimizer.name)
    check_memory(estimate_bytes(n * n, noise_window(dyn, steps)), f"a {n}x{n} basin map",
                 "use a coarser grid")
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    XX, YY = np.meshgrid(xs, ys)
    out = run_batch(surface, optimizer, np.column_stack([XX.ravel(), YY.ravel()]), steps,
                    settings=settings, should_stop=should_stop, progress=progress,
                    dynamics=dyn)
    return BasinMap(
        surface=surface.name, optimizer=optimizer.name,
        hyperparameters={k: float(v) for k, v in optimizer.hyper.items()}, steps=int(steps),
        x=xs, y=ys, labels=out.labels.reshape(n, n), steps_taken=out.steps_taken.reshape(n, n),
        minima=tuple((tuple(map(float, m.point)), bool(m.is_global)) for m in surface.minima),
        dynamics=dyn,
    )


@dataclass(frozen=True, eq=False)
class HyperMap:
    """Outcomes over lr (columns) x β (rows); a learning-rate sweep has one row, β fixed."""

    surface: str
    optimizer: str
    start: tuple[float, float]
    steps: int
    beta_name: str | None
    lrs: np.ndarray  # (n_lr,)
    betas: np.ndarray  # (n_beta,) values of beta_name (one row for a sweep)
    labels: np.ndarray  # (n_beta, n_lr)
    steps_taken: np.ndarray  # (n_beta, n_lr)
    final_losses: np.ndarray  # (n_beta, n_lr); NaN where diverged
    lam_max_start: float  # top Hessian eigenvalue at the start
    lam_max_minimum: float | None  # ... at the known minimum nearest the start
    minima: tuple[tuple[tuple[float, float], bool], ...] = ()  # what labels index
    dynamics: Dynamics = PLAIN  # the runs' noise, schedule (from each cell's lr), clipping

    def boundary(self, beta: np.ndarray | float, at: str = "minimum") -> np.ndarray | None:
        """Theoretical largest stable lr per β: 2/λ_max (GD), 2(1+β)/λ_max (momentum), as a
        base lr (the lr axis): with a schedule it is the *peak* scheduled lr that must stay
        below the limit, so the limit is divided by peak / base (below 1 only for a LinearLR
        whose factors are both below 1, see :meth:`~optim_lab.dynamics.Dynamics.peak_lr`)."""
        lam = self.lam_max_minimum if at == "minimum" else self.lam_max_start
        if lam is None or self.optimizer not in ("gd", "momentum", "nesterov"):
            return None
        peak = self.dynamics.peak_lr(1.0)
        return np.array([(limit_for(self.optimizer, lam, float(b)) or np.nan) / peak
                         for b in np.atleast_1d(beta)])


def hyper_map(surface: Surface, optimizer: Optimizer, start: Sequence[float],
              lrs: Sequence[float], betas: Sequence[float] | None, steps: int, *,
              settings: RunSettings = DEFAULT_SETTINGS,
              should_stop: Callable[[], bool] | None = None,
              progress: Callable[[int, int], None] | None = None,
              dynamics: Dynamics | None = None) -> HyperMap:
    """Run ``optimizer`` from ``start`` for every (β, lr) pair; other hyperparameters fixed.

    ``dynamics``: every cell's noise (one seed), schedule (applied to the cell's own lr, as
    a single run of that lr would), clipping and AMSGrad.

    ``betas=None`` (or an optimizer with no β, see :data:`BETA_NAMES`): one row at the
    optimizer's own β — a learning-rate sweep.
    """
    beta_name = BETA_NAMES.get(optimizer.name)
    lr = np.asarray(lrs, dtype=float).reshape(-1)
    if beta_name is None or betas is None:
        beta = np.array([float(optimizer.hyper[beta_name])]) if beta_name else np.array([0.0])
    else:
        beta = np.asarray(betas, dtype=float).reshape(-1)
    if lr.size < 1 or lr.size > MAX_GRID or beta.size > MAX_GRID:
        raise ValueError(f"a map takes 1 to {MAX_GRID} values per axis")
    dyn = PLAIN if dynamics is None else dynamics.checked(optimizer.name)
    check_memory(estimate_bytes(lr.size * beta.size, noise_window(dyn, steps)),
                 f"a {beta.size}x{lr.size} hyperparameter map", "use a coarser grid")
    LR, BETA = np.meshgrid(lr, beta)
    hyper = {k: v for k, v in optimizer.hyper.items()}
    hyper["lr"] = LR.ravel()
    if beta_name:
        hyper[beta_name] = BETA.ravel()
    batch_opt = make_optimizer(optimizer.name, **hyper)
    p = np.asarray(start, dtype=float).reshape(1, 2)
    out = run_batch(surface, batch_opt, np.repeat(p, LR.size, axis=0), steps,
                    settings=settings, should_stop=should_stop, progress=progress,
                    dynamics=dyn)
    near = surface.nearest(p[0], "minimum")
    lam_min = lambda_max(surface, near.point) if near is not None and near.smooth else None
    shape = LR.shape
    return HyperMap(
        surface=surface.name, optimizer=optimizer.name, start=(float(p[0, 0]), float(p[0, 1])),
        steps=int(steps), beta_name=beta_name, lrs=lr, betas=beta,
        labels=out.labels.reshape(shape), steps_taken=out.steps_taken.reshape(shape),
        final_losses=out.final_losses.reshape(shape), lam_max_start=lambda_max(surface, p[0]),
        lam_max_minimum=lam_min,
        minima=tuple((tuple(map(float, m.point)), bool(m.is_global)) for m in surface.minima),
        dynamics=dyn,
    )


def lr_sweep(surface: Surface, optimizer: Optimizer, start: Sequence[float],
             lrs: Sequence[float], steps: int, **kwargs) -> HyperMap:
    """Final loss and steps against lr at the optimizer's own β: a one-row :class:`HyperMap`."""
    return hyper_map(surface, optimizer, start, lrs, None, steps, **kwargs)
