"""Run optimizers on a surface and say what happened.

``run`` gives one :class:`Trajectory`; ``run_many`` several optimizers from one
start.  Every run ends with a status:

- ``converged``: gradient and step tiny at a minimum (or settled onto a known one);
- ``diverged``: a position left the runaway box (100x the plotting box) or a
  value became non-finite; the step index is kept and nothing non-finite is
  returned;
- ``stalled``: it ended at, or still sits near, a saddle (tiny gradient where
  the Hessian has negative curvature, or within reach of a known saddle);
- ``max_steps``: still moving when the step budget ran out.

2-D surfaces run on Python floats (a few hundred ns a step); N-D surfaces run
as numpy batches.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .fast2d import pair_step
from .norms import row_norms, vector_norm
from .optimizers import Optimizer
from .surfaces import CriticalPoint, Surface, Surface2D, classify_eigenvalues

__all__ = ["EndDiagnosis", "RunSettings", "Trajectory", "run", "run_many", "STATUSES"]

STATUSES = ("converged", "diverged", "stalled", "max_steps")
MAX_STEPS = 1_000_000
RUNAWAY_FACTOR = 100.0  # a run that leaves 100x the plotting box has diverged
HESSIAN_MAX_DIM = 300  # dense Hessians per point above this are too costly
STALL_HESSIAN_MAX_DIM = 10  # Hessian-based stall test along a whole path: small D only


@dataclass(frozen=True)
class RunSettings:
    """Tolerances, relative to the surface's scale (box diagonal) and start gradient."""

    gtol: float = 1e-8  # early stop: |g| <= gtol * max(1, |g0|) ...
    xtol: float = 1e-10  # ... and step <= xtol * scale
    reach: float = 2e-3  # "at" a known minimum: within reach * scale
    saddle_radius: float = 0.02  # "near" a known saddle: within this * scale
    small_grad: float = 1e-2  # "tiny" gradient for stall detection: * |g0|
    stop_on_convergence: bool = True


DEFAULT_SETTINGS = RunSettings()


@dataclass(frozen=True)
class EndDiagnosis:
    """Where a run ended: Hessian class, nearest known minimum, escape direction."""

    classification: str  # minimum | saddle | maximum | degenerate | unknown
    eigenvalues: tuple[float, ...] | None = None
    escape_direction: tuple[float, ...] | None = None
    nearest_minimum: CriticalPoint | None = None
    is_global: bool | None = None
    saddle: CriticalPoint | None = None  # known saddle the run sat near, if any


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

    @property
    def steps(self) -> int:
        return len(self.points) - 1

    @property
    def final_point(self) -> np.ndarray:
        return self.points[-1]

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])

    def summary(self) -> str:
        """One English sentence for logs and the command line."""
        end = self.end
        if self.status == "diverged":
            return f"diverged at step {self.diverged_at} (last finite loss {self.final_loss:.4g})"
        if self.status == "converged":
            where = _fmt(end.nearest_minimum.point) if end.nearest_minimum else _fmt(self.points[-1])
            kind = "global" if end.is_global else "local" if end.is_global is False else "a"
            at = self.converged_at if self.converged_at is not None else self.steps
            return f"reached the {kind} minimum {where} in {at} steps" if kind != "a" else (
                f"converged to {where} in {at} steps")
        if self.status == "stalled":
            where = _fmt(end.saddle.point) if end.saddle else _fmt(self.points[-1])
            return f"stalled near the saddle {where} for {self.steps_near_saddle} steps"
        return f"still moving after {self.steps} steps (loss {self.final_loss:.4g})"


def _fmt(p) -> str:
    return "(" + ", ".join(f"{v:.4g}" for v in p) + ")"


def _runaway_box(surface: Surface) -> tuple[np.ndarray, np.ndarray]:
    c = surface.center
    half = 0.5 * (surface.bounds[:, 1] - surface.bounds[:, 0])
    return c, RUNAWAY_FACTOR * half


def _check_start(surface: Surface, start) -> np.ndarray:
    x0 = np.asarray(start, dtype=float).reshape(-1)
    if x0.shape != (surface.dim,):
        raise ValueError(
            f"start has {x0.size} coordinate(s); {surface.name} needs {surface.dim}"
        )
    if not np.all(np.isfinite(x0)):
        raise ValueError(f"start must be finite, got {x0.tolist()}")
    with np.errstate(all="ignore"):
        f, g = surface.value_grad(x0[None, :])
    where = "(" + ", ".join(f"{v:g}" for v in x0) + ")"
    if not np.isfinite(f[0]):
        raise ValueError(
            f"{surface.name} is not finite at the start {where}: f = {float(f[0])!r} "
            "(outside float64's range); choose a start closer to the plotted region"
        )
    if not np.all(np.isfinite(g)):
        raise ValueError(
            f"the gradient of {surface.name} is not finite at the start {where} "
            "(outside float64's range); choose a start closer to the plotted region"
        )
    return x0


