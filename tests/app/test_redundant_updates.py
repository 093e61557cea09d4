# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""Updates skipped when nothing changed (pens, downsampling, legend, titles, log mode, the
scatter spots' pen and brush objects) still follow every change that does happen."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtGui import QColor, QPicture
from PySide6.QtWidgets import QApplication
from surface_testing import lab, no_qt_warnings  # noqa: F401

from app.surface_lab.curves import LONG_RUN


def _drag(lab, row, lr):
    row.lr.slider.setValue(row.lr.position_for(lr))
    lab.recompute_now()
    QApplication.processEvents()


def _hex(c) -> str:
    return QColor(c).name().lower()


def test_marker_symbols_are_rendered_once_per_colour_and_follow_a_colour_change(lab):
    runs = lab.view.runs
    gd = lab.rows()[0]
    _drag(lab, gd, 1e-3)
    atlas = runs.markers.fragmentAtlas
    size = len(atlas)
    for lr in (1.1e-3, 1.2e-3, 1.3e-3, 1.4e-3):  # the markers move, their look does not
        _drag(lab, gd, lr)
    assert len(atlas) == size  # a fresh brush per step rendered (and stored) new symbols
    rid = lab.session.run_ids()[0]
    lab.session.set_color(rid, "#123456")
    lab.recompute_now()
    QApplication.processEvents()
    brushes = [_hex(b.color()) for b in runs.markers.data["brush"]]
    assert "#123456" in brushes
    key = runs.order[0]
    assert _hex(runs.items[key].path.opts["pen"].color()) == "#123456"
    loss, grad = lab.curves.curves[key]
    assert _hex(loss.opts["pen"].color()) == _hex(grad.opts["pen"].color()) == "#123456"


def test_curves_switch_downsampling_when_a_run_becomes_long_and_back(lab):
    key = lab.view.runs.order[0]
    loss, grad = lab.curves.curves[key]
    assert not loss.opts["autoDownsample"] and loss.opts["downsample"] == 1
    lab.session.set_steps(LONG_RUN + 1000)
    lab.recompute_now()
    assert loss.opts["autoDownsample"] and grad.opts["autoDownsample"]
    assert loss.opts["downsampleMethod"] == "peak"
    lab.session.set_steps(1000)
    lab.recompute_now()
    assert not loss.opts["autoDownsample"] and loss.opts["downsample"] == 1
    x, _ = loss.getData()
    assert len(x) == len(lab.view.runs.items[key].traj.losses)


@pytest.fixture
def nd(qtbot):
    from test_nd_lab import settle

    from app.nd_lab import NDLab

    w = NDLab()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    settle(qtbot, w)
    yield w
    w.computer.wait()


def _legend(fig) -> list[tuple[object, str]]:
    return [(sample.item, label.text) for sample, label in fig.legend.items]


def test_nd_result_keeps_legend_titles_and_pens_right_across_changes(nd):
    fig, res = nd.figure, nd.result
    colors = {k: k.color() for k in res.keys}
    labels = {k: k.label() for k in res.keys}
    fig.show_result(res, colors, labels)
    first = fig.legend.items[:]
    fig.show_result(res, colors, labels)  # same entries: the legend is not rebuilt
    assert all(a is b for a, b in zip(fig.legend.items, first, strict=True))
    runs = _legend(fig)[: len(res.keys)]
    assert runs == [(fig.curves[k][0], labels[k]) for k in res.keys]

    k0 = res.keys[0]
    labels2 = dict(labels)
    labels2[k0] = "renamed run"
    colors2 = dict(colors)
    colors2[k0] = "#123456"
    fig.show_result(res, colors2, labels2)
    assert _legend(fig)[0] == (fig.curves[k0][0], "renamed run")
    assert all(_hex(it.opts["pen"].color()) == "#123456" for it in fig.curves[k0])
    assert _hex(fig.curves[res.keys[1]][0].opts["pen"].color()) == _hex(colors[res.keys[1]])

    # no known minimum value: a linear loss axis titled "loss f"; then back to log f − f*
    no_fstar = dataclasses.replace(res, f_star=None)
    fig.show_result(no_fstar, colors, labels)
    assert not fig.loss.ctrl.logYCheck.isChecked()
    assert fig.loss.titleLabel.text == "loss f"
    x, y = fig.curves[k0][0].xData, fig.curves[k0][0].yData  # f itself (vertices simplified)
    assert x[0] == 0 and x[-1] == len(res.trajectories[0].losses) - 1
    assert np.array_equal(y, res.trajectories[0].losses[x.astype(int)])
    fig.show_result(res, colors, labels)
    assert fig.loss.ctrl.logYCheck.isChecked() == (res.f_star is not None)
    assert fig.loss.titleLabel.text != "loss f"
    assert _legend(fig)[0] == (fig.curves[k0][0], labels[k0])


