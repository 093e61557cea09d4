"""Loss surfaces: value, gradient and Hessian over a batch of points (B, D).

A 2-D surface is written once as ``fg(x, y, m) -> (f, gx, gy)`` and
``hess(x, y, m) -> (hxx, hxy, hyy)`` using only arithmetic and functions of
the module ``m``: with ``m = math`` it runs on Python floats (the fast
interactive path), with ``m = numpy`` on whole columns of a batch.  The value
and the gradient come from the same lines of code, so the drawn surface and
the descent always agree; tests check both against autograd and finite
differences.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["CriticalPoint", "Surface", "Surface2D", "SurfaceND", "classify_eigenvalues"]


@dataclass(frozen=True)
class CriticalPoint:
    """A known critical point: ``kind`` is minimum, saddle or maximum."""

    point: tuple[float, ...]
    value: float
    kind: str
    is_global: bool = False
    smooth: bool = True  # False at a kink (Ackley's cone tip): no Hessian there
    # A point of a continuum of minima (Surface.minimum_set): the largest Hessian
    # eigenvalue there, which is what tells one such minimum from another.
    sharpness: float | None = None

    def as_array(self) -> np.ndarray:
        return np.asarray(self.point, dtype=float)


def classify_eigenvalues(eig: np.ndarray, tol: float = 1e-8) -> str:
    """minimum / maximum / saddle / degenerate from Hessian eigenvalues."""
    eig = np.asarray(eig, dtype=float)
    if not np.all(np.isfinite(eig)):
        return "unknown"
    scale = max(1.0, float(np.max(np.abs(eig)))) if eig.size else 1.0
    t = tol * scale
    pos, neg = np.any(eig > t), np.any(eig < -t)
    if pos and neg:
        return "saddle"
    if np.all(eig > t):
        return "minimum"
    if np.all(eig < -t):
        return "maximum"
    return "degenerate"


@dataclass(eq=False)
class Surface:
    """Common interface; subclasses implement the batched maths."""

    name: str
    label: str
    dim: int
    bounds: np.ndarray  # (D, 2) plotting box
    log_color: bool = False
    description: str = ""
    critical_points: tuple[CriticalPoint, ...] = ()
    # A continuum of minima (a curve, not a list): ``minimum_set(P)`` gives, for each row
    # of P (B, D), the point of the set nearest to it (B, D); all are global minima of
    # value ``minimum_set_value``.
    minimum_set: Callable[[np.ndarray], np.ndarray] | None = field(default=None, repr=False)
    minimum_set_value: float = 0.0

    # --- batched maths ------------------------------------------------------
    def value(self, X: np.ndarray) -> np.ndarray:
        return self.value_grad(X)[0]

    def grad(self, X: np.ndarray) -> np.ndarray:
        return self.value_grad(X)[1]

    def value_grad(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def hessian(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    # --- facts ---------------------------------------------------------------
    @property
    def minima(self) -> tuple[CriticalPoint, ...]:
        return tuple(c for c in self.critical_points if c.kind == "minimum")

    @property
    def saddles(self) -> tuple[CriticalPoint, ...]:
        return tuple(c for c in self.critical_points if c.kind == "saddle")

    @property
    def maxima(self) -> tuple[CriticalPoint, ...]:
        return tuple(c for c in self.critical_points if c.kind == "maximum")

    @property
    def global_minima(self) -> tuple[CriticalPoint, ...]:
        return tuple(c for c in self.minima if c.is_global)

    @property
    def has_minimum(self) -> bool:
        """A minimum is known: listed, or a continuum (``minimum_set``)."""
        return bool(self.minima) or self.minimum_set is not None

    def minimum_near(self, point: Sequence[float]) -> CriticalPoint | None:
        """The known minimum nearest ``point``: a listed one or, on a surface with a
        continuum of minima, the nearest point of the continuum (with its sharpness,
        the largest Hessian eigenvalue there)."""
        p = np.asarray(point, dtype=float).reshape(-1)
        best = self.nearest(p, "minimum")
        if self.minimum_set is None:
            return best
        q = np.asarray(self.minimum_set(p[None, :]), dtype=float).reshape(-1)
        if not np.all(np.isfinite(q)):
            return best
        if best is not None and np.linalg.norm(best.as_array() - p) <= np.linalg.norm(q - p):
            return best
        lam = float(np.linalg.eigvalsh(self.hessian(q[None, :])[0])[-1])
        return CriticalPoint(tuple(map(float, q)), float(self.minimum_set_value), "minimum",
                             is_global=True, sharpness=lam)

    @property
    def scale(self) -> float:
        """Length of the plotting box diagonal: the yardstick for "near"."""
        return float(np.hypot.reduce(self.bounds[:, 1] - self.bounds[:, 0]))

    @property
    def center(self) -> np.ndarray:
        return self.bounds.mean(axis=1)

    def nearest_critical(self, points: np.ndarray, kinds: str | Sequence[str] | None = None
                         ) -> tuple[tuple[CriticalPoint, ...], np.ndarray, np.ndarray]:
        """The one nearest-known-critical-point routine, batched over points (B, D).

        Returns ``(candidates, index, distance)``: the known critical points of the
        given kind(s) (all kinds if None), and for every point the index of the
        nearest candidate and its Euclidean distance; ``index`` is -1 and the
        distance inf when no candidate is known.  The nearest is picked with
        ‖p‖² − 2 p·c + ‖c‖² (one matrix product: Rastrigin lists 121 minima and
        this runs at the end of every run), the distance then measured directly.
        """
        if isinstance(kinds, str):
            kinds = (kinds,)
        cands = tuple(c for c in self.critical_points if kinds is None or c.kind in kinds)
        P = np.asarray(points, dtype=float).reshape(-1, self.dim)
        if not cands:
            return cands, np.full(len(P), -1), np.full(len(P), np.inf)
        C = np.array([c.point for c in cands], dtype=float)
        if len(C) == 1:
            idx = np.zeros(len(P), dtype=int)
        else:
            idx = np.argmin(np.einsum("ij,ij->i", C, C)[None, :] - 2.0 * (P @ C.T), axis=1)
        R = P - C[idx]
        return cands, idx, np.sqrt(np.einsum("ij,ij->i", R, R))

    def nearest(self, point: Sequence[float], kind: str | Sequence[str] | None = None
                ) -> CriticalPoint | None:
        """The known critical point (of ``kind``, if given) closest to ``point``."""
        cands, idx, _ = self.nearest_critical(np.asarray(point, dtype=float)[None, :], kind)
        return cands[int(idx[0])] if cands else None

    def value_grid(self, n: int = 256, bounds: np.ndarray | None = None):
        """Values on an n x n grid over a 2-D box: returns (xs, ys, Z[iy, ix]).

        Every surface listed at D = 2 can be drawn (the N-D saddle is one of them);
        :class:`Surface2D` overrides this with its faster elementwise form.
        """
        if self.dim != 2:
            raise ValueError(f"{self.name} has dimension {self.dim}; only 2-D surfaces have a grid")
        b = self.bounds if bounds is None else np.asarray(bounds, dtype=float)
        xs = np.linspace(b[0, 0], b[0, 1], n)
        ys = np.linspace(b[1, 0], b[1, 1], n)
        XX, YY = np.meshgrid(xs, ys)
        with np.errstate(all="ignore"):
            Z = self.value(np.column_stack([XX.ravel(), YY.ravel()])).reshape(XX.shape)
        return xs, ys, Z

    def default_start(self) -> np.ndarray:
        lo, hi = self.bounds[:, 0], self.bounds[:, 1]
        return lo + 0.8 * (hi - lo)

    def _as_batch(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        if X.ndim == 1:
            X = X[None, :]
        if X.ndim != 2 or X.shape[1] != self.dim:
            raise ValueError(f"{self.name} takes points of dimension {self.dim}, got shape {X.shape}")
        return X


ScalarFG = Callable[[float, float, object], tuple]


@dataclass(eq=False)
class Surface2D(Surface):
    """A 2-D surface from one ``fg`` and one ``hess`` written for floats and arrays."""

    fg: ScalarFG = field(default=None, repr=False)
    hess: ScalarFG = field(default=None, repr=False)
    # Additively separable, f(x, y) = p(x) + q(y): ``fg``'s gx depends on x alone and gy
    # on y alone (bit for bit), and f is finite wherever both are, inside the runaway box
    # (100x the plotting box).  Maps then run one 1-D sequence per distinct start
    # coordinate (:mod:`optim_lab.maps_separable`); tests check the contract.
    separable: bool = False
    # Gradient only, on numpy arrays: ``grad_fn(x, y) -> (gx, gy)``, bit for bit fg's, for
    # surfaces whose value is finite wherever the gradient is, inside the runaway box.
    grad_fn: Callable[[np.ndarray, np.ndarray], tuple] | None = field(default=None, repr=False)

    def value_grad(self, X):
        X = self._as_batch(X)
        f, gx, gy = self.fg(X[:, 0], X[:, 1], np)
        f = np.broadcast_to(f, X.shape[:1]).astype(float, copy=True)
        G = np.empty_like(X)
        G[:, 0] = gx
        G[:, 1] = gy
        return f, G

    def hessian(self, X):
        X = self._as_batch(X)
        hxx, hxy, hyy = self.hess(X[:, 0], X[:, 1], np)
        H = np.empty((X.shape[0], 2, 2))
        H[:, 0, 0] = hxx
        H[:, 0, 1] = hxy
        H[:, 1, 0] = hxy
        H[:, 1, 1] = hyy
        return H

    def value_grid(self, n: int = 256, bounds: np.ndarray | None = None):
        """Values on an n x n grid over the box: returns (xs, ys, Z[iy, ix])."""
        b = self.bounds if bounds is None else np.asarray(bounds, dtype=float)
        xs = np.linspace(b[0, 0], b[0, 1], n)
        ys = np.linspace(b[1, 0], b[1, 1], n)
        XX, YY = np.meshgrid(xs, ys)
        with np.errstate(all="ignore"):
            Z, _, _ = self.fg(XX, YY, np)
        Z = np.broadcast_to(Z, XX.shape).astype(float)
        return xs, ys, Z

    def step_fg(self, x: np.ndarray, y: np.ndarray) -> tuple:
        """``(f, gx, gy)`` for one step of a batched loop that needs f only to test that it
        is finite, at points inside the runaway box: with a gradient-only evaluator
        (``grad_fn``) f is the scalar 0.0 — finite, as the surface guarantees there —
        and no value is computed; otherwise ``fg(x, y, numpy)``."""
        if self.grad_fn is None:
            return self.fg(x, y, np)
        gx, gy = self.grad_fn(x, y)
        return 0.0, gx, gy

    def scalar_fg(self) -> Callable[[float, float], tuple[float, float, float]]:
        """``(x, y) -> (f, gx, gy)`` on Python floats: the interactive hot path."""
        fg = self.fg
        return lambda x, y: fg(x, y, math)


@dataclass(eq=False)
class SurfaceND(Surface):
    """An N-D surface written directly on batches (B, D)."""

    vg: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]] = field(default=None, repr=False)
    hess_fn: Callable[[np.ndarray], np.ndarray] = field(default=None, repr=False)
    hvp_fn: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = field(default=None, repr=False)

    def value_grad(self, X):
        return self.vg(self._as_batch(X))

    def hessian(self, X):
        return self.hess_fn(self._as_batch(X))

    def hvp(self, X: np.ndarray, V: np.ndarray) -> np.ndarray:
        """Hessian-vector products H(X_b) V_b, row by row (B, D)."""
        X = self._as_batch(X)
        V = np.asarray(V, dtype=float).reshape(X.shape)
        if self.hvp_fn is not None:
            return self.hvp_fn(X, V)
        return np.einsum("bij,bj->bi", self.hessian(X), V)


def refine_critical_point(surface: Surface, guess: Sequence[float], iters: int = 50) -> np.ndarray:
    """Newton's method on the gradient: polish a tabulated critical point."""
    x = np.asarray(guess, dtype=float)
    for _ in range(iters):
        g = surface.grad(x)[0]
        H = surface.hessian(x)[0]
        try:
            dx = np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            break
        x = x - dx
        if np.linalg.norm(dx) < 1e-15 * (1 + np.linalg.norm(x)):
            break
    return x
