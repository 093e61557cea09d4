"""Playback of the runs' paths at a fixed cost per frame, at any device pixel ratio.

During playback every run's bold path shows steps 0…k and grows by a few steps a frame.
Stroking a whole antialiased path again on each frame costs time in proportion to its
length (1000 zig-zag steps: ~3 ms per run at device pixel ratio 2), and the area Qt repaints
is the path's whole bounding box, so every layer below (heat map, ghosts) is copied again too.
Here the part that no longer changes is painted once:

- :class:`GrowingPaths` takes over the painting of the paths that are growing (the run
  layer keeps the path items for the legend, tool tips and exports; their own ``paint`` is
  switched off with ``ItemHasNoContents``, as :class:`~app.widgets.layer_cache.CachedLayer`
  does).  Per run it keeps one pixmap of the view's size at device resolution holding the
  path's first vertices, extended append-only, and strokes only the tail beyond it on each
  frame.  It repaints only the box around the vertices that were added or removed.
- The playback markers (:class:`~app.widgets.moving_spots.MovingSpots`) repaint the few
  pixels around each marker's old and new place, not the box spanning all markers.

The picture equals a direct stroke of the whole path: a stroke split at vertex ``c`` into
``[…, c]`` and ``[c - 1, …]`` with flat caps covers exactly the outline of the whole
stroke (every segment's rectangle and every bevel join lies in one of the two parts; the
segment ``c - 1 → c`` in both).  The path's real ends get their square caps by extending
the stroke by half the pen width along the end segment (a square cap is that extension).
Only the antialiased edge pixels of the shared segment are blended twice.

Whatever changes the picture otherwise -- another path (a slider step, a new view range),
seeking backwards, the pen, the view's size, range or device pixel ratio -- drops the run's
pixmap: that frame strokes the path directly (the path item's own ``paint``) and the next
unchanged one builds the pixmap again.  Figure export renders with no widget: there the
layer strokes each path directly, never the pixmap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from ..widgets.clipping import ClippedPath
from ..widgets.layer_cache import NO_CONTENTS, CachedLayer, ViewLayer, blit_exposed
from ..widgets.moving_spots import repaint_area

TAIL = 48  # vertices stroked on each frame at most before they are added to the pixmap
PAD_PX = 3.0  # logical pixels around changed vertices repainted (antialiasing, rounding)


def _world_params(t: QTransform) -> tuple[float, ...]:
    return t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()


def _map(t: tuple[float, ...], x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Apply the affine part of a QTransform (m11, m12, m21, m22, dx, dy) to arrays."""
    m11, m12, m21, m22, dx, dy = t
    return m11 * x + m21 * y + dx, m12 * x + m22 * y + dy


def stroke_polyline(painter: QPainter, x: np.ndarray, y: np.ndarray, connect: np.ndarray,
                    pen: QPen, cap_px: float, start_cap: bool, end_cap: bool) -> None:
    """Stroke vertices ``(x, y)`` (already in the painter's coordinates, drawn with an identity
    world transform) where ``connect[i]`` joins vertex i to i + 1, with flat caps; a square cap
    of ``cap_px`` is added at every run of joined vertices' ends except at the very first
    vertex (``start_cap`` False) and the very last one (``end_cap`` False)."""
    m = len(x)
    if m < 2:
        return
    joined = np.asarray(connect[: m - 1], dtype=bool)
    if not joined.any():
        return
    # runs of joined segments: vertex a … b with connect[a..b-1] True
    edges = np.diff(np.concatenate([[0], joined.astype(np.int8), [0]]))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    path = QPainterPath()
    for a, b in zip(starts.tolist(), stops.tolist(), strict=True):
        xs, ys = x[a: b + 1].copy(), y[a: b + 1].copy()
        if cap_px > 0 and (a > 0 or start_cap):
            _extend(xs, ys, 0, cap_px)
        if cap_px > 0 and (b < m - 1 or end_cap):
            _extend(xs, ys, -1, cap_px)
        path.moveTo(float(xs[0]), float(ys[0]))
        for px, py in zip(xs[1:].tolist(), ys[1:].tolist(), strict=True):
            path.lineTo(px, py)
    flat = QPen(pen)
    flat.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(flat)
    painter.drawPath(path)


