"""Axis tick and grid lines filled as device-pixel rectangles (``draw_axis_lines``) cover the
pixels Qt's own aliased lines cover, in every plot with a grid, at ratios 1 to 2; vector
devices (SVG) still get lines; tick labels measured once per text are measured right."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPicture
from surface_testing import image_array

from app.widgets.cached_axis import AxisLines, PixmapAxisItem, _MeasuringPainter, draw_axis_lines

ROOT = Path(__file__).resolve().parents[2]


def _canvas(dpr: float, w: int = 240, h: int = 160) -> QImage:
    img = QImage(round(w * dpr), round(h * dpr), QImage.Format.Format_ARGB32_Premultiplied)
    img.setDevicePixelRatio(dpr)
    img.fill(Qt.GlobalColor.white)
    return img


def _qt_lines(painter: QPainter, lines) -> None:
    """What pyqtgraph's AxisItem.drawPicture does with the lines: each with its pen, aliased."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    for pen, a, b in lines:
        painter.setPen(pen)
        painter.drawLine(a, b)


def _paint(dpr, transform, fn, lines) -> np.ndarray:
    img = _canvas(dpr)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)  # the view's hint: must not leak in
    p.translate(*transform[:2])
    p.scale(*transform[2:])
    fn(p, lines)
    p.end()
    return image_array(img)


_pens = st.tuples(st.integers(0, 255), st.integers(1, 255),
                  st.sampled_from([(0.0, True), (1.0, True), (2.0, True), (1.0, False)]),
                  st.sampled_from([Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine]))


def _pen(spec) -> QPen:
    grey, alpha, (width, cosmetic), style = spec
    pen = QPen(QColor(grey, 100, 255 - grey, alpha))
    pen.setWidthF(width)
    pen.setCosmetic(cosmetic)
    pen.setStyle(style)
    return pen


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_pens, st.sampled_from(["h", "v", "v", "slant"]),
                          st.floats(-10, 170), st.floats(-10, 250),
                          st.one_of(st.floats(-10, 250), st.floats(-3, 3))),
                min_size=1, max_size=40),
       st.sampled_from([1.0, 1.25, 1.5, 2.0]),
       st.tuples(st.floats(-20, 20), st.floats(-20, 20), st.sampled_from([1.0, 0.5, 1.7]),
                 st.sampled_from([1.0, 0.8, -1.0])))
def test_filled_lines_cover_the_pixels_qt_lines_cover(specs, dpr, transform):
    """Horizontal, vertical (runs of them share a texture) and slanted lines, one-pixel pens
    and others, long and short, at fractional positions, scales and ratios: the same pixels,
    colours equal up to blending rounding (+-2 levels a line on the pixel)."""
    lines = []
    for pen, kind, at, a, b in specs:
        b = a + b if abs(b) <= 3 else b  # short lines too, down to a point
        a_, b_ = (QPointF(a, at), QPointF(b, at)) if kind == "h" else (
            (QPointF(at, a), QPointF(at, b)) if kind == "v" else (QPointF(a, at), QPointF(b, a)))
        lines.append((_pen(pen), a_, b_))
    want = _paint(dpr, transform, _qt_lines, lines)
    got = _paint(dpr, transform, lambda p, ls: draw_axis_lines(p, AxisLines(ls)), lines)
    assert np.array_equal(want != 255, got != 255)  # the same pixels are inked
    assert int(np.abs(want - got).max()) <= 2 * len(lines)
    assert int(np.abs(want - got).max()) <= 2 or len(lines) > 1


def test_a_grid_run_is_one_texture_and_matches_column_by_column():
    """A run of 40 vertical grid lines (one texture) against the same lines one by one,
    including two lines in one column (blended in order)."""
    pens = [QPen(QColor(90, 90, 90, 40 + 5 * i)) for i in range(40)]
    for pen in pens:
        pen.setCosmetic(True)
    lines = [(pen, QPointF(3.25 + 5.5 * i, 2.5), QPointF(3.25 + 5.5 * i, 150.0))
             for i, pen in enumerate(pens)]
    lines.append((pens[0], QPointF(3.25, 150.0), QPointF(3.25, 2.5)))  # again, ends swapped
    for dpr in (1.0, 2.0):
        want = _paint(dpr, (0.3, 0.6, 1.0, 1.0), _qt_lines, lines)
        got = _paint(dpr, (0.3, 0.6, 1.0, 1.0),
                     lambda p, ls: draw_axis_lines(p, AxisLines(ls)), lines)
        assert np.array_equal(want != 255, got != 255)
        assert int(np.abs(want - got).max()) <= 2
        assert (want != 255).any(axis=-1).sum() >= 40 * 140 * dpr  # every line is there


