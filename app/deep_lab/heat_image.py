"""The layer x step heat map of one stack, updated a column at a time and painted 1:1 on
device pixels.

Why not ``pg.ImageItem``: every new step set a new image (400 sampled columns, resampled as
the run grew), re-coloured it, and Qt scaled it to the screen on every paint -- at device
pixel ratio 2, two images (colours and the underflow overlay) of 700 x 500 device pixels a
frame.  Here the geometry is fixed between axis jumps:

- the image spans the x axis' range, steps 1 .. ``upper`` (``upper`` = the axis end from
  :func:`~app.deep_lab.series.nice_upper`), in columns of ``stride = ceil(upper / max_columns)``
  steps; column j shows the latest step of its block so far, ``min(n, (j + 1) * stride)``;
  later columns are transparent;
- colour of a cell: viridis index ``floor((log10 g - lo) * 256 / (hi - lo))`` clipped to
  0..255 (pyqtgraph's level scaling), the underflow colour where g == 0 exactly;
- a new step re-colours only the columns from the last one shown to the newest (one, as a
  rule) and asks Qt to repaint only their strip;
- the picture is kept at device resolution: each device pixel takes the cell under its
  centre (nearest neighbour, so nothing is blurred at any ratio) and is copied 1:1 onto the
  screen.  Only a view change (size, range, ratio) or new colour levels rebuild it whole; a
  new step rewrites the device columns of the changed cells, so the incremental picture is
  the fresh one, pixel for pixel.

Off-screen renders (figure export, SVG) draw the cell image scaled into the item's rectangle.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsItem

from ..widgets.layer_cache import blit_exposed
from .series import StackSeries

__all__ = ["HeatImage", "argb", "cell_colors"]

_FORMAT = QImage.Format.Format_ARGB32_Premultiplied
_EXPOSED = QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption


def argb(color: str) -> int:
    """An opaque colour as a 32-bit ARGB pixel value."""
    r, g, b, _ = QColor(color).getRgb()
    return (0xFF << 24) | (r << 16) | (g << 8) | b


def cell_colors(values: np.ndarray, levels: tuple[float, float], lut: np.ndarray,
                zero: int) -> np.ndarray:
    """ARGB pixels of gradient norms ``values``: ``lut[floor((log10 v - lo) * n / (hi - lo))]``
    (index clipped to the table), ``zero`` where v == 0, transparent where v is NaN."""
    lo, hi = levels
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log10(np.where(values > 0, values, 1.0))
        t = (logs - lo) * (len(lut) / (hi - lo))
    idx = np.clip(np.nan_to_num(np.floor(t), nan=0.0, posinf=len(lut) - 1.0, neginf=0.0),
                  0, len(lut) - 1).astype(np.intp)
    out = lut[idx]
    out[values == 0.0] = zero
    out[np.isnan(values)] = 0
    return out


class HeatImage(pg.GraphicsObject):
    """Layer (rows) x step (columns) gradient-norm heat map of one :class:`StackSeries`."""

    def __init__(self, cmap: pg.ColorMap, underflow_color: str, max_columns: int) -> None:
        super().__init__()
        rgb = cmap.getLookupTable(nPts=256, alpha=False).astype(np.uint32)
        self.lut = (0xFF << 24) | (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]
        self.zero = argb(underflow_color)
        self.max_columns = max_columns
        self.setFlag(_EXPOSED, True)  # paint() gets the exposed rect: copy only that part
        self.device_builds = 0  # whole device pictures built (for tests and benchmarks)
        self.clear()

    # -- data -----------------------------------------------------------------------------
    def clear(self) -> None:
        self.prepareGeometryChange()
        self.cells = np.zeros((0, 0), np.uint32)  # (depth, columns) ARGB, row 0 = layer 1
        self.stride = 1
        self.levels: tuple[float, float] | None = None
        self.shown_steps = 0
        self._rect = QRectF()
        self._device = None  # (key, pixels, QImage, rows, cols, x0, y0)
        self._dirty: tuple[int, int] | None = None  # columns changed since the last paint
        self.update()

    def show(self, series: StackSeries, levels: tuple[float, float], upper: int) -> None:
        """Show steps 1 .. ``series.n`` on an x span of steps 1 .. ``upper`` (>= n)."""
        n, depth = series.n, series.depth
        stride = max(1, math.ceil(upper / self.max_columns))
        columns = math.ceil(upper / stride)
        if (self.cells.shape != (depth, columns) or stride != self.stride
                or levels != self.levels or n < self.shown_steps):
            self.prepareGeometryChange()
            self.stride, self.levels = stride, levels
            self.cells = np.zeros((depth, columns), np.uint32)
            self._rect = QRectF(0.5, 0.5, float(columns * stride), float(depth))
            self._device = None
            first = 0
            self.informViewBoundsChanged()
            self.update()
        else:
            first = max(0, (self.shown_steps - 1) // stride)  # its block may have grown
        last = (n - 1) // stride if n else -1
        if last >= first:
            steps = np.minimum(np.arange(first, last + 1) * stride + stride, n) - 1
            self.cells[:, first:last + 1] = cell_colors(series.act[steps].T, levels, self.lut,
                                                        self.zero)
            if self._device is not None:
                lo, hi = self._dirty or (first, last)
                self._dirty = (min(lo, first), max(hi, last))
            self.update(QRectF(0.5 + first * stride, 0.5, (last + 1 - first) * stride,
                               float(depth)))
        self.shown_steps = n

    def cell_image(self) -> QImage:
        """The cells as an image, one pixel a cell (row 0 = layer 1)."""
        return QImage(np.ascontiguousarray(self.cells).data, self.cells.shape[1],
                      self.cells.shape[0], self.cells.shape[1] * 4, _FORMAT).copy()

    # -- Qt -------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt name)
        return QRectF(self._rect)

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):  # noqa: N802, N803
        if self._rect.isEmpty():
            return (None, None)
        r = self._rect
        return (r.left(), r.right()) if ax == 0 else (r.top(), r.bottom())

    def paint(self, p: QPainter, opt, widget=None) -> None:
        if not self.cells.size:
            return
        world = p.worldTransform()
        if widget is None or world.m12() != 0.0 or world.m21() != 0.0:
            p.drawImage(self._rect, self.cell_image())  # export: exact at any size
            return
        dpr = p.device().devicePixelRatioF()
        key = (dpr, world.m11(), world.m22(), world.dx(), world.dy(), self.cells.shape,
               self.stride)
        if self._device is None or self._device[0] != key:
            self._build_device(key, world, dpr)
        elif self._dirty is not None:
            self._refresh_columns(*self._dirty)
        self._dirty = None
        _, _pixels, image, _rows, _cols, x0, y0 = self._device
        blit_exposed(p, image, x0, y0, dpr, world, opt.exposedRect)  # 1:1 on device pixels

    def _build_device(self, key: tuple, world: QTransform, dpr: float) -> None:
        """Each device pixel of the item's rectangle takes the cell under its centre."""
        dev = world.mapRect(self._rect)
        x0, y0 = math.floor(dev.left() * dpr), math.floor(dev.top() * dpr)
        x1, y1 = math.ceil(dev.right() * dpr), math.ceil(dev.bottom() * dpr)
        depth, columns = self.cells.shape
        # device pixel centre -> item coordinates (world = scale + translation, no rotation)
        xi = ((np.arange(x0, x1) + 0.5) / dpr - world.dx()) / world.m11()
        yi = ((np.arange(y0, y1) + 0.5) / dpr - world.dy()) / world.m22()
        cols = np.floor((xi - 0.5) / self.stride).astype(np.intp)
        rows = np.floor(yi - 0.5).astype(np.intp)
        cols[(cols < 0) | (cols >= columns)] = columns  # the transparent pad column
        rows[(rows < 0) | (rows >= depth)] = depth  # the transparent pad row
        pixels = self._padded()[rows[:, None], cols[None, :]]
        image = pg.functions.ndarray_to_qimage(pixels, _FORMAT)
        image.setDevicePixelRatio(dpr)
        self._device = (key, pixels, image, rows, cols, x0, y0)
        self.device_builds += 1

    def _refresh_columns(self, first: int, last: int) -> None:
        """Rewrite the device columns showing cell columns ``first`` .. ``last``."""
        _, pixels, _image, rows, cols, _x0, _y0 = self._device
        where = np.flatnonzero((cols >= first) & (cols <= last))
        if where.size:
            a, b = int(where[0]), int(where[-1]) + 1
            pixels[:, a:b] = self._padded()[rows[:, None], cols[None, a:b]]

    def _padded(self) -> np.ndarray:
        depth, columns = self.cells.shape
        padded = np.zeros((depth + 1, columns + 1), np.uint32)
        padded[:depth, :columns] = self.cells
        return padded
