"""The surface view: heatmap, contours, colour bar, known critical points, runs and start handles.

Clicking the view sets the start point (``startClicked``); dragging a start
handle emits ``startMoved`` continuously and ``startMoveFinished`` on release.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from optim_lab import get_surface

from ..widgets.cached_axis import PixmapColorBar, pixmap_axes
from ..widgets.hidpi import DeviceCacheGuard, lean_repaints, own_painter_state, set_device_cache
from ..widgets.layer_cache import CachedLayer
from ..widgets.lean_scatter import LeanScatter
from .field import SurfaceField, surface_field
from .run_layer import RunDraw, RunLayer
from .status import fmt_point

# Light, low-saturation map: coloured trajectories stand out on it.  Low = light.
SURFACE_CMAP = pg.ColorMap(
    pos=[0.0, 0.25, 0.55, 0.8, 1.0],
    color=["#FCFBF2", "#E3ECE6", "#B5C9D6", "#7E9AB5", "#4A6382"],
)


class SurfaceView(pg.GraphicsLayoutWidget):
    startClicked = Signal(float, float)
    startMoved = Signal(object, float, float)
    startMoveFinished = Signal(object, float, float)
    pointerMoved = Signal(str)  # "x = …, y = …, f = …" under the mouse ("" when it leaves)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.ci.setContentsMargins(4, 6, 12, 4)  # room for the colour-bar label
        self.plot: pg.PlotItem = self.addPlot(row=0, col=0, axisItems=pixmap_axes("left", "bottom"))
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.vb = self.plot.getViewBox()
        self.vb.setDefaultPadding(0.0)
        font = QFont()
        font.setPointSize(9)
        for name in ("left", "bottom"):
            ax = self.plot.getAxis(name)
            ax.setTextPen("#333333")
            ax.setPen("#777777")
            ax.setTickFont(font)
        self.plot.setLabel("bottom", "x", color="#333333")
        self.plot.setLabel("left", "y", color="#333333")

        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setZValue(-20)
        self.plot.addItem(self.image)
        self.colorbar = PixmapColorBar(colorMap=SURFACE_CMAP, interactive=False, width=14,
                                        pen="#777777", colorMapMenu=False)
        self.colorbar.setImageItem(self.image, insert_in=self.plot)
        cax = self.colorbar.getAxis("right")
        cax.setTextPen("#333333")
        cax.setPen("#777777")
        cax.setTickFont(font)
        for ax in (cax, self.plot.getAxis("left"), self.plot.getAxis("bottom")):
            ax.enableAutoSIPrefix(False)  # surface values have no unit: no "(x0.001)"
        self.contours = pg.PlotCurveItem(pen=pg.mkPen(QColor(30, 40, 60, 95), width=1),
                                         skipFiniteCheck=True)
        self.contours.setZValue(-10)
        self.plot.addItem(self.contours, ignoreBounds=True)
        # Heat map and contours painted once into a device-resolution pixmap, then blitted:
        # a slider step or a playback frame no longer repaints them (any device pixel ratio).
        # Bottom layer over the white background: opaque, so the pixmap is copied, not blended.
        self.field_layer = CachedLayer(self.vb, (self.image, self.contours), z=-10,
                                       fill=QColor("white"))
        self.minima = LeanScatter(pxMode=True, hoverable=True, tip="{data}".format,
                                  hide_empty=True)
        self.saddles = LeanScatter(pxMode=True, hoverable=True, tip="{data}".format,
                                   hide_empty=True)
        for it in (self.minima, self.saddles):
            it.setZValue(1)
            self.plot.addItem(it, ignoreBounds=True)
        self.runs = RunLayer(self.plot)
        # The plot's axes blit device-resolution pixmaps of their text (PixmapAxisItem); the
        # colour bar's axis (made by pyqtgraph) asks for Qt's cache, which pays at ratio 1.
        set_device_cache(cax)
        self._cache_guard = DeviceCacheGuard(self)  # caches only where they pay (ratio 1)
        lean_repaints(self)
        own_painter_state(self)
        self.handles: dict[object, pg.TargetItem] = {}
        self.field: SurfaceField | None = None
        self.surface_name = ""
        self.surface = None
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    # --- surface --------------------------------------------------------------
    def set_surface(self, name: str, **params) -> None:
        surface = get_surface(name, **params)
        self.surface = surface
        other = tuple(sorted((k, v) for k, v in params.items() if k != "kappa"))
        f = surface_field(name, params.get("kappa"), params=other)
        self.field = f
        self.surface_name = name
        lo, hi = f.color_range
        self.image.setImage(f.image, autoLevels=False, levels=(lo, hi))
        b = f.bounds
        self.image.setRect(QRectF(b[0, 0], b[1, 0], b[0, 1] - b[0, 0], b[1, 1] - b[1, 0]))
        self.colorbar.setLevels((lo, hi))
        cax = self.colorbar.getAxis("right")
        cax.setTicks([list(f.ticks)] if f.ticks else None)
        self.colorbar.getAxis("right").setLabel(
            self.tr("f (log colour scale)") if f.log else self.tr("f"), color="#333333")
        self.contours.setData(f.contour_x, f.contour_y, connect=f.contour_connect)
        self.field_layer.invalidate()
        self._set_critical_points(surface)
        self.vb.setLimits(xMin=None, xMax=None, yMin=None, yMax=None)
        self.reset_zoom()

    def reset_zoom(self) -> None:
        if self.field is None:
            return
        b = self.field.bounds
        self.vb.setRange(xRange=(b[0, 0], b[0, 1]), yRange=(b[1, 0], b[1, 1]), padding=0)

    def _set_critical_points(self, surface) -> None:
        mins, sads = [], []
        for c in surface.critical_points:
            where = fmt_point(c.point)
            if c.kind == "minimum":
                tip = (self.tr("global minimum {p}, f = {v:.4g}") if c.is_global
                       else self.tr("local minimum {p}, f = {v:.4g}")).format(p=where, v=c.value)
                spot = {"pos": c.point, "data": tip, "size": 15 if c.is_global else 8,
                        "symbol": "star" if c.is_global else "o",
                        "brush": pg.mkBrush("#FFFFFF" if c.is_global else (255, 255, 255, 160)),
                        "pen": pg.mkPen("#222222", width=1.2)}
                mins.append(spot)
            else:
                kind = self.tr("saddle") if c.kind == "saddle" else self.tr("local maximum")
                sads.append({"pos": c.point, "data": f"{kind} {where}, f = {c.value:.4g}",
                             "size": 11, "symbol": "x" if c.kind == "saddle" else "t1",
                             "brush": pg.mkBrush("#222222"), "pen": pg.mkPen("#222222")})
        self.minima.setData(mins)
        self.saddles.setData(sads)

    # --- runs and starts ------------------------------------------------------
    def set_runs(self, runs: list[RunDraw]) -> None:
        self.runs.set_runs(runs)

    def set_starts(self, starts: dict[object, tuple[float, float]]) -> None:
        """One draggable handle per start (key None is the shared start)."""
        for key in [k for k in self.handles if k not in starts]:
            self.plot.removeItem(self.handles.pop(key))
        for key, (x, y) in starts.items():
            h = self.handles.get(key)
            if h is None:
                h = pg.TargetItem(pos=(x, y), size=16, symbol="crosshair", movable=True,
                                  pen=pg.mkPen("#111111", width=2),
                                  hoverPen=pg.mkPen("#C0392B", width=2),
                                  brush=pg.mkBrush(255, 255, 255, 140))
                h.setZValue(9)
                h.setToolTip(self.tr("Start point: drag to move it, or click anywhere to "
                                     "start every run there"))
                h.sigPositionChanged.connect(lambda item, k=key: self._on_handle_moved(k, item))
                h.sigPositionChangeFinished.connect(
                    lambda item, k=key: self._on_handle_released(k, item))
                self.plot.addItem(h, ignoreBounds=True)
                self.handles[key] = h
            elif (h.pos().x(), h.pos().y()) != (x, y):
                h.blockSignals(True)
                h.setPos(QPointF(x, y))
                h.blockSignals(False)

    def _on_handle_moved(self, key, item) -> None:
        p = item.pos()
        self.startMoved.emit(key, p.x(), p.y())

    def _on_handle_released(self, key, item) -> None:
        p = item.pos()
        self.startMoveFinished.emit(key, p.x(), p.y())

    def _on_scene_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or ev.double():
            return
        pos = ev.scenePos()
        if not self.vb.sceneBoundingRect().contains(pos):
            return
        for item in self.scene().items(pos):
            if isinstance(item, pg.TargetItem) or item is self.runs.legend:
                return
        p = self.vb.mapSceneToView(pos)
        self.startClicked.emit(p.x(), p.y())

    def _on_mouse_moved(self, pos) -> None:
        if self.surface is None or not self.vb.sceneBoundingRect().contains(pos):
            self.pointerMoved.emit("")
            return
        p = self.vb.mapSceneToView(pos)
        with np.errstate(all="ignore"):
            f = float(self.surface.value(np.array([[p.x(), p.y()]]))[0])
        self.pointerMoved.emit(f"x = {p.x():.4g}   y = {p.y():.4g}   f = {f:.5g}".replace("-", "−"))

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.pointerMoved.emit("")
        super().leaveEvent(event)

    def click_view(self, x: float, y: float) -> QPoint:
        """Widget pixel position of a point in surface coordinates (for tests and tools)."""
        return self.mapFromScene(self.vb.mapViewToScene(QPointF(x, y)))
