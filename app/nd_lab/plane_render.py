"""The plane view's two cached layers, painted in the worker thread at device resolution.

Profiled per new result at device pixel ratio 2 (offscreen, 1280 x 800 window): one
paint event of the figure, in which the plane's heat map + contours and its paths were
painted from scratch on the GUI thread (their layers' first paint after a change) --
the largest share of the plane's cost after the axes.  ``QPainter`` on a ``QImage``
may run off the GUI thread (pyqtgraph items may not), so the worker paints both layers
with the very calls the items make, for the view the result will be shown in:

- heat map (``ImageItem``, column-major): ``try_make_qimage(image, levels, lut)`` drawn
  on ``QRectF(0, 0, nu, nv)`` under the item's ``setRect`` transform
  (translate(u0, v0) · scale((u1 − u0)/nu, (v1 − v0)/nv));
- contours and paths (``PlotCurveItem``, no antialiasing): ``drawPath(arrayToQPath(x, y,
  connect))``, or ``drawLines`` of ``arrayToLineSegments`` for an opaque solid pen wider
  than 1 (pyqtgraph's segmented-line rule);
- the view transform of ``ViewBox.updateMatrix`` for the range the result sets
  (the grid's extent) and the view box's size, then the view box's device transform,
  times the device pixel ratio, shifted to the layer's first device pixel -- what
  :class:`app.widgets.layer_cache.CachedLayer` paints its pixmap with.

The GUI thread captures a :class:`PlaneTarget` (size, device transform, ratio, lookup
table, pens' colours) with each request; a :class:`PrerenderedLayer` uses the image only
if, when it paints, the view shows exactly that range, size and ratio in those colours
(else it paints its sources as any cached layer does: zoom, pan and resize stay exact).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from pyqtgraph.functions_qimage import try_make_qimage
from pyqtgraph.graphicsItems.PlotCurveItem import arrayToLineSegments
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem

from ..widgets.layer_cache import CachedLayer, blit_exposed

MAX_PIXELS = 8_000_000  # per layer image (32 MB): a larger view paints on the GUI thread


def contour_pen() -> QPen:
    return pg.mkPen(QColor(30, 40, 60, 95), width=1)


def path_pens(color: str) -> tuple[QPen, QPen]:
    """(faded whole path, solid in-plane overlay) of a run drawn in ``color``."""
    faded = QColor(color)
    faded.setAlpha(150)
    return pg.mkPen(faded, width=1.5), pg.mkPen(color, width=2.2)


@dataclass(frozen=True, eq=False)
class PlaneTarget:
    """Where the plane view shows the next result, captured on the GUI thread."""

    dpr: float
    size: tuple[float, float]  # the view box's width and height (logical pixels)
    base: tuple[float, ...]  # view box -> viewport (logical pixels): QTransform m11 … m33
    lut: np.ndarray  # the heat map's lookup table (uint8, 256 x 4)
    colors: tuple[str, ...]  # each run's colour, in the order of the request's runs


@dataclass(frozen=True, eq=False)
class PlaneImages:
    """The field and path layers of one result for one :class:`PlaneTarget`."""

    target: PlaneTarget
    extent: tuple[float, float, float, float]  # the view range they were painted for
    device: tuple[float, int, int, int, int]  # dpr, x0, y0, w, h (CachedLayer's pixmap)
    world: tuple[float, ...]  # view -> viewport (logical pixels) they were painted with
    field: QImage  # opaque (RGB32), white under the heat map
    paths: QImage  # ARGB32 premultiplied


def _transform(values: tuple[float, ...]) -> QTransform:
    return QTransform(*values)


def transform_values(t: QTransform) -> tuple[float, ...]:
    return (t.m11(), t.m12(), t.m13(), t.m21(), t.m22(), t.m23(), t.m31(), t.m32(), t.m33())


def view_transform(extent: tuple[float, float, float, float], size: tuple[float, float]
                   ) -> QTransform:
    """View coordinates -> view box coordinates, as ``ViewBox.updateMatrix`` sets it."""
    u0, u1, v0, v1 = extent
    bounds = QRectF(0.0, 0.0, size[0], size[1])
    vr = QRectF(u0, v0, u1 - u0, v1 - v0)
    m = QTransform()
    center = bounds.center()
    m.translate(center.x(), center.y())
    m.scale(bounds.width() / vr.width(), -(bounds.height() / vr.height()))
    c = vr.center()
    m.translate(-c.x(), -c.y())
    return m


def device_rect(world: QTransform, view_rect: QRectF, dpr: float) -> tuple[int, int, int, int]:
    """x0, y0, w, h: the device pixels a layer covering ``view_rect`` paints (as CachedLayer)."""
    rect = world.mapRect(view_rect)
    x0, y0 = math.floor(rect.left() * dpr), math.floor(rect.top() * dpr)
    w = max(math.ceil(rect.right() * dpr) - x0, 1)
    h = max(math.ceil(rect.bottom() * dpr) - y0, 1)
    return x0, y0, w, h


def _curve(p: QPainter, base: QTransform, pen: QPen, x, y, connect) -> None:
    """What ``PlotCurveItem.paint`` draws (no fill, no antialiasing, skipFiniteCheck)."""
    if x is None or len(x) == 0:
        return
    p.save()
    p.setWorldTransform(base)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setPen(pen)
    solid_wide = (pen.widthF() > 1.0 and pen.style() == Qt.PenStyle.SolidLine and pen.isSolid()
                  and pen.color().alphaF() == 1.0)
    if solid_wide:
        p.drawLines(*arrayToLineSegments(x, y, connect=connect, finiteCheck=False).drawargs())
    else:
        p.drawPath(pg.arrayToQPath(x, y, connect=connect, finiteCheck=False))
    p.restore()


def _image(p: QPainter, base: QTransform, image_xy: np.ndarray, levels, lut,
           extent) -> None:
    """What ``ImageItem.paint`` draws for a column-major image placed with ``setRect``."""
    data = image_xy.swapaxes(0, 1)
    nans = None
    if image_xy.dtype.kind == "f" and np.isnan(image_xy.min()):
        nans = np.isnan(data).nonzero()
    qimage = try_make_qimage(data, levels=np.asarray(levels), lut=lut, transparentLocations=nans)
    if qimage is None:
        raise ValueError("the heat map cannot be converted")
    nu, nv = image_xy.shape[:2]
    u0, u1, v0, v1 = extent
    rect = QRectF(u0, v0, u1 - u0, v1 - v0)
    tr = QTransform()
    tr.translate(rect.left(), rect.top())
    tr.scale(rect.width() / nu, rect.height() / nv)
    p.save()
    p.setWorldTransform(tr * base)
    p.drawImage(QRectF(0, 0, nu, nv), qimage)
    p.restore()


def _new_image(w: int, h: int, fmt: QImage.Format, fill) -> QImage:
    img = QImage(w, h, fmt)
    if img.isNull():
        raise MemoryError(f"no memory for a {w} x {h} layer")
    img.fill(fill)
    return img


def render_plane(drawing, contours, target: PlaneTarget) -> PlaneImages | None:
    """The field and path layers of ``drawing`` (a :class:`~app.nd_lab.prepare.Drawing`)
    for ``target``; None when the view is too large to paint here."""
    size, dpr = target.size, target.dpr
    if not (size[0] > 0 and size[1] > 0 and dpr > 0):
        return None
    extent = drawing.extent
    u0, u1, v0, v1 = extent
    world = view_transform(extent, size) * _transform(target.base)
    x0, y0, w, h = device_rect(world, QRectF(u0, v0, u1 - u0, v1 - v0), dpr)
    if w * h > MAX_PIXELS:
        return None
    base = world * QTransform.fromScale(dpr, dpr) * QTransform.fromTranslate(-x0, -y0)
    field = _new_image(w, h, QImage.Format.Format_RGB32, QColor("white"))
    p = QPainter()
    if not p.begin(field):
        return None
    try:
        _image(p, base, drawing.image_xy, drawing.levels, target.lut, extent)
        _curve(p, base, contour_pen(), contours.x, contours.y, contours.connect)
    finally:
        p.end()
    paths = _new_image(w, h, QImage.Format.Format_ARGB32_Premultiplied,
                       Qt.GlobalColor.transparent)
    if not p.begin(paths):
        return None
    try:
        pens = [path_pens(c) for c in target.colors]
        for (faded, _), run in zip(pens, drawing.runs):  # the faded paths (z 4) first
            _curve(p, base, faded, *run.path)
        for (_, solid), run in zip(pens, drawing.runs):  # then the in-plane overlays (z 4.5)
            _curve(p, base, solid, *run.solid)
    finally:
        p.end()
    return PlaneImages(target, extent, (dpr, x0, y0, w, h), transform_values(world),
                       field=field, paths=paths)


class PrerenderedLayer(CachedLayer):
    """A :class:`CachedLayer` that can take its pixmap from an image painted elsewhere.

    :meth:`offer` hands it an image with the device rectangle it covers and a check of
    the view's state; at its next paint the layer uses the image when the device rectangle
    is the one it would paint and the check passes, else it forgets it.  Any
    :meth:`invalidate` (a source changed after the offer) forgets it too.  The image
    becomes the layer's own pixmap (ratio 2), or -- at ratio 1, where Qt keeps the layer in
    its device cache -- the content Qt asks the layer to paint into that cache.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._offer: tuple | None = None  # (image, device, check)
        self._converted: tuple | None = None  # (image, pixmap): the last image converted
        self.prerendered = 0  # paints that used an offered image (for tests and benchmarks)

    def invalidate(self, *_args) -> None:
        self._offer = None
        super().invalidate()

    def offer(self, image: QImage, device: tuple, world: tuple, check) -> None:
        """Use ``image`` (covering ``device`` = (dpr, x0, y0, w, h), painted with the view
        transform ``world``) at the next paint if ``check()`` is true then."""
        self._key = self._seen = None
        self._offer = (image, device, world, check)
        self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        offer = self._offer
        if offer is not None and self.sources:
            own = widget is not None and self.cacheMode() == QGraphicsItem.CacheMode.NoCache
            # Qt filling its device cache of this layer paints with no widget on a pixmap
            # (an export paints on an image or an SVG generator, a grab past the cache)
            qt_cache = (widget is None and self.cacheMode() != QGraphicsItem.CacheMode.NoCache
                        and isinstance(painter.device(), QPixmap))
            if own or qt_cache:  # the paint the image was meant for: used now or never
                self._offer = None
                if self._use(offer, painter, option, own):
                    return
        super().paint(painter, option, widget)

    def _use(self, offer: tuple, painter: QPainter, option, own: bool) -> bool:
        """Paint ``offer``'s image if this paint maps the view as the image was painted:
        the same scale, the same translation (own pixmap) or one shifted by whole device
        pixels (Qt's cache starts at its own corner).  Compared with a tolerance, not
        floor/ceil of pixel edges: a rounding difference at a pixel edge is no reason to
        paint everything again."""
        image, device, values, check = offer
        dpr = painter.device().devicePixelRatioF()
        now, then = painter.worldTransform(), _transform(values)
        if dpr != device[0] or not _same_scale(now, then) or not check():
            return False
        sx, sy = (then.dx() - now.dx()) * dpr, (then.dy() - now.dy()) * dpr
        shift_x, shift_y = round(sx), round(sy)
        if abs(sx - shift_x) > 1e-6 or abs(sy - shift_y) > 1e-6 or (own and (shift_x or shift_y)):
            return False
        x0, y0 = device[1] - shift_x, device[2] - shift_y  # the image's corner, device pixels
        if own:
            if self._converted is None or self._converted[0] is not image:
                self._converted = (image, QPixmap.fromImage(image))
            pm = self._converted[1]
            pm.setDevicePixelRatio(dpr)
            self._pixmap = pm
            _, kx, ky, kw, kh = (dpr, *device_rect(now, self.boundingRect(), dpr))
            if (kx, ky, kw, kh) == device[1:]:  # else the next paint makes its own pixmap
                self._key = self._seen = (dpr, kx, ky, kw, kh, now.m11(), now.m12(), now.m21(),
                                          now.m22(), now.dx(), now.dy())
            blit_exposed(painter, pm, x0, y0, dpr, now, option.exposedRect)
        else:
            painter.save()
            painter.setWorldTransform(QTransform())
            painter.drawImage(QPointF(x0 / dpr, y0 / dpr), image)
            painter.restore()
        self.prerendered += 1
        return True


def _same_scale(a: QTransform, b: QTransform) -> bool:
    return all(abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
               for x, y in ((a.m11(), b.m11()), (a.m12(), b.m12()), (a.m21(), b.m21()),
                            (a.m22(), b.m22())))
