"""LeanScatter paints a few spots exactly as pg.ScatterPlotItem does (the same atlas pixmaps at
the same device positions), at device pixel ratio 1 and 2, without pyqtgraph's paint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r'''
import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

app = QApplication.instance() or QApplication([])
from app.widgets.lean_scatter import LeanScatter

SPOTS = [
    {"pos": (0.1, 0.2), "size": 15, "symbol": "star", "brush": pg.mkBrush("#FFFFFF"),
     "pen": pg.mkPen("#222222", width=1.2)},
    {"pos": (0.7, 0.6), "size": 13, "symbol": "x", "brush": None,
     "pen": pg.mkPen("#E69F00", width=3)},
    {"pos": (0.43, 0.81), "size": 10, "symbol": "o", "brush": pg.mkBrush("#0072B2"),
     "pen": pg.mkPen("#222222")},
    {"pos": (0.999, 0.5), "size": 20, "symbol": "o", "brush": None,  # cut by the view's edge
     "pen": pg.mkPen("#C0392B", width=2)},
]
calls = []
original = pg.ScatterPlotItem.paint


def counted(self, *args):
    calls.append(type(self).__name__)
    return original(self, *args)


pg.ScatterPlotItem.paint = counted


def shot(cls):
    w = pg.PlotWidget()
    w.resize(300, 240)
    w.setBackground("w")
    item = cls(pxMode=True)
    item.setData(SPOTS)
    w.addItem(item)
    w.setXRange(0, 1, padding=0)
    w.setYRange(0, 1, padding=0)
    w.show()
    for _ in range(5):
        app.processEvents()
    img = w.grab().toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    a = np.frombuffer(img.constBits(), np.uint8, img.sizeInBytes()).reshape(img.height(), -1)
    dpr = img.devicePixelRatio()
    w.close()
    return a.copy(), dpr


ref, dpr = shot(pg.ScatterPlotItem)
ref_calls = len(calls)
lean, _ = shot(LeanScatter)
ink = int((ref[:, :] < 250).sum())  # the spots are there to compare
print(dpr, int((ref != lean).sum()), ref_calls, len(calls) - ref_calls, ink)
'''


def _run(scale: str) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6",
               QT_SCALE_FACTOR=scale)
    p = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    return p.stdout.split()


def test_lean_spots_equal_pyqtgraphs_pixel_for_pixel_at_ratio_1_and_2():
    for scale in ("1", "2"):
        dpr, differing, ref_calls, lean_calls, ink = _run(scale)
        assert float(dpr) == float(scale)
        assert int(ink) > 200  # four symbols drawn
        assert int(ref_calls) >= 1 and int(lean_calls) == 0  # the lean path drew them
        assert int(differing) == 0


def test_hide_empty_follows_the_spots_and_is_off_by_default(qapp):
    from app.widgets.lean_scatter import LeanScatter

    hiding, plain = LeanScatter(hide_empty=True), LeanScatter()
    assert not hiding.isVisible() and plain.isVisible()  # both start without spots
    for item in (hiding, plain):
        item.setData([0.0, 1.0], [0.0, 1.0])
    assert hiding.isVisible() and plain.isVisible()
    for item in (hiding, plain):
        item.setData([], [])
    assert not hiding.isVisible() and plain.isVisible()
