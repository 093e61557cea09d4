"""Map views: the translucent basin layer over the surface and the maps panel.

- :class:`BasinLayer` — one image item over the surface (created once, ``setImage`` on
  each result): each start coloured by where its run ends, one colour per known
  minimum (rings of the same colour around the minima markers), and distinct
  colours for diverged, stalled at a saddle and not converged.
- :class:`MapsPanel` — which run to map, the basin toggle and opacity, the basin
  legend (naming the global minimum), and the hyperparameter plot: final loss over
  log lr × β with the stability boundaries 2/λ_max and 2(1+β)/λ_max (Goh, "Why
  Momentum Really Works", 2017) drawn over it, or, for optimizers without a β
  (GD, AdaGrad), final loss against lr with the limit 2/λ_max as a vertical line.
  Clicking the plot emits ``hyperClicked(lr, beta)``.  In the "every run" mode the
  plot holds one learning-rate sweep per enabled run in the run's colour, each run's
  stability limit a vertical line of the same colour.

The colours are the engine's (:mod:`optim_lab.maps_png`), so a PNG written by the
command line looks like the lab.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from optim_lab.maps import DIVERGED, NOT_CONVERGED, OTHER_MINIMUM, STALLED, BasinMap, HyperMap
from optim_lab.maps_png import LOSS_STOPS, NOT_CONVERGED_COLOR, SPECIAL_COLORS, minimum_colors
from optim_lab.maps_settings import BASIN_GRIDS, HYPER_GRIDS

from ..widgets.layer_cache import CachedLayer
from ..widgets.lean_scatter import LeanScatter
from ..widgets.live_text import LiveText
from .maps_sweeps import SweepCurves
from .status import fmt_point

__all__ = ["BasinLayer", "HyperPlot", "MapsPanel", "basin_legend", "basin_rgba",
           "minimum_colors"]

LOSS_CMAP = pg.ColorMap(pos=[p for p, _ in LOSS_STOPS], color=[c for _, c in LOSS_STOPS])


translate = QCoreApplication.translate  # lupdate recognises translate("Context", "text")


def basin_rgba(m: BasinMap, shade_steps: bool = False) -> np.ndarray:
    """(n_x, n_y, 4) uint8 image (column-major, like the surface image) of the labels.

    ``shade_steps``: darker where the run took longer, brightness
    1 − 0.65·log(1 + k)/log(1 + steps) for k steps taken.
    """
    rgba = _label_lut(m.minima)[(m.labels - OTHER_MINIMUM).T]
    if shade_steps:
        k = np.asarray(m.steps_taken, dtype=float).T
        light = 1.0 - 0.65 * np.log1p(k) / math.log1p(max(m.steps, 1))
        rgba = rgba.copy()
        rgba[..., :3] = np.clip(rgba[..., :3] * light[..., None], 0, 255).astype(np.uint8)
    return rgba


@lru_cache(maxsize=8)
def _label_lut(minima: tuple) -> np.ndarray:
    """RGBA per label + 4 (other minimum, not converged, stalled, diverged, minima...)."""
    colors = [SPECIAL_COLORS[k] for k in (OTHER_MINIMUM, NOT_CONVERGED, STALLED, DIVERGED)]
    colors += minimum_colors(minima)
    lut = np.array([QColor(c).getRgb() for c in colors], dtype=np.uint8)
    lut[1, 3] = 0  # not converged: transparent, the surface shows through
    lut.setflags(write=False)
    return lut


def _cell_rect(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    dx, dy = (x[1] - x[0]) / 2, (y[1] - y[0]) / 2
    return x[0] - dx, y[0] - dy, x[-1] - x[0] + 2 * dx, y[-1] - y[0] + 2 * dy


class BasinLayer:
    """The basin image and minimum rings on the surface plot; items created once."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.image = pg.ImageItem(axisOrder="col-major")
        # above the surface's cached field layer (heat map and contours in one opaque
        # pixmap, z = -10), below the runs and markers
        self.image.setZValue(-5)
        self.rings = LeanScatter(pxMode=True)
        self.rings.setZValue(0.5)
        for it in (self.image, self.rings):
            it.setVisible(False)
            plot.addItem(it, ignoreBounds=True)
        # the translucent image is painted once per map into a cached layer, which a
        # slider step's repaint copies (scaling and blending it cost ~4 ms a repaint)
        self.cache = CachedLayer(plot.getViewBox(), (self.image,), z=-5)
        self.cache.setVisible(False)
        self.set_opacity(0.45)
        self.map: BasinMap | None = None
        self._ring_minima: tuple | None = None
        self._rect: tuple | None = None
        self.shade_steps = False

    def set_shading(self, on: bool) -> None:
        """Shade by steps taken (darker = slower); redraws the current map."""
        self.shade_steps = on
        if self.map is not None:
            self.set_map(self.map)

    def set_map(self, m: BasinMap) -> None:
        self.map = m
        self.image.setImage(basin_rgba(m, self.shade_steps), autoLevels=False, levels=(0, 255))
        # the item's transform scales image pixels to the rect: set it again when either
        # changes (a drag keeps both: no geometry change to announce)
        rect = (*_cell_rect(m.x, m.y), m.labels.shape)
        if rect != self._rect:
            self._rect = rect
            self.image.setRect(*rect[:4])
        if m.minima != self._ring_minima:  # the same surface: the rings stay as they are
            self._ring_minima = m.minima
            colors = minimum_colors(m.minima)
            self.rings.setData([{"pos": p, "size": 20, "symbol": "o", "brush": None,
                                 "pen": pg.mkPen(c, width=3)}
                                for (p, _), c in zip(m.minima, colors)])

    def set_visible(self, on: bool) -> None:
        self.image.setVisible(on)
        self.rings.setVisible(on)
        self.cache.setVisible(on)

    def set_opacity(self, alpha: float) -> None:
        """The layer's opacity (the cache paints the image; the image keeps the value)."""
        self.image.setOpacity(alpha)
        self.cache.setOpacity(alpha)


