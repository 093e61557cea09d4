"""Curves against the step stroke on screen only the vertices a device pixel tells apart:
every dropped vertex lies within the tolerance of what is drawn, the picture matches the
full curve's, the item's data stay whole, and exports draw every vertex."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from surface_testing import image_array, pixels_differing

from app.widgets.simplified_curve import BLOCK, TOL, SimplifiedCurveItem, screen_keep_mask
from app.widgets.zigzag_curve import FastBoundsCurveItem


def _dropped_within_tol(y: np.ndarray, keep: np.ndarray, tol: float) -> float:
    """Largest vertical distance of a vertex from the kept polyline (x = 0, 1, 2, ...)."""
    x = np.arange(len(y), dtype=float)
    return float(np.max(np.abs(np.interp(x, x[keep], y[keep]) - y)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=2, max_size=400),
       st.sampled_from([0.0, 1e-3, 0.05, 1.0]))
def test_every_dropped_vertex_lies_within_the_tolerance_of_the_drawn_line(ys, noise):
    y = np.asarray(ys)
    smooth = np.cumsum(np.linspace(1, 0, len(y))) + noise * y  # mostly straight stretches
    for data in (y, smooth):
        keep = screen_keep_mask(data)
        assert keep[0] and keep[-1]
        assert _dropped_within_tol(data, keep, TOL) <= TOL * (1 + 1e-9) + 1e-9


def test_a_straight_curve_keeps_only_its_block_ends():
    y = 0.3 * np.arange(8 * BLOCK + 1, dtype=float)
    keep = screen_keep_mask(y)
    assert np.flatnonzero(keep).tolist() == list(range(0, 8 * BLOCK + 1, BLOCK))


def _curve(cls, x, y):
    it = cls(pen=pg.mkPen("#1f77b4", width=2))
    it.setData(x, y)
    return it


def _painted(item, device) -> np.ndarray:
    """``item`` painted onto ``device`` (a pixmap: on screen; an image: an export) through
    a transform as a plot's: x = 0 ... n-1 over 600 px, y flipped."""
    device.fill(QColor("white"))
    p = QPainter(device)
    x, y = item.xData, item.yData
    p.translate(10, 190)
    p.scale(600 / (x[-1] - x[0]), -180 / (np.ptp(y) or 1.0))
    p.translate(-x[0], -float(np.min(y)))
    item.paint(p, None, None)
    p.end()
    return image_array(device.toImage() if isinstance(device, QPixmap) else device)


def _loss_curve(n: int = 1001) -> tuple[np.ndarray, np.ndarray]:
    k = np.arange(n, dtype=float)
    return k, np.log10(1e-8 + np.exp(-k / 120) * (1.2 + 0.2 * np.cos(k / 90)))


def test_on_screen_fewer_vertices_same_picture_and_whole_data(qtbot):
    x, y = _loss_curve()
    full, simple = _curve(FastBoundsCurveItem, x, y), _curve(SimplifiedCurveItem, x, y)
    a = _painted(full, QPixmap(620, 200))
    b = _painted(simple, QPixmap(620, 200))
    assert simple.simplified == 1 and len(simple._drawn[0]) < len(x) // 3
    # the drawn vertices lie within 1/8 pixel: at most a few edge pixels differ
    ink = np.count_nonzero(a.min(axis=-1) < 250)  # the full curve's pixels
    assert ink > 1000 and pixels_differing(a, b) <= 0.01 * ink
    gx, gy = simple.getData()
    assert np.array_equal(gx, x) and np.array_equal(gy, y)  # the data stay whole
    assert simple.dataBounds(1) == full.dataBounds(1)


def test_exports_draw_every_vertex(qtbot):
    x, y = _loss_curve()
    full, simple = _curve(FastBoundsCurveItem, x, y), _curve(SimplifiedCurveItem, x, y)
    fmt = QImage.Format.Format_ARGB32_Premultiplied
    a = _painted(full, QImage(620, 200, fmt))
    b = _painted(simple, QImage(620, 200, fmt))
    assert simple.simplified == 0 and pixels_differing(a, b) == 0


def test_uneven_x_and_breaks_are_drawn_whole(qtbot):
    x, y = _loss_curve()
    uneven = _curve(SimplifiedCurveItem, x ** 1.5, y)
    _painted(uneven, QPixmap(620, 200))
    broken = SimplifiedCurveItem(pen=pg.mkPen("#1f77b4", width=2))
    broken.setData(x, y, connect=np.arange(len(x)) % 50 != 0)
    _painted(broken, QPixmap(620, 200))
    assert uneven.simplified == 0 and broken.simplified == 0
