"""A plot layer painted once into a pixmap at the screen's device resolution, then blitted.

Why not ``QGraphicsItem.DeviceCoordinateCache``: at device pixel ratio 2 Qt renders
that cache again on every paint (see :mod:`app.widgets.hidpi`), so a slider drag paid
for the heat map, the contours and every unchanged run on each step.  A
:class:`CachedLayer` takes over the painting of a few *source* items that live in a
view box (their own ``paint`` is switched off with ``ItemHasNoContents``): it paints
them, in z order, into one pixmap of the view box's size times the device pixel
ratio, and draws that pixmap 1:1 onto device pixels until something changes (the first
paint after a change paints the sources directly; the second, unchanged, builds the pixmap:
a layer that changes on every frame never pays for a pixmap it would not reuse):

- the view (range, size, device pixel ratio): part of the cache key, the device
  transform of the layer;
- a source's data: :meth:`CachedLayer.invalidate` (connected to the sources'
  change signals, and called by the owner after any other change, e.g. a pen).

At device pixel ratio 1 the layer asks for Qt's ``DeviceCoordinateCache`` instead (one
pixmap for all its sources, which Qt copies faster than a Python ``paint`` can).

Figure export paints through ``QGraphicsScene.render`` with no widget: the layer then
paints its sources straight onto the export painter (exact at any size), never the cache.
pyqtgraph's SVG exporter paints every item itself (flags aside): there the layer paints nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QTransform
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from .hidpi import set_device_cache

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
EXPOSED = QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption  # option.exposedRect


def blit_exposed(painter: QPainter, pixmap: QPixmap | QImage, x0: int, y0: int, dpr: float,
                 world, exposed: QRectF) -> None:
    """Draw the part of ``pixmap`` (device pixels, its corner at device pixel (x0, y0)) that
    covers ``exposed`` (item coordinates, mapped by ``world``), 1:1 onto device pixels.

    Only the exposed part is copied: a cursor or a marker moving over a layer repaints a
    strip of it, not the whole pixmap.  A ``QImage`` (one a layer edits in place) is drawn
    the same way.
    """
    r = world.mapRect(exposed)
    left = max(math.floor(r.left() * dpr), x0)
    top = max(math.floor(r.top() * dpr), y0)
    right = min(math.ceil(r.right() * dpr), x0 + pixmap.width())  # width(): device pixels
    bottom = min(math.ceil(r.bottom() * dpr), y0 + pixmap.height())
    if right <= left or bottom <= top:
        return
    painter.save()
    painter.setWorldTransform(QTransform())
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    # the pixmap carries the device pixel ratio: its source rect (device pixels) lands 1:1 on
    # device pixels, the raster engine's plain copy (a scaled draw would be ~10x slower)
    draw = painter.drawImage if isinstance(pixmap, QImage) else painter.drawPixmap
    draw(QPointF(left / dpr, top / dpr), pixmap,
         QRectF(left - x0, top - y0, right - left, bottom - top))
    painter.restore()


class ViewLayer(pg.GraphicsObject):
    """An item covering the view box ``vb``'s visible rectangle at z value ``z``: its bounds
    follow the view (pan, zoom, resize); it is told when each of its areas is exposed."""

    def __init__(self, vb: pg.ViewBox, z: float) -> None:
        super().__init__()
        self.vb = vb
        self.setZValue(z)
        self.setFlag(EXPOSED, True)
        vb.addItem(self, ignoreBounds=True)
        vb.sigTransformChanged.connect(self._geometry_changed)
        vb.sigResized.connect(self._geometry_changed)

    def _geometry_changed(self, *_args) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt name)
        return QRectF(self.vb.viewRect())


class CachedLayer(ViewLayer):
    """Paints ``sources`` (items of the view box ``vb``) from one device-resolution pixmap."""

    def __init__(self, vb: pg.ViewBox, sources: Iterable[QGraphicsItem] = (), z: float = 0.0,
                 fill: QColor | None = None) -> None:
        """``fill``: an opaque colour under the sources (the view's background, for a bottom
        layer): the pixmap then has no alpha channel and is copied, not blended."""
        super().__init__(vb, z)
        self.fill = fill
        self.sources: list[QGraphicsItem] = []
        self._pixmap: QPixmap | None = None
        self._key: tuple | None = None
        self._seen: tuple | None = None  # painted directly once since the last change
        self.renders = 0  # how many times the pixmap was painted (for tests and benchmarks)
        # At device pixel ratio 1 Qt's own device cache of this one item is the cheaper copy
        # (measured): the layer then paints its sources and Qt keeps the pixmap.
        set_device_cache(self)
        for s in sources:
            self.add_source(s)

    # --- sources --------------------------------------------------------------
    def add_source(self, item: QGraphicsItem) -> None:
        """Let the layer paint ``item`` (which stays in the view box for bounds and hit tests)."""
        if item in self.sources:
            return
        self.sources.append(item)
        set_device_cache(item, False)  # painted here, never by Qt's own cache
        item.setFlag(NO_CONTENTS, True)
        for name in ("sigPlotChanged", "sigImageChanged"):
            sig = getattr(item, name, None)
            if sig is not None:
                sig.connect(self.invalidate)
        item.visibleChanged.connect(self.invalidate)
        self.invalidate()

    def remove_source(self, item: QGraphicsItem) -> None:
        """Give ``item`` its own painting back."""
        if item not in self.sources:
            return
        self.sources.remove(item)
        item.setFlag(NO_CONTENTS, False)
        for name in ("sigPlotChanged", "sigImageChanged", "visibleChanged"):
            sig = getattr(item, name, None)
            if sig is not None:
                try:
                    sig.disconnect(self.invalidate)
                except (RuntimeError, TypeError):
                    pass
        item.update()
        self.invalidate()

    def invalidate(self, *_args) -> None:
        """Paint the sources again at the next paint (their data or look changed)."""
        self._key = self._seen = None
        self.update()

    # --- QGraphicsItem --------------------------------------------------------
    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self.sources:
            return
        if widget is None:  # export or an off-view render: paint the real thing
            if not isinstance(painter.device(), QSvgGenerator):  # SVG export paints each item
                self._paint_sources(painter)
            return
        if self.cacheMode() != QGraphicsItem.CacheMode.NoCache:  # Qt caches it (ratio 1)
            self._paint_sources(painter)
            return
        dpr = painter.device().devicePixelRatioF()
        world = painter.worldTransform()
        rect = world.mapRect(self.boundingRect())  # logical pixels of the paint device
        x0, y0 = math.floor(rect.left() * dpr), math.floor(rect.top() * dpr)
        w = max(math.ceil(rect.right() * dpr) - x0, 1)
        h = max(math.ceil(rect.bottom() * dpr) - y0, 1)
        key = (dpr, x0, y0, w, h, world.m11(), world.m12(), world.m21(), world.m22(),
               world.dx(), world.dy())
        if self._key != key or self._pixmap is None:
            if self._seen != key:  # new since the last paint: paint directly, cache next time
                self._seen = key
                self._paint_sources(painter)
                return
            pm = QPixmap(w, h)
            pm.fill(self.fill if self.fill is not None else Qt.GlobalColor.transparent)
            p = QPainter(pm)
            # device pixels of the pixmap: the screen's, shifted to the pixmap's corner
            p.setWorldTransform(world * QTransform.fromScale(dpr, dpr)
                                * QTransform.fromTranslate(-x0, -y0))
            self._paint_sources(p)
            p.end()
            pm.setDevicePixelRatio(dpr)
            self._pixmap, self._key = pm, key
            self.renders += 1
        blit_exposed(painter, self._pixmap, x0, y0, dpr, world, option.exposedRect)

    def _paint_sources(self, painter: QPainter) -> None:
        option = QStyleOptionGraphicsItem()
        base = painter.worldTransform()
        for item in sorted(self.sources, key=lambda it: it.zValue()):
            if not item.isVisible():
                continue
            t, ok = item.itemTransform(self)
            if not ok:
                continue
            painter.save()
            painter.setWorldTransform(t * base)
            item.paint(painter, option, None)
            painter.restore()
