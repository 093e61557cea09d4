"""Loss-vs-step and gradient-norm-vs-step plots (log y), linked to playback by a cursor.

Clicking a plot or dragging its cursor emits ``positionRequested(step)``.
Loss is drawn as f − f* where the surface's global minimum value f* is known
(so log y works even for negative minima); surfaces without a minimum (the
saddles) get a linear axis.  Values ≤ 0 on a log axis are clipped to ``FLOOR``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from optim_lab import Trajectory, get_surface

from ..widgets.cached_axis import pixmap_axes
from ..widgets.hidpi import DeviceCacheGuard, lean_repaints, own_painter_state
from ..widgets.layer_cache import CachedLayer
from ..widgets.lean_data_item import LONG_RUN, LeanDataItem
from ..widgets.simplified_curve import SimplifiedCurveItem
from ..widgets.zigzag_curve import replace_curve

FLOOR = 1e-18
SETTLE_MS = 300  # a drag that pauses this long gets ranges fitted to its curves again


class CurvesView(pg.GraphicsLayoutWidget):
    positionRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cache_guard = DeviceCacheGuard(self)  # pixmap caches only at device pixel ratio 1
        lean_repaints(self)
        own_painter_state(self)
        self.setBackground("w")
        self.ci.setContentsMargins(2, 4, 18, 2)
        # Axes (and their grid lines, which span the plot) blit a device-resolution pixmap.
        self.loss = self.addPlot(row=0, col=0, axisItems=pixmap_axes("left", "bottom"))
        self.grad = self.addPlot(row=1, col=0, axisItems=pixmap_axes("left", "bottom"))
        font = QFont()
        font.setPointSize(8)
        for p in (self.loss, self.grad):
            p.setMenuEnabled(False)
            p.hideButtons()
            p.showGrid(x=True, y=True, alpha=0.25)
            p.setLogMode(x=False, y=True)
            p.getViewBox().setMouseEnabled(x=False, y=False)
            p.enableAutoRange(x=False, y=False)
            for name in ("left", "bottom"):
                ax = p.getAxis(name)
                ax.setTextPen("#333333")
                ax.setPen("#888888")
                ax.setTickFont(font)
                ax.enableAutoSIPrefix(False)
            p.getAxis("bottom").setStyle(hideOverlappingLabels=False)
            p.getAxis("left").setWidth(48)
        self.grad.setXLink(self.loss)
        self.grad.setLabel("bottom", self.tr("step"), color="#333333")
        self.grad.setTitle(self.tr("gradient norm ‖∇f‖"), color="#333333", size="9pt")
        self.loss.setTitle(self.tr("loss f − f*"), color="#333333", size="9pt")
        self.cursors = []
        for p in (self.loss, self.grad):
            line = pg.InfiniteLine(pos=0, angle=90, movable=True,
                                   pen=pg.mkPen("#444444", width=1, style=Qt.PenStyle.DashLine),
                                   hoverPen=pg.mkPen("#C0392B", width=2))
            line.setZValue(10)
            line.sigDragged.connect(self._on_cursor_dragged)
            p.addItem(line, ignoreBounds=True)
            self.cursors.append(line)
        self.curves: dict[object, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._pens: dict[object, str] = {}  # key -> pen colour last set
        # key -> per plot (loss, grad) the (min, max) of the y data set, or None: fit_y reads
        # these instead of scanning (and log-transforming) every curve on every slider step
        self._extents: dict[object, tuple] = {}
        # Curves of runs not being edited are painted from a device-resolution pixmap per plot;
        # the run a slider drags (``live``) is drawn directly.
        self.layers = (CachedLayer(self.loss.getViewBox()), CachedLayer(self.grad.getViewBox()))
        self.live: object | None = None
        self._set_since_fit: set = set()  # runs set since the last fit_y (one recompute pass)
        self._settle = QTimer(self)  # after a held fit (a drag), fit again when it pauses
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.fit_y)
        self.shift: float | None = 0.0
        self.steps = 1
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)

    def set_surface(self, name: str, **params) -> None:
        surface = get_surface(name, **params)
        g = surface.global_minima
        self.shift = min(c.value for c in g) if g else None
        if self.shift is None and surface.minimum_set is not None:  # a curve of minima
            self.shift = surface.minimum_set_value
        log = self.shift is not None
        self.loss.setLogMode(x=False, y=log)
        title = self.tr("loss f − f*  (f* = {v:.4g})").format(v=self.shift) if log and self.shift \
            else self.tr("loss f − f*") if log else self.tr("loss f")
        self.loss.setTitle(title, color="#333333", size="9pt")

    def set_steps(self, steps: int) -> None:
        self.steps = max(1, int(steps))
        self.loss.setXRange(0, self.steps, padding=0.02)

    def loss_values(self, traj: Trajectory) -> np.ndarray:
        """What the loss curve plots for ``traj`` (finite, positive on a log axis)."""
        if self.shift is None:
            return np.asarray(traj.losses, dtype=float)
        return np.maximum(traj.losses - self.shift, FLOOR)

    def set_run(self, key, color: str, traj: Trajectory | None) -> None:
        items = self.curves.get(key)
        if items is None:
            # Integer width, no antialiasing: clean lines at a fraction of the cost; on screen
            # only the vertices a device pixel tells apart are stroked (SimplifiedCurveItem).
            # (no dynamic range limit: fit_y keeps every curve inside its plot's y range)
            items = tuple(LeanDataItem(pen=pg.mkPen(color, width=2), skipFiniteCheck=True,
                                       dynamicRangeLimit=None) for _ in range(2))
            for it in items:
                replace_curve(it, SimplifiedCurveItem)
            self.loss.addItem(items[0])
            self.grad.addItem(items[1])
            self.curves[key] = items
        self._make_live(key)
        self._set_since_fit.add(key)
        # Pen and downsampling are set only when they change: each setter re-runs the item's
        # whole data pipeline (updateItems), and a slider step changes neither.
        if self._pens.get(key) != color:
            self._pens[key] = color
            for it in items:
                it.setPen(pg.mkPen(color, width=2))
        if traj is None:
            self._extents[key] = (None, None)
            for it in items:
                it.setData([], [])
            return
        x = np.arange(len(traj.losses), dtype=float)
        for it in items:
            it.set_long_run(len(x) > LONG_RUN)
        ys = (self.loss_values(traj), np.maximum(traj.grad_norms, FLOOR))
        self._extents[key] = tuple((float(np.min(y)), float(np.max(y))) if len(y) else None
                                   for y in ys)
        items[0].setData(x, ys[0])
        items[1].setData(x, ys[1])

    def fit_y(self, hold: bool = False) -> None:
        """Fit the y ranges to the curves, with hysteresis: during a slider drag the axes (whose
        tick text is costly to redraw) change only when a curve leaves the range or the range
        is more than 4x (linear) / 1.5 decades (log) too wide.  A range a curve has left grows
        with room to spare on that side (1 decade, or the curves' span): a drag towards
        divergence raises the top loss by ≈ 0.4 decades a step, and refitting exactly re-drew
        both axes and every cached curve on every step (≈ 40 % of a step).

        ``hold`` (a drag is on): ranges only grow; the fit that may narrow them waits until
        the drag pauses for :data:`SETTLE_MS`.  Dragging the start handle, the top and bottom
        losses swing by up to 8 decades from one step to the next (a start where a run
        diverges, the next where it converges): fitted each time, the axes jumped back and
        forth on about 50 of 240 steps, each re-ticking both axes and re-painting the curves.

        Called once per recompute pass: when the pass set more than one run (a new surface,
        start or steps), no run is being dragged and every curve goes to the cached layers."""
        if len(self._set_since_fit) > 1:
            self._make_live(None)
        self._set_since_fit.clear()
        if hold:
            self._settle.start()
        else:
            self._settle.stop()
        for plot, idx in ((self.loss, 0), (self.grad, 1)):
            log = plot.ctrl.logYCheck.isChecked()
            lo, hi = np.inf, -np.inf
            for key in self.curves:
                extent = self._extents.get(key, (None, None))[idx]
                if extent is None:
                    continue
                # log10 is increasing: the extent of log10(y) is log10 of y's extent
                y0, y1 = (np.log10(extent[0]), np.log10(extent[1])) if log else extent
                lo, hi = min(lo, float(y0)), max(hi, float(y1))
            if not np.isfinite(lo):
                continue
            if hi - lo < 1e-12:
                lo, hi = lo - 0.5, hi + 0.5
            pad = 0.04 * (hi - lo)
            want = (lo - pad, hi + pad)
            cur = plot.getViewBox().viewRange()[1]
            slack = 1.5 if log else 3.0 * (want[1] - want[0])
            inside = cur[0] <= want[0] and cur[1] >= want[1]
            too_wide = (want[0] - cur[0]) > slack or (cur[1] - want[1]) > slack
            if too_wide and not hold:
                plot.setYRange(*want, padding=0)
            elif not inside:  # (held and too wide: it grows on the side a curve left)
                room = 1.0 if log else want[1] - want[0]  # less than the slack
                lo_ = want[0] - room if want[0] < cur[0] else cur[0]  # a side still holding
                hi_ = want[1] + room if want[1] > cur[1] else cur[1]  # its curves stays put
                plot.setYRange(lo_, hi_, padding=0)

    def _make_live(self, key) -> None:
        """Draw run ``key``'s curves directly; the previously live run's go to the layers."""
        if key == self.live:
            return
        old, self.live = self.live, key
        for layer, old_item, new_item in zip(self.layers, self.curves.get(old, (None, None)),
                                             self.curves.get(key, (None, None)), strict=True):
            if old_item is not None:
                layer.add_source(old_item.curve)  # the PlotDataItem's child does the painting
            if new_item is not None:
                layer.remove_source(new_item.curve)

    def keep_only(self, keys) -> None:
        for key in [k for k in self.curves if k not in keys]:
            if key == self.live:
                self.live = None
            for layer, it in zip(self.layers, self.curves[key], strict=True):
                layer.remove_source(it.curve)
            a, b = self.curves.pop(key)
            self._pens.pop(key, None)
            self._extents.pop(key, None)
            self.loss.removeItem(a)
            self.grad.removeItem(b)

    def set_position(self, k: int) -> None:
        self._make_live(None)  # playback: nothing is dragged, every curve is painted cached
        for c in self.cursors:
            if c.value() != k:
                c.blockSignals(True)
                c.setValue(k)
                c.blockSignals(False)

    def _on_cursor_dragged(self, line) -> None:
        k = int(round(min(max(line.value(), 0), self.steps)))
        self.positionRequested.emit(k)

    def _on_scene_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        pos = ev.scenePos()
        for p in (self.loss, self.grad):
            vb = p.getViewBox()
            if vb.sceneBoundingRect().contains(pos):
                x = vb.mapSceneToView(pos).x()
                self.positionRequested.emit(int(round(min(max(x, 0), self.steps))))
                return
