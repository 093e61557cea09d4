"""First-order optimizers as pure ``init`` / ``update`` pairs (optax style).

Every update rule follows the matching ``torch.optim`` class's single-tensor
code path (``foreach=False``) operation by operation, so trajectories equal
PyTorch's in float64 bit for bit (``tests/engine/test_torch_bitwise.py``):

- ``gd``        w <- w + (-lr) g                                    (``SGD``)
- ``momentum``  v <- g at t = 1, else beta v + g ; w <- w + (-lr) v  (``SGD(momentum=beta)``)
- ``nesterov``  v as above ; w <- w + (-lr) (g + beta v)   (``SGD(..., nesterov=True)``)
- ``adam``      m <- lerp(m, g, 1-b1) ; s <- s b2 + ((1-b2) g) g ;
                w <- w + ((-lr/(1-b1^t)) m) / (sqrt(s) / (1-b2^t)**0.5 + eps)
                with ``amsgrad``: sqrt(s) -> sqrt(smax), smax <- max(smax, s) (``torch.maximum``)
- ``adamw``     w <- w (1 - lr wd), then the Adam step without L2
- ``rmsprop``   s <- s a + ((1-a) g) g ; d = sqrt(s) + eps ;
                w <- w + ((-lr) g) / d, or with momentum v <- v beta + g / d ; w <- w + (-lr) v
- ``adagrad``   s <- s + g g ; w <- w + ((-lr) g) / (sqrt(s) + eps)

Optional gradient clipping by norm, ``clip_norm=c`` for any optimizer, comes
before everything, with ``torch.nn.utils.clip_grad_norm_`` semantics
(:func:`clip_by_norm`).  L2 weight decay (all but AdamW) is ``g <- g + wd w`` first, as torch's
``grad.add(param, alpha=wd)``.  ``lerp(a, b, w)`` is torch's: ``a + w (b - a)``
when ``|w| < 0.5``, else ``b - (b - a)(1 - w)``.  Bias corrections use Python's
``**`` on floats, as torch does (``(1 - b2**t) ** 0.5``, not ``sqrt``).

What "bit for bit" means.  Each elementary operation above is one IEEE-754
float64 operation, rounded once: the same arithmetic as torch's portable CPU
kernels (``ATEN_CPU_CAPABILITY=default``).  Two things in torch depend on the
machine and are *not* part of this contract: its AVX2/AVX-512 kernels fuse
``add(alpha=)``, ``addcmul`` and ``lerp`` into fused multiply-adds (one
rounding instead of two), and its float64 ``sqrt`` goes through MKL's
``vdSqrt``, which is within 1 ulp but not correctly rounded (about 1.3% of
inputs differ from IEEE ``sqrt``, measured with torch 2.13).  Against torch on
those kernels the trajectories agree to about 1e-16 per step (the
tolerance-based tests in ``test_optimizers_vs_torch.py``); against the portable
kernels with an IEEE ``sqrt`` they are identical, even over thousands of
chaotic steps.

The same ``update`` runs on Python floats (one coordinate at a time) and on
numpy arrays of shape (B, D) (batched sweeps); the caller passes the matching
``sqrt``.  Hyperparameters are validated once, at construction; a
hyperparameter may be an array of shape (B,) so that every row of a batch
carries its own value.

Example::

    opt = make_optimizer("momentum", lr=0.1, momentum=0.9)
    w, state = np.array([[1.0, 1.0]]), opt.init(np.zeros((1, 2)))
    for t in range(1, 101):
        w, state = opt.update(w, 2 * w, state, t, np.sqrt)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "OPTIMIZERS",
    "Optimizer",
    "OptimizerSpec",
    "clip_by_norm",
    "make_optimizer",
    "optimizer_names",
]

Number = Any  # float or numpy array


@dataclass(frozen=True)
class OptimizerSpec:
    """What an optimizer is called, its defaults and its torch.optim twin."""

    name: str
    label: str
    torch_class: str
    defaults: Mapping[str, Any]
    state_size: int
    description: str


def _l2(w, g, h):
    """torch's L2 weight decay, ``grad.add(param, alpha=wd)``: g + wd w."""
    wd = h["weight_decay"]
    return g if wd is None else g + wd * w


