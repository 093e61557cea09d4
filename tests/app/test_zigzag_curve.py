# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""Zig-zag paths (oscillation near the stability limit) are drawn segment by segment, look
like the joined stroke, and a drag on one is drafted at every device pixel ratio."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionGraphicsItem
from surface_testing import lab, no_qt_warnings, open_lab  # noqa: F401

from app.widgets.zigzag_curve import ZIGZAG_MIN, ZigzagCurveItem, zigzag_reversals
from optim_lab import make_optimizer, run
from optim_lab.surfaces import get_surface


def _render(item: pg.PlotCurveItem, size=(400, 300), box=(-2.0, 2.0, -2.0, 2.0)) -> np.ndarray:
    img = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(0xFFFFFFFF)
    p = QPainter(img)
    x0, x1, y0, y1 = box
    p.setWindow(0, 0, *size)
    p.scale(size[0] / (x1 - x0), size[1] / (y1 - y0))
    p.translate(-x0, -y0)
    item.paint(p, QStyleOptionGraphicsItem(), None)
    p.end()
    a = np.frombuffer(img.constBits(), np.uint8).reshape(size[1], size[0], 4)[..., :3]
    return a.copy()


def _ink(a: np.ndarray) -> np.ndarray:
    return (a < 200).any(axis=2)


def _oscillating_path() -> np.ndarray:
    """Momentum on the quadratic just below its stability limit: it rocks along y."""
    s = get_surface("quadratic")
    t = run(s, make_optimizer("momentum", lr=0.37), s.default_start(), 1000)
    return t.points


def test_reversals_count_sharp_turns_only():
    x = np.arange(10.0)
    assert zigzag_reversals(x, x ** 2) == 0  # a smooth curve
    assert zigzag_reversals(x, x + 0.3 * (-1.0) ** np.arange(10)) == 0  # turns < 90°
    assert zigzag_reversals(x, (-1.0) ** np.arange(10)) == 8  # turns > 90°
    xs = np.zeros(10)
    assert zigzag_reversals(xs, (-1.0) ** np.arange(10)) == 8  # back and forth
    assert zigzag_reversals(xs[:2], xs[:2]) == 0
    tiny = np.concatenate([np.arange(10.0), 9 + 1e-3 * (-1.0) ** np.arange(40)])
    assert zigzag_reversals(tiny, np.zeros(50)) == 0  # a sub-pixel tail rocking in place


def test_an_oscillating_run_is_a_zigzag_and_is_drawn_in_segments():
    pts = _oscillating_path()
    assert zigzag_reversals(pts[:, 0], pts[:, 1]) >= ZIGZAG_MIN
    pen = pg.mkPen("#0072B2", width=2.5)
    ours = ZigzagCurveItem(pen=pen, antialias=True)
    theirs = pg.PlotCurveItem(pen=pen, antialias=True)
    for it in (ours, theirs):
        it.setData(pts[:, 0], pts[:, 1])
    assert ours._shouldUseDrawLineSegments(pen)
    assert not theirs._shouldUseDrawLineSegments(pen)
    a, b = _ink(_render(ours)), _ink(_render(theirs))
    # the same path: what one inks, the other inks too, but for corner pixels
    assert a.sum() > 500
    assert (a ^ b).sum() <= 0.03 * a.sum()


def test_a_smooth_path_is_stroked_exactly_as_pyqtgraph_does():
    x = np.linspace(-1.8, 1.8, 400)
    y = np.sin(3 * x)
    pen = pg.mkPen("#D55E00", width=2.5)
    ours = ZigzagCurveItem(pen=pen, antialias=True)
    theirs = pg.PlotCurveItem(pen=pen, antialias=True)
    for it in (ours, theirs):
        it.setData(x, y)
    assert not ours._shouldUseDrawLineSegments(pen)
    np.testing.assert_array_equal(_render(ours), _render(theirs))


def _momentum_on_the_quadratic(lab):
    """The lab on the quadratic: its momentum row and that run's stability limit."""
    lab.set_surface("quadratic")
    lab.recompute_now()
    row = next(r for r in lab.rows() if lab.session.run(r.run_id).optimizer == "momentum")
    return row, lab.session.limit(row.run_id).lr


def test_dragging_a_zigzag_run_drafts_it_at_ratio_1_then_antialiases_it(lab, qtbot):
    row, limit = _momentum_on_the_quadratic(lab)
    it = lab.view.runs.items[row.run_id]
    for f in (0.95, 0.96, 0.97):  # a drag towards the limit
        row.lr.slider.setValue(row.lr.position_for(f * limit))
        QApplication.processEvents()
    traj = lab.result_of(row)
    assert zigzag_reversals(traj.points[:, 0], traj.points[:, 1]) >= ZIGZAG_MIN
    assert not it.path.curve.opts["antialias"]  # drafted while the drag goes on
    assert it.path.curve._shouldUseDrawLineSegments(it.path.curve.opts["pen"])
    qtbot.waitUntil(lambda: it.path.curve.opts["antialias"], timeout=3000)  # the pause
    # a smooth run dragged at ratio 1 is never drafted
    row.lr.slider.setValue(row.lr.position_for(0.3 * limit))  # spirals in: few long swings
    QApplication.processEvents()
    traj = lab.result_of(row)
    assert zigzag_reversals(traj.points[:, 0], traj.points[:, 1]) < ZIGZAG_MIN
    assert it.path.curve.opts["antialias"]


def test_closing_the_lab_while_a_draft_waits_to_settle_is_quiet(qtbot):
    """The settle timer dies with the view: it never fires into deleted items."""
    lab = open_lab(qtbot, register=False)  # deleted here, not by qtbot
    row, limit = _momentum_on_the_quadratic(lab)
    row.lr.slider.setValue(row.lr.position_for(0.97 * limit))
    QApplication.processEvents()
    runs = lab.view.runs
    assert runs._settle.isActive()  # a drafted zig-zag waits for the pause
    lab.clock.pause()
    lab.close()
    lab.deleteLater()
    qtbot.waitUntil(lambda: not _alive(runs.vb), timeout=3000)
    qtbot.wait(2 * 200 + 100)  # past the settle delay: an exception here fails the test


def _alive(obj) -> bool:
    from shiboken6 import isValid

    return isValid(obj)
