"""An axis whose tick text and grid are drawn from a pixmap at device resolution.

pyqtgraph's ``AxisItem`` records its ticks, labels and grid lines in a ``QPicture`` and
replays it on every paint.  With the grid shown the axis spans the whole plot, so every
curve change repainted it.  :class:`PixmapAxisItem` paints its ticks and text once into a
pixmap of its device size and blits that pixmap until the ticks (new range) or the device
transform (size, position, device pixel ratio) change.  New ticks are painted directly at
their first paint and cached at their second, so an axis that changes on every frame costs
no more than painting it.  At device pixel ratio 1 the axis asks for Qt's
``DeviceCoordinateCache`` instead, which Qt copies faster there.

New ticks (a pan, a zoom, a refit) are themselves made cheaper:

- the tick and grid lines are drawn by :func:`draw_axis_lines`, as one-device-pixel
  rectangles (pixel-identical to the lines, about 20x cheaper: Qt's raster engine blends an
  aliased cosmetic line with alpha pixel by pixel, and a plot's grid took 3–4 ms an axis);
- the tick labels' sizes, which ``generateDrawSpecs`` measures for every candidate label of
  every tick level, are measured once per text and font (:class:`_MeasuringPainter`).

Off-view renders (figure export, SVG) draw the lines with their pens and replay the text.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPaintEngine,
    QPainter,
    QPen,
    QPicture,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem

from .hidpi import set_device_cache
from .layer_cache import EXPOSED, blit_exposed


class PixmapAxisItem(pg.AxisItem):
    """``pg.AxisItem`` that blits a device-resolution pixmap of its picture."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pixmap: QPixmap | None = None
        self._key: tuple | None = None
        self._picture: QPicture | None = None
        self._seen: tuple | None = None  # (picture, key) replayed directly once
        self._lines = AxisLines()  # the axis line and the ticks of the current picture
        self.renders = 0  # pixmaps painted (for tests and benchmarks)
        self.setFlag(EXPOSED, True)  # paint() gets the exposed rect: blit only that part
        set_device_cache(self)  # at ratio 1 Qt's device cache is the cheaper copy (measured)

    def setRange(self, mn: float, mx: float) -> None:  # noqa: N802 (pyqtgraph's name)
        """pyqtgraph's, except that an axis linked to no view (a colour bar's, given its levels
        on every new result) keeps its ticks when given the same range again.  (A linked axis
        is told its range again when the view is resized: its grid lines must follow.)"""
        if (self.picture is not None and self.linkedView() is None
                and self.range == [mn, mx] and math.isfinite(mn) and math.isfinite(mx)):
            return
        super().setRange(mn, mx)

    def _updateLabel(self) -> None:  # noqa: N802 (pyqtgraph's name)
        """pyqtgraph sets the label's HTML (a text layout) and re-sizes the axis on every
        range change, for its automatic SI prefix; here only when the label's text changed
        (the ticks are drawn again either way)."""
        html = self.labelString()
        if html != getattr(self, "_label_html", None):
            self._label_html = html
            super()._updateLabel()
            return
        self.picture = None
        self.update()

    def _ensure_picture(self) -> QPicture:
        if self.picture is None:  # as AxisItem.paint builds it
            picture = QPicture()
            painter = QPainter(picture)
            try:
                if self.style["tickFont"]:
                    painter.setFont(self.style["tickFont"])
                specs = self.generateDrawSpecs(_MeasuringPainter(painter))
                if specs is not None:
                    self.drawPicture(painter, *specs)
                else:
                    self._lines = AxisLines()
            finally:
                painter.end()
            self.picture = picture
        return self.picture

    def tickValues(self, minVal, maxVal, size):  # noqa: N802,N803 (pyqtgraph's names)
        """pyqtgraph's ``AxisItem.tickValues``, the same values (compared in the tests):
        a tick already shown at a coarser level (within 1 % of the spacing) is found with one
        comparison of differences instead of ``np.isclose`` (which took a third of the tick
        layout's time)."""
        lo, hi = sorted((minVal, maxVal))
        lo *= self.scale
        hi *= self.scale
        ticks = []
        seen = np.array([])
        for spacing, offset in self.tickSpacing(lo, hi, size):
            start = (math.ceil((lo - offset) / spacing) * spacing) + offset
            num = int((hi - start) / spacing) + 1
            values = (np.arange(num) * spacing + start) / self.scale
            if seen.size:
                with np.errstate(invalid="ignore"):
                    # np.isclose(seen, v, rtol=0, atol): |seen - v| <= atol, or equal (infinity)
                    near = np.abs(seen - values[:, None]) <= spacing / self.scale * 0.01
                values = values[~(near | (seen == values[:, None])).any(axis=-1)]
            seen = np.concatenate([seen, values])
            ticks.append((spacing / self.scale, values.tolist()))
        if self.logMode:
            return self.logTickValues(lo, hi, size, ticks)
        return ticks

    def generateDrawSpecs(self, p):  # noqa: N802 (pyqtgraph's name)
        """pyqtgraph's ``AxisItem.generateDrawSpecs`` with the same result (compared in
        ``tests/app/test_axis_lines.py``) at a fraction of the cost: tick positions computed
        with numpy, ``QPointF`` ends instead of pyqtgraph's ``Point``, the axis's bounding
        rectangle asked for once instead of once per label.  An axis that stops at its end
        ticks (``stopAxisAtTick``) is laid out by pyqtgraph."""
        if any(self.style["stopAxisAtTick"]):
            return super().generateDrawSpecs(p)
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        bounds = self.mapRectFromParent(self.geometry())
        view = self.linkedView()
        tick_bounds = (bounds if view is None or self.grid is False
                       else view.mapRectToItem(self, view.boundingRect()))
        side = self.orientation
        # the axis line's ends, as pyqtgraph offsets them; where ticks start and stop
        if side == "left":
            span = (bounds.topRight() + QPointF(-1.0, -1.0),
                    bounds.bottomRight() + QPointF(-1.0, 1.0))
            tick_start, tick_stop, tick_dir, axis = tick_bounds.right(), bounds.right(), -1, 0
        elif side == "right":
            span = (bounds.topLeft() + QPointF(1.0, -1.0), bounds.bottomLeft() + QPointF(1.0, 1.0))
            tick_start, tick_stop, tick_dir, axis = tick_bounds.left(), bounds.left(), 1, 0
        elif side == "top":
            span = (bounds.bottomLeft() + QPointF(-1.0, -1.0),
                    bounds.bottomRight() + QPointF(1.0, -1.0))
            tick_start, tick_stop, tick_dir, axis = tick_bounds.bottom(), bounds.bottom(), -1, 1
        elif side == "bottom":
            span = (bounds.topLeft() + QPointF(-1.0, 1.0), bounds.topRight() + QPointF(1.0, 1.0))
            tick_start, tick_stop, tick_dir, axis = tick_bounds.top(), bounds.top(), 1, 1
        else:
            raise ValueError("self.orientation must be in {'left', 'right', 'top', 'bottom'}")
        ends = [self.mapToDevice(pt) for pt in span]
        if None in ends:
            return None
        length = math.hypot(ends[1].x() - ends[0].x(), ends[1].y() - ends[0].y())
        if length == 0:
            return None
        if self._tickLevels is None:
            levels = self.tickValues(self.range[0], self.range[1], length)
            level_strings = None
        else:
            levels = [(None, [v for v, _s in level]) for level in self._tickLevels]
            level_strings = [[s for _v, s in level] for level in self._tickLevels]
        lo, hi = self.range
        dif = hi - lo
        if dif == 0:
            scale, offset = 1, 0
        elif axis == 0:
            scale = -bounds.height() / dif
            offset = lo * scale - bounds.height()
        else:
            scale = bounds.width() / dif
            offset = lo * scale
        x_lo, x_hi = sorted((lo * scale - offset, hi * scale - offset))
        tick_specs, positions = [], []
        base_pen = self.tickPen()
        solid = base_pen.brush().style() == Qt.BrushStyle.SolidPattern
        for i, (_spacing, ticks) in enumerate(levels):
            tick_len = self.style["tickLength"] / (i * 0.5 + 1.0)
            alpha = self.style["tickAlpha"]
            if alpha is None:
                alpha = 255 / (i + 1)
                if self.grid is not False:
                    alpha *= self.grid / 255.0 * min(max(0.05 * length / (len(ticks) + 1), 0.0),
                                                     1.0)
            elif isinstance(alpha, float):
                alpha = min(255, max(0, round(alpha * 255)))
            elif isinstance(alpha, int):
                if not 0 <= alpha <= 255:
                    raise ValueError("lineAlpha should be [0..255]")
            else:
                raise TypeError("Line Alpha should be of type None, float or int")
            pen = base_pen
            if solid:
                pen = QPen(base_pen)
                color = QColor(pen.color())
                color.setAlpha(int(alpha))
                pen.setColor(color)
            xs = np.asarray(ticks, dtype=float) * scale - offset
            outside = (xs < x_lo) | (xs > x_hi)  # (a NaN position is drawn, as pyqtgraph does)
            positions.append([None if out else x for x, out in zip(xs.tolist(), outside.tolist(),
                                                                     strict=True)])
            stop = tick_stop + (tick_len * tick_dir if self.grid is False else 0)
            for x in xs[~outside].tolist():
                if axis == 0:
                    tick_specs.append((pen, QPointF(tick_start, x), QPointF(stop, x)))
                else:
                    tick_specs.append((pen, QPointF(x, tick_start), QPointF(x, stop)))
        axis_spec = (self.pen(), span[0], span[1])
        text_specs: list = []
        if not self.style["showValues"]:
            return axis_spec, tick_specs, text_specs
        text_offset = self.style["tickTextOffset"][axis]
        size2 = last_size2 = 0
        rects_so_far: list[QRectF] = []
        br = self.boundingRect()
        align = {"left": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                 "right": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                 "top": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                 "bottom": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop}[side]
        flags = align | Qt.TextFlag.TextDontClip
        measure_box = QRectF(0, 0, 100, 100)
        measured = p.label_rect if isinstance(p, _MeasuringPainter) else None
        gap = max(0, self.style["tickLength"]) + text_offset
        for i in range(min(len(levels), self.style["maxTextLevel"] + 1)):
            if level_strings is None:
                spacing, values = levels[i]
                strings = self.tickStrings(values, self.autoSIPrefixScale * self.scale, spacing)
            else:
                strings = level_strings[i]
            if len(strings) == 0:
                continue
            strings = [None if positions[i][j] is None else s for j, s in enumerate(strings)]
            rects = []
            for s in strings:
                if s is None:
                    rects.append(None)
                    continue
                if measured is not None:
                    r = measured(s)
                else:
                    r = p.boundingRect(measure_box, Qt.AlignmentFlag.AlignCenter, s)
                    r.setHeight(r.height() * 0.8)
                rects.append(r)
                rects_so_far.append(r)
            if rects_so_far:  # numpy's sums, as pyqtgraph's (the same rounding)
                along = [r.height() if axis == 0 else r.width() for r in rects_so_far]
                across = [r.width() if axis == 0 else r.height() for r in rects_so_far]
                size, size2 = np.sum(along), np.max(across)
            else:
                size = size2 = 0
            if i > 0:  # crowded: stop drawing text at this level
                fill = float(size) / length
                if any(len(text_specs) >= n and fill >= limit
                       for n, limit in self.style["textFillLimits"]):
                    break
            last_size2 = size2
            for j, s in enumerate(strings):
                if s is None:
                    continue
                x = positions[i][j]
                w, h = rects[j].width(), rects[j].height()
                if side == "left":
                    rect = QRectF(tick_stop - gap - w, x - h / 2, w, h)
                elif side == "right":
                    rect = QRectF(tick_stop + gap, x - h / 2, w, h)
                elif side == "top":
                    rect = QRectF(x - w / 2.0, tick_stop - gap - h, w, h)
                else:
                    rect = QRectF(x - w / 2.0, tick_stop + gap, w, h)
                if br & rect != rect:  # the label would stick out of the axis
                    continue
                text_specs.append((rect, flags, s))
        self._updateMaxTextSize(last_size2)
        return axis_spec, tick_specs, text_specs

    def drawPicture(self, p: QPainter, axisSpec, tickSpecs, textSpecs) -> None:  # noqa: N802,N803
        """Record the tick labels as pyqtgraph's ``AxisItem.drawPicture`` does; keep the axis
        line and the ticks (grid lines included) for :func:`draw_axis_lines` at paint time."""
        self._lines = AxisLines([axisSpec, *tickSpecs])
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        p.setPen(self.textPen())
        p.setClipRect(self.boundingRect().toAlignedRect())
        for rect, flags, text in textSpecs:
            p.drawText(rect, int(flags), text)

    def _draw(self, picture: QPicture, painter: QPainter) -> None:
        """Lines, then text (pyqtgraph's order)."""
        draw_axis_lines(painter, self._lines)
        _replay(picture, painter)

    def paint(self, p: QPainter, opt, widget=None) -> None:
        picture = self._ensure_picture()
        if widget is None or self.cacheMode() != QGraphicsItem.CacheMode.NoCache:
            # export (exact at any size), or Qt caches it (ratio 1)
            self._draw(picture, p)
            return
        dpr = p.device().devicePixelRatioF()
        world = p.worldTransform()
        rect = world.mapRect(self.boundingRect())
        x0, y0 = math.floor(rect.left() * dpr), math.floor(rect.top() * dpr)
        w = max(math.ceil(rect.right() * dpr) - x0, 1)
        h = max(math.ceil(rect.bottom() * dpr) - y0, 1)
        key = (dpr, x0, y0, w, h, world.m11(), world.m12(), world.m21(), world.m22(),
               world.dx(), world.dy())
        if self._pixmap is None or self._picture is not picture or self._key != key:
            if self._seen is None or self._seen[0] is not picture or self._seen[1] != key:
                self._seen = (picture, key)
                self._draw(picture, p)
                return
            pm = QPixmap(w, h)
            pm.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pm)
            painter.setWorldTransform(world * QTransform.fromScale(dpr, dpr)
                                      * QTransform.fromTranslate(-x0, -y0))
            self._draw(picture, painter)
            painter.end()
            pm.setDevicePixelRatio(dpr)
            self._pixmap, self._key, self._picture = pm, key, picture
            self.renders += 1
        blit_exposed(p, self._pixmap, x0, y0, dpr, world, opt.exposedRect)