def _plot(axis_cls, grid: bool = True):
    w = pg.GraphicsLayoutWidget()
    w.resize(420, 300)
    plot = w.addPlot(axisItems={"left": axis_cls(orientation="left"),
                                "bottom": axis_cls(orientation="bottom")})
    plot.plot(np.linspace(0, 1, 50) ** 2, pen="y")
    plot.showGrid(x=grid, y=grid, alpha=0.4)
    plot.setXRange(-0.37, 49.2, padding=0)
    plot.setYRange(-0.013, 1.07, padding=0)
    return w


PLOTS = r"""
import sys, numpy as np
sys.path.insert(0, "tests/app")
from PySide6.QtWidgets import QApplication
app = QApplication([])
import pyqtgraph as pg
from surface_testing import image_array
from test_axis_lines import _plot
from app.widgets.cached_axis import PixmapAxisItem
from app.widgets.hidpi import set_device_cache
ours, theirs = _plot(PixmapAxisItem), _plot(pg.AxisItem)
for w in (ours, theirs):
    w.show()
    for _ in range(3):
        app.processEvents()
axes = [it for it in ours.scene().items() if isinstance(it, PixmapAxisItem) and it.isVisible()]
for ax in axes:  # new ticks: painted directly, then into the axis's pixmap
    set_device_cache(ax, False)  # the axis's own pixmap at every ratio (as at ratio 2)
    ax.picture = None
    ax.update()
shots = [ours.grab().toImage(), ours.grab().toImage(), theirs.grab().toImage()]
direct, cached, b = (image_array(s) for s in shots)
assert direct.shape == cached.shape == b.shape
differ = lambda x, y: int((np.abs(x - y).max(axis=-1) > 3).sum())
grid = direct[:, direct.shape[1] // 2]  # a column across the plot: the horizontal grid lines
print(shots[0].devicePixelRatio(), differ(direct, b), differ(cached, b),
      sum(len(ax._lines.pens) for ax in axes), all(ax.renders >= 1 for ax in axes),
      int(((grid > 0) & (grid < 40)).all(axis=-1).sum()))
"""


