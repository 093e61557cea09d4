"""The Deep Stack Lab lesson (vanishing / exploding gradients and ResNet's fix) run to completion by
a pytest-qt learner: press Play, tick the residual box, train; wrong actions do not advance;
leaving restores the learner's own configuration. Plus the Qt-free checks on a plain target."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.deep_lab import DeepStackLab
from app.lessons import LessonsPanel
from app.surface_lab import SurfaceLab
from optim_lab.deep.config import DeepConfig
from optim_lab.deep.state import DeepSetup, DeepStackState, StackState
from optim_lab.lessons import LessonError, LessonProgress, bundled_lessons, parse_lesson

LOAD_MS = 90_000  # the first build imports torch in the training thread


def deep_lesson():
    return next(lesson for lesson in bundled_lessons() if lesson.lab == "deep")


@pytest.fixture
def setup(qtbot):
    lab = DeepStackLab()
    qtbot.addWidget(lab)
    lab.resize(1280, 800)
    lab.show()
    qtbot.waitUntil(lambda: lab._session is not None, timeout=LOAD_MS)
    surface = SurfaceLab()
    qtbot.addWidget(surface)
    panel = LessonsPanel(surface, deep_lab=lambda: lab)
    qtbot.addWidget(panel)
    panel.show()
    yield lab, panel
    lab.shutdown()


def train(qtbot, lab, panel, steps: int) -> None:
    """The learner presses Play, waits for ``steps`` steps on screen, presses Pause."""
    gen = lab._generation
    qtbot.waitUntil(lambda: lab._session is not None and lab._session.generation == gen,
                    timeout=LOAD_MS)
    qtbot.mouseClick(lab.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lab._series and lab._series[0].n >= steps, timeout=60_000)
    qtbot.mouseClick(lab.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel._timer.isActive(), timeout=5_000)
    panel.refresh()


def test_the_deep_lesson_runs_to_completion(qtbot, setup):
    lab, panel = setup
    mine = DeepConfig(depth=8, width=16, activation="tanh", dataset="moons")
    lab.apply_deep_setup(DeepSetup(mine, compare=True, steps=700))  # the learner's own state
    panel.start(deep_lesson())
    p = panel.progress
    assert p.deep and p.index == 0
    cfg = lab.panel.config()
    assert (cfg.depth, cfg.activation, cfg.residual) == (30, "sigmoid", False)
    assert not lab.panel.compare_mode()
    assert not panel.passed and not panel.next_button.isEnabled()  # untrained: not yet

    # step 1: train the plain sigmoid stack; the ratio is tiny
    train(qtbot, lab, panel, 30)
    assert panel.passed, panel.feedback.text()
    ratio = lab.deep_state().stacks[0].ratio
    assert ratio < 1e-6
    assert f"{ratio:.2e}" in panel.feedback.text()
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert p.index == 1

    # step 2, a wrong action first: deeper, still plain -> does not advance
    lab.panel.depth.setValue(40)
    train(qtbot, lab, panel, 30)
    assert not panel.passed and not panel.next_button.isEnabled()
    assert not p.next() and p.index == 1
    # the right action: tick the residual box (the learner's click) and train
    qtbot.mouseClick(lab.panel.residual, Qt.MouseButton.LeftButton)
    assert lab.panel.config().residual
    assert not panel.passed  # a new, untrained stack
    train(qtbot, lab, panel, 30)
    assert panel.passed, panel.feedback.text()
    assert 0.1 < lab.deep_state().stacks[0].ratio < 10
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)

    # step 3: the exploding stack (its own setup)
    assert p.index == 2
    cfg = lab.panel.config()
    assert (cfg.activation, cfg.gain, cfg.residual) == ("relu", 1.5, False)
    train(qtbot, lab, panel, 10)
    assert panel.passed, panel.feedback.text()
    assert lab.deep_state().stacks[0].ratio > 100
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)

    # step 4: residual again
    assert p.index == 3 and p.is_last
    qtbot.mouseClick(lab.panel.residual, Qt.MouseButton.LeftButton)
    train(qtbot, lab, panel, 10)
    assert panel.passed, panel.feedback.text()
    assert "✓" in panel.feedback.text()

    panel.leave()  # the learner's own configuration comes back
    assert lab.panel.config() == mine and lab.panel.compare_mode()
    assert lab.panel.step_budget() == 700


def _state(residual: bool, steps: int, ratio: float | None) -> DeepStackState:
    return DeepStackState(DeepSetup(DeepConfig(residual=residual)),
                          (StackState(residual, steps, 0.69, 0.5, ratio),))


class FakeDeepLab:
    """A DeepTarget without Qt or torch: what a lesson sets up and what it reads."""

    def __init__(self) -> None:
        self.setup = DeepSetup(DeepConfig(depth=5))
        self.state = _state(False, 0, None)

    def deep_state(self):
        return self.state

    def deep_snapshot(self):
        return self.setup

    def apply_deep_setup(self, setup):
        self.setup = setup
        self.state = _state(setup.config.residual, 0, None)


def test_progress_on_a_deep_target_without_qt():
    target = FakeDeepLab()
    p = LessonProgress(deep_lesson(), target)
    assert target.setup.config.depth == 30  # step 1's scenario
    target.state = _state(False, 30, 2.7e-25)
    r = p.check("en")
    assert r.passed and "2.70e-25" in r.feedback("en")
    assert r.feedback("en").startswith("The plain stack trained 30 steps")
    assert "首层/末层梯度比 2.70e-25" in p.check("zh_CN").feedback("zh_CN")
    target.state = _state(False, 29, 2.7e-25)  # one step short
    assert not p.check().passed and not p.next()
    target.state = _state(False, 30, 2.7e-25)
    assert p.next() and p.index == 1
    target.state = _state(True, 30, 20.0)  # residual but the ratio is off: not yet
    assert not p.check().passed
    target.state = _state(True, 30, 1.03)
    assert p.check().passed
    p.leave()
    assert target.setup.config.depth == 5


@pytest.mark.parametrize("bad, where", [
    ({"lab": "deepest"}, "lab: expected one of surface, deep"),
    ({"steps": [{"setup": {"scenario": "sweep"}, "text": {"en": "x"},
                 "check": {"stack": 0, "residual": True}}]}, "unknown Deep Stack Lab scenario"),
    ({"steps": [{"setup": {"config": {"depth": 500}}, "text": {"en": "x"},
                 "check": {"stack": 0, "residual": True}}]}, "depth must be between"),
    ({"steps": [{"setup": {"scenario": "vanishing"}, "text": {"en": "x"},
                 "check": {"stack": 2, "residual": True}}]}, "step 1: check.stack"),
    ({"steps": [{"setup": {"scenario": "vanishing"}, "text": {"en": "x"},
                 "check": {"stack": 0, "ratio_below": -1}}]}, "above 0"),
    ({"steps": [{"setup": {"scenario": "vanishing"}, "text": {"en": "x"},
                 "check": {"run": 0, "status": "diverged"}}]}, "expected 0 (the stack"),
])
def test_bad_deep_lessons_are_refused_with_the_field(bad, where):
    doc = {"format": "optim-lab-lesson", "version": 1, "id": "d", "lab": "deep",
           "title": {"en": "t"},
           "steps": [{"setup": {"scenario": "vanishing"}, "text": {"en": "x"},
                      "check": {"stack": 0, "residual": True}}]}
    doc.update(bad)
    with pytest.raises(LessonError, match=where.replace("(", r"\(")):
        parse_lesson(doc, "d.json")


def test_a_running_deep_lesson_survives_the_language_switch(qapp, qtbot, tmp_path, monkeypatch):
    from app.settings import Remembered, open_settings, write_settings
    from app.shell import AppShell

    monkeypatch.delenv("OPTIM_LAB_LANG", raising=False)
    store = tmp_path / "s.ini"
    write_settings(open_settings(store), Remembered(language="en"))
    shell = AppShell(qapp, open_settings(store))
    try:
        shell.window.show()
        shell.window.lessons.start(deep_lesson())
        old_lab = shell.window.tabs.currentWidget()
        assert hasattr(old_lab, "deep_state") and shell.window.lessons.progress.deep
        shell.window.language_actions["zh_CN"].trigger()
        w = shell.window
        p = w.lessons.progress
        assert p is not None and p.deep and p.index == 0
        lab = w.tabs.currentWidget()
        assert lab is not old_lab and hasattr(lab, "deep_state")
        assert lab.panel.config().activation == "sigmoid" and lab.panel.config().depth == 30
        assert "梯度" in w.lessons.title.text()
    finally:
        shell.close()
        for i in range(shell.window.tabs.count()):
            if hasattr(shell.window.tabs.widget(i), "shutdown"):
                shell.window.tabs.widget(i).shutdown()
        shell.window.close()
