"""Maps agree with single runs, with an independent loop and with stability theory."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer, run
from optim_lab.budget import MemoryBudgetError
from optim_lab.maps import (
    DIVERGED,
    NOT_CONVERGED,
    OTHER_MINIMUM,
    STALLED,
    MapCancelled,
    basin_map,
    hyper_map,
    lr_sweep,
)


def _label_of(surface, traj) -> int:
    """What a map cell must say, from a single run's own diagnosis."""
    if traj.status == "converged":
        m = traj.end.nearest_minimum
        return surface.minima.index(m) if m in surface.minima else OTHER_MINIMUM
    return {"diverged": DIVERGED, "stalled": STALLED, "max_steps": NOT_CONVERGED}[traj.status]


def _steps_of(traj) -> int:
    return traj.diverged_at if traj.diverged_at is not None else traj.steps


@pytest.mark.parametrize("name, opt, steps", [
    ("himmelblau", make_optimizer("gd", lr=0.01), 300),
    ("himmelblau", make_optimizer("momentum", lr=0.01, momentum=0.9), 300),
    ("himmelblau", make_optimizer("gd", lr=0.04), 100),  # many diverge
    ("saddle", make_optimizer("gd", lr=0.05), 60),  # stalls and divergence
    ("rastrigin", make_optimizer("adam", lr=0.05), 200),
    # clipping takes each run's whole gradient (x, y), never a column of the batch
    ("himmelblau", make_optimizer("momentum", lr=0.01, momentum=0.9, clip_norm=5.0), 200),
    ("rosenbrock", make_optimizer("adam", lr=0.05, clip_norm=1.0), 200),
    # a curve of minima (uv = 1): cells that reach it are minima, not saddle stalls
    ("catapult", make_optimizer("gd", lr=0.05), 300),
])
def test_basin_cells_equal_single_runs(name, opt, steps):
    s = get_surface(name)
    m = basin_map(s, opt, s.bounds.ravel(), 48, steps)
    rng = np.random.default_rng(1)
    cells = [tuple(rng.integers(0, 48, 2)) for _ in range(40)]
    cells += [tuple(np.argwhere(m.labels == lab)[0]) for lab in np.unique(m.labels)]
    for iy, ix in cells:
        t = run(s, opt, [m.x[ix], m.y[iy]], steps)
        assert (m.labels[iy, ix], m.steps_taken[iy, ix]) == (_label_of(s, t), _steps_of(t)), (
            m.x[ix], m.y[iy], t.status)
    assert len(np.unique(m.labels)) >= 2  # the map is not trivially uniform


def test_himmelblau_basins_hold_each_minimum_and_match_a_plain_loop():
    s = get_surface("himmelblau")
    lr, steps, n = 0.01, 500, 96
    m = basin_map(s, make_optimizer("gd", lr=lr), (-5, 5, -5, 5), n, steps)
    XX, YY = np.meshgrid(m.x, m.y)
    for i, mn in enumerate(s.minima):
        near = np.hypot(XX - mn.point[0], YY - mn.point[1]) < 1.0
        assert near.sum() > 10 and np.all(m.labels[near] == i)
    assert [g for _, g in m.minima].count(True) == len(s.global_minima)
    # independent float64 loop: w <- w - lr * grad f, written out for Himmelblau
    x, y = XX.copy(), YY.copy()
    for _ in range(steps):
        a, b = x * x + y - 11, x + y * y - 7
        x, y = x - lr * (4 * a * x + 2 * b), y - lr * (2 * a + 4 * b * y)
    P = np.array([mn.point for mn in s.minima])
    d = np.hypot(x[..., None] - P[:, 0], y[..., None] - P[:, 1])
    plain = np.where(d.min(axis=-1) < 2e-3 * s.scale, d.argmin(axis=-1), NOT_CONVERGED)
    assert np.mean(plain == m.labels) >= 0.98


