"""The N-D batch loop's in-place steps equal the generic optimizer rules bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer, run_loops
from optim_lab.inplace_steps import inplace_step
from optim_lab.run_settings import RunSettings


def _both(surface, opts, x0, steps, settings, monkeypatch):
    fused = run_loops.loop_batched(surface, opts, x0, steps, settings)
    with monkeypatch.context() as m:
        m.setattr(run_loops, "inplace_step", lambda opt, w: None)
        generic = run_loops.loop_batched(surface, opts, x0, steps, settings)
    return fused, generic


CASES = [
    ("quadratic", {"kappa": 100.0}, 50),
    ("rosenbrock", {}, 7),
    ("rastrigin", {}, 12),
    ("nd_saddle", {"negative": 3}, 30),
]

OPTS = [
    ("gd", {"lr": 0.003}),
    ("momentum", {"lr": 0.002, "momentum": 0.9}),
    ("adam", {"lr": 0.01}),
    ("adam", {"lr": 0.05, "beta1": 0.3, "beta2": 0.9, "eps": 1e-6}),  # lerp's second formula
    ("momentum", {"lr": 0.001, "momentum": 0.0}),
]


@pytest.mark.parametrize("name,params,dim", CASES)
def test_fused_rows_equal_generic_rules_bitwise(name, params, dim, monkeypatch):
    surface = get_surface(name, dim=dim, **params)
    opts = [make_optimizer(n, **kw) for n, kw in OPTS]
    assert all(inplace_step(o, np.zeros(dim)) is not None for o in opts)  # all take the fast path
    x0 = np.random.default_rng(dim).uniform(-1.5, 1.5, dim)
    for settings in (RunSettings(stop_on_convergence=False), RunSettings()):
        fused, generic = _both(surface, opts, x0, 400, settings, monkeypatch)
        for (p1, f1, g1, d1), (p2, f2, g2, d2) in zip(fused, generic, strict=True):
            np.testing.assert_array_equal(p1, p2)
            np.testing.assert_array_equal(f1, f2)
            np.testing.assert_array_equal(g1, g2)
            assert d1 == d2


def test_diverging_and_mixed_rows_equal_generic(monkeypatch):
    """A row that diverges is frozen at its last point; rows the fast path cannot take
    (weight decay, AMSGrad, clipping, RMSprop) run beside fused ones unchanged."""
    surface = get_surface("quadratic", dim=40, kappa=100.0)
    opts = [make_optimizer("gd", lr=0.5),  # 0.5 > 2/100: diverges
            make_optimizer("adam", lr=0.01, weight_decay=0.1),
            make_optimizer("adam", lr=0.01, amsgrad=True),
            make_optimizer("gd", lr=0.01, clip_norm=0.5),
            make_optimizer("rmsprop", lr=0.01),
            make_optimizer("momentum", lr=0.01, momentum=0.8)]
    fast = [inplace_step(o, np.zeros(40)) is not None for o in opts]
    assert fast == [True, False, False, False, False, True]
    x0 = np.random.default_rng(3).uniform(-1.0, 1.0, 40)
    fused, generic = _both(surface, opts, x0, 3000, RunSettings(), monkeypatch)
    assert fused[0][3] is not None  # it did diverge
    for (p1, f1, g1, d1), (p2, f2, g2, d2) in zip(fused, generic, strict=True):
        np.testing.assert_array_equal(p1, p2)
        np.testing.assert_array_equal(f1, f2)
        np.testing.assert_array_equal(g1, g2)
        assert d1 == d2


def test_inplace_step_matches_update_on_one_row():
    """Each fast step against ``Optimizer.update`` directly, step by step."""
    rng = np.random.default_rng(7)
    for name, kw in OPTS:
        opt = make_optimizer(name, **kw)
        w = rng.standard_normal(25)
        ref, state = w.copy(), opt.init(w)
        step = inplace_step(opt, w)
        for t in range(1, 60):
            g = rng.standard_normal(25) * 10.0 ** rng.integers(-8, 8)
            ref, state = opt.update(ref, g, state, t, np.sqrt)
            step(g, t)
            np.testing.assert_array_equal(w, ref)


def test_rows_with_dynamics_keep_their_rule_beside_in_place_rows(monkeypatch):
    """A row with noise or a schedule takes its dynamics rule; the plain rows beside it still
    step in place and equal the generic rules bit for bit (the noisy row too: same draws)."""
    from optim_lab.dynamics import Dynamics

    surface = get_surface("quadratic", dim=30, kappa=50.0)
    opts = [make_optimizer("adam", lr=0.01), make_optimizer("gd", lr=0.01),
            make_optimizer("momentum", lr=0.005, momentum=0.9)]
    dyn = [None, Dynamics(noise=1e-2, seed=4).checked("gd"),
           Dynamics(schedule="cosine:T_max=200").checked("momentum")]
    x0 = np.random.default_rng(9).uniform(-1.0, 1.0, 30)
    taken = []
    real = run_loops.inplace_step

    def spy(opt, w):
        taken.append(opt.name)
        return real(opt, w)

    monkeypatch.setattr(run_loops, "inplace_step", spy)
    fused = run_loops.loop_batched(surface, opts, x0, 300, RunSettings(), dyn)
    assert taken == ["adam"]  # only the row without dynamics was offered the fast path
    monkeypatch.setattr(run_loops, "inplace_step", lambda opt, w: None)
    generic = run_loops.loop_batched(surface, opts, x0, 300, RunSettings(), dyn)
    for (p1, f1, g1, d1), (p2, f2, g2, d2) in zip(fused, generic, strict=True):
        np.testing.assert_array_equal(p1, p2)
        np.testing.assert_array_equal(f1, f2)
        np.testing.assert_array_equal(g1, g2)
        assert d1 == d2
