"""Run outcomes against theory: stability limits, basins, saddles, divergence.

Expected numbers come from the theory, not from the engine: Booth's Hessian
eigenvalues are 2 and 18 (H = [[10, 8], [8, 10]]), so GD is stable iff α < 2/18, heavy ball
iff α < 2(1+β)/18 and torch-style Nesterov iff α < 2(1+β)/((1+2β)·18) (from the
characteristic polynomial z² − (1+β)(1−αλ)z + β(1−αλ) of its iteration matrix).
On x² − y² GD multiplies y by exactly (1+2α) per step, so both the escape time
and the number of steps spent near the saddle follow in closed form.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from optim_table import CASE_IDS, CASES, OptimCase

from optim_lab import RunSettings, get_surface, make_optimizer, run, run_many
from optim_lab.runs import DEFAULT_SETTINGS

BOOTH_LAMBDA_MAX = 18.0  # Booth's Hessian [[10, 8], [8, 10]]: eigenvalues are 2 and 18
BOOTH_MIN = (1.0, 3.0)
BOOTH_STARTS = [(-4.0, 7.0), (8.0, -6.0)]
NO_STOP = RunSettings(stop_on_convergence=False)


def _limit(name: str, beta: float) -> float:
    if name == "gd":
        return 2.0 / BOOTH_LAMBDA_MAX
    if name == "momentum":
        return 2.0 * (1.0 + beta) / BOOTH_LAMBDA_MAX
    return 2.0 * (1.0 + beta) / ((1.0 + 2.0 * beta) * BOOTH_LAMBDA_MAX)  # nesterov


def assert_clean_divergence(traj) -> None:
    """Diverged: step index set, nothing non-finite kept, the record ends before it."""
    assert traj.status == "diverged"
    k = traj.diverged_at
    assert isinstance(k, int) and 1 <= k <= traj.steps_requested
    assert len(traj.points) == k  # points 0 .. k-1: the step that blew up is not kept
    for arr in (traj.points, traj.losses, traj.grad_norms, traj.step_lengths):
        assert len(arr) == k
        assert np.all(np.isfinite(arr))
    assert traj.converged_at is None
    assert traj.end.classification == "unknown"
    assert traj.outcome.kind == "diverged" and traj.outcome.step == k
    assert f"at step {k}" in traj.summary()


# --- Booth: the stability limits --------------------------------------------------------

BOOTH_CASES = [("gd", 0.0), ("momentum", 0.9), ("momentum", 0.5), ("nesterov", 0.9),
               ("nesterov", 0.5)]


@pytest.mark.parametrize("start", BOOTH_STARTS)
@pytest.mark.parametrize(("name", "beta"), BOOTH_CASES)
def test_booth_just_below_the_limit_converges(name, beta, start):
    s = get_surface("booth")
    hyper = {"momentum": beta} if name != "gd" else {}
    traj = run(s, make_optimizer(name, lr=0.99 * _limit(name, beta), **hyper), start, 3000)
    assert traj.status == "converged"
    assert traj.end.classification == "minimum"
    assert traj.end.nearest_minimum.point == pytest.approx(BOOTH_MIN, abs=1e-6)
    assert traj.end.is_global is True
    np.testing.assert_allclose(traj.points[-1], BOOTH_MIN, atol=1e-6)
    assert traj.diverged_at is None and traj.converged_at is not None


@pytest.mark.parametrize("start", BOOTH_STARTS)
@pytest.mark.parametrize(("name", "beta"), BOOTH_CASES)
def test_booth_just_above_the_limit_diverges(name, beta, start):
    s = get_surface("booth")
    hyper = {"momentum": beta} if name != "gd" else {}
    traj = run(s, make_optimizer(name, lr=1.01 * _limit(name, beta), **hyper), start, 3000)
    assert_clean_divergence(traj)
    # it grew: the last kept point is far from where it started
    assert np.linalg.norm(traj.points[-1] - BOOTH_MIN) > 10 * np.linalg.norm(
        np.subtract(start, BOOTH_MIN))


# --- Himmelblau: the start decides the minimum ------------------------------------------

HIMMELBLAU = {  # quadrant sign pattern -> Himmelblau's minimum there
    (1, 1): (3.0, 2.0),
    (-1, 1): (-2.805118, 3.131312),
    (-1, -1): (-3.779310, -3.283186),
    (1, -1): (3.584428, -1.848126),
}


@pytest.mark.parametrize("opt", [("gd", {"lr": 0.01}), ("adam", {"lr": 0.05})],
                         ids=["gd", "adam"])
@pytest.mark.parametrize("quadrant", list(HIMMELBLAU), ids=["++", "-+", "--", "+-"])
def test_himmelblau_quadrants_reach_their_minimum(quadrant, opt):
    s = get_surface("himmelblau")
    name, hyper = opt
    expected = HIMMELBLAU[quadrant]
    for r in (2.0, 4.0):
        start = (quadrant[0] * r, quadrant[1] * r)
        traj = run(s, make_optimizer(name, **hyper), start, 3000)
        assert traj.status == "converged", (start, traj.summary())
        assert traj.end.nearest_minimum.point == pytest.approx(expected, abs=1e-5)
        assert traj.end.is_global is True
        assert traj.end.classification == "minimum"
        np.testing.assert_allclose(traj.points[-1], expected, atol=1e-4)


# --- saddles ----------------------------------------------------------------------------------

def test_saddle_from_tiny_offset_is_not_a_minimum():
    s = get_surface("saddle")
    traj = run(s, make_optimizer("gd", lr=0.01), (1.0, 1e-8), 3000)
    assert traj.status != "converged"
    assert traj.end.classification != "minimum"
    assert traj.end.nearest_minimum is None and traj.end.is_global is None
    assert traj.steps_near_saddle > 0
    # x² − y² is unbounded below along y: GD leaves and runs away
    assert_clean_divergence(traj)


@pytest.mark.parametrize("name", ["gd", "momentum", "nesterov"])
def test_saddle_from_exact_axis_stalls(name):
    """From (1, 0) the y-gradient is exactly 0 forever: the run sits on the saddle."""
    s = get_surface("saddle")
    traj = run(s, make_optimizer(name, lr=0.01), (1.0, 0.0), 3000)
    assert traj.status == "stalled"
    assert traj.end.classification == "saddle"
    assert np.all(traj.points[:, 1] == 0.0)
    e = np.asarray(traj.end.escape_direction)
    assert abs(e[1]) == pytest.approx(1.0, abs=1e-12) and abs(e[0]) < 1e-12
    assert traj.end.eigenvalues == pytest.approx((-2.0, 2.0))
    assert traj.end.saddle is not None and traj.end.saddle.point == (0.0, 0.0)
    assert traj.steps_near_saddle > 0
    assert np.linalg.norm(traj.points[-1]) < DEFAULT_SETTINGS.saddle_radius * s.scale


@pytest.mark.parametrize(("alpha", "y0"), [(0.01, 1e-8), (0.05, 1e-6), (0.002, 1e-3)])
def test_saddle_escape_time_matches_theory(alpha, y0):
    """Linearised saddle: leaving radius r from y₀ takes ≈ ln(r/|y₀|)/ln(1+2α) steps."""
    s = get_surface("saddle")
    traj = run(s, make_optimizer("gd", lr=alpha), (1.0, y0), 20000)
    r = 1.0
    ys = np.abs(traj.points[:, 1])
    escaped = np.flatnonzero(ys > r)
    assert escaped.size, "never left radius r"
    theory = math.log(r / y0) / math.log(1 + 2 * alpha)
    assert abs(escaped[0] - theory) <= 1.0
    # and x decays by (1−2α) per step: y is the only way out
    k = int(escaped[0])
    assert traj.points[k, 0] == pytest.approx((1 - 2 * alpha) ** k, rel=1e-9)


def test_steps_near_saddle_counted_exactly():
    """Closed form x_k = (1−2α)^k, y_k = y₀(1+2α)^k: count k with |(x_k, y_k)| <= radius."""
    s = get_surface("saddle")
    alpha, y0 = 0.01, 1e-8
    traj = run(s, make_optimizer("gd", lr=alpha), (1.0, y0), 3000)
    n = len(traj.points) - 1
    k = np.arange(1, n + 1)
    dist = np.hypot((1 - 2 * alpha) ** k, y0 * (1 + 2 * alpha) ** k)
    expected = int(np.sum(dist <= DEFAULT_SETTINGS.saddle_radius * s.scale))
    assert expected > 100  # the test means something
    assert traj.steps_near_saddle == expected
    assert traj.near_saddle.shape == (n + 1,)


def test_adam_leaves_the_saddle_at_lr_per_step():
    """Kingma & Ba 2015: Adam moves ≈ α per step whatever the gradient scale; GD crawls."""
    s = get_surface("saddle")
    alpha, y0 = 0.01, 1e-4
    adam = run(s, make_optimizer("adam", lr=alpha), (1.0, y0), 3000, NO_STOP)
    gd = run(s, make_optimizer("gd", lr=alpha), (1.0, y0), 3000, NO_STOP)
    dy = np.abs(np.diff(adam.points[:51, 1]))
    assert dy[0] == pytest.approx(alpha, rel=1e-3)  # step 1: m̂/√ŝ = g/|g| (eps ≪ |g|)
    assert np.all((dy > 0.5 * alpha) & (dy < 2 * alpha))  # then ≈ α while |g| grows 100x
    assert abs(gd.points[50, 1] - gd.points[49, 1]) < 0.05 * alpha
    t_adam = np.flatnonzero(np.abs(adam.points[:, 1]) > 1.0)[0]
    t_gd = np.flatnonzero(np.abs(gd.points[:, 1]) > 1.0)[0]
    assert t_adam < t_gd / 2


def test_nd_saddle_exact_start_stalls_and_offset_escapes():
    s = get_surface("nd_saddle", dim=6, negative=2)
    on_axis = run(s, make_optimizer("gd", lr=0.1), (1, 1, 1, 1, 0, 0), 2000)
    assert on_axis.status == "stalled" and on_axis.end.classification == "saddle"
    e = np.asarray(on_axis.end.escape_direction)
    assert np.linalg.norm(e[:4]) < 1e-12  # escape only along the negative directions
    off = run(s, make_optimizer("gd", lr=0.1), (1, 1, 1, 1, 1e-6, -1e-6), 2000)
    assert off.status == "converged"
    assert off.end.nearest_minimum.point == pytest.approx((0, 0, 0, 0, 1.0, -1.0), abs=1e-9)
    assert off.end.is_global is True
    assert off.steps_near_saddle > 0


# --- two wells: where you start decides which minimum -------------------------------------

def test_two_wells_starts_reach_different_minima():
    s = get_surface("two_wells")
    left = run(s, make_optimizer("gd", lr=0.01), (-1.5, 0.5), 3000)
    right = run(s, make_optimizer("gd", lr=0.01), (1.5, 0.5), 3000)
    assert left.status == right.status == "converged"
    a, b = left.end.nearest_minimum, right.end.nearest_minimum
    assert a.point != b.point
    # the global flag agrees with the values actually reached
    assert left.losses[-1] < right.losses[-1]
    assert left.end.is_global is True and right.end.is_global is False
    assert "global" in left.summary() and "local" in right.summary()


# --- contract over every optimizer in the table -----------------------------------------

@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_runs_are_deterministic(case: OptimCase):
    s = get_surface("himmelblau")
    a = run(s, case.engine(), (0.5, -0.5), 400)
    b = run(s, case.engine(), (0.5, -0.5), 400)
    np.testing.assert_array_equal(a.points, b.points)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert a.status == b.status and a.diverged_at == b.diverged_at


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_huge_learning_rate_diverges_cleanly_2d_and_nd(case: OptimCase):
    """A rate far past any limit: diverged, finite record, both run paths."""
    opt = case.engine(lr_scale=1e6)  # lr 50 .. 1e5: adaptive steps ~lr leave the box too
    traj = run(get_surface("rosenbrock"), opt, (-1.2, 1.0), 2000)
    assert_clean_divergence(traj)
    (nd,) = run_many(get_surface("rosenbrock", dim=4), [opt],
                     (-1.2, 1.0, 1.0, 1.0), 2000)
    assert_clean_divergence(nd)


def test_batch_rows_are_independent_runs():
    """run_many on an N-D surface == separate runs, including a row that diverges."""
    s = get_surface("rosenbrock", dim=4)
    start = (-1.2, 1.0, 0.8, 0.5)
    opts = [c.engine(0.5) for c in CASES] + [make_optimizer("gd", lr=0.05)]
    many = run_many(s, opts, start, 300)
    assert many[-1].status == "diverged"
    for o, t in zip(opts, many):
        single = run(s, o, start, 300)
        np.testing.assert_array_equal(t.points, single.points)
        assert t.status == single.status and t.diverged_at == single.diverged_at


def test_steps_zero_and_start_at_minimum():
    s = get_surface("booth")
    t0 = run(s, make_optimizer("gd", lr=0.01), (2.0, 2.0), 0)
    assert t0.points.shape == (1, 2) and t0.status == "not_moving"
    assert t0.outcome.reason == "no_steps" and t0.summary() == "did not move: 0 steps requested"
    at = run(s, make_optimizer("gd", lr=0.01), BOOTH_MIN, 100)
    assert at.status == "converged" and at.end.is_global is True
    assert np.all(np.isfinite(at.points))


def test_trajectory_is_immutable():
    traj = run(get_surface("booth"), make_optimizer("gd", lr=0.01), (0.0, 0.0), 10)
    with pytest.raises(ValueError):
        traj.points[0, 0] = 5.0
    with pytest.raises(AttributeError):
        traj.status = "converged"


# --- false alarms (engine bugs found while writing this suite) -----------------------------

def test_no_saddle_stall_reported_on_rosenbrock():
    """2-D Rosenbrock has one critical point, the minimum (1, 1): no saddle to stall at.

    GD creeping along the valley has a small gradient and, just above the valley
    floor (y − x² > 1/200), an indefinite Hessian — but it is still moving
    toward the minimum. Reporting "stalled near the saddle (−0.81, 0.67)" is wrong.
    """
    s = get_surface("rosenbrock")
    traj = run(s, make_optimizer("gd", lr=5e-4), (-1.2, 1.0), 500)
    assert traj.step_lengths[-1] > 1e-5  # still moving
    assert traj.status == "max_steps", traj.summary()
    assert traj.steps_near_saddle == 0


def test_plateau_far_from_minimum_is_not_a_stall():
    """1 − exp(−x²−y²) has a single critical point (the minimum at 0).

    Far out, the gradient is ~1e-7 and the Hessian is indefinite, but there is
    no saddle: the run is creeping, not stalled ("stalled near the saddle (3, 3)
    for 0 steps" contradicts itself).
    """
    s = get_surface("plateau")
    traj = run(s, make_optimizer("gd", lr=0.1), (3.0, 3.0), 1000)
    assert traj.status != "stalled", traj.summary()


@pytest.mark.parametrize("name", ["himmelblau", "styblinski_tang"])
def test_end_saddle_is_a_saddle_near_the_end(name):
    """Started exactly on a local maximum, GD cannot move; the diagnosis must not
    name a saddle that is far away from where the run ended."""
    s = get_surface(name)
    (mx,) = s.maxima
    traj = run(s, make_optimizer("gd", lr=0.01), mx.point, 100)
    assert traj.end.classification == "maximum"
    if traj.end.saddle is not None:
        d = np.linalg.norm(traj.points[-1] - traj.end.saddle.as_array())
        assert d <= DEFAULT_SETTINGS.saddle_radius * s.scale, traj.summary()


@pytest.mark.parametrize(("name", "start", "opt"), [
    ("rosenbrock", (-1.2, 1.0), ("gd", {"lr": 5e-4})),
    ("plateau", (3.0, 3.0), ("gd", {"lr": 0.1})),
    ("saddle", (1.0, 0.0), ("gd", {"lr": 0.01})),
    ("monkey_saddle", (0.5, 0.0), ("gd", {"lr": 0.01})),
])
def test_stalled_means_steps_near_a_saddle(name, start, opt):
    """Consistency: a run reported stalled spent steps near a saddle."""
    traj = run(get_surface(name), make_optimizer(opt[0], **opt[1]), start, 1000)
    if traj.status == "stalled":
        assert traj.steps_near_saddle > 0, traj.summary()


# --- convergence rates (Polyak 1964, Goh 2017) -------------------------------------------------

def _measured_rate(traj, target, k0: int, k1: int) -> float:
    """Geometric mean contraction of the distance to the minimum over steps k0..k1."""
    e = np.linalg.norm(traj.points - np.asarray(target), axis=1)
    assert e[k1] > 1e-12, "window reaches rounding level"
    slope = np.polyfit(np.arange(k0, k1 + 1), np.log(e[k0 : k1 + 1]), 1)[0]
    return float(np.exp(slope))


def test_gd_best_rate_on_booth():
    """α = 2/(λmin+λmax) = 0.1 contracts every mode by (κ−1)/(κ+1) = 0.8 per step."""
    lam_min, lam_max = 2.0, BOOTH_LAMBDA_MAX
    kappa = lam_max / lam_min
    s = get_surface("booth")
    traj = run(s, make_optimizer("gd", lr=2.0 / (lam_min + lam_max)), (-4.0, 7.0), 200, NO_STOP)
    assert _measured_rate(traj, BOOTH_MIN, 5, 100) == pytest.approx(
        (kappa - 1) / (kappa + 1), rel=1e-6)


def test_momentum_oscillating_regime_rate_is_sqrt_beta():
    """Complex eigenvalues ((1+β−αλ)² < 4β for λ = 2 and 18): |z| = √β for both modes."""
    beta, alpha = 0.9, 0.05
    for lam in (2.0, BOOTH_LAMBDA_MAX):
        assert (1 + beta - alpha * lam) ** 2 < 4 * beta
    s = get_surface("booth")
    traj = run(s, make_optimizer("momentum", lr=alpha, momentum=beta), (-4.0, 7.0), 400,
               NO_STOP)
    assert _measured_rate(traj, BOOTH_MIN, 20, 300) == pytest.approx(math.sqrt(beta), rel=1e-2)