def _lerp(a, b, weight):
    """``torch.lerp(a, b, weight)``: two formulas, split at |weight| = 0.5 (ATen ``lerp``)."""
    if np.ndim(weight) == 0:
        if abs(weight) < 0.5:
            return a + weight * (b - a)
        return b - (b - a) * (1.0 - weight)
    small = np.abs(weight) < 0.5
    return np.where(small, a + weight * (b - a), b - (b - a) * (1.0 - weight))


def _power(base, exponent):
    """``base ** exponent`` as torch's Python code evaluates it (C ``pow``, also for 0.5).

    numpy's ``array ** 0.5`` is a ``sqrt``, which can differ from ``pow`` by an ulp.
    """
    if np.ndim(base) == 0:
        return float(base) ** exponent
    return np.power(base, exponent)


def _heavy_ball(v, g, beta, t):
    """torch SGD's buffer: a copy of g at the first step, then beta v + g."""
    if t == 1:
        return g if np.ndim(g) == 0 else np.array(g, dtype=float)
    return beta * v + g


def _gd(w, g, state, t, h, sqrt):
    g = _l2(w, g, h)
    return w + (-h["lr"]) * g, state


def _momentum(w, g, state, t, h, sqrt):
    g = _l2(w, g, h)
    (v,) = state
    v = _heavy_ball(v, g, h["momentum"], t)
    return w + (-h["lr"]) * v, (v,)


def _nesterov(w, g, state, t, h, sqrt):
    g = _l2(w, g, h)
    (v,) = state
    beta = h["momentum"]
    v = _heavy_ball(v, g, beta, t)
    return w + (-h["lr"]) * (g + beta * v), (v,)


def _maximum(a, b):
    """``torch.maximum``: NaN in either propagates (Python's ``max`` would drop it)."""
    if np.ndim(a) == 0 and np.ndim(b) == 0:
        return b if not (b <= a) else a
    return np.maximum(a, b)


def _adam_core(w, g, state, t, h, sqrt):
    m, s, smax = state
    b1, b2 = h["beta1"], h["beta2"]
    m = _lerp(m, g, 1.0 - b1)  # exp_avg.lerp_(grad, 1 - beta1)
    s = s * b2 + ((1.0 - b2) * g) * g  # exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2)
    step_size = h["lr"] / (1.0 - _power(b1, t))
    bc2_sqrt = _power(1.0 - _power(b2, t), 0.5)
    ams = h["amsgrad"]
    if ams is None:
        second = s
    else:  # AMSGrad: torch.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
        new_max = _maximum(smax, s)
        smax = new_max if ams is True else np.where(ams, new_max, smax)
        second = smax if ams is True else np.where(ams, smax, s)
    denom = sqrt(second) / bc2_sqrt + h["eps"]
    return w + ((-step_size) * m) / denom, (m, s, smax)  # param.addcdiv_(m, denom, -step_size)


def _adam(w, g, state, t, h, sqrt):
    return _adam_core(w, _l2(w, g, h), state, t, h, sqrt)


def _adamw(w, g, state, t, h, sqrt):
    w = w * (1.0 - h["lr"] * h["weight_decay"])
    return _adam_core(w, g, state, t, h, sqrt)


def _rmsprop(w, g, state, t, h, sqrt):
    g = _l2(w, g, h)
    s, v = state
    a = h["alpha"]
    s = s * a + ((1.0 - a) * g) * g
    avg = sqrt(s) + h["eps"]
    beta = h["momentum"]
    plain = w + ((-h["lr"]) * g) / avg  # param.addcdiv_(grad, avg, value=-lr)
    if beta is None:
        return plain, (s, v)
    buf = v * beta + g / avg  # buf.mul_(momentum).addcdiv_(grad, avg)
    moved = w + (-h["lr"]) * buf
    if np.ndim(beta):  # per-row values: torch skips the buffer where momentum is 0
        on = beta > 0
        return np.where(on, moved, plain), (s, np.where(on, buf, v))
    return moved, (s, buf)


