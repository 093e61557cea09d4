"""Training dynamics per run: the Dynamics value, sessions, reproducible noise, schedules."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optim_lab.dynamics import MAX_SEED, Dynamics, NoiseStream
from optim_lab.optimizers import make_optimizer
from optim_lab.outcome import describe_outcome
from optim_lab.runs import run, run_many
from optim_lab.schedules import parse_schedule
from optim_lab.session import SurfaceSession
from optim_lab.surfaces import get_surface

WARMUP = "warmup:start_factor=0.01,total_iters=100"


# --- the value ----------------------------------------------------------------------

def test_defaults_are_plain_and_each_field_makes_it_not_plain() -> None:
    assert Dynamics().is_plain()
    assert Dynamics(seed=5, noise_relative=True).is_plain()  # no noise: the seed changes nothing
    for d in (Dynamics(noise=1e-3), Dynamics(schedule="cosine:T_max=10"), Dynamics(clip=1.0),
              Dynamics(amsgrad=True)):
        assert not d.is_plain()


def test_checked_gives_the_canonical_copy() -> None:
    d = Dynamics(noise=1, seed=np.int64(3), schedule=WARMUP, clip=2).checked("gd")
    assert d == Dynamics(1.0, False, 3, parse_schedule(WARMUP).spec, 2.0, False)
    assert d.schedule.startswith("LinearLR:") and isinstance(d.noise, float)
    assert d.checked("gd") == d


@pytest.mark.parametrize(("changes", "optimizer", "needle"), [
    ({"noise": -1e-3}, "gd", "invalid noise: -0.001"),
    ({"noise": float("nan")}, "gd", "invalid noise: nan"),
    ({"noise": float("inf")}, "gd", "invalid noise: inf"),
    ({"noise": True}, "gd", "invalid noise: True"),
    ({"seed": -1}, "gd", "invalid seed: -1"),
    ({"seed": MAX_SEED}, "gd", f"invalid seed: {MAX_SEED}"),
    ({"seed": 1.5}, "gd", "invalid seed: 1.5"),
    ({"schedule": "cosine:T_max=0"}, "gd", "T_max must be between 1"),
    ({"schedule": "cosin"}, "gd", "unknown schedule 'cosin'"),
    ({"clip": 0.0}, "gd", "invalid clip: 0.0"),
    ({"clip": float("inf")}, "gd", "invalid clip: inf"),
    ({"amsgrad": True}, "gd", "only adam and adamw"),
    ({"amsgrad": 1}, "adam", "invalid amsgrad: 1"),
    ({"noise_relative": "yes"}, "gd", "invalid noise_relative: 'yes'"),
])
def test_bad_values_name_the_field_and_the_value(changes, optimizer, needle) -> None:
    with pytest.raises(ValueError) as info:
        Dynamics(**changes).checked(optimizer)
    assert needle in str(info.value)


def test_dict_round_trip_and_strict_reading() -> None:
    d = Dynamics(3e-4, True, 2**63 - 1, "step:step_size=10", 0.5, True).checked("adamw")
    assert Dynamics.from_dict(d.to_dict()) == d
    assert Dynamics.from_dict({}) == Dynamics()
    assert Dynamics.from_dict({"noise": 1e-3}) == Dynamics(noise=1e-3)
    for bad, needle in (({"sigma": 1}, "unknown keys ['sigma']"),
                        ({"seed": 3.0}, "invalid seed"),
                        ({"amsgrad": 1}, "invalid amsgrad"),
                        ({"noise": "0.1"}, "invalid noise"),
                        ([1, 2], "must be an object")):
        with pytest.raises(ValueError, match=None) as info:
            Dynamics.from_dict(bad)
        assert needle in str(info.value)


@pytest.mark.parametrize("spec", ["constant", "step:step_size=3,gamma=0.5", "exp:gamma=0.9",
                                  "cosine:T_max=7,eta_min=0.01", WARMUP,
                                  "linear:start_factor=0.5,end_factor=0.2,total_iters=9",
                                  "warmup_cosine:warmup=4,T_max=6,start_factor=0.1"])
def test_peak_lr_is_the_largest_lr_the_schedule_uses(spec) -> None:
    lrs = parse_schedule(spec).lrs(0.3, 400)  # longer than every period: covers the peak
    assert Dynamics(schedule=spec).peak_lr(0.3) == pytest.approx(float(lrs.max()), rel=1e-12)


def test_noise_stream_is_one_draw_however_it_is_cut() -> None:
    whole = np.random.Generator(np.random.PCG64(9)).standard_normal((10_000, 3))
    rows = NoiseStream(9, 3).rows()
    np.testing.assert_array_equal(np.array([next(rows) for _ in range(10_000)]), whole)
    pairs = NoiseStream(9, 2).pairs()
    whole2 = np.random.Generator(np.random.PCG64(9)).standard_normal((5000, 2))
    np.testing.assert_array_equal(np.array([next(pairs) for _ in range(5000)]), whole2)


# --- runs ------------------------------------------------------------------------------

QS = get_surface("quartic_saddle")


def _gd(lr=0.1):
    return make_optimizer("gd", lr=lr)


def test_same_seed_same_path_other_seed_other_path() -> None:
    a = run(QS, _gd(), (1.0, 0.0), 400, dynamics=Dynamics(noise=1e-3, seed=4))
    b = run(QS, _gd(), (1.0, 0.0), 400, dynamics=Dynamics(noise=1e-3, seed=4))
    c = run(QS, _gd(), (1.0, 0.0), 400, dynamics=Dynamics(noise=1e-3, seed=5))
    np.testing.assert_array_equal(a.points, b.points)
    assert not np.array_equal(a.points, c.points)
    assert a.dynamics == Dynamics(noise=1e-3, seed=4)


def test_zero_noise_is_exactly_the_noiseless_run() -> None:
    plain = run(QS, _gd(), (1.0, 1e-8), 600)
    zero = run(QS, _gd(), (1.0, 1e-8), 600, dynamics=Dynamics(noise=0.0, seed=77))
    np.testing.assert_array_equal(plain.points, zero.points)
    assert plain.summary() == zero.summary() and zero.lrs is None and zero.noise_ball is None
    # the dynamics loop itself (a constant-by-spec schedule forces it) is the same float
    # arithmetic as the fast path: a one-step StepLR with gamma 1 never changes the lr
    forced = run(QS, _gd(), (1.0, 1e-8), 600, dynamics=Dynamics(schedule="step:step_size=1,gamma=1"))
    np.testing.assert_array_equal(forced.points[: plain.steps + 1], plain.points)


@pytest.mark.parametrize("name", ["gd", "momentum", "nesterov", "adam", "adamw", "rmsprop",
                                  "adagrad"])
def test_dynamics_loop_equals_fast_path_bitwise_with_clipping(name) -> None:
    """Clipping alone runs on the fast path; forcing the dynamics loop changes nothing."""
    s = get_surface("rosenbrock")
    opt = make_optimizer(name, lr=1e-3, weight_decay=0.01)
    fast = run(s, opt, (-1.5, 2.0), 300, dynamics=Dynamics(clip=5.0))
    slow = run(s, opt, (-1.5, 2.0), 300,
               dynamics=Dynamics(clip=5.0, schedule="step:step_size=1,gamma=1"))
    np.testing.assert_array_equal(slow.points[: fast.steps + 1], fast.points)


@pytest.mark.parametrize("name", ["gd", "momentum", "nesterov", "adam", "adamw", "rmsprop",
                                  "adagrad"])
def test_noise_on_the_fast_closure_equals_the_generic_rule_bitwise(name) -> None:
    """Noise alone runs the fast 2-D closure; a schedule that never changes the lr forces the
    generic rule: both are the same float operations."""
    s = get_surface("himmelblau")
    opt = make_optimizer(name, lr=0.01, weight_decay=0.01)
    for d in (Dynamics(noise=0.3, seed=8), Dynamics(noise=0.05, noise_relative=True, clip=2.0)):
        fast = run(s, opt, (1.0, 1.0), 400, dynamics=d)
        generic = run(s, opt, (1.0, 1.0), 400,
                      dynamics=d.with_changes(schedule="step:step_size=1,gamma=1"))
        np.testing.assert_array_equal(fast.points, generic.points)


def test_noise_is_the_same_on_the_batched_path() -> None:
    """nd_saddle at D = 2 is the quartic saddle on the N-D (batched) loop: same noise rows,
    same formula, so the same path to rounding (the two loops order a few operations
    differently, so equal to 1e-12, not bitwise)."""
    nd = get_surface("nd_saddle", dim=2)
    d = Dynamics(noise=1e-3, seed=3, schedule="cosine:T_max=300")
    a = run(QS, _gd(), (1.0, 0.0), 300, dynamics=d)
    b = run(nd, _gd(), (1.0, 0.0), 300, dynamics=d)
    np.testing.assert_allclose(b.points, a.points, rtol=0, atol=1e-12)


def test_batched_rows_each_keep_their_dynamics() -> None:
    nd = get_surface("nd_saddle", dim=5)
    opts = [_gd(), _gd(), make_optimizer("adam", lr=0.01)]
    dyns = [Dynamics(noise=1e-3, seed=1), None, Dynamics(amsgrad=True, schedule=WARMUP)]
    together = run_many(nd, opts, np.full(5, 0.5), 200, dynamics=dyns)
    for o, d, t in zip(opts, dyns, together):
        alone = run(nd, o, np.full(5, 0.5), 200, dynamics=d)
        np.testing.assert_array_equal(alone.points, t.points)
    assert together[1].steps < 200  # the plain row still stops early
    assert together[0].steps == 200  # a noisy row runs every step


def test_a_schedule_on_a_zero_learning_rate_does_not_move() -> None:
    for surface, start in ((QS, (1.0, 0.5)), (get_surface("nd_saddle", dim=3), (1.0, 0.5, 0.2))):
        t = run(surface, _gd(0.0), start, 20, dynamics=Dynamics(schedule="cosine:T_max=10"))
        assert t.status == "not_moving" and np.all(t.points == np.asarray(start))


def test_lrs_are_the_schedule_and_none_when_constant() -> None:
    t = run(QS, _gd(0.3), (1.0, 0.5), 250, dynamics=Dynamics(schedule=WARMUP))
    np.testing.assert_array_equal(t.lrs, parse_schedule(WARMUP).lrs(0.3, t.steps + 1))
    assert not t.lrs.flags.writeable
    assert run(QS, _gd(0.3), (1.0, 0.5), 50).lrs is None


def test_noisy_run_that_settles_converges_in_a_noise_ball() -> None:
    t = run(QS, _gd(), (1.0, 0.0), 1000, dynamics=Dynamics(noise=1e-3, seed=0))
    assert t.status == "converged"
    assert t.outcome.point in ((0.0, 1.0), (0.0, -1.0))
    text = describe_outcome(t.outcome)
    assert "global minimum" in text and "in a noise ball of radius" in text
    assert t.outcome.noise_ball == t.noise_ball


def test_noise_ball_radius_matches_the_stationary_spread() -> None:
    """GD near a minimum with curvatures λ and noise σ is x <- (1 − lr λ) x − lr σ ξ per
    eigen-direction: stationary variance lr² σ² / (lr λ (2 − lr λ)).  At (0, ±1) of the
    quartic saddle λ = 1 and 2; lr 0.1, σ 1e-3 → RMS radius 2.8e-4.  One 100-point window
    holds only ~10-20 independent samples (correlation time 1/(lr λ) = 5-10 steps), so
    one radius varies by about ±40 %; the RMS over 20 seeds is within ±15 % (measured
    0.94: the window's own mean absorbs a little of the spread)."""
    lam = np.array([1.0, 2.0])
    theory = float(np.sqrt(np.sum(0.01 * 1e-6 / (0.1 * lam * (2 - 0.1 * lam)))))
    radii = np.array([run(QS, _gd(), (1.0, 0.0), 1000,
                          dynamics=Dynamics(noise=1e-3, seed=s)).noise_ball for s in range(20)])
    assert np.all((radii > 0.5 * theory) & (radii < 1.6 * theory))
    assert float(np.sqrt(np.mean(radii**2))) == pytest.approx(theory, rel=0.15)


def test_noisy_run_that_keeps_travelling_is_not_converged() -> None:
    t = run(get_surface("rosenbrock"), make_optimizer("gd", lr=1e-4), (-1.5, 2.0), 300,
            dynamics=Dynamics(noise=1e-3, seed=1))
    assert t.status == "max_steps" and t.noise_ball is None


def test_relative_noise_scales_with_the_gradient() -> None:
    """σ‖∇f‖: from the exact saddle (gradient 0) relative noise adds nothing."""
    on_saddle = run(QS, _gd(), (0.0, 0.0), 50,
                    dynamics=Dynamics(noise=0.5, noise_relative=True, seed=2))
    assert np.all(on_saddle.points == 0.0)
    moving = run(QS, _gd(), (1.0, 0.0), 50, dynamics=Dynamics(noise=0.5, noise_relative=True))
    assert np.any(moving.points[:, 1] != 0.0)


def test_peak_lr_is_what_the_outcome_compares() -> None:
    c = get_surface("catapult")
    t = run(c, _gd(0.3), (4.0, 0.05), 300, dynamics=Dynamics(schedule="warmup:total_iters=1000,"
                                                                        "start_factor=0.01"))
    assert t.outcome.lr == pytest.approx(float(np.max(t.lrs[: t.steps])))
    assert t.outcome.lr < 0.3


# --- sessions ----------------------------------------------------------------------------

def test_session_set_dynamics_invalidates_one_run_and_emits() -> None:
    s = SurfaceSession("quartic_saddle", start=(1.0, 0.0), steps=300)
    a = s.add_run("gd", lr=0.1)
    b = s.add_run("gd", lr=0.1)
    s.refresh()
    seen = []
    s.run_changed.connect(seen.append)
    s.set_dynamics(a, noise=1e-3, seed=2)
    assert seen == [a] and s.stale_runs() == {a}
    assert s.run(a).dynamics == Dynamics(noise=1e-3, seed=2)
    assert s.result(a).points[-1][1] != 0.0 and s.result(b).points[-1][1] == 0.0
    s.set_dynamics(a, noise=1e-3)  # unchanged: nothing happens
    assert seen == [a]
    with pytest.raises(ValueError, match="invalid noise"):
        s.set_dynamics(a, noise=-1.0)
    with pytest.raises(ValueError, match="only adam and adamw"):
        s.set_dynamics(b, amsgrad=True)
    with pytest.raises(ValueError, match="no field"):
        s.set_dynamics(b, sigma=1.0)
    assert s.run(a).dynamics == Dynamics(noise=1e-3, seed=2) and s.run(b).dynamics.is_plain()


def test_session_add_run_with_dynamics_and_round_trip(tmp_path) -> None:
    s = SurfaceSession("catapult", start=(4.0, 0.05), steps=500)
    rid = s.add_run("gd", lr=0.3, dynamics=Dynamics(noise=1e-6, seed=3, schedule=WARMUP))
    s.add_run("adam", lr=0.01, dynamics=Dynamics(amsgrad=True, clip=1.0))
    s.add_run("gd", lr=0.05)
    assert s.run(rid).dynamics.schedule == parse_schedule(WARMUP).spec
    with pytest.raises(ValueError, match="only adam"):
        s.add_run("gd", dynamics=Dynamics(amsgrad=True))
    path = s.to_file(tmp_path / "dyn.json")
    back = SurfaceSession.from_file(path)
    assert [r.dynamics for r in back.runs()] == [r.dynamics for r in s.runs()]
    np.testing.assert_array_equal(back.result(back.run_ids()[0]).points, s.result(rid).points)
    again = back.to_file(tmp_path / "again.json")
    assert again.read_text() == path.read_text()


# --- hostile input ----------------------------------------------------------------------

_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                    st.lists(st.integers(), max_size=3))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["noise", "noise_relative", "seed", "schedule", "clip",
                                        "amsgrad", "sigma"]), _VALUES, max_size=6))
