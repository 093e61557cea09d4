# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""The lessons panel: each bundled lesson done through the GUI (slider drags, clicks on the
surface, spin boxes, tick boxes) sees every check pass; a wrong action does not enable Next;
Leave restores the lab; a bad lesson file gives the validator's message."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from surface_testing import no_qt_warnings  # noqa: F401

from app.main_window import MainWindow
from optim_lab.schedules import parse_schedule
from tests.engine.test_lessons import start_in_basin


@pytest.fixture
def window(qtbot, no_qt_warnings):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    qtbot.waitExposed(w)
    w.lessons_action.trigger()
    yield w
    w.surface_lab.clock.pause()


def _drag_lr(lab, k, factor):
    """Move row k's learning-rate slider to the position of factor × its stability limit."""
    row = lab.rows()[k]
    limit = row.lr.stabilityLimit()
    row.lr.slider.setValue(row.lr.position_for(factor * limit))


def _click(qtbot, lab, x, y):
    qtbot.mouseClick(lab.view.viewport(), Qt.MouseButton.LeftButton, pos=lab.view.click_view(x, y))


def _momentum(lab, k, value):
    lab.rows()[k].spins["momentum"].setValue(value)


def _set_lr(lab, k, lr):
    row = lab.rows()[k]
    row.lr.slider.setValue(row.lr.position_for(lr))


def _dynamics(lab, k, **changes):
    """The learner's edit of row k's training dynamics.  With the run rows' dynamics editor
    (``OptimizerRow.dynamics_editor``) the learner types in it: noise σ, the schedule chosen
    in its list and its parameter boxes, the clip box; without it (a build where the editor
    is not merged yet) this makes the call the editor makes, ``session.set_dynamics``."""
    row = lab.rows()[k]
    if not hasattr(row, "dynamics_editor"):
        lab.session.set_dynamics(row.run_id, **changes)
        return
    editor = row.dynamics_editor()
    if "noise" in changes:
        editor.noise.setValue(changes["noise"])
    if "clip" in changes:
        editor.clip.setValue(changes["clip"])
        editor.clip_on.setChecked(True)
    if "schedule" in changes:
        name, _, params = changes["schedule"].partition(":")
        name = {"warmup": "LinearLR", "cosine": "CosineAnnealingLR"}.get(name, name)
        editor.schedule.setCurrentIndex(editor.schedule.findData(name))
        for item in filter(None, params.split(",")):
            key, value = item.split("=")
            editor.param_box(key).setValue(float(value) if "." in value else int(value))
    d = lab.session.run(row.run_id).dynamics
    for key, value in changes.items():  # the editor reached the session
        got = getattr(d, key)
        if key == "schedule":
            got, value = parse_schedule(got).spec, parse_schedule(value).spec
        assert got == value, (key, got, value)


def _tick_basins_and_click(q, lab, near):
    """Tick "Basins of attraction" (if not yet), wait for the map of this run, click a start
    read off it in the basin of the minimum nearest ``near``."""
    panel = lab.maps.panel
    if not panel.basins.isChecked():
        q.mouseClick(panel.basins, Qt.MouseButton.LeftButton,
                     pos=panel.basins.rect().bottomLeft() + QPoint(6, -6))
    assert panel.basins.isChecked()
    q.waitUntil(lambda: lab.maps.layer.map is not None
                and lab.maps.layer.map.surface == lab.session.surface_name, timeout=20000)
    _click(q, lab, *start_in_basin(lab.maps.layer.map, near))