def _adagrad(w, g, state, t, h, sqrt):
    g = _l2(w, g, h)
    (s,) = state
    s = s + g * g  # state_sum.addcmul_(grad, grad, value=1)
    std = sqrt(s) + h["eps"]
    return w + ((-h["lr"]) * g) / std, (s,)


_RULES: dict[str, Callable] = {
    "gd": _gd,
    "momentum": _momentum,
    "nesterov": _nesterov,
    "adam": _adam,
    "adamw": _adamw,
    "rmsprop": _rmsprop,
    "adagrad": _adagrad,
}

OPTIMIZERS: dict[str, OptimizerSpec] = {
    spec.name: spec
    for spec in (
        OptimizerSpec(
            "gd", "GD", "SGD", {"lr": 0.01, "weight_decay": 0.0}, 0,
            "plain gradient descent: w <- w - lr g",
        ),
        OptimizerSpec(
            "momentum", "Momentum", "SGD", {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.0}, 1,
            "heavy-ball momentum: v <- beta v + g, w <- w - lr v",
        ),
        OptimizerSpec(
            "nesterov", "Nesterov", "SGD",
            {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.0}, 1,
            "Nesterov momentum: v <- beta v + g, w <- w - lr (g + beta v)",
        ),
        OptimizerSpec(
            "adam", "Adam", "Adam",
            {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0}, 3,
            "Adam: bias-corrected first and second moments",
        ),
        OptimizerSpec(
            "adamw", "AdamW", "AdamW",
            {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01}, 3,
            "Adam with decoupled weight decay",
        ),
        OptimizerSpec(
            "rmsprop", "RMSprop", "RMSprop",
            {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "weight_decay": 0.0}, 2,
            "RMSprop: divide by a running RMS of the gradient",
        ),
        OptimizerSpec(
            "adagrad", "AdaGrad", "Adagrad",
            {"lr": 0.01, "eps": 1e-10, "weight_decay": 0.0}, 1,
            "AdaGrad: divide by the root of the summed squared gradients",
        ),
    )
}


def optimizer_names() -> list[str]:
    return list(OPTIMIZERS)


# Upper bound on a learning rate a user can ask for; beyond it every surface
# diverges at step 1 and the number only hides a typo.
MAX_LR = 1e6


def _check_values(name: str, value: Any, *, lo: float, hi: float, lo_open: bool, hi_open: bool):
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"invalid {name}: {value!r} (must be a number)") from None
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a number or a 1-D array, got shape {arr.shape}")
    bad = ~np.isfinite(arr)
    bad |= (arr <= lo) if lo_open else (arr < lo)
    bad |= (arr >= hi) if hi_open else (arr > hi)
    if bad.any():
        shown = float(arr[bad].flat[0])
        lo_s = "(" if lo_open else "["
        hi_s = ")" if hi_open else "]"
        raise ValueError(f"invalid {name}: {shown!r} (must be finite and in {lo_s}{lo}, {hi}{hi_s})")
    return float(arr) if arr.ndim == 0 else arr


_RANGES = {
    "lr": (0.0, MAX_LR, False, False),
    "momentum": (0.0, 1.0, False, True),
    "beta1": (0.0, 1.0, False, True),
    "beta2": (0.0, 1.0, False, True),
    "alpha": (0.0, 1.0, False, True),
    "eps": (0.0, math.inf, True, True),
    "weight_decay": (0.0, math.inf, False, True),
}


_FLAGS = frozenset({"amsgrad"})
_AMSGRAD = frozenset({"adam", "adamw"})

# torch.nn.utils.clip_grad_norm_: coef = max_norm / (total_norm + 1e-6), clamped to 1
# (``float / Tensor`` is ``tensor.reciprocal() * float`` in torch).
CLIP_EPS = 1e-6


