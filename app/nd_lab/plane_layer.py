"""The plane view: loss heatmap and contours on the plane, projected paths, markers.

Items are created once (per run key) and then updated with ``setData``.  The
heatmap, the contours and the paths all come from one :class:`RunResult`, so
they are drawn on the same plane by construction.  Paths and markers are
clipped to the view (:mod:`app.widgets.clipping`): a run that leaves it ends at
the edge, where an arrow in its colour shows which way it went.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QColor, QFont

from ..surface_lab.run_layer import spot_brush, spot_pen
from ..widgets.cached_axis import PixmapColorBar
from ..widgets.clipping import ClippedPath, padded_box
from ..widgets.exit_arrow import make_exit_arrow, place_exit_arrow
from ..widgets.lean_scatter import LeanScatter
from .compute import RunResult
from .plane_render import (
    PlaneTarget,
    PrerenderedLayer,
    contour_pen,
    path_pens,
    transform_values,
)
from .prepare import Drawing, clip_run, drawing_for, in_plane_distance

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

# Same light map as the Surface Lab: coloured paths stand out on it.  Low = light.
PLANE_CMAP = pg.ColorMap(
    pos=[0.0, 0.25, 0.55, 0.8, 1.0],
    color=["#FCFBF2", "#E3ECE6", "#B5C9D6", "#7E9AB5", "#4A6382"],
)
TEXT = "#333333"


def tr(text: str) -> str:
    return translate("NDPlane", text)


def style_axes(plot: pg.PlotItem, size: int = 8) -> None:
    font = QFont()
    font.setPointSize(size)
    for name in ("left", "bottom"):
        ax = plot.getAxis(name)
        ax.setTextPen(TEXT)
        ax.setPen("#888888")
        ax.setTickFont(font)
    plot.setMenuEnabled(False)
    plot.hideButtons()


def _spots(points, span: float, color: str, what: str) -> list[dict]:
    """Scatter spots for projected critical points: filled if in the plane, hollow if not."""
    spots = []
    for u, v, off in points if points is not None else ():
        on = off <= 1e-3 * span
        tip = (
            translate("NDPlane", "{what}, in this plane").format(what=what)
            if on
            else translate("NDPlane", "projection of a {what} {d:.3g} away from this plane").format(
                what=what, d=off
            )
        )
        spots.append(
            {
                "pos": (u, v),
                "data": tip,
                "brush": spot_brush(color if on else "#FFFFFF"),
                "pen": spot_pen(color, 1.5),
            }
        )
    return spots



def _set_axis_label(axis: pg.AxisItem, text: str) -> None:
    """``setLabel`` only when the text changes: each call drops the axis's picture (its ticks,
    grid and text are drawn again) and re-sizes it."""
    if (axis.labelText != text or axis.labelStyle.get("color") != TEXT
            or not axis.label.isVisible()):
        axis.setLabel(text, color=TEXT)
        # pyqtgraph centres the label only when the axis is resized, and a fixed-size axis
        # is not: centre the new text now.
        axis.resizeEvent()


class PlaneLayer:
    """Draws a RunResult's plane on ``plot``; ``set_position(k)`` moves the markers."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        style_axes(plot, 9)
        plot.getViewBox().setDefaultPadding(0.0)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setZValue(-20)
        plot.addItem(self.image)
        self.colorbar = PixmapColorBar(
            colorMap=PLANE_CMAP, interactive=False, width=12, pen="#777777", colorMapMenu=False
        )
        self.colorbar.setImageItem(self.image, insert_in=plot)
        cax = self.colorbar.getAxis("right")
        cax.setTextPen(TEXT)
        cax.setPen("#777777")
        # Fixed widths: a new result's tick labels never resize the view box, so the layers
        # the worker painted for its size stay usable (plane_render).
        cax.setWidth(50)
        plot.getAxis("left").setWidth(56)
        self.contours = pg.PlotCurveItem(pen=contour_pen(), skipFiniteCheck=True)
        self.contours.setZValue(-10)
        plot.addItem(self.contours, ignoreBounds=True)
        # Heat map + contours, and the paths, are painted from device-resolution pixmaps
        # (CachedLayer): a playback frame only moves the markers over them.  The worker
        # paints both for a new result (plane_render), when it knows the view.
        self.field_layer = PrerenderedLayer(plot.getViewBox(), (self.image, self.contours),
                                            z=-10, fill=QColor("white"))
        self.path_layer = PrerenderedLayer(plot.getViewBox(), z=4.5)
        self.minima = LeanScatter(symbol="star", size=15, hoverable=True, tip="{data}".format,
                                  hide_empty=True)
        self.minima.setZValue(2)
        plot.addItem(self.minima, ignoreBounds=True)
        self.saddles = LeanScatter(symbol="d", size=12, hoverable=True, tip="{data}".format,
                                   hide_empty=True)
        self.saddles.setZValue(2)
        plot.addItem(self.saddles, ignoreBounds=True)
        self.start = LeanScatter(
            symbol="s", size=9, pen=pg.mkPen("#222222", width=1.5), brush=pg.mkBrush("#FFFFFF")
        )
        self.start.setZValue(3)
        plot.addItem(self.start, ignoreBounds=True)
        self.markers = LeanScatter(size=10, pen=pg.mkPen("#222222", width=1))
        self.markers.setZValue(5)
        plot.addItem(self.markers, ignoreBounds=True)
        self.paths: dict[object, pg.PlotCurveItem] = {}
        self.solid: dict[object, pg.PlotCurveItem] = {}
        self.exits: dict[object, pg.ArrowItem] = {}
        self.clipped: dict[object, ClippedPath] = {}
        self.colors: dict[object, str] = {}
        self.result: RunResult | None = None
        self.drawing: Drawing | None = None
        self._drawn: tuple | None = None  # (drawing, box) the path items hold
        self._markers_key: tuple | None = None  # what the markers item holds
        self.position = 0
        self.vb = plot.getViewBox()
        self.box = padded_box(*self.vb.viewRange())
        self.vb.sigRangeChanged.connect(self._on_view_range_changed)
        self.vb.sigTransformChanged.connect(lambda *_: self.set_position(self.position))

    def path_item(self, key, color: str) -> pg.PlotCurveItem:
        """The run's whole projected path, drawn faded, with a solid overlay (``solid``)
        on the stretches that lie in the plane, where the contours are its loss."""
        item = self.paths.get(key)
        if item is None:
            item = pg.PlotCurveItem(skipFiniteCheck=True)
            item.setZValue(4)
            self.plot.addItem(item, ignoreBounds=True)
            self.paths[key] = item
            solid = pg.PlotCurveItem(skipFiniteCheck=True)
            solid.setZValue(4.5)
            self.plot.addItem(solid, ignoreBounds=True)
            self.solid[key] = solid
            self.path_layer.add_source(item)
            self.path_layer.add_source(solid)
            self.exits[key] = make_exit_arrow(self.plot, color, z=5.5)
        if self.colors.get(key) != color:  # (a pen change emits no data signal)
            self.exits[key].setStyle(brush=pg.mkBrush(color))
            faded, solid = path_pens(color)
            item.setPen(faded)
            self.solid[key].setPen(solid)
            self.path_layer.invalidate()
        self.colors[key] = color
        return item

    def keep_only(self, keys) -> None:
        for key in [k for k in self.paths if k not in keys]:
            self.path_layer.remove_source(self.paths[key])
            self.path_layer.remove_source(self.solid[key])
            self.plot.removeItem(self.paths.pop(key))
            self.plot.removeItem(self.solid.pop(key))
            self.plot.removeItem(self.exits.pop(key))
            self.clipped.pop(key, None)
            self.colors.pop(key, None)

    def show(self, res: RunResult, colors: dict, drawing: Drawing | None = None) -> None:
        """Draw ``res``; ``drawing``: its prepared data (:func:`drawing_for` it)."""
        d = drawing if drawing is not None else drawing_for(res)
        self.result, self.drawing = res, d
        if d is None:
            return
        u0, u1, v0, v1 = d.extent
        self.image.setImage(d.image_xy, autoLevels=False, levels=d.levels)
        self.image.setRect(QRectF(u0, v0, u1 - u0, v1 - v0))
        self.colorbar.setLevels(d.levels)
        _set_axis_label(
            self.colorbar.getAxis("right"),
            translate("NDPlane", "log₁₀(f − f_min) on the plane")
            if res.log_scale
            else translate("NDPlane", "f on the plane"),
        )
        c = res.contours
        self.contours.setData(c.x, c.y, connect=c.connect)
        self.field_layer.invalidate()  # levels and rect changes emit no data signal
        span = max(u1 - u0, v1 - v0)
        self._set_spots(self.minima, res.minima_uv, span, "#1E7B4F",
                        translate("NDPlane", "known minimum"))
        self._set_spots(self.saddles, res.saddles_uv, span, "#8E44AD",
                        translate("NDPlane", "known saddle"))
        if self.start.data.size != 1:
            self.start.setData([0.0], [0.0])
        self.clipped = {}  # the old result's clipping no longer applies
        self.keep_only(set(res.keys))
        for key in res.keys:
            self.path_item(key, colors.get(key, "#000000"))
        a, b = res.plane.axis_labels
        _set_axis_label(self.plot.getAxis("bottom"), a)
        _set_axis_label(self.plot.getAxis("left"), b)
        self._drawn = None
        self.vb.setRange(xRange=(u0, u1), yRange=(v0, v1), padding=0)
        box = padded_box(*self.vb.viewRange())
        if not self._holds(d, box):  # (the range change may have drawn them already)
            self._draw_paths(box)
        self._offer_images(res, d)

    def render_target(self, colors: tuple[str, ...]) -> PlaneTarget | None:
        """What the worker needs to paint this view's layers for a new result (None when
        the view is not shown)."""
        views = self.plot.scene().views() if self.plot.scene() is not None else []
        if not views or self.vb.width() <= 0 or self.vb.height() <= 0 or self.image.lut is None:
            return None
        view = views[0]
        base = self.vb.deviceTransform(view.viewportTransform())
        return PlaneTarget(view.devicePixelRatioF(), (self.vb.width(), self.vb.height()),
                           transform_values(base), np.array(self.image.lut, copy=True),
                           tuple(colors))

    def _offer_images(self, res: RunResult, d: Drawing) -> None:
        """Let the layers use the worker's images of ``d`` if they show this view."""
        images = d.images
        if images is None or tuple(self.colors.get(k) for k in res.keys) != images.target.colors:
            return
        u0, u1, v0, v1 = images.extent
        size = images.target.size

        def check() -> bool:
            return (self.drawing is d and self.vb.viewRange() == [[u0, u1], [v0, v1]]
                    and (self.vb.width(), self.vb.height()) == size)

        self.field_layer.offer(images.field, images.device, images.world, check)
        self.path_layer.offer(images.paths, images.device, images.world, check)

    def _holds(self, d: Drawing, box) -> bool:
        return self._drawn is not None and self._drawn[0] is d and self._drawn[1] == box

    def _set_spots(self, item: pg.ScatterPlotItem, points, span: float, color: str,
                   what: str) -> None:
        """The scatter's spots, set only when the points (or the view's size) changed."""
        pts = np.zeros((0, 3)) if points is None else np.asarray(points, dtype=float)
        key = (pts.shape, pts.tobytes(), span, color, what)
        if getattr(item, "_spots_key", None) == key:
            return
        item._spots_key = key
        item.setData(_spots(pts, span, color, what))

    def _draw_paths(self, box) -> None:
        """Clip every projected path (and its in-plane overlay) to ``box`` and draw it: the
        worker's clipping when ``box`` is the one it clipped to, else clipped here."""
        res, d = self.result, self.drawing
        self.box = box
        if res is None or d is None:
            return
        if box == d.box:
            runs = [(r.clipped, r.path, r.solid) for r in d.runs]
        else:  # the user zoomed or panned the view: the full paths, clipped again
            near = in_plane_distance(res.grid.us, res.grid.vs)
            runs = []
            for pr in res.projections:
                c, s = clip_run(pr.coords, pr.residuals, box, near)
                runs.append((c, c.drawn(), (s.x, s.y, s.connect)))
        for key, (c, (x, y, conn), (sx, sy, sconn)) in zip(res.keys, runs):
            self.clipped[key] = c
            self.paths[key].setData(x, y, connect=conn)
            self.solid[key].setData(sx, sy, connect=sconn)
        self._drawn = (d, box)
        self.set_position(self.position)

    def _on_view_range_changed(self, *_args) -> None:
        box = padded_box(*self.vb.viewRange())
        if box != self.box:
            self._draw_paths(box)

    def set_position(self, k: int) -> None:
        """Markers at step k; a run outside the view gets an arrow where it left instead."""
        self.position = k
        res = self.result
        if res is None or not res.projections:
            self._set_markers([], [], [])
            return
        xs, ys, brushes = [], [], []
        for key, pr in zip(res.keys, res.projections):
            i = min(k, len(pr.coords) - 1)
            c = self.clipped.get(key)
            if c is None:
                continue
            if c.outside[i]:
                place_exit_arrow(self.exits[key], self.vb, c.marker[i],
                                 c.exit_direction(pr.coords, i))
                continue
            self.exits[key].hide()
            xs.append(c.marker[i, 0])
            ys.append(c.marker[i, 1])
            brushes.append(spot_brush(self.colors.get(key, "#000000")))
        self._set_markers(xs, ys, brushes)

    def _set_markers(self, xs: list, ys: list, brushes: list) -> None:
        """``setData`` of the markers only when they moved or changed colour (a new result
        asks for the same step up to three times: paths drawn, range set, lab's position)."""
        key = (xs, ys, [id(b) for b in brushes])
        if key == self._markers_key:
            return
        self._markers_key = key
        self.markers.setData(xs, ys, brush=brushes)

    def path_data(self, key) -> tuple[np.ndarray, np.ndarray]:
        """What the path item of ``key`` holds (for tests and exports)."""
        x, y = self.paths[key].getData()
        return np.asarray(x), np.asarray(y)
