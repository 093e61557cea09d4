"""Sharpness: the largest eigenvalue lambda_max of the training-loss Hessian, by Lanczos on
Hessian-vector products.

H v is one double backward: with g = dL/dtheta built with ``create_graph=True``,
H v = d(g . v)/dtheta (Pearlmutter, 1994); the graph of g is kept, so k Lanczos steps cost one
forward, one backward and k double-backward passes, and H is never formed.

Lanczos with full re-orthogonalisation (Golub & Van Loan, "Matrix Computations", 10.1): from a
unit vector q_1 it builds the tridiagonal T_k = Q_k^T H Q_k; the largest eigenvalue theta of T_k
(the top Ritz value) approaches lambda_max from below much faster than power iteration, and
||H y - theta y|| = beta_k |s_k| for the Ritz vector y = Q_k s, with no extra product.  The
iteration stops when that residual, relative to |theta|, falls below ``tol``.  Warm start: the
previous top Ritz vector is the next q_1, so after a few training steps two or three products
usually suffice.  When a negative eigenvalue has the largest magnitude the top Ritz value is
still lambda_max (Lanczos finds both ends of the spectrum), unlike power iteration.

BatchNorm layers use the batch statistics of the given rows (the loss that training minimises)
and their running statistics are not touched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from .models import DeepMLP
from .probes import training_loss

__all__ = ["SharpnessEstimate", "hessian_vector_product", "lambda_max", "top_eigenpair"]


@dataclass(frozen=True)
class SharpnessEstimate:
    """lambda_max estimate, its relative residual ||H y - theta y|| / |theta| and the cost."""

    value: float
    residual: float
    products: int  # Hessian-vector products used
    vector: torch.Tensor  # the unit Ritz vector (flat, the parameters' dtype): next warm start


def hessian_vector_product(model: DeepMLP, X: torch.Tensor, y: torch.Tensor):
    """``(hvp, n_params)``: ``hvp(v)`` = H v for a flat v, H the Hessian of the loss on (X, y)."""
    params = [p for p in model.parameters() if p.requires_grad]
    keep = model.update_running_stats
    model.update_running_stats = False
    try:
        loss = training_loss(model.config.loss, model(X), y)
        grads = torch.autograd.grad(loss, params, create_graph=True)
    finally:
        model.update_running_stats = keep
    flat_grad = torch.cat([g.reshape(-1) for g in grads])

    def hvp(v: torch.Tensor) -> torch.Tensor:
        hv = torch.autograd.grad(flat_grad, params, grad_outputs=v, retain_graph=True,
                                 allow_unused=True)
        return torch.cat([
            (h if h is not None else torch.zeros_like(p)).reshape(-1)
            for h, p in zip(hv, params, strict=True)
        ]).detach()

    return hvp, flat_grad.numel()


def top_eigenpair(
    hvp,
    n: int,
    *,
    dtype: torch.dtype = torch.float64,
    start: torch.Tensor | None = None,
    max_products: int = 40,
    tol: float = 1e-3,
    seed: int = 0,
) -> SharpnessEstimate:
    """Largest eigenvalue of the symmetric operator ``hvp`` on R^n by Lanczos (see module)."""
    if start is None or start.numel() != n or not torch.isfinite(start).all() or start.norm() == 0:
        gen = torch.Generator().manual_seed(seed)
        start = torch.randn(n, generator=gen, dtype=dtype)
    q = start.to(dtype) / start.norm()
    basis: list[torch.Tensor] = []
    alphas: list[float] = []
    betas: list[float] = []
    steps = max(1, min(max_products, n))
    theta, residual, ritz = float("nan"), float("inf"), q
    for k in range(steps):
        basis.append(q)
        w = hvp(q)
        alphas.append(float(w @ q))
        Q = torch.stack(basis)
        w = w - Q.T @ (Q @ w)  # full re-orthogonalisation, twice ("twice is enough": Kahan)
        w = w - Q.T @ (Q @ w)
        beta = float(w.norm())
        if not (math.isfinite(alphas[-1]) and math.isfinite(beta)):
            theta, residual = float("nan"), float("inf")  # the loss is not finite here
            break
        T = np.diag(alphas) + np.diag(betas, 1) + np.diag(betas, -1)
        evals, evecs = np.linalg.eigh(T)
        theta, s = float(evals[-1]), evecs[:, -1]
        residual = beta * abs(float(s[-1])) / max(abs(theta), 1e-300)
        done = residual < tol or beta <= 1e-12 * max(abs(theta), 1e-300) or k == steps - 1
        if not math.isfinite(theta) or done:
            if math.isfinite(theta):
                ritz = torch.as_tensor(s, dtype=dtype) @ Q
                ritz = ritz / ritz.norm()
            break
        betas.append(beta)
        q = w / beta
    return SharpnessEstimate(theta, residual, len(alphas), ritz.detach())


def lambda_max(
    model: DeepMLP,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    start: torch.Tensor | None = None,
    max_products: int = 40,
    tol: float = 1e-3,
    seed: int = 0,
) -> SharpnessEstimate:
    """Largest Hessian eigenvalue of the loss on (X, y) at the model's current parameters."""
    hvp, n = hessian_vector_product(model, X, y)
    dtype = next(model.parameters()).dtype
    return top_eigenpair(hvp, n, dtype=dtype, start=start, max_products=max_products, tol=tol,
                         seed=seed)
