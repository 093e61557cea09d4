"""Round dots of a fixed size on screen: the markers of a short curve redrawn on every step.

A ``PlotDataItem`` with ``symbol="o"`` rebuilds a ``ScatterPlotItem`` (spot records, symbol
atlas lookups) on every ``setData``: 1.4 ms for 50 points, twice per Deep Stack frame.
:class:`Dots` keeps the points as two arrays and paints them with one ``drawPoints`` call:
a round-capped pen of width ``size`` logical pixels draws a disc of diameter ``size``
centred on each point (the same as a pixel-mode ``"o"`` symbol of that size without an
outline), at any device pixel ratio.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTransform

__all__ = ["Dots"]


class Dots(pg.GraphicsObject):
    """Discs of diameter ``size`` (logical pixels) at data points, filled with ``color``."""

    def __init__(self, size: float = 4.0, color: str = "#333333") -> None:
        super().__init__()
        self.size = float(size)
        self.pen = QPen(QColor(color), self.size)
        self.pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.x = np.zeros(0)
        self.y = np.zeros(0)

    def setData(self, x, y) -> None:  # noqa: N802 (pyqtgraph name)
        """Show dots at the finite points of ``(x, y)``."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        ok = np.isfinite(x) & np.isfinite(y)
        self.prepareGeometryChange()
        self.x, self.y = x[ok], y[ok]
        self.informViewBoundsChanged()
        self.update()

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # noqa: N802 (pyqtgraph name)
        return self.x, self.y

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):  # noqa: N802, N803
        d = self.x if ax == 0 else self.y
        return (float(d.min()), float(d.max())) if d.size else (None, None)

    def pixelPadding(self) -> float:  # noqa: N802 (pyqtgraph name)
        return self.size / 2 + 1

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt name)
        if not self.x.size:
            return QRectF()
        px, py = self.pixelVectors()
        pad_x = (px.length() if px is not None else 0.0) * self.pixelPadding()
        pad_y = (py.length() if py is not None else 0.0) * self.pixelPadding()
        x0, x1 = float(self.x.min()), float(self.x.max())
        y0, y1 = float(self.y.min()), float(self.y.max())
        return QRectF(x0 - pad_x, y0 - pad_y, x1 - x0 + 2 * pad_x, y1 - y0 + 2 * pad_y)

    def viewTransformChanged(self) -> None:  # noqa: N802 (pyqtgraph hook)
        self.prepareGeometryChange()  # the padding is in pixels

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self.x.size:
            return
        w = painter.worldTransform()  # affine here: x' = m11 x + m21 y + dx, y' = m12 x + m22 y + dy
        points = pg.functions.create_qpolygonf(self.x.size)
        xy = pg.functions.ndarray_from_qpolygonf(points)  # the polygon's own memory
        xy[:, 0] = w.m11() * self.x + w.m21() * self.y + w.dx()
        xy[:, 1] = w.m12() * self.x + w.m22() * self.y + w.dy()
        painter.save()
        painter.setWorldTransform(QTransform())  # logical pixels: the pen is `size` across
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(self.pen)
        painter.drawPoints(points)
        painter.restore()