def clip_by_norm(g: Number, max_norm: Number) -> Number:
    """``torch.nn.utils.clip_grad_norm_`` on one gradient vector (the last axis of ``g``).

    g <- g * min((1 / (||g|| + 1e-6)) * max_norm, 1), where ||g|| = sqrt(sum g_i^2)
    summed in index order as torch's kernel does, and the quotient is torch's
    ``max_norm / tensor`` (a reciprocal, then a product: two roundings); always a
    multiplication (by 1.0 when the norm is small, which is exact).  Only where
    sum g_i^2 overflows although g is finite is the norm taken scale-safely (torch
    would report inf and zero the gradient).
    """
    if np.ndim(g) == 0:
        norm = abs(g)
        coef = (1.0 / (norm + CLIP_EPS)) * max_norm
        return g * (coef if not coef > 1.0 else 1.0)
    g = np.asarray(g, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        norm = np.sqrt(np.sum(g * g, axis=-1, keepdims=True))
    overflow = np.isinf(norm) & np.isfinite(g).all(axis=-1, keepdims=True)
    if overflow.any():
        from .norms import row_norms

        norm = np.where(overflow, row_norms(g)[..., None], norm)
    coef = np.minimum((1.0 / (norm + CLIP_EPS)) * max_norm, 1.0)
    return g * coef


def _clipping(rule: Callable) -> Callable:
    """``rule`` with the gradient clipped first (clip value from ``h['clip_norm']``)."""
    def clipped(w, g, state, t, h, sqrt):
        return rule(w, clip_by_norm(g, h["clip_norm"]), state, t, h, sqrt)

    clipped.unclipped = rule
    return clipped


def _check_flag(name: str, value: Any):
    """A switch: True/False or 1/0 (also per row, as a 1-D array)."""
    arr = np.asarray(value)
    if arr.ndim > 1 or arr.dtype.kind not in "biuf" or not np.all((arr == 0) | (arr == 1)):
        raise ValueError(f"invalid {name}: {value!r} (must be true or false)")
    return bool(arr) if arr.ndim == 0 else arr.astype(bool)


@dataclass(frozen=True)
class Optimizer:
    """A validated optimizer: ``init`` makes the state, ``update`` takes one step.

    ``hyper`` holds the user-facing hyperparameters (floats, or arrays of shape
    (B,) for per-row values in a batch).
    """

    name: str
    hyper: Mapping[str, Any]
    _rule: Callable = field(repr=False, compare=False)
    _h: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def spec(self) -> OptimizerSpec:
        return OPTIMIZERS[self.name]

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def lr(self):
        return self.hyper["lr"]

    def init(self, params: Number) -> tuple:
        """Zero state shaped like ``params`` (a float or an array)."""
        zero = 0.0 if np.ndim(params) == 0 else np.zeros_like(params, dtype=float)
        return tuple(zero for _ in range(self.spec.state_size))

    @property
    def clip_norm(self) -> float | None:
        """Max gradient norm (``clip_grad_norm_``'s ``max_norm``), or None: no clipping."""
        return self.hyper.get("clip_norm")

    def update(self, w: Number, g: Number, state: tuple, t: int, sqrt=math.sqrt):
        """One step at iteration ``t`` (1-based): returns ``(new_w, new_state)``.

        With ``clip_norm`` the gradient is clipped as one vector (its last axis): pass
        whole parameter vectors, not one coordinate at a time.
        """
        return self._rule(w, g, state, t, self._h, sqrt)

    def batched(self, rows: int) -> Optimizer:
        """Hyperparameters reshaped to broadcast against arrays of shape (rows, D)."""
        h = {}
        for k, v in self._h.items():
            if isinstance(v, np.ndarray):
                if v.shape[0] != rows:
                    raise ValueError(f"{k} has {v.shape[0]} values for {rows} rows")
                v = v.reshape(rows, 1)
            h[k] = v
        return Optimizer(self.name, self.hyper, self._rule, h)

    def with_hyper(self, **changes) -> Optimizer:
        base = dict(self.hyper)
        if "betas" in changes:  # the pair replaces both betas
            base.pop("beta1", None)
            base.pop("beta2", None)
        return make_optimizer(self.name, **{**base, **changes})

    def describe(self) -> str:
        parts = []
        for k, v in self.hyper.items():
            if k == "weight_decay" and not np.any(v) and self.name != "adamw":
                continue
            if k in _FLAGS:
                if np.ndim(v):
                    parts.append(f"{k}=[{len(v)} values]")
                elif v:
                    parts.append(k)
                continue
            parts.append(f"{k}={v:g}" if np.ndim(v) == 0 else f"{k}=[{len(v)} values]")
        return f"{self.label}({', '.join(parts)})"


def _same_value(a: Any, b: Any) -> bool:
    try:
        return bool(np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float)))
    except (TypeError, ValueError):
        return False


