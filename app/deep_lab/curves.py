"""Loss and accuracy of both stacks, and the depth-sweep plot (ratio vs depth)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from .axes import PLAIN_COLOR, RESIDUAL_COLOR, UNDERFLOW_COLOR, PowerAxis, cache_axes, stack_color
from .series import StackSeries, nice_upper

__all__ = ["CurvesView"]


class CurvesView(QWidget):
    """Three stacked plots; every item is created once and updated with setData."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_widget = pg.GraphicsLayoutWidget(self)
        self.layout_widget.setBackground("w")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.layout_widget)
        self.loss_plot = self.layout_widget.addPlot(row=0, col=0)
        self.loss_plot.setLogMode(x=False, y=True)
        self.loss_plot.setTitle(self.tr("loss (cross-entropy)"), size="9pt")
        self.acc_plot = self.layout_widget.addPlot(row=1, col=0)
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
        self._build_sweep()
        for plot in (self.loss_plot, self.acc_plot, self.sweep_plot):
            cache_axes(plot)

    def _build_sweep(self) -> None:
        p = self.sweep_plot = self.layout_widget.addPlot(row=2, col=0,
                                                         axisItems={"left": PowerAxis("left")})
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

    def set_stacks(self, residual_flags: tuple[bool, ...]) -> None:
        """Show one curve per stack, coloured plain/residual."""
        legend = self.loss_plot.legend
        legend.clear()
        for i, curve in enumerate(self.loss_curves):
            visible = i < len(residual_flags)
            curve.setVisible(visible)
            self.acc_curves[i].setVisible(visible)
            if visible:
                pen = pg.mkPen(stack_color(residual_flags[i]), width=1)
                curve.setPen(pen)
                self.acc_curves[i].setPen(pen)
                label = self.tr("residual") if residual_flags[i] else self.tr("plain")
                legend.addItem(curve, label)
        self.clear_curves()

    def clear_curves(self) -> None:
        for c in (*self.loss_curves, *self.acc_curves):
            c.setData([], [])
        self._loss_span = None
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
        if np.isfinite(lo):
            # log10 view units, in quarter decades so the range changes rarely
            span = (np.floor(lo * 4 - 0.2) / 4, np.ceil(hi * 4 + 0.2) / 4, nice_upper(n))
            if span != self._loss_span:
                self._loss_span = span
                self.loss_plot.setRange(xRange=(0.5, span[2] + 0.5), yRange=span[:2],
                                        padding=0)

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
