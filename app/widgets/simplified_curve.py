"""Curves against the step that stroke only the vertices a screen can tell apart.

Qt strokes a pen wider than one device pixel at a cost proportional to the number of
segments: a 1001-step loss curve at device pixel ratio 2 (2 px pen, 4 device pixels)
costs ≈ 0.6 ms, and a slider drag redraws two of them on every step (a start drag eight).
Most of those vertices lie within a fraction of a device pixel of the straight line
through their neighbours.

:func:`screen_keep_mask` drops them, in device pixels of the paint at hand: the vertices
are cut into blocks of :data:`BLOCK` segments; a block whose inner vertices all lie within
``tol`` of the segment joining its two ends (its chord) is drawn as that chord.  Every
dropped vertex then lies within ``tol`` of the polyline drawn, and every point of the
drawn polyline within ``tol`` of the full one (the chord's ends are kept).  For x evenly
spaced (a curve against the step) the vertical distance, which bounds the distance to the
chord, takes a few array operations (≈ 0.06 ms for 1000 vertices); Douglas-Peucker's
data-dependent splits (:mod:`app.nd_lab.simplify`, 1-4 ms) run off the GUI thread only.
A general polyline (a run's path) is drawn whole: the distance to each chord cost as
much as the stroke it saved (measured).

:class:`SimplifiedCurveItem` applies it when painting to the screen (a widget, or a
pixmap cache of one) with ``tol`` = :data:`TOL` device pixels.  The item's data stay
whole (``getData``, bounds, exports), and exports (an image, SVG, a printer) draw every
vertex.  Curves with uneven x, breaks (``connect`` arrays), fills, step mode or
non-finite points are drawn as pyqtgraph draws them.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from .zigzag_curve import FastBoundsCurveItem

BLOCK = 8  # segments per block
TOL = 0.125  # device pixels
MIN_VERTICES = 4 * BLOCK  # fewer: drawn whole (nothing to gain)


def screen_keep_mask(y: np.ndarray, tol: float = TOL, block: int = BLOCK) -> np.ndarray:
    """Which vertices to keep of a polyline whose x are evenly spaced and increasing (a
    curve against the step), ``y`` in device pixels: all but the inner vertices of each
    block of ``block`` segments that lie within ``tol`` of the block's chord, measured
    vertically (a vertical distance is at least the distance to the chord)."""
    n = len(y)
    keep = np.ones(n, dtype=bool)
    m = (n - 1) // block
    if m == 0:
        return keep
    a = y[0:m * block:block]  # each block's first vertex
    rise = y[block:m * block + 1:block] - a  # its chord's rise over the block
    w = np.arange(block) / block
    dev = np.abs(y[:m * block].reshape(m, block) - a[:, None] - rise[:, None] * w)
    drop = np.zeros((m, block), dtype=bool)
    drop[dev.max(axis=1) <= tol, 1:] = True  # inner vertices of the blocks drawn as chords
    keep[:m * block] = ~drop.ravel()
    return keep


def _evenly_spaced(x: np.ndarray) -> bool:
    d = np.diff(x)
    return bool(d[0] > 0 and d.min() == d.max())


def _on_screen(painter: QPainter) -> bool:
    return isinstance(painter.device(), (QWidget, QPixmap))


class SimplifiedCurveItem(FastBoundsCurveItem):
    """:class:`FastBoundsCurveItem` that on screen strokes only the vertices
    :func:`screen_keep_mask` keeps for the paint's device pixels (see the module); its data
    stay whole."""

    _drawn_key: tuple | None = None
    _drawn: tuple | None = None
    simplified = 0  # paints that stroked fewer vertices (for tests and benchmarks)

    def _reduced(self, painter: QPainter) -> tuple[np.ndarray, np.ndarray] | None:
        """The vertices to stroke for this paint, or None to stroke them all."""
        x, y, o = self.xData, self.yData, self.opts
        if (x is None or len(x) < MIN_VERTICES or self._exportOpts is not False
                or not isinstance(o["connect"], str) or o["connect"] not in ("all", "finite")
                or o["stepMode"] or o["fillLevel"] is not None or not _on_screen(painter)):
            return None
        t = painter.combinedTransform()
        dpr = painter.device().devicePixelRatioF()
        key = (id(x), id(y), len(x), t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy(), dpr)
        if key != self._drawn_key:
            self._drawn_key = key
            self._drawn = None
            if t.m12() == 0.0 and t.m21() == 0.0 and _evenly_spaced(x):
                with np.errstate(invalid="ignore", over="ignore"):
                    py = (t.m22() * y + t.dy()) * dpr  # x stays evenly spaced on screen
                if np.isfinite(py).all():
                    keep = screen_keep_mask(py)
                    if not keep.all():
                        self._drawn = (x[keep], y[keep])
        return self._drawn

    def paint(self, p, opt, widget) -> None:
        drawn = self._reduced(p)
        if drawn is None:
            super().paint(p, opt, widget)
            return
        full = self.xData, self.yData
        self.xData, self.yData = drawn
        self._lineSegmentsRendered = False  # pyqtgraph's caches of the drawn vertices
        self.path = None
        try:
            super().paint(p, opt, widget)
            self.simplified += 1
        finally:
            self.xData, self.yData = full
            self._lineSegmentsRendered = False
            self.path = None