GUI_ACTIONS = {
    "lr_too_large": [lambda q, lab: _drag_lr(lab, 0, 1.15), lambda q, lab: _drag_lr(lab, 0, 0.95)],
    "lr_too_small": [lambda q, lab: _drag_lr(lab, 0, 0.45)],
    "local_minima": [lambda q, lab: _click(q, lab, -lab.start[0], lab.start[1]),
                     lambda q, lab: _momentum(lab, 0, 0.9)],
    "saddle_points": [lambda q, lab: _click(q, lab, lab.start[0], 0.5)],
    "momentum_adam": [lambda q, lab: _momentum(lab, 0, 0.9),
                      lambda q, lab: q.mouseClick(lab.rows()[1].enable, Qt.MouseButton.LeftButton,
                                                  pos=lab.rows()[1].enable.rect().center())],
    "noise_saddle": [lambda q, lab: _dynamics(lab, 0, noise=1e-4)],
    "catapult_warmup": [lambda q, lab: _drag_lr(lab, 0, 1.2),
                        lambda q, lab: _dynamics(
                            lab, 0, schedule="warmup:start_factor=0.01,total_iters=100")],
    "clipping": [lambda q, lab: _dynamics(lab, 0, clip=1.0)],
    "basins": [lambda q, lab: _tick_basins_and_click(q, lab, (-3.78, -3.28)),
               lambda q, lab: _tick_basins_and_click(q, lab, (-2.81, 3.13))],
}
GUI_WRONG = {
    "lr_too_large": lambda q, lab: _drag_lr(lab, 0, 0.85),
    "local_minima": lambda q, lab: _click(q, lab, lab.start[0] + 0.2, lab.start[1] + 0.2),
    "momentum_adam": lambda q, lab: _momentum(lab, 0, 0.3),
    "noise_saddle": lambda q, lab: _set_lr(lab, 0, 0.5),  # a larger rate alone stays stalled
    "catapult_warmup": lambda q, lab: _drag_lr(lab, 0, 0.8),  # below the mark
    "clipping": lambda q, lab: _dynamics(lab, 0, clip=1000.0),  # too loose
    "basins": lambda q, lab: _click(q, lab, 3.5, 2.5),  # the basin of (3, 2)
}


@pytest.mark.parametrize("lesson_id", list(GUI_ACTIONS))
def test_each_lesson_done_through_the_gui(window, qtbot, lesson_id):
    panel, lab = window.lessons, window.surface_lab
    before = lab.session.to_experiment()
    index = [lesson.id for lesson in panel.lessons].index(lesson_id)
    panel.chooser.setCurrentIndex(index)
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert panel.progress is not None and panel.step_box.isVisible()
    for k, act in enumerate(GUI_ACTIONS[lesson_id]):
        assert panel.progress.index == k
        assert not panel.passed and not panel.next_button.isEnabled()
        assert panel.counter.text() == f"Step {k + 1} of {len(GUI_ACTIONS[lesson_id])}"
        if k == 0 and lesson_id in GUI_WRONG:
            GUI_WRONG[lesson_id](qtbot, lab)
            qtbot.wait(20)
            assert not panel.passed and not panel.next_button.isEnabled()
            assert panel.feedback.text().startswith("Not yet:")
        act(qtbot, lab)
        qtbot.waitUntil(lambda: panel.passed, timeout=5000)
        assert panel.feedback.text().startswith("✓")
        if k < len(GUI_ACTIONS[lesson_id]) - 1:
            assert panel.next_button.isEnabled()
            qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
        else:
            assert "Lesson complete!" in panel.feedback.text()
            assert not panel.next_button.isEnabled()
    qtbot.mouseClick(panel.leave_button, Qt.MouseButton.LeftButton)
    assert panel.progress is None and panel.choose_box.isVisible()
    assert lab.session.to_experiment() == before
    assert len(lab.rows()) == len(before.optimizers)
    assert not lab.maps.panel.basins.isChecked()  # maps turned on in the lesson went too


def test_feedback_shows_the_computed_numbers(window, qtbot):
    panel, lab = window.lessons, window.surface_lab
    panel.start(next(x for x in panel.lessons if x.id == "lr_too_large"))
    _drag_lr(lab, 0, 1.2)
    qtbot.waitUntil(lambda: panel.passed, timeout=5000)
    rid = lab.session.run_ids()[0]
    traj, limit = lab.session.result(rid), lab.session.limit(rid)
    text = panel.feedback.text()
    assert f"diverged at step {traj.diverged_at}" in text
    assert f"2/λ = {limit.lr:.4g}" in text


