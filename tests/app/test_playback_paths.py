# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""Playback paths from append-only pixmaps (app.surface_lab.playback_paths): every frame shows
what a direct stroke of the whole path shows, and what changes the picture drops the pixmap."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyleOptionGraphicsItem
from surface_testing import lab, no_qt_warnings  # noqa: F401

from app.widgets.moving_spots import MovingSpots

ROOT = Path(__file__).resolve().parents[2]


def _array(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGBA8888)
    a = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    return a.reshape(img.height(), img.bytesPerLine() // 4, 4)[:, : img.width(), :3].astype(int)


def _grab(view) -> np.ndarray:
    QApplication.processEvents()
    return _array(view.grab().toImage())


def _layer_picture(lab, dpr: float, direct: bool = False) -> np.ndarray:
    """The growing paths alone painted as the view paints them, into a pixmap of device pixel
    ratio ``dpr`` (a screen with another ratio); ``direct``: each path item's own stroke."""
    view, paths = lab.view, lab.view.runs.paths
    pm = QPixmap(view.viewport().size() * dpr)
    pm.setDevicePixelRatio(dpr)
    pm.fill(QColor("white"))
    p = QPainter(pm)
    option = QStyleOptionGraphicsItem()
    option.exposedRect = paths.boundingRect()
    if direct:
        for key in paths.order:
            curve = paths.runs[key].curve
            p.setWorldTransform(curve.deviceTransform(view.viewportTransform()))
            curve.paint(p, option, None)
    else:
        p.setWorldTransform(paths.deviceTransform(view.viewportTransform()))
        paths.paint(p, option, view.viewport())
    p.end()
    return _array(pm.toImage())


def _differing(a: np.ndarray, b: np.ndarray) -> int:
    """Pixels that differ by more than blending rounding."""
    assert a.shape == b.shape
    return int((np.abs(a - b).max(axis=-1) > 3).sum())


# a split stroke blends the antialiased edge of its one shared segment twice: a few dozen
# pixels per bake boundary differ by a few tens of levels; a stale or missing piece of path
# differs by hundreds of pixels
CLOSE = 150


def _direct(lab) -> np.ndarray:
    """The same frame with every path stroking itself (the layer let go, then taken back)."""
    runs = lab.view.runs
    for key in list(runs.paths.order):
        runs.paths.forget(key)
    img = _grab(lab.view)
    runs.set_position(runs.position)
    return img


def _play(lab, start: int, stop: int, every: int = 4) -> None:
    for k in range(start, stop + 1, every):
        lab.clock.seek(k)
        QApplication.processEvents()


def _cached_frame(lab) -> np.ndarray:
    """Grab the current frame and check it came from the pixmaps (no direct stroke)."""
    paths = lab.view.runs.paths
    assert paths.order, "no growing path at this step"
    _grab(lab.view)  # after a change the first paint is direct, the next builds the pixmaps
    direct = paths.direct
    img = _grab(lab.view)
    assert paths.direct == direct  # every growing path was drawn from its pixmap + tail
    return img


def test_frames_while_playing_equal_a_direct_stroke(lab):
    paths = lab.view.runs.paths
    lab.clock.pause()
    _play(lab, 0, 120)
    bakes = paths.bakes
    direct = paths.direct
    _play(lab, 124, 480)
    assert paths.bakes > bakes  # the pixmaps were extended while playing …
    assert paths.direct == direct  # … and no frame stroked a whole path again
    for k in (480, 700):
        _play(lab, k - 60, k)
        cached = _cached_frame(lab)
        assert _differing(cached, _direct(lab)) <= CLOSE
    lab.clock.seek(lab.clock.steps)  # every run whole: nothing left growing
    QApplication.processEvents()
    assert not paths.order
    assert all(not it.path.curve.flags() & it.path.curve.GraphicsItemFlag.ItemHasNoContents
               or it.path.curve in lab.view.runs.cache.sources
               for it in lab.view.runs.items.values())


def test_seek_back_slider_resize_and_ratio_drop_the_pixmaps(lab):
    lab.clock.pause()
    _play(lab, 0, 640)
    lab.clock.seek(200)  # backwards: the pixmaps hold steps past 200
    QApplication.processEvents()
    assert _differing(_grab(lab.view), _direct(lab)) <= CLOSE
    _play(lab, 204, 300)
    assert _differing(_cached_frame(lab), _direct(lab)) <= CLOSE
    gd = lab.rows()[0]
    gd.lr.slider.setValue(gd.lr.position_for(gd.lr.value() * 0.7))  # mid-playback slider
    lab.recompute_now()
    _play(lab, 304, 360)
    assert _differing(_cached_frame(lab), _direct(lab)) <= CLOSE
    lab.resize(1100, 700)
    _play(lab, 364, 380)
    assert _differing(_cached_frame(lab), _direct(lab)) <= CLOSE
    paths = lab.view.runs.paths
    bakes, direct = paths.bakes, paths.direct
    _layer_picture(lab, 2.0)  # another device pixel ratio (the window moved to a HiDPI screen)
    assert paths.direct > direct  # the ratio-1 pixmaps are not used at ratio 2 …
    at_2 = _layer_picture(lab, 2.0)  # … the next paint builds pixmaps at ratio 2
    assert paths.bakes > bakes
    assert at_2.shape[1] == 2 * lab.view.viewport().width()
    assert _differing(at_2, _layer_picture(lab, 2.0, direct=True)) <= CLOSE
    assert _differing(_cached_frame(lab), _direct(lab)) <= CLOSE  # and back to the screen's


def test_moving_markers_repaint_around_each_marker_only(qtbot):
    """Two markers far apart move: the repainted region is two small squares, not the box
    between them (item.update rects would merge into that box)."""
    w = pg.PlotWidget()
    qtbot.addWidget(w)
    w.resize(500, 400)
    w.show()
    qtbot.waitExposed(w)
    vb = w.getPlotItem().getViewBox()
    vb.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    markers = MovingSpots(vb, size=11, pxMode=True)
    w.addItem(markers, ignoreBounds=True)
    markers.setData([1, 9], [1, 9], brush=pg.mkBrush("r"))

    class Regions(QObject):
        seen: list = []

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
            if event.type() == QEvent.Type.Paint:
                self.seen.append(event.region())
            return False

    regions = Regions()
    regions.seen = []
    w.viewport().installEventFilter(regions)
    for _ in range(50):  # until the first paints after show are done
        regions.seen.clear()
        qtbot.wait(40)
        if not regions.seen:
            break
    markers.move_spots([1.2, 8.8], [1, 9])  # both move a little
    qtbot.waitUntil(lambda: bool(regions.seen))
    region = regions.seen[0]
    for corner in ((1.2, 1), (8.8, 9), (1, 1)):  # new and old places are repainted …
        p = w.mapFromScene(vb.mapViewToScene(QPointF(*corner)))
        assert region.contains(p)
    middle = w.mapFromScene(vb.mapViewToScene(QPointF(5, 5)))
    assert not region.contains(middle)  # … not the box between them
    x, y = markers.getData()
    assert list(x) == [1.2, 8.8] and list(y) == [1, 9]


CHILD = r"""
import sys, numpy as np
sys.path.insert(0, 'tests/app')
from PySide6.QtWidgets import QApplication, QStyleOptionGraphicsItem
app = QApplication([])
import test_playback_paths as t
from app.surface_lab import SurfaceLab
w = SurfaceLab(); w.resize(1100, 700); w.show()
for _ in range(5): app.processEvents()
w.recompute_now(); app.processEvents()
w.clock.pause()
t._play(w, 0, 400)
img = t._cached_frame(w)
print(w.view.devicePixelRatioF(), img.shape[1], w.view.width(), t._differing(img, t._direct(w)),
      w.view.runs.paths.bakes)
"""


def test_device_pixel_ratio_2_frames_equal_a_direct_stroke():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6",
               QT_SCALE_FACTOR="2")
    p = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    dpr, width, logical, differing, bakes = p.stdout.split()
    assert float(dpr) == 2.0 and int(width) == 2 * int(logical)
    assert int(bakes) > 0
    assert int(differing) <= CLOSE, p.stdout


