# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""Views whose items move on every drag step repaint only the items' own bounds, without a
scene index (``app.widgets.hidpi.lean_repaints``): what the partial repaints leave on screen
must equal a full repaint after every kind of change: start handle, playback, curves cursor,
a run leaving the view, and the N-D Lab's playback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView
from surface_testing import image_array, lab, no_qt_warnings, painted  # noqa: F401
from surface_testing import pixels_differing as differing

from app.nd_lab import NDLab
from app.surface_lab.scenarios import scenario_names

TIMEOUT = 30000
ROOT = Path(__file__).resolve().parents[2]


def _settle(qtbot, lab) -> None:
    qtbot.waitUntil(lambda: not lab.loop.timer.isActive())
    for _ in range(3):  # the pass, the repaint it asked for, late layouts
        QApplication.processEvents()


def _assert_screen_equals_full_repaint(*views) -> None:
    for v in views:
        assert differing(painted(v), image_array(v.grab().toImage())) <= 40, type(v).__name__


def test_the_labs_views_repaint_exposed_bounds_without_an_index(lab, qtbot):
    views = [lab.view, lab.curves]
    nd = NDLab()
    qtbot.addWidget(nd)
    views.append(nd.figure)
    for v in views:
        assert v.scene().itemIndexMethod() == QGraphicsScene.ItemIndexMethod.NoIndex
        assert v.optimizationFlags() & QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing
    nd.computer.wait()


def test_a_start_handle_drag_leaves_what_a_full_repaint_paints(lab, qtbot):
    handle = lab.view.handles[None]
    before = painted(lab.view)
    for x, y in [(-1.4, 2.0), (-1.1, 1.7), (-0.6, 1.2), (0.3, 2.2), (-1.5, 0.4)]:
        handle.setPos(pg.Point(x, y))  # what a drag does, step by step
        _settle(qtbot, lab)
    assert lab.start == (-1.5, 0.4)
    assert differing(before, painted(lab.view)) > 1000  # the paths did move
    _assert_screen_equals_full_repaint(lab.view, lab.curves)


def test_playback_and_the_curves_cursor_leave_what_a_full_repaint_paints(lab, qtbot):
    lab.clock.pause()
    seen = []
    for k in (5, 60, 200, 37, 999, 0, 420):
        lab.clock.seek(k)
        _settle(qtbot, lab)
        seen.append(painted(lab.view))
        _assert_screen_equals_full_repaint(lab.view, lab.curves)
    assert differing(seen[0], seen[1]) > 50  # the markers moved between frames
    cursor = lab.curves.cursors[0]
    assert cursor.value() == pytest.approx(420)


def test_a_run_leaving_the_view_leaves_what_a_full_repaint_paints(lab, qtbot):
    row = lab.rows()[0]
    for lr in (2.5e-3, 3.5e-3, 2.0e-3, 4.5e-3):  # diverges: an exit arrow at the view's edge
        row.lr.slider.setValue(row.lr.position_for(lr))
        _settle(qtbot, lab)
        _assert_screen_equals_full_repaint(lab.view, lab.curves)
    it = lab.view.runs.items[lab.view.runs.order[0]]
    assert lab.result_of(row).status == "diverged" and it.exit.isVisible()


def test_nd_playback_leaves_what_a_full_repaint_paints(qtbot):
    nd = NDLab()
    qtbot.addWidget(nd)
    nd.resize(1280, 800)
    nd.show()
    qtbot.waitUntil(lambda: nd.result is not None and not nd.computer._busy["runs"],
                    timeout=TIMEOUT)
    frames = []
    for k in (0, 40, 300, 7, 999):
        nd.playback.set_position(k)
        for _ in range(3):
            QApplication.processEvents()
        frames.append(painted(nd.figure))
        _assert_screen_equals_full_repaint(nd.figure)
    assert differing(frames[0], frames[1]) > 50  # the markers moved between frames
    nd.computer.wait()


def _both_ways(lab) -> list:
    """The plot and curves rendered with the items keeping the painter's state between them
    (as the lab runs) and with Qt saving and restoring it around every item."""
    flag = QGraphicsView.OptimizationFlag.DontSavePainterState
    shots = []
    for on in (True, False):
        for v in (lab.view, lab.curves):
            v.setOptimizationFlag(flag, on)
        shots.append([image_array(v.grab().toImage()) for v in (lab.view, lab.curves)])
    for v in (lab.view, lab.curves):
        v.setOptimizationFlag(flag, True)
    return shots


@pytest.mark.parametrize("name", scenario_names())
def test_every_scenario_paints_the_same_without_saving_the_painter_state(lab, qtbot, name):
    """The Surface Lab's views skip Qt's save/restore around each item (own_painter_state):
    every scenario, mid-playback and at its end, paints exactly what it paints with it."""
    assert all(v.optimizationFlags() & QGraphicsView.OptimizationFlag.DontSavePainterState
               for v in (lab.view, lab.curves))
    lab.load_scenario(name, play=False)
    lab.recompute_now()
    for k in (lab.clock.steps // 3, lab.clock.steps):
        lab.clock.seek(k)
        _settle(qtbot, lab)
        lean, saved = _both_ways(lab)
        for a, b in zip(lean, saved, strict=True):
            assert differing(a, b) == 0, (name, k)


def test_a_basin_map_and_an_end_note_paint_the_same_without_saving_the_painter_state(
        lab, qtbot):
    from optim_lab.maps_service import map_process

    proc = map_process()
    qtbot.waitUntil(proc.ready, timeout=60000)
    lab.set_surface("himmelblau")
    lab.recompute_now()
    maps = lab.maps
    maps.panel.basins.setChecked(True)
    maps.refine_now()
    qtbot.waitUntil(lambda: maps._shown["basins"] >= maps._latest["basins"] >= 0,
                    timeout=60000)
    row = lab.rows()[0]
    row.lr.slider.setValue(row.lr.position_for(0.2))  # diverges: exit arrow and end note
    _settle(qtbot, lab)
    assert maps.layer.image.isVisible()
    assert any(it.exit.isVisible() for it in lab.view.runs.items.values())
    lean, saved = _both_ways(lab)
    for a, b in zip(lean, saved, strict=True):
        assert differing(a, b) == 0
    _assert_screen_equals_full_repaint(lab.view, lab.curves)
    maps.shutdown()


RATIO_2 = r'''
from PySide6.QtWidgets import QApplication
app = QApplication.instance() or QApplication([])
from app.surface_lab import SurfaceLab
from app.surface_lab.scenarios import scenario_names
from surface_testing import pixels_differing
from test_lean_repaints import _both_ways

lab = SurfaceLab()
lab.resize(1280, 760)
lab.show()
worst = 0
for name in scenario_names():
    lab.load_scenario(name, play=False)
    lab.recompute_now()
    lab.clock.seek(lab.clock.steps // 3)
    for _ in range(5):
        app.processEvents()
    lean, saved = _both_ways(lab)
    worst = max(worst, *(pixels_differing(a, b) for a, b in zip(lean, saved)))
print(lab.view.devicePixelRatioF(), len(scenario_names()), worst)
'''


def test_every_scenario_paints_the_same_without_saving_the_painter_state_at_ratio_2():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6",
               QT_SCALE_FACTOR="2",
               PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests" / "app")]))
    p = subprocess.run([sys.executable, "-c", RATIO_2], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    dpr, scenarios, worst = p.stdout.split()[-3:]
    assert float(dpr) == 2.0 and int(scenarios) >= 10
    assert int(worst) == 0