SHORT = 24  # device pixels: a shorter line (a tick mark) is left to Qt, whose cost is per pixel


def _one_pixel_line(pen: QPen) -> bool:
    """A solid cosmetic pen at most 1 px wide: Qt draws it aliased one device pixel wide."""
    return (pen.style() == Qt.PenStyle.SolidLine and pen.isCosmetic() and pen.widthF() <= 1.0
            and pen.brush().style() == Qt.BrushStyle.SolidPattern)


class AxisLines:
    """An axis's line and ticks: ``pens[i]`` draws from (x1, y1) to (x2, y2) = ``ends[i]``
    (item coordinates); ``thin[i]``: the pen is a one-pixel line (:func:`_one_pixel_line`).
    A tick level shares one pen: each pen is asked once."""

    def __init__(self, lines=()) -> None:
        self.pens = [pen for pen, _a, _b in lines]
        looks: dict[int, tuple] = {}
        for pen in self.pens:
            if id(pen) not in looks:
                looks[id(pen)] = (pen.color(), _one_pixel_line(pen))
        self.colors = [looks[id(pen)][0] for pen in self.pens]
        self.thin = [looks[id(pen)][1] for pen in self.pens]
        self.ends = np.array([(a.x(), a.y(), b.x(), b.y()) for _pen, a, b in lines],
                             dtype=float).reshape(-1, 4)


