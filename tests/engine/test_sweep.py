"""Batched sweeps agree with single runs and with stability theory."""

from __future__ import annotations

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer, run
from optim_lab.sweep import STATUS_CODES, grid, sweep


def test_sweep_rows_equal_single_runs_2d():
    s = get_surface("rosenbrock")
    lrs = np.array([1e-4, 5e-4, 1e-3, 2e-3])
    betas = np.array([0.0, 0.5, 0.9, 0.95])
    res = sweep(s, make_optimizer("momentum", lr=lrs, momentum=betas), [-1.5, 2.0], 200)
    for i in range(4):
        t = run(s, make_optimizer("momentum", lr=lrs[i], momentum=betas[i]), [-1.5, 2.0], 200,
                settings=_no_stop())
        if t.status == "diverged":
            assert res.diverged_at[i] == t.diverged_at
        else:
            np.testing.assert_allclose(res.final_points[i], t.points[-1], rtol=1e-12, atol=1e-14)


def test_clipped_sweep_rows_equal_single_runs_2d():
    """Clipping takes each run's (gx, gy) — not a whole column of the batch."""
    s = get_surface("rosenbrock")
    lrs = np.array([1e-4, 5e-4, 1e-3, 2e-3])
    opt = make_optimizer("momentum", lr=lrs, momentum=0.9, clip_norm=2.0)
    res = sweep(s, opt, [-1.5, 2.0], 150)
    for i in range(4):
        t = run(s, make_optimizer("momentum", lr=lrs[i], momentum=0.9, clip_norm=2.0),
                [-1.5, 2.0], 150, settings=_no_stop())
        np.testing.assert_array_equal(res.final_points[i], t.points[-1])


def test_sweep_rows_equal_single_runs_nd():
    s = get_surface("rosenbrock", dim=4)
    lrs = np.array([1e-4, 3e-4, 1e-3])
    starts = np.array([[0.0, 0.0, 0.0, 0.0], [0.5, 0.5, 0.5, 0.5], [-0.5, 0.2, 0.1, 0.3]])
    res = sweep(s, make_optimizer("adam", lr=lrs), starts, 150)
    for i in range(3):
        t = run(s, make_optimizer("adam", lr=lrs[i]), starts[i], 150, settings=_no_stop())
        np.testing.assert_allclose(res.final_points[i], t.points[-1], rtol=1e-12, atol=1e-14)


def _no_stop():
    from optim_lab import RunSettings

    return RunSettings(stop_on_convergence=False)


def test_sweep_divergence_boundary_matches_theory():
    s = get_surface("booth")  # lambda_max = 18 everywhere
    beta = np.linspace(0.0, 0.9, 7)
    lr = np.geomspace(0.02, 0.5, 41)
    axes = grid(lr=lr, momentum=beta)
    res = sweep(s, make_optimizer("momentum", **axes), [0.0, 0.0], 3000)
    limit = 2 * (1 + axes["momentum"]) / 18
    clear = np.abs(axes["lr"] / limit - 1) > 0.03  # skip the knife edge
    diverged = res.status == STATUS_CODES["diverged"]
    np.testing.assert_array_equal(diverged[clear], (axes["lr"] > limit)[clear])
    assert np.all(res.status[~diverged & clear] == STATUS_CODES["converged"])


def test_basin_map_on_himmelblau_names_each_quadrant():
    s = get_surface("himmelblau")
    starts = np.array([[2.0, 2.0], [-2.0, 2.0], [-2.0, -2.0], [2.0, -2.0]])
    res = sweep(s, make_optimizer("gd", lr=0.01), starts, 2000)
    reached = [s.minima[i].point for i in res.minimum_index]
    for start, p in zip(starts, reached):
        assert np.sign(p[0]) == np.sign(start[0]) and np.sign(p[1]) == np.sign(start[1])


def test_progress_and_cancel():
    s = get_surface("booth")
    seen = []
    res = sweep(s, make_optimizer("gd", lr=np.full(10, 0.01)), [0.0, 0.0], 1000,
                progress=lambda d, n: seen.append(d), should_stop=lambda: len(seen) >= 3,
                report_every=50)
    assert res.cancelled and res.steps_done == 150
    assert seen == [50, 100, 150]


def test_mismatched_rows_are_rejected():
    s = get_surface("booth")
    with pytest.raises(ValueError, match="do not match"):
        sweep(s, make_optimizer("gd", lr=np.full(3, 0.01)), np.zeros((2, 2)), 10)


def test_a_start_where_the_surface_overflows_is_refused_like_run():
    s = get_surface("rosenbrock")
    with pytest.raises(ValueError, match="not finite at the start") as from_run, \
            np.errstate(all="ignore"):  # runs.run warns before it refuses (not this module's code)
        run(s, make_optimizer("gd", lr=0.01), [1e300, 1.0], 10)
    with pytest.raises(ValueError, match="not finite at the start") as from_sweep:
        sweep(s, make_optimizer("gd", lr=np.array([0.01, 0.02])), [[0.0, 0.0], [1e300, 1.0]], 10)
    assert str(from_sweep.value).startswith(str(from_run.value))