@pytest.mark.parametrize("scale", ["1", "1.5", "2"])
def test_a_plot_with_pixmap_axes_looks_like_one_with_pyqtgraph_axes(scale):
    """A window's plot (grid, ticks, labels) with pixmap axes against pyqtgraph's own
    AxisItem, at device pixel ratios 1, 1.5 and 2 (a process each: the ratio is fixed when Qt
    starts), new ticks drawn directly and then from the axes' pixmaps."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6",
               QT_SCALE_FACTOR=scale)
    p = subprocess.run([sys.executable, "-c", PLOTS], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    dpr, direct, cached, lines, renders, grid_rows = p.stdout.split()
    assert float(dpr) == float(scale)
    assert int(direct) == 0, p.stdout  # painted directly: pixel for pixel pyqtgraph's axes
    # from the axes' pixmaps (their bounding rectangles): a line that ends exactly on the
    # edge loses its last pixel (pyqtgraph draws it one pixel past the axis's bounds)
    assert renders == "True" and int(cached) <= 2 * int(lines), p.stdout
    assert int(grid_rows) >= 4  # the translucent horizontal grid lines are there


def test_svg_export_keeps_the_grid_as_vector_lines(tmp_path, qapp):
    """An SVG file (the app's figure export) gets lines drawn with their pens, not pixel
    rectangles: the same line elements as pyqtgraph's own axes give, and a PNG export the
    same pixels."""
    from app.widgets.export import export_view

    counts, pngs = [], []
    for cls in (PixmapAxisItem, pg.AxisItem):
        w = _plot(cls)
        w.show()
        qapp.processEvents()
        out = tmp_path / f"{cls.__name__}.svg"
        export_view(w.scene(), out)
        text = out.read_text()
        counts.append((text.count("<polyline"), text.count("<path"), text.count("<rect")))
        pngs.append(image_array(QImage(str(export_view(w.scene(), tmp_path / f"{cls.__name__}.png",
                                                       width=840)))))
        w.close()
    assert counts[0] == counts[1]
    assert counts[0][0] + counts[0][1] >= 10  # the grid lines are there
    assert pngs[0].shape == pngs[1].shape
    assert int((np.abs(pngs[0] - pngs[1]).max(axis=-1) > 3).sum()) == 0


@pytest.fixture(scope="module")
def plot_widget(qapp):
    w = _plot(PixmapAxisItem)
    w.show()
    qapp.processEvents()
    yield w
    w.close()


def _specs(specs) -> tuple:
    """Draw specs as plain values: (axis line, ticks as (colour, ends), labels)."""
    if specs is None:
        return None
    axis_spec, ticks, texts = specs

    def ends(a, b):
        return (a.x(), a.y(), b.x(), b.y())

    return ((axis_spec[0].color().getRgb(), ends(axis_spec[1], axis_spec[2])),
            [(pen.color().getRgb(), pen.widthF(), ends(a, b)) for pen, a, b in ticks],
            [(r.getRect(), int(f), t) for r, f, t in texts])


@settings(max_examples=120, deadline=None)
@given(st.floats(-1e6, 1e6), st.floats(1e-6, 1e6), st.sampled_from(["left", "bottom"]),
       st.sampled_from([False, 60, 255]), st.sampled_from([None, 0.5, 120]),
       st.sampled_from([None, [[(0.25, "a"), (0.5, "bb")], [(0.3, "c")]]]),
       st.booleans())
def test_tick_layout_is_pyqtgraphs(plot_widget, lo, span, side, grid, alpha, custom, wrap):
    """Our generateDrawSpecs (numpy, QPointF, labels measured once) against pyqtgraph's own,
    on the same axis: the same axis line, tick lines and colours, and label rectangles, for
    any range, grid or not, tick alpha, custom ticks; through the real painter and through
    the measuring one."""
    plot = plot_widget.getItem(0, 0)
    axis = plot.getAxis(side)
    axis.setGrid(grid)
    axis.setStyle(tickAlpha=alpha)
    axis.setTicks(None if custom is None else [[(lo + span * v, t) for v, t in level]
                                               for level in custom])
    (plot.setYRange if side == "left" else plot.setXRange)(lo, lo + span, padding=0)
    got = []
    for fn in (pg.AxisItem.generateDrawSpecs, PixmapAxisItem.generateDrawSpecs):
        picture = QPicture()
        painter = QPainter(picture)
        got.append(_specs(fn(axis, _MeasuringPainter(painter) if wrap else painter)))
        painter.end()
    assert got[0] is not None
    assert got[1] == got[0]
    if side == "bottom" and custom is None:
        assert got[0][2]  # labels laid out (a left axis keeps its width: long ones may not fit)
    axis.setTicks(None)
    axis.setStyle(tickAlpha=None)
    axis.setGrid(False)


def test_colour_bars_draw_their_ticks_as_pyqtgraphs_do(qapp):
    """The labs' colour bars (PixmapColorBar) label their values with a pixmap axis and look
    like pyqtgraph's ColorBarItem (frame included), new ticks drawn directly and then from
    the axis's pixmap."""
    from app.widgets.cached_axis import PixmapColorBar
    from app.widgets.hidpi import set_device_cache

    shots = []
    for cls in (PixmapColorBar, pg.ColorBarItem):
        w = pg.GraphicsLayoutWidget()
        w.resize(160, 300)
        bar = cls(values=(-0.37, 2.9), colorMap="viridis", width=14, interactive=False,
                  colorMapMenu=False, label="loss")
        w.addItem(bar)
        w.show()
        qapp.processEvents()
        if cls is PixmapColorBar:
            assert isinstance(bar.axis, PixmapAxisItem) and bar.axis is bar.getAxis("right")
            set_device_cache(bar.axis, False)  # its own pixmap, as at ratio 2
        bar.setLevels((-0.21, 3.4))  # new ticks
        qapp.processEvents()
        shots.append([image_array(w.grab().toImage()) for _ in range(2)])
        if cls is PixmapColorBar:
            assert bar.axis.renders >= 1
        w.close()
    (direct, cached), (theirs, _) = shots
    d = [np.abs(ours - theirs).max(axis=-1) > 3 for ours in (direct, cached)]
    assert int(d[0].sum()) == 0 and int(d[1].sum()) <= 8


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e9, 1e9), st.floats(-1e9, 1e9), st.floats(1, 4000),
       st.sampled_from([1.0, 1e-3, 1e6]), st.booleans())
