"""pytest-qt tests of the N-D Lab: drive the real widgets, check what the plot items hold."""

from __future__ import annotations

import json
import math
import os
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import pytestqt  # noqa: F401 - a hard import: without pytest-qt this file must fail, not skip
from PySide6.QtGui import QImage

from app.nd_lab import NDLab
from app.nd_lab.simplify import TOL as SIMPLIFY_TOL
from app.nd_lab.simplify import simplify
from app.widgets.clipping import clip_polyline
from app.widgets.lr_slider import format_lr
from optim_lab import get_surface
from optim_lab.io import load_trajectories
from optim_lab.planes import convergence_rate, quadratic_theory

TIMEOUT = 30000


def settle(qtbot, lab: NDLab) -> None:
    """Wait until the result on screen answers the latest request."""
    qtbot.waitUntil(lambda: not lab._recompute.isActive() and lab.result is not None
                    and lab.result.generation == lab.generation()
                    and not lab.computer._busy["runs"], timeout=TIMEOUT)


def open_nd_lab(qtbot, wait=settle) -> NDLab:
    """A shown N-D Lab, 1280 x 800, once ``wait(qtbot, lab)`` returns (closed by qtbot)."""
    w = NDLab()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    wait(qtbot, w)
    return w


@pytest.fixture
def lab(qtbot):
    w = open_nd_lab(qtbot)
    yield w
    w.computer.wait()


def _rows(lab):
    return {r.name: r for r in lab.optimizers.rows()}


def _all_finite_items(lab) -> bool:
    items = list(lab.figure.plane.paths.values())
    items += [it for group in lab.figure.curves.values() for it in group]
    for it in items:
        x, y = it.getData()
        if x is not None and len(x) and not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            return False
    return True


