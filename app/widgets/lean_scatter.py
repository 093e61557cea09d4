"""A scatter item that paints a few screen-size spots without pyqtgraph's array pipeline.

``pg.ScatterPlotItem.paint`` (pxMode, cached symbols) culls, maps and clips its points with a
dozen small numpy calls and fills a fragment array before one ``drawPixmapFragments``: measured
here 0.19 ms for 4 spots and 0.26 ms for 1, in every repaint that touches the item (a slider
drag's run markers, the minima star, the basin map's start ring).  :class:`LeanScatter` draws
the same atlas pixmaps, one ``drawPixmap`` per spot at the same device position and size
(0.02–0.09 ms); many spots, exports and anything but cached pxMode symbols take pyqtgraph's
own path.  A test compares both paths pixel for pixel at device pixel ratio 1 and 2.

``hide_empty=True``: the item hides itself while it has no spots (an empty scatter item is
still painted, ≈ 0.5 ms in every repaint that touches it: saddles of a surface without any,
the ends of runs that did not diverge, a spectrum without negative eigenvalues).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF

LEAN_MAX = 32  # spots drawn one by one; more take pyqtgraph's vectorised path
LIMIT = 2.0 ** 30  # device coordinates beyond this are not drawn (pyqtgraph clips them there)


class LeanScatter(pg.ScatterPlotItem):
    """``pg.ScatterPlotItem`` with a lean paint for up to :data:`LEAN_MAX` cached pxMode spots
    (and, with ``hide_empty``, hidden while it has none)."""

    def __init__(self, *args, hide_empty: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._hide_empty = hide_empty
        if hide_empty:
            self.setVisible(len(self.data) > 0)

    def setData(self, *args, **kwargs) -> None:  # noqa: N802 (pyqtgraph's name)
        super().setData(*args, **kwargs)
        if getattr(self, "_hide_empty", False):
            self.setVisible(len(self.data) > 0)

    def paint(self, p, option, widget=None) -> None:
        if (widget is None or self._exportOpts is not False or self.opts["pxMode"] is not True
                or not self.opts["useCache"] or len(self.data) > LEAN_MAX
                or self.opts.get("compositionMode") is not None):
            super().paint(p, option, widget)
            return
        atlas = self.fragmentAtlas
        dpr = atlas.devicePixelRatio()
        if (ratio := widget.devicePixelRatioF()) != dpr:  # as pyqtgraph: re-render the symbols
            dpr = ratio
            atlas.setDevicePixelRatio(dpr)
            atlas.clear()
            self.data["sourceRect"] = 0
            self.updateSpots()
        t = p.transform()
        p.resetTransform()
        pixmap = atlas.pixmap
        for x, y, (sx, sy, sw, sh) in zip(self.data["x"], self.data["y"],
                                          self.data["sourceRect"].tolist(), strict=True):
            c = t.map(QPointF(float(x), float(y)))
            if not (abs(c.x()) < LIMIT and abs(c.y()) < LIMIT):
                continue
            w, h = sw / dpr, sh / dpr
            p.drawPixmap(QRectF(c.x() - w / 2, c.y() - h / 2, w, h), pixmap,
                         QRectF(sx, sy, sw, sh))
