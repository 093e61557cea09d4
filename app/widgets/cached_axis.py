"""An axis whose tick text and grid are drawn from a pixmap at device resolution.

pyqtgraph's ``AxisItem`` records its ticks, labels and grid lines in a ``QPicture`` and
replays it on every paint.  Replaying text is the costly part (≈ 3–4 ms an axis at device
pixel ratio 2), and with the grid shown the axis spans the whole plot, so every curve
change repainted it.  :class:`PixmapAxisItem` replays the picture once into a pixmap of
its device size and blits that pixmap until the picture (new ticks or range) or the
device transform (size, position, device pixel ratio) changes.  A new picture is replayed
directly at its first paint and cached at its second, so an axis that changes on every
frame costs no more than before.  At device pixel ratio 1 the axis asks for Qt's
``DeviceCoordinateCache`` instead, which Qt copies faster there.  Off-view renders
(figure export) replay the picture directly.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPicture, QPixmap, QTransform
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
        self.renders = 0  # pixmaps painted (for tests and benchmarks)
        self.setFlag(EXPOSED, True)  # paint() gets the exposed rect: blit only that part
        set_device_cache(self)  # at ratio 1 Qt's device cache is the cheaper copy (measured)

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
                specs = self.generateDrawSpecs(painter)
                if specs is not None:
                    self.drawPicture(painter, *specs)
            finally:
                painter.end()
            self.picture = picture
        return self.picture

    def paint(self, p: QPainter, opt, widget=None) -> None:
        picture = self._ensure_picture()
        if widget is None or self.cacheMode() != QGraphicsItem.CacheMode.NoCache:
            _replay(picture, p)  # export (exact at any size), or Qt caches it (ratio 1)
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
                _replay(picture, p)
                return
            pm = QPixmap(w, h)
            pm.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pm)
            painter.setWorldTransform(world * QTransform.fromScale(dpr, dpr)
                                      * QTransform.fromTranslate(-x0, -y0))
            picture.play(painter)
            painter.end()
            pm.setDevicePixelRatio(dpr)
            self._pixmap, self._key, self._picture = pm, key, picture
            self.renders += 1
        blit_exposed(p, self._pixmap, x0, y0, dpr, world, opt.exposedRect)


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
