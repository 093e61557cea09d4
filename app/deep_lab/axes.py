"""Axis helpers: values plotted as log10 and labelled as powers of ten."""

from __future__ import annotations

import math

import pyqtgraph as pg

from ..widgets.cached_axis import PixmapAxisItem
from ..widgets.hidpi import set_device_cache
from .series import superscript_power

__all__ = ["cache_axes", "PowerAxis", "UNDERFLOW_COLOR", "PLAIN_COLOR", "RESIDUAL_COLOR", "stack_color"]

UNDERFLOW_COLOR = "#E8175D"  # exact zeros: outside viridis, so never mistaken for "small"
PLAIN_COLOR = "#D55E00"  # Okabe-Ito vermillion
RESIDUAL_COLOR = "#0072B2"  # Okabe-Ito blue


def cache_axes(plot: pg.PlotItem) -> None:
    """Paint each axis from a pixmap cache: replaying their QPictures dominated a frame.
    Axes that are :class:`PixmapAxisItem` cache themselves at any device pixel ratio; any
    other gets Qt's device cache, only at ratio 1 (see app.widgets.hidpi)."""
    for name in ("left", "bottom", "right", "top"):
        ax = plot.getAxis(name)
        if not isinstance(ax, PixmapAxisItem):
            set_device_cache(ax)


def stack_color(residual: bool) -> str:
    return RESIDUAL_COLOR if residual else PLAIN_COLOR


class PowerAxis(PixmapAxisItem):
    """An axis over log10 values with ticks on whole decades, labelled 10⁻⁵ etc."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph names)
        if not (math.isfinite(minVal) and math.isfinite(maxVal)) or maxVal <= minVal:
            return []
        span = maxVal - minVal
        step = max(1, math.ceil(span / max(2, size / 35)))
        first = math.ceil(minVal / step) * step
        major = [float(v) for v in range(int(first), int(math.floor(maxVal)) + 1, step)]
        return [(float(step), major)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [superscript_power(round(v)) for v in values]
