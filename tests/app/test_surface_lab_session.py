# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""The Surface Lab as a view of its SurfaceSession: GUI edits equal headless edits, experiment
files open and save unchanged through the GUI, bad files change nothing, long text never widens."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from surface_testing import lab, no_qt_warnings  # noqa: F401

from app.widgets.clipping import clip_polyline
from optim_lab.experiment import MAX_NOTES, MAX_TITLE, load_experiment
from optim_lab.session import SurfaceSession


def path_xy(lab, row):
    x, y = lab.view.runs.items[row.run_id].path.getData()
    return np.column_stack([x, y])


def as_drawn(lab, points):
    """``points`` clipped to the view's box, as the run layer draws them (the same if inside)."""
    c = clip_polyline(points, lab.view.runs.box)
    return np.column_stack([c.x, c.y])


def settle(lab, qtbot):
    qtbot.waitUntil(lambda: not lab.loop.timer.isActive())


def test_gui_edits_and_headless_edits_give_identical_trajectories(lab, qtbot):
    lab.load_scenario("ill_conditioned", play=False)
    gd, mom = lab.rows()
    gd.lr.edit.setText("0.0015")  # typed, as a user would
    gd.lr.edit.editingFinished.emit()
    mom.spins["momentum"].setValue(0.8)
    lab.controls.x.setValue(-1.2)
    lab.controls.y.setValue(1.7)
    lab.controls.steps.setValue(900)
    mom.enable.setChecked(False)
    mom.enable.setChecked(True)
    settle(lab, qtbot)

    s = SurfaceSession()
    s.load_scenario("ill_conditioned")
    a, b = s.run_ids()
    s.set_lr(a, 0.0015)
    s.set_hyper(b, momentum=0.8)
    s.set_start(-1.2, 1.7)
    s.set_steps(900)
    for row, rid in ((gd, a), (mom, b)):
        ref = s.result(rid)
        np.testing.assert_array_equal(lab.result_of(row).points, ref.points)
        np.testing.assert_array_equal(path_xy(lab, row), as_drawn(lab, ref.points))  # as drawn
        assert lab.result_of(row).status == ref.status

    # the quadratic's κ box and the surface box against the API
    lab.set_surface("quadratic")
    lab.controls.kappa.setValue(250.0)
    settle(lab, qtbot)
    s.set_surface("quadratic", kappa=10.0)
    s.set_surface_params(kappa=250.0)
    for row, rid in zip(lab.rows(), s.run_ids()):
        assert lab.session.run(row.run_id).hyper == s.run(rid).hyper
        np.testing.assert_array_equal(path_xy(lab, row), as_drawn(lab, s.result(rid).points))


def test_api_edits_show_in_the_widgets(lab):
    s = lab.session
    gd = lab.rows()[0]
    s.set_lr(gd.run_id, 0.00123)
    s.set_enabled(lab.rows()[1].run_id, False)
    s.set_start(0.25, -0.5)
    lab.recompute_now()
    assert gd.lr.value() == 0.00123 and gd.lr.edit.text() == "0.00123"
    assert not lab.rows()[1].is_enabled()
    assert (lab.controls.x.value(), lab.controls.y.value()) == (0.25, -0.5)
    np.testing.assert_array_equal(path_xy(lab, gd), s.result(gd.run_id).points)


EXTREME = {
    "format": "optim-lab-experiment", "format_version": 1,
    "title": "Out of the old widget ranges", "notes": "",
    "surface": "quadratic", "surface_params": {"kappa": 50000.0},
    "start": [5000.0, 3000.0], "steps": 50,
    "optimizers": [
        {"name": "gd", "hyperparameters": {"lr": 1e-7}},
        {"name": "gd", "enabled": False, "hyperparameters": {"lr": 500.0}},
        {"name": "momentum", "hyperparameters": {"lr": 1e-4, "momentum": 0.99995}},
        {"name": "adam", "hyperparameters": {"lr": 0.01, "eps": 5.0}},
        {"name": "adamw", "hyperparameters": {"lr": 0.01, "weight_decay": 250.0}},
    ],
}


def test_gui_open_then_save_keeps_values_beyond_the_widget_ranges(lab, tmp_path):
    src = tmp_path / "extreme.json"
    src.write_text(json.dumps(EXTREME))
    assert lab.open_experiment(src)
    rows = lab.rows()
    assert [r.name for r in rows] == ["gd", "gd", "momentum", "adam", "adamw"]
    assert rows[0].lr.value() == 1e-7 and rows[1].lr.value() == 500.0
    assert not rows[1].is_enabled() and rows[0].is_enabled()
    assert rows[2].spins["momentum"].value() == 0.99995
    assert rows[3].spins["eps"].value() == 5.0 and rows[4].spins["weight_decay"].value() == 250.0
    assert lab.controls.kappa.value() == 50000.0
    assert (lab.controls.x.value(), lab.controls.y.value()) == (5000.0, 3000.0)
    # Tabbing through every box without typing changes nothing.
    for row in rows:
        row.lr.edit.editingFinished.emit()
        for box in row.spins.values():
            box.interpretText()
    for box in (lab.controls.kappa, lab.controls.x, lab.controls.y):
        box.interpretText()
    out = tmp_path / "again.json"
    assert lab.save_experiment_to(out)
    assert load_experiment(out) == load_experiment(src)


def _bad_files():
    ok = dict(EXTREME, surface="booth", surface_params={}, start=[1.0, 2.0])
    return {
        "nested": "[" * 50_000 + "]" * 50_000,
        "huge_int": json.dumps(ok)[:-1] + ', "steps": ' + "9" * 401 + "}",
        "steps_null": json.dumps(dict(ok, steps=None)),
        "enabled_no": json.dumps(dict(ok, optimizers=[{"name": "gd", "enabled": "no"}])),
        "twenty_runs": json.dumps(dict(ok, optimizers=[{"name": "gd"}] * 20)),
        "long_title": json.dumps(dict(ok, title="x" * 100_000)),
        "three_d": json.dumps(dict(ok, surface="rosenbrock", start=[1, 2, 3])),
        "bom_garbage": "\ufeff{",
    }


@pytest.mark.parametrize("kind", list(_bad_files()))
def test_bad_experiment_shows_a_dialog_and_keeps_the_lab(lab, tmp_path, monkeypatch, kind):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a))
    bad = tmp_path / f"{kind}.json"
    bad.write_text(_bad_files()[kind])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    before = lab.session.to_experiment()
    lab.acts.open_experiment.trigger()  # File › Open
    assert len(shown) == 1 and f"{kind}.json" in shown[0][2]
    assert lab.session.to_experiment() == before
    assert [r.name for r in lab.rows()] == [o.name for o in before.optimizers]


def test_long_title_and_notes_never_widen_the_window(lab, tmp_path, qtbot):
    width = lab.width()
    doc = dict(EXTREME, title="T" * MAX_TITLE, notes="w" * MAX_NOTES)
    p = tmp_path / "long.json"
    p.write_text(json.dumps(doc))
    assert lab.open_experiment(p)
    qtbot.wait(50)
    assert lab.banner.isVisible() and lab.banner.title_text() == doc["title"]
    assert lab.width() == width
    assert lab.minimumSizeHint().width() < 1280 and lab.banner.sizeHint().width() < 1280
    assert lab.banner.height() < 0.4 * lab.height()
