"""Deep Stack Lab workspace (pytest-qt): play/pause/step/reset, residual toggle, scenarios,
divergence, depth sweep, underflow colour, clean shutdown."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.deep_lab import DeepStackLab
from app.deep_lab.axes import UNDERFLOW_COLOR
from app.deep_lab.lab import SWEEP_DEPTHS
from optim_lab.deep.config import DeepConfig

LOAD_MS = 90_000  # first use imports torch in the training process


@pytest.fixture
def lab(qtbot):
    widget = DeepStackLab()
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget._session is not None, timeout=LOAD_MS)
    yield widget
    widget.shutdown()


def configure(qtbot, lab: DeepStackLab, compare: bool, **changes) -> None:
    """Show a config in the panel and press Reset; wait for the new session."""
    lab.panel.set_config(DeepConfig(**changes), compare=compare)
    qtbot.mouseClick(lab.reset_button, Qt.MouseButton.LeftButton)
    gen = lab._generation
    qtbot.waitUntil(lambda: lab._session is not None and lab._session.generation == gen,
                    timeout=LOAD_MS)


def counts(lab: DeepStackLab) -> list[int]:
    s = lab._session
    with s.lock:
        return [len(r) for r in s.records]


def test_building_the_tab_does_not_import_torch() -> None:
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen';"
        "os.environ['PYQTGRAPH_QT_LIB'] = 'PySide6';"
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from app.deep_lab import DeepStackLab; lab = DeepStackLab();"
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


TRAIN_WITHOUT_TORCH = """
import os, sys, time
os.environ['QT_QPA_PLATFORM'] = 'offscreen'; os.environ['PYQTGRAPH_QT_LIB'] = 'PySide6'
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.deep_lab import DeepStackLab
lab = DeepStackLab(); lab.show()
end = time.monotonic() + 120
while time.monotonic() < end and lab._session is None:
    app.processEvents(); time.sleep(0.01)
lab.controller.post('step', 2)
while time.monotonic() < end and lab._series[0].n < 2:
    app.processEvents(); time.sleep(0.01)
