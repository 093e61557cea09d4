"""2-D update rules on plain floats, both coordinates in one call.

The interactive Surface Lab recomputes up to four 1000-step runs on every
slider event; calling the generic rule of :mod:`optim_lab.optimizers` once per
coordinate costs about 40% more than these closures, whose hyperparameters
live in closure cells.  Every operation is the generic rule's, in the same
order (torch's single-tensor order, see :mod:`optim_lab.optimizers`), so results
are bitwise equal (``tests/engine/test_fast2d.py``) and bitwise equal to
``torch.optim`` on its portable kernels (``tests/engine/test_torch_bitwise.py``).
Constants hoisted out of the loop are the same floats torch computes per step
(``-lr``, ``1 - beta1``, ``1 - lr * wd``).

``pair_step(opt)`` returns ``(init_state, step)`` with
``step(x, y, gx, gy, state, t) -> (x, y, state)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .optimizers import CLIP_EPS, Optimizer

__all__ = ["pair_step"]

Step = Callable[[float, float, float, float, tuple, int], tuple]


def _gd(lr, wd):
    neg_lr = -lr

    def step(x, y, gx, gy, st, t):
        if wd is not None:
            gx, gy = gx + wd * x, gy + wd * y
        return x + neg_lr * gx, y + neg_lr * gy, st

    return (), step


def _momentum(lr, beta, wd, nesterov):
    neg_lr = -lr

    def step(x, y, gx, gy, st, t):
        if wd is not None:
            gx, gy = gx + wd * x, gy + wd * y
        if t == 1:  # torch copies the first gradient into the buffer
            vx, vy = gx, gy
        else:
            vx, vy = st
            vx = beta * vx + gx
            vy = beta * vy + gy
        if nesterov:
            return x + neg_lr * (gx + beta * vx), y + neg_lr * (gy + beta * vy), (vx, vy)
        return x + neg_lr * vx, y + neg_lr * vy, (vx, vy)

    return (0.0, 0.0), step


def _adam(lr, b1, b2, eps, wd, decoupled, amsgrad):
    sqrt = math.sqrt
    w1 = 1.0 - b1  # lerp weight
    small = abs(w1) < 0.5  # torch.lerp's branch
    w1c = 1.0 - w1
    c2 = 1.0 - b2
    shrink = 1.0 - lr * wd if decoupled else 1.0

    def step(x, y, gx, gy, st, t):
        if decoupled:
            x, y = x * shrink, y * shrink
        elif wd is not None:
            gx, gy = gx + wd * x, gy + wd * y
        mx, my, sx, sy = st
        if small:
            mx = mx + w1 * (gx - mx)
            my = my + w1 * (gy - my)
        else:
            mx = gx - (gx - mx) * w1c
            my = gy - (gy - my) * w1c
        sx = sx * b2 + c2 * gx * gx
        sy = sy * b2 + c2 * gy * gy
        neg_step = -(lr / (1.0 - b1**t))
        bc2_sqrt = (1.0 - b2**t) ** 0.5
        x = x + neg_step * mx / (sqrt(sx) / bc2_sqrt + eps)
        y = y + neg_step * my / (sqrt(sy) / bc2_sqrt + eps)
        return x, y, (mx, my, sx, sy)

    def step_amsgrad(x, y, gx, gy, st, t):
        if decoupled:
            x, y = x * shrink, y * shrink
        elif wd is not None:
            gx, gy = gx + wd * x, gy + wd * y
        mx, my, sx, sy, ux, uy = st
        if small:
            mx = mx + w1 * (gx - mx)
            my = my + w1 * (gy - my)
        else:
            mx = gx - (gx - mx) * w1c
            my = gy - (gy - my) * w1c
        sx = sx * b2 + c2 * gx * gx
        sy = sy * b2 + c2 * gy * gy
        ux = sx if not (sx <= ux) else ux  # torch.maximum (NaN propagates)
        uy = sy if not (sy <= uy) else uy
        neg_step = -(lr / (1.0 - b1**t))
        bc2_sqrt = (1.0 - b2**t) ** 0.5
        x = x + neg_step * mx / (sqrt(ux) / bc2_sqrt + eps)
        y = y + neg_step * my / (sqrt(uy) / bc2_sqrt + eps)
        return x, y, (mx, my, sx, sy, ux, uy)

    if amsgrad:
        return (0.0, 0.0, 0.0, 0.0, 0.0, 0.0), step_amsgrad
    return (0.0, 0.0, 0.0, 0.0), step


def _rmsprop(lr, a, eps, beta, wd):
    sqrt = math.sqrt
    c = 1.0 - a
    neg_lr = -lr

    def step(x, y, gx, gy, st, t):
        if wd is not None:
            gx, gy = gx + wd * x, gy + wd * y
        sx, sy, vx, vy = st
        sx = sx * a + c * gx * gx
        sy = sy * a + c * gy * gy
        ax = sqrt(sx) + eps
        ay = sqrt(sy) + eps
        if beta is None:
            return x + neg_lr * gx / ax, y + neg_lr * gy / ay, (sx, sy, vx, vy)
        vx = vx * beta + gx / ax
        vy = vy * beta + gy / ay
        return x + neg_lr * vx, y + neg_lr * vy, (sx, sy, vx, vy)

    return (0.0, 0.0, 0.0, 0.0), step


def _adagrad(lr, eps, wd):
    sqrt = math.sqrt
    neg_lr = -lr

    def step(x, y, gx, gy, st, t):
        if wd is not None:
            gx, gy = gx + wd * x, gy + wd * y
        sx, sy = st
        sx = sx + gx * gx
        sy = sy + gy * gy
        return x + neg_lr * gx / (sqrt(sx) + eps), y + neg_lr * gy / (sqrt(sy) + eps), (sx, sy)

    return (0.0, 0.0), step


def _clipped(init: tuple, step: Step, max_norm: float) -> tuple[tuple, Step]:
    """clip_grad_norm_ before the rule: g * min((1 / (|g| + 1e-6)) * max_norm, 1)."""
    sqrt, hypot, inf = math.sqrt, math.hypot, math.inf

    def clipped(x, y, gx, gy, st, t):
        norm = sqrt(gx * gx + gy * gy)
        if norm == inf and abs(gx) < inf and abs(gy) < inf:
            norm = hypot(gx, gy)  # the squares overflowed (see optimizers.clip_by_norm)
        coef = (1.0 / (norm + CLIP_EPS)) * max_norm  # torch: reciprocal, then product
        if coef > 1.0:
            coef = 1.0
        return step(x, y, gx * coef, gy * coef, st, t)

    return init, clipped


def pair_step(opt: Optimizer) -> tuple[tuple, Step]:
    """The fast 2-D form of ``opt`` (scalar hyperparameters only)."""
    init, step = _pair_step(opt)
    if opt.clip_norm is not None:
        return _clipped(init, step, float(opt.clip_norm))
    return init, step


def _pair_step(opt: Optimizer) -> tuple[tuple, Step]:
    h = opt._h
    name = opt.name
    if name == "gd":
        return _gd(h["lr"], h["weight_decay"])
    if name in ("momentum", "nesterov"):
        return _momentum(h["lr"], h["momentum"], h["weight_decay"], name == "nesterov")
    if name in ("adam", "adamw"):
        wd = h["weight_decay"]
        return _adam(h["lr"], h["beta1"], h["beta2"], h["eps"], wd, name == "adamw",
                     h["amsgrad"] is not None)
    if name == "rmsprop":
        return _rmsprop(h["lr"], h["alpha"], h["eps"], h["momentum"], h["weight_decay"])
    if name == "adagrad":
        return _adagrad(h["lr"], h["eps"], h["weight_decay"])
    raise ValueError(f"no 2-D fast path for {name!r}")
