"""Loss and accuracy of both stacks, and below them either the sharpness plot (lambda_max of
the training-loss Hessian with the stability line 2/lr, or (2 + 2 beta)/lr with momentum) or the
depth-sweep plot (ratio vs depth)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from optim_lab.deep.config import DeepConfig

from ..widgets.cached_axis import pixmap_axes
from .axes import PLAIN_COLOR, RESIDUAL_COLOR, UNDERFLOW_COLOR, PowerAxis, cache_axes, stack_color
from .series import StackSeries, nice_upper

__all__ = ["CurvesView"]


class CurvesView(QWidget):
    """Three stacked plots; every item is created once and updated with setData."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config: DeepConfig | None = None
        self._flags: tuple[bool, ...] = ()
        self.layout_widget = pg.GraphicsLayoutWidget(self)
        self.layout_widget.setBackground("w")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.layout_widget)
        self.loss_plot = self.layout_widget.addPlot(row=0, col=0, axisItems=pixmap_axes())
        self.loss_plot.setLogMode(x=False, y=True)
        self.loss_plot.setTitle(self.tr("loss (cross-entropy)"), size="9pt")
        self.acc_plot = self.layout_widget.addPlot(row=1, col=0, axisItems=pixmap_axes())
        self.acc_plot.setTitle(self.tr("batch accuracy"), size="9pt")
        self.acc_plot.setYRange(0.0, 1.02, padding=0)
        self.acc_plot.setXLink(self.loss_plot)
        for p in (self.loss_plot, self.acc_plot):
            p.setDownsampling(auto=True, mode="peak")  # long runs: peaks kept, fewer lines drawn
            p.setClipToView(True)
            p.showGrid(x=True, y=True, alpha=0.2)
            p.setMouseEnabled(False, False)
            p.hideButtons()
        self.acc_plot.setLabel("bottom", self.tr("step"))
        legend = self.loss_plot.addLegend(offset=(-4, 4), labelTextSize="8pt", verSpacing=-6)
        legend.setBrush(pg.mkBrush(255, 255, 255, 200))
        self.loss_curves, self.acc_curves = [], []
        for residual in (False, True):
            name = self.tr("residual") if residual else self.tr("plain")
            pen = pg.mkPen(stack_color(residual), width=1)  # wider pens cost 8-15x to draw
            self.loss_curves.append(self.loss_plot.plot([], [], pen=pen, name=name))
            self.acc_curves.append(self.acc_plot.plot([], [], pen=pen))
        # current lr and clipped fraction, pinned to the loss plot's top-left corner (a child of
        # the view box, so it never moves with the data and never re-lays the plot out)
        self.lr_text = pg.TextItem("", color="#333333", anchor=(0, 0))
        self.lr_text.setParentItem(self.loss_plot.vb)
        self.lr_text.setPos(4, 2)
        self._lr_shown = ""
        self._build_sweep()
        self._build_sharpness()
        for plot in (self.loss_plot, self.acc_plot, self.sweep_plot, self.sharpness_plot):
            cache_axes(plot)
        self.show_sharpness_plot(False)

    def _build_sweep(self) -> None:
        axes = {**pixmap_axes("bottom"), "left": PowerAxis("left")}
        p = self.sweep_plot = self.layout_widget.addPlot(row=2, col=0, axisItems=axes)
        p.setTitle(self.tr("depth sweep: first/last gradient ratio at init"), size="9pt")
        p.setLabel("bottom", self.tr("depth (hidden layers)"))
        p.showGrid(x=True, y=True, alpha=0.2)
        p.setMouseEnabled(False, False)
        p.hideButtons()
        legend = self.sweep_legend = p.addLegend(offset=(-4, 36), labelTextSize="8pt",
                                                 verSpacing=-6)
        legend.setBrush(pg.mkBrush(255, 255, 255, 200))
        self.sweep_plain = p.plot([], [], pen=pg.mkPen(PLAIN_COLOR, width=1.5), symbol="o",
                                  symbolSize=4, symbolBrush=PLAIN_COLOR, symbolPen=None,
                                  name=self.tr("plain"))
        self.sweep_residual = p.plot([], [], pen=pg.mkPen(RESIDUAL_COLOR, width=1.5),
                                     symbol="o", symbolSize=4, symbolBrush=RESIDUAL_COLOR,
                                     symbolPen=None, name=self.tr("residual"))
        self.sweep_zero = p.plot([], [], pen=None, symbol="x", symbolSize=9,
                                 symbolBrush=UNDERFLOW_COLOR,
                                 symbolPen=pg.mkPen(UNDERFLOW_COLOR, width=2),
                                 name=self.tr("exactly 0 (underflow)"))
        self.sweep_message = pg.TextItem(self.tr("press “Depth sweep” to compute"),
                                         color="#666666", anchor=(0.5, 0.5))
        p.addItem(self.sweep_message)
        legend.setVisible(False)  # shown with the first sweep
        self.sweep_message.setPos(0.5, 0.5)
        p.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)

    def _build_sharpness(self) -> None:
        p = self.sharpness_plot = pg.PlotItem()  # shares row 2 with the sweep plot
        p.setTitle(self.tr("sharpness λ_max of the training-loss Hessian"), size="9pt")
        p.setLabel("bottom", self.tr("step"))
        p.showGrid(x=True, y=True, alpha=0.2)
        p.setMouseEnabled(False, False)
        p.hideButtons()
        p.setXLink(self.loss_plot)
        legend = p.addLegend(offset=(-4, 4), labelTextSize="8pt", verSpacing=-6)
        legend.setBrush(pg.mkBrush(255, 255, 255, 200))
        self.limit_curve = p.plot([], [], pen=pg.mkPen("#444444", width=1,
                                                       style=Qt.PenStyle.DashLine),
                                  name=self.tr("2/η (stability limit)"))
        self.sharp_curves = []
        for residual in (False, True):
            color = stack_color(residual)
            self.sharp_curves.append(p.plot([], [], pen=pg.mkPen(color, width=1), symbol="o",
                                            symbolSize=3, symbolBrush=color, symbolPen=None))
        self._sharp_span = None

    def show_sharpness_plot(self, on: bool) -> None:
        """The sharpness plot replaces the depth-sweep plot while sharpness is measured."""
        shown, hidden = ((self.sharpness_plot, self.sweep_plot) if on
                         else (self.sweep_plot, self.sharpness_plot))
        ci = self.layout_widget.ci
        if hidden in ci.items:
            ci.removeItem(hidden)
        hidden.setVisible(False)
        if shown not in ci.items:
            ci.addItem(shown, row=2, col=0)
        shown.setVisible(True)

    def set_config(self, config: DeepConfig) -> None:
        """Name the loss and the stability line for this configuration."""
        self._config = config
        loss = self.tr("loss (squared error)") if config.loss == "mse" else self.tr(
            "loss (cross-entropy)")
        self.loss_plot.setTitle(loss, size="9pt")
        self.show_sharpness_plot(config.sharpness_every > 0)
        if config.optimizer == "momentum":
            label = QCoreApplication.translate("CurvesView", "(2+2β)/η (stability limit)")
        else:
            label = QCoreApplication.translate("CurvesView", "2/η (stability limit)")
        legend = self.sharpness_plot.legend
        legend.clear()
        if config.stability_limit() is not None:
            legend.addItem(self.limit_curve, label)
        for curve, residual in zip(self.sharp_curves, self._flags, strict=False):
            name = self.tr("residual") if residual else self.tr("plain")
            legend.addItem(curve, name)

    def set_stacks(self, residual_flags: tuple[bool, ...]) -> None:
        """Show one curve per stack, coloured plain/residual."""
        legend = self.loss_plot.legend
        legend.clear()
        self._flags = tuple(residual_flags)
        for i, curve in enumerate(self.loss_curves):
            visible = i < len(residual_flags)
            curve.setVisible(visible)
            self.acc_curves[i].setVisible(visible)
            self.sharp_curves[i].setVisible(visible)
            if visible:
                color = stack_color(residual_flags[i])
                pen = pg.mkPen(color, width=1)
                curve.setPen(pen)
                self.acc_curves[i].setPen(pen)
                self.sharp_curves[i].setPen(pen)
                self.sharp_curves[i].setSymbolBrush(color)
                label = self.tr("residual") if residual_flags[i] else self.tr("plain")
                legend.addItem(curve, label)
        self.clear_curves()

    def clear_curves(self) -> None:
        for c in (*self.loss_curves, *self.acc_curves, *self.sharp_curves, self.limit_curve):
            c.setData([], [])
        self._loss_span = None
        self._sharp_span = None
        self._lr_shown = ""
        self.lr_text.setText("")
        self.sharpness_plot.setRange(xRange=(0.5, 50.5), yRange=(0.0, 1.0), padding=0)
        # three decades: fewer than that and the empty log axis labels every minor tick
        self.loss_plot.setRange(xRange=(0.5, 50.5), yRange=(-2.0, 1.0), padding=0)

    def show_series(self, series: list[StackSeries]) -> None:
        lo, hi, n = np.inf, -np.inf, 1
        for i, s in enumerate(series):
            if s.n == 0:
                continue
            loss = np.maximum(s.loss, 1e-12)  # log axis; cross-entropy is >= 0
            self.loss_curves[i].setData(s.steps, loss)
            self.acc_curves[i].setData(s.steps, s.accuracy)
            lo = min(lo, float(np.log10(loss.min())))
            hi, n = max(hi, float(np.log10(loss.max()))), max(n, s.n)
        self._show_lr(series)
        if self._config is not None and self._config.sharpness_every:
            self._show_sharpness(series, n)
        if np.isfinite(lo):
            # log10 view units, in quarter decades so the range changes rarely
            span = (np.floor(lo * 4 - 0.2) / 4, np.ceil(hi * 4 + 0.2) / 4, nice_upper(n))
            if span != self._loss_span:
                self._loss_span = span
                self.loss_plot.setRange(xRange=(0.5, span[2] + 0.5), yRange=span[:2],
                                        padding=0)

    def _show_lr(self, series: list[StackSeries]) -> None:
        live = [s for s in series if s.n]
        if not live or self._config is None:
            return
        text = QCoreApplication.translate("CurvesView", "lr {0}").format(
            f"{live[0].lr[-1]:.3g}")
        if self._config.clip > 0:
            fractions = " / ".join(f"{100 * s.clipped_fraction:.0f}%" for s in live)
            text += " · " + QCoreApplication.translate(
                "CurvesView", "clipped {0} of steps").format(fractions)
        if text != self._lr_shown:
            self._lr_shown = text
            self.lr_text.setText(text)

    def _show_sharpness(self, series: list[StackSeries], n: int) -> None:
        """Measured lambda_max per stack and the line (2 + 2 beta)/lr_t (2/lr_t for SGD).

        The y range grows in steps (so the axis is not re-laid out every frame) and covers the
        sharpness and, up to 3x the sharpness, the line; the line is clipped to twice the range
        (an lr decaying to 0 makes 2/lr unbounded: nothing that large is handed to Qt).
        """
        top = 0.0
        for curve, s in zip(self.sharp_curves, series, strict=False):
            steps, values = s.sharpness()
            curve.setData(steps, values)
            if values.size:
                top = max(top, float(values.max()))
        live = [s for s in series if s.n]
        scale = self._config.stability_limit(1.0)  # (2 + 2 beta), None for Adam
        lrs = live[0].lr if live else np.empty(0)
        last = float(lrs[-1]) if lrs.size else 0.0
        limit_now = scale / last if scale is not None and last > 0 else 0.0
        want = max(top, min(limit_now, 3 * top) if top else limit_now) * 1.15
        if want > 0:
            span = (float(nice_upper(int(np.ceil(want * 10)))) / 10.0, nice_upper(n))
            if span != self._sharp_span:
                self._sharp_span = span
                self.sharpness_plot.setRange(xRange=(0.5, span[1] + 0.5),
                                             yRange=(0.0, span[0]), padding=0)
        if scale is None or not lrs.size or self._sharp_span is None:
            self.limit_curve.setData([], [])
            return
        cap = 2.0 * self._sharp_span[0]
        if lrs.min() == lrs.max():  # constant lr: one horizontal segment
            y = min(scale / last, cap)
            self.limit_curve.setData([0.5, nice_upper(n) + 0.5], [y, y])
        else:  # follows the schedule step by step
            with np.errstate(divide="ignore"):
                limit = np.where(lrs > 0, scale / np.where(lrs > 0, lrs, 1.0), cap)
            self.limit_curve.setData(live[0].steps, np.minimum(limit, cap))

    def show_sweep(self, depths: np.ndarray, plain: np.ndarray, residual: np.ndarray) -> None:
        """Ratios as log10; exact zeros drawn as crosses on the floor of the plot."""
        finite = [a[(a > 0) & np.isfinite(a)] for a in (plain, residual)]
        pos = np.concatenate(finite)
        lo = np.floor(np.log10(pos.min())) if pos.size else -1.0
        hi = np.ceil(np.log10(pos.max())) if pos.size else 1.0
        floor = lo - 2.0
        for curve, vals in ((self.sweep_plain, plain), (self.sweep_residual, residual)):
            ok = (vals > 0) & np.isfinite(vals)
            curve.setData(depths[ok].astype(float), np.log10(vals[ok]))
        zero_d = np.concatenate([depths[plain == 0.0], depths[residual == 0.0]])
        self.sweep_zero.setData(zero_d.astype(float), np.full(len(zero_d), floor + 1.0))
        self.sweep_message.setText("")
        self.sweep_legend.setVisible(True)
        self.sweep_plot.setRange(xRange=(0, float(depths.max()) + 2),
                                 yRange=(floor, max(hi, 0.0) + 1.0), padding=0)

    def show_sweep_message(self, text: str) -> None:
        self.sweep_message.setText(text)
        vr = self.sweep_plot.viewRange()
        self.sweep_message.setPos((vr[0][0] + vr[0][1]) / 2, (vr[1][0] + vr[1][1]) / 2)