def draw_axis_lines(painter: QPainter, lines: AxisLines) -> None:
    """Draw ``lines`` (world coordinates) without antialiasing, as pyqtgraph's
    ``AxisItem.drawPicture`` draws an axis and its ticks and grid lines.

    Qt's raster engine blends an aliased cosmetic line with alpha pixel by pixel: 40
    translucent grid lines across a 700 x 500 plot cost 7.6 ms at device pixel ratio 2 here,
    3–4 ms an axis on every new range.  So a horizontal or vertical line with a one-pixel pen
    (:func:`_one_pixel_line`), at least ``SHORT`` device pixels long (a tick mark costs Qt
    little), under a transform without rotation, is filled instead, over
    the device pixels Qt's line covers: from the pixel holding one end to the pixel holding
    the other, in the row or column holding the line (:func:`_pixel`); a line within one
    pixel is left to Qt.

    - Horizontal lines are filled one by one (0.36 ms for those 40).
    - A run of vertical lines with the same ends (a grid) is one rectangle filled with a
      one-row texture holding each line's colour in its column: a vertical line touches a
      new cache line of memory on every row, and 40 grid lines 921 device pixels tall cost
      4.4 ms filled one by one, 0.6 ms row by row.
    - Other lines, and every line on a device that is not a raster image (an SVG file, a
      printer: vector lines), are drawn with their pens, a run of lines sharing a pen (a
      tick level) in one ``drawLines`` call.

    The pixels are Qt's (``tests/app/test_axis_lines.py`` compares them at ratios 1 to 2,
    fractional offsets and scales, and whole plots against pyqtgraph's own axes)."""
    if not lines.pens:
        return
    world = painter.worldTransform()
    to_device = painter.deviceTransform()  # world -> device pixels (the ratio included)
    ends = lines.ends
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    engine = painter.paintEngine()
    if (engine is None or engine.type() != QPaintEngine.Type.Raster
            or to_device.type().value > QTransform.TransformationType.TxScale.value):
        # one line at a time, as pyqtgraph draws them: an SVG file gets the same elements
        for pen, (x1, y1, x2, y2) in zip(lines.pens, ends.tolist(), strict=True):
            painter.setPen(pen)
            painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))
        painter.restore()
        return
    # world units = device pixels: the device transform undone, then the world's again
    device = to_device.inverted()[0] * world
    with np.errstate(invalid="ignore", over="ignore"):
        xs = np.sort(_pixel(ends[:, 0::2] * to_device.m11() + to_device.dx()), axis=1)
        ys = np.sort(_pixel(ends[:, 1::2] * to_device.m22() + to_device.dy()), axis=1)
    # filled only within reach of Qt's integer rectangles (else drawn with the pen)
    near = (np.abs(xs) < 2**24).all(axis=1) & (np.abs(ys) < 2**24).all(axis=1)
    cells = np.where(near[:, None], np.hstack([xs, ys]), 0).astype(np.int64).tolist()
    columns: list[tuple[int, object]] = []  # a run of vertical lines with the same rows
    rows = (0, 0)

    def fill_columns() -> None:
        if columns:
            _fill_columns(painter, columns, *rows)
            columns.clear()

    stroked: list = []  # a run of lines with one pen, drawn with it in one call

    def stroke() -> None:
        if stroked:
            painter.setWorldTransform(world)  # drawn with the pen, in the world's coordinates
            painter.setPen(lines.pens[stroked[0]])
            painter.drawLines([QLineF(*ends[i]) for i in stroked])
            painter.setWorldTransform(device)
            stroked.clear()

    painter.setWorldTransform(device)
    # a short line (a tick mark) costs Qt little: filling pays for lines across a plot
    long_enough = (xs[:, 1] - xs[:, 0] >= SHORT) | (ys[:, 1] - ys[:, 0] >= SHORT)
    fillable = (near & np.asarray(lines.thin, dtype=bool) & long_enough).tolist()
    for i, ((c0, c1, r0, r1), one) in enumerate(zip(cells, fillable, strict=True)):
        if one and c0 == c1 and r0 != r1:
            stroke()
            if rows != (r0, r1):
                fill_columns()
                rows = (r0, r1)
            columns.append((c0, lines.colors[i]))
            continue
        fill_columns()
        if one and r0 == r1 and c0 != c1:
            stroke()
            painter.fillRect(QRectF(c0, r0, c1 - c0 + 1, 1), lines.colors[i])
            continue
        if stroked and lines.pens[stroked[0]] is not lines.pens[i]:
            stroke()
        stroked.append(i)
    stroke()
    fill_columns()
    painter.restore()


