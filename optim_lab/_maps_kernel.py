"""The compiled per-run loop of :mod:`optim_lab.maps_compiled` (imports numba: load this
module only from there, when a map runs).

Each gradient below is the float operations of the surface's ``*_fg`` in the same order
(``a - b*c`` as ``a - (b*c)``, left to right as Python evaluates), so that the compiled
loop and numpy's compute the same doubles; numba compiles without fastmath.
"""

from __future__ import annotations

import math

from numba import njit


@njit(cache=True, inline="always")
def _grad(sid, x, y, params):
    if sid == 0:  # Booth
        u = x + 2 * y - 7
        v = 2 * x + y - 5
        return 2 * u + 4 * v, 4 * u + 2 * v
    if sid == 1:  # Rosenbrock
        a = 1 - x
        b = y - x * x
        return -2 * a - 400 * x * b, 200 * b
    if sid == 2:  # Himmelblau
        u = x * x + y - 11
        v = x + y * y - 7
        return 4 * x * u + 2 * v, 2 * u + 4 * y * v
    if sid == 3:  # two wells (tilt 0.3)
        u = x * x - 1
        return 4 * x * u + params[0], 2 * y
    if sid == 4:  # catapult ½(xy − 1)²
        r = x * y - 1
        return r * y, r * x
    return params[0] * x, params[1] * y  # quadratic ½(a x² + b y²)


@njit(cache=True, nogil=True)
def steps_kernel(t0, t1, X, Y, VX, VY, GX, GY, gstop2, params, live, taken, diverged, end,
                 sid, rule, lr, beta, wd, use_wd, cx, cy, rx, ry, xstop2, stop):
    """Steps t0 .. t1 − 1 (1-based) of every live run, in place."""
    neg_lr = -lr
    for r in range(X.shape[0]):
        if not live[r]:
            continue
        x, y, gx, gy, vx, vy = X[r], Y[r], GX[r], GY[r], VX[r], VY[r]
        for t in range(t0, t1):
            px, py = x, y
            ex, ey = gx, gy
            if use_wd:  # torch's L2 decay: g + wd w
                ex = gx + wd * px
                ey = gy + wd * py
            if rule == 0:
                x = px + neg_lr * ex
                y = py + neg_lr * ey
            else:
                if t == 1:
                    vx, vy = ex, ey
                else:
                    vx = beta * vx + ex
                    vy = beta * vy + ey
                if rule == 1:
                    x = px + neg_lr * vx
                    y = py + neg_lr * vy
                else:
                    x = px + neg_lr * (ex + beta * vx)
                    y = py + neg_lr * (ey + beta * vy)
            gx, gy = _grad(sid, x, y, params)
            if not (abs(x - cx) <= rx and abs(y - cy) <= ry and math.isfinite(gx)
                    and math.isfinite(gy)):
                taken[r] = t
                diverged[r] = True
                end[r, 0], end[r, 1] = px, py
                live[r] = False
                break
            if stop and gx * gx + gy * gy <= gstop2[r]:
                dx, dy = x - px, y - py
                if dx * dx + dy * dy <= xstop2:
                    taken[r] = t
                    end[r, 0], end[r, 1] = x, y
                    live[r] = False
                    break
        X[r], Y[r], GX[r], GY[r], VX[r], VY[r] = x, y, gx, gy, vx, vy
