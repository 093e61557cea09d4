# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""A slider drag skips work (a run's ghost waits until shown, markers move in place and
repaint only around themselves, curve extents are kept): after a drag, the window as the
event loop painted it piece by piece, the legend, the statuses and the outcomes equal a
fresh lab computed once at the final learning rate."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from surface_testing import image_array as _array
from surface_testing import lab, no_qt_warnings, open_lab  # noqa: F401
from surface_testing import painted as _painted
from surface_testing import pixels_differing as _differing

from app.widgets.moving_spots import MovingSpots


@pytest.fixture
def fresh(qtbot):
    w = open_lab(qtbot)
    yield w
    w.clock.pause()


def _legend(lab) -> list[str]:
    return [text.text for _, text in lab.view.runs.legend.items]


def _drag_like_a_user(lab, row, lrs) -> None:
    for lr in lrs:
        row.lr.slider.setValue(row.lr.position_for(lr))  # what a drag does
        QApplication.processEvents()  # the recompute pass
        QApplication.processEvents()  # and the repaint it asked for


@pytest.mark.parametrize("which", [0, 2])
def test_after_a_drag_everything_equals_a_fresh_compute(lab, fresh, which, qtbot):
    lrs = np.geomspace(3e-4, 1.9e-3, 12).tolist() + np.geomspace(1.9e-3, 7e-4, 6).tolist()
    row = lab.rows()[which]
    _drag_like_a_user(lab, row, lrs)
    final = row.lr.slider.value()
    other = fresh.rows()[which]
    other.lr.slider.setValue(final)
    fresh.recompute_now()
    QApplication.processEvents()
    assert row.lr.value() == other.lr.value()
    for a, b in zip(lab.rows(), fresh.rows(), strict=True):
        assert a.status_text() == b.status_text()
        ta, tb = lab.result_of(a), fresh.result_of(b)
        assert ta.outcome == tb.outcome
        np.testing.assert_array_equal(ta.points, tb.points)
    qtbot.waitUntil(lambda: _legend(lab) == _legend(fresh))  # once the drag has paused
    for _ in range(3):  # the legend's new layout, then its repaint
        QApplication.processEvents()
    np.testing.assert_array_equal(np.column_stack(lab.view.runs.markers.getData()),
                                  np.column_stack(fresh.view.runs.markers.getData()))
    # The legend's box keeps the width of the widest label it showed during the drag
    # (pyqtgraph's layout grows, it does not shrink): its texts are compared above.
    a, b = _painted(lab.view), _painted(fresh.view)
    for w in (lab, fresh):
        r = w.view.mapFromScene(w.view.runs.legend.sceneBoundingRect()).boundingRect()
        a[r.top() - 2:r.bottom() + 3, r.left() - 2:r.right() + 3] = 0
        b[r.top() - 2:r.bottom() + 3, r.left() - 2:r.right() + 3] = 0
    assert _differing(a, b) <= 40
    for w in (lab.view, lab.curves):  # the partial repaints left what a full repaint paints
        assert _differing(_painted(w), _array(w.grab().toImage())) <= 40
    # The curves' y ranges keep hysteresis during a drag (their axes' text is costly), so the
    # pictures may differ there; the data, and the ranges holding it, do not.
    for key_a, key_b in zip(lab.view.runs.order, fresh.view.runs.order, strict=True):
        for ia, ib in zip(lab.curves.curves[key_a], fresh.curves.curves[key_b], strict=True):
            np.testing.assert_array_equal(ia.yData, ib.yData)
    for plot in (lab.curves.loss, lab.curves.grad):
        lo, hi = plot.getViewBox().viewRange()[1]
        ys = np.concatenate([np.log10(items[plot is lab.curves.grad].yData)
                             for items in lab.curves.curves.values()])
        assert lo <= ys.min() and ys.max() <= hi


def test_playback_after_a_drag_shows_the_ghost_of_the_new_run(lab, fresh):
    """The dragged run's ghost (the whole run behind the playback position) was not
    updated during the drag: it is when playback shows it."""
    row = lab.rows()[0]
    _drag_like_a_user(lab, row, [6e-4, 9e-4, 1.3e-3])
    fresh.rows()[0].lr.slider.setValue(row.lr.slider.value())
    fresh.recompute_now()
    for w in (lab, fresh):
        w.clock.pause()
        w.clock.seek(120)
        QApplication.processEvents()
    key = lab.view.runs.order[0]
    it = lab.view.runs.items[key]
    assert it.ghost.isVisible() and not it.ghost_stale
    gx, gy = it.ghost.getData()
    want = lab.view.runs.items[key].clipped.drawn()
    np.testing.assert_array_equal(gx, want[0])
    np.testing.assert_array_equal(gy, want[1])
    assert _differing(_painted(lab.view), _painted(fresh.view)) <= 40


class _Regions(QObject):
    def __init__(self, viewport) -> None:
        super().__init__()
        self.regions = []
        viewport.installEventFilter(self)

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802 (Qt name)
        if ev.type() == QEvent.Type.Paint:
            self.regions.append(ev.region())
        return False