def _pixel(v: np.ndarray) -> np.ndarray:
    """The device pixel holding coordinate ``v`` as Qt's aliased lines count it: ``v`` cut to
    1/64 of a pixel towards zero, then floored (so -1/128 is in pixel 0, as Qt draws it)."""
    return np.floor(np.trunc(v * 64.0) / 64.0)


def _fill_columns(painter: QPainter, columns: list, r0: int, r1: int) -> None:
    """Fill device rows r0..r1 of each (column, colour) one pixel wide, in order: one
    rectangle filled with a one-row texture (the painter maps 1:1 on device pixels); a
    single line is filled directly."""
    if len(columns) == 1:
        painter.fillRect(QRectF(columns[0][0], r0, 1, r1 - r0 + 1), columns[0][1])
        return
    left = min(c for c, _color in columns)
    width = max(c for c, _color in columns) - left + 1
    strip = QImage(width, 1, QImage.Format.Format_ARGB32_Premultiplied)
    strip.fill(Qt.GlobalColor.transparent)
    p = QPainter(strip)
    for c, color in columns:  # in order: a column drawn twice blends as the lines would
        p.fillRect(QRect(c - left, 0, 1, 1), color)
    p.end()
    painter.setBrushOrigin(QPointF(left, r0))
    painter.fillRect(QRectF(left, r0, width, r1 - r0 + 1), QBrush(strip))