def _check_steps(steps) -> int:
    if isinstance(steps, bool) or int(steps) != steps or not 0 <= int(steps) <= MAX_STEPS:
        raise ValueError(f"invalid steps: {steps!r} (must be an integer from 0 to {MAX_STEPS})")
    return int(steps)


# --- the 2-D fast path -------------------------------------------------------------

def _loop_2d(surface: Surface2D, opt: Optimizer, x0, steps: int, settings: RunSettings):
    """Plain-float loop; returns arrays and the index of divergence (or None).

    Only positions are recorded in the loop; losses and gradient norms of the
    whole path are evaluated afterwards in one batched call (a third less work
    per step).  The loop still checks every step: in the runaway box, finite
    gradient, and |g|² and the step small enough to stop.
    """
    fg = surface.fg
    m = math
    state, step = pair_step(opt)
    (cx, cy), (rx, ry) = _runaway_box(surface)
    xlo, xhi, ylo, yhi = cx - rx, cx + rx, cy - ry, cy + ry
    x, y = float(x0[0]), float(x0[1])
    _, gx, gy = fg(x, y, m)
    gstop2 = (settings.gtol * max(1.0, math.hypot(gx, gy))) ** 2
    xstop2 = (settings.xtol * surface.scale) ** 2
    stop = settings.stop_on_convergence
    xs, ys = [x], [y]
    xa, ya = xs.append, ys.append
    diverged = None
    inf = math.inf
    for t in range(1, steps + 1):
        px, py = x, y
        x, y, state = step(x, y, gx, gy, state, t)
        if not (xlo <= x <= xhi and ylo <= y <= yhi):  # also catches NaN
            diverged = t
            break
        try:
            _, gx, gy = fg(x, y, m)
        except (OverflowError, ValueError, ZeroDivisionError):
            diverged = t
            break
        g2 = gx * gx + gy * gy
        if not g2 < inf and not (abs(gx) < inf and abs(gy) < inf):  # g2 alone may overflow
            diverged = t
            break
        xa(x)
        ya(y)
        if stop and g2 <= gstop2 and (x - px) ** 2 + (y - py) ** 2 <= xstop2:
            break
    pts = np.column_stack([np.asarray(xs), np.asarray(ys)])
    with np.errstate(all="ignore"):
        fs, gxs, gys = fg(pts[:, 0], pts[:, 1], np)
    fs = np.broadcast_to(fs, len(pts)).astype(float)
    gs = np.hypot(gxs, gys)
    bad = np.flatnonzero(~(np.isfinite(fs) & np.isfinite(gs)))
    if bad.size:  # a finite gradient with a non-finite value: stop there too
        k = int(bad[0])
        pts, fs, gs, diverged = pts[:k], fs[:k], gs[:k], k
    return pts, fs, gs, diverged


# --- the batched N-D path -----------------------------------------------------------

