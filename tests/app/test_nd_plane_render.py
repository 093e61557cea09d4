"""The plane view's layers painted in the worker (app.nd_lab.plane_render) equal the
layers' own painting of their items, pixel for pixel, at device pixel ratio 1 and 2; they
are used only for the view they were painted for (zoom, resize, colours fall back)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject, QRectF
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QApplication

from app.nd_lab.plane_render import (
    MAX_PIXELS,
    PlaneTarget,
    device_rect,
    render_plane,
    transform_values,
    view_transform,
)

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh process per ratio (the ratio is fixed when Qt starts).  Every wait is for
# a condition, never for a timer; "OK ..." is printed only when every check passed.
CHILD = r"""
import sys, time
import numpy as np
from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.nd_lab import NDLab

def wait(cond, what, timeout=120.0):
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            sys.exit("timed out waiting for " + what)
        app.processEvents()
        time.sleep(0.005)

def arr(pm):
    img = (pm if isinstance(pm, QImage) else pm.toImage()).convertToFormat(
        QImage.Format.Format_RGBA8888)
    a = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    return a.reshape(img.height(), img.bytesPerLine() // 4, 4)[:, :img.width()].copy()

lab = NDLab(); lab.resize(1280, 800); lab.show()
fig = lab.figure; pl = fig.plane; vb = pl.vb
layers = (pl.field_layer, pl.path_layer)
gd = next(r for r in lab.optimizers.rows() if r.name == "gd")

def settled():
    return (not lab._recompute.isActive() and lab.result is not None
            and lab.result.generation == lab.generation() and not lab.computer.busy())

def fits(res):  # painted for the view as it is now
    t = pl.render_target(())
    im = res.drawing.images
    return im is not None and t is not None and im.target.size == t.size \
        and im.target.base == t.base and im.target.dpr == t.dpr

# new results until one was painted for the settled layout (the first results resize it)
for lr in (0.011, 0.012, 0.013, 0.014, 0.015, 0.016):
    gd.set_hyper(lr=lr)
    wait(settled, "the result")
    for _ in range(5):  # the layout the result changed (its legend) is applied lazily
        app.processEvents()
        time.sleep(0.005)
    if fits(lab.result):
        break
res = lab.result
assert fits(res), "no result painted for the settled view"
dpr = fig.devicePixelRatioF()

def region(img):  # the plane view's device pixels in a picture of the window
    off = fig.viewport().mapTo(lab.window(), QPoint(0, 0))
    _, x0, y0, w, h = res.drawing.images.device
    x, y = int(off.x() * dpr) + x0, int(off.y() * dpr) + y0
    return img[y:y + h, x:x + w]

def screen():  # what the window shows (through Qt's device cache at ratio 1)
    return arr(QGuiApplication.primaryScreen().grabWindow(lab.window().winId()))

before = [la.prerendered for la in layers]
lab._on_runs_ready(res)
fig.viewport().repaint()  # this paint uses the worker's images
assert [la.prerendered - b for la, b in zip(layers, before)] == [1, 1], "images not used"
own_pixmaps = [la.cacheMode().value == 0 for la in layers]
assert own_pixmaps == [dpr != 1.0] * 2  # Qt's device cache at ratio 1, own pixmaps at 2
im = res.drawing.images
if dpr == 1.0:
    pre = [region(screen())]
else:
    pre = [arr(la._pixmap) for la in layers]
for la in layers:
    la.invalidate()
fig.viewport().repaint()  # painted from the items (directly, or into Qt's cache at ratio 1)
fig.viewport().repaint()  # the layers' own pixmaps, painted from the items (ratio 2)
own = [region(screen())] if dpr == 1.0 else [arr(la._pixmap) for la in layers]
for a, b in zip(pre, own):
    assert a.shape == b.shape and a.shape[:2] == (im.device[4], im.device[3]), (a.shape, b.shape)
    assert np.array_equal(a, b), int((a != b).any(axis=-1).sum())
    assert (a[..., :3] < 200).any(axis=-1).sum() > 1000  # a picture, not a blank
assert abs(im.device[3] - vb.width() * dpr) <= 2

# zoomed, resized or recoloured before the paint: the layers paint their items instead
(u0, u1), (v0, v1) = vb.viewRange()
lab._on_runs_ready(res)
vb.setRange(xRange=(u0, (u0 + u1) / 2), yRange=(v0, (v0 + v1) / 2), padding=0)
fig.viewport().repaint()
zoomed = [la.prerendered for la in layers]
lab._on_runs_ready(res)
lab.resize(1180, 760)
wait(lambda: abs(vb.width() - im.target.size[0]) > 1, "the resize")
fig.viewport().repaint()
resized = [la.prerendered for la in layers]
lab.resize(1280, 800)
wait(lambda: (vb.width(), vb.height()) == im.target.size, "the size back")
colors = {k: "#00AA00" for k in res.keys}
fig.show_result(res, colors, {k: k.label() for k in res.keys})
fig.viewport().repaint()
recoloured = [la.prerendered for la in layers]
fig.viewport().repaint()  # (the layer's pixmap is built at its second paint)
assert zoomed == resized == recoloured == [la.prerendered for la in layers]
green = arr(fig.grab())
assert ((green[..., 1] > 120) & (green[..., 0] < 60) & (green[..., 2] < 60)).sum() > 50
print("OK", dpr, pre[0].shape[1], im.device[3], zoomed[0])
"""


@pytest.mark.parametrize("ratio", [1, 2])
def test_worker_painted_layers_equal_the_layers_own_painting(ratio):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6",
               QT_SCALE_FACTOR=str(ratio))
    p = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=600)
    assert p.returncode == 0, (p.stdout[-1000:], p.stderr[-3000:])
    ok, dpr, width, device_width, _ = p.stdout.split()[-5:]
    assert ok == "OK" and float(dpr) == ratio and width == device_width


def test_view_transform_is_the_view_boxs(qapp):
    """The worker's view transform is the one pyqtgraph sets for that range and size."""
    vb = pg.ViewBox()
    vb.resize(333.25, 271.5)
    extent = (-2.3147, 21.6042, -11.4359, 3.0728)
    vb.setRange(xRange=extent[:2], yRange=extent[2:], padding=0)
    vb.updateMatrix()
    ours = view_transform(extent, (vb.width(), vb.height()))
    assert transform_values(ours) == transform_values(vb.childGroup.transform())


def test_a_view_too_large_is_left_to_the_gui_thread():
    side = int(np.sqrt(MAX_PIXELS)) + 10
    target = PlaneTarget(1.0, (side, side), transform_values(QTransform()),
                         np.zeros((256, 4), np.uint8), ())
    drawing = type("D", (), {"extent": (0.0, 1.0, 0.0, 1.0)})()
    assert render_plane(drawing, None, target) is None
    assert device_rect(view_transform((0.0, 1.0, 0.0, 1.0), (side, side)),
                       QRectF(0, 0, 1, 1), 1.0)[2] >= side


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_a_new_plane_is_painted_once(qtbot):
    """pyqtgraph applies a new range's view transform in the paint event, which made Qt
    paint the plane view a second time; the figure applies it before (one paint a result)."""
    from app.nd_lab import NDLab

    lab = NDLab()
    qtbot.addWidget(lab)
    lab.resize(1280, 800)
    lab.show()
    gd = next(r for r in lab.optimizers.rows() if r.name == "gd")
    results = []
    for lr in (0.011, 0.012):
        gd.set_hyper(lr=lr)
        qtbot.waitUntil(lambda: not lab._recompute.isActive() and lab.result is not None
                        and lab.result.generation == lab.generation()
                        and not lab.computer.busy(), timeout=60000)
        results.append(lab.result)
    a, b = results
    assert a.drawing.extent != b.drawing.extent  # a new plane, a new range
    # the spectrum answer for the last result arrives after it (and repaints): wait for it
    qtbot.waitUntil(lambda: lab.spectrum is not None and not lab.computer.busy()
                    and lab.spectrum.request.generation == b.generation, timeout=60000)
    fig = lab.figure
    counter = _PaintCounter()
    fig.viewport().installEventFilter(counter)
    colors = {k: k.color() for k in b.keys}
    labels = {k: k.label() for k in b.keys}
    for res in (a, b):  # the legend's new labels re-lay out the figure once
        fig.show_result(res, colors, labels)
        for _ in range(3):
            QApplication.processEvents()
    for res in (a, b, a):
        counter.paints = 0
        fig.show_result(res, colors, labels)
        qtbot.waitUntil(lambda: counter.paints >= 1, timeout=10000)  # the result's paint
        assert fig.plane.vb.viewRange()[0] == list(res.drawing.extent[:2])
        counter.paints = 0
        for _ in range(3):  # what that paint scheduled (posted events, no timers)
            QApplication.processEvents()
        assert counter.paints == 0
    lab.computer.wait()


def test_the_same_spectrum_again_sets_no_scatter_data(qtbot):
    """Every run's step 0 is the start: each new result asks for that spectrum again; the
    scatters and the title are left alone when it has not changed."""
    from app.nd_lab.compute import SpectrumRequest, SurfaceSpec, compute_spectrum
    from app.nd_lab.figure import NDFigure

    fig = NDFigure()
    qtbot.addWidget(fig)
    spec = SurfaceSpec("quadratic", 8, ())
    req = SpectrumRequest(1, spec, tuple(np.linspace(-1.0, 1.0, 8)), 0, "GD (lr 0.01)")
    res = compute_spectrum(req)
    assert res.spectrum is not None
    changes = []
    fig.eig_pos.sigPlotChanged.connect(lambda *_: changes.append("pos"))
    fig.show_spectrum(res)
    assert changes == ["pos"] and len(fig.eig_pos.getData()[1]) + len(fig.eig_neg.getData()[1]) == 8
    fig.show_spectrum(compute_spectrum(req))  # equal eigenvalues, a new result object
    assert changes == ["pos"]
    other = SpectrumRequest(2, SurfaceSpec("rosenbrock", 8, ()), req.point, 0,
                            "GD (lr 0.01)")
    fig.show_spectrum(compute_spectrum(other))
    assert changes == ["pos", "pos"]
    fig.clear_spectrum("no run")
    assert fig.eig_pos.getData()[1] is None or len(fig.eig_pos.getData()[1]) == 0
