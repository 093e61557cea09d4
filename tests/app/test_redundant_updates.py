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
