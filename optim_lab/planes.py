"""Looking at N-D runs through a 2-D plane, with the loss computed on that same plane.

A :class:`Plane` is the affine plane ``origin + u e1 + v e2`` through the start,
spanned by two orthonormal directions:

- ``pca``: the top two principal directions of the trajectories' displacements
  from the start (uncentred PCA, so the plane passes through the start);
- ``coordinates``: two chosen coordinate axes;
- ``random``: two random orthonormal directions from a seed.

Everything drawn on the plane comes from the same ``origin`` and ``basis``: the
projected paths (:func:`project`, with the distance of every point from the
plane, zero for a run that really stays in it) and the loss contours
(:func:`plane_grid`, the surface evaluated at ``origin + u e1 + v e2``).  Beside
the plane, in their own modules (re-exported here): the Hessian spectrum
(:mod:`optim_lab.spectra`) and measured and theoretical convergence rates
(:mod:`optim_lab.convergence`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Spectra and rates live in their own modules; their names stay importable from here.
from .convergence import ConvergenceRate, convergence_rate, distance_to_minimum, quadratic_theory
from .spectra import DENSE_SPECTRUM_MAX_DIM, HessianSpectrum, hessian_spectrum
from .surfaces import Surface

__all__ = [
    "DENSE_SPECTRUM_MAX_DIM",
    "PLANE_MODES",
    "ConvergenceRate",
    "HessianSpectrum",
    "Plane",
    "PlaneGrid",
    "Projection",
    "convergence_rate",
    "coordinate_plane",
    "distance_to_minimum",
    "hessian_spectrum",
    "make_plane",
    "pca_plane",
    "plane_extent",
    "plane_grid",
    "plane_values",
    "project",
    "quadratic_theory",
    "random_plane",
]

PLANE_MODES = ("pca", "coordinates", "random")
PCA_POINTS_PER_RUN = 400  # evenly spaced points per run are plenty for two directions
_CHUNK_ELEMENTS = 1 << 20  # direct plane evaluation: ~8 MB of coordinates at a time


@dataclass(frozen=True, eq=False)
class Plane:
    """``origin + u e1 + v e2`` with orthonormal rows ``basis = [e1, e2]``."""

    origin: np.ndarray  # (D,)
    basis: np.ndarray  # (2, D), orthonormal rows
    mode: str
    axis_labels: tuple[str, str]
    explained: tuple[float, float] | None = None  # PCA: share of Σ‖x − start‖² per direction

    @property
    def dim(self) -> int:
        return int(self.origin.shape[0])

    def to_plane(self, points: np.ndarray) -> np.ndarray:
        """Plane coordinates (n, 2) of points (n, D): (x − origin) · e_i."""
        return (np.asarray(points, dtype=float) - self.origin) @ self.basis.T

    def from_plane(self, uv: np.ndarray) -> np.ndarray:
        """Points (n, D) of plane coordinates (n, 2)."""
        return self.origin + np.asarray(uv, dtype=float) @ self.basis


def _orthonormal(v1: np.ndarray, v2: np.ndarray) -> np.ndarray:
    e1 = v1 / np.linalg.norm(v1)
    w = v2 - (v2 @ e1) * e1
    w = w - (w @ e1) * e1  # second Gram–Schmidt pass: orthogonal to rounding
    return np.vstack([e1, w / np.linalg.norm(w)])


def _check_origin(start) -> np.ndarray:
    x0 = np.asarray(start, dtype=float).reshape(-1)
    if x0.size < 2 or not np.all(np.isfinite(x0)):
        raise ValueError("the plane needs a finite start with at least 2 coordinates")
    return x0


def coordinate_plane(start, i: int, j: int) -> Plane:
    """The plane through ``start`` along coordinate axes ``i`` and ``j`` (0-based)."""
    x0 = _check_origin(start)
    D = x0.size
    for name, k in (("first", i), ("second", j)):
        if isinstance(k, bool) or int(k) != k or not 0 <= int(k) < D:
            raise ValueError(f"invalid {name} coordinate: {k!r} (must be 0 to {D - 1})")
    if int(i) == int(j):
        raise ValueError(f"the two coordinates must differ (both are x{int(i)})")
    basis = np.zeros((2, D))
    basis[0, int(i)] = basis[1, int(j)] = 1.0
    return Plane(x0, basis, "coordinates", (f"x{int(i)}", f"x{int(j)}"))


def random_plane(start, seed: int = 0) -> Plane:
    """Two random orthonormal directions (Gaussian, then Gram–Schmidt) through ``start``."""
    x0 = _check_origin(start)
    if isinstance(seed, bool) or int(seed) != seed or seed < 0:
        raise ValueError(f"invalid seed: {seed!r} (must be a non-negative integer)")
    rng = np.random.default_rng(int(seed))
    g = rng.standard_normal((2, x0.size))
    return Plane(x0, _orthonormal(g[0], g[1]), "random", ("d1", "d2"))


def _thinned(points: np.ndarray, keep: int) -> np.ndarray:
    n = len(points)
    if n <= keep:
        return points
    idx = np.unique(np.linspace(0, n - 1, keep).round().astype(int))
    return points[idx]


def pca_plane(start, point_sets: Sequence[np.ndarray], seed: int = 0) -> Plane:
    """Top two principal directions of the displacements ``x − start`` of all runs.

    If the runs span fewer than two directions, the plane is completed with a
    random direction (from ``seed``) orthogonal to the ones they do span.
    """
    x0 = _check_origin(start)
    D = x0.size
    sets = [np.asarray(p, dtype=float).reshape(-1, D) for p in point_sets if len(p)]
    Y = np.vstack([_thinned(p, PCA_POINTS_PER_RUN) for p in sets] or [np.zeros((1, D))]) - x0
    total = float(np.einsum("ij,ij->", Y, Y))
    rng = np.random.default_rng(seed)
    if total == 0.0:
        plane = random_plane(x0, seed)
        return Plane(x0, plane.basis, "pca", ("PC1", "PC2"), (0.0, 0.0))
    # Randomised range finder with one power iteration: exact when the runs span
    # at most a few directions, and accurate for the top two in general.
    k = min(12, *Y.shape)
    Q, _ = np.linalg.qr(Y @ rng.standard_normal((D, k)))
    Q, _ = np.linalg.qr(Y @ (Y.T @ Q))
    _, s, Vt = np.linalg.svd(Q.T @ Y, full_matrices=False)
    tol = s[0] * max(Y.shape) * np.finfo(float).eps * 10
    e1 = Vt[0]
    if len(s) > 1 and s[1] > tol:
        e2 = Vt[1]
        s2 = float(s[1] ** 2)
    else:
        e2 = rng.standard_normal(D)
        s2 = 0.0
    basis = _orthonormal(e1, e2)
    # Signs: the first run's farthest point has non-negative coordinates.
    far = Y[np.argmax(np.einsum("ij,ij->i", Y, Y))]
    for r in range(2):
        if basis[r] @ far < 0:
            basis[r] = -basis[r]
    explained = (min(1.0, float(s[0] ** 2) / total), min(1.0, s2 / total))
    return Plane(x0, basis, "pca", ("PC1", "PC2"), explained)


def make_plane(mode: str, start, point_sets: Sequence[np.ndarray] = (), *,
               coords: tuple[int, int] = (0, 1), seed: int = 0) -> Plane:
    """One of :data:`PLANE_MODES`; bad values raise ``ValueError``."""
    if mode == "pca":
        return pca_plane(start, point_sets, seed)
    if mode == "coordinates":
        return coordinate_plane(start, *coords)
    if mode == "random":
        return random_plane(start, seed)
    raise ValueError(f"unknown plane mode {mode!r}; choose one of: {', '.join(PLANE_MODES)}")


# --- projection ----------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Projection:
    """A path in plane coordinates and how far its points are from the plane."""

    coords: np.ndarray  # (n, 2)
    residuals: np.ndarray  # (n,) ‖x − (origin + u e1 + v e2)‖
    displacement: float  # max ‖x − origin‖ along the path

    @property
    def max_residual(self) -> float:
        return float(self.residuals.max()) if self.residuals.size else 0.0

    @property
    def relative_residual(self) -> float:
        """Largest distance off the plane, as a fraction of the largest displacement."""
        return self.max_residual / self.displacement if self.displacement > 0 else 0.0


def project(plane: Plane, points: np.ndarray) -> Projection:
    """Coordinates of ``points`` in the plane and each point's reconstruction error."""
    Y = np.asarray(points, dtype=float).reshape(-1, plane.dim) - plane.origin
    uv = Y @ plane.basis.T
    R = Y - uv @ plane.basis
    res = np.sqrt(np.einsum("ij,ij->i", R, R))
    disp = float(np.sqrt(np.einsum("ij,ij->i", Y, Y).max())) if len(Y) else 0.0
    return Projection(uv, res, disp)


