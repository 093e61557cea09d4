"""A curve item that strokes a zig-zagging path segment by segment.

Qt strokes a wide pen's path as one outline and fills it with antialiasing; a path whose
segments run back over each other (gradient descent oscillating across a valley just below
its stability limit, momentum rocking along the sharp axis) piles that outline up on the
same pixels, and the fill's cost grows with the overlap.  Measured here, with a 2.5 px
antialiased pen: GD on Booth at 0.994 of its limit (1001 vertices) 61 ms as one path,
3.6 ms as separate segments; momentum on the quadratic at 0.97 of its limit 72 ms / 1.5 ms.
In the Surface Lab a learning-rate drag there took 35–820 ms a step.

:class:`ZigzagCurveItem` draws such a path with ``QPainter.drawLines`` (pyqtgraph's
"segmented line" mode, which it otherwise uses only for wide pens without antialiasing).
Each segment then gets the pen's own cap instead of a join with its neighbour: for the
opaque run paths the picture differs from the joined stroke only at the corners' edge
pixels.  A path that does not zig-zag (fewer than :data:`ZIGZAG_MIN` reversals of
direction between long steps, the common case) is stroked whole, exactly as ``pg.PlotCurveItem`` does.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

ZIGZAG_MIN = 24  # long reversals (turns sharper than 90°) that make a path a zig-zag
SOLID = Qt.PenStyle.SolidLine
MIN_FRAC = 0.05  # a step counts as long above this fraction of the path's extent


def zigzag_reversals(x: np.ndarray, y: np.ndarray, min_frac: float = MIN_FRAC) -> int:
    """How many vertices turn the path by more than 90° (consecutive steps pointing apart)
    between two steps each longer than ``min_frac`` of the path's extent (in x and y
    scaled to 1): the long swings that overlap, not a spiral's sub-pixel tail."""
    if x is None or len(x) < 3:
        return 0
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        span_x, span_y = np.ptp(x), np.ptp(y)
        dx = np.diff(x) / (span_x if span_x > 0 else 1.0)
        dy = np.diff(y) / (span_y if span_y > 0 else 1.0)
        long = dx * dx + dy * dy > min_frac * min_frac
        dots = dx[:-1] * dx[1:] + dy[:-1] * dy[1:]
    return int(np.count_nonzero((dots < 0) & long[:-1] & long[1:]))


class FastBoundsCurveItem(pg.PlotCurveItem):
    """``pg.PlotCurveItem`` whose data bounds (and so its bounding rect, which the scene asks
    for after every ``setData``) take plain min/max reductions: pyqtgraph's NaN-aware
    version with its warning filters cost ≈ 0.1 ms a curve, three curves per slider step.
    Data with NaN, fill levels and non-cosmetic pens take pyqtgraph's own path."""

    def dataBounds(self, ax, frac=1.0, orthoRange=None):  # noqa: N802, N803 (pyqtgraph's names)
        d = self.xData if ax == 0 else self.yData if ax == 1 else None
        if frac < 1.0 or orthoRange is not None or d is None or len(d) == 0 \
                or self.opts["fillLevel"] is not None or not self.opts["pen"].isCosmetic():
            return super().dataBounds(ax, frac, orthoRange)
        cache = self._boundsCache[ax]
        if cache is not None and cache[0] == (frac, orthoRange):
            return cache[1]
        b = (float(d.min()), float(d.max()))
        if not (math.isfinite(b[0]) and math.isfinite(b[1])):
            return super().dataBounds(ax, frac, orthoRange)
        self._boundsCache[ax] = [(frac, orthoRange), b]
        return b


class ZigzagCurveItem(FastBoundsCurveItem):
    """``pg.PlotCurveItem`` that draws zig-zag paths as separate segments (see the module)."""

    def __init__(self, *args, **kwargs) -> None:
        self._zigzag_of: tuple | None = None
        self._zigzag = False
        super().__init__(*args, **kwargs)

    def is_zigzag(self) -> bool:
        """Whether the current data zig-zag (cached until the data change)."""
        key = (id(self.xData), id(self.yData))
        if self._zigzag_of != key:
            self._zigzag_of = key
            self._zigzag = zigzag_reversals(self.xData, self.yData) >= ZIGZAG_MIN
        return self._zigzag

    def _shouldUseDrawLineSegments(self, pen) -> bool:  # noqa: N802 (pyqtgraph's name)
        if self.is_zigzag() and self.opts["segmentedLineMode"] != "off" \
                and not self.opts["stepMode"] and pen.style() == SOLID:
            return True
        return super()._shouldUseDrawLineSegments(pen)


def use_zigzag_curve(item: pg.PlotDataItem) -> ZigzagCurveItem:
    """Give a ``PlotDataItem`` a :class:`ZigzagCurveItem` in place of its curve (call right
    after creating it, before the curve is handed to anything else)."""
    return replace_curve(item, ZigzagCurveItem)


def replace_curve(item: pg.PlotDataItem, cls: type[pg.PlotCurveItem]) -> pg.PlotCurveItem:
    """Give a ``PlotDataItem`` a curve of class ``cls`` in place of its own (call right after
    creating it, before the curve is handed to anything else)."""
    old = item.curve
    try:
        old.sigClicked.disconnect(item.sigClicked)
    except (RuntimeError, TypeError):
        pass
    if old.scene() is not None:
        old.scene().removeItem(old)
    old.setParentItem(None)
    new = cls()
    new.setParentItem(item)
    new.sigClicked.connect(item.sigClicked)
    item.curve = new
    item.updateItems()
    return new
