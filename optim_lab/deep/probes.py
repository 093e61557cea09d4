"""Per-layer gradient probes: ||dL/dh_l||, ||dL/dW_l|| and the update-to-weight ratio.

Norms are taken after dividing each layer's gradient by its largest entry (and the scale is
multiplied back in float64), so a gradient whose entries are tiny but non-zero (even subnormal)
gets a tiny non-zero norm, where a plain float32 norm would square them to zero; a norm of
exactly 0.0 therefore means every entry of that float32 gradient underflowed to zero.
``underflow`` flags those layers explicitly so callers never confuse "0" with "small".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from .models import DeepMLP

__all__ = [
    "GradientProbe",
    "LayerNorms",
    "first_last_ratio",
    "probe_gradients",
    "training_loss",
    "update_ratios",
]


def training_loss(kind: str, logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean loss over the rows: ``ce`` = F.cross_entropy; ``mse`` = 1/2 ||logits - e_y||^2.

    The MSE form is the square loss of Cohen et al. (2021) on one-hot targets e_y, halved so that
    its Gauss-Newton part is J^T J / n.
    """
    if kind == "mse":
        target = F.one_hot(y, logits.shape[1]).to(logits.dtype)
        return 0.5 * (logits - target).square().sum(1).mean()
    return F.cross_entropy(logits, y)


class LayerNorms:
    """What the per-layer activation-gradient norms say: underflow and first/last ratio."""

    act_grad_norms: np.ndarray

    @property
    def underflow(self) -> np.ndarray:
        """True where dL/dh_l is exactly zero (float32 underflow), not merely small."""
        return self.act_grad_norms == 0.0

    @property
    def ratio(self) -> float | None:
        return first_last_ratio(self.act_grad_norms)


@dataclass(frozen=True)
class GradientProbe(LayerNorms):
    """Loss, batch accuracy and per-layer gradient norms for one forward/backward pass."""

    loss: float
    accuracy: float
    act_grad_norms: np.ndarray  # (depth,) ||dL/dh_l||, l = 1..depth, float64
    weight_grad_norms: np.ndarray  # (depth,) ||dL/dW_l|| (hidden weight matrices)
    finite: bool  # loss and every gradient finite


def first_last_ratio(norms: np.ndarray) -> float | None:
    """||dL/dh_1|| / ||dL/dh_depth||; 0.0 when the first layer underflowed, None if undefined."""
    first, last = float(norms[0]), float(norms[-1])
    if not (math.isfinite(first) and math.isfinite(last)) or last == 0.0:
        return None
    return first / last


def _layer_norms(t: torch.Tensor) -> torch.Tensor:
    """Euclidean norm of each t[l] as float64, with no spurious underflow.

    ||x|| = m * ||x / m|| with m = max|x|: the scaled entries are at most 1, so squaring them
    cannot underflow what matters, and this costs less than converting to float64 first.
    """
    flat = t.detach().flatten(1)
    if flat.dtype == torch.float64:
        return flat.norm(dim=1)
    scale = flat.abs().amax(dim=1, keepdim=True)
    safe = torch.where(scale > 0, scale, torch.ones_like(scale))
    return (flat / safe).norm(dim=1).double() * scale.squeeze(1).double()


def probe_gradients(model: DeepMLP, x: torch.Tensor, y: torch.Tensor) -> GradientProbe:
    """Forward, backward, and read the probes; leaves ``.grad`` set on every parameter.

    The activation gradients come from one ``torch.autograd.grad`` call that asks for the
    hidden outputs h_l alongside the parameters (no hooks or retained graphs needed).
    """
    logits, hidden = model.forward_probed(x)
    loss = training_loss(model.config.loss, logits, y)
    params = [p for p in model.parameters()]
    if not torch.isfinite(loss):
        nan = np.full(model.config.depth, np.nan)
        return GradientProbe(float(loss.detach()), 0.0, nan, nan.copy(), False)
    grads = torch.autograd.grad(loss, [*hidden, *params])
    act = grads[: len(hidden)]
    for p, g in zip(params, grads[len(hidden) :], strict=True):
        p.grad = g
    act_norms = _layer_norms(torch.stack(act)).numpy()
    w_norms = _layer_norms(model.weight.grad).numpy()
    accuracy = float((logits.detach().argmax(1) == y).to(torch.float32).mean())
    finite = bool(np.isfinite(act_norms).all() and np.isfinite(w_norms).all())
    # a sum is non-finite if any entry is (inf, NaN), so one small check covers every parameter
    finite = finite and bool(torch.isfinite(torch.stack([p.grad.sum() for p in params])).all())
    return GradientProbe(float(loss.detach()), accuracy, act_norms, w_norms, finite)


def update_ratios(before: torch.Tensor, after: torch.Tensor) -> np.ndarray:
    """||W_l(after) - W_l(before)|| / ||W_l(before)|| per layer.

    This is the update actually applied to the float32 weights, rounding included (ratios near
    float32 eps, ~1e-7, are at the resolution of the weights).  A zero-initialised layer
    has ||W_l(before)|| = 0; its ratio is taken against
    ||W_l(after)|| instead (1.0 for any non-zero first step, 0.0 if it did not move).
    """
    step = _layer_norms(after - before).numpy()
    ref = _layer_norms(before).numpy()
    ref_after = _layer_norms(after).numpy()
    denom = np.where(ref > 0.0, ref, ref_after)
    out = np.zeros_like(step)
    np.divide(step, denom, out=out, where=denom > 0.0)
    return out
