"""Dots (app.deep_lab.dots): the weight-gradient markers of the Deep Stack bars plot look like
the pixel-mode "o" symbols they replace, follow their data and skip non-finite points."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.deep_lab.dots import Dots


def _picture(w) -> np.ndarray:
    QApplication.processEvents()
    img = w.grab().toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    a = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    return a.reshape(img.height(), img.bytesPerLine() // 4, 4)[:, : img.width(), :3].astype(int)


def test_dots_paint_what_scatter_symbols_paint(qtbot):
    x = np.arange(1.0, 31.0)
    y = np.sin(x / 4.0)
    pictures = []
    for make in (lambda: pg.ScatterPlotItem(x=x, y=y, size=4, pen=None, symbol="o",
                                            brush=pg.mkBrush("#333333")),
                 lambda: _dots(x, y)):
        w = pg.PlotWidget()
        qtbot.addWidget(w)
        w.resize(400, 300)
        w.setBackground("w")
        w.hideAxis("left")
        w.hideAxis("bottom")
        w.setRange(xRange=(0, 31), yRange=(-1.2, 1.2), padding=0)
        w.addItem(make())
        w.show()
        qtbot.waitExposed(w)
        pictures.append(_picture(w))
    scatter, dots = pictures
    dark_s, dark_d = scatter.max(axis=-1) < 128, dots.max(axis=-1) < 128
    assert dark_s.sum() > 30 * 4  # every symbol drew a few dark pixels
    # the same discs at the same places: each dark pixel of one lies within a pixel of a dark
    # pixel of the other (antialiased rims round differently), and as many of them
    assert not (dark_d & ~_grow(dark_s)).any() and not (dark_s & ~_grow(dark_d)).any()
    assert abs(int(dark_d.sum()) - int(dark_s.sum())) <= 0.25 * dark_s.sum()


def _grow(mask: np.ndarray) -> np.ndarray:
    """``mask`` widened by one pixel in every direction."""
    out = mask.copy()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            out |= np.roll(np.roll(mask, dy, axis=0), dx, axis=1)
    return out


def _dots(x, y) -> Dots:
    d = Dots(size=4, color="#333333")
    d.setData(x, y)
    return d


def test_dots_keep_finite_points_and_report_bounds(qapp):
    d = Dots()
    d.setData([1.0, 2.0, 3.0, 4.0], [0.5, np.nan, -np.inf, 2.0])
    x, y = d.getData()
    assert list(x) == [1.0, 4.0] and list(y) == [0.5, 2.0]
    assert d.dataBounds(0) == (1.0, 4.0) and d.dataBounds(1) == (0.5, 2.0)
    d.setData([], [])
    assert d.dataBounds(0) == (None, None) and d.boundingRect().isEmpty()
