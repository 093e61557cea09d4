# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""Custom f(x, y) in the Surface Lab: the surface list opens the editor, Apply sets the
session's surface, runs are diagnosed against the found critical points, and experiment
files save and restore the expression."""

from __future__ import annotations

import json

import numpy as np
from surface_testing import lab, no_qt_warnings  # noqa: F401

from optim_lab.session import SurfaceSession
from optim_lab.surfaces import CUSTOM_NAME, get_surface

HIMMELBLAU = "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"


def _apply(lab, qtbot, text, bounds):
    c = lab.controls
    c.surface.activated.emit(c.surface.findData(CUSTOM_NAME))
    dialog = c._editor
    assert dialog is not None and dialog.isVisible()
    dialog.editor.set_expression(text, bounds)
    assert dialog.editor.wait_for_check()
    qtbot.waitUntil(dialog.editor.is_ready)
    dialog.editor.apply_button.click()
    qtbot.waitUntil(lambda: c._editor is None)


def test_choosing_custom_opens_the_editor_and_cancel_keeps_the_surface(lab, qtbot):
    before = lab.session.surface_name
    c = lab.controls
    c.surface.activated.emit(c.surface.findData(CUSTOM_NAME))
    assert c._editor is not None and c.surface.currentData() == before
    c._editor.reject()
    qtbot.waitUntil(lambda: c._editor is None)
    assert lab.session.surface_name == before and c.surface.currentData() == before


def test_apply_sets_the_session_surface_and_runs_use_its_critical_points(lab, qtbot):
    _apply(lab, qtbot, HIMMELBLAU, (-5, 5, -5, 5))
    s = lab.session
    assert s.surface_name == CUSTOM_NAME
    assert s.surface_params == {"expression": HIMMELBLAU, "xmin": -5.0, "xmax": 5.0,
                                "ymin": -5.0, "ymax": 5.0}
    c = lab.controls
    assert c.surface.currentData() == CUSTOM_NAME and c.edit_custom.isVisible()
    assert HIMMELBLAU in c.description.text() and "minima 4" in c.description.text()
    assert lab.view.surface is s.surface
    lab.recompute_now()
    ends = [t for t in lab.trajectories() if t.status == "converged"]
    assert ends and all(t.end.nearest_minimum is not None and t.end.is_global for t in ends)
    builtin = get_surface("himmelblau")
    for t in ends:
        assert min(np.linalg.norm(np.subtract(t.end.nearest_minimum.point, m.point))
                   for m in builtin.minima) < 1e-6


def test_experiment_files_keep_the_expression(lab, qtbot, tmp_path):
    _apply(lab, qtbot, "x**2 - y**2", (-2, 2, -2, 2))
    path = tmp_path / "mine.json"
    assert lab.save_experiment_to(path)
    doc = json.loads(path.read_text())
    assert doc["surface"] == CUSTOM_NAME
    assert doc["surface_params"]["expression"] == "x**2 - y**2"
    again = SurfaceSession.from_file(path)
    assert again.surface_params == lab.session.surface_params
    lab.set_surface("booth")
    assert lab.session.surface_name == "booth" and not lab.controls.edit_custom.isVisible()
    assert lab.open_experiment(path)
    assert lab.session.surface_name == CUSTOM_NAME
    assert lab.controls.surface.currentData() == CUSTOM_NAME
    assert lab.session.surface_params["expression"] == "x**2 - y**2"
    # the editor reopens on the saved expression
    dialog = lab.controls.open_custom_editor()
    assert dialog.editor.text.text() == "x**2 - y**2" and dialog.editor.bounds() == (-2, 2, -2, 2)
    dialog.reject()


def test_a_new_expression_resets_the_start_but_a_new_range_does_not(lab, qtbot):
    _apply(lab, qtbot, "x**2 + 3*y**2", (-3, 3, -3, 3))
    lab.set_start(1.0, -1.0)
    _apply(lab, qtbot, "x**2 + 3*y**2", (-4, 4, -4, 4))
    assert lab.start == (1.0, -1.0)
    _apply(lab, qtbot, "0.5*(x**2 + 25*y**2)", (-4, 4, -4, 4))
    assert lab.start != (1.0, -1.0)
