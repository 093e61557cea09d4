# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""The shared widgets: log-scale learning-rate slider, optimizer row and list."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from surface_testing import no_qt_warnings  # noqa: F401

from app.widgets import OKABE_ITO, LearningRateSlider, OptimizerList, OptimizerRow
from app.widgets.lr_slider import TICKS_PER_DECADE
from optim_lab import make_optimizer


@pytest.fixture
def slider(qtbot, no_qt_warnings):  # noqa: F811
    w = LearningRateSlider(0.01)
    qtbot.addWidget(w)
    w.resize(300, 30)
    w.show()
    return w


def test_slider_maps_positions_to_log_learning_rates(slider):
    s = slider.slider
    assert math.isclose(slider.value_at(s.minimum()), 1e-5)
    assert math.isclose(slider.value_at(s.maximum()), 10.0)
    # One decade is TICKS_PER_DECADE positions: equal drags are equal ratios.
    a = slider.value_at(1000)
    b = slider.value_at(1000 + TICKS_PER_DECADE)
    assert math.isclose(b / a, 10.0)
    assert slider.position_for(slider.value_at(1234)) == 1234


def test_slider_emits_while_dragging(slider, qtbot):
    got = []
    slider.valueChanged.connect(got.append)
    start = slider.slider.value()
    for k in range(1, 6):  # tracking: every intermediate position emits
        slider.slider.setValue(start + 50 * k)
    assert len(got) == 5
    assert got == sorted(got) and got[-1] == pytest.approx(slider.value_at(start + 250))
    assert slider.edit.text() == f"{got[-1]:.4g}"


def test_a_drags_tooltip_follows_on_release(slider):
    from app.widgets.lr_slider import format_lr

    s = slider.slider
    s.setSliderDown(True)
    before = s.toolTip()
    s.setValue(s.value() + 2 * TICKS_PER_DECADE // 3)
    moved = format_lr(slider.value())
    assert moved not in before and s.toolTip() == before  # not rebuilt on each drag step
    s.setSliderDown(False)  # emits sliderReleased
    assert moved in s.toolTip()


def test_typed_value_is_kept_exactly(slider, qtbot):
    got = []
    slider.valueChanged.connect(got.append)
    slider.edit.setText("0.0013")
    slider.edit.editingFinished.emit()
    assert got == [0.0013]
    assert slider.value() == 0.0013
    assert slider.slider.value() == slider.position_for(0.0013)


@pytest.mark.parametrize("text", ["abc", "-1", "0", "100", "nan", "inf", "1e-9"])
def test_invalid_typed_values_are_rejected_with_a_message(slider, text):
    before = slider.value()
    got, errors = [], []
    slider.valueChanged.connect(got.append)
    slider.invalidInput.connect(errors.append)
    slider.edit.setText(text)
    slider.edit.editingFinished.emit()
    assert slider.value() == before and got == []
    assert len(errors) == 1 and errors[0]
    assert slider.edit.toolTip() == errors[0]


def test_stability_mark_is_painted_at_the_limit(slider, qtbot):
    slider.setStabilityLimit(0.11, "because λ_max = 18")
    assert slider.slider.mark() == slider.position_for(0.11)
    x = slider.slider.mark_x()
    img = slider.slider.grab().toImage()
    col = img.pixelColor(x, img.height() // 2 - 8 if img.height() > 20 else 3)
    # The red limit line is drawn at x (allow for the 2-pixel pen).
    reds = [img.pixelColor(xx, 3) for xx in (x - 1, x, x + 1)]
    assert any(c.red() > 150 and c.green() < 100 for c in reds), (col, reds)
    assert "0.11" in slider.slider.toolTip() and "λ_max = 18" in slider.slider.toolTip()
    slider.setValue(0.2)
    assert slider.is_above_limit()
    slider.setStabilityLimit(None)
    assert slider.slider.mark() is None and not slider.is_above_limit()


def test_optimizer_row_builds_the_engine_optimizer(qtbot, no_qt_warnings):  # noqa: F811
    row = OptimizerRow("adam", OKABE_ITO[0], {"lr": 0.02, "beta1": 0.8})
    qtbot.addWidget(row)
    assert set(row.spins) == {"beta1", "beta2", "eps"}
    opt = row.optimizer()
    assert opt.hyper == make_optimizer("adam", lr=0.02, beta1=0.8).hyper
    with qtbot.waitSignal(row.changed):
        row.spins["beta2"].setValue(0.95)
    assert row.optimizer().hyper["beta2"] == 0.95


def test_optimizer_row_shows_engine_errors_inline(qtbot, no_qt_warnings):  # noqa: F811
    row = OptimizerRow("nesterov", OKABE_ITO[1])
    qtbot.addWidget(row)
    row.show()
    row.spins["momentum"].setValue(0.0)  # Nesterov needs momentum > 0
    assert row.optimizer() is None
    with pytest.raises(ValueError) as exc:
        make_optimizer("nesterov", lr=row.lr.value(), momentum=0.0)
    assert row.error() == str(exc.value)
    assert row.error_label.isVisible() and row.error_label.text() == str(exc.value)
    row.spins["momentum"].setValue(0.5)
    assert row.optimizer() is not None and not row.error_label.isVisible()


def test_eps_box_accepts_scientific_notation(qtbot):
    row = OptimizerRow("adam", OKABE_ITO[0])
    qtbot.addWidget(row)
    box = row.spins["eps"]
    box.lineEdit().setText("1e-6")
    box.interpretText()
    assert box.value() == 1e-6 and row.optimizer().hyper["eps"] == 1e-6
    box.stepBy(-1)
    assert box.value() == pytest.approx(1e-7)


def test_optimizer_list_adds_and_removes_rows_with_distinct_colors(qtbot, no_qt_warnings):  # noqa: F811
    w = OptimizerList()
    qtbot.addWidget(w)
    rows = [w.add_row(n) for n in ("gd", "momentum", "gd", "adam")]
    colors = [r.color() for r in rows]
    assert len(set(colors)) == 4 and all(c in OKABE_ITO for c in colors)
    removed = []
    w.rowRemoved.connect(removed.append)
    qtbot.mouseClick(rows[1].remove, Qt.MouseButton.LeftButton)
    assert removed == [rows[1]] and w.rows() == [rows[0], rows[2], rows[3]]
    changed = []
    w.rowChanged.connect(changed.append)
    rows[3].enable.setChecked(False)
    assert changed == [rows[3]] and w.enabled_rows() == [rows[0], rows[2]]
    # the freed colour is reused first
    assert w.add_row("rmsprop").color() == colors[1]
