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

__all__ = [
    "StabilityLimit",
    "best_rates",
    "lambda_max",
    "lanczos_ritz_values",
    "limit_for",
    "stability_limit",
]

DENSE_MAX_DIM = 300


def lambda_max(surface: Surface, point, iters: int = 400, seed: int = 0) -> float:
    """Largest Hessian eigenvalue at ``point``: dense for small D, else Lanczos on
    Hessian-vector products (at most ``iters`` of them)."""
    x = np.asarray(point, dtype=float).reshape(1, -1)
    if surface.dim <= DENSE_MAX_DIM:
        return float(np.linalg.eigvalsh(surface.hessian(x)[0])[-1])
    return _lanczos_lambda_max(surface, x, iters, seed)


LANCZOS_BASIS_MAX = 1_000_000  # floats kept for re-orthogonalisation (8 MB)


def _lanczos_lambda_max(surface, x, iters, seed) -> float:
    """Top Ritz value of a Lanczos run with full re-orthogonalisation.

    Unlike power iteration it needs no gap between the largest and the second
    eigenvalue, nor between |λ_min| and λ_max (a saddle with eigenvalues ±1):
    Ritz values approach both ends of the spectrum from inside. It stops when
    the top Ritz pair's residual β_k |s_k| (a bound on its distance to an
    eigenvalue) is below 1e-12 of the spectrum's scale, or the Krylov space is
    exhausted. At most ``iters`` steps and an 8 MB basis: exact to rounding up
    to a few hundred dimensions; at D = 10⁴ (about 100 steps) a tightly clustered
    top of the spectrum can come out ~1e-4 low (measured).
    """
    D = x.shape[1]
    m = max(1, min(D, int(iters), max(32, LANCZOS_BASIS_MAX // D)))
    ritz, _ = lanczos_ritz_values(surface, x, m, seed, until_top_converged=True)
    return float(ritz[-1])


def lanczos_ritz_values(surface, x, steps: int, seed: int = 0,
                        until_top_converged: bool = False) -> tuple[np.ndarray, bool]:
    """Ritz values (ascending) of up to ``steps`` Lanczos steps on Hessian-vector
    products at ``x`` (shape (1, D)), with full re-orthogonalisation.

    Returns ``(ritz_values, exhausted)``; ``exhausted`` means the Krylov space
    became invariant, so the values are exact eigenvalues.  With
    ``until_top_converged`` it stops once the top Ritz pair's residual is below
    1e-12 of the spectrum's scale.
    """
    D = x.shape[1]
    m = max(1, min(D, int(steps)))
    rng = np.random.default_rng(seed)
    V = np.empty((m, D))
    alpha = np.empty(m)
    beta = np.empty(m)
    v = rng.standard_normal(D)
    v /= np.linalg.norm(v)
    check_at = 8  # test convergence at n = 8, 12, 18, 27, ...: eigh(T) costs O(n³)
    ev = np.array([np.nan])
    exhausted = False
    for k in range(m):
        V[k] = v
        w = surface.hvp(x, v[None, :])[0]
        alpha[k] = float(w @ v)
        for _ in range(2):  # twice is enough (Kahan–Parlett)
            w = w - V[: k + 1].T @ (V[: k + 1] @ w)
        b = float(np.linalg.norm(w))
        n = k + 1
        # an invariant subspace is exhausted: T's eigenvalues are exact eigenvalues
        exhausted = not b > 1e-12 * max(float(np.max(np.abs(alpha[:n]))),
                                        float(np.max(beta[: n - 1], initial=0.0)))
        last = exhausted or n == m
        if last or (until_top_converged and n >= check_at):
            check_at = (3 * n + 1) // 2
            T = np.diag(alpha[:n]) + np.diag(beta[: n - 1], 1) + np.diag(beta[: n - 1], -1)
            ev, S = np.linalg.eigh(T)
            scale = max(abs(ev[0]), abs(ev[-1]), np.finfo(float).tiny)
            if last or b * abs(S[-1, -1]) <= 1e-12 * scale:
                break
        beta[k] = b
        v = w / b
    return ev, exhausted or len(ev) == D


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
    """α_crit at the known minimum nearest ``start``; at ``start`` if none is known or
    the minimum is a kink with no Hessian (Ackley's cone tip)."""
    near = surface.minimum_near(start)
    if near is not None and near.smooth:
        point, basis = near.as_array(), "minimum"
    else:
        point, basis = np.asarray(start, dtype=float), "start"
    lam = lambda_max(surface, point)
    return StabilityLimit(limit_for(optimizer, lam, momentum), lam, tuple(map(float, point)), basis)


def best_rates(lam_min: float, lam_max: float) -> dict[str, float]:
    """Optimal GD and heavy-ball settings and their linear rates on a quadratic.

    Needs a positive definite Hessian, 0 < λ_min ≤ λ_max (finite): with λ_min ≤ 0
    there is no minimum to converge to and no rate (Goh, Distill 2017).
    """
    try:
        lam_min, lam_max = float(lam_min), float(lam_max)
    except (TypeError, ValueError):
        raise ValueError(f"eigenvalues must be numbers, got {lam_min!r}, {lam_max!r}") from None
    if not (math.isfinite(lam_min) and math.isfinite(lam_max)):
        raise ValueError(f"eigenvalues must be finite, got λ_min={lam_min!r}, λ_max={lam_max!r}")
    if not lam_min > 0:
        raise ValueError(
            f"best rates need a positive definite Hessian: λ_min = {lam_min!r} ≤ 0 "
            "(no minimum, so no convergence rate)"
        )
    if lam_max < lam_min:
        raise ValueError(f"λ_max = {lam_max!r} is below λ_min = {lam_min!r}")
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
