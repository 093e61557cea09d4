"""A scatter of a few screen-size spots that move often (playback markers), repainted where
they move only.

A ``pg.ScatterPlotItem``'s bounding rectangle spans all its spots.  When one spot moves
(the end of the run a slider drags) Qt repaints that whole rectangle -- with the run
markers at the ends of four runs, most of the plot: its heat map, contours and every run
path under it.  :class:`MovingSpots` instead claims the whole view as its bounding
rectangle (so moving a spot never changes its geometry) and, when spots only move
(:meth:`MovingSpots.move_spots`), asks Qt to repaint a small square around each moved
spot's old and new position: half-width = the spot's largest screen radius (symbol and
pen, pyqtgraph's ``pixelPadding``) + 2 px for antialiasing, in data units via the item's
pixel vectors.  Anything else (new spots, new colours) goes through ``setData`` as before.
Since the item spans the view, a repaint of another part of the view skips its painting when
no spot's square meets the exposed rectangle.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem

from .lean_scatter import LeanScatter

MARGIN_PX = 2.0  # beyond the spot's own radius: antialiased edges


def repaint_area(item: QGraphicsItem, rect: QRectF) -> None:
    """Repaint ``rect`` (item coordinates) as its own area of the scene.

    ``QGraphicsItem.update(rect)`` called twice before a paint repaints the *bounding box* of
    both rectangles (Qt keeps one dirty rectangle per item): four markers far apart would
    repaint the box spanning them.  The scene keeps each rectangle apart."""
    scene = item.scene()
    if scene is None:
        item.update(rect)
    else:
        scene.update(item.mapRectToScene(rect))


class MovingSpots(LeanScatter):
    """``pg.ScatterPlotItem`` (pxMode spots) in the view box ``vb`` whose moves repaint
    only around the moved spots.  Add it to the plot with ``ignoreBounds=True``."""

    def __init__(self, vb: pg.ViewBox, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._vb = vb
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        vb.sigTransformChanged.connect(self._view_changed)
        vb.sigResized.connect(self._view_changed)

    def _view_changed(self, *_args) -> None:
        self.prepareGeometryChange()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt name)
        return QRectF(self._vb.viewRect())

    def _half_size(self) -> tuple[float, float] | None:
        """Half width and height, in data units, of the square a spot may paint."""
        px, py = self.pixelVectors()
        if px is None or py is None:
            return None
        r = self.pixelPadding() + MARGIN_PX
        return r * float(np.hypot(px.x(), px.y())), r * float(np.hypot(py.x(), py.y()))

    def paint(self, p, option, widget=None) -> None:
        half = self._half_size() if widget is not None and len(self.data) else None
        if half is not None:
            r, (hx, hy) = option.exposedRect, half
            x, y = self.data["x"], self.data["y"]
            meets = ((x + hx >= r.left()) & (x - hx <= r.right())
                     & (y + hy >= r.top()) & (y - hy <= r.bottom()))
            if not meets.any():
                return
        super().paint(p, option, widget)

    def move_spots(self, xs, ys) -> None:
        """Put the spots (same number, same look) at ``xs``, ``ys``."""
        d = self.data
        x_old, y_old = d["x"].copy(), d["y"].copy()
        d["x"] = xs
        d["y"] = ys
        self.bounds = [None, None]
        self.picture = None
        moved = (x_old != d["x"]) | (y_old != d["y"])
        half = self._half_size()
        if half is None:
            self.update()
        else:
            hx, hy = half
            for x, y in zip(np.concatenate([x_old[moved], d["x"][moved]]),
                            np.concatenate([y_old[moved], d["y"][moved]]), strict=True):
                repaint_area(self, QRectF(float(x) - hx, float(y) - hy, 2 * hx, 2 * hy))
        self.sigPlotChanged.emit(self)