def _loop_batched(surface: Surface, opts: Sequence[Optimizer], x0, steps: int,
                  settings: RunSettings):
    """All optimizers advance together; one surface call per step for the whole batch.

    The hot loop keeps numpy calls per step to a minimum: per-row losses and
    squared gradient norms go to Python lists (K floats), one cheap whole-batch
    test falls back to the exact per-row checks, and the step length is only
    computed once a gradient is tiny.  Points are recorded into one
    (K, steps+1, D) block and returned as views of it.
    """
    K, D = len(opts), surface.dim
    c, r = _runaway_box(surface)
    # ‖X‖² <= inner² implies |x_i| <= inner <= r_i − |c_i|, i.e. every row is in the box.
    inner2 = max(float(np.min(r - np.abs(c))), 0.0) ** 2
    X = np.tile(np.asarray(x0, dtype=float), (K, 1))
    flat = X.reshape(-1)  # a view: X is updated in place
    f, G = surface.value_grad(X)
    gl = np.einsum("ij,ij->i", G, G).tolist()
    g0 = vector_norm(G[0])
    gstop2 = (settings.gtol * max(1.0, g0)) ** 2
    xstop2 = (settings.xtol * surface.scale) ** 2
    stop = settings.stop_on_convergence
    states = [o.init(X[k]) for k, o in enumerate(opts)]
    P = np.empty((K, steps + 1, D))
    P[:, 0] = X
    F, GN2 = [f.tolist()], [gl]
    n_done = np.full(K, steps)  # index of the last recorded point per row
    diverged: list[int | None] = [None] * K
    active = np.ones(K, dtype=bool)
    rows = [(k, opts[k]._rule, opts[k]._h) for k in range(K)]
    sqrt = np.sqrt
    isfinite = math.isfinite
    rowdot = getattr(np, "vecdot", None) or (lambda A, B: np.einsum("ij,ij->i", A, B))
    t = 0
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            for k, rule, h in rows:
                X[k], states[k] = rule(X[k], G[k], states[k], t, h, sqrt)
            f, G = surface.value_grad(X)
            P[:, t] = X
            fl = f.tolist()
            gl = rowdot(G, G).tolist()
            F.append(fl)
            GN2.append(gl)
            changed = False
            if not (flat @ flat <= inner2 and isfinite(sum(fl) + sum(gl))):
                # G itself, not its squared norm, which overflows for |g| > 1e154
                ok = (np.isfinite(fl) & np.isfinite(G).all(axis=1)
                      & (np.abs(X - c) <= r).all(axis=1))
                for k in np.flatnonzero(active & ~ok):
                    diverged[k] = t
                    n_done[k] = t - 1
                    active[k] = False
                    X[k] = P[k, t - 1]  # keep the batch finite for the rows still running
                    changed = True
            if stop and min(gl) <= gstop2:
                d = X - P[:, t - 1]
                st2 = rowdot(d, d)
                for k in np.flatnonzero(active & (np.asarray(gl) <= gstop2) & (st2 <= xstop2)):
                    n_done[k] = t
                    active[k] = False
                    changed = True
            if changed:
                if not active.any():
                    break
                rows = [(k, opts[k]._rule, opts[k]._h) for k in np.flatnonzero(active)]
    Fa = np.array(F).T  # (K, t+1)
    GN2a = np.array(GN2).T
    Ga = np.sqrt(GN2a)
    # Squares that overflowed or may have underflowed: norms again, scaled, from the points.
    redo = ~((GN2a < 1e300) & (GN2a > 1e-290))
    for k in np.flatnonzero(redo.any(axis=1)):
        idx = np.flatnonzero(redo[k, : int(n_done[k]) + 1])
        if idx.size:
            with np.errstate(all="ignore"):
                Ga[k, idx] = row_norms(surface.grad(P[k, idx]))
    out = []
    for k in range(K):
        n = int(n_done[k]) + 1
        pts = P[k, :n] if n == steps + 1 else P[k, :n].copy()  # free the unused tail
        out.append((pts, Fa[k, :n].copy(), Ga[k, :n].copy(), diverged[k]))
    return out


# --- diagnosis ----------------------------------------------------------------------

def _lowest_eigenvalues(H: np.ndarray) -> np.ndarray:
    """Smallest eigenvalue of each symmetric matrix; closed form for 2 x 2."""
    if H.shape[1] == 2:
        a, b, c = H[:, 0, 0], H[:, 0, 1], H[:, 1, 1]
        return 0.5 * (a + c) - np.hypot(0.5 * (a - c), b)
    return np.linalg.eigvalsh(H)[:, 0]


def _newton_distance(H: np.ndarray, G: np.ndarray) -> np.ndarray:
    """‖H⁻¹g‖ per point: how far the quadratic model puts the nearest critical point.

    A small gradient alone is no evidence of a critical point (a plateau's tail or
    a valley floor has one too); a short Newton step is.  Singular H: pseudo-inverse.
    """
    with np.errstate(all="ignore"):
        return np.linalg.norm(np.einsum("bij,bj->bi", np.linalg.pinv(H), G), axis=1)


def _near_saddle_flags(surface: Surface, pts, gnorms, settings: RunSettings):
    """Per point: within reach of a known saddle, or near a critical point (short Newton
    step) where the Hessian has negative curvature."""
    flags = np.zeros(len(pts), dtype=bool)
    nearest = np.full(len(pts), -1)
    radius = settings.saddle_radius * surface.scale
    saddles = surface.saddles
    if saddles:
        S = np.array([s.point for s in saddles])
        d = np.linalg.norm(pts[:, None, :] - S[None, :, :], axis=2)
        nearest = np.argmin(d, axis=1)
        flags |= d[np.arange(len(pts)), nearest] <= radius
    if surface.dim <= STALL_HESSIAN_MAX_DIM:
        tiny = max(settings.small_grad * float(gnorms[0]), 1e-12)
        cand = np.flatnonzero((gnorms <= tiny) & ~flags)
        if cand.size:
            H = surface.hessian(pts[cand])
            lam_min = _lowest_eigenvalues(H)
            neg = lam_min < -1e-8 * np.maximum(1.0, np.abs(lam_min))
            cand, H = cand[neg], H[neg]
            if cand.size:
                dist = _newton_distance(H, surface.grad(pts[cand]))
                flags[cand[dist <= radius]] = True
    return flags, nearest


