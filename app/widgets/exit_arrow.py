"""A small arrow at the edge of a view where a run left it (see :mod:`.clipping`).

Paths are clipped to the view, so a diverging run ends at the view's edge;
this arrow, in the run's colour, sits with its tip on that exit point and
points the way the run went.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF

EXIT_ARROW_PX = 30  # whole length on screen


def make_exit_arrow(plot: pg.PlotItem, color: str, z: float = 8.5) -> pg.ArrowItem:
    """A hidden arrow on ``plot`` (pixel-sized, so its size does not follow the zoom)."""
    arrow = pg.ArrowItem(pxMode=True, headLen=16, headWidth=16, tailLen=EXIT_ARROW_PX - 16,
                         tailWidth=6, pen=pg.mkPen("#FFFFFF", width=1.5), brush=pg.mkBrush(color))
    arrow.setZValue(z)
    plot.addItem(arrow, ignoreBounds=True)
    arrow.hide()
    return arrow


def place_exit_arrow(arrow: pg.ArrowItem, vb: pg.ViewBox, point, direction) -> bool:
    """Put the arrow's tip at ``point`` (view coordinates), pointing along the data-space
    ``direction``; hide it and return False when the direction is undefined."""
    dx, dy = float(direction[0]), float(direction[1])
    px, py = vb.viewPixelSize()  # data units per screen pixel
    if not (px > 0 and py > 0):
        arrow.hide()
        return False
    sx, sy = dx / px, -dy / py  # screen y grows downwards
    if not (math.isfinite(sx) and math.isfinite(sy)) or (sx == 0 and sy == 0):
        arrow.hide()
        return False
    arrow.setStyle(angle=math.degrees(math.atan2(-sy, -sx)))  # ArrowItem: angle 0 points left
    arrow.setPos(QPointF(float(point[0]), float(point[1])))
    arrow.show()
    return True
