# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""Surface Lab driven through its real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from surface_testing import lab, no_qt_warnings, plot_arrays  # noqa: F401

from app.surface_lab import SCENARIOS
from app.surface_lab.field import surface_field
from app.widgets.clipping import clip_polyline, inside_box
from optim_lab import get_surface, make_optimizer, run, stability_limit, surface_names


def engine_run(lab, row):
    """The reference: the same run computed directly by the engine."""
    opt = make_optimizer(row.name, **row.hyper())
    dynamics = lab.session.run(row.run_id).dynamics  # noise, schedule, clipping of the run
    return run(lab.surface, opt, lab.start_of(row), lab.steps(), dynamics=dynamics)


def path_xy(lab, row):
    x, y = lab.view.runs.items[row.run_id].path.getData()
    return np.column_stack([x, y])


def as_drawn(lab, points):
    """``points`` clipped to the view, as the run layer draws them (the same if inside)."""
    c = clip_polyline(points, lab.view.runs.box)
    return np.column_stack([c.x, c.y])


def test_default_view_draws_every_run_as_the_engine_computes_it(lab):
    rows = lab.rows()
    assert [r.name for r in rows] == ["gd", "momentum", "nesterov", "adam"]
    assert lab.surface.name == "rosenbrock" and lab.clock.position == lab.steps()
    for row in rows:
        ref = engine_run(lab, row)
        np.testing.assert_array_equal(path_xy(lab, row), ref.points)
        x, y = lab.curves.curves[row.run_id][1].getOriginalDataset()
        np.testing.assert_array_equal(y, np.maximum(ref.grad_norms, 1e-18))
        assert row.status_text()
    assert len({r.color() for r in rows}) == 4


def test_moving_a_learning_rate_slider_recomputes_only_that_run(lab, qtbot):
    gd, mom = lab.rows()[0], lab.rows()[1]
    before = path_xy(lab, gd)
    other = lab.result_of(mom)
    pos = gd.lr.slider.value()
    for k in range(1, 4):  # a drag: several intermediate values
        gd.lr.slider.setValue(pos + 40 * k)
    qtbot.waitUntil(lambda: not lab.loop.timer.isActive())
    after = path_xy(lab, gd)
    assert gd.lr.value() == pytest.approx(gd.lr.value_at(pos + 120))
    assert not np.array_equal(before, after) or before.shape != after.shape
    np.testing.assert_array_equal(after, engine_run(lab, gd).points)
    assert lab.result_of(mom) is other  # untouched run not recomputed
    # the legend's text follows when the drag pauses
    qtbot.waitUntil(lambda: "lr " + gd.lr.edit.text() in lab.view.runs.labels[gd.run_id])


def test_stability_mark_on_each_slider_is_the_engines_limit(lab):
    for row in lab.rows():
        beta = row.hyper().get("momentum", 0.0)
        lim = stability_limit(lab.surface, lab.start, row.name, beta).lr
        if row.name == "adam":
            assert lim is None and row.lr.slider.mark() is None
            assert "no fixed" in row.lr.slider.toolTip()
        else:
            assert row.lr.stabilityLimit() == pytest.approx(lim)
            assert row.lr.slider.mark() == row.lr.position_for(lim)


def test_click_on_the_view_moves_the_start(lab, qtbot):
    target = (-0.5, 2.5)
    pos = lab.view.click_view(*target)
    qtbot.mouseClick(lab.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: not lab.loop.timer.isActive())
    b = lab.surface.bounds
    pixel = max((b[0, 1] - b[0, 0]) / lab.view.vb.width(), (b[1, 1] - b[1, 0]) / lab.view.vb.height())
    assert lab.start == pytest.approx(target, abs=2 * pixel)
    assert (lab.controls.x.value(), lab.controls.y.value()) == pytest.approx(lab.start, abs=1e-4)
    for row in lab.rows():
        np.testing.assert_array_equal(path_xy(lab, row)[0], lab.start)
    h = lab.view.handles[None].pos()
    assert (h.x(), h.y()) == pytest.approx(lab.start)