def test_custom_expression_gives_the_builtin_map():
    builtin = get_surface("himmelblau")
    custom = get_surface("custom", expression="(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
                         bounds=(-5, 5, -5, 5))
    opt = make_optimizer("gd", lr=0.01)
    a = basin_map(builtin, opt, (-5, 5, -5, 5), 64, 300)
    b = basin_map(custom, opt, (-5, 5, -5, 5), 64, 300)

    def points(m):  # labels as minimum coordinates, so list order does not matter
        P = np.array([p for p, _ in m.minima])
        out = np.full(m.labels.shape + (2,), np.nan)
        out[m.labels >= 0] = P[m.labels[m.labels >= 0]]
        return np.round(out, 4), m.labels < 0

    (pa, na), (pb, nb) = points(a), points(b)
    np.testing.assert_array_equal(na, nb)
    np.testing.assert_array_equal(pa[~na], pb[~nb])
    assert np.array_equal(a.steps_taken, b.steps_taken)


@pytest.mark.parametrize("opt", ["gd", "momentum"])
def test_hyper_map_divergence_boundary_is_theory_on_a_quadratic(opt):
    s = get_surface("quadratic", kappa=10.0)
    lam = float(np.linalg.eigvalsh(s.hessian(np.zeros((1, 2)))[0])[-1])
    lrs = np.geomspace(0.3, 6.0, 129) / lam
    betas = np.linspace(0.0, 0.9, 10) if opt == "momentum" else None
    m = hyper_map(s, make_optimizer(opt, lr=0.1), [1.5, 1.5], lrs, betas, 2000)
    assert m.lam_max_minimum == pytest.approx(lam)
    limit = m.boundary(m.betas)
    step = np.log(lrs[1] / lrs[0])
    for row, lim in enumerate(limit):
        div = m.labels[row] == DIVERGED
        assert div.any() and not div.all()
        first = lrs[np.argmax(div)]
        assert np.all(div[np.argmax(div):])  # one boundary, diverged beyond it
        assert abs(np.log(first / lim)) <= step + 1e-12  # within one grid cell


@pytest.mark.parametrize("opt", ["gd", "momentum"])
def test_booth_hyper_map_beyond_1_03_diverges_below_0_97_does_not(opt):
    s = get_surface("booth")  # Hessian eigenvalues 2 and 18 everywhere
    betas = np.linspace(0.0, 0.9, 8) if opt == "momentum" else None
    m = hyper_map(s, make_optimizer(opt, lr=0.01), [0.0, 0.0], np.geomspace(0.02, 0.5, 64),
                  betas, 3000)
    assert m.lam_max_start == pytest.approx(18.0)
    limit = m.boundary(m.betas)[:, None]
    div = m.labels == DIVERGED
    assert np.all(div[m.lrs[None, :] > 1.03 * limit])
    assert not np.any(div[m.lrs[None, :] < 0.97 * limit])
    assert np.all(m.labels[m.lrs[None, :] < 0.97 * limit] == 0)  # converged to (1, 3)
    assert np.all(np.isnan(m.final_losses[div])) and np.all(np.isfinite(m.final_losses[~div]))


def test_adam_hyper_cells_equal_single_runs():
    s = get_surface("rosenbrock")
    lrs, betas = np.geomspace(1e-3, 0.5, 9), np.linspace(0.0, 0.95, 5)
    m = hyper_map(s, make_optimizer("adam", lr=0.01), [-1.5, 2.0], lrs, betas, 400)
    assert m.beta_name == "beta1" and m.boundary(betas) is None
    for j, b in enumerate(betas):
        for i, lr in enumerate(lrs):
            t = run(s, make_optimizer("adam", lr=lr, beta1=b), [-1.5, 2.0], 400)
            assert m.labels[j, i] == _label_of(s, t) and m.steps_taken[j, i] == _steps_of(t)
            if t.status != "diverged":
                assert m.final_losses[j, i] == pytest.approx(t.final_loss, rel=1e-9, abs=1e-300)


def test_lr_sweep_is_one_row_at_the_optimizers_beta():
    s = get_surface("rosenbrock")
    m = lr_sweep(s, make_optimizer("momentum", lr=1e-3, momentum=0.5), [-1.5, 2.0],
                 np.geomspace(1e-5, 1e-2, 30), 500)
    assert m.labels.shape == (1, 30) and m.betas.tolist() == [0.5]
    ok = np.isfinite(m.final_losses[0])
    assert ok[0] and not ok[-1]  # too small converges slowly, too large diverges
    assert np.nanmin(m.final_losses) < m.final_losses[0, 0]  # a "right" lr in between


