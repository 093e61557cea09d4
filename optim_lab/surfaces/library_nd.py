"""N-dimensional surfaces, written directly on batches of points (B, D)."""

from __future__ import annotations

import itertools
import math

import numpy as np

from .base import CriticalPoint, SurfaceND, refine_critical_point
from .library2d import rastrigin_min_1d, styblinski_roots_1d

TWO_PI = 2.0 * math.pi


def _einsum_rowdot(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", A, B)


# Row-wise dot products: np.vecdot (numpy >= 2) costs half of einsum on small batches.
_rowdot = getattr(np, "vecdot", _einsum_rowdot)


def _check_dim(dim: int, lo: int = 2, hi: int = 100_000) -> int:
    if isinstance(dim, bool) or int(dim) != dim or not lo <= int(dim) <= hi:
        raise ValueError(f"invalid dimension: {dim!r} (must be an integer from {lo} to {hi})")
    return int(dim)


def _box(dim: int, lo: float, hi: float) -> np.ndarray:
    return np.tile([[lo, hi]], (dim, 1)).astype(float)


def _diag_hessian(d2: np.ndarray) -> np.ndarray:
    B, D = d2.shape
    H = np.zeros((B, D, D))
    idx = np.arange(D)
    H[:, idx, idx] = d2
    return H


# --- exact, fast loss on a 2-D plane (for the N-D Lab's contours) -------------------------
#
# On the plane x = o + u e1 + v e2 a polynomial surface of degree p is a polynomial
# of degree <= p in u and in v.  Its values at (p+1)² Chebyshev nodes of the grid's
# box determine it exactly, so Z = L_v F L_uᵀ (Lagrange basis matrices) gives the
# whole grid from (p+1)² surface evaluations instead of n² points of dimension D.

def _lagrange_matrix(nodes: np.ndarray, x: np.ndarray) -> np.ndarray:
    """L[i, a] = ℓ_a(x_i), the Lagrange basis on ``nodes`` evaluated at ``x``."""
    L = np.ones((len(x), len(nodes)))
    for a, na in enumerate(nodes):
        for b, nb in enumerate(nodes):
            if a != b:
                L[:, a] *= (x - nb) / (na - nb)
    return L


def _cheb_nodes(lo: float, hi: float, n: int) -> np.ndarray:
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    k = np.arange(n)
    return 0.5 * (lo + hi) + 0.5 * (hi - lo) * np.cos((2 * k + 1) * np.pi / (2 * n))


def poly_plane_values(value, degree: int):
    """``plane_values(origin, basis, us, vs) -> Z[iv, iu]`` for a polynomial surface."""
    def plane_values(origin, basis, us, vs):
        nu_ = _cheb_nodes(float(np.min(us)), float(np.max(us)), degree + 1)
        nv_ = _cheb_nodes(float(np.min(vs)), float(np.max(vs)), degree + 1)
        UU, VV = np.meshgrid(nu_, nv_)  # (p+1, p+1), [iv, iu]
        X = origin + UU.reshape(-1, 1) * basis[0] + VV.reshape(-1, 1) * basis[1]
        F = value(X).reshape(degree + 1, degree + 1)
        return _lagrange_matrix(nv_, vs) @ F @ _lagrange_matrix(nu_, us).T
    return plane_values


def _rastrigin_plane_values(origin, basis, us, vs):
    """10D + Σ x_i² − 10 Σ cos 2πx_i on the plane: the squares in closed form, the
    cosines by cos(a + b) = cos a cos b − sin a sin b as two matrix products."""
    e1, e2 = basis
    D = origin.size
    sq = (origin @ origin + 2 * us[None, :] * (origin @ e1) + 2 * vs[:, None] * (origin @ e2)
          + us[None, :] ** 2 * (e1 @ e1) + 2 * np.outer(vs, us) * (e1 @ e2)
          + vs[:, None] ** 2 * (e2 @ e2))
    A = TWO_PI * (origin[None, :] + us[:, None] * e1)  # (nu, D)
    B = TWO_PI * vs[:, None] * e2  # (nv, D)
    cos_sum = np.cos(B) @ np.cos(A).T - np.sin(B) @ np.sin(A).T  # (nv, nu)
    return 10 * D + sq - 10 * cos_sum


# --- Rosenbrock -------------------------------------------------------------------

def _rosen_vg(X):
    a = X[:, 1:] - X[:, :-1] ** 2
    b = 1 - X[:, :-1]
    f = np.sum(100 * a * a + b * b, axis=1)
    G = np.zeros_like(X)
    G[:, :-1] = -400 * X[:, :-1] * a - 2 * b
    G[:, 1:] += 200 * a
    return f, G


def _rosen_hess(X):
    B, D = X.shape
    H = np.zeros((B, D, D))
    idx = np.arange(D)
    d = np.zeros_like(X)
    d[:, :-1] = 1200 * X[:, :-1] ** 2 - 400 * X[:, 1:] + 2
    d[:, 1:] += 200
    H[:, idx, idx] = d
    off = -400 * X[:, :-1]
    H[:, idx[:-1], idx[1:]] = off
    H[:, idx[1:], idx[:-1]] = off
    return H


def _rosen_hvp(X, V):
    out = np.zeros_like(X)
    out[:, :-1] = (1200 * X[:, :-1] ** 2 - 400 * X[:, 1:] + 2) * V[:, :-1] - 400 * X[:, :-1] * V[:, 1:]
    out[:, 1:] += 200 * V[:, 1:] - 400 * X[:, :-1] * V[:, :-1]
    return out


def make_rosenbrock_nd(dim: int) -> SurfaceND:
    dim = _check_dim(dim)
    s = SurfaceND(
        name="rosenbrock", label="Rosenbrock", dim=dim,
        bounds=np.vstack([[[-2.0, 2.0]], np.tile([[-1.0, 3.0]], (dim - 1, 1))]),
        log_color=True,
        description="Σ 100(x_{i+1} − x_i²)² + (1 − x_i)²: a curved valley in every pair.",
        vg=_rosen_vg, hess_fn=_rosen_hess, hvp_fn=_rosen_hvp,
    )
    s.plane_values = poly_plane_values(s.value, 4)
    pts = [CriticalPoint(tuple([1.0] * dim), 0.0, "minimum", True)]
    if 4 <= dim <= 7:  # the known second minimum near (-1, 1, ..., 1)
        p = refine_critical_point(s, [-1.0] + [1.0] * (dim - 1))
        if np.all(np.linalg.eigvalsh(s.hessian(p)[0]) > 0):
            pts.append(CriticalPoint(tuple(map(float, p)), float(s.value(p)[0]), "minimum"))
    s.critical_points = tuple(pts)
    return s


# --- separable surfaces --------------------------------------------------------------

def _rastrigin_vg(X):
    D = X.shape[1]
    f = 10 * D + np.sum(X * X - 10 * np.cos(TWO_PI * X), axis=1)
    return f, 2 * X + 20 * math.pi * np.sin(TWO_PI * X)


def _rastrigin_hess(X):
    return _diag_hessian(2 + 40 * math.pi**2 * np.cos(TWO_PI * X))


def make_rastrigin_nd(dim: int) -> SurfaceND:
    dim = _check_dim(dim)
    s = SurfaceND(
        name="rastrigin", label="Rastrigin", dim=dim, bounds=_box(dim, -5.12, 5.12),
        description="10n + Σ (x_i² − 10 cos 2πx_i): 11ⁿ local minima in the box.",
        vg=_rastrigin_vg, hess_fn=_rastrigin_hess,
        hvp_fn=lambda X, V: (2 + 40 * math.pi**2 * np.cos(TWO_PI * X)) * V,
    )
    s.plane_values = _rastrigin_plane_values
    pts = [CriticalPoint(tuple([0.0] * dim), 0.0, "minimum", True)]
    if dim <= 3:  # few enough local minima to list: the lattice next to the origin
        near = [rastrigin_min_1d(k) for k in (-1, 0, 1)]
        for combo in itertools.product(near, repeat=dim):
            if any(c != 0.0 for c in combo):
                p = np.asarray(combo)
                pts.append(CriticalPoint(tuple(combo), float(s.value(p)[0]), "minimum"))
    s.critical_points = tuple(pts)
    return s


def _styb_vg(X):
    f = 0.5 * np.sum(X**4 - 16 * X * X + 5 * X, axis=1)
    return f, 2 * X**3 - 16 * X + 2.5


def make_styblinski_nd(dim: int) -> SurfaceND:
    dim = _check_dim(dim)
    lo, _mx, hi = styblinski_roots_1d()
    s = SurfaceND(
        name="styblinski_tang", label="Styblinski–Tang", dim=dim, bounds=_box(dim, -5.0, 5.0),
        description="½ Σ (x_i⁴ − 16x_i² + 5x_i): 2ⁿ minima, one global at x_i = −2.9035.",
        vg=_styb_vg, hess_fn=lambda X: _diag_hessian(6 * X * X - 16),
        hvp_fn=lambda X, V: (6 * X * X - 16) * V,
    )
    s.plane_values = poly_plane_values(s.value, 4)
    f1 = lambda v: 0.5 * (v**4 - 16 * v * v + 5 * v)  # noqa: E731
    pts = [CriticalPoint(tuple([float(lo)] * dim), float(dim * f1(lo)), "minimum", True)]
    for k in range(1, dim + 1):  # k coordinates in the shallow well
        if k > 3 and k != dim:
            continue
        p = [float(hi)] * k + [float(lo)] * (dim - k)
        pts.append(CriticalPoint(tuple(p), float(k * f1(hi) + (dim - k) * f1(lo)), "minimum"))
    # every coordinate at the middle root of f' (f'' < 0 there): the one maximum
    pts.append(CriticalPoint(tuple([float(_mx)] * dim), float(dim * f1(_mx)), "maximum"))
    s.critical_points = tuple(pts)
    return s


# --- quadratic with a chosen spectrum and a random rotation ---------------------------

def quadratic_eigenvalues(dim: int, kappa: float, spread: str = "log") -> np.ndarray:
    """Eigenvalues from 1 to kappa: 'log' (geometric), 'linear' or 'extremes' (half each end)."""
    if spread == "log":
        return np.geomspace(1.0, kappa, dim)
    if spread == "linear":
        return np.linspace(1.0, kappa, dim)
    if spread == "extremes":
        lam = np.ones(dim)
        lam[dim // 2:] = kappa
        return lam
    raise ValueError(f"invalid spread: {spread!r} (choose log, linear or extremes)")


class HouseholderRotation:
    """Q = H_1 ... H_k with H_i = I − 2 v_i v_iᵀ: a random orthogonal map applied in O(kD).

    Kept in compact WY form Q = I − Vᵀ T V (T upper triangular, k x k), so that
    applying Q to a batch is two thin matrix products instead of 3k array passes.
    """

    def __init__(self, dim: int, seed: int | None, reflections: int = 3):
        self.dim = dim
        if seed is None:
            self.V = np.zeros((0, dim))
        else:
            rng = np.random.default_rng(seed)
            V = rng.standard_normal((reflections, dim))
            self.V = V / np.linalg.norm(V, axis=1, keepdims=True)
        k = len(self.V)
        T = np.zeros((k, k))
        for j in range(k):  # Schreiber–Van Loan: T_j = [[T, −2 T V_{<j} v_j], [0, 2]]
            T[:j, j] = -2.0 * T[:j, :j] @ (self.V[:j] @ self.V[j])
            T[j, j] = 2.0
        self.T = T
        self._TV = T @ self.V  # (k, D): Q x = x − Vᵀ (T V x)
        self._TtV = T.T @ self.V  # (k, D): Qᵀ x = x − Vᵀ (Tᵀ V x)

    def apply(self, X: np.ndarray) -> np.ndarray:
        """Rows of X mapped by Q (x -> Q x)."""
        if not len(self.V):
            return np.array(X, dtype=float, copy=True)
        return X - (X @ self._TV.T) @ self.V

    def apply_t(self, X: np.ndarray) -> np.ndarray:
        """Rows of X mapped by Qᵀ."""
        if not len(self.V):
            return np.array(X, dtype=float, copy=True)
        return X - (X @ self._TtV.T) @ self.V

    def matrix(self) -> np.ndarray:
        return self.apply(np.eye(self.dim)).T


def make_quadratic_nd(dim: int, kappa: float = 10.0, spread: str = "log",
                      rotation_seed: int | None = 0) -> SurfaceND:
    dim = _check_dim(dim)
    kappa = float(kappa)
    if not (math.isfinite(kappa) and kappa >= 1):
        raise ValueError(f"invalid kappa: {kappa!r} (condition number must be >= 1)")
    lam = quadratic_eigenvalues(dim, kappa, spread)
    rot = HouseholderRotation(dim, rotation_seed)
    dense = {}
    # A = QΛQᵀ with Q = I − VᵀTV is Λ minus a rank-2k term: A = Λ − Sᵀ N S with
    # S = [V; VΛ] and N = [[−T (VΛVᵀ) Tᵀ, T], [Tᵀ, 0]]; rows: XA = λ∘X − (X Sᵀ)(Nᵀ S).
    k = len(rot.V)
    W = rot.V * lam
    S = np.vstack([rot.V, W])
    N = np.zeros((2 * k, 2 * k))
    N[:k, :k] = -rot.T @ (W @ rot.V.T) @ rot.T.T
    N[:k, k:] = rot.T
    N[k:, :k] = rot.T.T
    St = np.ascontiguousarray(S.T)
    R = N.T @ S

    def apply_a(X):
        return lam * X - (X @ St) @ R if k else lam * X

    def vg(X):
        AX = apply_a(X)
        return 0.5 * _rowdot(X, AX), AX

    def hvp(X, V):
        return apply_a(V)

    def hess(X):
        if "A" not in dense:  # the Hessian is constant: build it once
            Q = rot.matrix()
            dense["A"] = (Q * lam) @ Q.T
        return np.broadcast_to(dense["A"], (X.shape[0], dim, dim)).copy()

    s = SurfaceND(
        name="quadratic", label="Quadratic", dim=dim, bounds=_box(dim, -2.0, 2.0),
        description=f"½ xᵀAx, eigenvalues 1…{kappa:g} ({spread}), randomly rotated.",
        vg=vg, hess_fn=hess, hvp_fn=hvp,
        critical_points=(CriticalPoint(tuple([0.0] * dim), 0.0, "minimum", True),),
    )
    s.eigenvalues = lam
    s.rotation = rot
    s.plane_values = poly_plane_values(s.value, 2)
    return s


# --- N-D saddle ------------------------------------------------------------------

def make_nd_saddle(dim: int, negative: int = 1) -> SurfaceND:
    """½ Σ_{i<D−k} x_i² + Σ_{i≥D−k} (x_i⁴/4 − x_i²/2): a saddle at 0 with k escape
    directions, and minima at x_i = ±1 along them."""
    dim = _check_dim(dim)
    k = int(negative)
    if not 1 <= k <= dim:
        raise ValueError(f"invalid negative: {negative!r} (need 1 to {dim} escape directions)")
    neg = np.zeros(dim, dtype=bool)
    neg[dim - k:] = True

    def vg(X):
        X2 = X * X
        f = np.sum(np.where(neg, 0.25 * X2 * X2 - 0.5 * X2, 0.5 * X2), axis=1)
        return f, np.where(neg, X2 * X - X, X)

    def d2(X):
        return np.where(neg, 3 * X * X - 1, 1.0)

    # with every direction an escape direction the origin is a maximum, not a saddle
    pts = [CriticalPoint(tuple([0.0] * dim), 0.0, "maximum" if k == dim else "saddle")]
    if k <= 6:
        for signs in itertools.product((-1.0, 1.0), repeat=k):
            p = [0.0] * (dim - k) + list(signs)
            pts.append(CriticalPoint(tuple(p), -0.25 * k, "minimum", True))
    s = SurfaceND(
        name="nd_saddle", label="N-D saddle", dim=dim, bounds=_box(dim, -2.0, 2.0),
        description=(f"A maximum at 0 (all {k} directions curve down); minima at ±1." if k == dim
                     else f"A saddle at 0 with {k} negative-curvature direction(s); minima at ±1."),
        vg=vg, hess_fn=lambda X: _diag_hessian(d2(X)), hvp_fn=lambda X, V: d2(X) * V,
        critical_points=tuple(pts),
    )
    s.plane_values = poly_plane_values(s.value, 4)
    return s