def test_tick_values_are_pyqtgraphs(plot_widget, a, b, size, scale, log):
    """The tick values at each level (a value shown at a coarser level is dropped) equal
    pyqtgraph's AxisItem.tickValues, for any range, length, scale, and on a log axis."""
    axis = plot_widget.getItem(0, 0).getAxis("bottom")
    if log:  # a log axis's values are exponents (pyqtgraph lists every decade between)
        a, b, scale = a * 1e-7, b * 1e-7, 1.0
    axis.setScale(scale)
    axis.setLogMode(log)
    try:
        assert PixmapAxisItem.tickValues(axis, a, b, size) == \
            pg.AxisItem.tickValues(axis, a, b, size)
    finally:
        axis.setScale(1.0)
        axis.setLogMode(False)


def test_a_colour_bar_keeps_its_ticks_for_the_same_levels(qapp):
    """Levels set again unchanged (every new result sets them) keep the axis's ticks; new
    levels re-tick; a linked plot axis is re-ticked by a resize of its view even at the same
    range (its grid lines must reach the new edge)."""
    from app.widgets.cached_axis import PixmapColorBar

    w = pg.GraphicsLayoutWidget()
    w.resize(200, 300)
    bar = PixmapColorBar(values=(0.0, 1.0), colorMap="viridis", interactive=False,
                         colorMapMenu=False)
    w.addItem(bar)
    w.show()
    qapp.processEvents()
    kept = bar.axis._ensure_picture()
    bar.setLevels((0.0, 1.0))
    assert bar.axis.picture is kept
    bar.setLevels((0.0, 2.0))
    qapp.processEvents()
    assert bar.axis.picture is not kept and bar.axis.range == [0.0, 2.0]
    w.close()
    plot_w = _plot(PixmapAxisItem)
    plot_w.show()
    qapp.processEvents()
    left = plot_w.getItem(0, 0).getAxis("left")
    kept = left._ensure_picture()
    plot_w.resize(plot_w.width() + 60, plot_w.height())
    qapp.processEvents()
    assert left.picture is not kept  # same range, wider view: new grid lines
    plot_w.close()


def test_rendering_into_an_image_of_another_ratio_draws_pyqtgraphs_pixels(qapp):
    """QWidget.render into an image whose device pixel ratio is not the window's (the painter
    then carries the ratio in its world transform as well as in the device): the axes' own
    drawing, twice (directly, then from their pixmaps), equals pyqtgraph's axes."""
    from app.widgets.hidpi import set_device_cache

    ours, theirs = _plot(PixmapAxisItem), _plot(pg.AxisItem)
    for w in (ours, theirs):
        w.show()
    qapp.processEvents()
    for ax in [it for it in ours.scene().items() if isinstance(it, PixmapAxisItem)]:
        set_device_cache(ax, False)

    def render(w, dpr):
        img = _canvas(dpr, w.width(), w.height())
        p = QPainter(img)
        w.render(p)
        p.end()
        return image_array(img)

    for dpr in (1.5, 2.0):
        for _ in range(2):
            a, b = render(ours, dpr), render(theirs, dpr)
            assert int((np.abs(a - b).max(axis=-1) > 3).sum()) == 0, dpr
    for w in (ours, theirs):
        w.close()