# --- the loss on the plane -------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class PlaneGrid:
    """Loss values ``Z[iv, iu]`` at ``origin + us[iu] e1 + vs[iv] e2``."""

    us: np.ndarray
    vs: np.ndarray
    Z: np.ndarray


def plane_extent(coord_sets: Sequence[np.ndarray], pad: float = 0.12,
                 min_half: float = 1.0) -> tuple[float, float, float, float]:
    """(u0, u1, v0, v1) covering the projected paths and the origin, padded.

    An axis the paths barely use still gets a sensible width (a tenth of the
    other's, or ``min_half`` if nothing moved), so contours stay visible.
    """
    pts = [np.asarray(c, dtype=float).reshape(-1, 2) for c in coord_sets if len(c)]
    allp = np.vstack(pts + [np.zeros((1, 2))])
    lo, hi = allp.min(axis=0), allp.max(axis=0)
    span = hi - lo
    big = float(span.max())
    floor = 0.1 * big if big > 0 else min_half
    out = []
    for a in range(2):
        s = max(float(span[a]), floor)
        mid = 0.5 * (lo[a] + hi[a])
        half = 0.5 * s * (1 + 2 * pad)
        out += [mid - half, mid + half]
    return tuple(out)


def plane_values(surface: Surface, plane: Plane, us: np.ndarray, vs: np.ndarray) -> np.ndarray:
    """``Z[iv, iu] = f(origin + us[iu] e1 + vs[iv] e2)``.

    Surfaces that know a faster exact way (``surface.plane_values``: polynomial
    interpolation on the plane, or a matrix product for sums of cosines) use it;
    any other surface is evaluated directly, in batches of plane points.
    """
    us = np.asarray(us, dtype=float)
    vs = np.asarray(vs, dtype=float)
    if plane.dim != surface.dim:
        raise ValueError(f"plane has dimension {plane.dim}, surface {surface.dim}")
    fast = getattr(surface, "plane_values", None)
    if callable(fast):
        return np.asarray(fast(plane.origin, plane.basis, us, vs), dtype=float)
    return plane_values_direct(surface, plane, us, vs)


