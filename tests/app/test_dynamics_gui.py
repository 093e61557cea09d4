# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""The Surface Lab's training-dynamics controls as a view of the session: every control
reaches the session's Dynamics and the run's result, bad values change nothing, loaded
files show their dynamics, the schedule curve and the playback readout show the run's
learning rates."""

from __future__ import annotations

import html

import numpy as np
import pytest
from PySide6.QtCore import Qt
from surface_testing import lab, no_qt_warnings  # noqa: F401

from app.outcome_text import outcome_text
from app.widgets.dynamics_editor import SCHEDULES, DynamicsEditor, default_schedule
from app.widgets.lr_slider import format_lr
from app.widgets.schedule_curve import ScheduleCurve, schedule_lrs_at
from optim_lab import OPTIMIZERS, make_optimizer, run
from optim_lab.dynamics import Dynamics
from optim_lab.experiment import load_experiment
from optim_lab.schedules import parse_schedule
from optim_lab.session import SurfaceSession


def settle(lab, qtbot):
    qtbot.waitUntil(lambda: not lab.loop.timer.isActive())
    lab.recompute_now()


def first(lab, optimizer: str = "gd"):
    row = next(r for r in lab.rows() if r.name == optimizer)
    return row, row.run_id


def test_noise_sigma_moves_the_path_and_the_same_seed_reproduces_it(lab, qtbot):
    row, rid = first(lab)
    plain = lab.result_of(row).points.copy()
    editor = row.dynamics_editor()
    editor.noise.setValue(1e-2)
    settle(lab, qtbot)
    d = lab.session.run(rid).dynamics
    assert d.noise == 1e-2 and not d.noise_relative and d.seed == 0
    noisy = lab.result_of(row).points.copy()
    n = min(len(plain), len(noisy))
    assert not np.array_equal(noisy[:n], plain[:n])  # off the noiseless path
    # equal to the engine's run with the same settings (GUI = headless)
    ref = run(lab.surface, make_optimizer("gd", **lab.session.run(rid).hyper), lab.start_of(row),
              lab.steps(), dynamics=Dynamics(noise=1e-2, seed=0))
    np.testing.assert_array_equal(noisy, ref.points)

    editor.seed.setText("12345")  # typed, as a user would
    editor.seed.editingFinished.emit()
    settle(lab, qtbot)
    assert lab.session.run(rid).dynamics.seed == 12345
    other = lab.result_of(row).points.copy()
    m = min(len(other), len(noisy))
    assert not np.array_equal(other[:m], noisy[:m])  # another seed, another path
    editor.seed.setText("0")
    editor.seed.editingFinished.emit()
    settle(lab, qtbot)
    np.testing.assert_array_equal(lab.result_of(row).points, noisy)  # same seed, same path

    editor.relative.setChecked(True)  # σ·‖∇f‖: another path, the engine's
    settle(lab, qtbot)
    assert lab.session.run(rid).dynamics.noise_relative
    rel = lab.result_of(row).points
    ref = run(lab.surface, make_optimizer("gd", **lab.session.run(rid).hyper), lab.start_of(row),
              lab.steps(), dynamics=Dynamics(noise=1e-2, noise_relative=True, seed=0))
    np.testing.assert_array_equal(rel, ref.points)
    m = min(len(rel), len(noisy))
    assert not np.array_equal(rel[:m], noisy[:m])
    editor.new_seed.click()
    assert lab.session.run(rid).dynamics.seed == editor.seed.value()
    editor.noise.setValue(0.0)  # σ = 0: exactly the noiseless run
    settle(lab, qtbot)
    assert lab.session.run(rid).dynamics.noise == 0.0
    np.testing.assert_array_equal(lab.result_of(row).points, plain)


def test_noise_box_steps_by_decades_and_shows_off_at_zero(qtbot):
    editor = DynamicsEditor("gd")
    qtbot.addWidget(editor)
    box = editor.noise
    assert box.value() == 0.0 and box.text() == box.specialValueText()
    emitted = []
    editor.edited.connect(emitted.append)
    box.stepBy(1)
    assert box.value() == 1e-3 and emitted[-1].noise == 1e-3
    box.stepBy(2)
    assert box.value() == pytest.approx(1e-1)
    box.stepBy(-10)
    assert box.value() == 0.0
    assert box.valueFromText(box.specialValueText()) == 0.0
    for typed, value in (("2e-3", 2e-3), ("0", 0.0), ("0.05", 0.05)):  # typed, then Enter
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), typed)
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
        assert box.value() == value and editor.dynamics().noise == value


@pytest.mark.parametrize("name", SCHEDULES)
def test_each_schedule_reaches_the_session_and_the_curve_equals_the_schedule(lab, qtbot, name):
    row, rid = first(lab, "momentum")
    editor = row.dynamics_editor()
    editor.schedule.setCurrentIndex(SCHEDULES.index(name))
    settle(lab, qtbot)
    spec = default_schedule(name, lab.steps()).spec
    assert lab.session.run(rid).dynamics.schedule == spec
    traj = lab.result_of(row)
    lr = lab.session.run(rid).hyper["lr"]
    expected = parse_schedule(spec).lrs(lr, lab.steps())
    if name == "constant":
        assert traj.lrs is None and row.schedule_curve.isHidden()
        return
    np.testing.assert_array_equal(traj.lrs[:traj.steps], expected[:traj.steps])
    assert not row.schedule_curve.isHidden()
    x, y = row.schedule_curve.curve_data()
    assert x[0] == 0 and x[-1] == lab.steps() - 1
    np.testing.assert_allclose(y, expected[x], rtol=0, atol=1e-12 * lr)


def test_schedule_parameters_are_number_boxes_and_edit_the_spec(lab, qtbot):
    row, rid = first(lab)
    editor = row.dynamics_editor()
    editor.schedule.setCurrentIndex(SCHEDULES.index("CosineAnnealingLR"))
    t_max, eta_min = editor.param_box("T_max"), editor.param_box("eta_min")
    assert "T_max" in t_max.toolTip() and "eta_min" in eta_min.toolTip()  # torch's names
    t_max.setValue(200)
    eta_min.setValue(1e-4)
    settle(lab, qtbot)
    spec = lab.session.run(rid).dynamics.schedule
    assert parse_schedule(spec) == parse_schedule("cosine:T_max=200,eta_min=0.0001")
    lr = lab.session.run(rid).hyper["lr"]
    x, y = row.schedule_curve.curve_data()
    np.testing.assert_allclose(y, parse_schedule(spec).lrs(lr, lab.steps())[x], atol=1e-12 * lr)
    # a new learning rate redraws the curve from it
    row.lr.setValue(lr / 2)
    settle(lab, qtbot)
    x, y = row.schedule_curve.curve_data()
    np.testing.assert_allclose(y, parse_schedule(spec).lrs(lr / 2, lab.steps())[x],
                               atol=1e-12 * lr)


def test_a_bad_parameter_shows_the_message_and_changes_nothing(lab, qtbot):
    row, rid = first(lab)
    editor = row.dynamics_editor()
    editor.schedule.setCurrentIndex(SCHEDULES.index("LinearLR"))
    settle(lab, qtbot)
    good = lab.session.run(rid).dynamics
    points = lab.result_of(row).points.copy()
    computed = lab.session.computed
    editor.param_box("start_factor").setValue(0.0)  # LinearLR needs 0 < start_factor <= 1
    settle(lab, qtbot)
    assert editor.error() is not None and "start_factor" in editor.error()
    assert editor.error_label.isVisibleTo(editor)
    assert lab.session.run(rid).dynamics == good
    assert lab.session.computed == computed
    np.testing.assert_array_equal(lab.result_of(row).points, points)
    editor.param_box("start_factor").setValue(0.5)  # fixed: the message goes, the edit lands
    settle(lab, qtbot)
    assert editor.error() is None and not editor.error_label.isVisibleTo(editor)
    assert parse_schedule(lab.session.run(rid).dynamics.schedule)["start_factor"] == 0.5


def test_a_seed_the_engine_refuses_is_reported_inline(lab, qtbot):
    row, rid = first(lab)
    editor = row.dynamics_editor()
    editor.noise.setValue(1e-3)
    editor.seed.setText("9999999999999999999")  # above 2**63 - 1
    editor.seed.editingFinished.emit()
    assert editor.error() is not None and "seed" in editor.error()
    assert lab.session.run(rid).dynamics.seed == 0


def test_clipping_reaches_the_session(lab, qtbot):
    row, rid = first(lab)
    editor = row.dynamics_editor()
    assert not editor.clip.isEnabled()
    editor.clip_on.setChecked(True)
    assert lab.session.run(rid).dynamics.clip == 1.0 and editor.clip.isEnabled()
    editor.clip.setValue(0.25)
    settle(lab, qtbot)
    assert lab.session.run(rid).dynamics.clip == 0.25
    traj = lab.result_of(row)
    assert np.all(traj.step_lengths <= 0.25 * lab.session.run(rid).hyper["lr"] * (1 + 1e-12))
    editor.clip_on.setChecked(False)
    assert lab.session.run(rid).dynamics.clip is None


def test_amsgrad_box_only_for_adam_and_adamw(lab, qtbot):
    lab.session.clear_runs()
    for name in OPTIMIZERS:
        lab.session.add_run(name)
    settle(lab, qtbot)
    for row in lab.rows():
        editor = row.dynamics_editor()
        assert editor.amsgrad.isVisibleTo(editor) == (row.name in ("adam", "adamw")), row.name
    row, rid = first(lab, "adam")
    before = lab.result_of(row).points.copy()
    row.dynamics_editor().amsgrad.setChecked(True)
    settle(lab, qtbot)
    assert lab.session.run(rid).dynamics.amsgrad
    after = lab.result_of(row).points
    n = min(len(before), len(after))
    assert not np.array_equal(before[:n], after[:n])


def test_opening_an_experiment_with_dynamics_shows_them_and_saving_keeps_them(lab, qtbot,
                                                                            tmp_path):
    s = SurfaceSession("booth")
    d_gd = Dynamics(noise=1e-3, seed=42, schedule="step:step_size=100,gamma=0.5")
    d_adam = Dynamics(clip=2.0, amsgrad=True)
    s.add_run("gd", lr=0.05, dynamics=d_gd)
    s.add_run("adam", lr=0.1, dynamics=d_adam)
    s.add_run("momentum", lr=0.02)
    path = s.to_file(tmp_path / "dyn.json")
    assert lab.open_experiment(path)
    settle(lab, qtbot)
    gd, adam, mom = lab.rows()
    assert gd.dynamics() == d_gd.checked("gd") and adam.dynamics() == d_adam.checked("adam")
    assert mom.dynamics().is_plain()
    assert not gd.schedule_curve.isHidden() and adam.schedule_curve.isHidden()
    assert "0.001" in gd.dynamics_summary.text() and "AMSGrad" in adam.dynamics_summary.text()
    assert mom.dynamics_summary.isHidden() and "●" not in mom.dynamics_button.text()
    assert "●" in gd.dynamics_button.text()
    e = gd.dynamics_editor()
    assert (e.noise.value(), e.seed.value()) == (1e-3, 42)
    assert e.schedule.currentData() == "StepLR"
    assert (e.param_box("step_size").value(), e.param_box("gamma").value()) == (100, 0.5)
    a = adam.dynamics_editor()
    assert a.clip_on.isChecked() and a.clip.value() == 2.0 and a.amsgrad.isChecked()
    # an edit after opening reaches the session and the saved file
    e.param_box("gamma").setValue(0.25)
    assert lab.save_experiment_to(tmp_path / "out.json")
    saved = load_experiment(tmp_path / "out.json", dim=2)
    assert parse_schedule(saved.optimizers[0].dynamics.schedule)["gamma"] == 0.25
    assert saved.optimizers[1].dynamics == d_adam.checked("adam")


def test_playback_readout_shows_the_rate_the_run_used(lab, qtbot):
    row, rid = first(lab)
    lab.clock.seek(300)  # playback elsewhere before the run has a schedule
    lab.session.set_dynamics(rid, schedule="warmup_cosine:warmup_iters=100,T_max=900")
    settle(lab, qtbot)
    traj = lab.result_of(row)
    assert traj.lrs is not None
    k = min(300, traj.steps)
    assert row.schedule_curve.marker() == (k, float(traj.lrs[k]))  # the new curve marks it
    for k in (0, 57, min(240, traj.steps)):
        lab.clock.seek(k)
        assert row.schedule_curve.marker() == (k, float(traj.lrs[k]))
        assert row.schedule_curve.readout() == f"lr {format_lr(float(traj.lrs[k]))} at step {k}"
    lab.clock.seek(lab.steps())  # beyond a run that stopped early: its last rate
    k = min(lab.steps(), traj.steps)
    assert row.schedule_curve.marker() == (k, float(traj.lrs[k]))


def test_noisy_converged_run_reports_its_noise_ball(lab, qtbot):
    lab.set_surface("booth")
    settle(lab, qtbot)
    row, rid = first(lab)
    lab.session.set_lr(rid, 0.05)
    lab.session.set_dynamics(rid, noise=1e-2, seed=1)
    settle(lab, qtbot)
    traj = lab.result_of(row)
    assert traj.status == "converged" and traj.noise_ball is not None
    assert row.status_text() == outcome_text(traj.outcome)[0]
    assert "noise ball of radius" in row.status_text()


def test_plain_runs_do_no_schedule_work_while_dragging(lab, qtbot, monkeypatch):
    calls = []
    original = ScheduleCurve.set_schedule
    monkeypatch.setattr(ScheduleCurve, "set_schedule",
                        lambda self, *a: calls.append(a) or original(self, *a))
    row, rid = first(lab)
    for lr in np.geomspace(1e-4, 1e-3, 10):
        row.lr.setValue(float(lr))
    settle(lab, qtbot)
    assert calls == []  # no schedule: nothing sampled per drag frame
    lab.session.set_dynamics(rid, schedule="exponential:gamma=0.99")
    settle(lab, qtbot)
    curve = row.schedule_curve
    key = curve._key
    lab.session.set_dynamics(rid, noise=1e-3)  # not lr, steps or schedule: the same curve
    settle(lab, qtbot)
    assert curve._key is key
    assert curve.is_log()  # 0.99**t falls four decades over 1000 steps
    x, y = curve.curve_data()
    np.testing.assert_allclose(y, schedule_lrs_at(parse_schedule("exponential:gamma=0.99"),
                                                  lab.session.run(rid).hyper["lr"], x))
    lab.controls.steps.setValue(400)
    settle(lab, qtbot)
    assert curve.curve_data()[0][-1] == 399


def test_a_chosen_schedule_is_fitted_to_the_current_number_of_steps(lab, qtbot):
    row, rid = first(lab)
    editor = row.dynamics_editor()  # built at 1000 steps
    lab.controls.steps.setValue(400)
    settle(lab, qtbot)
    editor.schedule.setCurrentIndex(SCHEDULES.index("CosineAnnealingLR"))
    assert parse_schedule(lab.session.run(rid).dynamics.schedule)["T_max"] == 400
    editor.schedule.setCurrentIndex(SCHEDULES.index("warmup_cosine"))
    sched = parse_schedule(lab.session.run(rid).dynamics.schedule)
    assert sched["warmup_iters"] + sched["T_max"] == 400


def test_a_scenario_with_dynamics_shows_them_in_its_rows_and_legend(lab, qtbot):
    lab.load_scenario("warmup", play=False)
    settle(lab, qtbot)
    rows = lab.rows()
    scheduled = 0
    for row in rows:
        d = lab.session.run(row.run_id).dynamics
        assert row.dynamics() == d
        has_schedule = not parse_schedule(d.schedule).is_constant
        scheduled += has_schedule
        assert row.schedule_curve.isHidden() == (not has_schedule)
        assert row.dynamics_summary.isHidden() == d.is_plain()
        label = lab.view.runs.labels[row.run_id]  # the legend names what is set
        if d.is_plain():
            assert "noise" not in label and "warmup" not in label
        else:
            # on its own, smaller second line (one line ran wider than the plot)
            assert label.endswith("<br><small>" + html.escape(row.dynamics_summary.text())
                                  + "</small>")
        if has_schedule:
            traj = lab.result_of(row)
            k = min(lab.clock.position, traj.steps)
            assert row.schedule_curve.marker() == (k, float(traj.lrs[k]))
            n = parse_schedule(d.schedule)["total_iters"]
            assert f"over {n}" in row.dynamics_summary.text()
    assert scheduled >= 2


def test_rows_offer_dynamics_only_where_an_owner_applies_them(lab, qtbot):
    from app.nd_lab import NDLab

    assert all(row.dynamics_button.isVisibleTo(row) for row in lab.rows())
    nd = NDLab()
    qtbot.addWidget(nd)
    rows = nd.optimizers.rows()
    assert rows and not any(row.dynamics_button.isVisibleTo(row) for row in rows)
