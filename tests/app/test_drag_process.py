# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""While a learning-rate slider is held, the dragged run is computed by the drag process
(optim_lab.run_server), not on the GUI thread: the lab then shows exactly what it computes
itself, overtaken answers stand in until the current one arrives, an export in the middle
of a drag computes on the spot, a lost process is replaced by computing here, and the
process ends with the lab."""

from __future__ import annotations

import numpy as np
import pytest
from surface_testing import lab, no_qt_warnings, open_lab  # noqa: F401

from optim_lab import make_optimizer, run
from optim_lab.run_server import answer
from optim_lab.session import SurfaceSession


@pytest.fixture
def computed_here(monkeypatch):
    """Run ids the session computed in this process, in order."""
    ids: list[int] = []
    original = SurfaceSession._compute

    def counting(self, r, c):
        ids.append(r.id)
        return original(self, r, c)

    monkeypatch.setattr(SurfaceSession, "_compute", counting)
    return ids


def _hold(lab, row, qtbot) -> None:
    """Press the slider and wait until the drag process is ready."""
    row.lr.slider.setSliderDown(True)
    row.lr.slider.setValue(row.lr.slider.value() + 1)
    qtbot.waitUntil(lambda: lab.loop.worker.ready, timeout=30_000)


def _settled(lab) -> bool:
    return not lab.loop.worker.busy and not lab.session.stale_runs()


def _expected(lab, rid):
    s = lab.session
    r = s.run(rid)
    return run(s.surface, make_optimizer(r.optimizer, **r.hyper), s.start_of(rid), s.steps,
               dynamics=r.dynamics)


def test_a_drag_is_computed_in_the_drag_process_and_shows_the_same_result(lab, qtbot,
                                                                         computed_here):
    row = lab.rows()[0]
    rid = row.run_id
    _hold(lab, row, qtbot)
    computed_here.clear()
    for lr in np.geomspace(4e-4, 1.8e-3, 10):
        row.lr.slider.setValue(row.lr.position_for(float(lr)))
        qtbot.wait(5)
    row.lr.slider.setSliderDown(False)
    qtbot.waitUntil(lambda: _settled(lab), timeout=30_000)
    qtbot.wait(20)
    assert computed_here == []  # nothing was computed on the GUI thread
    shown = lab.view.runs.items[rid].traj
    assert shown is lab.session.result(rid)
    want = _expected(lab, rid)
    np.testing.assert_array_equal(shown.points, want.points)
    assert shown.outcome == want.outcome
    x, y = lab.curves.curves[rid][0].getData()
    np.testing.assert_array_equal(y, np.log10(lab.curves.loss_values(want)))
    fresh = open_lab(qtbot)
    fresh.session.set_lr(rid, lab.session.run(rid).hyper["lr"])
    fresh.recompute_now()
    assert row.status_text() == fresh.rows()[0].status_text()


def test_an_overtaken_answer_stands_in_until_the_current_one_arrives(lab, monkeypatch):
    row = lab.rows()[0]
    rid = row.run_id
    s, loop = lab.session, lab.loop
    sent = []  # the drag process, played by hand: jobs are answered when the test says
    monkeypatch.setattr(loop.worker, "submit", lambda job: job in sent or sent.append(job))
    monkeypatch.setattr(loop.worker, "pending_runs", lambda: {j.run_id for j in sent})
    monkeypatch.setattr(loop.worker, "ready", True)
    monkeypatch.setattr(loop, "dragging", lambda: True)

    def drag_to(lr):
        s.set_lr(rid, lr)
        loop.timer.stop()
        loop._pass()
        return sent[-1]

    def arrives(job):
        sent.remove(job)
        loop._on_answered(job, *answer(job, {})[2:])
        loop.timer.stop()
        loop._pass()
        return lab.view.runs.items[rid].traj

    job_a = drag_to(5e-4)
    job_b = drag_to(1.5e-3)  # the drag moves on before the first answer
    assert rid in s.stale_runs() and sent == [job_a, job_b]
    shown_a = arrives(job_a)
    assert shown_a.hyperparameters["lr"] == 5e-4  # drawn meanwhile ...
    assert rid in s.stale_runs()  # ... not taken as the run's result
    np.testing.assert_array_equal(lab.curves.curves[rid][0].getData()[1],
                                  np.log10(lab.curves.loss_values(shown_a)))
    shown_b = arrives(job_b)
    assert s.result(rid) is shown_b and shown_b.hyperparameters["lr"] == 1.5e-3
    loop._on_answered(job_a, *answer(job_a, {})[2:])  # a late answer changes nothing
    loop.timer.stop()
    loop._pass()
    assert lab.view.runs.items[rid].traj is shown_b


def test_an_answer_to_settings_that_are_gone_leaves_the_run_computed_here(lab, monkeypatch,
                                                                          qtbot):
    row = lab.rows()[0]
    rid = row.run_id
    s, loop = lab.session, lab.loop
    sent = []
    monkeypatch.setattr(loop.worker, "submit", lambda job: job in sent or sent.append(job))
    monkeypatch.setattr(loop.worker, "pending_runs", lambda: {j.run_id for j in sent})
    monkeypatch.setattr(loop.worker, "ready", True)
    held = [True]
    monkeypatch.setattr(loop, "dragging", lambda: held[0])
    s.set_lr(rid, 1.2e-3)
    loop.timer.stop()
    loop._pass()
    (job,) = sent
    held[0] = False  # the slider is released ...
    s.set_steps(600)  # ... and the steps change while the job is out
    loop.timer.stop()
    loop._pass()
    assert rid in s.stale_runs()  # waiting for the answer that is out
    sent.clear()
    loop._on_answered(job, *answer(job, {})[2:])  # for 1000 steps: neither taken nor shown
    qtbot.waitUntil(lambda: rid not in s.stale_runs(), timeout=5000)  # so it is computed here
    shown = lab.view.runs.items[rid].traj
    assert rid not in s.stale_runs() and shown is s.result(rid)
    assert shown.steps_requested == 600 and shown.hyperparameters["lr"] == 1.2e-3


def test_an_export_in_the_middle_of_a_drag_computes_on_the_spot(lab, qtbot, computed_here):
    row = lab.rows()[0]
    rid = row.run_id
    _hold(lab, row, qtbot)
    row.lr.slider.setValue(row.lr.position_for(1.2e-3))
    lab.loop.timer.stop()
    lab.loop._pass()  # the drag's pass: the job goes to the process
    assert rid in lab.loop.worker.pending_runs() and rid in lab.session.stale_runs()
    computed_here.clear()
    lab.recompute_now()  # what an export or a render does first
    assert computed_here == [rid]
    got = lab.view.runs.items[rid].traj
    np.testing.assert_array_equal(got.points, _expected(lab, rid).points)
    qtbot.waitUntil(lambda: not lab.loop.worker.busy, timeout=30_000)  # its answer, ignored
    assert lab.view.runs.items[rid].traj is got
    row.lr.slider.setSliderDown(False)


def test_a_lost_drag_process_is_replaced_by_computing_here(lab, qtbot, computed_here):
    row = lab.rows()[0]
    rid = row.run_id
    _hold(lab, row, qtbot)
    process = lab.loop.worker._child._process
    process.kill()
    process.wait()
    qtbot.waitUntil(lambda: not lab.loop.worker.started, timeout=30_000)
    row.lr.slider.setSliderDown(False)
    row.lr.slider.setValue(row.lr.position_for(1.3e-3))
    qtbot.waitUntil(lambda: _settled(lab), timeout=30_000)
    assert rid in computed_here
    np.testing.assert_array_equal(lab.view.runs.items[rid].traj.points,
                                  _expected(lab, rid).points)


def test_jobs_are_matched_by_run_and_version_even_with_a_nan_value(qtbot):
    import pickle

    from app.surface_lab.drag_worker import DragWorker

    s = SurfaceSession.with_default_runs()
    rid = s.run_ids()[0]
    s.set_lr(rid, float("nan"))  # stored as given; the answer says why it cannot run
    job = s.job(rid)

    def copy():  # what comes back through the pipe
        return pickle.loads(pickle.dumps(job))

    assert copy() != job  # a NaN inside: an unpickled copy equals nothing
    worker = DragWorker()
    sent = []
    worker._child.post = lambda *cmd: sent.append(cmd) or True
    worker.submit(job)
    worker.submit(copy())  # the same job again: not sent twice
    assert sent == [("run", job)] and worker.busy
    got = []
    worker.answered.connect(lambda *a: got.append(a))
    worker._on_answered(copy(), None, "invalid lr")
    assert not worker.busy and len(got) == 1


def test_a_process_that_dies_before_it_is_ready_is_reported_lost(qtbot):
    from app.surface_lab.drag_worker import DragWorker

    worker = DragWorker()
    worker._child._module = "optim_lab.no_such_module"  # python -m fails at once
    lost = []
    worker.lost.connect(lambda: lost.append(True))
    worker.start()
    qtbot.waitUntil(lambda: lost == [True], timeout=30_000)
    assert not worker.started and not worker.ready and not worker.busy


def test_the_drag_process_ends_with_the_lab(qtbot):
    w = open_lab(qtbot, register=False)
    row = w.rows()[0]
    _hold(w, row, qtbot)
    process = w.loop.worker._child._process
    assert process.poll() is None
    w.close()
    assert process.poll() is not None and not w.loop.worker.started
    w.deleteLater()
