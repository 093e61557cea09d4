"""Maps with training dynamics: every cell is the single run with the same Dynamics
(gradient noise from the same seed, a learning-rate schedule, clipping, AMSGrad)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from test_maps import _label_of, _steps_of  # what a cell must say, from a single run

from optim_lab import get_surface, make_optimizer, run
from optim_lab.budget import MemoryBudgetError
from optim_lab.cli import main
from optim_lab.diagnosis import settled_center
from optim_lab.dynamics import Dynamics
from optim_lab.files import FileFormatError
from optim_lab.maps import (
    DIVERGED,
    SPLIT_ROWS,
    basin_map,
    estimate_bytes,
    hyper_map,
    lr_sweep,
    run_batch,
)
from optim_lab.maps_dynamics import NoiseWindow, noise_window, py_hypot
from optim_lab.maps_file import load_map, map_document, save_map
from optim_lab.run_settings import DEFAULT_SETTINGS
from optim_lab.schedules import parse_schedule

NOISE = Dynamics(noise=0.5, seed=3)
COSINE = Dynamics(schedule="cosine:T_max=300")
BOTH = Dynamics(noise=0.2, noise_relative=True, seed=5,
                schedule="warmup:start_factor=0.1,total_iters=50", clip=10.0)


@pytest.mark.parametrize("name, opt, steps, dyn", [
    ("himmelblau", make_optimizer("gd", lr=0.01), 300, NOISE),
    ("himmelblau", make_optimizer("momentum", lr=0.01, momentum=0.9), 300, COSINE),
    ("himmelblau", make_optimizer("adam", lr=0.05), 300, BOTH),
    # a curve of minima: noisy runs settle around uv = 1, diagnosed at the ball's centre
    ("catapult", make_optimizer("gd", lr=0.05), 300,
     Dynamics(noise=0.05, seed=1, schedule="step:step_size=50,gamma=0.5")),
    ("catapult", make_optimizer("momentum", lr=0.02, momentum=0.5), 200,
     Dynamics(schedule="exponential:gamma=0.99")),
    ("quartic_saddle", make_optimizer("gd", lr=0.05), 200,
     Dynamics(noise=0.01, seed=2, schedule="cosine:T_max=200,eta_min=0.001")),
    ("monkey_saddle", make_optimizer("gd", lr=0.05), 100, Dynamics(noise=0.01, seed=7)),
    # a separable surface (a fast path may exist for plain maps there: not with noise)
    ("rastrigin", make_optimizer("adam", lr=0.05), 150,
     Dynamics(noise=0.5, seed=4, schedule="step:step_size=50,gamma=0.5")),
    # noise without a schedule: the single run takes the fast 2-D closure (clip inside it)
    ("himmelblau", make_optimizer("momentum", lr=0.01, momentum=0.8), 200,
     Dynamics(noise=0.3, seed=9, clip=5.0)),
    ("rosenbrock", make_optimizer("adam", lr=0.05), 200,
     Dynamics(noise=0.1, noise_relative=True, seed=1, amsgrad=True)),
])
def test_basin_cells_equal_single_runs_with_the_same_dynamics(name, opt, steps, dyn):
    s = get_surface(name)
    n = 36
    m = basin_map(s, opt, s.bounds.ravel(), n, steps, dynamics=dyn)
    assert m.dynamics == dyn.checked(opt.name)
    rng = np.random.default_rng(11)
    cells = [tuple(rng.integers(0, n, 2)) for _ in range(36)]
    cells += [tuple(np.argwhere(m.labels == lab)[0]) for lab in np.unique(m.labels)]
    balls = 0
    for iy, ix in cells:
        t = run(s, opt, [m.x[ix], m.y[iy]], steps, dynamics=dyn)
        assert (m.labels[iy, ix], m.steps_taken[iy, ix]) == (_label_of(s, t), _steps_of(t)), (
            m.x[ix], m.y[iy], t.status)
        balls += t.noise_ball is not None
    if dyn.has_noise and name not in ("monkey_saddle", "rosenbrock"):  # noise balls were seen
        assert balls >= 5
    starts = [[m.x[ix], m.y[iy]] for iy, ix in cells]  # the dynamics did act on them
    assert not np.array_equal(run_batch(s, opt, starts, steps).final_points,
                              run_batch(s, opt, starts, steps, dynamics=dyn).final_points)


def test_hyper_map_with_a_schedule_and_noise_equals_single_runs():
    s = get_surface("rosenbrock")
    start, steps = [-1.5, 2.0], 300
    lrs, betas = np.geomspace(1e-4, 3e-3, 7), np.linspace(0.0, 0.9, 4)
    for dyn in (Dynamics(schedule="warmup_cosine:warmup_iters=30,start_factor=0.1,T_max=270"),
                Dynamics(noise=0.3, seed=8, schedule="step:step_size=40,gamma=0.7")):
        m = hyper_map(s, make_optimizer("momentum", lr=0.01), start, lrs, betas, steps,
                      dynamics=dyn)
        assert m.dynamics == dyn.checked("momentum")
        for j, b in enumerate(betas):
            for i, lr in enumerate(lrs):
                t = run(s, make_optimizer("momentum", lr=lr, momentum=b), start, steps,
                        dynamics=dyn)
                assert (m.labels[j, i], m.steps_taken[j, i]) == (_label_of(s, t), _steps_of(t))
                if t.status != "diverged":  # the same path: the same final loss, bit for bit
                    assert m.final_losses[j, i] == t.final_loss
        assert len(np.unique(m.labels)) >= 2


def test_lr_sweep_with_noise_and_schedule_equals_single_runs():
    s = get_surface("booth")
    dyn = Dynamics(noise=1.0, seed=4, schedule="LinearLR:start_factor=0.2,total_iters=40")
    lrs = np.geomspace(1e-3, 0.2, 15)
    m = lr_sweep(s, make_optimizer("adam", lr=0.01, beta1=0.8), [-6.0, -4.0], lrs, 250,
                 dynamics=dyn)
    for i, lr in enumerate(lrs):
        t = run(s, make_optimizer("adam", lr=lr, beta1=0.8), [-6.0, -4.0], 250, dynamics=dyn)
        assert (m.labels[0, i], m.steps_taken[0, i]) == (_label_of(s, t), _steps_of(t))
        assert m.final_losses[0, i] == t.final_loss


def test_zero_noise_and_a_constant_schedule_give_the_plain_map_bit_for_bit():
    s = get_surface("himmelblau")
    opt = make_optimizer("momentum", lr=0.01, momentum=0.8)
    starts = np.random.default_rng(2).uniform(-5, 5, (3000, 2))
    plain = run_batch(s, opt, starts, 300)
    for dyn in (Dynamics(noise=0.0, seed=123, noise_relative=True),
                Dynamics(schedule="constant"), Dynamics()):
        out = run_batch(s, opt, starts, 300, dynamics=dyn)
        for name in ("final_points", "final_losses", "labels", "steps_taken"):
            np.testing.assert_array_equal(getattr(out, name), getattr(plain, name), err_msg=name)
    assert (plain.steps_taken < 300).any()  # the plain path still stops early


def test_threads_with_noise_and_per_row_scheduled_lrs_are_bit_equal():
    s = get_surface("himmelblau")
    rng = np.random.default_rng(5)
    B = 2 * SPLIT_ROWS + 77
    starts = rng.uniform(-5, 5, (B, 2))
    opt = make_optimizer("momentum", lr=rng.choice(np.geomspace(1e-3, 0.03, 9), B),
                         momentum=0.7)
    dyn = Dynamics(noise=0.4, noise_relative=True, seed=6, schedule="cosine:T_max=60")
    one = run_batch(s, opt, starts, 60, dynamics=dyn)
    three = run_batch(s, opt, starts, 60, threads=3, dynamics=dyn)
    for name in ("final_points", "final_losses", "labels", "steps_taken"):
        np.testing.assert_array_equal(getattr(three, name), getattr(one, name), err_msg=name)
    for k in rng.integers(0, B, 12):  # and each row is its single run
        t = run(s, make_optimizer("momentum", lr=float(opt.hyper["lr"][k]), momentum=0.7),
                starts[k], 60, dynamics=dyn)
        assert one.labels[k] == _label_of(s, t) and one.steps_taken[k] == _steps_of(t)
        np.testing.assert_array_equal(one.final_points[k], t.final_point)


def test_py_hypot_is_pythons_math_hypot_bit_for_bit():
    rng = np.random.default_rng(0)
    n = 200_000
    a = rng.standard_normal(n) * np.exp(rng.uniform(-700, 700, n))
    b = np.where(rng.random(n) < 0.5, a * rng.uniform(0.5, 2.0, n),
                 rng.standard_normal(n) * np.exp(rng.uniform(-700, 700, n)))
    special = [0.0, -0.0, 5e-324, 1e-310, 2.2250738585072014e-308, 1.0, 3.0, 4.0, 1e308,
               1.7e308, math.inf, -math.inf, math.nan]
    A, B = np.meshgrid(special, special)
    edge = np.ldexp(rng.uniform(0.5, 1.0, 100_000), rng.integers(-1075, 1025, 100_000))
    a = np.concatenate([a, A.ravel(), edge])  # every binade, subnormals and overflow
    with np.errstate(over="ignore"):
        b = np.concatenate([b, B.ravel(), edge * rng.uniform(0.0, 1.5, edge.size)])
    ours = py_hypot(a, b)
    with np.errstate(over="ignore"):
        ref = np.array([math.hypot(x, y) for x, y in zip(a.tolist(), b.tolist())])
    same = (ours == ref) | (np.isnan(ours) & np.isnan(ref))
    assert same.all(), (a[~same][:3], b[~same][:3])
    with np.errstate(over="ignore"):
        assert (np.hypot(a, b) != ref).sum() > 100  # numpy's hypot would not do


def test_noise_window_gives_settled_center_of_every_row_bit_for_bit():
    rng = np.random.default_rng(9)
    s = get_surface("himmelblau")
    reach = DEFAULT_SETTINGS.reach * s.scale
    rows = 400
    for steps in (19, 20, 57, 150, 401):
        w = noise_window(Dynamics(noise=0.1), steps)
        assert w == min(100, (steps + 1) // 2)
        spread = np.exp(rng.uniform(-9, -2, rows))[:, None]  # some settle, some do not
        paths = np.cumsum(rng.standard_normal((steps + 1, rows, 2)) * spread, axis=0) + 3.0
        win = NoiseWindow(rows, steps, w)
        # from a step inside the window on, only some rows run (the others diverged)
        alive = np.flatnonzero(rng.random(rows) < 0.7) if steps % 2 else np.arange(rows)
        for t in range(1, steps + 1):
            idx = alive if t > steps - w // 2 else np.arange(rows)
            win.record(t, idx, paths[t, idx, 0], paths[t, idx, 1])
        ok, centers = win.settled(alive, reach)
        for j, k in enumerate(alive):
            ref = settled_center(paths[:, k, :], s, DEFAULT_SETTINGS)
            assert ok[j] == (ref is not None)
            if ref is not None:
                np.testing.assert_array_equal(centers[j], ref[0])
        assert 0 < ok.sum() < alive.size
    assert noise_window(Dynamics(noise=0.1), 18) == 0 and noise_window(Dynamics(), 500) == 0


@pytest.mark.parametrize("spec", [
    "constant", "StepLR:step_size=7,gamma=0.37", "ExponentialLR:gamma=0.993",
    "CosineAnnealingLR:T_max=37,eta_min=0.0013",
    "LinearLR:start_factor=0.013,end_factor=0.7,total_iters=50",
    "LinearLR:start_factor=0.5,end_factor=0,total_iters=30",
    "warmup_cosine:warmup_iters=20,start_factor=0.01,T_max=60,eta_min=0.001"])
def test_schedule_rows_equal_each_base_lr_alone(spec):
    sched = parse_schedule(spec)
    base = np.exp(np.random.default_rng(3).uniform(-12, 1, 64))
    it = sched.iter_lr_rows(base)
    rows = np.array([next(it) for _ in range(300)])
    alone = np.array([sched.lrs(float(b), 300) for b in base]).T
    np.testing.assert_array_equal(rows, alone)


def test_noisy_maps_are_sized_with_their_window_before_work(monkeypatch):
    s = get_surface("booth")
    assert estimate_bytes(256 ** 2, noise_window(NOISE, 500)) == 256 ** 2 * (384 + 1600)
    plain, noisy = estimate_bytes(128 ** 2), estimate_bytes(128 ** 2, 100)
    monkeypatch.setenv("OPTIM_LAB_MEMORY_LIMIT", str((plain + noisy) // 2))
    basin_map(s, make_optimizer("gd", lr=0.01), s.bounds.ravel(), 128, 2)  # fits
    with pytest.raises(MemoryBudgetError, match=r"needs ≈ .*128x128 basin map"):
        basin_map(s, make_optimizer("gd", lr=0.01), s.bounds.ravel(), 128, 500,
                  dynamics=Dynamics(noise=0.1), should_stop=lambda: pytest.fail("worked"))
    with pytest.raises(ValueError, match="invalid amsgrad"):
        basin_map(s, make_optimizer("gd"), s.bounds.ravel(), 8, 5, dynamics=Dynamics(amsgrad=True))


def test_cli_dynamics_flags_round_trip(tmp_path, capsys):
    flags = ["--noise", "0.3", "--seed", "4", "--schedule", "cosine:T_max=200", "--clip", "5"]
    out = tmp_path / "b.json"
    assert main(["basins", "--surface", "himmelblau", "--optimizer", "momentum", "--lr", "0.01",
                 "--grid", "20", "--steps", "200", *flags, "--out", str(out)]) == 0
    assert "with noise 0.3 (seed 4)" in capsys.readouterr().out
    want = Dynamics(noise=0.3, seed=4, schedule="cosine:T_max=200", clip=5.0).checked("momentum")
    doc = load_map(out)
    assert Dynamics.from_dict(doc["dynamics"]) == want
    s = get_surface("himmelblau")
    ref = basin_map(s, make_optimizer("momentum", lr=0.01), s.bounds.ravel(), 20, 200,
                    dynamics=want)
    assert doc["labels"] == ref.labels.tolist() and doc["steps_taken"] == ref.steps_taken.tolist()
    assert doc == json.loads(json.dumps(map_document(ref)))
    csv = tmp_path / "b.csv"
    save_map(csv, doc)
    assert load_map(csv) == doc  # CSV keeps the dynamics in its header
    h = tmp_path / "h.json"
    assert main(["hyper", "--surface", "booth", "--optimizer", "adam", "--start=-6,-4",
                 "--lr-range", "0.001:0.2:6", "--beta-range", "0:0.9:3", "--steps", "150",
                 "--noise", "0.5", "--noise-relative", "--amsgrad",
                 "--schedule", "step:step_size=30,gamma=0.5", "--out", str(h)]) == 0
    hd = load_map(h)
    dyn = Dynamics.from_dict(hd["dynamics"])
    assert dyn == Dynamics(noise=0.5, noise_relative=True, schedule="step:step_size=30,gamma=0.5",
                           amsgrad=True).checked("adam")
    href = hyper_map(get_surface("booth"), make_optimizer("adam"), [-6, -4],
                     np.geomspace(0.001, 0.2, 6), np.linspace(0, 0.9, 3), 150, dynamics=dyn)
    assert hd["labels"] == href.labels.tolist()


@pytest.mark.parametrize("bad, part", [
    (["--noise", "-1"], "--noise"), (["--noise", "nan"], "--noise"),
    (["--seed", "-3", "--noise", "0.1"], "--seed"), (["--schedule", "bogus:x=1"], "--schedule"),
    (["--schedule", "cosine:T_max=0"], "T_max"), (["--clip", "0"], "--clip"),
    (["--amsgrad"], "--amsgrad"), (["--noise-relative"], "--noise-relative"),
])
@pytest.mark.parametrize("kind", ["basins", "hyper"])
def test_cli_bad_dynamics_exit_2_naming_the_flag_before_work(bad, part, kind, tmp_path, capsys,
                                                             monkeypatch):
    import optim_lab.maps_cli as maps_cli

    monkeypatch.setattr(maps_cli, "basin_map", lambda *a, **k: pytest.fail("work started"))
    monkeypatch.setattr(maps_cli, "hyper_map", lambda *a, **k: pytest.fail("work started"))
    out = tmp_path / "x.json"
    args = ["--surface", "booth", "--optimizer", "gd", "--lr", "0.01", "--out", str(out), *bad]
    if kind == "hyper":
        args += ["--lr-range", "0.01:0.1:4"]
    assert main([kind, *args]) == 2
    err = capsys.readouterr().err
    assert part in err and "Traceback" not in err
    assert not out.exists()


def test_a_map_file_with_bad_dynamics_is_refused_naming_the_field(tmp_path):
    s = get_surface("booth")
    m = basin_map(s, make_optimizer("gd", lr=0.01), s.bounds.ravel(), 4, 30,
                  dynamics=Dynamics(noise=0.1, seed=2))
    doc = map_document(m)
    assert doc["dynamics"]["seed"] == 2
    for bad in ({"noise": -1}, {"seed": 1.5}, {"schedule": "nope"}, {"oops": 1}, [1]):
        path = tmp_path / "bad.json"
        path.write_text(json.dumps({**doc, "dynamics": bad}))
        with pytest.raises(FileFormatError, match="dynamics"):
            load_map(path)
    assert "dynamics" not in map_document(basin_map(s, make_optimizer("gd"), (0, 1, 0, 1), 4, 5))


def test_the_boundary_of_a_scheduled_hyper_map_is_the_peak_lrs_and_holds():
    """GD at a constant fraction of its base lr (LinearLR with both factors 0.5): the
    diverging base lrs start at (2/λ_max) / 0.5, where the map's boundary is drawn."""
    s = get_surface("quadratic", kappa=10.0)
    lam = float(np.linalg.eigvalsh(s.hessian(np.zeros((1, 2)))[0])[-1])
    lrs = np.geomspace(0.3, 12.0, 97) / lam
    dyn = Dynamics(schedule="LinearLR:start_factor=0.5,end_factor=0.5,total_iters=10")
    m = hyper_map(s, make_optimizer("gd", lr=0.1), [1.5, 1.5], lrs, None, 2000, dynamics=dyn)
    limit = float(m.boundary(m.betas)[0])
    assert limit == pytest.approx(4.0 / lam)
    div = m.labels[0] == DIVERGED
    first = np.argmax(div)
    assert div.any() and np.all(div[first:]) and not div[:first].any()
    assert abs(np.log(lrs[first] / limit)) <= np.log(lrs[1] / lrs[0]) + 1e-12
