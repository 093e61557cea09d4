"""Planes through N-D runs: projection, contours on the same plane, spectra, rates."""

from __future__ import annotations

import math

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer, run_many
from optim_lab.planes import (
    convergence_rate,
    coordinate_plane,
    distance_to_minimum,
    hessian_spectrum,
    make_plane,
    pca_plane,
    plane_extent,
    plane_grid,
    plane_values_direct,
    project,
    quadratic_theory,
    random_plane,
)
from optim_lab.runs import RunSettings

ND = [
    ("quadratic", {"kappa": 100.0}),
    ("rosenbrock", {}),
    ("rastrigin", {}),
    ("styblinski_tang", {}),
    ("nd_saddle", {"negative": 2}),
]
NO_STOP = RunSettings(stop_on_convergence=False)


def _start(dim: int, seed: int = 0, half: float = 1.5) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-half, half, dim)


# --- theory check on the rotated quadratic --------------------------------------------------

@pytest.mark.parametrize("dim", [20, 300])
@pytest.mark.parametrize("spread", ["log", "linear"])
def test_gd_and_momentum_at_best_settings_converge_at_predicted_rates(dim, spread):
    surf = get_surface("quadratic", dim=dim, kappa=100.0, spread=spread, rotation_seed=3)
    # the rotation is real: the Hessian is not diagonal in the coordinates
    H = surf.hessian(np.zeros((1, dim)))[0]
    assert np.abs(H - np.diag(np.diag(H))).max() > 1e-2
    th = quadratic_theory(surf)
    lam = np.linalg.eigvalsh(H)
    assert th["kappa"] == pytest.approx(lam[-1] / lam[0], rel=1e-9)
    opts = [
        make_optimizer("gd", lr=th["gd_lr"]),
        make_optimizer("momentum", lr=th["momentum_lr"], momentum=th["momentum_beta"]),
    ]
    gd, mom = run_many(surf, opts, _start(dim), 2500, NO_STOP)
    for traj, rate in ((gd, th["gd_rate"]), (mom, th["momentum_rate"])):
        measured = convergence_rate(traj.losses)
        assert measured is not None and measured.last - measured.first > 50
        predicted_slope = 2 * math.log(rate)
        assert measured.slope == pytest.approx(predicted_slope, rel=0.05)
    # the fitted k-power: none for GD; heavy ball's double eigenvalue gives loss ~ k² ρ²ᵏ
    assert abs(convergence_rate(gd.losses).power) < 0.5
    assert 1.0 < convergence_rate(mom.losses).power < 3.0
    # and momentum is really the faster one (what the overlay shows)
    assert convergence_rate(mom.losses).slope < 5 * convergence_rate(gd.losses).slope


def test_convergence_rate_recovers_a_known_geometric_decay():
    rho = 0.93
    k = np.arange(400)
    losses = 3.0 * rho ** (2 * k) + 0.5
    r = convergence_rate(losses, f_star=0.5)
    assert r.rate == pytest.approx(rho, rel=1e-6)
    assert convergence_rate(np.array([1.0, 1.0])) is None


# --- planes and projections ---------------------------------------------------------------

def test_a_run_that_stays_in_two_coordinates_projects_with_zero_error():
    dim = 40
    surf = get_surface("quadratic", dim=dim, kappa=30.0, rotation_seed=None)  # axis-aligned
    x0 = np.zeros(dim)
    x0[3], x0[7] = 1.2, -0.8
    trajs = run_many(surf, [make_optimizer("gd", lr=0.05),
                            make_optimizer("momentum", lr=0.02, momentum=0.8)], x0, 300)
    pts = [t.points for t in trajs]
    pca = pca_plane(x0, pts)
    # the PCA plane is span(e3, e7)
    off = np.delete(pca.basis, [3, 7], axis=1)
    assert np.abs(off).max() < 1e-12
    for plane in (pca, coordinate_plane(x0, 3, 7)):
        for t in trajs:
            proj = project(plane, t.points)
            assert proj.displacement > 0.5
            assert proj.max_residual <= 1e-12 * proj.displacement
            np.testing.assert_allclose(plane.from_plane(proj.coords), t.points, atol=1e-12)
    assert sum(pca.explained) == pytest.approx(1.0, abs=1e-12)


def test_two_dimensional_surface_every_plane_is_the_whole_space():
    surf = get_surface("rosenbrock", dim=2)
    traj = run_many(surf, [make_optimizer("adam", lr=0.05)], [-1.0, 2.0], 200)[0]
    for mode in ("pca", "random", "coordinates"):
        plane = make_plane(mode, traj.start, [traj.points], seed=5)
        assert project(plane, traj.points).max_residual < 1e-12