def _two_spots(qtbot):
    """A shown 500 x 400 plot over [0, 10]², with a red spot at (1, 1) and a blue at (9, 9)."""
    w = pg.PlotWidget()
    qtbot.addWidget(w)
    w.resize(500, 400)
    w.setXRange(0, 10, padding=0)
    w.setYRange(0, 10, padding=0)
    w.show()
    qtbot.waitExposed(w)
    vb = w.getPlotItem().getViewBox()
    spots = MovingSpots(vb, size=11, pxMode=True)
    w.addItem(spots, ignoreBounds=True)
    spots.setData([1.0, 9.0], [1.0, 9.0], brush=["#ff0000", "#0000ff"])
    return w, vb, spots


def test_a_moved_spot_repaints_around_its_old_and_new_place_only(qtbot):
    w, vb, spots = _two_spots(qtbot)
    qtbot.wait(50)
    QApplication.processEvents()
    seen = _Regions(w.viewport())
    for _ in range(50):  # let the first layouts and paints settle
        seen.regions.clear()
        qtbot.wait(40)
        if not seen.regions:
            break
    spots.move_spots([1.5, 9.0], [1.5, 9.0])  # a slider step moves one end a little
    QApplication.processEvents()
    region = seen.regions[-1]

    def at(x, y):
        return w.mapFromScene(vb.mapViewToScene(pg.Point(x, y)))

    assert region.contains(at(1.0, 1.0)) and region.contains(at(1.5, 1.5))
    assert not region.contains(at(9.0, 9.0))  # the spot that stayed
    assert not region.contains(at(5.0, 5.0))  # between them: a ScatterPlotItem repaints it
    assert region.boundingRect().width() < 0.2 * w.width()
    # the backing store holds what a full repaint paints
    shot = _array(w.screen().grabWindow(w.winId(), 0, 0, w.width(), w.height()).toImage())
    assert _differing(shot, _array(w.grab().toImage())) <= 10
    img = _array(w.grab().toImage())
    red = (img[..., 0] > 200) & (img[..., 1] < 80) & (img[..., 2] < 80)
    ys, xs = np.nonzero(red)
    p = at(1.5, 1.5)
    assert abs(xs.mean() - p.x()) < 3 and abs(ys.mean() - p.y()) < 3


def test_a_drag_towards_divergence_moves_the_loss_axes_rarely_and_holds_every_curve(lab):
    """Past the stability limit the top loss grows ≈ 0.4 decades a step: the y ranges grow
    with room to spare instead of being refitted (axes and cached curves redrawn) each step."""
    row = lab.rows()[0]
    ranges = {0: set(), 1: set()}
    lrs = np.geomspace(2.5e-3, 5.5e-3, 40)
    for lr in lrs:
        _drag_like_a_user(lab, row, [lr])
        assert lab.result_of(row).status == "diverged"
        for idx, plot in enumerate((lab.curves.loss, lab.curves.grad)):
            lo, hi = plot.getViewBox().viewRange()[1]
            ranges[idx].add((lo, hi))
            ys = np.concatenate([np.log10(items[idx].yData)
                                 for items in lab.curves.curves.values()])
            assert lo <= ys.min() and ys.max() <= hi  # every curve inside
            assert hi - lo <= (ys.max() - ys.min()) * 1.1 + 2 * 1.5  # and not far too wide
    assert len(ranges[0]) <= len(lrs) // 4 and len(ranges[1]) <= len(lrs) // 4


def test_the_legend_follows_a_drag_when_it_pauses(lab, qtbot):
    row = lab.rows()[0]
    before = _legend(lab)
    _drag_like_a_user(lab, row, [6e-4, 8e-4, 1.1e-3])
    assert _legend(lab) == before  # no relayout of the legend on every step
    assert lab.view.runs.labels[row.run_id] in before
    qtbot.waitUntil(lambda: _legend(lab) != before, timeout=3000)
    after = _legend(lab)
    assert "lr " + row.lr.edit.text() in after[lab.view.runs.order.index(row.run_id)]
    assert [a for a, b in zip(after, before, strict=True) if a != b] == [
        after[lab.view.runs.order.index(row.run_id)]]  # only the dragged run's text changed
    # an export (or a render) flushes first: the figure carries the current label at once
    _drag_like_a_user(lab, row, [1.3e-3])
    lab.recompute_now()
    assert "lr " + row.lr.edit.text() in _legend(lab)[lab.view.runs.order.index(row.run_id)]


def test_at_ratio_1_a_dragged_path_stays_antialiased(lab):
    row = lab.rows()[0]
    _drag_like_a_user(lab, row, [6e-4, 8e-4])
    assert lab.view.runs.items[row.run_id].path.curve.opts["antialias"]