def _polyline_distance(points: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Distance of each of ``points`` (n, 2) to the polyline through (x, y)."""
    a = np.column_stack([x[:-1], y[:-1]])[None]
    d = np.column_stack([np.diff(x), np.diff(y)])[None]
    w = points[:, None, :] - a
    dd = np.maximum(np.sum(d * d, axis=2), 1e-300)
    t = np.clip(np.sum(w * d, axis=2) / dd, 0.0, 1.0)
    return np.sqrt(np.min(np.sum((w - t[..., None] * d) ** 2, axis=2), axis=1))


def assert_drawn_within(points: np.ndarray, x, y, span: tuple[float, float]) -> None:
    """The drawn vertices are points of the run, and every point of the run lies within
    the simplification tolerance of the drawn polyline (in units of the view's span)."""
    sx, sy = span
    drawn = np.column_stack([x, y])
    assert len(drawn) >= 2 and len(drawn) <= len(points)
    ref = {tuple(p) for p in points}
    assert all(tuple(p) in ref for p in drawn)
    scaled = points / [sx, sy]
    assert _polyline_distance(scaled, x / sx, y / sy).max() <= SIMPLIFY_TOL * (1 + 1e-9)


def test_default_view_draws_runs_on_the_plane_they_were_projected_on(lab):
    res = lab.result
    assert res.request.surface.name == "quadratic" and len(res.trajectories) == 3
    box = lab.figure.plane.box
    for key, traj in zip(res.keys, res.trajectories):
        x, y = lab.figure.plane.path_data(key)
        uv = (traj.points - res.start) @ res.plane.basis.T
        pr = res.projections[res.keys.index(key)]
        np.testing.assert_allclose(pr.coords, uv, atol=1e-12)
        assert_drawn_within(pr.coords, x, y, (box[1] - box[0], box[3] - box[2]))
        # the curve's data before the log-axis transform: points of the run, simplified in log
        lx, ly = lab.figure.curves[key][0].xData, lab.figure.curves[key][0].yData
        steps = np.arange(len(traj.losses), dtype=float)
        full = np.column_stack([steps, np.log10(np.maximum(traj.losses, 1e-300))])
        assert lx[0] == 0 and lx[-1] == steps[-1]  # ends and extremes kept: same auto-range
        assert ly.min() == traj.losses.min() and ly.max() == traj.losses.max()
        np.testing.assert_array_equal(ly, traj.losses[lx.astype(int)])
        assert_drawn_within(full, lx, np.log10(ly), (np.ptp(full[:, 0]), np.ptp(full[:, 1])))
    # the heatmap is the loss on that same plane: check a few pixels against the surface
    surf = get_surface("quadratic", dim=100, **dict(res.request.surface.params))
    g = res.grid
    for iu, iv in ((0, 0), (17, 90), (127, 64)):
        p = res.plane.origin + g.us[iu] * res.plane.basis[0] + g.vs[iv] * res.plane.basis[1]
        assert g.Z[iv, iu] == pytest.approx(float(surf.value(p)[0]), rel=1e-10)
    img = lab.figure.plane.image.image
    assert img.shape == (len(g.us), len(g.vs))  # (x, y) order for pyqtgraph
    assert _all_finite_items(lab)
    # stability marks on the slider: 2/λ_max with λ_max = κ = 100
    rows = _rows(lab)
    assert rows["gd"].lr.stabilityLimit() == pytest.approx(2 / 100, rel=1e-8)
    assert rows["momentum"].lr.stabilityLimit() == pytest.approx(2 * 1.9 / 100, rel=1e-8)
    assert rows["adam"].lr.stabilityLimit() is None
    assert "minimum" in rows["gd"].status.text()


def test_change_dimension(qtbot, lab):
    lab.setup.dim.setValue(7)
    settle(qtbot, lab)
    res = lab.result
    assert res.start.shape == (7,) and res.plane.basis.shape == (2, 7)
    assert all(t.dim == 7 for t in res.trajectories)
    assert lab.plane_panel.i.maximum() == 6 and lab.plane_panel.j.maximum() == 6
    lab.setup.dim.setValue(400)  # above the dense limit: Lanczos spectrum, power-iteration limit
    settle(qtbot, lab)
    assert lab.result.start.shape == (400,)
    qtbot.waitUntil(lambda: lab.spectrum is not None
                    and lab.spectrum.request.generation == lab.result.generation, timeout=TIMEOUT)
    assert lab.spectrum.spectrum.method == "lanczos"
    assert "Lanczos" in lab.figure.spectrum_plot.getAxis("bottom").labelText
    assert _rows(lab)["gd"].lr.stabilityLimit() == pytest.approx(0.02, rel=1e-6)


def test_plane_modes(qtbot, lab):
    lab.plane_panel.set_mode("coordinates")
    lab.plane_panel.i.setValue(3)
    lab.plane_panel.j.setValue(8)
    settle(qtbot, lab)
    res = lab.result
    assert res.plane.mode == "coordinates"
    key, traj = res.keys[0], res.trajectories[0]
    x, y = lab.figure.plane.path_data(key)
    np.testing.assert_allclose(res.projections[0].coords[:, 0],
                               traj.points[:, 3] - traj.points[0, 3], atol=1e-12)
    np.testing.assert_allclose(res.projections[0].coords[:, 1],
                               traj.points[:, 8] - traj.points[0, 8], atol=1e-12)
    box = lab.figure.plane.box
    assert_drawn_within(res.projections[0].coords, x, y, (box[1] - box[0], box[3] - box[2]))
    assert lab.figure.plane_plot.getAxis("bottom").labelText == "x3"
    assert "distance" in lab.plane_panel.info.text()
    lab.plane_panel.set_mode("random")
    lab.plane_panel.seed.setValue(4)
    settle(qtbot, lab)
    b = lab.result.plane.basis
    assert lab.result.plane.mode == "random"
    np.testing.assert_allclose(b @ b.T, np.eye(2), atol=1e-12)
    # the reported distance from the plane is the real one
    pr = lab.result.projections[0]
    Y = lab.result.trajectories[0].points - lab.result.start
    off = Y - pr.coords @ b
    assert pr.max_residual == pytest.approx(np.linalg.norm(off, axis=1).max(), rel=1e-9)


def test_two_dimensional_run_has_zero_reconstruction_error(qtbot, lab):
    lab.setup.rotated.setChecked(False)  # axis-aligned quadratic
    lab.setup.start_mode.setCurrentIndex(lab.setup.start_mode.findData("constant"))
    lab.setup.value.setValue(0.0)
    settle(qtbot, lab)
    # from all-zero the runs do not move at all; the PCA plane is still a valid plane
    assert all(p.max_residual == 0.0 for p in lab.result.projections)
    lab.setup.value.setValue(1.0)
    settle(qtbot, lab)
    assert lab.result.plane.explained[0] > 0.5
    assert "distance" in lab.plane_panel.info.text()


def test_change_optimizers_and_divergence_is_explained(qtbot, lab):
    rows = _rows(lab)
    lab.optimizers.add_row("nesterov", {"lr": 0.005, "momentum": 0.9})
    settle(qtbot, lab)
    assert len(lab.result.trajectories) == 4 and len(lab.figure.curves) == 4
    rows["adam"].set_enabled(False)
    settle(qtbot, lab)
    assert rows["adam"] not in lab.figure.curves and len(lab.result.keys) == 3
    rows["gd"].lr.setValue(0.05)  # above 2/λ_max = 0.02
    settle(qtbot, lab)
    traj = lab.result.trajectories[lab.result.keys.index(rows["gd"])]
    assert traj.status == "diverged"
    assert "diverged at step" in rows["gd"].status.text()
    assert "above the limit 0.02" in rows["gd"].status.text()
    assert _all_finite_items(lab)


def test_best_settings_button_gives_the_predicted_rates(qtbot, lab):
    lab.setup.dim.setValue(50)
    lab.setup.steps.setValue(2000)
    settle(qtbot, lab)
    lab.best_button.click()
    settle(qtbot, lab)
    th = quadratic_theory(get_surface("quadratic", dim=50, **dict(lab.result.request.surface.params)))
    rows = _rows(lab)
    assert rows["gd"].lr.value() == pytest.approx(th["gd_lr"], rel=1e-12)
    assert rows["momentum"].spins["momentum"].value() == pytest.approx(th["momentum_beta"], abs=1e-4)
    for name in ("gd", "momentum"):
        traj = lab.result.trajectories[lab.result.keys.index(rows[name])]
        r = convergence_rate(traj.losses)
        beta = rows["momentum"].hyper()["momentum"]  # the spin box keeps 4 decimals
        predicted = th["gd_rate"] if name == "gd" else max(th["momentum_rate"], math.sqrt(beta))
        assert r.slope == pytest.approx(2 * math.log(predicted), rel=0.05)
        assert "theory" in rows[name].status.text()
    # the theory overlay is drawn with the predicted slope (a straight line on the log axis:
    # drawn as few vertices, each on the line)
    x, y = lab.figure.theory["gd"].xData, lab.figure.theory["gd"].yData
    assert x[0] == 0 and len(x) >= 2
    slope = (np.log(y[1:]) - math.log(y[0])) / (x[1:] - x[0])
    np.testing.assert_allclose(slope, 2 * math.log(th["gd_rate"]), rtol=1e-9)


def test_spectrum_follows_playback_and_highlights_negatives(qtbot, lab):
    lab.setup.set_surface("nd_saddle")
    lab.setup.dim.setValue(20)
    lab.setup.negative.setValue(3)
    lab.setup.start_spread.setValue(0.02)
    settle(qtbot, lab)
    lab.playback.set_position(0)
    qtbot.waitUntil(lambda: lab.spectrum is not None and lab.spectrum.request.step == 0
                    and lab.spectrum.request.generation == lab.result.generation, timeout=TIMEOUT)
    surf = get_surface("nd_saddle", dim=20, negative=3)
    p = lab.result.trajectories[0].points[0]
    expected = np.linalg.eigvalsh(surf.hessian(p)[0])
    _, neg = lab.figure.eig_neg.getData()
    _, pos = lab.figure.eig_pos.getData()
    np.testing.assert_allclose(np.sort(np.concatenate([neg, pos])), expected, atol=1e-12)
    assert len(neg) == int(np.sum(expected < 0)) == 3
    k = min(40, lab.result.trajectories[0].steps)
    lab.playback.set_position(k)
    qtbot.waitUntil(lambda: lab.spectrum.request.step == k, timeout=TIMEOUT)
    x, _ = lab.figure.plane.markers.getData()
    assert x[0] == pytest.approx(lab.result.projections[0].coords[k, 0])
    assert lab.figure.cursors[0].value() == k


def test_exports_write_files_that_reload(qtbot, lab, tmp_path):
    png, svg = tmp_path / "f.png", tmp_path / "f.svg"
    assert lab.export_figure(png, width=900) is None
    img = QImage(str(png))
    assert not img.isNull() and img.width() == 900
    assert lab.export_figure(svg) is None
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    for suffix in (".json", ".csv"):
        path = tmp_path / f"runs{suffix}"
        assert lab.export_runs(path) is None
        runs = load_trajectories(path)
        assert len(runs) == len(lab.result.trajectories)
        np.testing.assert_allclose(runs[0]["points"], lab.result.trajectories[0].points)
        assert runs[0]["surface"] == "quadratic" and runs[0]["dim"] == 100
    mask = os.umask(0)
    os.umask(mask)
    for f in (png, svg, tmp_path / "runs.json", tmp_path / "runs.csv"):
        assert f.stat().st_mode & 0o777 == 0o666 & ~mask  # ordinary files, not mkstemp's 0600
    doc = json.loads((tmp_path / "runs.json").read_text())
    assert np.asarray(doc["plane"]["basis"]).shape == (2, 100)
    bad = tmp_path / "missing" / "f.png"
    msg = lab.export_figure(bad)
    assert msg and "cannot write" in msg and not bad.exists()
    assert "must end in" in lab.export_runs(tmp_path / "runs.txt")
    assert list(tmp_path.glob(".*")) == []  # no temporary files left behind


def test_bad_plane_choice_is_explained_not_raised(qtbot, lab):
    before = lab.result
    lab.plane_panel.set_mode("coordinates")
    lab.plane_panel.j.setValue(0)  # same as i
    qtbot.waitUntil(lambda: "must differ" in lab.notice.text(), timeout=TIMEOUT)
    assert lab.result is before  # the last good view stays
    lab.plane_panel.j.setValue(2)
    settle(qtbot, lab)
    assert lab.notice.text() == "" and lab.result.plane.axis_labels == ("x0", "x2")


def test_saddle_and_minima_are_marked_where_they_project(qtbot, lab):
    lab.setup.set_surface("nd_saddle")
    lab.setup.dim.setValue(6)
    lab.setup.negative.setValue(2)
    lab.setup.start_spread.setValue(0.05)
    settle(qtbot, lab)
    res = lab.result
    # the saddle at 0, projected on the plane through the start
    uv = res.plane.to_plane(np.zeros((1, 6)))[0]
    spots = lab.figure.plane.saddles.data
    assert len(spots) == 1
    assert spots[0]["x"] == pytest.approx(uv[0]) and spots[0]["y"] == pytest.approx(uv[1])
    assert len(lab.figure.plane.minima.data) >= 1
    fig = lab.figure
    assert fig.plane.saddles.isVisible()
    assert fig.eig_neg.isVisible() == (len(fig.eig_neg.data) > 0)


def test_empty_marker_items_are_hidden(qtbot, lab):
    settle(qtbot, lab)  # the default quadratic: no saddle, no negative eigenvalue
    fig = lab.figure
    for item in (fig.plane.minima, fig.plane.saddles, fig.eig_pos, fig.eig_neg):
        assert item.isVisible() == (len(item.data) > 0), item
    assert not fig.plane.saddles.isVisible() and not fig.eig_neg.isVisible()


def test_points_are_abbreviated_in_status_lines():
    from app.nd_lab.status import fmt_point_nd

    assert fmt_point_nd([1.0] * 500) == "(1, …, 1)"
    assert fmt_point_nd([0.5, -2.0, 3.0]) == "(0.5, −2, 3)"
    assert fmt_point_nd(np.arange(10.0)) == "(0, 1, …, 9)"


def test_export_buttons_write_in_the_background(qtbot, lab, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "button.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(lab.computer.taskDone, timeout=TIMEOUT):
        lab.export_runs_button.click()
    assert "written" in lab.notice.text() and lab.export_runs_button.isEnabled()
    assert len(load_trajectories(target)) == len(lab.result.trajectories)
    png = tmp_path / "button.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(png), ""))
    lab.export_figure_button.click()
    assert not QImage(str(png)).isNull()


def test_too_much_to_record_is_refused_with_a_reason(qtbot, lab):
    before = lab.result
    lab.setup.dim.setValue(1000)
    lab.setup.steps.setValue(10000)
    qtbot.waitUntil(lambda: "recorded values" in lab.notice.text(), timeout=TIMEOUT)
    assert lab.result is before


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_no_qt_warnings_while_driving_the_lab(qtbot, lab):
    lab.setup.set_surface("styblinski_tang")
    lab.setup.dim.setValue(12)
    settle(qtbot, lab)
    lab.plane_panel.set_mode("random")
    lab.playback.speed.setCurrentIndex(2)  # 4x: the whole run in 2.5 s
    lab.playback.play.setChecked(True)
    qtbot.waitUntil(lambda: not lab.playback.play.isChecked(), timeout=TIMEOUT)
    assert lab.playback.position() == lab.playback.slider.maximum()
    settle(qtbot, lab)
    assert _all_finite_items(lab)


def test_no_enabled_runs_still_shows_the_plane(qtbot, lab):
    for row in lab.optimizers.rows():
        row.set_enabled(False)
    settle(qtbot, lab)
    res = lab.result
    assert res.trajectories == [] and res.grid is not None
    assert lab.figure.curves == {} and lab.figure.plane.paths == {}
    assert np.all(np.isfinite(lab.figure.plane.image.image))
    assert "no run" in lab.figure.spectrum_plot.titleLabel.text
    lab.optimizers.rows()[0].set_enabled(True)
    settle(qtbot, lab)
    assert len(lab.result.trajectories) == 1


def test_paths_are_solid_only_where_they_lie_in_the_plane(qtbot, lab):
    lab.plane_panel.set_mode("random")
    settle(qtbot, lab)
    res = lab.result
    g = res.grid
    span = max(g.us[-1] - g.us[0], g.vs[-1] - g.vs[0])
    for key, pr in zip(res.keys, res.projections):
        solid = lab.figure.plane.solid[key]
        on = pr.residuals <= 0.01 * span
        pairs = np.append(on[:-1] & on[1:], False)
        box = lab.figure.plane.box
        drawn = clip_polyline(pr.coords, box, connect=pairs)
        x, y, conn = simplify(drawn.x, drawn.y, (box[1] - box[0], box[3] - box[2]),
                              connect=drawn.connect)
        np.testing.assert_array_equal(np.asarray(solid.opts["connect"]), conn)
        np.testing.assert_array_equal(solid.getData()[0], x)
        np.testing.assert_array_equal(solid.getData()[1], y)
    # a 100-D run is not in a random plane beyond its first steps
    assert not np.all(res.projections[0].residuals <= 0.01 * span)


def test_a_new_learning_rate_in_the_labels_moves_no_plot(qtbot, lab):
    """Every result of a learning-rate drag relabels its run ("GD (lr 0.0123)"): the legend
    shows the new texts, and the curve plots keep their places and their axes' ticks (a
    wider legend once moved the columns: six axes re-ticked, three plots re-painted)."""
    fig, res = lab.figure, lab.result
    colors = {k: k.color() for k in res.keys}
    fig.show_result(res, colors, {k: f"{k.label()} (lr {format_lr(0.01)})" for k in res.keys})
    qtbot.wait(50)
    plots = (fig.loss, fig.grad, fig.dist)
    axes = [p.getAxis(side) for p in plots for side in ("left", "bottom")]
    for ax in axes:
        ax._ensure_picture()
    before = [p.getViewBox().sceneBoundingRect() for p in plots]
    pictures = [ax.picture for ax in axes]
    legend_items = [s for s, _label in fig.legend.items]
    longer = {k: f"{k.label()} (lr {format_lr(1.23456e-5)})" for k in res.keys}
    fig.show_result(res, colors, longer)
    qtbot.wait(50)
    texts = [label.text for _s, label in fig.legend.items]
    for k in res.keys:
        assert longer[k] in texts
    assert [s for s, _label in fig.legend.items] == legend_items  # relabelled, not rebuilt
    assert [p.getViewBox().sceneBoundingRect() for p in plots] == before
    assert all(ax.picture is pic for ax, pic in zip(axes, pictures, strict=True))


def test_the_spectrum_is_asked_for_after_the_figure_has_painted(qtbot, lab, monkeypatch):
    """A new result asks for the Hessian spectrum at the shown step once the figure has
    painted it (a job started before the paint slowed the paint: the GIL went back and
    forth); a figure that does not paint (hidden) sends it within AFTER_PAINT_MS."""
    from app.nd_lab.lab import AFTER_PAINT_MS

    calls = []
    monkeypatch.setattr(lab.computer, "submit_spectrum", calls.append)
    res = lab.result
    lab._on_runs_ready(res)
    assert calls == []  # not while the result is being shown
    lab.figure.viewport().repaint()  # the paint, synchronously: the request follows it
    assert len(calls) == 1
    assert calls[0].step == min(lab.playback.position(), res.trajectories[0].steps)
    assert calls[0].generation == res.generation
    lab.figure.hide()
    lab._on_runs_ready(res)
    qtbot.wait(AFTER_PAINT_MS // 5)
    assert len(calls) == 1
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=20 * AFTER_PAINT_MS)
    lab.figure.show()
    lab.playback.spectrum_run.setCurrentIndex(1)  # a new run, nothing to paint: at once
    assert len(calls) == 3 and calls[2].label == lab.playback.spectrum_run.itemText(1)


def test_a_runs_request_left_waiting_starts_after_the_result_is_painted(qtbot, lab):
    """During a drag the next request waits while a result is shown: it starts once the
    figure has painted that result (not beside the paint, on the worker thread)."""
    worker = lab.computer._worker
    res = lab.result
    lab._on_runs_ready(res)
    lab._submit()  # a slider moved meanwhile
    assert worker.running("runs") is None and worker.pending("runs") is not None
    lab.figure.viewport().repaint()
    assert worker.running("runs") is not None and worker.pending("runs") is None
    settle(qtbot, lab)
    assert lab.result.generation == lab.generation()