def test_from_dict_refuses_with_value_error_or_round_trips(doc) -> None:
    try:
        d = Dynamics.from_dict(doc)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert Dynamics.from_dict(d.to_dict()) == d
    assert d.noise >= 0 and np.isfinite(d.noise) and 0 <= d.seed < MAX_SEED
    assert d.clip is None or (d.clip > 0 and np.isfinite(d.clip))
    assert parse_schedule(d.schedule).spec == d.schedule


def test_catapult_projection_is_the_nearest_point_of_the_hyperbola() -> None:
    """Batched companion-matrix projection vs a dense sampling of both branches of uv = 1."""
    from optim_lab.surfaces.library2d import catapult_nearest_minimum

    P = np.random.default_rng(0).uniform(-6, 6, (300, 2))
    Q = catapult_nearest_minimum(P)
    np.testing.assert_allclose(Q[:, 0] * Q[:, 1], 1.0, rtol=0, atol=1e-12)
    u = np.concatenate([-np.geomspace(60, 1 / 60, 100_001), np.geomspace(1 / 60, 60, 100_001)])
    H = np.column_stack([u, 1 / u])
    for p, q in zip(P, Q):
        dense = np.min(np.hypot(H[:, 0] - p[0], H[:, 1] - p[1]))
        assert np.hypot(*(q - p)) <= dense + 1e-9
    one = get_surface("catapult").minimum_near(P[0])
    np.testing.assert_allclose(one.point, Q[0], rtol=0, atol=0)
    assert one.sharpness == pytest.approx(Q[0] @ Q[0], rel=1e-12)  # λ_max = u² + v² there
