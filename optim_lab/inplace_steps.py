"""In-place update steps for the N-D batch loop: the same floating-point operations as the
rules in :mod:`optim_lab.optimizers`, written into preallocated buffers.

The rules in ``optimizers`` return new arrays (``w + (-lr) * g`` allocates twice); at
D = 1000 an Adam step is ~15 small numpy calls, each one an allocation.  Here each
row gets its own buffers once, and every operation writes with ``out=``.  Only the
plain settings are handled (no weight decay, AMSGrad, clipping or per-row values);
for anything else :func:`inplace_step` returns None and the loop keeps the generic rule.

Bit-identity with the generic rules holds because every value is produced by the same
IEEE operation on the same operands (multiplication and addition are commutative, so
``g * (-lr)`` equals ``(-lr) * g`` exactly), in the same order:

- GD:        w <- w + (-lr) g
- momentum:  v <- g (t = 1), else v <- beta v + g;   w <- w + (-lr) v
- Adam:      m <- lerp(m, g, 1 - beta1)  (torch's two formulas, split at |weight| = 0.5)
             s <- s beta2 + ((1 - beta2) g) g
             w <- w + ((-lr / (1 - beta1^t)) m) / (sqrt(s) / (1 - beta2^t)^0.5 + eps)
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .optimizers import _RULES, Optimizer

Step = Callable[[np.ndarray, int], None]  # (gradient row, t) -> None; updates w in place


def _scalar(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(float(v))


def _plain(opt: Optimizer, names: tuple[str, ...]) -> bool:
    """True when the rule is unwrapped and its settings are the plain, scalar ones."""
    h = opt._h
    if opt._rule is not _RULES.get(opt.name) or h.get("clip_norm") is not None:
        return False
    if h.get("weight_decay") is not None or h.get("amsgrad") is not None:
        return False
    if set(h) - set(names) - {"weight_decay", "amsgrad", "clip_norm"}:
        return False  # a setting this module does not know about: keep the generic rule
    return all(_scalar(h.get(n)) for n in names)


def _gd(w: np.ndarray, h) -> Step:
    neg_lr = -float(h["lr"])
    tmp = np.empty_like(w)

    def step(g: np.ndarray, t: int) -> None:
        np.multiply(g, neg_lr, out=tmp)
        np.add(w, tmp, out=w)

    return step


def _momentum(w: np.ndarray, h) -> Step:
    neg_lr, beta = -float(h["lr"]), float(h["momentum"])
    v = np.zeros_like(w)
    tmp = np.empty_like(w)

    def step(g: np.ndarray, t: int) -> None:
        if t == 1:
            v[...] = g
        else:
            np.multiply(v, beta, out=v)
            np.add(v, g, out=v)
        np.multiply(v, neg_lr, out=tmp)
        np.add(w, tmp, out=w)

    return step


def _adam(w: np.ndarray, h) -> Step:
    lr, b1, b2, eps = (float(h[n]) for n in ("lr", "beta1", "beta2", "eps"))
    weight = 1.0 - b1
    small = abs(weight) < 0.5
    keep = 1.0 - weight
    one_minus_b2 = 1.0 - b2
    m, s = np.zeros_like(w), np.zeros_like(w)
    tmp, den = np.empty_like(w), np.empty_like(w)

    def step(g: np.ndarray, t: int) -> None:
        np.subtract(g, m, out=tmp)  # b - a
        if small:  # a + weight (b - a)
            np.multiply(tmp, weight, out=tmp)
            np.add(m, tmp, out=m)
        else:  # b - (b - a)(1 - weight)
            np.multiply(tmp, keep, out=tmp)
            np.subtract(g, tmp, out=m)
        np.multiply(g, one_minus_b2, out=tmp)
        np.multiply(tmp, g, out=tmp)
        np.multiply(s, b2, out=s)
        np.add(s, tmp, out=s)
        step_size = lr / (1.0 - float(b1) ** t)
        bc2_sqrt = (1.0 - float(b2) ** t) ** 0.5
        np.sqrt(s, out=den)
        np.divide(den, bc2_sqrt, out=den)
        np.add(den, eps, out=den)
        np.multiply(m, -step_size, out=tmp)
        np.divide(tmp, den, out=tmp)
        np.add(w, tmp, out=w)

    return step


_MAKERS = {
    "gd": (_gd, ("lr",)),
    "momentum": (_momentum, ("lr", "momentum")),
    "adam": (_adam, ("lr", "beta1", "beta2", "eps")),
}


def inplace_step(opt: Optimizer, w: np.ndarray) -> Step | None:
    """A step that updates the row ``w`` (a writable float64 view) in place, with its own
    state, or None when ``opt`` needs the generic rule."""
    maker = _MAKERS.get(opt.name)
    if maker is None or w.dtype != np.float64 or not _plain(opt, maker[1]):
        return None
    return maker[0](w, opt._h)
