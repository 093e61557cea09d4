"""One stack's live view: gradient heatmap (layer x step), current per-layer bars, boundary."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..widgets.cached_axis import PixmapColorBar, pixmap_axes
from .axes import UNDERFLOW_COLOR, PowerAxis, cache_axes, stack_color
from .dots import Dots
from .heat_image import HeatImage
from .series import StackSeries, nice_upper, ratio_text
from .steady_labels import SteadyLabels

__all__ = ["StackView"]

MAX_COLUMNS = 400  # heatmap columns at most; longer runs show one step per block of steps
_CLASS_COLORS = ("#E69F00", "#0072B2")  # Okabe-Ito orange / blue


def _boundary_lut() -> np.ndarray:
    """Light orange (P=0) through white to light blue (P=1)."""
    a = np.array(QColor(_CLASS_COLORS[0]).getRgb()[:3], float)
    b = np.array(QColor(_CLASS_COLORS[1]).getRgb()[:3], float)
    white = np.array([255.0, 255.0, 255.0])
    t = np.linspace(0.0, 1.0, 256)[:, None]
    lo = white + (a - white) * 0.45 * (1 - 2 * t).clip(0, 1)
    hi = white + (b - white) * 0.45 * (2 * t - 1).clip(0, 1)
    return np.where(t < 0.5, lo, hi).astype(np.uint8)


class StackView(QWidget):
    """Header (name, ratio, status) over a GraphicsLayout with three plots."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._residual = False
        self._levels = (-6.0, 0.0)
        self._shown_levels: tuple[float, float] | None = None
        self._ranges: dict = {}
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.ratio_label = QLabel(self)
        self.ratio_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.layout_widget = pg.GraphicsLayoutWidget(self)
        self.layout_widget.setBackground("w")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        for w in (self.title, self.ratio_label, self.status_label):
            # changing text must never re-layout the plots (that costs a full pyqtgraph layout)
            w.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            lay.addWidget(w)
        self.status_label.setFixedHeight(2 * self.status_label.fontMetrics().lineSpacing() + 2)
        for w in (self.title, self.ratio_label):  # one line each (bold text is no taller)
            w.setFixedHeight(w.fontMetrics().lineSpacing() + 2)
        self._steady = SteadyLabels(self, [self.title, self.ratio_label, self.status_label])
        lay.addWidget(self.layout_widget, 1)
        self._build_heatmap()
        self._build_bars()
        self._build_boundary()
        self.layout_widget.setToolTip(self.tr(
            "Top: the gradient norm ‖∂L/∂hₗ‖ of every layer (rows, layer 1 = input side) at every "
            "training step (columns), colour on a log scale; red cells are exactly 0 "
            "(the float32 gradient underflowed). Middle: the same norms at the latest step, "
            "with the weight-gradient norms ‖∂L/∂Wₗ‖. Bottom: the model's class probability "
            "over the data."))
        self.clear()

    # -- construction -------------------------------------------------------------------
    def _build_heatmap(self) -> None:
        p = self.heat_plot = self.layout_widget.addPlot(row=0, col=0, axisItems=pixmap_axes())
        p.setLabel("left", self.tr("layer"))
        p.setLabel("bottom", self.tr("step"))
        p.setMouseEnabled(False, False)
        p.hideButtons()
        self.heat = HeatImage(pg.colormap.get("viridis"), UNDERFLOW_COLOR, MAX_COLUMNS)
        p.addItem(self.heat)
        self.colorbar = PixmapColorBar(values=self._levels, colorMap="viridis", width=12,
                                        interactive=False, colorMapMenu=False,
                                        label=self.tr("log₁₀ ‖∂L/∂h‖"))
        # beside the plot, as ColorBarItem.setImageItem(insert_in=p) places it (the heat map
        # colours its cells itself with the same map and levels)
        p.layout.addItem(self.colorbar, 2, 5)
        p.layout.setColumnFixedWidth(4, 5)

    def _build_bars(self) -> None:
        axis = PowerAxis("left")
        # one legend row serves the heatmap above and the bars below
        self.legend_label = self.layout_widget.addLabel("", row=1, col=0, size="8pt")
        p = self.bar_plot = self.layout_widget.addPlot(
            row=2, col=0, axisItems={**pixmap_axes("bottom"), "left": axis})
        p.setLabel("bottom", self.tr("layer (bars: current step)"))
        p.setMouseEnabled(False, False)
        p.hideButtons()
        p.showGrid(y=True, alpha=0.25)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8, y0=0, brush="#1F78B4", pen=None)
        self.zero_bars = pg.BarGraphItem(x=[], height=[], width=0.8, y0=0,
                                         brush=UNDERFLOW_COLOR, pen=None)
        # the weight-gradient norms: a line and dots (one drawPoints; a PlotDataItem symbol
        # rebuilt a scatter item on every step, the costliest update of a frame)
        self.weight_curve = pg.PlotCurveItem([], [], pen=pg.mkPen("#333333", width=1),
                                             skipFiniteCheck=True)
        self.weight_dots = Dots(size=4, color="#333333")
        for item in (self.bars, self.zero_bars, self.weight_curve, self.weight_dots):
            p.addItem(item)

    def _build_boundary(self) -> None:
        p = self.boundary_plot = self.layout_widget.addPlot(row=3, col=0, axisItems=pixmap_axes())
        p.setAspectLocked(True)
        p.setMouseEnabled(False, False)
        p.hideButtons()
        p.hideAxis("bottom")
        p.hideAxis("left")
        p.setTitle(self.tr("decision boundary"), size="9pt")
        self.boundary_image = pg.ImageItem(axisOrder="row-major")
        self.boundary_image.setLookupTable(_boundary_lut())
        self.boundary_image.setLevels((0.0, 1.0))
        self.points = pg.ScatterPlotItem(size=4, pen=None)
        p.addItem(self.boundary_image)
        p.addItem(self.points)
        for plot in (self.heat_plot, self.bar_plot, self.boundary_plot):
            cache_axes(plot)
        self.layout_widget.ci.layout.setRowStretchFactor(0, 5)
        self.layout_widget.ci.layout.setRowStretchFactor(2, 4)
        self.layout_widget.ci.layout.setRowStretchFactor(3, 4)

    # -- updates ------------------------------------------------------------------------
    def set_stack(self, residual: bool, depth: int, branch_text: str) -> None:
        """Name the stack and size the axes for ``depth`` layers."""
        self._residual = residual
        name = self.tr("Residual stack") if residual else self.tr("Plain stack")
        color = stack_color(residual)
        self.title.setText(f"<b style='color:{color}'>{name}</b> "
                           f"<span style='color:#555'>{branch_text}</span>")
        self._set_range(self.heat_plot, "y", (0.5, depth + 0.5))
        self._set_range(self.bar_plot, "x", (0.4, depth + 0.6))
        self.bars.setOpts(brush=color)
        sq = "■"
        self.legend_label.setText(
            f"<span style='color:{UNDERFLOW_COLOR}'>{sq}</span> "
            + self.tr("exactly 0 (float32 underflow)")
            + f"&nbsp;&nbsp;<span style='color:{color}'>{sq}</span> ‖∂L/∂hₗ‖"
            + "&nbsp;&nbsp;<span style='color:#333'>●</span> ‖∂L/∂Wₗ‖", color="#333333")
        self.weight_curve.setData([], [])
        self.weight_dots.setData([], [])

    def set_data_points(self, X: np.ndarray, y: np.ndarray,
                        bounds: tuple[float, float, float, float]) -> None:
        brushes = [pg.mkBrush(_CLASS_COLORS[int(c)]) for c in y]
        self.points.setData(X[:, 0], X[:, 1], brush=brushes)
        x0, x1, y0, y1 = bounds
        self._bounds = QRectF(x0, y0, x1 - x0, y1 - y0)
        self.boundary_plot.setRange(self._bounds, padding=0)
        self.boundary_image.clear()

    def set_boundary(self, prob: np.ndarray | None) -> None:
        if prob is None:
            self.boundary_image.clear()
            return
        self.boundary_image.setImage(prob, levels=(0.0, 1.0), autoLevels=False)
        self.boundary_image.setRect(self._bounds)

    def clear(self) -> None:
        self.heat.clear()
        self.bars.setOpts(x=[], height=[])
        self.zero_bars.setOpts(x=[], height=[])
        self._zero_shown = False
        self.weight_curve.setData([], [])
        self.weight_dots.setData([], [])
        self._ranges.clear()
        self._shown_levels = None
        self.colorbar.setLevels((-6.0, 0.0))
        self._set_range(self.heat_plot, "x", (0.5, 50.5))
        self._set_range(self.bar_plot, "y", (-7.0, 0.5))
        self.ratio_label.setText(self.tr("first/last layer gradient ratio: —"))
        self.status_label.setText("")
        self._alarm = False
        self._bounds = QRectF(-1.5, -1.5, 3, 3)

    def show_series(self, series: StackSeries, levels: tuple[float, float]) -> None:
        """Redraw heatmap, bars and ratio from ``series`` with shared colour ``levels``."""
        if series.n == 0:
            return
        self._levels = levels
        lo, hi = levels
        upper = nice_upper(series.n)
        self.heat.show(series, levels, upper)
        if levels != self._shown_levels:
            self.colorbar.setLevels(levels)
            self._shown_levels = levels
        self._set_range(self.heat_plot, "x", (0.5, upper + 0.5))
        self._show_bars(series, lo, hi)
        ratio = series.ratio()
        under = bool(series.act[-1, 0] == 0.0)
        text = ratio_text(ratio, under)
        if under:
            text += " " + self.tr("(layer 1 gradient underflowed to exactly 0)")
        self.ratio_label.setText(
            self.tr("first/last layer gradient ratio: <b>{0}</b>  (step {1})")
            .format(text, series.n))
        if not self._alarm:
            upd = series.updates[-1]
            self.status_label.setText(
                self.tr("update/weight ‖ΔWₗ‖/‖Wₗ‖: layer 1 {0}, layer {1} {2}")
                .format(f"{upd[0]:.1e}", series.depth, f"{upd[-1]:.1e}"))

    def _show_bars(self, series: StackSeries, lo: float, hi: float) -> None:
        act, wg = series.act[-1], series.wgrad[-1]
        layers = np.arange(1, series.depth + 1, dtype=float)
        floor = lo - 1.0
        zero = act == 0.0
        with np.errstate(divide="ignore"):
            la = np.log10(np.where(zero, 1.0, act))
            lw = np.log10(np.where(wg > 0, wg, np.nan))
        self.bars.setOpts(x=layers[~zero], height=la[~zero] - floor, y0=floor)
        stub = max(0.6, 0.04 * (hi - floor))
        if zero.any() or self._zero_shown:  # (an update to no bars from none repaints the plot)
            self.zero_bars.setOpts(x=layers[zero], height=np.full(int(zero.sum()), stub),
                                   y0=floor)
        self._zero_shown = bool(zero.any())
        ok = np.isfinite(lw)
        self.weight_curve.setData(layers[ok], lw[ok])
        self.weight_dots.setData(layers[ok], lw[ok])
        top = max(hi, float(np.ceil(np.nanmax(lw))) if ok.any() else hi)
        self._set_range(self.bar_plot, "y", (floor, top + 0.5))

    def _set_range(self, plot: pg.PlotItem, axis: str, span: tuple[float, float]) -> None:
        """Set a view range only when it changes (keeps pyqtgraph's cached axis pictures)."""
        key = (id(plot), axis)
        if self._ranges.get(key) == span:
            return
        self._ranges[key] = span
        if axis == "x":
            plot.setXRange(*span, padding=0)
        else:
            plot.setYRange(*span, padding=0)

    def set_status(self, text: str, alarm: bool = False) -> None:
        self._alarm = alarm
        color = "#B00020" if alarm else "#333333"
        self.status_label.setText(f"<span style='color:{color}'>{text}</span>")