def basin_legend(m: BasinMap) -> str:
    """Rich text: a swatch per minimum (the global one named) and per outcome."""
    def swatch(color: str, text: str) -> str:
        return (f"<span style='color:{color}; font-size:14px'>■</span>&nbsp;{text}")

    counts = m.counts()
    total = max(1, m.labels.size)
    colors = minimum_colors(m.minima)
    items = []
    many = len(m.minima) > 6
    for i, ((p, is_global), c) in enumerate(zip(m.minima, colors)):
        if many and not is_global:
            continue
        share = 100.0 * counts.get(i, 0) / total
        name = (translate("Maps", "global minimum {p}") if is_global
                else translate("Maps", "local minimum {p}")).format(p=fmt_point(p))
        items.append(swatch(c, f"{name}: {share:.0f}%"))
    if many:
        local = sum(v for k, v in counts.items() if k >= 0 and not m.minima[k][1])
        items.append(translate("Maps", "{n} local minima (colours repeat): {share:.0f}%").format(
            n=sum(1 for _, g in m.minima if not g), share=100.0 * local / total))
    names = {DIVERGED: translate("Maps", "diverged"),
             STALLED: translate("Maps", "stalled at a saddle"),
             NOT_CONVERGED: translate("Maps", "not converged (clear)"),
             OTHER_MINIMUM: translate("Maps", "another minimum")}
    # every outcome, 0 % too: a live map keeps the legend's lines (no jumping, no refit)
    for lab in (DIVERGED, STALLED, NOT_CONVERGED, OTHER_MINIMUM):
        color = NOT_CONVERGED_COLOR if lab == NOT_CONVERGED else SPECIAL_COLORS[lab]
        items.append(swatch(color, f"{names[lab]}: {100.0 * counts.get(lab, 0) / total:.0f}%"))
    return "<br>".join(items)