@pytest.mark.parametrize("mode", ["pca", "coordinates", "random"])
def test_projection_residual_is_the_distance_to_the_plane(mode):
    dim = 60
    surf = get_surface("rosenbrock", dim=dim)
    x0 = _start(dim, 1)
    trajs = run_many(surf, [make_optimizer("adam", lr=0.01),
                            make_optimizer("gd", lr=1e-4)], x0, 150)
    plane = make_plane(mode, x0, [t.points for t in trajs], coords=(2, 9), seed=4)
    np.testing.assert_allclose(plane.basis @ plane.basis.T, np.eye(2), atol=1e-12)
    proj = project(plane, trajs[0].points)
    Y = trajs[0].points - x0
    # Pythagoras: ‖y‖² = ‖(u, v)‖² + residual²; the residual is orthogonal to the plane
    np.testing.assert_allclose(proj.residuals ** 2 + (proj.coords ** 2).sum(1),
                               (Y ** 2).sum(1), rtol=1e-9, atol=1e-12)
    R = Y - proj.coords @ plane.basis
    assert np.abs(R @ plane.basis.T).max() < 1e-10 * max(1.0, proj.displacement)
    assert proj.max_residual > 0  # a 60-D Adam run does not stay in any plane


def test_pca_plane_matches_exact_svd_and_beats_other_planes():
    dim = 30
    surf = get_surface("quadratic", dim=dim, kappa=50.0, rotation_seed=2)
    x0 = _start(dim, 2)
    trajs = run_many(surf, [make_optimizer("gd", lr=0.015),
                            make_optimizer("adam", lr=0.02)], x0, 300)
    pts = [t.points for t in trajs]
    plane = pca_plane(x0, pts)
    Y = np.vstack(pts) - x0
    _, s, Vt = np.linalg.svd(Y, full_matrices=False)
    # same subspace as the exact top-2 right singular vectors
    P_exact = Vt[:2].T @ Vt[:2]
    np.testing.assert_allclose(plane.basis.T @ plane.basis, P_exact, atol=1e-8)
    assert plane.explained[0] == pytest.approx(s[0] ** 2 / (s ** 2).sum(), rel=1e-8)

    def captured(p):
        return float((p.to_plane(np.vstack(pts)) ** 2).sum())

    best = captured(plane)
    for seed in range(10):
        assert captured(random_plane(x0, seed)) <= best
    assert captured(coordinate_plane(x0, 0, 1)) <= best


def test_bad_plane_requests_say_what_is_wrong():
    x0 = np.zeros(5)
    with pytest.raises(ValueError, match="coordinates must differ"):
        coordinate_plane(x0, 2, 2)
    with pytest.raises(ValueError, match="0 to 4"):
        coordinate_plane(x0, 0, 5)
    with pytest.raises(ValueError, match="unknown plane mode"):
        make_plane("diagonal", x0)
    with pytest.raises(ValueError, match="seed"):
        random_plane(x0, -1)
    with pytest.raises(ValueError, match="extent"):
        plane_grid(get_surface("rastrigin", dim=5), random_plane(x0), (1, 1, 0, 1))
    # no movement at all: still a valid plane
    p = pca_plane(x0, [np.tile(x0, (4, 1))])
    np.testing.assert_allclose(p.basis @ p.basis.T, np.eye(2), atol=1e-12)


# --- contours on the same plane ---------------------------------------------------------

@pytest.mark.parametrize("name,params", ND)
@pytest.mark.parametrize("mode", ["pca", "coordinates", "random"])
def test_contour_values_equal_the_surface_at_those_plane_points(name, params, mode):
    dim = 25
    surf = get_surface(name, dim=dim, **params)
    x0 = _start(dim, 3)
    traj = run_many(surf, [make_optimizer("adam", lr=0.02)], x0, 100)[0]
    plane = make_plane(mode, x0, [traj.points], coords=(4, 11), seed=7)
    ext = plane_extent([project(plane, traj.points).coords])
    grid = plane_grid(surf, plane, ext, n=24)
    UU, VV = np.meshgrid(grid.us, grid.vs)
    pts = plane.from_plane(np.column_stack([UU.ravel(), VV.ravel()]))
    direct = surf.value(pts).reshape(grid.Z.shape)
    np.testing.assert_allclose(grid.Z, direct, rtol=1e-10, atol=1e-9)
    # the start is on the plane at (0, 0), inside the grid's box
    assert grid.us[0] < 0 < grid.us[-1] and grid.vs[0] < 0 < grid.vs[-1]