def _end_diagnosis(surface: Surface, pts, gnorms, diverged, settings, flags, nearest_saddle):
    if diverged is not None:
        return EndDiagnosis("unknown")
    end = pts[-1]
    eig = vec = None
    cls = "unknown"
    if surface.dim <= HESSIAN_MAX_DIM:
        H = surface.hessian(end[None, :])
        eig, V = np.linalg.eigh(H[0])
        at_critical = gnorms[-1] == 0.0 or (
            _newton_distance(H, surface.grad(end[None, :]))[0] <= settings.reach * surface.scale
        )
        if at_critical:
            cls = classify_eigenvalues(eig)
        if eig[0] < -1e-8 * max(1.0, abs(eig[0])):
            vec = V[:, 0]
    saddle = None
    if flags[-1] and surface.saddles and nearest_saddle[-1] >= 0:
        near = surface.saddles[int(nearest_saddle[-1])]
        if np.linalg.norm(end - near.as_array()) <= settings.saddle_radius * surface.scale:
            saddle = near
            if cls in ("unknown", "degenerate"):
                cls = "saddle"
            if vec is None and surface.dim <= HESSIAN_MAX_DIM:
                e2, V2 = np.linalg.eigh(surface.hessian(saddle.as_array()[None, :])[0])
                if e2[0] < -1e-8 * max(1.0, abs(e2[0])):
                    vec = V2[:, 0]
    mn = surface.nearest(end, "minimum")
    reached = None
    if mn is not None and np.linalg.norm(end - mn.as_array()) <= settings.reach * surface.scale:
        reached = mn
        if cls == "unknown":
            cls = "minimum"
    return EndDiagnosis(
        classification=cls,
        eigenvalues=None if eig is None else tuple(map(float, eig)),
        escape_direction=None if vec is None or cls == "minimum" else tuple(map(float, vec)),
        nearest_minimum=reached,
        is_global=None if reached is None else reached.is_global,
        saddle=saddle,
    )


def _finish(surface, opt, x0, steps, pts, fs, gs, diverged, settings) -> Trajectory:
    flags, nearest_saddle = _near_saddle_flags(surface, pts, gs, settings)
    end = _end_diagnosis(surface, pts, gs, diverged, settings, flags, nearest_saddle)
    n = len(pts) - 1
    steps_near = int(flags[1:].sum()) if n else int(flags.sum())
    converged_at = None
    if diverged is not None:
        status = "diverged"
    elif end.classification == "minimum" or (
        end.nearest_minimum is not None and end.classification != "saddle"
    ):
        status = "converged"
        target = end.nearest_minimum.as_array() if end.nearest_minimum else pts[-1]
        r = settings.reach * surface.scale
        away = np.flatnonzero(np.linalg.norm(pts - target, axis=1) > r)
        converged_at = int(away[-1] + 1) if away.size else 0
        converged_at = min(converged_at, n)
    elif flags[-1] or end.classification in ("saddle", "maximum") or (
        end.classification == "degenerate" and n < steps
    ):
        status = "stalled"
    else:
        status = "max_steps"
    step_lengths = np.zeros(n + 1)
    if n:
        step_lengths[1:] = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    for a in (pts, fs, gs, step_lengths, flags):
        a.setflags(write=False)
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
    )


def run(surface: Surface, optimizer: Optimizer, start, steps: int,
        settings: RunSettings = DEFAULT_SETTINGS) -> Trajectory:
    """Run ``optimizer`` from ``start`` for up to ``steps`` steps and diagnose the end."""
    return run_many(surface, [optimizer], start, steps, settings)[0]


def run_many(surface: Surface, optimizers: Sequence[Optimizer], start, steps: int,
             settings: RunSettings = DEFAULT_SETTINGS) -> list[Trajectory]:
    """Several optimizers from one start; N-D surfaces share one batched evaluation."""
    x0 = _check_start(surface, start)
    steps = _check_steps(steps)
    for o in optimizers:
        if any(np.ndim(v) for v in o.hyper.values()):
            raise ValueError("run takes scalar hyperparameters; use sweep for per-row values")
    if isinstance(surface, Surface2D):
        raw = [_loop_2d(surface, o, x0, steps, settings) for o in optimizers]
    else:
        raw = _loop_batched(surface, optimizers, x0, steps, settings) if optimizers else []
    return [
        _finish(surface, o, x0, steps, *r, settings) for o, r in zip(optimizers, raw)
    ]