def steps_rgba(m: HyperMap) -> np.ndarray:
    """Steps taken, linear colour scale (dark = few; diverged: red), (n_lr, n_beta, 4)."""
    frac = np.asarray(m.steps_taken, dtype=float) / max(m.steps, 1)
    rgba = LOSS_CMAP.map(np.clip(frac, 0, 1).ravel(), mode="byte").reshape(frac.shape + (4,))
    rgba[m.labels == DIVERGED] = QColor(SPECIAL_COLORS[DIVERGED]).getRgb()
    return np.ascontiguousarray(np.transpose(rgba, (1, 0, 2)))


def loss_rgba(m: HyperMap, f_min: float) -> tuple[np.ndarray, float, float]:
    """Final loss above ``f_min`` on a log colour scale (diverged: red), (n_lr, n_beta, 4)."""
    gap = np.asarray(m.final_losses, dtype=float) - f_min
    ok = np.isfinite(gap)
    logs = np.log10(np.maximum(np.where(ok, gap, 1.0), 1e-16))
    hi = float(logs[ok].max()) if ok.any() else 0.0
    lo = max(float(logs[ok].min()) if ok.any() else -1.0, hi - 14.0)
    if hi - lo < 1e-9:
        lo = hi - 1.0
    rgba = LOSS_CMAP.map(np.clip((logs - lo) / (hi - lo), 0, 1).ravel(), mode="byte")
    rgba = rgba.reshape(logs.shape + (4,))
    rgba[~ok] = QColor(SPECIAL_COLORS[DIVERGED]).getRgb()
    return np.ascontiguousarray(np.transpose(rgba, (1, 0, 2))), lo, hi


def beta_label(name: str | None) -> str:
    """The β axis title: which hyperparameter it is."""
    return {"momentum": translate("Maps", "β (momentum)"),
            "beta1": translate("Maps", "β₁ (first-moment decay)"),
            "alpha": translate("Maps", "α (RMSprop smoothing)")}.get(name or "", "β")