n = lab._series[0].n
lab.shutdown()
print(n, 'torch' in sys.modules)
"""


def test_training_runs_in_a_process_that_imports_torch_not_the_gui() -> None:
    """The GUI process receives the steps (and draws them) without importing torch: a torch
    import there would hold the GIL for seconds, and training in a thread held it for much of
    every step."""
    out = subprocess.run([sys.executable, "-c", TRAIN_WITHOUT_TORCH], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    n, torch_loaded = out.stdout.split()[-2:]
    assert int(n) >= 2 and torch_loaded == "False"


def test_play_pause_step(qtbot, lab) -> None:
    configure(qtbot, lab, True, depth=6, width=8, batch_size=64)
    qtbot.mouseClick(lab.play, Qt.MouseButton.LeftButton)
    assert lab.play.isChecked() and lab.play.text() == "Pause"
    qtbot.waitUntil(lambda: min(counts(lab)) >= 5, timeout=30_000)
    qtbot.mouseClick(lab.play, Qt.MouseButton.LeftButton)  # pause
    assert not lab.play.isChecked() and lab.play.text() == "Play"
    # the training process reports where it stopped; every record up to there arrives, and
    # nothing after it
    qtbot.waitUntil(lambda: lab._session.paused_at is not None, timeout=10_000)
    after = lab._session.paused_at
    assert min(after) >= 5
    qtbot.waitUntil(lambda: counts(lab) == after, timeout=10_000)
    qtbot.wait(300)
    assert counts(lab) == after
    qtbot.mouseClick(lab.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: counts(lab) == [n + 1 for n in after], timeout=10_000)
    qtbot.wait(200)
    assert counts(lab) == [n + 1 for n in after]
    qtbot.waitUntil(lambda: lab._series[0].n == after[0] + 1, timeout=5_000)  # redrawn
    assert f"(step {after[0] + 1})" in lab.views[0].ratio_label.text()
    rec = lab._session.new_records(0, after[0])[0]
    assert f"{rec.update_ratios[0]:.1e}" in lab.views[0].status_label.text()
    assert f"{rec.update_ratios[-1]:.1e}" in lab.views[0].status_label.text()


def test_toggling_residual_changes_the_model_and_the_heatmap(qtbot, lab) -> None:
    configure(qtbot, lab, False, depth=20, width=8, batch_size=64)
    assert lab._session.residual == (False,)
    for _ in range(3):
        qtbot.mouseClick(lab.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lab._series[0].n == 3, timeout=10_000)
    qtbot.waitUntil(lambda: lab.views[0].heat.shown_steps == 3, timeout=5_000)  # drawn
    plain_image = lab.views[0].heat.cells.copy()
    plain_ratio = lab._series[0].ratio()
    assert "Plain" in lab.views[0].title.text()
    lab.panel.residual.setChecked(True)  # rebuilds at once
    assert lab._series[0].n == 0
    assert "Residual" in lab.views[0].title.text()
    qtbot.waitUntil(lambda: lab._session is not None and lab._session.residual == (True,),
                    timeout=10_000)
    assert lab._session.config.residual
    for _ in range(3):
        qtbot.mouseClick(lab.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lab._series[0].n == 3, timeout=10_000)
    qtbot.waitUntil(lambda: lab.views[0].heat.shown_steps == 3, timeout=5_000)
    residual_image = lab.views[0].heat.cells
    assert residual_image.shape == plain_image.shape
    assert not np.allclose(residual_image, plain_image)
    assert lab._series[0].ratio() > 100 * plain_ratio  # the skip lets the gradient through


def test_scenario_loads_and_shows_vanishing(qtbot, lab) -> None:
    index = lab.scenario.findData("vanishing")
    lab.scenario.setCurrentIndex(index)
    lab.scenario.activated.emit(index)
    assert lab.panel.depth.value() == 30
    assert lab.panel.activation.currentData() == "sigmoid"
    assert not lab.panel.compare_mode() and not lab.views[1].isVisibleTo(lab)
    assert "sigmoid" in lab.explanation.text()
    assert lab.play.isChecked()  # scenarios start playing
    qtbot.waitUntil(lambda: lab._series and lab._series[0].n >= 2, timeout=30_000)
    qtbot.mouseClick(lab.play, Qt.MouseButton.LeftButton)
    ratio = lab._series[0].ratio()
    assert ratio is not None and ratio < 1e-6
    # Pausing draws every pane at once (while playing they take turns, one a tick): the heat
    # map already spans every recorded step.
    heat = lab.views[0].heat
    assert heat.shown_steps == lab._series[0].n
    assert heat.boundingRect().right() >= lab._series[0].n + 0.5


def test_huge_learning_rate_is_reported_as_diverged(qtbot, lab) -> None:
    configure(qtbot, lab, True, depth=20, width=16, activation="relu", init="he", lr=1e3,
              batch_size=64)
    qtbot.mouseClick(lab.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lab.play.isChecked(), timeout=30_000)  # stops by itself
    assert list(lab._session.status) == ["diverged", "diverged"]
    qtbot.waitUntil(lambda: "Diverged" in lab.views[0].status_label.text(), timeout=5_000)
    text = lab.views[0].status_label.text()
    assert "NaN" in text or "grew past" in text
    assert lab._session.reasons[0][1] >= 1  # the step it diverged at
    assert "diverged" in lab.status.text()
    for curve in (*lab.curves.loss_curves, *lab.curves.acc_curves):
        _, y = curve.getData()
        assert y is None or np.isfinite(y).all()


def test_reset_clears_at_once(qtbot, lab) -> None:
    configure(qtbot, lab, True, depth=4, width=8, batch_size=64)
    qtbot.mouseClick(lab.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lab._series[0].n >= 3, timeout=30_000)
    qtbot.mouseClick(lab.reset_button, Qt.MouseButton.LeftButton)
    assert not lab.play.isChecked()
    assert [s.n for s in lab._series] == [0, 0]
    assert lab.views[0].heat.cells.size == 0
    x, _ = lab.curves.loss_curves[0].getData()
    assert x is None or len(x) == 0


def test_exact_zeros_get_the_underflow_colour(qtbot, lab) -> None:
    configure(qtbot, lab, False, depth=90, width=16, batch_size=64)
    qtbot.mouseClick(lab.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lab._series[0].n == 1, timeout=10_000)
    act = lab._series[0].act
    zero = act == 0.0
    assert zero.any() and not zero.all()
    qtbot.waitUntil(lambda: lab.views[0].heat.shown_steps == 1, timeout=5_000)  # drawn
    heat = lab.views[0].heat
    cells = heat.cells[:, 0]  # layer by layer, the first step
    red = int(UNDERFLOW_COLOR[1:], 16) | 0xFF000000
    assert (cells[zero[0]] == red).all() and (cells[~zero[0]] != red).all()
    assert "0" in lab.views[0].ratio_label.text()
    assert "underflow" in lab.views[0].ratio_label.text()
    assert len(lab.views[0].zero_bars.opts["x"]) == int(zero[-1].sum())


def test_depth_sweep_plot_matches_the_engine(qtbot, lab) -> None:
    from optim_lab.deep.sweep import depth_sweep

    configure(qtbot, lab, True, width=8, batch_size=64)
    qtbot.mouseClick(lab.sweep_button, Qt.MouseButton.LeftButton)
    def drawn() -> bool:
        x, _ = lab.curves.sweep_residual.getData()
        return x is not None and len(x) > 0

    qtbot.waitUntil(drawn, timeout=60_000)
    expected = depth_sweep(lab.panel.config(), SWEEP_DEPTHS)
    x, y = lab.curves.sweep_residual.getData()
    np.testing.assert_allclose(x, expected.depths)
    np.testing.assert_allclose(10 ** y, expected.residual, rtol=1e-9)
    xp, yp = lab.curves.sweep_plain.getData()
    keep = expected.plain > 0
    np.testing.assert_allclose(xp, expected.depths[keep])
    np.testing.assert_allclose(10 ** yp, expected.plain[keep], rtol=1e-9)
    xz, _ = lab.curves.sweep_zero.getData()
    assert list(xz) == list(expected.depths[~keep].astype(float))


def test_bad_input_shows_a_message_and_keeps_the_session(qtbot, lab) -> None:
    gen = lab._generation
    lab.panel.batch.setValue(4000)  # more than the 512 samples
    assert "batch_size" in lab.panel.error.text()
    assert lab._generation == gen


def test_closing_while_training_stops_the_process_and_thread(qtbot, lab) -> None:
    configure(qtbot, lab, True, depth=10, width=8, batch_size=64)
    qtbot.mouseClick(lab.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: min(counts(lab)) >= 2, timeout=30_000)
    thread, process = lab.controller._thread, lab.controller._process
    lab.close()
    assert not lab.controller.started
    assert thread.isFinished()
    assert process.poll() is not None  # the training process has exited


def test_while_playing_each_tick_redraws_one_pane_and_all_catch_up(qtbot, lab) -> None:
    configure(qtbot, lab, True, depth=4, width=8)
    drawn = []
    for i, view in enumerate(lab.views):
        view.show_series = lambda *a, i=i: drawn.append(i)
    lab.curves.show_series = lambda *a: drawn.append("curves")
    lab.timer.stop()  # the test drives the clock
    lab.controller.post("step", 1)
    qtbot.waitUntil(lambda: min(counts(lab)) == 1, timeout=20_000)
    lab._playing = True  # as while training: the clock spreads the panes over ticks
    lab._on_frame_timer()
    assert len(drawn) == 1
    lab._on_frame_timer()
    lab._on_frame_timer()
    assert sorted(map(str, drawn)) == ["0", "1", "curves"]
    lab._playing = False
    lab.timer.start()


def test_series_helpers() -> None:
    from app.deep_lab.series import (
        StackSeries,
        heat_levels,
        nice_upper,
        ratio_text,
        series_levels,
        superscript_power,
    )

    assert [nice_upper(n) for n in (1, 50, 51, 203, 1001)] == [50, 50, 70, 300, 1500]
    assert heat_levels([np.array([[0.0, 3e-25, 0.02]])]) == (-25.0, -1.0)
    assert heat_levels([np.zeros((2, 2))]) == (-6.0, 0.0)
    assert ratio_text(0.0, True) == "0" and ratio_text(None, False) == "—"
    assert ratio_text(2.5e-25, False) == "2.50e-25" and ratio_text(1.43, False) == "1.43"
    assert superscript_power(-25) == "10⁻²⁵"
    from optim_lab.deep import ABTrainer

    ab = ABTrainer(DeepConfig(depth=3, width=4, batch_size=16))
    recs = [ab.step()[0] for _ in range(300)]
    s = StackSeries(3)
    s.extend(recs[:10])
    s.extend(recs[10:])
    assert s.n == 300 and s.act.shape == (300, 3)
    assert np.array_equal(s.act[123], recs[123].act_grad_norms)
    assert s.loss[-1] == recs[-1].loss
    assert s.ratio() == recs[-1].ratio
    # the running range gives the levels of the whole history
    assert series_levels([s]) == heat_levels([s.act])


def test_step_budget_pauses_without_restarting(qtbot, lab) -> None:
    configure(qtbot, lab, True, depth=3, width=8, batch_size=64)
    gen = lab._generation
    lab.panel.max_steps.setValue(6)
    assert lab._generation == gen  # a new budget does not reset the run
    qtbot.mouseClick(lab.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lab.play.isChecked(), timeout=30_000)
    assert counts(lab) == [6, 6]
    assert "6" in lab.status.text()


def test_panel_round_trips_the_new_fields(qtbot) -> None:
    from app.deep_lab.config_panel import DeepConfigPanel

    panel = DeepConfigPanel()
    qtbot.addWidget(panel)
    cfg = DeepConfig(norm="batch", norm_position="post", loss="mse", full_batch=True, clip=0.5,
                     schedule="cosine:T_max=300", sharpness_every=7, n_samples=300,
                     momentum=0.5, optimizer="momentum")
    panel.set_config(cfg, compare=False)
    assert panel.config() == cfg  # momentum has no widget: kept from the config shown
    assert not panel.batch.isEnabled()  # full batch: the batch size does not apply


def test_bad_schedule_shows_a_message_and_keeps_the_session(qtbot, lab) -> None:
    session = lab._session
    lab.panel.schedule.setText("cosine:T_max=zero")
    lab.panel.schedule.editingFinished.emit()
    assert "T_max" in lab.panel.error.text()
    assert lab._session is session


def test_schedule_clipping_and_sharpness_reach_the_plots(qtbot, lab) -> None:
    configure(qtbot, lab, False, depth=2, width=8, activation="tanh", loss="mse",
              full_batch=True, n_samples=64, batch_size=64, lr=0.1, clip=0.01,
              schedule="StepLR:step_size=2,gamma=0.5", sharpness_every=2, dataset="moons")
    assert lab.curves.sharpness_plot.isVisible() and not lab.curves.sweep_plot.isVisible()
    for _ in range(4):
        qtbot.mouseClick(lab.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lab._series[0].n == 4, timeout=20_000)
    lab._on_frame_timer()
    series = lab._series[0]
    np.testing.assert_array_equal(series.lr, [0.1, 0.1, 0.05, 0.05])
    steps, values = lab.curves.sharp_curves[0].getData()
    assert list(steps) == [1.0, 3.0] and np.all(values > 0)
    ls, lv = lab.curves.limit_curve.getData()
    cap = 2.0 * lab.curves._sharp_span[0]  # the line is clipped to twice the visible range
    np.testing.assert_allclose(lv, np.minimum(2.0 / series.lr, cap))  # 2/eta follows the schedule
    assert lv[0] < lv[-1] or lv[-1] == cap
    assert lab.curves.lr_text.toPlainText().startswith("lr 0.05")
    assert "100%" in lab.curves.lr_text.toPlainText()  # a 0.01 cap clips every step


def test_edge_of_stability_and_batchnorm_scenarios_load(qtbot, lab) -> None:
    index = lab.scenario.findData("edge_of_stability")
    lab.scenario.setCurrentIndex(index)
    lab.scenario.activated.emit(index)
    assert lab.panel.config().sharpness_every > 0 and lab.panel.full_batch.isChecked()
    assert "2/η" in lab.explanation.text()
    qtbot.waitUntil(lambda: lab._series and lab._series[0].n >= 1, timeout=30_000)
    lab._on_frame_timer()
    lab._redraw()  # while playing the clock redraws one pane per tick
    _, limit = lab.curves.limit_curve.getData()
    assert limit[0] == pytest.approx(2 / 0.2)
    index = lab.scenario.findData("batchnorm_explodes")
    lab.scenario.setCurrentIndex(index)
    lab.scenario.activated.emit(index)
    assert lab.panel.norm.currentData() == "batch" and lab.panel.compare_mode()
    assert lab.curves.sweep_plot.isVisible() and not lab.curves.sharpness_plot.isVisible()
    qtbot.waitUntil(lambda: len(lab._series) == 2 and min(s.n for s in lab._series) >= 1,
                    timeout=60_000)
    lab.play.setChecked(False)
    # At the same step (the first: the two stacks train at their own pace, and the ratio of
    # whichever step each had reached when asked made this comparison depend on timing).
    plain, residual = (float(s.act[0, 0] / s.act[0, -1]) for s in lab._series)
    assert plain > 100 * residual  # BN explodes the plain stack; the skips hold it near 1
