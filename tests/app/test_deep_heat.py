"""Deep Stack heat map (app/deep_lab/heat_image.py): a map updated step by step is the map
built fresh from the same steps -- its cells, and the picture on screen at device pixel
ratio 1 and 2, painted piece by piece by the event loop; nothing is interpolated (blurred)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest

from app.deep_lab.axes import UNDERFLOW_COLOR
from app.deep_lab.heat_image import HeatImage, argb, cell_colors
from app.deep_lab.series import StackSeries, nice_upper, series_levels
from optim_lab.deep.live import LiveRecord

ROOT = Path(__file__).resolve().parents[2]


def fake_records(depth: int, steps: int, seed: int = 0) -> list[LiveRecord]:
    """Gradient norms over 12 decades, falling with depth, with exact zeros (underflow) in
    the first layers of some steps."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(1, steps + 1):
        act = 10.0 ** (-np.linspace(0, 12, depth) + rng.normal(0, 0.3, depth) - k / 200)
        if k % 7 == 0:
            act[: 1 + k % 3] = 0.0
        out.append(LiveRecord(k, 1.0 / k, 0.5, act, act * 2, act * 1e-3, 0.1, False, None))
    return out


def test_cell_colours_follow_the_levels_and_mark_exact_zeros() -> None:
    lut = np.arange(256, dtype=np.uint32) | 0xFF000000
    values = np.array([1e-6, 1e-3, 1.0, 10.0, 0.0, np.nan])
    got = cell_colors(values, (-6.0, 0.0), lut, zero=7)
    # floor((log10 v + 6) * 256 / 6), clipped to 0..255
    assert list(got & 0xFF) == [0, 128, 255, 255, 7, 0]
    assert got[-1] == 0  # NaN: transparent
    assert argb(UNDERFLOW_COLOR) == 0xFF000000 | int(UNDERFLOW_COLOR[1:], 16)


@pytest.mark.parametrize("chunks", [1, 3, 17])
def test_updated_step_by_step_equals_built_fresh(qapp, chunks) -> None:
    """Steps arriving one or several at a time, across axis jumps (50 .. 1500 steps: columns of
    1, 2, 3 and 4 steps) and changes of the colour levels."""
    depth, total = 9, 1100
    records = fake_records(depth, total)
    cmap = pg.colormap.get("viridis")
    heat = HeatImage(cmap, UNDERFLOW_COLOR, max_columns=400)
    series = StackSeries(depth)
    checked = 0
    for start in range(0, total, chunks):
        series.extend(records[start:start + chunks])
        levels = series_levels([series])
        heat.show(series, levels, nice_upper(series.n))
        if (start // chunks) % 5 == 0 or start + chunks >= total:
            fresh_series = StackSeries(depth)
            fresh_series.extend(records[: series.n])
            fresh = HeatImage(cmap, UNDERFLOW_COLOR, max_columns=400)
            fresh.show(fresh_series, levels, nice_upper(series.n))
            assert heat.stride == fresh.stride and heat.shown_steps == series.n
            assert np.array_equal(heat.cells, fresh.cells)
            # each drawn column shows the latest step of its block
            last = (series.n - 1) // heat.stride
            step = min(series.n, (last + 1) * heat.stride) - 1
            want = cell_colors(series.act[step], levels, heat.lut, heat.zero)
            assert np.array_equal(heat.cells[:, last], want)
            assert not heat.cells[:, last + 1:].any()  # later columns: transparent
            checked += 1
    # 1100 steps: the axis ends at 1500, ceil(1500 / 400) = 4 steps a column
    assert checked >= 3 and heat.stride == 4 and nice_upper(total) == 1500
    assert (heat.cells == heat.zero).any()


PICTURE = r"""
import os, sys, numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
app = QApplication([])
sys.path.insert(0, sys.argv[1])
from test_deep_heat import fake_records
from app.deep_lab.stack_view import StackView
from app.deep_lab.series import StackSeries, series_levels

def array(img):
    img = img.convertToFormat(QImage.Format.Format_RGBA8888)
    a = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    return a.reshape(img.height(), img.bytesPerLine() // 4, 4)[:, :img.width(), :3].astype(int)

def heat_box(view, dpr):
    # the heat map's view box in device pixels of the plot widget, less the axes' ticks
    r = view.layout_widget.mapFromScene(view.heat_plot.vb.sceneBoundingRect()).boundingRect()
    return (int((r.top() + 2) * dpr), int((r.bottom() - 8) * dpr),
            int((r.left() + 8) * dpr), int((r.right() - 2) * dpr))

depth, total = 12, 460
records = fake_records(depth, total, seed=1)
view = StackView(); view.resize(420, 640); view.set_stack(False, depth, ""); view.show()
series = StackSeries(depth)
for k in range(0, total, 3):  # the lab's frames: a few new steps each, partial repaints
    series.extend(records[k:k + 3])
    view.show_series(series, series_levels([series]))
    app.processEvents()
app.processEvents()
w = view.layout_widget
win = w.window()
pos = w.mapTo(win, w.rect().topLeft())
painted = array(win.screen().grabWindow(win.winId(), pos.x(), pos.y(), w.width(), w.height())
                .toImage())
whole = w.grab().toImage()
dpr = whole.devicePixelRatio()
whole = array(whole)
builds = view.heat.device_builds
view.heat.clear()  # the same view, its heat map built fresh from all the steps at once
view.show_series(series, series_levels([series]))
app.processEvents()
built = array(w.grab().toImage())
t, b, l, r = heat_box(view, dpr)
a, c, d = painted[t:b, l:r], whole[t:b, l:r], built[t:b, l:r]
heat = view.heat
lut = heat.lut
palette = {(int(v >> 16) & 255, int(v >> 8) & 255, int(v) & 255) for v in lut}
palette |= {(232, 23, 93), (255, 255, 255)}
colours = {tuple(p) for p in c.reshape(-1, 3)}
# the offscreen screen's grabWindow gives logical pixels: the backing store only at ratio 1
partial = int(np.abs(a - c).max()) if dpr == 1 else -1
print(dpr, whole.shape[1], w.width(), partial, int(np.abs(c - d).max()),
      len(colours - palette), len(colours), builds, heat.stride)
sys.stdout.flush()
os._exit(0)  # skip Qt teardown
"""


@pytest.mark.parametrize("scale", ["1", "2"])
def test_picture_painted_step_by_step_equals_a_fresh_one(scale) -> None:
    """In a fresh process at QT_SCALE_FACTOR 1 and 2: the heat map updated frame by frame
    equals the map built afresh from all the steps at once, pixel for pixel, and (at ratio 1,
    where the backing store can be read) so does what the event loop painted piece by piece;
    every pixel of the map is a colour of the map's table (copied, not scaled: nothing
    blurred)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6",
               QT_SCALE_FACTOR=scale)
    p = subprocess.run([sys.executable, "-c", PICTURE, str(Path(__file__).parent)], cwd=ROOT,
                       env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    dpr, width, logical, painted_vs_whole, whole_vs_fresh, foreign, colours, builds, stride = (
        p.stdout.split()[-9:])
    assert float(dpr) == float(scale) and int(width) == int(scale) * int(logical)
    assert int(painted_vs_whole) == (0 if scale == "1" else -1), p.stdout
    assert int(whole_vs_fresh) == 0, p.stdout
    assert int(foreign) == 0 and int(colours) > 50, p.stdout
    assert int(stride) == 2  # 460 steps: the axis ends at 500, 2 steps a column
    assert int(builds) < 20, p.stdout  # whole device pictures only on view or level changes