def test_dragging_the_start_handle_recomputes_live(lab, qtbot):
    handle = lab.view.handles[None]
    starts = []
    for x, y in [(-1.4, 2.0), (-1.2, 1.8), (-1.0, 1.5)]:
        handle.setPos(pg.Point(x, y))  # what a drag does, step by step
        qtbot.waitUntil(lambda: not lab.loop.timer.isActive())
        starts.append(tuple(path_xy(lab, lab.rows()[0])[0]))
    assert starts == [(-1.4, 2.0), (-1.2, 1.8), (-1.0, 1.5)]
    assert lab.start == (-1.0, 1.5)


def test_selecting_a_surface_changes_the_heatmap(lab, qtbot):
    before = lab.view.image.image.copy()
    i = lab.controls.surface.findData("himmelblau")
    lab.controls.surface.setCurrentIndex(i)
    qtbot.waitUntil(lambda: not lab.loop.timer.isActive())
    img = lab.view.image.image
    assert not np.array_equal(before, img)
    np.testing.assert_array_equal(img, surface_field("himmelblau").image)
    r = lab.view.image.mapRectToParent(lab.view.image.boundingRect())
    b = get_surface("himmelblau").bounds
    assert (r.left(), r.right()) == pytest.approx(tuple(b[0]))
    assert len(lab.view.minima.data) == len(get_surface("himmelblau").minima)
    for row in lab.rows():
        np.testing.assert_array_equal(path_xy(lab, row), engine_run(lab, row).points)


def test_marker_items_are_shown_exactly_when_they_have_spots(lab):
    from app.surface_lab.scenarios import SCENARIOS

    v = lab.view
    assert len(v.saddles.data) == 0 and not v.saddles.isVisible()  # Rosenbrock: no saddle
    assert len(v.minima.data) == 1 and v.minima.isVisible()
    seen_saddles = False
    for key in SCENARIOS:
        lab.load_scenario(key)
        lab.recompute_now()
        for item in (v.minima, v.saddles, v.runs.ends):
            assert item.isVisible() == (len(item.data) > 0), (key, item)
        seen_saddles |= len(v.saddles.data) > 0
    assert seen_saddles  # the saddle scenarios show theirs


@pytest.mark.parametrize("name", surface_names(2))
def test_every_surface_draws_finite_items(lab, qtbot, name):
    lab.set_surface(name)
    lab.recompute_now()
    assert np.all(np.isfinite(lab.view.image.image))
    for item in lab.view.plot.items + lab.curves.loss.items + lab.curves.grad.items:
        for a in plot_arrays(item):
            assert np.all(np.isfinite(a)), (name, item)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario_loads_its_settings(lab, name):
    sc = SCENARIOS[name]
    lab.load_scenario(name, play=False)
    assert lab.surface.name == sc.surface == lab.controls.surface_name()
    assert lab.start == sc.start and lab.steps() == sc.steps
    rows = lab.rows()
    assert [r.name for r in rows] == [s.optimizer for s in sc.runs]
    for row, spec in zip(rows, sc.runs):
        for k, v in spec.hyper.items():
            assert row.hyper()[k] == pytest.approx(v)
        assert lab.start_of(row) == (spec.start or sc.start)
        np.testing.assert_array_equal(path_xy(lab, row), as_drawn(lab, engine_run(lab, row).points))
    assert lab.banner.isVisible() and lab.banner.explanation() == sc.tr_explanation()