def _extend(xs: np.ndarray, ys: np.ndarray, end: int, length: float) -> None:
    """Move end vertex ``end`` (0 or -1) outwards by ``length`` along its nearest segment of
    non-zero length (a square cap drawn as part of a flat-capped stroke)."""
    order = range(1, len(xs)) if end == 0 else range(len(xs) - 2, -1, -1)
    x0, y0 = xs[end], ys[end]
    for i in order:
        dx, dy = x0 - xs[i], y0 - ys[i]
        n = math.hypot(dx, dy)
        if n > 1e-9:
            xs[end] = x0 + length * dx / n
            ys[end] = y0 + length * dy / n
            return


@dataclass
class _Run:
    """One growing run: its path item, clipped path and step, and its pixmap."""

    curve: pg.PlotCurveItem
    clipped: ClippedPath
    vertices: int  # vertices drawn: 0 … vertices - 1
    pixmap: QPixmap | None = None
    key: tuple | None = None  # geometry + pen + path the pixmap was painted for
    baked: int = 0  # vertices 0 … baked - 1 are in the pixmap (with the segments between)
    seen: tuple | None = None  # key of the last direct paint (cache at the next paint)
    box: QRectF | None = None  # what the pixmap holds (item coordinates, unpadded)


def pen_key(pen: QPen) -> tuple:
    return (pen.color().rgba(), pen.widthF(), int(pen.style().value), pen.isCosmetic(),
            int(pen.joinStyle().value))


