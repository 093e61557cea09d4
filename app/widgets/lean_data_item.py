"""A ``pg.PlotDataItem`` whose ``setData(x, y)`` skips pyqtgraph's pipeline for a plain line.

``PlotDataItem.setData`` interprets its arguments, builds a dataset, maps it (log axes),
reduces it (downsampling, clipping to the view, the dynamic range limit), then pushes every
style option to its curve again (``updateItems`` always does): ≈ 0.3 ms for a 1000-point
line, against ≈ 0.03 ms for the curve's own ``setData``.  A slider step sets three such
lines (the dragged run's path, its loss and gradient-norm curves).

:class:`LeanDataItem` takes a short path when the call is two float arrays (and at most a
``connect``) and the item only draws a line:

- no symbols, no FFT, derivative, phase map or mean subtraction, no log x, no downsampling
  or clipping to the view;
- no dynamic range limit (the owner turns it off: the lab's curves keep their data inside
  the view, the paths are clipped to it beforehand);
- no style change pending, and a curve that has been handed every style option (pyqtgraph
  does that only with data: the first data takes its path).

It maps y to log10 as pyqtgraph does for a log y axis and hands the curve exactly what
``updateItems`` would: the same arrays and, under ``connect="auto"``, the
``connect="finite"`` with its check that ``updateItems`` picks for a new dataset.  Data
with a non-finite value (after the log) takes pyqtgraph's path.  The item's own dataset is
replaced as ``setData`` does and its mapped and displayed datasets are dropped, so
``getData``, ``dataBounds`` and exports recompute them with pyqtgraph's code when asked.
Tested against ``PlotDataItem`` on the same calls.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotDataItem import PlotDataset

LONG_RUN = 5000  # points above which a curve is peak-downsampled (set_long_run)

_OFF = ("fftMode", "derivativeMode", "phasemapMode", "subtractMeanMode", "autoDownsample",
        "clipToView", "stepMode")


class LeanDataItem(pg.PlotDataItem):
    """``pg.PlotDataItem`` with a short ``setData(x, y[, connect=...])`` for a plain line."""

    def setData(self, *args, **kwargs) -> None:  # noqa: N802 (pyqtgraph's name)
        if not self._lean(args, kwargs):
            super().setData(*args, **kwargs)
            return
        x, y = args
        shown = y
        if self.opts["logMode"][1]:
            with np.errstate(divide="ignore", invalid="ignore"):
                shown = np.log10(y)
        if not (np.isfinite(x).all() and np.isfinite(shown).all()):
            super().setData(*args, **kwargs)  # pyqtgraph's handling of NaN and inf
            return
        curve_args = {}
        if "connect" in kwargs:
            self.opts["connect"] = kwargs["connect"]
            curve_args["connect"] = kwargs["connect"]
        if isinstance(self.opts["connect"], str) and self.opts["connect"] == "auto":
            # as updateItems does: a new dataset's finiteness is not known yet there
            curve_args["connect"] = "finite"
            curve_args["skipFiniteCheck"] = False
        x, y = x.view(np.ndarray), y.view(np.ndarray)
        self._dataset = PlotDataset(x, y)
        self._datasetMapped = None
        self._datasetDisplay = None
        self._adsLastValue = 1
        self.curve.setData(x=x, y=shown, **curve_args)
        if not self.curve.isVisible():
            self.curve.show()
        self.informViewBoundsChanged()
        self.sigPlotChanged.emit(self)

    _long_run = False  # what set_long_run last set (an item starts drawing every point)

    def set_long_run(self, long_run: bool, clip: bool = False) -> None:
        """Peak-downsample a curve of more than :data:`LONG_RUN` points to the plot's width
        (and with ``clip``, clip it to the view): pyqtgraph's path.  A shorter one is drawn
        whole, taking the short path (peak downsampling draws slow, smooth curves as
        staircases).  Set only on a change: each setter re-runs the item's data pipeline."""
        if self._long_run == long_run:
            return
        self._long_run = long_run
        if clip:
            self.setClipToView(long_run)
        if long_run:
            self.setDownsampling(auto=True, method="peak")
        else:
            self.setDownsampling(ds=1, auto=False)

    def updateItems(self, styleUpdate: bool = True) -> None:  # noqa: N802, N803 (pyqtgraph's)
        super().updateItems(styleUpdate)
        # With data, updateItems hands the curve every style option (pen, antialias, ...);
        # without, it hides the curve and hands it nothing: the short path needs the former.
        self._styled = self._dataset is not None

    def _lean(self, args: tuple, kwargs: dict) -> bool:
        opts = self.opts
        if len(args) != 2 or not set(kwargs) <= {"connect"} or not getattr(self, "_styled", False):
            return False
        x, y = args
        if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and x.ndim == 1
                and x.shape == y.shape and len(x) > 0 and x.dtype.kind == "f"
                and y.dtype.kind == "f"):
            return False
        if self.property("styleWasChanged") or opts["pen"] is None:
            return False
        if opts["symbol"] is not None or opts["logMode"][0] or opts["dynamicRangeLimit"] is not None:
            return False
        if any(opts[k] for k in _OFF) or opts["downsample"] != 1:
            return False
        connect = kwargs.get("connect", opts["connect"])
        return isinstance(connect, np.ndarray) or connect in ("auto", "all")
