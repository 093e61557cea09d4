"""Largest stable learning rates on a quadratic model of the surface.

On a quadratic with Hessian eigenvalues λ (Goh, "Why Momentum Really Works"):

- GD converges iff 0 < αλ < 2, so α_crit = 2/λ_max;
- heavy-ball momentum iff 0 < αλ < 2(1+β): α_crit = 2(1+β)/λ_max;
- Nesterov (torch convention) iff αλ < 2(1+β)/(1+2β).

Adaptive methods (Adam, RMSprop, AdaGrad) rescale the gradient per coordinate
and have no such fixed limit: ``limit_for`` returns ``None`` for them.
Near a minimum w* of a smooth surface the same limits hold with λ_max of
∇²f(w*).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .surfaces import Surface

__all__ = ["StabilityLimit", "lambda_max", "limit_for", "stability_limit", "best_rates"]

DENSE_MAX_DIM = 300


def lambda_max(surface: Surface, point, iters: int = 200, seed: int = 0) -> float:
    """Largest Hessian eigenvalue at ``point``: dense for small D, else power iteration."""
    x = np.asarray(point, dtype=float).reshape(1, -1)
    if surface.dim <= DENSE_MAX_DIM:
        return float(np.linalg.eigvalsh(surface.hessian(x)[0])[-1])
    return _power_lambda_max(surface, x, iters, seed)


def _power_lambda_max(surface, x, iters, seed) -> float:
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(x.shape)
    v /= np.linalg.norm(v)
    # Largest-magnitude eigenvalue first; if it is negative, shift to find the top one.
    mu = 0.0
    for shift in (0.0, None):
        if shift is None:
            if mu >= 0:
                return mu
            shift = -mu  # H + |mu| I has its top eigenvalue at lambda_max + |mu|
        v = rng.standard_normal(x.shape)
        v /= np.linalg.norm(v)
        for _ in range(iters):
            w = surface.hvp(x, v) + shift * v
            n = float(np.linalg.norm(w))
            if n == 0.0:
                return 0.0 - shift
            new_mu = float(np.sum(v * w)) - shift
            v = w / n
            if abs(new_mu - mu) <= 1e-10 * max(1.0, abs(new_mu)):
                mu = new_mu
                break
            mu = new_mu
    return mu


def limit_for(optimizer: str, lam_max: float, momentum: float = 0.0) -> float | None:
    """α_crit for ``optimizer`` on a quadratic whose top eigenvalue is ``lam_max``."""
    if not (math.isfinite(lam_max) and lam_max > 0):
        return None
    if optimizer == "gd":
        return 2.0 / lam_max
    if optimizer == "momentum":
        return 2.0 * (1.0 + momentum) / lam_max
    if optimizer == "nesterov":
        return 2.0 * (1.0 + momentum) / ((1.0 + 2.0 * momentum) * lam_max)
    return None


@dataclass(frozen=True)
class StabilityLimit:
    """The largest stable learning rate, where it was measured and why."""

    lr: float | None
    lam_max: float
    point: tuple[float, ...]
    basis: str  # "minimum" (nearest known minimum of the start) or "start"


def stability_limit(surface: Surface, start, optimizer: str, momentum: float = 0.0
                    ) -> StabilityLimit:
    """α_crit at the known minimum nearest ``start`` (or at ``start`` if none is known)."""
    near = surface.nearest(start, "minimum")
    if near is not None:
        point, basis = near.as_array(), "minimum"
    else:
        point, basis = np.asarray(start, dtype=float), "start"
    lam = lambda_max(surface, point)
    return StabilityLimit(limit_for(optimizer, lam, momentum), lam, tuple(map(float, point)), basis)


def best_rates(lam_min: float, lam_max: float) -> dict[str, float]:
    """Optimal GD and heavy-ball settings and their linear rates on a quadratic."""
    kappa = lam_max / lam_min
    rs = math.sqrt(kappa)
    return {
        "gd_lr": 2.0 / (lam_min + lam_max),
        "gd_rate": (kappa - 1) / (kappa + 1),
        "momentum_lr": (2.0 / (math.sqrt(lam_min) + math.sqrt(lam_max))) ** 2,
        "momentum_beta": ((math.sqrt(lam_max) - math.sqrt(lam_min))
                          / (math.sqrt(lam_max) + math.sqrt(lam_min))) ** 2,
        "momentum_rate": (rs - 1) / (rs + 1),
    }
