"""Deep MLP stacks, plain or residual, with every hidden layer's output exposed for probing.

Notation (pre-activation form; the plain stack is an ordinary MLP)::

    h_0 = W_in x + b_in
    plain:     h_l = W_l a(h_{l-1}) + b_l                      l = 1..depth
    residual:  h_l = h_{l-1} + alpha * (W_l a(h_{l-1}) + b_l)
    a(h) = phi(N_l(h))  (norm_position "pre")  or  N_l(phi(h))  ("post")
    logits = W_out phi(h_depth) + b_out

``N_l`` is the identity, LayerNorm (``F.layer_norm`` over the width, per row) or BatchNorm
(``F.batch_norm`` over the batch, per unit, eps 1e-5, running-statistics momentum 0.1, exactly
``nn.BatchNorm1d``): in training mode BatchNorm normalises with the batch's mean and biased
variance and updates the running statistics; in eval mode (``model.eval()``, used for the
decision boundary) it uses the running statistics.  Both have a learned scale (1) and shift (0).
The probes record dL/dh_l for l = 1..depth.

Batch norm makes early-layer gradients explode at initialisation in a deep plain stack
(Yang et al., "A mean field theory of batch normalization", ICLR 2019): each BatchNorm layer
multiplies the backward signal by a factor above 1, so ||dL/dh_1|| / ||dL/dh_depth|| grows
geometrically with depth; the scaled skips keep it near 1.

Residual branch (the choice, and why): an unscaled residual stack adds ``depth`` branch outputs
to the stream, so with ReLU the forward activations grow geometrically (about 1e8 at depth 100
here).  The default ``branch="scaled"`` multiplies each branch by alpha = 1/sqrt(depth), which
keeps the variance of h_depth of the same order as h_0 for any depth (the branches add roughly
independent contributions).  ``branch="zero_init"`` instead uses alpha = 1 and sets the branch's
(only) linear layer to zero, so the residual stack starts as the identity map and gradients
reach every layer unchanged at step 0.  ``branch="unscaled"`` (alpha = 1, ordinary init) is kept
to show the forward blow-up.

Initialisation: the plain and residual stacks of one seed draw exactly the same weights (only
``zero_init`` then zeroes the branch layers), so the skip is the only difference.
``default`` is PyTorch's nn.Linear init, U(+-1/sqrt(fan_in)) for weights and biases; ``xavier``
is U(+-sqrt(6/(fan_in+fan_out))) and ``he`` is N(0, 2/fan_in), both with zero biases.  ``gain``
multiplies the input and hidden weights (not the output head), making them too small or too
large on purpose.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from .config import DeepConfig

__all__ = ["DeepMLP", "build_model", "init_weight"]

_ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "gelu": F.gelu,
}


def init_weight(
    shape: tuple[int, ...], fan_in: int, fan_out: int, scheme: str, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """(weight, bias) drawn by ``scheme``; the bias has shape ``shape[:-1]``."""
    if scheme == "default":
        bound = 1.0 / math.sqrt(fan_in)
        w = (torch.rand(shape, generator=generator) * 2.0 - 1.0) * bound
        b = (torch.rand(shape[:-1], generator=generator) * 2.0 - 1.0) * bound
        return w, b
    if scheme == "xavier":
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        w = (torch.rand(shape, generator=generator) * 2.0 - 1.0) * bound
    elif scheme == "he":
        w = torch.randn(shape, generator=generator) * math.sqrt(2.0 / fan_in)
    else:
        raise ValueError(f"unknown init {scheme!r}")
    return w, torch.zeros(shape[:-1])


class DeepMLP(nn.Module):
    """MLP of ``config.depth`` hidden layers; hidden weights stacked in one (depth, W, W) tensor.

    Stacking lets the probes read all per-layer norms with one tensor operation.
    """

    def __init__(self, config: DeepConfig, n_classes: int = 2, n_inputs: int = 2) -> None:
        super().__init__()
        self.config = config
        d, w = config.depth, config.width
        gen = torch.Generator().manual_seed(config.seed)
        w_in, b_in = init_weight((w, n_inputs), n_inputs, w, config.init, gen)
        w_hid, b_hid = init_weight((d, w, w), w, w, config.init, gen)
        w_out, b_out = init_weight((n_classes, w), w, n_classes, config.init, gen)
        if config.residual and config.branch == "zero_init":
            w_hid.zero_()
            b_hid.zero_()
        self.in_weight = nn.Parameter(w_in * config.gain)
        self.in_bias = nn.Parameter(b_in)
        self.weight = nn.Parameter(w_hid * config.gain)  # (depth, out, in)
        self.bias = nn.Parameter(b_hid)  # (depth, out)
        self.out_weight = nn.Parameter(w_out)
        self.out_bias = nn.Parameter(b_out)
        if config.norm != "none":
            self.norm_weight = nn.Parameter(torch.ones(d, w))
            self.norm_bias = nn.Parameter(torch.zeros(d, w))
        if config.norm == "batch":
            self.register_buffer("running_mean", torch.zeros(d, w))
            self.register_buffer("running_var", torch.ones(d, w))
        # False while measuring (sharpness, probes of a frozen model): batch statistics are
        # still used in training mode, but the running statistics are left alone
        self.update_running_stats = True
        self.phi = _ACTIVATIONS[config.activation]
        self.alpha = config.branch_scale if config.residual else 1.0

    def embed(self, x: torch.Tensor) -> torch.Tensor:
        """h_0 = W_in x + b_in."""
        return F.linear(x, self.in_weight, self.in_bias)

    def layer(self, index: int, h: torch.Tensor) -> torch.Tensor:
        """h_{index+1} from h_index (index is 0-based: layer l = index + 1)."""
        return self._layer(h, self.weight[index], self.bias[index], index)

    def _norm(self, z: torch.Tensor, i: int) -> torch.Tensor:
        kind = self.config.norm
        if kind == "layer":
            return F.layer_norm(z, (z.shape[-1],), self.norm_weight[i], self.norm_bias[i])
        if kind == "batch":
            track = self.update_running_stats or not self.training
            return F.batch_norm(
                z,
                self.running_mean[i] if track else None,
                self.running_var[i] if track else None,
                self.norm_weight[i],
                self.norm_bias[i],
                training=self.training,
                momentum=0.1,
                eps=1e-5,
            )
        return z

    def _layer(self, h: torch.Tensor, w: torch.Tensor, b: torch.Tensor, i: int) -> torch.Tensor:
        if self.config.norm_position == "pre":
            a = self.phi(self._norm(h, i))
        else:
            a = self._norm(self.phi(h), i)
        branch = F.linear(a, w, b)
        if self.config.residual:
            return h + self.alpha * branch if self.alpha != 1.0 else h + branch
        return branch

    def head(self, h: torch.Tensor) -> torch.Tensor:
        """logits = W_out phi(h_depth) + b_out."""
        return F.linear(self.phi(h), self.out_weight, self.out_bias)

    def forward_probed(self, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """(logits, [h_1, ..., h_depth]); the h_l are graph nodes to differentiate against."""
        h = self.embed(x)
        hidden = []
        ws, bs = self.weight.unbind(0), self.bias.unbind(0)
        for i in range(self.config.depth):
            h = self._layer(h, ws[i], bs[i], i)
            hidden.append(h)
        return self.head(h), hidden

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.forward_probed(x)[0]

    def forward_from(self, index: int, h: torch.Tensor) -> torch.Tensor:
        """Logits from h_{index} (1-based layer index), running layers index+1..depth."""
        for i in range(index, self.config.depth):
            h = self.layer(i, h)
        return self.head(h)


def build_model(config: DeepConfig, n_classes: int | None = None, n_inputs: int = 2) -> DeepMLP:
    """A fresh model (``n_classes`` defaults to the data set's); same config, same weights."""
    return DeepMLP(config, config.n_classes if n_classes is None else n_classes, n_inputs)