class HyperPlot(pg.PlotWidget):
    """log lr × β map (or the lr sweep curve) with boundaries and the current setting."""

    clicked = Signal(float, float)  # lr, beta (beta NaN in sweep mode)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        p = self.getPlotItem()
        p.setMenuEnabled(False)
        p.hideButtons()
        self.vb = p.getViewBox()
        self.vb.setMouseEnabled(False, False)
        self.vb.setDefaultPadding(0.0)
        for name in ("left", "bottom"):
            ax = p.getAxis(name)
            ax.setTextPen("#333333")
            ax.setPen("#777777")
            ax.enableAutoSIPrefix(False)
        p.getAxis("bottom").setLogMode(True)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setZValue(-10)
        p.addItem(self.image)
        self.sweep = pg.PlotCurveItem(pen=pg.mkPen("#0B3C5D", width=2))
        self.sweep_div = pg.ScatterPlotItem(pxMode=True, size=6, symbol="x",
                                            pen=pg.mkPen(SPECIAL_COLORS[DIVERGED]))
        self.bound_min = pg.PlotCurveItem(pen=pg.mkPen("#111111", width=2))
        self.bound_start = pg.PlotCurveItem(pen=pg.mkPen("#111111", width=1.5,
                                                         style=Qt.PenStyle.DashLine))
        self.bound_gd = pg.PlotCurveItem(pen=pg.mkPen("#555555", width=1.5,
                                                      style=Qt.PenStyle.DotLine))
        self.current = pg.ScatterPlotItem(pxMode=True, size=14, symbol="+",
                                          pen=pg.mkPen("#C0392B", width=3))
        for it in (self.sweep, self.sweep_div, self.bound_min, self.bound_start, self.bound_gd,
                   self.current):
            p.addItem(it)
        self.curves = SweepCurves(p)  # the "every run" mode's items, created once
        self.map: HyperMap | None = None
        self.lr_span: tuple[float, float] | None = None  # log10 lr range of what is shown
        self.scene().sigMouseClicked.connect(self._on_clicked)

    def set_map(self, m: HyperMap, f_min: float, current: tuple[float, float | None],
                by_steps: bool = False) -> None:
        """Draw ``m``: colour (or curve) by final loss, or by steps taken if ``by_steps``."""
        self.map = m
        self.lr_span = (float(np.log10(m.lrs[0])), float(np.log10(m.lrs[-1])))
        self._single_items(True)
        p = self.getPlotItem()
        lx = np.log10(m.lrs)
        sweep_mode = m.betas.size == 1
        p.getAxis("left").setLogMode(sweep_mode and not by_steps)
        self.image.setVisible(not sweep_mode)
        self.sweep.setVisible(sweep_mode)
        self.sweep_div.setVisible(sweep_mode)
        lam_min = m.lam_max_minimum
        # in base-lr terms (the axis): with a schedule the peak scheduled lr must stay below 2/λ
        gd_lim = (2.0 / lam_min / m.dynamics.peak_lr(1.0)) if lam_min and lam_min > 0 else None
        if sweep_mode:
            ok = m.labels[0] != DIVERGED
            if by_steps:
                ly = m.steps_taken[0].astype(float)
                label = translate("Maps", "steps taken")
            else:
                gap = m.final_losses[0] - f_min
                ok &= np.isfinite(gap)
                ly = np.log10(np.maximum(np.where(ok, gap, 1.0), 1e-16))
                label = translate("Maps", "final loss − f_min")
            self.sweep.setData(lx[ok], ly[ok])
            y0, y1 = (float(ly[ok].min()), float(ly[ok].max())) if ok.any() else (0.0, 1.0)
            y1 = max(y1, y0 + 1.0)
            top = np.full(int((~ok).sum()), y1)
            self.sweep_div.setData(lx[~ok], top)
            p.setLabel("left", label, color="#333333")
            y_range = (y0, y1)
        else:
            rgba = steps_rgba(m) if by_steps else loss_rgba(m, f_min)[0]
            self.image.setImage(rgba, autoLevels=False, levels=(0, 255))
            self.image.setRect(*_cell_rect(lx, m.betas))
            p.setLabel("left", beta_label(m.beta_name), color="#333333")
            y_range = (float(m.betas[0]), float(m.betas[-1]))
        p.setLabel("bottom", translate("Maps", "learning rate (log)"), color="#333333")
        ys = np.array(y_range) if sweep_mode else np.linspace(*y_range, 64)
        self._line(self.bound_gd, gd_lim, y_range)
        for item, at in ((self.bound_min, "minimum"), (self.bound_start, "start")):
            b = None if sweep_mode else m.boundary(ys, at)
            if b is not None and np.all(np.isfinite(b)) and np.all(b > 0):
                item.setData(np.log10(b), ys)
            elif sweep_mode or b is None:
                item.setData([], [])
            else:
                item.setData([], [])
        lr, beta = current
        if sweep_mode:  # on the curve at the nearest computed lr (top if that one diverged)
            i = int(np.argmin(np.abs(lx - math.log10(lr))))
            cy = float(ly[i]) if ok[i] else y_range[1]
        else:
            cy = float(np.clip(beta if beta is not None else 0.0, *y_range))
        self.current.setData([math.log10(lr)], [cy])
        self.vb.setRange(xRange=(lx[0], lx[-1]), yRange=y_range, padding=0.02)

    def _single_items(self, on: bool) -> None:
        """Show the one-run items (map or curve) or, with ``on`` False, only the sweeps."""
        if not on:
            for it in (self.image, self.sweep, self.sweep_div, self.bound_min, self.bound_start,
                       self.bound_gd, self.current):
                it.setVisible(False)
        else:
            for it in (self.bound_min, self.bound_start, self.bound_gd, self.current):
                it.setVisible(True)
        self.curves.set_visible(not on)

    def set_sweeps(self, maps, colors, limits, currents, f_min: float,
                   by_steps: bool = False) -> None:
        """One learning-rate sweep per run (``maps``: one-row :class:`HyperMap` s on one lr
        axis) in ``colors``; ``limits``: each run's largest stable lr or None; ``currents``:
        each run's lr."""
        self.map = None
        self._single_items(False)
        p = self.getPlotItem()
        p.getAxis("left").setLogMode(not by_steps)
        y_range = self.curves.set_data(maps, colors, limits, currents, f_min, by_steps)
        p.setLabel("left", translate("Maps", "steps taken") if by_steps
                   else translate("Maps", "final loss − f_min"), color="#333333")
        p.setLabel("bottom", translate("Maps", "learning rate (log)"), color="#333333")
        lx = np.log10(maps[0].lrs)
        self.lr_span = (float(lx[0]), float(lx[-1]))
        self.vb.setRange(xRange=self.lr_span, yRange=y_range, padding=0.02)

    @staticmethod
    def _line(item: pg.PlotCurveItem, lr: float | None, y_range) -> None:
        if lr is None or not (math.isfinite(lr) and lr > 0):
            item.setData([], [])
        else:
            item.setData([math.log10(lr)] * 2, list(y_range))

    def _on_clicked(self, ev) -> None:
        m, span = self.map, self.lr_span
        if span is None or ev.button() != Qt.MouseButton.LeftButton:
            return
        if not self.vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        pt = self.vb.mapSceneToView(ev.scenePos())
        lx = float(np.clip(pt.x(), *span))
        beta = float("nan") if m is None or m.betas.size == 1 else float(
            np.clip(pt.y(), m.betas[0], m.betas[-1]))
        self.clicked.emit(10.0 ** lx, beta)


