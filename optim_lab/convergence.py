"""How fast a run converges, measured and in theory.

- :func:`distance_to_minimum`: distance of every step to the nearest known minimum
  (through the surface's one nearest-critical-point routine);
- :func:`convergence_rate`: the asymptotic slope of ln(loss − f*) per step;
- :func:`quadratic_theory`: the best GD and heavy-ball settings and rates on a
  quadratic ((κ−1)/(κ+1) for GD, (√κ−1)/(√κ+1) for heavy ball: Polyak 1964;
  Goh, "Why Momentum Really Works", Distill 2017).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .spectra import DENSE_SPECTRUM_MAX_DIM
from .stability import best_rates
from .surfaces import Surface

__all__ = ["ConvergenceRate", "convergence_rate", "distance_to_minimum", "quadratic_theory"]


def distance_to_minimum(surface: Surface, points: np.ndarray) -> np.ndarray | None:
    """Distance of every point to its nearest known minimum (None if none is known)."""
    cands, _, dist = surface.nearest_critical(points, "minimum")
    return dist if cands else None


@dataclass(frozen=True)
class ConvergenceRate:
    """Asymptotic slope of ln(loss − f*) per step, fitted over steps ``first..last``.

    The fit is ln(gap) ≈ a + slope·k + power·ln k: the ln k term absorbs the
    polynomial factor of a defective iteration matrix (heavy ball at its best
    setting has a double eigenvalue ρ, so its error falls like k ρᵏ and its loss
    like k² ρ²ᵏ; plain GD fits power ≈ 0).  For a linear rate ρ on ‖x − x*‖ the
    loss falls like ρ^{2k}: ``rate`` is exp(slope / 2), comparable with the
    theory rates of :func:`quadratic_theory`.
    """

    slope: float
    rate: float
    first: int
    last: int
    power: float = 0.0


def convergence_rate(losses: np.ndarray, f_star: float = 0.0, start_drop: float = 1e-3,
                     floor: float = 1e-250) -> ConvergenceRate | None:
    """Fit the tail of ln(loss − f*): from where the gap has fallen by ``start_drop``
    (past the transient) to the last step above ``floor``; None if there is no tail."""
    gap = np.asarray(losses, dtype=float) - f_star
    if gap.size < 3 or not gap[0] > 0:
        return None
    ok = gap > max(floor, 1e-12 * abs(f_star))  # below that the gap is rounding noise
    last = int(np.flatnonzero(ok)[-1]) if ok.any() else 0
    below = np.flatnonzero(gap[: last + 1] <= start_drop * gap[0])
    first = int(below[0]) if below.size else 0
    if last - first < 10:
        first = max(0, last - max(10, last // 2))
    if last - first < 2 or not np.all(gap[first:last + 1] > 0):
        return None
    k = np.arange(first, last + 1, dtype=float)
    y = np.log(gap[first:last + 1])
    if last - first >= 30:
        A = np.column_stack([np.ones_like(k), k, np.log(k + 1.0)])
        _, slope, power = np.linalg.lstsq(A, y, rcond=None)[0]
    else:  # too short to separate the two terms
        slope, power = np.polyfit(k, y, 1)[0], 0.0
    return ConvergenceRate(float(slope), math.exp(slope / 2), first, last, float(power))


def quadratic_theory(surface: Surface) -> dict[str, float] | None:
    """Best GD and heavy-ball settings and rates for a quadratic surface, else None."""
    if surface.name != "quadratic":
        return None
    lam = getattr(surface, "eigenvalues", None)
    if lam is None:
        if surface.dim > DENSE_SPECTRUM_MAX_DIM:
            return None
        lam = np.linalg.eigvalsh(surface.hessian(surface.center[None, :])[0])
    lam = np.asarray(lam, dtype=float)
    lo, hi = float(lam.min()), float(lam.max())
    if not lo > 0:
        return None
    out = best_rates(lo, hi)
    out["kappa"] = hi / lo
    out["lam_min"], out["lam_max"] = lo, hi
    return out