def test_reset_goes_back_to_the_first_step(window, qtbot):
    panel, lab = window.lessons, window.surface_lab
    panel.start(next(x for x in panel.lessons if x.id == "lr_too_large"))
    _drag_lr(lab, 0, 1.2)
    qtbot.waitUntil(lambda: panel.passed, timeout=5000)
    panel.next()
    assert panel.progress.index == 1
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert panel.progress.index == 0 and not panel.passed
    assert lab.rows()[0].lr.value() == pytest.approx(0.05)


def test_bad_lesson_file_gives_the_validators_message(window, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "optim-lab-lesson", "version": 1, "id": "x",
                               "title": {"en": "t"}, "steps": []}), encoding="utf-8")
    before = window.surface_lab.session.to_experiment()
    assert not window.lessons.open_file(str(bad))
    assert len(shown) == 1 and "bad.json: steps: expected a list of 1 to 20 steps" in shown[0]
    assert window.lessons.progress is None
    assert window.surface_lab.session.to_experiment() == before


def test_a_running_lesson_survives_the_language_switch(qapp, qtbot, tmp_path, monkeypatch):
    from app.settings import Remembered, open_settings, write_settings
    from app.shell import AppShell

    monkeypatch.delenv("OPTIM_LAB_LANG", raising=False)
    path = tmp_path / "optim-lab.ini"
    write_settings(open_settings(path), Remembered(language="en"))
    shell = AppShell(qapp, open_settings(path))
    try:
        w = shell.window
        w.show()
        before = w.surface_lab.session.to_experiment()
        w.lessons_action.trigger()
        w.lessons.start(next(x for x in w.lessons.lessons if x.id == "lr_too_large"))
        _drag_lr(w.surface_lab, 0, 1.2)
        w.lessons.next()
        assert w.lessons.progress.index == 1
        w.language_actions["zh_CN"].trigger()
        new = shell.window
        assert new is not w and new.lessons_dock.isVisible()
        panel = new.lessons
        assert panel.progress is not None and panel.progress.index == 1
        assert panel.counter.text() == "第 2 步，共 2 步"
        assert panel.title.text() == "学习率过大"
        panel.leave()
        assert new.surface_lab.session.to_experiment() == before
    finally:
        shell.close()
        shell.window.surface_lab.clock.pause()
        shell.window.close()
        shell.window.deleteLater()
        qapp.processEvents()


def test_catapult_feedback_and_a_wrong_schedule_through_the_gui(window, qtbot):
    panel, lab = window.lessons, window.surface_lab
    panel.start(next(x for x in panel.lessons if x.id == "catapult_warmup"))
    _drag_lr(lab, 0, 1.2)
    qtbot.waitUntil(lambda: panel.passed, timeout=5000)
    rid = lab.session.run_ids()[0]
    lr = lab.session.run(rid).hyper["lr"]
    lam = lab.session.result(rid).outcome.sharpness
    assert f"ended where the sharpness is {lam:.4g}, below 2/lr = {2 / lr:.4g}" in panel.feedback.text()
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.progress.index == 1 and lab.rows()[0].lr.value() == pytest.approx(0.3)
    _dynamics(lab, 0, schedule="cosine:T_max=1500")  # starts at the full rate: diverges
    qtbot.wait(20)
    assert not panel.passed and not panel.next_button.isEnabled()
    text = panel.feedback.text()
    assert text.startswith("Not yet:") and "CosineAnnealingLR" in text and "diverged at step" in text
    _dynamics(lab, 0, schedule="warmup:start_factor=0.01,total_iters=100")
    qtbot.waitUntil(lambda: panel.passed, timeout=5000)
    assert "Lesson complete!" in panel.feedback.text()
