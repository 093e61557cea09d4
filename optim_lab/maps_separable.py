"""Maps on separable surfaces: a grid of starts from 1-D trajectories, exactly.

On an additively separable surface f(x, y) = p(x) + q(y) (Rastrigin, the quadratic
bowl, Styblinski–Tang, ...), ∂f/∂x depends on x alone and ∂f/∂y on y alone.  Every
optimizer here updates each coordinate from that coordinate's gradient and state only
(GD, momentum, Nesterov, Adam, AdamW, RMSprop, AdaGrad — not gradient clipping, which
scales both coordinates by the joint norm), so with scalar hyperparameters the x
coordinate of a run depends only on its start x₀:

    x_t = U(x_{t−1}, p'(x_{t−1}), s_{t−1}, t)

is the same sequence for every start sharing x₀.  A 256 x 256 grid has only 256
distinct x-sequences and 256 y-sequences: they are computed once (the same numpy
operations on the same values, so bit for bit what the row-by-row loop computes), and
each run is then only its pair of sequences plus the run's two rules of
:func:`optim_lab.maps.run_batch` (= :func:`optim_lab.runs.run`):

- diverged at the first step t where x_t or y_t leaves the runaway box (100x the
  plotting box) or a gradient component is not finite (the value is then finite too:
  the surface's contract, see ``Surface2D.separable``); the end point is the one before;
- stopped early at the first t before that with
  gx_t² + gy_t² <= (gtol·max(1, |g₀|))² and (x_t − x_{t−1})² + (y_t − y_{t−1})² <= (xtol·scale)².

The early-stop search is the only per-run work.  It is pruned per coordinate: both
terms of each sum are >= 0, so a step can only stop a run where gx_t² <= max(gstop²)
and (Δx_t)² <= xstop² hold for its x-sequence and the same for its y-sequence; for a
block of steps the number of such steps per (x₀, y₀) pair is one small matrix product,
and only pairs with a candidate step are tested exactly.  The end diagnosis
(``maps._labels``) is then the batched one of every map.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .budget import check_memory
from .optimizers import Optimizer
from .runs import RUNAWAY_FACTOR, RunSettings, _check_steps
from .surfaces import Surface

__all__ = ["applies", "separable_batch"]

BLOCK = 64  # steps per block of the early-stop search (bits of one uint64)
MIN_SHARING = 4  # rows per distinct coordinate value below which the row loop is as fast


def applies(surface: Surface, optimizer: Optimizer, starts) -> bool:
    """True when :func:`separable_batch` gives the same runs as the row-by-row loop."""
    if not getattr(surface, "separable", False) or surface.dim != 2:
        return False
    if optimizer.clip_norm is not None:
        return False
    if any(np.ndim(v) for v in optimizer.hyper.values()) or any(
            np.ndim(v) for v in optimizer._h.values()):
        return False
    return np.ndim(starts) == 2 and np.shape(starts)[1] == 2 and np.shape(starts)[0] > 0


def _distinct(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of ``v`` by bit pattern (−0.0 and 0.0 stay apart) and the inverse."""
    bits, inv = np.unique(v.view(np.int64), return_inverse=True)
    return bits.view(np.float64), inv.reshape(-1)


def separable_batch(surface: Surface, optimizer: Optimizer, starts, steps: int, *,
                    settings: RunSettings, should_stop: Callable[[], bool] | None = None,
                    check_every: int = 25, progress: Callable[[int, int], None] | None = None):
    """:func:`optim_lab.maps.run_batch` on a separable surface, or None if it does not
    apply (see :func:`applies`) or the starts share too few coordinates to gain."""
    from .maps import BatchOutcome, MapCancelled, _labels, estimate_bytes

    if not applies(surface, optimizer, starts):
        return None
    steps = _check_steps(steps)
    S = np.ascontiguousarray(starts, dtype=float)
    B = S.shape[0]
    ux, ix = _distinct(S[:, 0].copy())
    uy, iy = _distinct(S[:, 1].copy())
    if (ux.size + uy.size) * MIN_SHARING > B:
        return None
    check_memory(estimate_bytes(B) + 6 * 8 * (steps + 1) * (ux.size + uy.size),
                 f"a map of {B:,} runs", "use a coarser grid")
    fg = surface.fg
    (cx, cy) = surface.center
    rx, ry = RUNAWAY_FACTOR * 0.5 * (surface.bounds[:, 1] - surface.bounds[:, 0])
    with np.errstate(all="ignore"):
        # the starts as the row loop sees them: value and gradient at every start
        f0, gx0, gy0 = (np.broadcast_to(a, (B,)).astype(float)
                        for a in fg(S[:, 0], S[:, 1], np))
        bad0 = ~(np.isfinite(f0) & np.isfinite(gx0) & np.isfinite(gy0))
        g0 = np.hypot(gx0, gy0)
        # the x-sequences and the y-sequences side by side: one array, one call per step
        # (equal counts, as on a square grid: gx of the first half and gy of the second
        # half in one call; else both components over all of them)
        nx, ny = ux.size, uy.size
        grad = surface.grad_fn or (lambda x, y: fg(x, y, np)[1:])
        vector = all(np.ndim(g) for g in grad(ux[:1].copy(), uy[:1].copy()))

        def grad1(p: np.ndarray) -> np.ndarray:
            if nx == ny and vector:
                gx, gy = grad(p[:nx], p[nx:])
                return np.concatenate((gx, gy))
            gx, gy = (np.broadcast_to(g, p.shape) for g in grad(p, p))
            return np.concatenate((gx[:nx], gy[nx:])).astype(float)

        P, GP = _trajectory(grad1, optimizer, np.concatenate((ux, uy)), steps,
                            should_stop, check_every, progress)
        X, GX, Y, GY = P[:, :nx], GP[:, :nx], P[:, nx:], GP[:, nx:]
        div = np.minimum(_first_bad(X, GX, cx, rx)[ix], _first_bad(Y, GY, cy, ry)[iy])
        div[bad0] = 0
        stop_at = np.full(B, steps + 1, dtype=np.int64)
        if settings.stop_on_convergence:
            gstop2 = (settings.gtol * np.maximum(1.0, g0)) ** 2
            xstop2 = (settings.xtol * surface.scale) ** 2
            _early_stops(X, GX, Y, GY, ix, iy, gstop2, xstop2, div, stop_at, should_stop)
    stopped = stop_at <= steps
    diverged = ~stopped & (div <= steps)
    taken = np.where(stopped, stop_at, np.where(diverged, div, steps))
    at = np.where(diverged, np.maximum(div - 1, 0), taken)  # diverged: the point before
    X_end = np.column_stack([X[at, ix], Y[at, iy]])
    X_end[bad0] = S[bad0]
    if should_stop is not None and should_stop():
        raise MapCancelled
    with np.errstate(all="ignore"):
        f, G = surface.value_grad(X_end)
    labels = _labels(surface, X_end, G, g0, diverged, taken < steps, settings)
    f = np.where(diverged, np.nan, f)
    return BatchOutcome(X_end, f, labels, taken.astype(np.int64))


