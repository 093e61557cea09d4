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
from ..widgets.layer_cache import CachedLayer
from .compute import RunResult, SpectrumResult
from .plane_layer import TEXT, PlaneLayer, style_axes

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

FLOOR = 1e-300  # log axes: exact zeros are drawn at the floor, never as -inf
NEG = "#C0392B"
POS = "#2E5A88"


def positive(x: np.ndarray, y: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """The points a log axis can show: y > floor (a curve that reaches 0 just ends)."""
    keep = y > floor
    return x[keep], y[keep]


class NDFigure(pg.GraphicsLayoutWidget):
    positionRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
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
        bottom.addItem(self.legend, row=0, col=0, colspan=3)
        self.loss = bottom.addPlot(row=1, col=0, axisItems=pixmap_axes())
        self.grad = bottom.addPlot(row=1, col=1, axisItems=pixmap_axes())
        self.dist = bottom.addPlot(row=1, col=2, axisItems=pixmap_axes())
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(1, 2)
        self.plane = PlaneLayer(self.plane_plot)
        style_axes(self.spectrum_plot)
        self.spectrum_plot.showGrid(x=False, y=True, alpha=0.25)
        self.spectrum_plot.setLabel(
            "bottom", translate("NDPlane", "eigenvalue index (ascending)"), color=TEXT
        )
        self.spectrum_plot.setMinimumWidth(220)
        self.spectrum_plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#999999")))
        self.eig_pos = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush(POS))
        self.eig_neg = pg.ScatterPlotItem(size=7, pen=None, brush=pg.mkBrush(NEG))
        self.spectrum_plot.addItem(self.eig_pos)
        self.spectrum_plot.addItem(self.eig_neg)
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
            "gd": pg.PlotDataItem(pen=pg.mkPen("#555555", width=1.5, style=dash)),
            "momentum": pg.PlotDataItem(pen=pg.mkPen("#555555", width=1.5, style=Qt.PenStyle.DotLine)),
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
        self.steps = 1
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)

    # --- runs ----------------------------------------------------------------
    def _curve_items(self, key, color: str, label: str) -> tuple[pg.PlotDataItem, ...]:
        items = self.curves.get(key)
        if items is None:
            items = tuple(
                pg.PlotDataItem(
                    skipFiniteCheck=True, autoDownsample=True, clipToView=True, downsampleMethod="peak"
                )
                for _ in range(3)
            )
            for p, layer, it in zip((self.loss, self.grad, self.dist), self.curve_layers, items):
                p.addItem(it)
                layer.add_source(it.curve)
            self.curves[key] = items
        for it in items:
            it.setPen(pg.mkPen(color, width=1.6))
        for layer in self.curve_layers:
            layer.invalidate()  # a pen change emits no data signal
        self.legend.addItem(items[0], label)
        return items

    def show_result(self, res: RunResult, colors: dict, labels: dict) -> None:
        self.plane.show(res, colors)
        for key in [k for k in self.curves if k not in res.keys]:
            for p, layer, it in zip((self.loss, self.grad, self.dist), self.curve_layers,
                                    self.curves.pop(key)):
                layer.remove_source(it.curve)
                p.removeItem(it)
        f_star = res.f_star
        self.loss.setLogMode(x=False, y=f_star is not None)
        self.loss.setTitle(
            translate("NDPlane", "loss f − f*  (f* = {v:.6g})").format(v=f_star)
            if f_star
            else translate("NDPlane", "loss f − f*")
            if f_star is not None
            else translate("NDPlane", "loss f"),
            color=TEXT,
            size="9pt",
        )
        has_dist = any(d is not None for d in res.distances)
        self.dist.setTitle(
            translate("NDPlane", "distance to nearest minimum")
            if has_dist
            else translate("NDPlane", "distance to nearest minimum (none known)"),
            color=TEXT,
            size="9pt",
        )
        self.steps = max(1, res.request.steps)
        self.legend.clear()  # rebuilt in the order of the runs
        for key, traj, dist in zip(res.keys, res.trajectories, res.distances):
            loss_it, grad_it, dist_it = self._curve_items(
                key, colors.get(key, "#000"), labels.get(key, str(key))
            )
            x = np.arange(len(traj.losses), dtype=float)
            if f_star is None:
                loss_it.setData(x, traj.losses)
            else:
                # f − f* below rounding of f* is noise (and exact zeros have no log)
                loss_it.setData(*positive(x, traj.losses - f_star, max(FLOOR, 1e-15 * abs(f_star))))
            grad_it.setData(*positive(x, traj.grad_norms, FLOOR))
            if dist is None:
                dist_it.setData([], [])
            else:
                dist_it.setData(*positive(x, dist, FLOOR))
        self._show_theory(res)
        self.loss.setXRange(0, self.steps, padding=0.02)

    def _show_theory(self, res: RunResult) -> None:
        th = res.theory
        if th is None or not res.trajectories:
            for it in self.theory.values():
                it.setData([], [])
            return
        f0 = float(res.trajectories[0].losses[0])
        # Down to the lowest loss a run reached: the lines show slopes, not a new y-range.
        low = min(float(np.min(t.losses)) for t in res.trajectories)
        low = max(low, FLOOR) * 0.1
        for name, it in self.theory.items():
            rho = th[f"{name}_rate"]
            kmax = self.steps
            if 0 < rho < 1 and f0 > low:
                kmax = min(kmax, int(np.ceil(np.log(low / f0) / (2 * np.log(rho)))))
            k = np.arange(kmax + 1, dtype=float)
            it.setData(k, np.maximum(f0 * rho ** (2 * k), FLOOR))
            text = (
                translate("NDPlane", "theory GD ρ = {r:.4f}")
                if name == "gd"
                else translate("NDPlane", "theory momentum ρ = {r:.4f}")
            )
            self.legend.addItem(it, text.format(r=rho))

    def set_position(self, k: int) -> None:
        for c in self.cursors:
            if c.value() != k:
                c.blockSignals(True)
                c.setValue(k)
                c.blockSignals(False)
        self.plane.set_position(k)

    # --- spectrum --------------------------------------------------------------
    def _set_spectrum_title(self, text: str) -> None:
        self.spectrum_plot.setTitle(text, color=TEXT, size="9pt")

    def show_spectrum(self, res: SpectrumResult) -> None:
        if res.spectrum is None:
            self.eig_pos.setData([], [])
            self.eig_neg.setData([], [])
            self._set_spectrum_title(
                translate("NDPlane", "Hessian spectrum: {err}").format(err=res.error or "")
            )
            return
        sp = res.spectrum
        eig = sp.eigenvalues
        idx = np.arange(len(eig), dtype=float)
        scale = max(1.0, float(np.max(np.abs(eig)))) if eig.size else 1.0
        neg = eig < -1e-10 * scale
        self.eig_pos.setData(idx[~neg], eig[~neg])
        self.eig_neg.setData(idx[neg], eig[neg])
        req = res.request
        self._set_spectrum_title(
            translate("NDPlane", "Hessian at step {k} of {run}").format(k=req.step, run=req.label)
        )
        if sp.method == "dense":
            text = translate("NDPlane", "all {n} eigenvalues, ascending · {neg} negative (red)")
        else:
            text = translate("NDPlane", "{n} Lanczos Ritz values of {d} · {neg} negative (red)")
        self.spectrum_plot.setLabel(
            "bottom", text.format(n=len(eig), d=sp.dim, neg=sp.negative), color=TEXT
        )

    def clear_spectrum(self, message: str) -> None:
        self.eig_pos.setData([], [])
        self.eig_neg.setData([], [])
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