def test_diverging_run_shows_its_status_and_nothing_non_finite(lab):
    lab.load_scenario("lr_too_large", play=False)
    bad = lab.rows()[2]
    traj = lab.result_of(bad)
    assert traj.status == "diverged"
    lim = stability_limit(lab.surface, lab.start, "gd").lr
    text = bad.status_text()
    assert f"diverged at step {traj.diverged_at}" in text
    assert f"{lim:.4g}" in text and "0.13" in text
    assert text in lab.view.runs.items[bad.run_id].path.curve.toolTip()  # hovering the path says it too
    assert not bad.status.isHidden()
    # drawn up to the last finite point, clipped to the view, with an arrow where it left
    assert not inside_box(traj.points[-1:], lab.view.runs.box)[0]
    np.testing.assert_array_equal(path_xy(lab, bad), as_drawn(lab, traj.points))
    exit_arrow = lab.view.runs.items[bad.run_id].exit
    assert exit_arrow.isVisible()
    (x0, x1), (y0, y1) = lab.view.vb.viewRange()
    edge = min(abs(exit_arrow.pos().x() - x0), abs(exit_arrow.pos().x() - x1),
               abs(exit_arrow.pos().y() - y0), abs(exit_arrow.pos().y() - y1))
    assert edge < 1e-9 * max(x1 - x0, y1 - y0)  # on the view's edge
    for item in lab.view.plot.items + lab.curves.loss.items + lab.curves.grad.items:
        for a in plot_arrays(item):
            assert np.all(np.isfinite(a)), item


def test_status_lines_follow_the_engine_diagnosis(lab):
    lab.load_scenario("saddle_stall", play=False)
    gd, adam = lab.rows()
    t = lab.result_of(gd)
    assert t.status == "stalled"
    assert gd.status_text() == f"stalled near the saddle (0, 0) for {t.steps_near_saddle} steps"
    items = lab.view.runs.items[gd.run_id]
    assert items.arrow.isVisible() and "saddle" in items.note.textItem.toPlainText()
    assert not lab.view.runs.items[adam.run_id].arrow.isVisible()
    lab.load_scenario("ill_conditioned", play=False)
    gd, mom = lab.rows()
    tm = lab.result_of(mom)
    assert mom.status_text() == f"reached the global minimum (1, 1) in {tm.converged_at} steps"
    assert gd.status_text() == f"still moving after {lab.result_of(gd).steps} steps " \
        f"(loss {lab.result_of(gd).final_loss:.4g})"


def test_playback_moves_markers_and_cursor(lab, qtbot):
    lab.load_scenario("ill_conditioned", play=False)
    k = 137
    lab.clock.seek(k)
    for row in lab.rows():
        t = lab.result_of(row)
        np.testing.assert_array_equal(path_xy(lab, row), t.points[: k + 1])
    mx, my = lab.view.runs.markers.getData()
    np.testing.assert_array_equal(np.column_stack([mx, my]),
                                  [lab.result_of(r).points[k] for r in lab.rows()])
    assert all(c.value() == k for c in lab.curves.cursors)
    lab.acts.step.trigger()
    assert lab.clock.position == k + 1
    lab.acts.reset.trigger()
    assert lab.clock.position == 0
    lab.acts.play.trigger()
    qtbot.waitUntil(lambda: lab.clock.position > 5, timeout=3000)
    lab.acts.play.trigger()
    assert not lab.clock.is_playing()