def _trajectory(grad1, optimizer: Optimizer, u: np.ndarray, steps: int, should_stop,
                check_every: int, progress) -> tuple[np.ndarray, np.ndarray]:
    """Positions (steps + 1, n) and gradient components of the 1-D runs from ``u``."""
    from .maps import MapCancelled

    P = np.empty((steps + 1, u.size))
    G = np.empty((steps + 1, u.size))
    x = u.copy()
    g = grad1(x)
    P[0], G[0] = x, g
    state = optimizer.init(x)
    for t in range(1, steps + 1):
        x, state = optimizer.update(x, g, state, t, np.sqrt)
        g = grad1(x)
        P[t], G[t] = x, g
        if t % check_every == 0:
            if should_stop is not None and should_stop():
                raise MapCancelled
            if progress is not None:
                progress(t, steps)
    return P, G


def _first_bad(P: np.ndarray, G: np.ndarray, c: float, r: float) -> np.ndarray:
    """Per sequence, the first step t >= 1 outside |p − c| <= r or with a non-finite
    gradient component (steps + 1 if none)."""
    ok = (np.abs(P[1:] - c) <= r) & np.isfinite(G[1:])
    bad = ~ok
    return np.where(bad.any(axis=0), bad.argmax(axis=0) + 1, P.shape[0])


def _early_stops(X, GX, Y, GY, ix, iy, gstop2, xstop2, div, stop_at, should_stop) -> None:
    """Fill ``stop_at`` (rows) with the first step t < div where the run stops early.

    Per block of 64 steps each sequence's candidate steps are the bits of one uint64;
    a run's candidates are the AND of its two sequences' words, tested exactly from the
    lowest bit up (a run with no common bit is skipped without any per-step work).
    """
    from .maps import MapCancelled

    steps = X.shape[0] - 1
    GX2, GY2 = GX * GX, GY * GY  # [t, i]
    DX, DY = X[1:] - X[:-1], Y[1:] - Y[:-1]
    DX2, DY2 = DX * DX, DY * DY  # DX2[t − 1] is step t's (Δx)²
    pending = np.flatnonzero(div > 1)  # a run diverged at step 1 (or 0) never stops
    thresholds = gstop2[pending]  # NaN only at non-finite starts (diverged at step 0)
    gmax = float(np.max(thresholds[~np.isnan(thresholds)], initial=0.0))
    cand_x = (GX2[1:] <= gmax) & (DX2 <= xstop2)  # [t − 1, ix]
    cand_y = (GY2[1:] <= gmax) & (DY2 <= xstop2)
    for t0 in range(1, steps + 1, BLOCK):
        if not pending.size:
            break
        if should_stop is not None and should_stop():
            raise MapCancelled
        t1 = min(t0 + BLOCK, steps + 1)
        words_x, words_y = _bits(cand_x[t0 - 1:t1 - 1]), _bits(cand_y[t0 - 1:t1 - 1])
        if words_x.any() and words_y.any():
            common = words_x[ix[pending]] & words_y[iy[pending]]
            has = common != 0
            rows, common = pending[has], common[has]
            while rows.size:
                low = common & (~common + np.uint64(1))  # lowest set bit
                t = t0 + np.log2(low.astype(np.float64)).astype(np.int64)
                a, b = ix[rows], iy[rows]
                g2 = GX2[t, a]
                g2 += GY2[t, b]
                d2 = DX2[t - 1, a]
                d2 += DY2[t - 1, b]
                hit = (g2 <= gstop2[rows]) & (d2 <= xstop2) & (t < div[rows])
                stop_at[rows[hit]] = t[hit]
                common ^= low
                more = ~hit & (common != 0) & (t < div[rows])
                rows, common = rows[more], common[more]
        # rows that stopped, or diverged within this block, are settled
        pending = pending[(stop_at[pending] > steps) & (div[pending] > t1)]


_SHIFTS = np.arange(64, dtype=np.uint64)


def _bits(cand: np.ndarray) -> np.ndarray:
    """(T <= 64, n) booleans -> n words, bit k set where ``cand[k]``."""
    T = cand.shape[0]
    return np.bitwise_or.reduce(cand.astype(np.uint64) << _SHIFTS[:T, None], axis=0)
