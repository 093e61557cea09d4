"""The run loops: a plain-float loop for 2-D surfaces, a numpy batch for N-D ones.

Both take validated input (``check_start``, ``check_steps``) and return, per run,
the recorded points, losses, gradient norms (scale-safe) and the step at which
it diverged (or None).  Nothing non-finite is recorded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .dynamic_steps import pair_step_dynamic, row_rule_dynamic
from .dynamics import Dynamics
from .fast2d import pair_step
from .inplace_steps import inplace_step
from .norms import row_norms, vector_norm
from .optimizers import Optimizer
from .run_settings import MAX_STEPS, RUNAWAY_FACTOR, RunSettings
from .surfaces import Surface, Surface2D

__all__ = ["check_start", "check_steps", "loop_2d", "loop_batched", "runaway_box"]


def runaway_box(surface: Surface) -> tuple[np.ndarray, np.ndarray]:
    c = surface.center
    half = 0.5 * (surface.bounds[:, 1] - surface.bounds[:, 0])
    return c, RUNAWAY_FACTOR * half


def check_start(surface: Surface, start) -> np.ndarray:
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


def check_steps(steps) -> int:
    if isinstance(steps, bool) or int(steps) != steps or not 0 <= int(steps) <= MAX_STEPS:
        raise ValueError(f"invalid steps: {steps!r} (must be an integer from 0 to {MAX_STEPS})")
    return int(steps)


def walk_2d(surface: Surface2D, opt: Optimizer, x0, steps: int, settings: RunSettings,
            chunk: int | None = None, dynamics: Dynamics | None = None):
    """Plain-float loop, yielding the path in chunks of up to ``chunk`` steps (all at once
    by default) as ``(t0, points, losses, grad_norms, diverged, done)``; ``t0`` is the step
    index of the chunk's first point.

    Only positions are recorded in the loop; losses and gradient norms of each chunk are
    evaluated afterwards in one batched call (a third less work per step).  The loop still
    checks every step: in the runaway box, finite gradient, and |g|² and the step small
    enough to stop.  ``loop_2d`` and the strided recorder (``recording.record_run``) both
    walk this one loop, so they take the same float operations in the same order.

    ``dynamics`` with noise or a schedule swaps in the step of
    :func:`optim_lab.dynamic_steps.pair_step_dynamic`; the loop itself is the same
    (``opt`` must already carry the run's clipping and AMSGrad, see ``optimizer_with``).
    """
    fg = surface.fg
    m = math
    stop = settings.stop_on_convergence
    if dynamics is not None and dynamics.needs_loop:
        state, step = pair_step_dynamic(opt, dynamics)
        stop = False  # noise moves on, a schedule may still raise the lr: run every step
    else:
        state, step = pair_step(opt)
    (cx, cy), (rx, ry) = runaway_box(surface)
    xlo, xhi, ylo, yhi = cx - rx, cx + rx, cy - ry, cy + ry
    x, y = float(x0[0]), float(x0[1])
    _, gx, gy = fg(x, y, m)
    gstop2 = (settings.gtol * max(1.0, math.hypot(gx, gy))) ** 2
    xstop2 = (settings.xtol * surface.scale) ** 2
    chunk = max(int(chunk or steps), 1)
    diverged = None
    inf = math.inf
    t = t0 = 0
    done = steps == 0
    xs, ys = [x], [y]
    while True:
        xa, ya = xs.append, ys.append
        for t in range(t + 1, min(steps, t + chunk) + 1):  # noqa: B020 - t carries on
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
                done = True
                break
        done = done or diverged is not None or t >= steps
        pts = np.column_stack([np.asarray(xs), np.asarray(ys)])
        with np.errstate(all="ignore"):
            fs, gxs, gys = fg(pts[:, 0], pts[:, 1], np)
        fs = np.broadcast_to(fs, len(pts)).astype(float)
        gs = np.hypot(gxs, gys)
        bad = np.flatnonzero(~(np.isfinite(fs) & np.isfinite(gs)))
        if bad.size:  # a finite gradient with a non-finite value: stop there too
            k = int(bad[0])
            pts, fs, gs, diverged, done = pts[:k], fs[:k], gs[:k], t0 + k, True
        yield t0, pts, fs, gs, diverged, done
        if done:
            return
        t0 += len(pts)
        xs, ys = [], []


def loop_2d(surface: Surface2D, opt: Optimizer, x0, steps: int, settings: RunSettings,
            dynamics: Dynamics | None = None):
    """The whole 2-D path in one chunk: ``(points, losses, grad_norms, diverged)``."""
    for _, pts, fs, gs, diverged, _ in walk_2d(surface, opt, x0, steps, settings,
                                               dynamics=dynamics):
        return pts, fs, gs, diverged


def loop_batched(surface: Surface, opts: Sequence[Optimizer], x0, steps: int,
                  settings: RunSettings, dynamics: Sequence[Dynamics | None] | None = None):
    """All optimizers advance together; one surface call per step for the whole batch.

    The hot loop keeps numpy calls per step to a minimum: per-row losses and
    squared gradient norms go to Python lists (K floats), one cheap whole-batch
    test falls back to the exact per-row checks, and the step length is only
    computed once a gradient is tiny.  Points are recorded into one
    (K, steps+1, D) block and returned as views of it.  ``dynamics[k]`` (noise or a
    schedule) gives row k the rule of :func:`optim_lab.dynamic_steps.row_rule_dynamic`.
    Other plain GD, momentum and Adam rows step in place (:mod:`optim_lab.inplace_steps`:
    the same operations, bit for bit).
    """
    K, D = len(opts), surface.dim
    c, r = runaway_box(surface)
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
    rules = [(o._rule, o._h) for o in opts]
    stoppable = np.ones(K, dtype=bool)  # rows with noise or a schedule run every step
    for k, d in enumerate(dynamics or ()):
        if d is not None and d.needs_loop:
            rules[k] = row_rule_dynamic(opts[k], d, D)
            stoppable[k] = False
    # rows with their own dynamics keep their rule; the others may step in place
    fused = [inplace_step(o, X[k]) if stoppable[k] else None for k, o in enumerate(opts)]
    rows = [(k, *rules[k], fused[k]) for k in range(K)]
    sqrt = np.sqrt
    isfinite = math.isfinite
    rowdot = getattr(np, "vecdot", None) or (lambda A, B: np.einsum("ij,ij->i", A, B))
    t = 0
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            for k, rule, h, step in rows:
                if step is None:
                    X[k], states[k] = rule(X[k], G[k], states[k], t, h, sqrt)
                else:
                    step(G[k], t)
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
                for k in np.flatnonzero(active & stoppable & (np.asarray(gl) <= gstop2)
                                        & (st2 <= xstop2)):
                    n_done[k] = t
                    active[k] = False
                    changed = True
            if changed:
                if not active.any():
                    break
                rows = [(k, *rules[k], fused[k]) for k in np.flatnonzero(active)]
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