def test_clicking_a_step_in_the_loss_plot_moves_playback(lab, qtbot):
    lab.load_scenario("ill_conditioned", play=False)
    vb = lab.curves.loss.getViewBox()
    from PySide6.QtCore import QPointF

    scene_pt = vb.mapViewToScene(QPointF(400, vb.viewRange()[1][0] + 0.5 * np.ptp(vb.viewRange()[1])))
    pos = lab.curves.mapFromScene(scene_pt)
    qtbot.mouseClick(lab.curves.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    step_px = lab.steps() / vb.width()
    assert lab.clock.position == pytest.approx(400, abs=2 * step_px + 1)
    assert lab.bar.slider.value() == lab.clock.position


def test_invalid_hyperparameter_hides_the_run_with_a_message(lab):
    nest = lab.rows()[2]
    nest.spins["momentum"].setValue(0.0)
    lab.recompute_now()
    assert lab.result_of(nest) is None
    assert not lab.view.runs.items[nest.run_id].path.isVisible()
    assert "not run" in nest.status_text() and not nest.error_label.isHidden()
    assert len(lab.trajectories()) == 3


def test_adding_and_removing_runs(lab, qtbot):
    menu = lab.controls.optimizers.add_button.menu()
    [act] = [a for a in menu.actions() if a.text() == "RMSprop"]
    act.trigger()  # what choosing it in the "Add optimizer" menu does
    lab.recompute_now()
    row = lab.rows()[-1]
    assert row.name == "rmsprop" and len(lab.session.runs()) == 5
    assert lab.result_of(row) is not None and row.run_id in lab.view.runs.items
    assert lab.result_of(row).status != "diverged"  # a suggested learning rate that works
    qtbot.mouseClick(row.remove, Qt.MouseButton.LeftButton)
    lab.recompute_now()
    assert row.run_id not in lab.view.runs.items and row.run_id not in lab.curves.curves
    assert len(lab.trajectories()) == 4 and len(lab.session.runs()) == 4


def test_quadratic_condition_number_moves_the_limits(lab, qtbot):
    lab.set_surface("quadratic")
    lab.recompute_now()
    assert lab.controls.kappa.isVisibleTo(lab.controls)
    image10 = lab.view.image.image.copy()
    lab.controls.kappa.setValue(100.0)
    qtbot.waitUntil(lambda: not lab.loop.timer.isActive())
    surf = get_surface("quadratic", kappa=100.0)
    assert lab.surface_params == {"kappa": 100.0}
    assert not np.array_equal(image10, lab.view.image.image)
    gd = lab.rows()[0]
    assert gd.lr.stabilityLimit() == pytest.approx(2 / 100.0)
    ref = run(surf, make_optimizer("gd", **gd.hyper()), lab.start, lab.steps())
    np.testing.assert_array_equal(path_xy(lab, gd), as_drawn(lab, ref.points))
    lab.set_surface("booth")
    assert not lab.controls.kappa.isVisibleTo(lab.controls)


def test_disabled_run_leaves_the_view_and_the_legend(lab):
    row = lab.rows()[1]
    legend_items = lambda: [s.item for s, _ in lab.view.runs.legend.items]  # noqa: E731
    assert lab.view.runs.items[row.run_id].path in legend_items()
    row.enable.setChecked(False)
    lab.recompute_now()
    assert lab.result_of(row) is None and row.status_text() == ""
    assert not lab.view.runs.items[row.run_id].path.isVisible()
    assert lab.view.runs.items[row.run_id].path not in legend_items()
    assert len(lab.view.runs.markers.getData()[0]) == 3
    row.enable.setChecked(True)
    lab.recompute_now()
    assert lab.view.runs.items[row.run_id].path in legend_items()
    np.testing.assert_array_equal(path_xy(lab, row), engine_run(lab, row).points)


def test_long_runs_are_throttled_but_still_recomputed(lab, qtbot):
    lab.controls.steps.setValue(50_000)
    qtbot.waitUntil(lambda: not lab.loop.timer.isActive(), timeout=10_000)
    assert lab.loop.timer.interval() > 0
    gd = lab.rows()[0]
    gd.lr.slider.setValue(gd.lr.slider.value() + 30)
    assert lab.loop.timer.isActive()  # not recomputed synchronously on the event
    qtbot.waitUntil(lambda: not lab.loop.timer.isActive(), timeout=10_000)
    np.testing.assert_array_equal(path_xy(lab, gd), engine_run(lab, gd).points)
    assert lab.steps() == 50_000 and lab.clock.steps == 50_000


def test_playback_bar_scrubs_and_sets_the_speed(lab, qtbot):
    bar = lab.bar
    bar.slider.setValue(321)
    assert lab.clock.position == 321 and not lab.clock.is_playing()
    assert bar.label.text() == f"step 321 / {lab.steps()}"
    assert all(c.value() == 321 for c in lab.curves.cursors)
    bar.speed.setCurrentIndex(bar.speed.count() - 1)
    assert lab.clock.speed == bar.speed.currentData()
    lab.clock.seek(0)
    lab.clock.play()
    qtbot.waitUntil(lambda: not lab.clock.is_playing(), timeout=5000)  # stops at the end
    assert lab.clock.position == lab.steps() == bar.slider.value()
