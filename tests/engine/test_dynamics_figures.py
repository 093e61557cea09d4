"""The figures of the training-dynamics scenarios, reproduced from the scenarios themselves.

Every run here is seeded (or noiseless), so the numbers are exact reruns; where a figure
is a statement about a random quantity (a median over seeds, a range over seeds) the
tolerance is justified next to it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from optim_lab.dynamics import Dynamics
from optim_lab.optimizers import make_optimizer
from optim_lab.outcome import describe_outcome
from optim_lab.runs import run
from optim_lab.scenarios import SCENARIOS
from optim_lab.session import SurfaceSession
from optim_lab.surfaces import get_surface

WARM100 = "warmup:start_factor=0.01,total_iters=100"
WARM1000 = "warmup:start_factor=0.01,total_iters=1000"


def _scenario(name: str):
    s = SurfaceSession()
    s.load_scenario(name)
    return [s.result(i) for i in s.run_ids()], s


def _escape_step(traj, level: float = 0.9) -> int | None:
    out = np.flatnonzero(np.abs(traj.points[:, 1]) > level)
    return int(out[0]) if out.size else None


def _sharpness(p) -> float:
    """Largest Hessian eigenvalue of ½(uv − 1)² at a point of uv = 1: u² + v²."""
    return float(p[0] ** 2 + p[1] ** 2)


# --- noise escapes the saddle ------------------------------------------------------------

def test_saddle_escape_steps_grow_with_log_one_over_y0() -> None:
    runs, _ = _scenario("noise_escapes_saddle")
    exact, noisy, y12, y8, y4 = runs
    assert [_escape_step(t) for t in (y12, y8, y4)] == [297, 200, 104]  # deterministic
    # theory: y grows by (1 + lr) = 1.1 per step near the axis, so ln(0.9/y₀)/ln 1.1 plus
    # the ~14 steps x needs to shrink first (the same for all three): differences match
    gaps = np.diff([_escape_step(t) for t in (y12, y8, y4)])
    np.testing.assert_allclose(gaps, -math.log(1e4) / math.log(1.1), atol=1.5)
    # from y₀ = 0 exactly GD never leaves: it comes to rest on the saddle
    assert _escape_step(exact) is None and exact.status == "stalled"
    assert "came to rest on the saddle (0, 0)" in exact.summary()
    assert noisy.status == "converged" and noisy.noise_ball is not None
    assert "in a noise ball of radius" in noisy.summary()


def test_noise_escape_median_over_21_seeds_is_about_100() -> None:
    """Median over seeds 0-20 (measured 100).  The escape time is ≈ ln(0.9/|y_k|)/ln 1.1
    where y_k, the noise accumulated along y, is Gaussian: its log spreads the times by
    about ±15 steps (measured 87-127), so a median of 21 is within ±10 of its mean."""
    qs = get_surface("quartic_saddle")
    steps = [_escape_step(run(qs, make_optimizer("gd", lr=0.1), (1.0, 0.0), 400,
                              dynamics=Dynamics(noise=1e-3, seed=s))) for s in range(21)]
    assert None not in steps
    assert 90 <= float(np.median(steps)) <= 110
    assert len(set(steps)) > 5  # the seeds really differ


# --- catapult ------------------------------------------------------------------------------

def test_catapult_end_sharpness_and_loss_spikes() -> None:
    runs, s = _scenario("catapult")
    lr05, lr15, lr20, lr25 = runs
    assert s.limit(s.run_ids()[0]).lr == pytest.approx(2 / 16.16, rel=1e-3)  # 2/λ at the start
    # noiseless, deterministic: the figures to the digits quoted (±0.5 in the last digit)
    assert lr05.losses[0] == pytest.approx(0.32)
    assert lr05.losses.max() == lr05.losses[0]  # below 2/λ₀: no spike
    assert _sharpness(lr05.final_point) == pytest.approx(16.1, abs=0.05)
    assert lr15.losses.max() == pytest.approx(2.99, abs=0.005)
    assert _sharpness(lr15.final_point) == pytest.approx(9.26, abs=0.005)
    assert lr20.losses.max() == pytest.approx(16.3, abs=0.05)
    assert _sharpness(lr20.final_point) == pytest.approx(2.39, abs=0.005)
    for t, lr in ((lr15, 0.15), (lr20, 0.2)):
        assert t.status == "converged" and _sharpness(t.final_point) < 2 / lr
        # the diagnosis names the minimum reached by its sharpness, against 2/lr
        assert t.outcome.sharpness == pytest.approx(_sharpness(t.final_point), rel=1e-6)
        assert f"2/lr = {2 / lr:.3g}" in t.summary()
    assert lr25.status == "diverged" and lr25.diverged_at == 9
    assert lr25.diverged_at <= 10


def test_constant_lr_03_diverges_at_step_5() -> None:
    t = run(get_surface("catapult"), make_optimizer("gd", lr=0.3), (4.0, 0.05), 100)
    assert t.status == "diverged" and t.diverged_at == 5


# --- warm-up -------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(5))
def test_warmup_100_with_noise_catapults_to_a_flatter_minimum(seed) -> None:
    """Measured here over seeds 0-4: end sharpness 2.9-6.65, loss peak 17-21.5 (the issue's
    own script: 2.1-3.7 and 13-20).  Where the catapult lands depends on the noise
    realisation (a different noise stream lands elsewhere), so the test holds what the
    scenario claims: it converges, below 2/lr, much flatter than the start (16), after a
    spike of order 10-20 (bounds 12-23 cover both measurements)."""
    t = run(get_surface("catapult"), make_optimizer("gd", lr=0.3), (4.0, 0.05), 1500,
            dynamics=Dynamics(noise=1e-6, seed=seed, schedule=WARM100))
    assert t.status == "converged" and t.noise_ball is not None
    sharp = _sharpness(t.outcome.point)
    assert sharp < 2 / 0.3 and sharp < 16 / 2
    assert 12 < t.losses.max() < 23


@pytest.mark.parametrize("seed", range(5))
def test_warmup_1000_keeps_the_spike_small_and_ends_just_under_2_over_lr(seed) -> None:
    """Measured over seeds 0-4: peak 1.94-2.40, end sharpness 5.84-6.29 (issue: 2.0-2.6 and
    5.9-6.5).  The slow warm-up follows the edge of stability, so the end sits just below
    2/lr = 6.67 whatever the noise: bounds 5.5-6.67 and a peak below 2.6."""
    t = run(get_surface("catapult"), make_optimizer("gd", lr=0.3), (4.0, 0.05), 1500,
            dynamics=Dynamics(noise=1e-6, seed=seed, schedule=WARM1000))
    assert t.status == "converged"
    assert 5.5 < _sharpness(t.outcome.point) < 2 / 0.3
    assert 1.5 < t.losses.max() < 2.6


def test_warmup_scenario_runs() -> None:
    (const, warm100, warm1000, plain), _ = _scenario("warmup")
    assert const.diverged_at == 5
    assert _sharpness(warm100.outcome.point) == pytest.approx(2.86, abs=0.005)  # seed 3
    assert warm100.losses.max() == pytest.approx(17.3, abs=0.05)
    assert _sharpness(warm1000.outcome.point) == pytest.approx(6.04, abs=0.005)
    assert warm1000.losses.max() < 2.5
    # Without noise the run sits on the sharp minimum (loss at rounding level) long after
    # the rate passed 2/16 (step 41); only rounding errors grow, and too late: it diverges.
    crossed = int(np.argmax(plain.lrs > 2 / 16.16))
    assert 35 < crossed < 45
    assert np.all(plain.losses[25:crossed + 20] < 1e-25)
    assert plain.status == "diverged" and plain.diverged_at == 96
    assert plain.outcome.lr == pytest.approx(plain.lrs[95])  # the peak lr it used
    assert "0.285" in f"{plain.lrs[95]:.3g}"


# --- clipping -----------------------------------------------------------------------------

def test_clipping_tames_the_quartic() -> None:
    (gd, clipped, small), _ = _scenario("clipping")
    # x⁴ along x: x₁ = 10 − 0.05·4·10³ = −190, x₂ = −190 + 0.05·4·190³ = 1.37e6, beyond the
    # runaway box (100× the ±12 plot): the second step is where the run is declared diverged
    assert tuple(gd.points[1]) == (-190.0, 0.3999999999999999)
    assert gd.status == "diverged" and gd.diverged_at == 2 and gd.steps == 1
    assert clipped.status == "converged" and clipped.outcome.is_global
    assert np.all(clipped.step_lengths <= 0.05 * (1 + 1e-9))  # |step| ≤ lr · max_norm
    assert clipped.dynamics.clip == 1.0 and clipped.hyperparameters["clip_norm"] == 1.0
    assert small.status == "max_steps"  # safe at the start without clipping: crawls


def test_every_scenario_loads_and_its_runs_are_valid() -> None:
    for name in ("noise_escapes_saddle", "catapult", "warmup", "clipping"):
        runs, s = _scenario(name)
        assert len(runs) == len(SCENARIOS[name].runs) and s.scenario == name
        for t in runs:
            assert np.all(np.isfinite(t.points)) and describe_outcome(t.outcome)