class _MeasuringPainter:
    """The painter :meth:`PixmapAxisItem.generateDrawSpecs` is given: it measures every
    candidate tick label of every tick level on every new range, and the labels repeat
    (0, 0.5, 1, ...).  ``label_rect`` measures each (font, text) once; everything else goes
    to the real painter."""

    _labels: dict[tuple, QRectF] = {}
    LIMIT = 4096  # measures remembered (forgotten all at once past this)

    def __init__(self, painter: QPainter) -> None:
        self._painter = painter
        self._font = (painter.font().key(), painter.device().logicalDpiY())

    def setFont(self, font) -> None:  # noqa: N802 (Qt name)
        self._painter.setFont(font)
        self._font = (font.key(), self._painter.device().logicalDpiY())

    def label_rect(self, text: str) -> QRectF:
        """A tick label's rectangle as ``generateDrawSpecs`` takes it: measured centred in a
        100 x 100 box, 0.8 of its height (shared: read, never changed)."""
        key = (self._font, text)
        rect = self._labels.get(key)
        if rect is None:
            if len(self._labels) >= self.LIMIT:
                self._labels.clear()
            rect = self._painter.boundingRect(QRectF(0, 0, 100, 100),
                                              Qt.AlignmentFlag.AlignCenter, text)
            rect.setHeight(rect.height() * 0.8)
            self._labels[key] = rect
        return rect

    def __getattr__(self, name: str):
        return getattr(self._painter, name)