def test_a_drag_drafts_the_path_at_high_ratios_and_antialiases_it_when_it_pauses(
        lab, fresh, qtbot, monkeypatch):
    from app.surface_lab import run_layer

    monkeypatch.setattr(run_layer, "DRAFT_MIN_RATIO", 1.0)  # the tests run at ratio 1
    row = lab.rows()[0]
    it = lab.view.runs.items[row.run_id]
    _drag_like_a_user(lab, row, [6e-4, 8e-4, 1.1e-3])
    assert not it.path.curve.opts["antialias"]  # drafted while the drag goes on
    drafted = _painted(lab.view)
    qtbot.waitUntil(lambda: it.path.curve.opts["antialias"], timeout=3000)
    QApplication.processEvents()
    settled = _painted(lab.view)
    assert _differing(drafted, settled) > 20  # the path was repainted, antialiased
    fresh.rows()[0].lr.slider.setValue(row.lr.slider.value())
    fresh.recompute_now()
    other = fresh.view.runs.items[row.run_id]
    qtbot.waitUntil(lambda: other.path.curve.opts["antialias"], timeout=3000)
    QApplication.processEvents()
    theirs = _painted(fresh.view)
    for w in (lab, fresh):
        r = w.view.mapFromScene(w.view.runs.legend.sceneBoundingRect()).boundingRect()
        settled[r.top() - 2:r.bottom() + 3, r.left() - 2:r.right() + 3] = 0
        theirs[r.top() - 2:r.bottom() + 3, r.left() - 2:r.right() + 3] = 0
    assert _differing(settled, theirs) <= 40


def test_a_repaint_away_from_the_spots_skips_their_painting(qtbot, monkeypatch):
    w, vb, spots = _two_spots(qtbot)
    qtbot.wait(100)
    from app.widgets.lean_scatter import LeanScatter

    painted = []
    real = LeanScatter.paint  # what MovingSpots.paint hands the spots to
    monkeypatch.setattr(LeanScatter, "paint",
                        lambda self, *a: (painted.append(1), real(self, *a)))

    def repaint_around(x, y):
        p = w.mapFromScene(vb.mapViewToScene(pg.Point(x, y)))
        w.viewport().repaint(p.x() - 5, p.y() - 5, 10, 10)

    repaint_around(5.0, 5.0)
    assert painted == []
    repaint_around(9.0, 9.0)
    assert painted == [1]


def test_a_start_drag_drafts_every_run_it_moves_until_it_pauses(lab, qtbot, monkeypatch):
    """A start handle moves every run: all their paths are drawn without antialiasing while
    the drag goes on (the three not being dragged were antialiased, ≈ 15 ms a step at ratio
    2), and all are antialiased again when it pauses."""
    from app.surface_lab import run_layer

    monkeypatch.setattr(run_layer, "DRAFT_MIN_RATIO", 1.0)  # the tests run at ratio 1
    items = [lab.view.runs.items[r.run_id] for r in lab.rows()]
    handle = lab.view.handles[None]
    for x, y in [(-1.4, 2.0), (-1.2, 1.8), (-1.0, 1.5)]:
        handle.setPos(pg.Point(x, y))  # what a drag does, step by step
        qtbot.waitUntil(lambda: not lab.loop.timer.isActive())
        assert not any(it.path.curve.opts["antialias"] for it in items)
    qtbot.waitUntil(lambda: all(it.path.curve.opts["antialias"] for it in items), timeout=3000)
    assert lab.start == (-1.0, 1.5)


def test_a_start_drag_keeps_the_loss_axes_still_and_fits_them_when_it_pauses(lab, qtbot):
    """Dragging the start across Rosenbrock's valley, runs diverge at one start and converge
    at the next (the losses swing by decades): while the handle is held the y ranges only grow
    (every curve stays inside), and once the drag pauses they are fitted again."""
    from app.surface_lab.curves import SETTLE_MS

    def ranges():
        return [tuple(p.getViewBox().viewRange()[1]) for p in (lab.curves.loss, lab.curves.grad)]

    def spans():  # the log10 extent of every curve, per plot
        out = []
        for idx in (0, 1):
            ys = np.concatenate([np.log10(items[idx].yData)
                                 for items in lab.curves.curves.values()])
            out.append((ys.min(), ys.max()))
        return out

    (x0, y0) = lab.session.start
    path = list(zip(np.linspace(x0, x0 + 1.0, 60), np.linspace(y0, y0 - 0.5, 60)))
    view = lab.view
    seen = set()
    view.startMoved.emit(None, float(x0), float(y0))  # pressed
    for x, y in path:
        view.startMoved.emit(None, float(x), float(y))
        lab.recompute_now()
        seen.add(tuple(ranges()))
        for (lo, hi), (a, b) in zip(ranges(), spans(), strict=True):
            assert lo <= a and b <= hi  # every curve inside, on every step
    assert len(seen) <= 6  # the axes moved on a few steps, not on every swing
    x, y = path[-1]
    view.startMoveFinished.emit(None, float(x), float(y))
    lab.recompute_now()
    qtbot.wait(2 * SETTLE_MS)
    for (lo, hi), (a, b) in zip(ranges(), spans(), strict=True):
        assert lo <= a and b <= hi
        assert (a - lo) <= 1.5 + 0.1 * (b - a) and (hi - b) <= 1.5 + 0.1 * (b - a)  # fitted
