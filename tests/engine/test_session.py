"""The Qt-free session model: which runs go stale after which edit, and results equal the engine's."""

from __future__ import annotations

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer, run, stability_limit
from optim_lab.scenarios import SCENARIOS
from optim_lab.session import SurfaceSession


@pytest.fixture
def session():
    """Booth, a shared start, three runs (one with its own start), all computed once."""
    s = SurfaceSession("booth", start=(-6.0, -4.0), steps=200)
    ids = [s.add_run("gd", lr=0.05), s.add_run("momentum", lr=0.02, momentum=0.5),
           s.add_run("adam", lr=0.1, start=(2.0, 2.0))]
    assert s.refresh() == ids
    s.computed = 0
    return s


def test_fresh_session_computes_each_run_once(session):
    assert session.stale_runs() == set()
    for i in session.run_ids():
        session.result(i)
    assert session.computed == 0  # cached


def test_learning_rate_edit_dirties_only_that_run(session):
    a, b, c = session.run_ids()
    before = {i: session.result(i) for i in (b, c)}
    limit_b = session.limit(b)
    session.set_lr(a, 0.07)
    assert session.stale_runs() == {a}
    assert session.refresh() == [a]
    assert session.computed == 1
    assert all(session.result(i) is before[i] for i in (b, c))
    assert session.limit(b) is limit_b
    ref = run(get_surface("booth"), make_optimizer("gd", lr=0.07), (-6.0, -4.0), 200)
    np.testing.assert_array_equal(session.result(a).points, ref.points)


def test_shared_start_dirties_the_runs_using_it(session):
    a, b, c = session.run_ids()
    session.move_shared_start(1.0, 1.0)
    assert session.stale_runs() == {a, b}
    session.refresh()
    assert session.start_of(c) == (2.0, 2.0)
    session.set_start(0.5, 0.5)  # the shared start for every run: own starts dropped
    assert session.stale_runs() == {a, b, c} and session.start_of(c) == (0.5, 0.5)


def test_own_start_dirties_only_that_run(session):
    a, b, c = session.run_ids()
    session.set_run_start(b, (3.0, -1.0))
    assert session.stale_runs() == {b}
    assert session.result(b).start == (3.0, -1.0)


def test_surface_params_and_steps_dirty_everything(session):
    ids = set(session.run_ids())
    session.set_steps(300)
    assert session.stale_runs() == ids
    session.refresh()
    session.set_surface("quadratic", kappa=20.0)
    assert session.stale_runs() == ids
    lr = [r.hyper["lr"] for r in session.runs()]
    session.set_surface_params(kappa=50.0)  # same surface: starts and rates kept
    assert [r.hyper["lr"] for r in session.runs()] == lr
    assert session.limit(session.run_ids()[0]).lr == pytest.approx(2 / 50.0)


def test_enable_colour_and_text_dirty_nothing(session):
    a = session.run_ids()[0]
    traj = session.result(a)
    session.set_enabled(a, False)
    assert session.result(a) is None and session.results() == [session.result(i)
                                                                for i in session.run_ids()[1:]]
    session.set_enabled(a, True)
    session.set_color(a, "#123456")
    session.set_text("title", "notes")
    assert session.result(a) is traj and session.computed == 0


def test_disabled_run_is_not_computed_until_enabled(session):
    a = session.run_ids()[0]
    session.set_enabled(a, False)
    session.set_lr(a, 0.01)
    assert session.refresh() == []
    session.set_enabled(a, True)
    assert session.refresh() == [a]


def test_add_and_remove(session):
    a, b, c = session.run_ids()
    d = session.add_run("rmsprop")
    assert session.stale_runs() == {d} and d not in (a, b, c)
    assert session.result(d).status != "diverged"  # a suggested rate that works
    assert session.run(d).color not in {session.run(i).color for i in (a, b, c)}
    session.remove_run(b)
    assert session.run_ids() == [a, c, d]
    with pytest.raises(KeyError):
        session.result(b)


def test_invalid_value_is_held_and_explained(session):
    b = session.run_ids()[1]
    session.set_hyper(b, momentum=1.5)
    assert session.result(b) is None and "momentum" in session.error(b)
    assert session.run(b).hyper["momentum"] == 1.5
    with pytest.raises(ValueError, match="invalid momentum"):
        session.to_file("never_written.json")


def test_signals_announce_edits(session):
    seen = []
    session.run_changed.connect(lambda i: seen.append(("run", i)))
    session.start_changed.connect(lambda: seen.append("start"))
    session.runs_changed.connect(lambda: seen.append("runs"))
    a = session.run_ids()[0]
    session.set_lr(a, 0.03)
    session.set_lr(a, 0.03)  # no change, no signal
    session.move_shared_start(0.0, 0.0)
    session.remove_run(a)
    assert seen == [("run", a), "start", "runs"]


def test_limits_are_the_engines(session):
    a, b, c = session.run_ids()
    assert session.limit(a).lr == pytest.approx(stability_limit(get_surface("booth"),
                                                                (-6.0, -4.0), "gd").lr)
    assert session.limit(c) is None


def test_bad_edits_are_refused_without_change(session):
    a = session.run_ids()[0]
    for call in (lambda: session.set_start(float("nan"), 0.0),
                 lambda: session.set_steps(0),
                 lambda: session.set_surface("nope"),
                 lambda: session.set_surface("quadratic", kappa=0.5),
                 lambda: session.set_hyper(a, beta1=0.9),
                 lambda: session.set_run_start(a, (1.0, 2.0, 3.0)),
                 lambda: session.set_run_start(a, (1e300, 0.0)),
                 lambda: session.add_run("sgdx")):
        with pytest.raises(ValueError):
            call()
    assert session.surface_name == "booth" and session.start == (-6.0, -4.0)
    assert session.stale_runs() == set() and len(session.runs()) == 3
    assert session.run(a).start is None


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenarios_load_headless(name):
    s = SurfaceSession()
    s.load_scenario(name)
    sc = SCENARIOS[name]
    assert (s.surface_name, s.start, s.steps, s.scenario) == (sc.surface, sc.start, sc.steps, name)
    assert [r.optimizer for r in s.runs()] == [r.optimizer for r in sc.runs]
    for i, spec in zip(s.run_ids(), sc.runs):
        assert s.start_of(i) == (spec.start or sc.start)
        assert s.result(i) is not None