def test_nd_plane_axis_labels_follow_the_plane(nd):
    """The plane's axis labels are set only when their text changes, and do change."""
    fig, res = nd.figure, nd.result
    colors = {k: k.color() for k in res.keys}
    labels = {k: k.label() for k in res.keys}
    bottom, left = fig.plane.plot.getAxis("bottom"), fig.plane.plot.getAxis("left")
    fig.show_result(res, colors, labels)
    a, b = res.plane.axis_labels
    assert (bottom.labelText, left.labelText) == (a, b)
    kept = QPicture()
    bottom.picture = kept  # a label set again would drop the axis's picture
    fig.show_result(res, colors, labels)
    assert bottom.picture is kept
    bottom.picture = None
    plane = dataclasses.replace(res.plane, axis_labels=("u: first", "v: second"))
    fig.show_result(dataclasses.replace(res, plane=plane), colors, labels)
    assert (bottom.labelText, left.labelText) == ("u: first", "v: second")
    assert bottom.label.isVisible() and left.label.isVisible()


def test_nd_curves_hold_the_drawing_and_fit_their_plots_as_pyqtgraph_does(nd):
    """The N-D curves take the short setData path (LeanDataItem) and plain min/max bounds
    (FastBoundsCurveItem): they hold exactly the drawing's vertices, their bounds are
    pyqtgraph's own, and each plot's y range covers every curve."""
    import pyqtgraph as pg

    from app.nd_lab.prepare import drawing_for

    fig, res = nd.figure, nd.result
    colors = {k: k.color() for k in res.keys}
    labels = {k: k.label() for k in res.keys}
    fig.show_result(res, colors, labels)
    d = drawing_for(res)
    plots = (fig.loss, fig.grad, fig.dist)
    for key, run in zip(res.keys, d.runs, strict=True):
        for plot, it, (x, y) in zip(plots, fig.curves[key], (run.loss, run.grad, run.dist),
                                    strict=True):
            assert np.array_equal(it.xData, x) and np.array_equal(it.yData, y)
            if not len(x):
                continue
            log = plot.ctrl.logYCheck.isChecked()
            shown = np.log10(y) if log else y
            gx, gy = it.getData()  # what is displayed: y mapped to the log axis
            assert np.array_equal(gx, x) and np.array_equal(gy, shown)
            assert np.array_equal(it.curve.xData, x) and np.array_equal(it.curve.yData, shown)
            for ax in (0, 1):
                assert it.curve.dataBounds(ax) == pg.PlotCurveItem.dataBounds(it.curve, ax)
            lo, hi = plot.getViewBox().viewRange()[1]
            assert lo <= shown.min() and shown.max() <= hi
    for line in d.theory:
        it = fig.theory[line.name]
        assert np.array_equal(it.xData, line.k) and np.array_equal(it.yData, line.f)


def test_nd_curves_switch_to_downsampling_for_long_curves_and_back(nd):
    from app.nd_lab.figure import LONG_RUN
    from app.nd_lab.prepare import drawing_for

    fig, res = nd.figure, nd.result
    colors = {k: k.color() for k in res.keys}
    labels = {k: k.label() for k in res.keys}
    d = drawing_for(res)
    n = LONG_RUN + 500
    k = np.arange(n, dtype=float)
    long_loss = (k, 10.0 ** (-k / n * 6))  # 6 decades over the run
    long_run = dataclasses.replace(d.runs[0], loss=long_loss)
    long_res = dataclasses.replace(res, drawing=dataclasses.replace(d, runs=(long_run, *d.runs[1:])))
    fig.show_result(long_res, colors, labels)
    loss = fig.curves[res.keys[0]][0]
    assert loss.opts["autoDownsample"] and loss.opts["clipToView"]
    assert loss.opts["downsampleMethod"] == "peak"
    assert np.array_equal(loss.yData, long_loss[1])  # the data set whole
    gx, _ = loss.getData()  # drawn: clipped to the view (x up to the run's steps), reduced
    assert len(gx) < n and gx.max() <= fig.loss.getViewBox().viewRange()[0][1] + 1
    assert not fig.curves[res.keys[0]][1].opts["autoDownsample"]  # short curves stay whole
    fig.show_result(res, colors, labels)
    assert not loss.opts["autoDownsample"] and loss.opts["downsample"] == 1
    assert not loss.opts["clipToView"]
    assert np.array_equal(loss.yData, d.runs[0].loss[1])
    assert len(loss.getData()[0]) == len(d.runs[0].loss[0])  # drawn whole again