@pytest.mark.parametrize("name,params", ND)
def test_fast_plane_values_match_direct_evaluation_at_d1000(name, params):
    dim = 1000
    surf = get_surface(name, dim=dim, **params)
    plane = random_plane(_start(dim, 4), seed=1)
    us = np.linspace(-3, 2, 17)
    fast = plane_grid(surf, plane, (-3, 2, -1, 4), n=17)
    np.testing.assert_allclose(fast.us, us)
    slow = plane_values_direct(surf, plane, fast.us, fast.vs)
    np.testing.assert_allclose(fast.Z, slow, rtol=1e-11, atol=1e-8)


def test_plane_extent_covers_paths_and_origin_with_padding():
    ext = plane_extent([np.array([[1.0, 2.0], [3.0, 2.5]])])
    u0, u1, v0, v1 = ext
    assert u0 < 0 < 3 < u1 and v0 < 0 < 2.5 < v1
    u0, u1, v0, v1 = plane_extent([np.zeros((3, 2))], min_half=2.0)
    assert u1 - u0 > 2.0 and v1 - v0 > 2.0


# --- Hessian spectrum, distances -------------------------------------------------------

def test_dense_spectrum_recovers_the_quadratic_eigenvalues():
    surf = get_surface("quadratic", dim=50, kappa=100.0, rotation_seed=1)
    spec = hessian_spectrum(surf, _start(50))
    assert spec.method == "dense" and spec.complete
    np.testing.assert_allclose(spec.eigenvalues, np.sort(surf.eigenvalues), rtol=1e-10)
    assert spec.negative == 0


def test_lanczos_spectrum_at_large_dimension_finds_the_extremes():
    surf = get_surface("quadratic", dim=1000, kappa=100.0, rotation_seed=1)
    spec = hessian_spectrum(surf, _start(1000))
    assert spec.method == "lanczos" and not spec.complete
    assert spec.eigenvalues[-1] == pytest.approx(100.0, rel=1e-8)
    assert spec.eigenvalues[0] >= 1.0 - 1e-9  # Ritz values lie inside the spectrum
    # negative curvature at the N-D saddle's centre: -1 along the escape directions
    sad = get_surface("nd_saddle", dim=1000, negative=3)
    spec = hessian_spectrum(sad, np.zeros(1000))
    assert spec.eigenvalues[0] == pytest.approx(-1.0, rel=1e-9) and spec.negative >= 1
    small = hessian_spectrum(get_surface("nd_saddle", dim=40, negative=3), np.zeros(40))
    assert small.negative == 3


def test_distance_to_nearest_minimum_matches_brute_force():
    surf = get_surface("styblinski_tang", dim=3)
    P = np.random.default_rng(5).uniform(-5, 5, (200, 3))
    got = distance_to_minimum(surf, P)
    M = np.array([m.point for m in surf.minima])
    brute = np.linalg.norm(P[:, None, :] - M[None], axis=2).min(axis=1)
    np.testing.assert_allclose(got, brute, rtol=1e-12)
    q = get_surface("quadratic", dim=10, kappa=5.0)
    np.testing.assert_allclose(distance_to_minimum(q, P[:, :1].repeat(10, 1)),
                               np.linalg.norm(P[:, :1].repeat(10, 1), axis=1))


# --- the batched loop against a plain reference ------------------------------------------

def _reference(surf, opt, x0, steps):
    x = np.asarray(x0, float)[None, :]
    state = opt.init(x)
    pts = [x[0].copy()]
    lo = surf.center - 100 * 0.5 * (surf.bounds[:, 1] - surf.bounds[:, 0])
    hi = surf.center + 100 * 0.5 * (surf.bounds[:, 1] - surf.bounds[:, 0])
    for t in range(1, steps + 1):
        x, state = opt.update(x, surf.grad(x), state, t, np.sqrt)
        if not (np.all(np.isfinite(x)) and np.all(x >= lo) and np.all(x <= hi)):
            return np.array(pts), t
        pts.append(x[0].copy())
    return np.array(pts), None


def test_batched_nd_loop_matches_a_plain_loop_including_divergence():
    dim = 50
    surf = get_surface("quadratic", dim=dim, kappa=100.0, rotation_seed=2)
    opts = [make_optimizer("gd", lr=0.019), make_optimizer("momentum", lr=0.01, momentum=0.9),
            make_optimizer("adam", lr=0.05), make_optimizer("gd", lr=0.021)]  # last: > 2/100
    x0 = _start(dim, 6)
    trajs = run_many(surf, opts, x0, 400, NO_STOP)
    for opt, traj in zip(opts, trajs):
        ref, div = _reference(surf, opt, x0, 400)
        assert traj.diverged_at == div
        np.testing.assert_allclose(traj.points, ref, rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(traj.losses, surf.value(ref), rtol=1e-11, atol=1e-300)
    assert trajs[-1].status == "diverged" and trajs[0].status != "diverged"
