"""Surface Lab test helpers: a fixture that fails a test if Qt printed a warning, a shown lab, and
the pixels partial repaints left on screen."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QImage

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


def image_array(img: QImage) -> np.ndarray:
    """A QImage as an (height, width, 3) int array of RGB values."""
    img = img.convertToFormat(QImage.Format.Format_RGBA8888)
    a = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    return a.reshape(img.height(), img.bytesPerLine() // 4, 4)[:, : img.width(), :3].astype(int)


def painted(widget) -> np.ndarray:
    """What the event loop's partial repaints left in the window's backing store."""
    win = widget.window()
    pos = widget.mapTo(win, widget.rect().topLeft())
    shot = win.screen().grabWindow(win.winId(), pos.x(), pos.y(), widget.width(),
                                   widget.height())
    return image_array(shot.toImage())


def pixels_differing(a: np.ndarray, b: np.ndarray) -> int:
    """Pixels whose colour differs by more than 3 in some channel."""
    assert a.shape == b.shape
    return int((np.abs(a - b).max(axis=-1) > 3).sum())