def test_playback_after_a_drag_paints_the_dragged_run_cached(lab):
    """A drag leaves its run drawn directly (live); the next playback frame gives its ghost and
    its curves back to the cached layers instead of stroking them on every frame."""
    runs = lab.view.runs
    gd = lab.rows()[0]
    gd.lr.slider.setValue(gd.lr.position_for(gd.lr.value() * 0.8))
    lab.recompute_now()
    QApplication.processEvents()
    key = runs.order[0]
    it = runs.items[key]
    assert runs.live == key and it.ghost not in runs.cache.sources
    assert lab.curves.live == key
    lab.clock.seek(50)
    QApplication.processEvents()
    assert runs.live is None and it.ghost in runs.cache.sources
    assert key in runs.paths.order  # its growing path: from the playback layer
    assert lab.curves.live is None
    loss, grad = lab.curves.curves[key]
    assert loss.curve in lab.curves.layers[0].sources and grad.curve in lab.curves.layers[1].sources
    assert _differing(_cached_frame(lab), _direct(lab)) <= CLOSE


def test_seek_from_the_end_to_step_0_draws_no_stale_path(lab):
    """At step 0 a path item has no data (pyqtgraph hides its curve, keeping the old points):
    the layer must draw nothing of it, at the first (direct) paint and after."""
    lab.clock.pause()
    lab.clock.seek(lab.clock.steps)
    QApplication.processEvents()
    lab.clock.seek(0)
    for _ in range(3):
        assert _differing(_grab(lab.view), _direct(lab)) <= CLOSE


