"""A fixture that fails a test if Qt printed a warning (qWarning/qCritical) during it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler

# Harmless platform chatter of the offscreen plugin, not produced by our code.
IGNORED = ("This plugin does not support", "propagateSizeHints")


@pytest.fixture
def no_qt_warnings():
    messages: list[str] = []

    def handler(kind, context, text):
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            if not any(s in text for s in IGNORED):
                messages.append(text)

    previous = qInstallMessageHandler(handler)
    try:
        yield messages
    finally:
        qInstallMessageHandler(previous)
    assert messages == [], f"Qt printed warnings: {messages}"


def plot_arrays(item) -> list:
    """Every numeric array a pyqtgraph item would draw (for finiteness checks)."""
    import numpy as np
    import pyqtgraph as pg

    out = []
    if isinstance(item, (pg.PlotDataItem, pg.PlotCurveItem)):
        x, y = item.getData()
        if x is not None:
            out += [np.asarray(x, dtype=float), np.asarray(y, dtype=float)]
    elif isinstance(item, pg.ScatterPlotItem):
        x, y = item.getData()
        out += [np.asarray(x, dtype=float), np.asarray(y, dtype=float)]
    elif isinstance(item, (pg.ArrowItem, pg.TextItem, pg.TargetItem)):
        p = item.pos()
        out.append(np.array([p.x(), p.y()]))
    return out


def open_lab(qtbot, register: bool = True):
    """A shown Surface Lab, 1280 x 760, computed (``register``: closed by qtbot after)."""
    from app.surface_lab import SurfaceLab

    w = SurfaceLab()
    if register:
        qtbot.addWidget(w)
    w.resize(1280, 760)
    w.show()
    qtbot.waitExposed(w)
    w.recompute_now()
    return w


@pytest.fixture
def lab(qtbot, no_qt_warnings):
    w = open_lab(qtbot)
    yield w
    w.clock.pause()
