"""Learning-rate sweeps for every run at once: the plot items and the legend.

One curve per enabled run in the run's colour — final loss above f_min (log) or steps
taken against the learning rate (log) — the run's largest stable learning rate as a
vertical line of the same colour (2/λ_max for GD, 2(1+β)/λ_max for heavy-ball momentum,
2(1+β)/((1+2β)λ_max) for Nesterov, λ_max at the known minimum nearest the run's start;
Goh, "Why Momentum Really Works", Distill 2017), a cross of the run's colour at the top
for each learning rate that diverged, and a ring at the run's own learning rate.

The items are created once for :data:`MAX_CURVES` runs and updated with ``setData``.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt

from optim_lab.maps import DIVERGED
from optim_lab.session import MAX_RUNS

MAX_CURVES = MAX_RUNS

translate = QCoreApplication.translate


class SweepCurves:
    """Curves, limit lines, divergence crosses and current-lr rings for up to eight runs."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.curves = [pg.PlotCurveItem() for _ in range(MAX_CURVES)]
        self.limits = [pg.PlotCurveItem() for _ in range(MAX_CURVES)]
        self.diverged = pg.ScatterPlotItem(pxMode=True, size=8, symbol="x")
        self.current = pg.ScatterPlotItem(pxMode=True, size=13, symbol="o")
        for it in (*self.limits, *self.curves, self.diverged, self.current):
            it.setVisible(False)
            plot.addItem(it)
        self.shown = 0

    def set_visible(self, on: bool) -> None:
        for k, (c, li) in enumerate(zip(self.curves, self.limits)):
            c.setVisible(on and k < self.shown)
            li.setVisible(on and k < self.shown)
        self.diverged.setVisible(on)
        self.current.setVisible(on)

    def set_data(self, maps, colors, limits, currents, f_min: float,
                 by_steps: bool) -> tuple[float, float]:
        """Draw the runs; returns the y range (log10 of the loss gap, or steps)."""
        ys, oks = [], []
        for m in maps:
            ok = m.labels[0] != DIVERGED
            if by_steps:
                y = m.steps_taken[0].astype(float)
            else:
                gap = m.final_losses[0] - f_min
                ok = ok & np.isfinite(gap)
                y = np.log10(np.maximum(np.where(ok, gap, 1.0), 1e-16))
            ys.append(y)
            oks.append(ok)
        finite = [y[ok] for y, ok in zip(ys, oks) if ok.any()]
        y0 = float(min(v.min() for v in finite)) if finite else 0.0
        y1 = float(max(v.max() for v in finite)) if finite else 1.0
        y1 = max(y1, y0 + 1.0)
        row = 0.045 * (y1 - y0)  # each run's divergence crosses get their own row at the top
        top = y1 + row * (len(maps) + 0.5)
        div_x, div_y, div_pens, cur_x, cur_y, cur_pens = [], [], [], [], [], []
        self.shown = len(maps)
        for k in range(MAX_CURVES):
            curve, line = self.curves[k], self.limits[k]
            if k >= len(maps):
                curve.setData([], [])
                line.setData([], [])
                curve.setVisible(False)
                line.setVisible(False)
                continue
            m, y, ok, color = maps[k], ys[k], oks[k], colors[k]
            lx = np.log10(m.lrs)
            curve.setPen(pg.mkPen(color, width=2.5))
            curve.setData(lx[ok], y[ok])
            lim = limits[k]
            if lim is not None and math.isfinite(lim) and lim > 0:
                line.setPen(pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine))
                line.setData([math.log10(lim)] * 2, [y0, top])
            else:
                line.setData([], [])
            curve.setVisible(True)
            line.setVisible(True)
            div_x += lx[~ok].tolist()
            div_y += [y1 + row * (k + 1)] * int((~ok).sum())
            div_pens += [pg.mkPen(color, width=2)] * int((~ok).sum())
            lr = currents[k]
            i = int(np.argmin(np.abs(lx - math.log10(lr))))
            cur_x.append(math.log10(lr))
            cur_y.append(float(y[i]) if ok[i] else y1 + row * (k + 1))
            cur_pens.append(pg.mkPen(color, width=2.5))
        self.diverged.setData(x=div_x, y=div_y, pen=div_pens)
        self.current.setData(x=cur_x, y=cur_y, pen=cur_pens, brush=[None] * len(cur_x))
        return y0, top


def sweeps_legend(entries, steps: int) -> str:
    """Rich text: a line of explanation, then per run a swatch, its name and its limit
    (or why there is none), two runs to a row (the ring on its curve marks its lr).

    ``entries``: (label, colour, limit or None, lr, has_formula) per run."""
    cells = []
    for label, color, limit, _lr, has_formula in entries:
        if limit is not None:
            text = translate("Maps", "{run}: limit {limit:.3g}").format(run=label, limit=limit)
        elif has_formula:
            text = translate("Maps", "{run}: no limit (flat minimum)").format(run=label)
        else:
            text = translate("Maps", "{run}: adaptive, no fixed limit").format(run=label)
        cells.append(f"<td><span style='color:{color}; font-size:14px'>■</span>&nbsp;{text}"
                     "&nbsp;&nbsp;</td>")
    rows = "".join("<tr>" + "".join(cells[i:i + 2]) + "</tr>" for i in range(0, len(cells), 2))
    head = translate("Maps", "Every enabled run after {n} steps. Dashed: stability limit; "
                             "×: diverged; ○: the run's lr.").format(n=steps)
    return f"{head}<table cellspacing='0' cellpadding='0'>{rows}</table>"
