"""Stability limits: lambda_max (dense and iterative) and the critical learning rates.

``limit_for`` is checked against the spectral radius of each method's iteration
matrix on the scalar quadratic ½λw², found by bisection — not against the
closed forms it implements:

- GD:        w' = (1 − αλ) w                         -> M = [[1 − αλ]]
- momentum:  v' = βv + λw, w' = w − αv'              -> M = [[β, λ], [−αβ, 1 − αλ]]
- Nesterov:  v' = βv + λw, w' = w − α(λw + βv')      -> M = [[β, λ], [−αβ², 1 − αλ(1+β)]]
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from optim_lab import (
    get_surface,
    lambda_max,
    limit_for,
    make_optimizer,
    run,
    stability_limit,
)
from optim_lab.stability import best_rates


def iteration_matrix(name: str, alpha: float, lam: float, beta: float) -> np.ndarray:
    if name == "gd":
        return np.array([[1.0 - alpha * lam]])
    if name == "momentum":
        return np.array([[beta, lam], [-alpha * beta, 1.0 - alpha * lam]])
    if name == "nesterov":
        return np.array([[beta, lam], [-alpha * beta**2, 1.0 - alpha * lam * (1.0 + beta)]])
    raise AssertionError(name)


def spectral_radius(M: np.ndarray) -> float:
    return float(np.max(np.abs(np.linalg.eigvals(M))))


def critical_lr_by_bisection(name: str, lam: float, beta: float) -> float:
    """Largest α with spectral radius < 1 (bisection on ρ(α) − 1)."""
    lo, hi = 1e-9 / lam, 1.0 / lam
    while spectral_radius(iteration_matrix(name, hi, lam, beta)) < 1.0:
        hi *= 2.0
    assert spectral_radius(iteration_matrix(name, lo, lam, beta)) < 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if spectral_radius(iteration_matrix(name, mid, lam, beta)) < 1.0:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-15 * hi:
            break
    return 0.5 * (lo + hi)


@pytest.mark.parametrize("lam", [0.5, 18.0, 1001.6])
@pytest.mark.parametrize(("name", "beta"), [
    ("gd", 0.0), ("momentum", 0.0), ("momentum", 0.5), ("momentum", 0.9), ("momentum", 0.99),
    ("nesterov", 0.3), ("nesterov", 0.9), ("nesterov", 0.99),
])
def test_limit_for_matches_spectral_radius(name, beta, lam):
    expected = critical_lr_by_bisection(name, lam, beta)
    assert limit_for(name, lam, beta) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("name", ["adam", "adamw", "rmsprop", "adagrad"])
def test_adaptive_methods_have_no_fixed_limit(name):
    assert limit_for(name, 18.0) is None


@pytest.mark.parametrize("lam", [0.0, -3.0, math.inf, math.nan])
def test_no_limit_without_positive_curvature(lam):
    assert limit_for("gd", lam) is None
    assert limit_for("momentum", lam, 0.9) is None


@pytest.mark.parametrize(("lam_min", "lam_max"), [(2.0, 18.0), (0.4, 1001.6), (1.0, 1.0)])
def test_best_rates_are_the_spectral_radii(lam_min, lam_max):
    r = best_rates(lam_min, lam_max)
    gd = max(spectral_radius(iteration_matrix("gd", r["gd_lr"], lam, 0.0))
             for lam in (lam_min, lam_max))
    assert gd == pytest.approx(r["gd_rate"], abs=1e-12)
    mom = max(spectral_radius(iteration_matrix("momentum", r["momentum_lr"], lam,
                                               r["momentum_beta"])) for lam in (lam_min, lam_max))
    # a defective (double) eigenvalue at the optimum: eigvals is accurate to ~sqrt(eps)
    assert mom == pytest.approx(r["momentum_rate"], abs=1e-6)
    # and they are optimal: nudging the rate either way is no better
    for f in (0.9, 1.1):
        worse = max(spectral_radius(iteration_matrix("gd", f * r["gd_lr"], lam, 0.0))
                    for lam in (lam_min, lam_max))
        assert worse >= r["gd_rate"] - 1e-12


# --- lambda_max -------------------------------------------------------------------------------

def _dense_top(surface, x) -> float:
    return float(np.linalg.eigvalsh(surface.hessian(np.asarray(x)[None, :])[0])[-1])


@pytest.mark.parametrize(("kappa", "spread"), [(100.0, "log"), (1e4, "log"), (100.0, "linear"),
                                               (50.0, "extremes")])
def test_lambda_max_iterative_quadratic_400_known_eigenvalues(kappa, spread):
    s = get_surface("quadratic", dim=400, kappa=kappa, spread=spread, rotation_seed=2)
    x = np.random.default_rng(0).uniform(-2, 2, 400)
    assert lambda_max(s, x) == pytest.approx(kappa, rel=1e-8)  # eigenvalues run 1 … κ
    assert _dense_top(s, x) == pytest.approx(kappa, rel=1e-12)


@pytest.mark.parametrize(("name", "params", "where"), [
    ("rosenbrock", {}, "random"),
    ("rosenbrock", {}, "minimum"),
    ("styblinski_tang", {}, "random"),
    ("rastrigin", {}, "random"),
    ("nd_saddle", {"negative": 3}, "origin"),  # eigenvalues +1 and −1: equal magnitudes
    ("nd_saddle", {"negative": 3}, "random"),
])
def test_lambda_max_iterative_agrees_with_dense_at_d_400(name, params, where):
    s = get_surface(name, dim=400, **params)
    rng = np.random.default_rng(1)
    x = {"random": rng.uniform(s.bounds[:, 0], s.bounds[:, 1]),
         "minimum": s.global_minima[0].as_array() if s.global_minima else None,
         "origin": np.zeros(400)}[where]
    dense = _dense_top(s, x)
    assert lambda_max(s, x) == pytest.approx(dense, rel=1e-6)
    # below 300 dimensions the dense answer is used: same function, same number
    s_small = get_surface(name, dim=200, **params)
    x_small = x[:200]
    assert lambda_max(s_small, x_small) == pytest.approx(_dense_top(s_small, x_small), rel=1e-14)


def test_lambda_max_negative_top_eigenvalue():
    """Every direction curves down (a maximum): the top eigenvalue is negative."""
    for dim in (5, 400):
        s = get_surface("nd_saddle", dim=dim, negative=dim)
        assert lambda_max(s, np.zeros(dim)) == pytest.approx(-1.0, rel=1e-9)


def test_lambda_max_2d_facts():
    assert lambda_max(get_surface("booth"), (0.0, 0.0)) == pytest.approx(18.0, rel=1e-14)
    rosen = get_surface("rosenbrock")
    lam = lambda_max(rosen, (1.0, 1.0))
    assert lam == pytest.approx(501 + math.sqrt(301 ** 2 + 400 ** 2), rel=1e-13)  # 1001.6


# --- stability_limit ---------------------------------------------------------------------------

def test_stability_limit_booth():
    s = get_surface("booth")
    lim = stability_limit(s, (-4.0, 7.0), "gd")
    assert lim.basis == "minimum" and lim.point == pytest.approx((1.0, 3.0))
    assert lim.lam_max == pytest.approx(18.0)
    assert lim.lr == pytest.approx(2.0 / 18.0)
    mom = stability_limit(s, (-4.0, 7.0), "momentum", momentum=0.9)
    assert mom.lr == pytest.approx(2.0 * 1.9 / 18.0)
    assert stability_limit(s, (-4.0, 7.0), "adam").lr is None


def test_stability_limit_rosenbrock_design_value():
    lim = stability_limit(get_surface("rosenbrock"), (-1.2, 1.0), "gd")
    assert lim.lr == pytest.approx(2.0e-3, rel=2e-3)  # 2/λ_max at the minimum (1, 1), λ_max ≈ 1001.6


@pytest.mark.parametrize(("name", "beta"), [("gd", 0.0), ("momentum", 0.9), ("nesterov", 0.5)])
def test_limit_separates_convergence_from_divergence_nd(name, beta):
    """On a rotated 50-D quadratic the reported limit is where runs start to blow up."""
    s = get_surface("quadratic", dim=50, kappa=30.0, rotation_seed=4)
    start = np.random.default_rng(3).uniform(-1.5, 1.5, 50)
    lim = stability_limit(s, start, name, momentum=beta)
    assert lim.lr == pytest.approx(limit_for(name, 30.0, beta), rel=1e-10)
    hyper = {"momentum": beta} if name != "gd" else {}
    below = run(s, make_optimizer(name, lr=0.99 * lim.lr, **hyper), start, 4000)
    above = run(s, make_optimizer(name, lr=1.01 * lim.lr, **hyper), start, 4000)
    assert below.status == "converged"
    assert above.status == "diverged"


def test_ackley_cone_gives_no_absurd_limit():
    """Ackley's minimum is the tip of a cone: no Hessian there, so no quadratic-model limit.

    A learning rate of 1e-150 (2/λ with λ = 1/sqrt(1e-300) from the engine's
    smoothing of the cone) is not a limit a user can act on: expect None (no
    fixed limit) or a rate at which a step is visible.
    """
    lim = stability_limit(get_surface("ackley"), (3.0, 3.0), "gd")
    assert lim.lr is None or lim.lr >= 1e-6, lim