def make_optimizer(name: str, **hyper: Any) -> Optimizer:
    """Build a validated optimizer; unknown names or bad values raise ``ValueError``.

    ``betas=(b1, b2)`` is accepted as a synonym of ``beta1``/``beta2``.
    """
    key = name.strip().lower()
    if key not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(OPTIMIZERS)}")
    spec = OPTIMIZERS[key]
    if "betas" in hyper:
        betas = hyper.pop("betas")
        try:
            b1, b2 = betas
        except (TypeError, ValueError):
            raise ValueError(f"betas must be two numbers, got {betas!r}") from None
        for k, v in (("beta1", b1), ("beta2", b2)):
            given = hyper.get(k)
            if given is not None and not _same_value(given, v):
                raise ValueError(
                    f"betas={betas!r} conflicts with {k}={given!r}; give one or the other"
                )
            hyper[k] = v
    # Extra settings, present in ``hyper`` only when on (files and widgets without them
    # stay as they were): clip_norm for every rule, amsgrad for Adam and AdamW.
    clip = hyper.pop("clip_norm", None)
    ams = hyper.pop("amsgrad", None) if key in _AMSGRAD else None
    unknown = set(hyper) - set(spec.defaults)
    if unknown:
        raise ValueError(
            f"{spec.label} has no hyperparameter {', '.join(sorted(unknown))}; "
            f"it takes: {', '.join(spec.defaults)}, clip_norm"
            + (", amsgrad" if key in _AMSGRAD else "")
        )
    values = {}
    for k, default in spec.defaults.items():
        v = hyper.get(k, default)
        if v is None:
            v = default
        lo, hi, lo_open, hi_open = _RANGES[k]
        values[k] = _check_values(k, v, lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open)
    # Internal form: zero weight decay / momentum is "off" (None), as torch skips them.
    h = dict(values)
    for k in ("weight_decay", "momentum"):
        if k in h and key not in ("adamw", "momentum", "nesterov") and not np.any(h[k]):
            h[k] = None
    if key in ("momentum", "nesterov") and not np.any(h["weight_decay"]):
        h["weight_decay"] = None
    if key in _AMSGRAD:  # internal: None (off), True (on) or a per-row bool array
        a = False if ams is None else _check_flag("amsgrad", ams)
        on = bool(np.any(a))
        h["amsgrad"] = (a if np.ndim(a) else True) if on else None
        if on:
            values["amsgrad"] = a
    if key == "nesterov" and np.any(np.asarray(values["momentum"]) <= 0):
        raise ValueError("invalid momentum: Nesterov momentum needs momentum > 0")
    rule = _RULES[key]
    if clip is not None:  # an extra setting, present only when on (torch: max_norm > 0)
        values["clip_norm"] = h["clip_norm"] = _check_values(
            "clip_norm", clip, lo=0.0, hi=math.inf, lo_open=True, hi_open=True)
        rule = _clipping(rule)
    return Optimizer(key, values, rule, h)
