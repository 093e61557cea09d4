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


class RowStep:
    """One row's rule, split so that rows stepped together share the last operations.

    ``advance(g, t)`` updates the row's state and returns the factor c of its update
    w <- w + c d (then ``/ den`` for Adam), where d is ``direction`` (the momentum buffer
    v, Adam's m) or, for GD (``direction`` None), the gradient itself.  Called alone,
    ``step(g, t)`` does the whole update; :class:`BatchSteps` does the multiply, divide
    and add of several rows at once.
    """

    def __init__(self, w: np.ndarray, direction: np.ndarray | None,
                 advance: Callable[[np.ndarray, int], float], den: np.ndarray | None = None):
        self.w, self.direction, self.advance, self.den = w, direction, advance, den
        self._tmp = np.empty_like(w)

    def __call__(self, g: np.ndarray, t: int) -> None:
        c = self.advance(g, t)
        tmp = self._tmp
        np.multiply(g if self.direction is None else self.direction, c, out=tmp)
        if self.den is not None:
            np.divide(tmp, self.den, out=tmp)
        np.add(self.w, tmp, out=self.w)


class BatchSteps:
    """The in-place rows of a batch X (K, D) stepped together.

    Per step: each row's ``advance`` (its state), then one multiply of all directions
    by their factors (a (K, 1) column), GD rows' products taken from the gradient
    instead, Adam rows' division, and one add into X.  Same operations on the same
    operands as each row alone, so bit for bit the generic rules; 16 numpy calls
    instead of 19 for GD + momentum + Adam.  Rows not in the batch (generic rules, or
    stopped) are left untouched by the add.
    """

    def __init__(self, X: np.ndarray, steps: dict[int, RowStep],
                 directions: np.ndarray) -> None:
        self.X, self.directions = X, directions
        self.steps = dict(steps)
        self.factors = np.zeros((X.shape[0], 1))
        self.delta = np.zeros_like(X)
        self._mask()

    def _mask(self) -> None:
        mask = np.zeros((self.X.shape[0], 1), dtype=bool)
        for k in self.steps:
            mask[k] = True
        self.where = None if mask.all() else mask  # add into these rows only
        self.rows = sorted(self.steps.items())
        self.plain_gd = [k for k, s in self.rows if s.direction is None]
        self.divided = [(k, s.den) for k, s in self.rows if s.den is not None]

    def drop(self, k: int) -> None:
        """Row ``k`` stopped (converged or diverged): it no longer moves."""
        if self.steps.pop(k, None) is not None:
            self.factors[k] = 0.0
            self.directions[k] = 0.0
            self._mask()

    def __bool__(self) -> bool:
        return bool(self.steps)

    def step(self, G: np.ndarray, t: int) -> None:
        factors, delta = self.factors, self.delta
        for k, s in self.rows:
            factors[k, 0] = s.advance(G[k], t)
        np.multiply(self.directions, factors, out=delta)
        for k in self.plain_gd:  # GD's direction is the gradient: c g
            np.multiply(G[k], factors[k, 0], out=delta[k])
        for k, den in self.divided:
            np.divide(delta[k], den, out=delta[k])
        if self.where is None:
            np.add(self.X, delta, out=self.X)
        else:
            np.add(self.X, delta, out=self.X, where=self.where)


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


def _gd(w: np.ndarray, h, direction: np.ndarray | None) -> RowStep:
    neg_lr = -float(h["lr"])
    return RowStep(w, None, lambda g, t: neg_lr)


def _momentum(w: np.ndarray, h, direction: np.ndarray | None) -> RowStep:
    neg_lr, beta = -float(h["lr"]), float(h["momentum"])
    v = np.zeros_like(w) if direction is None else direction

    def advance(g: np.ndarray, t: int) -> float:
        if t == 1:
            v[...] = g
        else:
            np.multiply(v, beta, out=v)
            np.add(v, g, out=v)
        return neg_lr

    return RowStep(w, v, advance)


def _adam(w: np.ndarray, h, direction: np.ndarray | None) -> RowStep:
    lr, b1, b2, eps = (float(h[n]) for n in ("lr", "beta1", "beta2", "eps"))
    weight = 1.0 - b1
    small = abs(weight) < 0.5
    keep = 1.0 - weight
    one_minus_b2 = 1.0 - b2
    m = np.zeros_like(w) if direction is None else direction
    s = np.zeros_like(w)
    tmp, den = np.empty_like(w), np.empty_like(w)

    def advance(g: np.ndarray, t: int) -> float:
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
        bc2_sqrt = (1.0 - float(b2) ** t) ** 0.5
        np.sqrt(s, out=den)
        np.divide(den, bc2_sqrt, out=den)
        np.add(den, eps, out=den)
        return -(lr / (1.0 - float(b1) ** t))  # -step_size: (-step_size m) / den

    return RowStep(w, m, advance, den)


_MAKERS = {
    "gd": (_gd, ("lr",)),
    "momentum": (_momentum, ("lr", "momentum")),
    "adam": (_adam, ("lr", "beta1", "beta2", "eps")),
}


def inplace_step(opt: Optimizer, w: np.ndarray,
                 direction: np.ndarray | None = None) -> RowStep | None:
    """A step that updates the row ``w`` (a writable float64 view) in place, with its own
    state, or None when ``opt`` needs the generic rule.  ``direction``: a zeroed row
    (of a :class:`BatchSteps` ``directions`` array) to keep its momentum or first moment
    in; its own buffer when None."""
    maker = _MAKERS.get(opt.name)
    if maker is None or w.dtype != np.float64 or not _plain(opt, maker[1]):
        return None
    return maker[0](w, opt._h, direction)