def _replay(picture: QPicture, painter: QPainter) -> None:
    """Replay an axis picture; it ends with a clip to the axis, which must not outlast it
    (views that let items keep the painter's state, ``hidpi.own_painter_state``)."""
    painter.save()
    picture.play(painter)
    painter.restore()


def pixmap_axes(*names: str) -> dict[str, PixmapAxisItem]:
    """``axisItems`` for ``PlotItem``/``addPlot``: a :class:`PixmapAxisItem` per side named
    (left and bottom when none is).  Only name the sides the plot shows: ``PlotItem`` shows
    every axis it is given."""
    return {n: PixmapAxisItem(orientation=n) for n in names or ("left", "bottom")}


class PixmapColorBar(pg.ColorBarItem):
    """``pg.ColorBarItem`` whose labelled axis (the right one: the labs' bars are vertical)
    is a :class:`PixmapAxisItem`: a colour bar whose range follows every new result (the N-D
    Lab's loss) lays out and draws its ticks for a fraction of pyqtgraph's cost.  The three
    frame axes stay pyqtgraph's: the top one draws its line outside its own bounds, which a
    pixmap of those bounds would lose."""

    def setAxisItems(self, axisItems=None) -> None:  # noqa: N802,N803 (pyqtgraph's names)
        super().setAxisItems({"right": PixmapAxisItem(orientation="right"),
                              **(axisItems or {})})