class MapsPanel(QGroupBox):
    """Controls and plots for the maps; the controller in :mod:`.maps_live` feeds it.
    ``needs_room`` asks the window to fit the panel again (a legend grew)."""

    needs_room = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("Maps", "Maps"), parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(4)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("Maps", "Run:"), self))
        self.run_box = QComboBox(self)
        self.run_box.setToolTip(
            translate("Maps", "The run whose optimizer and hyperparameters are mapped"))
        row.addWidget(self.run_box, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        self.basins = QCheckBox(translate("Maps", "Basins of attraction"), self)
        self.basins.setToolTip(translate("Maps", "Colour every start by the minimum its run reaches; "
                                   "click the surface to start there"))
        self.opacity = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity.setRange(10, 100)
        self.opacity.setValue(45)
        self.opacity.setToolTip(translate("Maps", "Opacity of the basin layer"))
        row.addWidget(self.basins)
        row.addWidget(QLabel(translate("Maps", "Opacity"), self))
        row.addWidget(self.opacity, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        self.shade = QCheckBox(translate("Maps", "Shade by steps taken"), self)
        self.shade.setToolTip(translate("Maps", "Darker where the run needed more steps"))
        row.addWidget(self.shade)
        row.addStretch(1)
        self.basin_grid_label = QLabel(translate("Maps", "Starts:"), self)
        row.addWidget(self.basin_grid_label)
        self.basin_grid = QComboBox(self)
        for n in BASIN_GRIDS:
            self.basin_grid.addItem(f"{n}²", n)
        self.basin_grid.setCurrentIndex(BASIN_GRIDS.index(256))
        self.basin_grid.setToolTip(translate("Maps", "Starts per side of the basin grid once "
                                             "the edits pause (a coarse 64² grid follows a drag)"))
        row.addWidget(self.basin_grid)
        lay.addLayout(row)
        # both change with every live map: repainted, relaid out only for a new line count
        self.basin_legend = LiveText(self, rich=True)
        lay.addWidget(self.basin_legend)
        row = QHBoxLayout()
        self.hyper = QCheckBox(translate("Maps", "Hyperparameter map"), self)
        self.hyper.setToolTip(translate("Maps", "Final loss for every learning rate (and β) "
                                        "from the current start; click to use that setting"))
        self.color_by = QComboBox(self)
        self.color_by.addItem(translate("Maps", "final loss"), "loss")
        self.color_by.addItem(translate("Maps", "steps taken"), "steps")
        self.color_by.setToolTip(translate("Maps", "What the hyperparameter map shows"))
        row.addWidget(self.hyper)
        row.addStretch(1)
        row.addWidget(self.color_by)
        lay.addLayout(row)
        row = QHBoxLayout()
        self.hyper_kind = QComboBox(self)
        self.hyper_kind.addItem(translate("Maps", "lr × β map of the chosen run"), "map")
        self.hyper_kind.addItem(translate("Maps", "learning-rate sweep, every run"), "sweep_all")
        self.hyper_kind.setToolTip(translate(
            "Maps", "A map over learning rate and β for the run chosen above, or the final "
            "loss against the learning rate for every enabled run at once"))
        row.addWidget(self.hyper_kind, 1)
        self.hyper_grid = QComboBox(self)
        for n in HYPER_GRIDS:
            self.hyper_grid.addItem(str(n), n)
        self.hyper_grid.setCurrentIndex(HYPER_GRIDS.index(128))
        self.hyper_grid.setToolTip(translate("Maps", "Points per axis once the edits pause"))
        row.addWidget(self.hyper_grid)
        self.fix_axes = QCheckBox(translate("Maps", "Fixed axes"), self)
        self.fix_axes.setToolTip(translate("Maps", "Keep the current learning-rate (and β) "
                                           "range instead of following the stability limit"))
        row.addWidget(self.fix_axes)
        self.hyper_options = row
        lay.addLayout(row)
        self.plot = HyperPlot(self)
        self.plot.setMinimumHeight(200)
        lay.addWidget(self.plot, 1)
        self.hyper_legend = QLabel(self)
        self.hyper_legend.setWordWrap(True)
        self.hyper_legend.setTextFormat(Qt.TextFormat.RichText)
        # room for the longest legend (every run's sweep: a head and four rows), so the
        # layout never squeezes it over the plot
        self.hyper_legend.setMinimumHeight(7 * self.fontMetrics().lineSpacing())
        self.hyper_legend.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.hyper_legend)
        self.status = LiveText(self, rich=False, color="#555555")
        lay.addWidget(self.status)
        row = QHBoxLayout()
        self.export_basins = QPushButton(translate("Maps", "Export basins…"), self)
        self.export_hyper = QPushButton(translate("Maps", "Export hyperparameter map…"), self)
        for b in (self.export_basins, self.export_hyper):
            b.setToolTip(translate("Maps", "Save the map's data as JSON or CSV, or the map as "
                                   "a PNG or SVG picture"))
            b.setEnabled(False)
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self._filler = lay.count()
        lay.addStretch(1)  # takes the room of the hidden plot
        self.show_hyper(False)
        self.show_basin_options(False)

    def show_basin_options(self, on: bool) -> None:
        for w in (self.basin_legend, self.shade, self.basin_grid_label, self.basin_grid):
            w.setVisible(on)

    def show_hyper(self, on: bool) -> None:
        self.layout().setStretch(self._filler, 0 if on else 1)
        for w in (self.color_by, self.hyper_kind, self.hyper_grid, self.fix_axes):
            w.setVisible(on)
        self.plot.setVisible(on)
        self.hyper_legend.setVisible(on)

    def describe_hyper(self, m: HyperMap) -> None:
        red = SPECIAL_COLORS[DIVERGED]
        if self.color_by.currentData() == "steps":
            text = translate("Maps", "Steps each setting took to converge (dark = few; {n} = "
                             "did not); <span style='color:{red}'>red / ×</span>: diverged. "
                             "Click to use a setting.").format(n=m.steps, red=red)
        elif m.betas.size == 1:
            text = translate("Maps", "Final loss after {n} steps against the learning rate; "
                       "<span style='color:{red}'>×</span> diverged; dotted line: 2/λ_max "
                       "at the minimum.").format(n=m.steps, red=red)
        else:
            text = translate("Maps", "Colour: final loss after {n} steps (log, dark = low); "
                       "<span style='color:{red}'>red</span>: diverged. Lines: stability "
                       "limit at the minimum (solid) and at the start (dashed); dotted: "
                       "2/λ_max. Click to use a setting.").format(n=m.steps, red=red)
        self.hyper_legend.setText(text)
