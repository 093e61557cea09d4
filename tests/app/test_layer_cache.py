# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""Cached plot layers (heat map + contours, unchanged runs, curves) and pixmap axes draw
exactly what the items draw themselves, and follow every change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from surface_testing import lab, no_qt_warnings  # noqa: F401

from app.widgets.cached_axis import PixmapAxisItem
from app.widgets.hidpi import set_device_cache
from app.widgets.layer_cache import CachedLayer

ROOT = Path(__file__).resolve().parents[2]


def _array(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGBA8888)
    a = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    return a.reshape(img.height(), img.bytesPerLine() // 4, 4)[:, : img.width(), :3].astype(int)


def _grab(widget) -> np.ndarray:
    QApplication.processEvents()
    return _array(widget.grab().toImage())


def _same_picture(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal up to blending rounding (±3 levels), except a few antialiased pixels on the
    view box's edge, which direct painting spills one pixel past (at most 40)."""
    d = np.abs(a - b).max(axis=-1)
    return a.shape == b.shape and int((d > 3).sum()) <= 40


@pytest.fixture(params=["own pixmaps", "qt cache"])
def cache_kind(request, lab):
    """Run a test with the layers' and axes' own device-resolution pixmaps (what ratio 2 uses)
    and with Qt's device cache (what ratio 1 uses)."""
    own = request.param == "own pixmaps"
    for w in (lab.view, lab.curves):
        for it in w.scene().items():
            if isinstance(it, (CachedLayer, PixmapAxisItem)):
                set_device_cache(it, not own)
    QApplication.processEvents()
    return request.param


def _layers(widget) -> list[CachedLayer]:
    return [it for it in widget.scene().items() if isinstance(it, CachedLayer)]


def _uncached(widget):
    """Give every layer's sources their own painting back; returns a function that restores."""
    taken = [(layer, list(layer.sources)) for layer in _layers(widget)]
    for layer, sources in taken:
        for s in sources:
            layer.remove_source(s)

    def restore():
        for layer, sources in taken:
            for s in sources:
                layer.add_source(s)
    return restore


def _drag(lab, row, lr):
    row.lr.slider.setValue(row.lr.position_for(lr))
    lab.recompute_now()
    QApplication.processEvents()


def _run_colour_hits(lab, img: np.ndarray, points: np.ndarray, colour: str) -> np.ndarray:
    """Per point: does the run's colour (±12 per channel) appear within 1 px of it?"""
    c = QColor(colour)
    want = np.array([c.red(), c.green(), c.blue()])
    dpr = lab.view.devicePixelRatioF()
    hits = []
    for x, y in points:
        p = lab.view.click_view(float(x), float(y))
        px, py = int(round(p.x() * dpr)), int(round(p.y() * dpr))
        win = img[max(py - 1, 0): py + 2, max(px - 1, 0): px + 2]
        hits.append(bool(win.size) and bool((np.abs(win - want).max(axis=-1) <= 12).any()))
    return np.array(hits)


def test_layers_and_axes_draw_what_the_items_draw(lab, cache_kind):
    """The whole Surface Lab (surface view and curves) with caches equals the picture the
    items paint themselves, and the caches are really in use."""
    for w in (lab.view, lab.curves):
        layers = _layers(w)
        assert layers and any(layer.sources for layer in layers)
        axes = [it for it in w.scene().items() if isinstance(it, PixmapAxisItem)]
        assert len(axes) >= 2
        cached = _grab(w)
        if cache_kind == "own pixmaps":
            assert all(ax.renders >= 1 for ax in axes if ax.isVisible())
        restore = _uncached(w)
        direct = _grab(w)
        restore()
        again = _grab(w)
        diff = np.abs(cached - direct).max(axis=-1)
        assert _same_picture(cached, direct), (type(w).__name__, diff.max(), (diff > 3).sum())
        assert np.array_equal(cached, again)


def test_dragged_run_reaches_the_cache_with_its_new_path(lab, cache_kind):
    mom, other = lab.rows()[1], lab.rows()[0]  # momentum zig-zags differently at each lr
    key = lab.view.runs.order[1]
    it = lab.view.runs.items[key]
    runs_cache = lab.view.runs.cache
    _drag(lab, mom, 2e-3)
    old = it.traj.points.copy()
    _drag(lab, mom, 1.5e-3)  # the new path of the run being dragged (drawn directly)
    assert lab.view.runs.live == key and it.path.curve not in runs_cache.sources
    new = it.traj.points.copy()
    before = runs_cache.renders
    _drag(lab, other, other.lr.value() * 0.9)  # another run is dragged: this one is cached
    assert it.path.curve in runs_cache.sources
    img = _grab(lab.view)
    if cache_kind == "own pixmaps":
        assert runs_cache.renders > before  # painted again, with this run's new path in it
    # points of each path farther than 6 px from the other path and from every other run
    dpr = lab.view.devicePixelRatioF()

    def px(points):
        return np.array([[lab.view.click_view(float(x), float(y)).x(),
                          lab.view.click_view(float(x), float(y)).y()] for x, y in points]) * dpr

    others = np.concatenate([px(lab.view.runs.items[k].traj.points[::5])
                             for k in lab.view.runs.order if k != key])

    def apart(points, avoid):
        p = px(points)
        d = np.min(np.linalg.norm(p[:, None, :] - avoid[None, :, :], axis=-1), axis=1)
        return points[d > 6 * dpr]

    only_new = apart(apart(new, px(old)), others)
    only_old = apart(apart(old, px(new)), others)
    assert len(only_new) >= 5 and len(only_old) >= 5, (len(only_new), len(only_old))
    assert _run_colour_hits(lab, img, only_new, it.color).mean() > 0.9
    assert _run_colour_hits(lab, img, only_old, it.color).mean() < 0.1


def test_playback_grows_paths_directly_and_caches_whole_ones(lab, cache_kind):
    runs = lab.view.runs
    lab.clock.pause()
    lab.clock.seek(10)
    QApplication.processEvents()
    growing = [runs.items[k] for k in runs.order if len(runs.items[k].traj.points) > 11]
    assert growing and all(it.path.curve not in runs.cache.sources for it in growing)
    assert all(it.ghost in runs.cache.sources for k, it in runs.items.items() if k != runs.live)
    mid = _grab(lab.view)
    restore = _uncached(lab.view)
    direct = _grab(lab.view)
    restore()
    assert _same_picture(mid, direct), (np.abs(mid - direct).max(axis=-1) > 3).sum()
    lab.clock.seek(lab.clock.steps)
    QApplication.processEvents()
    assert all(it.path.curve in runs.cache.sources
               for k, it in runs.items.items() if k != runs.live)


def test_surface_change_repaints_the_field_layer(lab, cache_kind):
    before = _grab(lab.view)
    renders = lab.view.field_layer.renders
    lab.view.set_surface("himmelblau")
    _grab(lab.view)  # the view box applies its new range lazily, at this first paint
    after = _grab(lab.view)
    for _ in range(20):  # and the rest may follow a paint later (more so on a busy machine)
        QApplication.processEvents()
        again = _grab(lab.view)
        if _same_picture(again, after):
            break
        after = again
    if cache_kind == "own pixmaps":
        assert lab.view.field_layer.renders > renders
    restore = _uncached(lab.view)
    direct = _grab(lab.view)
    restore()
    assert _same_picture(_grab(lab.view), after)
    assert _same_picture(after, direct), (np.abs(after - direct).max(axis=-1) > 3).sum()
    assert np.abs(after - before).max() > 50  # a different picture


CHILD = r"""
import sys, numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.surface_lab import SurfaceLab
w = SurfaceLab(); w.resize(1000, 700); w.show()
for _ in range(5): app.processEvents()
w.recompute_now(); app.processEvents()
v = w.view
layers = [it for it in v.scene().items() if type(it).__name__ == 'CachedLayer']
def grab():
    app.processEvents()
    img = v.grab().toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    a = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    return img.devicePixelRatio(), a.reshape(img.height(), -1, 4)[:, :img.width(), :3].astype(int)
dpr, cached = grab()
taken = [(l, list(l.sources)) for l in layers]
for l, s in taken:
    for it in s: l.remove_source(it)
_, direct = grab()
d = np.abs(cached - direct).max(axis=-1)
print(dpr, cached.shape[1], v.width(), d.max(), int((d > 3).sum()))
"""


def test_device_pixel_ratio_2_layers_equal_direct_painting():
    """At QT_SCALE_FACTOR=2 the cached layers are drawn 1:1 on device pixels: the picture
    equals the items' own painting (not an upscaled, blurred copy)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6",
               QT_SCALE_FACTOR="2")
    p = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    dpr, width, logical, maxdiff, over = p.stdout.split()
    assert float(dpr) == 2.0 and int(width) == 2 * int(logical)  # device pixels, not upscaled
    assert int(over) <= 80, p.stdout  # a few edge pixels (see _same_picture)


def test_svg_export_draws_each_layer_source_once(tmp_path, qapp):
    """pyqtgraph's SVG exporter paints every item itself: the layers must add nothing, or the
    heat map and the translucent contours would be drawn twice."""
    from app.cli import main

    out = tmp_path / "v.svg"
    assert main(["render", "--scenario", "local_minima", "--out", str(out)]) == 0
    text = out.read_text()
    assert text.count("<image") == 2  # the heat map and the colour bar, once each


def test_pixmap_axes_show_only_the_sides_the_plots_showed(qapp):
    """Plots built with pixmap axes show left and bottom only (PlotItem shows every axis it
    is given), and those axes are PixmapAxisItems."""
    from app.deep_lab.curves import CurvesView as DeepCurves
    from app.deep_lab.stack_view import StackView
    from app.nd_lab.figure import NDFigure

    nd, stack, curves = NDFigure(), StackView(), DeepCurves()
    plots = [nd.plane_plot, nd.spectrum_plot, nd.loss, nd.grad, nd.dist, stack.heat_plot,
             stack.bar_plot, curves.loss_plot, curves.acc_plot]
    for p in plots:
        assert not p.getAxis("top").isVisible() and not p.getAxis("right").isVisible()
        assert p.getAxis("left").isVisible() and p.getAxis("bottom").isVisible()
        assert isinstance(p.getAxis("left"), PixmapAxisItem)
        assert isinstance(p.getAxis("bottom"), PixmapAxisItem)
    for w in (nd, stack, curves):
        w.deleteLater()


def test_partial_repaints_blit_the_right_part(lab, cache_kind):
    """A playback frame repaints only what changed (markers, cursor strips): the window as the
    event loop painted it piece by piece equals a full repaint of it."""
    lab.clock.pause()
    QApplication.processEvents()
    win = lab.window()
    for k in (5, 40, 41, 300, 301, 302):
        lab.clock.seek(k)
        QApplication.processEvents()  # the partial repaint, into the backing store
    for w in (lab.view, lab.curves):
        pos = w.mapTo(win, w.rect().topLeft())
        shot = win.screen().grabWindow(win.winId(), pos.x(), pos.y(), w.width(), w.height())
        painted = _array(shot.toImage())
        full = _grab(w)
        assert painted.shape == full.shape
        assert _same_picture(painted, full), (np.abs(painted - full).max(axis=-1) > 3).sum()


def test_a_full_recompute_caches_every_curve_a_drag_keeps_one_live(lab):
    curves = lab.curves
    assert curves.live is None  # the first pass set every run: nothing is being dragged
    cached = {s for layer in curves.layers for s in layer.sources}
    assert all(items[0].curve in cached and items[1].curve in cached
               for items in curves.curves.values())
    row = lab.rows()[0]
    _drag(lab, row, row.lr.value() * 0.8)
    live = curves.live
    assert live is not None
    assert curves.curves[live][0].curve not in curves.layers[0].sources


def test_pixmap_axis_sets_its_label_only_when_the_text_changes(qtbot):
    """A range change re-draws the ticks but does not lay out the same label text again;
    a new label text, and the automatic SI prefix, still reach the label."""
    import pyqtgraph as pg

    from app.widgets.cached_axis import pixmap_axes

    w = pg.GraphicsLayoutWidget()
    qtbot.addWidget(w)
    plot = w.addPlot(axisItems=pixmap_axes())
    axis = plot.getAxis("bottom")
    axis.setLabel("step")
    calls = []
    real = axis.label.setHtml
    axis.label.setHtml = lambda html: (calls.append(html), real(html))
    plot.setXRange(0, 10, padding=0)
    plot.setXRange(0, 20, padding=0)
    assert calls == [] and axis.range == [0, 20] and axis.picture is None
    axis.setLabel("iteration")
    assert len(calls) == 1 and "iteration" in calls[-1]
    assert "iteration" in axis.label.toHtml()
    plot.setXRange(0, 1e-3, padding=0)  # small numbers: pyqtgraph's (x1e-3) style prefix
    assert len(calls) == 2 and "(x" in calls[-1]
