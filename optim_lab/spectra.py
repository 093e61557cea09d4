"""The Hessian spectrum at a point: dense eigenvalues, or Lanczos Ritz values at large D."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .stability import lanczos_ritz_values
from .surfaces import Surface

__all__ = ["DENSE_SPECTRUM_MAX_DIM", "HessianSpectrum", "hessian_spectrum"]

DENSE_SPECTRUM_MAX_DIM = 300


@dataclass(frozen=True)
class HessianSpectrum:
    """Eigenvalues at a point, ascending; ``complete`` is False for Lanczos Ritz values."""

    eigenvalues: np.ndarray
    method: str  # "dense" or "lanczos"
    complete: bool
    dim: int

    @property
    def negative(self) -> int:
        scale = max(1.0, float(np.max(np.abs(self.eigenvalues)))) if self.eigenvalues.size else 1.0
        return int(np.sum(self.eigenvalues < -1e-10 * scale))


def hessian_spectrum(surface: Surface, point, dense_max: int = DENSE_SPECTRUM_MAX_DIM,
                     lanczos_steps: int = 80, seed: int = 0) -> HessianSpectrum:
    """All eigenvalues (dense ``eigvalsh``) up to ``dense_max`` dimensions; above it,
    Ritz values of ``lanczos_steps`` Lanczos steps on Hessian-vector products (the
    extreme eigenvalues converge first; the interior is only sampled)."""
    x = np.asarray(point, dtype=float).reshape(1, -1)
    if x.shape[1] != surface.dim or not np.all(np.isfinite(x)):
        raise ValueError(f"the point must be finite with {surface.dim} coordinates")
    D = surface.dim
    if D <= dense_max or not hasattr(surface, "hvp"):
        return HessianSpectrum(np.linalg.eigvalsh(surface.hessian(x)[0]), "dense", True, D)
    ritz, exact = lanczos_ritz_values(surface, x, lanczos_steps, seed)
    return HessianSpectrum(ritz, "lanczos", exact, D)