def plane_values_direct(surface: Surface, plane: Plane, us: np.ndarray,
                        vs: np.ndarray) -> np.ndarray:
    """The plain way: build the plane points in batches and call ``surface.value``."""
    nu, D = len(us), plane.dim
    rows = max(1, _CHUNK_ELEMENTS // max(1, nu * D))
    Z = np.empty((len(vs), nu))
    base_u = plane.origin + us[:, None] * plane.basis[0]  # (nu, D)
    with np.errstate(all="ignore"):
        for a in range(0, len(vs), rows):
            vv = vs[a:a + rows]
            X = base_u[None, :, :] + vv[:, None, None] * plane.basis[1]
            Z[a:a + rows] = surface.value(X.reshape(-1, D)).reshape(len(vv), nu)
    return Z


def plane_grid(surface: Surface, plane: Plane, extent: tuple[float, float, float, float],
               n: int = 128) -> PlaneGrid:
    """Loss on an n x n grid of the plane over ``extent = (u0, u1, v0, v1)``."""
    if isinstance(n, bool) or int(n) != n or not 2 <= int(n) <= 2048:
        raise ValueError(f"invalid grid size: {n!r} (must be an integer from 2 to 2048)")
    u0, u1, v0, v1 = map(float, extent)
    if not (all(map(math.isfinite, extent)) and u1 > u0 and v1 > v0):
        raise ValueError(f"invalid plane extent: {extent!r}")
    us = np.linspace(u0, u1, int(n))
    vs = np.linspace(v0, v1, int(n))
    return PlaneGrid(us, vs, plane_values(surface, plane, us, vs))
