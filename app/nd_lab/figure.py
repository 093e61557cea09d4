"""The N-D Lab figure: plane view, Hessian spectrum, loss / gradient norm / distance vs step.

One ``GraphicsLayoutWidget`` holds every plot, so one pyqtgraph exporter writes
the whole figure.  Curves are created once per run and updated with
``setData``; clicking a curve plot (or dragging its cursor) asks for that step.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QWidget

from ..widgets.cached_axis import pixmap_axes
from ..widgets.hidpi import lean_repaints
from ..widgets.layer_cache import CachedLayer
from ..widgets.lean_data_item import LONG_RUN, LeanDataItem
from ..widgets.lean_scatter import LeanScatter
from ..widgets.zigzag_curve import FastBoundsCurveItem, replace_curve
from .compute import RunResult, SpectrumResult
from .plane_layer import TEXT, PlaneLayer, _set_axis_label, style_axes
from .prepare import TheoryLine, drawing_for

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

NEG = "#C0392B"
POS = "#2E5A88"


def _lean_item(**opts) -> LeanDataItem:
    it = LeanDataItem(skipFiniteCheck=True, dynamicRangeLimit=None, **opts)
    replace_curve(it, FastBoundsCurveItem)
    return it


class NDFigure(pg.GraphicsLayoutWidget):
    positionRequested = Signal(int)
    painted = Signal()  # after each paint of the figure

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        lean_repaints(self)
        self.ci.setContentsMargins(4, 4, 6, 2)
        # Every axis blits a device-resolution pixmap of its ticks and grid (PixmapAxisItem):
        # replaying their text was most of a playback frame at device pixel ratio 2.
        top = self.addLayout(row=0, col=0)
        bottom = self.addLayout(row=1, col=0)
        self.plane_plot = top.addPlot(row=0, col=0, axisItems=pixmap_axes())
        self.spectrum_plot = top.addPlot(row=0, col=1, axisItems=pixmap_axes())
        top.layout.setColumnStretchFactor(0, 3)
        top.layout.setColumnStretchFactor(1, 2)
        # The legend gets its own row above the curves, so it never hides them.
        self.legend = pg.LegendItem(
            colCount=3, labelTextSize="8pt", labelTextColor=TEXT, horSpacing=14, verSpacing=-6
        )
        bottom.addItem(self.legend, row=0, col=0)
        # The curve plots have a grid of their own: spanning their columns, the legend's
        # width (a run's learning rate is in its label, new on every result of a slider
        # drag) moved the columns by a pixel or two, which re-ticked six axes and re-painted
        # the three plots' curves on every result.
        curves = bottom.addLayout(row=1, col=0)
        curves.setContentsMargins(0, 0, 0, 0)
        self.loss = curves.addPlot(row=0, col=0, axisItems=pixmap_axes())
        self.grad = curves.addPlot(row=0, col=1, axisItems=pixmap_axes())
        self.dist = curves.addPlot(row=0, col=2, axisItems=pixmap_axes())
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(1, 2)
        self.plane = PlaneLayer(self.plane_plot)
        style_axes(self.spectrum_plot)
        self.spectrum_plot.showGrid(x=False, y=True, alpha=0.25)
        self.spectrum_plot.setLabel(
            "bottom", translate("NDPlane", "eigenvalue index (ascending)"), color=TEXT
        )
        # Room for the bottom label (about 300 px of text): neither the title's text nor the
        # tick labels decide the split of the row (fixed axis width, a title without a size
        # hint), so a new result never resizes the plane the worker painted for (plane_render).
        self.spectrum_plot.setMinimumWidth(350)
        self.spectrum_plot.getAxis("left").setWidth(44)
        self.spectrum_plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#999999")))
        self.eig_pos = LeanScatter(size=5, pen=None, brush=pg.mkBrush(POS), hide_empty=True)
        self.eig_neg = LeanScatter(size=7, pen=None, brush=pg.mkBrush(NEG), hide_empty=True)
        self.spectrum_plot.addItem(self.eig_pos)
        self.spectrum_plot.addItem(self.eig_neg)
        self._eig_key: tuple | None = None  # what the scatters hold (see _set_eigenvalues)
        self._set_spectrum_title(translate("NDPlane", "Hessian spectrum"))
        titles = (
            translate("NDPlane", "loss f − f*"),
            translate("NDPlane", "gradient norm ‖∇f‖"),
            translate("NDPlane", "distance to nearest minimum"),
        )
        self.cursors = []
        for p, title in zip((self.loss, self.grad, self.dist), titles):
            style_axes(p)
            p.showGrid(x=True, y=True, alpha=0.25)
            p.setLogMode(x=False, y=True)
            p.getViewBox().setMouseEnabled(x=False, y=False)
            p.setTitle(title, color=TEXT, size="9pt")
            p.setLabel("bottom", translate("NDPlane", "step"), color=TEXT)
            p.getAxis("left").setWidth(44)
            line = pg.InfiniteLine(
                pos=0,
                angle=90,
                movable=True,
                pen=pg.mkPen("#444444", width=1, style=Qt.PenStyle.DashLine),
                hoverPen=pg.mkPen(NEG, width=2),
            )
            line.setZValue(10)
            line.sigDragged.connect(self._on_cursor_dragged)
            p.addItem(line, ignoreBounds=True)
            self.cursors.append(line)
        self.grad.setXLink(self.loss)
        self.dist.setXLink(self.loss)
        dash = Qt.PenStyle.DashLine
        self.theory = {
            "gd": _lean_item(pen=pg.mkPen("#555555", width=1.5, style=dash)),
            "momentum": _lean_item(pen=pg.mkPen("#555555", width=1.5, style=Qt.PenStyle.DotLine)),
        }
        for item in self.theory.values():
            self.loss.addItem(item)
        # The curves are static during playback (only the cursors move over them): each plot
        # paints its curves from one device-resolution pixmap.
        self.curve_layers = tuple(CachedLayer(p.getViewBox())
                                  for p in (self.loss, self.grad, self.dist))
        for item in self.theory.values():
            self.curve_layers[0].add_source(item.curve)
        self.curves: dict[object, tuple[pg.PlotDataItem, ...]] = {}
        self._pens: dict[object, str] = {}  # key -> colour of its curves' pens
        self._legend_entries: list | None = None  # what the legend lists (see _set_legend)
        self.steps = 1
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)

    # --- runs ----------------------------------------------------------------
    def _curve_items(self, key, color: str, label: str) -> tuple[pg.PlotDataItem, ...]:
        items = self.curves.get(key)
        if items is None:
            # A plain line's setData goes straight to its curve (LeanDataItem), whose bounds
            # (the plots auto-range on every result) are plain min/max (FastBoundsCurveItem).
            # No dynamic range limit: the plots fit their y range to every curve.
            items = tuple(_lean_item() for _ in range(3))
            for p, layer, it in zip((self.loss, self.grad, self.dist), self.curve_layers, items):
                p.addItem(it)
                layer.add_source(it.curve)
            self.curves[key] = items
        if self._pens.get(key) != color:  # setPen re-runs the item's data pipeline
            self._pens[key] = color
            for it in items:
                it.setPen(pg.mkPen(color, width=1.6))
            for layer in self.curve_layers:
                layer.invalidate()  # a pen change emits no data signal
        return items

    def _set_legend(self, entries: list[tuple[pg.PlotDataItem, str]]) -> None:
        """Show exactly ``entries`` (item, label) in this order; rebuilt only when the items
        change (clearing and refilling the legend re-laid out the whole figure on every
        result); new texts for the same items are set on their labels."""
        old = self._legend_entries
        if old is not None and len(old) == len(entries) == len(self.legend.items) and all(
                a is b for (a, _s), (b, _t) in zip(old, entries)):
            for (_sample, label), (_a, s), (_b, t) in zip(self.legend.items, old, entries):
                if s != t:
                    label.setText(t)
            self._legend_entries = list(entries)
            return
        self._legend_entries = list(entries)
        self.legend.clear()
        for it, text in entries:
            self.legend.addItem(it, text)

    @staticmethod
    def _set_title(plot: pg.PlotItem, text: str) -> None:
        """``setTitle`` only when the text changes (each call re-lays out the plot)."""
        if plot.titleLabel.text != text or not plot.titleLabel.isVisible():
            plot.setTitle(text, color=TEXT, size="9pt")

    def show_result(self, res: RunResult, colors: dict, labels: dict) -> None:
        """Set every item from ``res.drawing`` (prepared in the worker; prepared here for a
        result that comes without it)."""
        d = drawing_for(res)
        self.plane.show(res, colors, d)
        for key in [k for k in self.curves if k not in res.keys]:
            for p, layer, it in zip((self.loss, self.grad, self.dist), self.curve_layers,
                                    self.curves.pop(key)):
                self._pens.pop(key, None)
                layer.remove_source(it.curve)
                p.removeItem(it)
        f_star = res.f_star
        log = f_star is not None
        if self.loss.ctrl.logYCheck.isChecked() != log:  # re-runs every curve's pipeline
            self.loss.setLogMode(x=False, y=log)
        self._set_title(
            self.loss,
            translate("NDPlane", "loss f − f*  (f* = {v:.6g})").format(v=f_star)
            if f_star
            else translate("NDPlane", "loss f − f*")
            if f_star is not None
            else translate("NDPlane", "loss f"),
        )
        has_dist = any(d is not None for d in res.distances)
        self._set_title(
            self.dist,
            translate("NDPlane", "distance to nearest minimum")
            if has_dist
            else translate("NDPlane", "distance to nearest minimum (none known)"),
        )
        self.steps = d.steps if d is not None else max(1, res.request.steps)
        legend = []  # in the order of the runs, then the theory lines
        for key, run in zip(res.keys, d.runs if d is not None else ()):
            label = labels.get(key, str(key))
            items = self._curve_items(key, colors.get(key, "#000"), label)
            legend.append((items[0], label))
            for it, (x, y) in zip(items, (run.loss, run.grad, run.dist)):
                # (the worker already dropped the vertices a short curve does not need)
                it.set_long_run(len(x) > LONG_RUN, clip=True)
                it.setData(x, y)
        legend += self._show_theory(d.theory if d is not None else ())
        self._set_legend(legend)
        self.loss.setXRange(0, self.steps, padding=0.02)
        # pyqtgraph applies new ranges (auto-range, view transform) lazily, in the paint event;
        # a transform set there makes Qt paint the view again in a second paint event.  Apply
        # them now: one paint per result.
        for p in (self.plane_plot, self.loss, self.grad, self.dist):
            p.getViewBox().prepareForPaint()

    def _show_theory(self, lines: tuple[TheoryLine, ...]) -> list[tuple[pg.PlotDataItem, str]]:
        """Draw the theory lines; their legend entries."""
        entries = []
        shown = {line.name: line for line in lines}
        for name, it in self.theory.items():
            line = shown.get(name)
            if line is None:
                it.setData([], [])
                continue
            it.set_long_run(len(line.k) > LONG_RUN, clip=True)
            it.setData(line.k, line.f)
            text = (
                translate("NDPlane", "theory GD ρ = {r:.4f}")
                if name == "gd"
                else translate("NDPlane", "theory momentum ρ = {r:.4f}")
            )
            entries.append((it, text.format(r=line.rate)))
        return entries

    def set_position(self, k: int) -> None:
        for c in self.cursors:
            if c.value() != k:
                c.blockSignals(True)
                c.setValue(k)
                c.blockSignals(False)
        self.plane.set_position(k)

    def paintEvent(self, ev) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(ev)
        self.painted.emit()

    # --- spectrum --------------------------------------------------------------
    def _set_eigenvalues(self, idx: np.ndarray, eig: np.ndarray, neg: np.ndarray) -> None:
        """The two scatters' points, set only when the eigenvalues changed (every run's step 0
        is the same start: a new result asks for the same spectrum again)."""
        key = (idx.tobytes(), eig.tobytes(), neg.tobytes())
        if key == self._eig_key:
            return
        self._eig_key = key
        self.eig_pos.setData(idx[~neg], eig[~neg])
        self.eig_neg.setData(idx[neg], eig[neg])

    def _set_spectrum_title(self, text: str) -> None:
        if self.spectrum_plot.titleLabel.text == text and self.spectrum_plot.titleLabel.isVisible():
            return  # setTitle re-lays out the plot
        self.spectrum_plot.setTitle(text, color=TEXT, size="9pt")
        # The title's text width is its minimum and preferred width: a longer run label
        # would widen the spectrum and narrow the plane (whose worker-painted layers are
        # for its size).  The columns keep their 3 : 2 split instead.
        title = self.spectrum_plot.titleLabel
        title.setMinimumWidth(0)
        title.setPreferredWidth(0)

    def show_spectrum(self, res: SpectrumResult) -> None:
        if res.spectrum is None:
            empty = np.zeros(0)
            self._set_eigenvalues(empty, empty, np.zeros(0, bool))
            self._set_spectrum_title(
                translate("NDPlane", "Hessian spectrum: {err}").format(err=res.error or "")
            )
            return
        sp = res.spectrum
        eig = sp.eigenvalues
        idx = np.arange(len(eig), dtype=float)
        scale = max(1.0, float(np.max(np.abs(eig)))) if eig.size else 1.0
        neg = eig < -1e-10 * scale
        self._set_eigenvalues(idx, np.asarray(eig, dtype=float), neg)
        req = res.request
        self._set_spectrum_title(
            translate("NDPlane", "Hessian at step {k} of {run}").format(k=req.step, run=req.label)
        )
        if sp.method == "dense":
            text = translate("NDPlane", "all {n} eigenvalues, ascending · {neg} negative (red)")
        else:
            text = translate("NDPlane", "{n} Lanczos Ritz values of {d} · {neg} negative (red)")
        _set_axis_label(self.spectrum_plot.getAxis("bottom"),
                        text.format(n=len(eig), d=sp.dim, neg=sp.negative))

    def clear_spectrum(self, message: str) -> None:
        empty = np.zeros(0)
        self._set_eigenvalues(empty, empty, np.zeros(0, bool))
        self._set_spectrum_title(message)

    # --- mouse -----------------------------------------------------------------
    def _on_cursor_dragged(self, line) -> None:
        self.positionRequested.emit(int(round(min(max(line.value(), 0), self.steps))))

    def _on_scene_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        pos = ev.scenePos()
        for p in (self.loss, self.grad, self.dist):
            vb = p.getViewBox()
            if vb.sceneBoundingRect().contains(pos):
                x = vb.mapSceneToView(pos).x()
                self.positionRequested.emit(int(round(min(max(x, 0), self.steps))))
                return
