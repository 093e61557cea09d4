"""The one structured outcome and its English sentence: true words for every end.

Expected kinds come from calculus, not from the engine: Styblinski–Tang's
coordinate function ½(x⁴ − 16x² + 5x) has f' = 2x³ − 16x + 2.5 with three real
roots; the middle one has f'' = 6x² − 16 < 0, so the point with every
coordinate there is a *maximum* of the N-D surface.  The N-D saddle with all D
directions negative (f = Σ x⁴/4 − x²/2) has Hessian −I at 0: also a maximum.
"""

from __future__ import annotations

import numpy as np
import pytest

from optim_lab import RunSettings, get_surface, make_optimizer, run
from optim_lab.outcome import OUTCOME_KINDS, Outcome, describe_outcome
from optim_lab.stability import best_rates

NO_STOP = RunSettings(stop_on_convergence=False)


def styblinski_middle_root() -> float:
    roots = np.sort(np.roots([2.0, 0.0, -16.0, 2.5]).real)
    mid = float(roots[1])
    assert 6 * mid**2 - 16 < 0  # f'' < 0: a maximum of the coordinate function
    return mid


@pytest.mark.parametrize("dim", [2, 3])
def test_a_run_resting_on_the_styblinski_tang_maximum_is_called_a_maximum(dim):
    mx = styblinski_middle_root()
    s = get_surface("styblinski_tang", dim=dim)
    traj = run(s, make_optimizer("gd", lr=0.01), [mx] * dim, 200)
    o = traj.outcome
    assert traj.status == o.kind == "stalled"
    assert o.critical == "maximum"
    np.testing.assert_allclose(o.point, [mx] * dim, atol=1e-9)
    text = traj.summary()
    assert "maximum" in text and "saddle" not in text, text


def test_staying_on_the_maximum_without_early_stop_counts_the_steps():
    mx = styblinski_middle_root()
    traj = run(get_surface("styblinski_tang", dim=3), make_optimizer("gd", lr=0.01),
               [mx] * 3, 50, NO_STOP)
    o = traj.outcome
    assert o.kind == "stalled" and o.critical == "maximum" and not o.resting
    assert o.steps_near == 50
    assert traj.summary().startswith("stalled near the maximum (0.1567, 0.1567, 0.1567) for 50")


@pytest.mark.parametrize(("dim", "negative", "kind"), [(3, 3, "maximum"), (4, 4, "maximum"),
                                                      (3, 1, "saddle"), (4, 2, "saddle")])
def test_nd_saddle_origin_kind_follows_its_hessian(dim, negative, kind):
    s = get_surface("nd_saddle", dim=dim, negative=negative)
    origin = s.nearest(np.zeros(dim), ("saddle", "maximum"))
    assert origin.kind == kind
    eig = np.linalg.eigvalsh(s.hessian(np.zeros((1, dim)))[0])
    assert (np.all(eig < 0)) == (kind == "maximum")
    traj = run(s, make_optimizer("gd", lr=0.05), np.zeros(dim), 30)
    assert traj.outcome.critical == kind and kind in traj.summary()
    other = {"maximum": "saddle", "saddle": "maximum"}[kind]
    assert other not in traj.summary()


@pytest.mark.parametrize("surface, dim, start", [("booth", None, (2.0, 2.0)),
                                                 ("rosenbrock", 5, (0.5,) * 5)])
def test_learning_rate_zero_does_not_move_and_says_so(surface, dim, start):
    s = get_surface(surface, dim=dim) if dim else get_surface(surface)
    for name in ("gd", "momentum", "adam", "adamw", "rmsprop", "adagrad"):
        traj = run(s, make_optimizer(name, lr=0.0), start, 40)
        assert np.all(traj.points == np.asarray(start)), name  # it really did not move
        assert traj.status == "not_moving" and traj.outcome.reason == "lr_zero"
        assert traj.summary() == "did not move: the learning rate is 0"


def test_zero_steps_requested_says_so_on_both_paths():
    for s, start in ((get_surface("himmelblau"), (1.0, 1.0)),
                     (get_surface("rosenbrock", dim=3), (0.0, 0.0, 0.0))):
        traj = run(s, make_optimizer("gd", lr=0.01), start, 0)
        assert traj.status == "not_moving" and traj.outcome.reason == "no_steps"
        assert traj.summary() == "did not move: 0 steps requested"
        assert "still moving" not in traj.summary()


def test_every_status_is_an_outcome_kind_and_summary_renders_the_outcome():
    cases = [
        (get_surface("booth"), "gd", 0.05, (-4.0, 7.0), 500, "converged"),
        (get_surface("booth"), "gd", 0.2, (-4.0, 7.0), 500, "diverged"),
        (get_surface("saddle"), "gd", 0.1, (1.0, 0.0), 300, "stalled"),
        (get_surface("rosenbrock"), "gd", 1e-4, (-1.2, 1.0), 30, "max_steps"),
        (get_surface("booth"), "gd", 0.0, (-4.0, 7.0), 30, "not_moving"),
    ]
    for s, name, lr, start, steps, kind in cases:
        traj = run(s, make_optimizer(name, lr=lr), start, steps)
        assert traj.status == traj.outcome.kind == kind
        assert traj.summary() == describe_outcome(traj.outcome)
    assert set(OUTCOME_KINDS) == {c[-1] for c in cases}


def test_converged_names_the_known_minimum_with_its_exact_coordinates():
    traj = run(get_surface("himmelblau"), make_optimizer("gd", lr=0.01), (-1.0, 1.0), 500)
    o = traj.outcome
    assert o.kind == "converged" and o.point_is_known and o.is_global
    assert o.point == get_surface("himmelblau").nearest(traj.final_point, "minimum").point
    assert o.point != tuple(traj.final_point)  # the tabulated point, not the noisy end
    assert traj.summary() == f"reached the global minimum (-2.805, 3.131) in {o.step} steps"


def test_divergence_sentence_uses_the_limit_when_given():
    traj = run(get_surface("booth"), make_optimizer("gd", lr=0.2), (-4.0, 7.0), 100)
    k = traj.diverged_at
    assert traj.summary(limit=2 / 18) == (
        f"diverged at step {k} — learning rate 0.2 is above the limit 0.1111")
    assert traj.summary() == f"diverged at step {k} — learning rate 0.2 is too large here"


def test_outcome_is_immutable():
    o = run(get_surface("booth"), make_optimizer("gd", lr=0.05), (0.0, 0.0), 10).outcome
    assert isinstance(o, Outcome)
    with pytest.raises(AttributeError):
        o.kind = "diverged"


@pytest.mark.parametrize(("lo", "hi"), [(0.0, 1.0), (-1.0, 2.0), (-2.0, -1.0), (float("nan"), 1.0),
                                        (1.0, float("inf")), (2.0, 1.0)])
def test_best_rates_refuses_a_hessian_without_a_minimum(lo, hi):
    with pytest.raises(ValueError, match="λ|eigenvalues"):
        best_rates(lo, hi)