class GrowingPaths(ViewLayer):
    """Paints the paths of the runs that are growing (playback before their last step)."""

    def __init__(self, vb: pg.ViewBox, below: CachedLayer | None = None, z: float = 3.0) -> None:
        """``below``: the layer that paints whole runs; a path it holds keeps its flags."""
        super().__init__(vb, z)
        self.below = below
        self.runs: dict[object, _Run] = {}
        self.order: list[object] = []
        self.bakes = 0  # pixmap extensions (tests and benchmarks)
        self.direct = 0  # paths stroked directly (no valid pixmap)

    # --- what is growing ----------------------------------------------------------
    def show(self, key, curve: pg.PlotCurveItem, clipped: ClippedPath, j: int, last: int) -> None:
        """Run ``key``'s path item ``curve`` shows steps 0…j of ``clipped``; ``last`` is the
        run's last step.  A growing run (j < last) is painted here; a whole one is given back
        to its own painting (or to ``below``)."""
        if j >= last:
            self.forget(key)
            return
        n = int(clipped.upto[min(max(j, 0), len(clipped.upto) - 1)]) if len(clipped.upto) else 0
        run = self.runs.get(key)
        if run is None or run.curve is not curve:
            if run is not None:
                self.forget(key)
            run = self.runs[key] = _Run(curve, clipped, n)
            self.order.append(key)
            curve.setFlag(NO_CONTENTS, True)
            self._update_vertices(clipped, 0, n)
            return
        if run.clipped is not clipped:  # another path: repaint where either is
            self._update_vertices(run.clipped, 0, run.vertices)
            run.clipped, run.vertices = clipped, n
            run.pixmap = run.key = None
            self._update_vertices(clipped, 0, n)
            return
        if n != run.vertices:
            lo, hi = sorted((run.vertices, n))
            self._update_vertices(clipped, max(lo - 1, 0), hi)
            run.vertices = n
        curve.setFlag(NO_CONTENTS, True)  # a layer below may have given it back its paint

    def repaint(self, key) -> None:
        """Paint run ``key`` again from scratch (its item's look changed, e.g. antialiasing)."""
        run = self.runs.get(key)
        if run is not None:
            run.pixmap = run.key = None
            self._update_vertices(run.clipped, 0, run.vertices)

    def forget(self, key) -> None:
        """Stop painting run ``key`` (whole again, or removed)."""
        run = self.runs.pop(key, None)
        if run is None:
            return
        self.order.remove(key)
        self._update_vertices(run.clipped, 0, run.vertices)
        if self.below is None or run.curve not in self.below.sources:
            run.curve.setFlag(NO_CONTENTS, False)
            run.curve.update()

    def _update_vertices(self, clipped: ClippedPath, a: int, b: int) -> None:
        """Repaint the box around vertices a … b - 1 of ``clipped`` (and the caps there)."""
        b = min(b, len(clipped.x))
        if b <= a:
            return
        xs, ys = clipped.x[a:b], clipped.y[a:b]
        sx, sy = self.vb.viewPixelSize()
        px = PAD_PX + self._max_pen_px()
        x0, x1 = float(xs.min()), float(xs.max())
        y0, y1 = float(ys.min()), float(ys.max())
        repaint_area(self, QRectF(x0 - px * sx, y0 - px * sy, x1 - x0 + 2 * px * sx,
                                  y1 - y0 + 2 * px * sy))

    def _max_pen_px(self) -> float:
        w = [r.curve.opts["pen"].widthF() for r in self.runs.values()]
        return max(w, default=2.0)

    # --- QGraphicsItem ------------------------------------------------------------
    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self.runs:
            return
        if widget is None:  # export or an off-view render: the real thing
            if not isinstance(painter.device(), QSvgGenerator):  # SVG export paints each item
                for key in self.order:
                    self._paint_direct(painter, self.runs[key])
            return
        dpr = painter.device().devicePixelRatioF()
        world = painter.worldTransform()
        rect = world.mapRect(self.boundingRect())
        x0, y0 = math.floor(rect.left() * dpr), math.floor(rect.top() * dpr)
        w = max(math.ceil(rect.right() * dpr) - x0, 1)
        h = max(math.ceil(rect.bottom() * dpr) - y0, 1)
        geometry = (dpr, x0, y0, w, h, *_world_params(world))
        for key in self.order:
            run = self.runs[key]
            if not run.curve.isVisible():  # e.g. no data: PlotDataItem hides its curve
                continue
            pen = run.curve.opts["pen"]
            k = (geometry, pen_key(pen), bool(run.curve.opts["antialias"]), id(run.clipped))
            if run.key != k or run.pixmap is None or run.baked > run.vertices:
                run.pixmap = run.key = None
                if run.seen != k:  # new since the last paint: direct now, cached next time
                    run.seen = k
                    self._paint_direct(painter, run)
                    continue
                run.pixmap = QPixmap(w, h)
                run.pixmap.fill(Qt.GlobalColor.transparent)
                run.key, run.baked, run.box = k, 0, None
            to_pixmap = QTransform.fromScale(dpr, dpr) * QTransform.fromTranslate(-x0, -y0)
            if run.vertices - run.baked > TAIL or run.baked == 0:
                self._bake(run, world * to_pixmap, pen)
            run.pixmap.setDevicePixelRatio(dpr)
            if run.box is not None:  # copy only where this run's pixmap has paint
                sx, sy = self.vb.viewPixelSize()
                pad = PAD_PX + pen.widthF()
                held = run.box.adjusted(-pad * sx, -pad * sy, pad * sx, pad * sy)
                blit_exposed(painter, run.pixmap, x0, y0, dpr, world,
                             option.exposedRect.intersected(held))
            self._paint_tail(painter, run, world, pen, dpr)

    def _paint_direct(self, painter: QPainter, run: _Run) -> None:
        """The path item's own stroke of its whole data."""
        if not run.curve.isVisible():
            return
        self.direct += 1
        t, ok = run.curve.itemTransform(self)
        if not ok:
            return
        painter.save()
        painter.setWorldTransform(t * painter.worldTransform())
        run.curve.paint(painter, QStyleOptionGraphicsItem(), None)
        painter.restore()

    def _bake(self, run: _Run, to_device: QTransform, pen: QPen) -> None:
        """Add vertices baked - 1 … vertices - 1 to the run's pixmap (device pixels)."""
        a, b = max(run.baked - 1, 0), run.vertices
        if b - a >= 2:
            c = run.clipped
            x, y = _map(_world_params(to_device), c.x[a:b], c.y[a:b])
            run.pixmap.setDevicePixelRatio(1.0)  # painted in device pixels
            p = QPainter(run.pixmap)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, bool(run.curve.opts["antialias"]))
            stroke_polyline(p, x, y, c.connect[a:b], pen, pen.widthF() / 2,
                            start_cap=a == 0, end_cap=False)
            p.end()
            self.bakes += 1
            xs, ys = c.x[a:b], c.y[a:b]
            box = QRectF(float(xs.min()), float(ys.min()), float(np.ptp(xs)), float(np.ptp(ys)))
            run.box = box if run.box is None else run.box.united(box)
        run.baked = b

    def _paint_tail(self, painter: QPainter, run: _Run, world: QTransform, pen: QPen,
                    dpr: float) -> None:
        """Stroke vertices baked - 2 … vertices - 1 (one segment shared with the pixmap)."""
        a, b = max(run.baked - 2, 0), run.vertices
        if b - a < 2:
            return
        c = run.clipped
        x, y = _map(_world_params(world), c.x[a:b], c.y[a:b])
        conn = c.connect[a:b].copy()
        conn[-1] = False
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, bool(run.curve.opts["antialias"]))
        stroke_polyline(painter, x, y, conn, pen, pen.widthF() / 2 / dpr,
                        start_cap=a == 0, end_cap=True)
        painter.restore()