def test_repaint_drops_a_runs_pixmap(lab):
    """``repaint(key)`` (a drag's draft drawing ends: antialiasing back) paints the run anew
    into a new pixmap, and the frame still equals a direct stroke."""
    lab.clock.pause()
    _play(lab, 0, 300)
    _cached_frame(lab)
    paths = lab.view.runs.paths
    key = paths.order[0]
    bakes = paths.bakes
    paths.repaint(key)
    assert paths.runs[key].pixmap is None
    first = _grab(lab.view)
    assert paths.bakes > bakes and paths.runs[key].pixmap is not None
    assert _differing(first, _direct(lab)) <= CLOSE
    assert _differing(_cached_frame(lab), _direct(lab)) <= CLOSE


def test_exports_mid_playback_draw_each_growing_path_once(lab, tmp_path):
    """Figure export renders without a widget: the layer strokes its paths directly (PNG) or
    leaves them to the items (SVG, whose exporter paints every item itself) -- the files equal
    those made with every path item painting itself."""
    lab.clock.pause()
    _play(lab, 0, 300)
    runs = lab.view.runs
    assert runs.paths.order
    with_layer_png, with_layer_svg = tmp_path / "a.png", tmp_path / "a.svg"
    assert lab.export_image_to(with_layer_png, 700) and lab.export_image_to(with_layer_svg)
    for key in list(runs.paths.order):
        runs.paths.forget(key)
    own_png, own_svg = tmp_path / "b.png", tmp_path / "b.svg"
    assert lab.export_image_to(own_png, 700) and lab.export_image_to(own_svg)
    runs.set_position(runs.position)
    a, b = _array(QImage(str(with_layer_png))), _array(QImage(str(own_png)))
    assert _differing(a, b) == 0
    assert with_layer_svg.read_text().count("<path") == own_svg.read_text().count("<path")