def test_large_maps_are_refused_with_the_estimate(monkeypatch):
    monkeypatch.setenv("OPTIM_LAB_MEMORY_LIMIT", "1M")
    s = get_surface("booth")
    with pytest.raises(MemoryBudgetError, match=r"needs ≈ .*256x256 basin map.*limit is 1 MiB"):
        basin_map(s, make_optimizer("gd"), s.bounds.ravel(), 256, 10)
    with pytest.raises(MemoryBudgetError, match="hyperparameter map"):
        hyper_map(s, make_optimizer("momentum"), [0, 0], np.geomspace(1e-3, 1, 200),
                  np.linspace(0, 0.9, 200), 10)


def test_cancel_and_bad_input():
    s = get_surface("booth")
    with pytest.raises(MapCancelled):
        basin_map(s, make_optimizer("gd", lr=1e-4), s.bounds.ravel(), 16, 1000,
                  should_stop=lambda: True)
    for box in [(1, 0, 0, 1), (0, np.nan, 0, 1)]:
        with pytest.raises(ValueError, match="invalid box"):
            basin_map(s, make_optimizer("gd"), box, 16, 10)
    for n in (1, 2.5, True, 10_000):
        with pytest.raises(ValueError, match="invalid grid size"):
            basin_map(s, make_optimizer("gd"), s.bounds.ravel(), n, 10)
    with pytest.raises(ValueError, match="2-D"):
        basin_map(get_surface("rosenbrock", dim=3), make_optimizer("gd"), (0, 1, 0, 1), 4, 5)


def test_a_start_where_the_surface_overflows_is_diverged_at_step_zero():
    s = get_surface("goldstein_price")
    m = basin_map(s, make_optimizer("gd", lr=1e-4), (-1e80, 1e80, -1e80, 1e80), 4, 5)
    assert m.labels[0, 0] == DIVERGED and m.steps_taken[0, 0] == 0


@pytest.mark.parametrize("kind", ["basins", "hyper"])
def test_threads_give_the_single_thread_answer_bit_for_bit(kind):
    """Large batches are cut into blocks run on threads; rows are independent, so every
    array must equal the one-thread result exactly (per-row hyperparameters cut too)."""
    from optim_lab.maps import SPLIT_ROWS, run_batch

    s = get_surface("himmelblau")
    rng = np.random.default_rng(3)
    B = 2 * SPLIT_ROWS + 123
    starts = rng.uniform(-5, 5, (B, 2))
    if kind == "basins":
        opt = make_optimizer("momentum", lr=0.01, momentum=0.8, clip_norm=20.0)
    else:
        opt = make_optimizer("adam", lr=rng.uniform(1e-3, 0.5, B), beta1=rng.uniform(0, 0.99, B))
    one = run_batch(s, opt, starts, 120, threads=1)
    seen = []
    three = run_batch(s, opt, starts, 120, threads=3, progress=lambda t, n: seen.append(t))
    for name in ("final_points", "final_losses", "labels", "steps_taken"):
        np.testing.assert_array_equal(getattr(three, name), getattr(one, name), err_msg=name)
    assert seen == sorted(seen) and seen  # progress from one block, in order
    assert len(np.unique(one.labels)) >= 3
    with pytest.raises(MapCancelled):
        run_batch(s, opt, starts, 120, threads=2, should_stop=lambda: True)


def test_counts_equal_numpy_unique_on_every_kind_of_grid():
    """``BasinMap.counts`` (one bincount) against ``np.unique``: real maps, random labels
    with missing values, one label only, and a float grid read back from a file."""
    rng = np.random.default_rng(11)
    real = basin_map(get_surface("himmelblau"), make_optimizer("gd", lr=0.01),
                     get_surface("himmelblau").bounds.ravel(), 24, 200)
    grids = [real.labels,
             rng.integers(-4, 9, size=(17, 23)),
             np.where(rng.random((8, 8)) < 0.5, -1, 5),  # labels missing in between
             np.full((4, 4), -3),
             rng.integers(-4, 3, size=(5, 6)).astype(float)]
    for labels in grids:
        m = dataclasses.replace(real, labels=labels)
        vals, n = np.unique(labels, return_counts=True)
        want = {int(v): int(k) for v, k in zip(vals, n, strict=True)}
        got = m.counts()
        assert got == want and list(got) == list(want)  # same counts, ascending
        assert sum(got.values()) == labels.size
