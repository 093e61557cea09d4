"""Euclidean norms that neither overflow nor underflow in their squares.

``sqrt(sum(x_i^2))`` overflows to inf once a component passes ~1.3e154 and
underflows to 0 below ~1.5e-162, although the norm itself is representable.
The scaled form (LAPACK's ``dnrm2`` idea)

    ||x|| = s * sqrt(sum((x_i / s)^2)),   s = max_i |x_i|

is exact to a few ulps for every finite x; zero rows give 0 and non-finite
components give inf or nan, as they should.
"""

from __future__ import annotations

import numpy as np

__all__ = ["row_norms", "vector_norm"]


def row_norms(A: np.ndarray) -> np.ndarray:
    """Norm of each row of ``A`` (..., D) without overflow or underflow in the squares."""
    A = np.asarray(A, dtype=float)
    if A.shape[-1] == 0:
        return np.zeros(A.shape[:-1])
    with np.errstate(all="ignore"):
        s = np.max(np.abs(A), axis=-1)
        usable = np.isfinite(s) & (s > 0)
        safe = np.where(usable, s, 1.0)
        scaled = A / safe[..., None]
        out = safe * np.sqrt(np.sum(scaled * scaled, axis=-1))
    return np.where(usable, out, s)  # 0 -> 0, inf -> inf, nan -> nan


def vector_norm(x) -> float:
    """Norm of one vector, scale-safe."""
    return float(row_norms(np.asarray(x, dtype=float).reshape(1, -1))[0])
