# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""Exports: PNG at a chosen width, SVG, CSV and JSON that re-load; failures leave no file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QMessageBox
from surface_testing import lab, no_qt_warnings  # noqa: F401

from optim_lab.io import load_trajectories


@pytest.mark.parametrize("width", [800, 2400])
def test_png_export_has_the_chosen_width(lab, tmp_path, width):
    lab.load_scenario("saddle_stall", play=False)
    out = tmp_path / "view.png"
    assert lab.export_image_to(out, width)
    img = QImage(str(out))
    assert not img.isNull() and img.width() == width
    vw, vh = lab.view.width(), lab.view.height()
    assert img.height() == pytest.approx(width * vh / vw, abs=2)
    # it is the drawn view, not a blank page: many distinct colours
    small = img.scaled(80, 60)
    colours = {small.pixel(x, y) for x in range(80) for y in range(60)}
    assert len(colours) > 50
    assert [p.name for p in tmp_path.iterdir()] == ["view.png"]


def test_svg_export_is_valid_svg_with_the_runs(lab, tmp_path):
    out = tmp_path / "view.svg"
    assert lab.export_image_to(out)
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    assert QSvgRenderer(str(out)).isValid()
    text = out.read_text()
    for row in lab.rows():  # each run's colour appears as a stroke
        assert row.color().lower() in text.lower()


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_trajectory_export_reloads_with_the_same_runs(lab, tmp_path, suffix):
    lab.load_scenario("local_minima", play=False)
    out = tmp_path / f"runs{suffix}"
    assert lab.export_data_to(out)
    runs = load_trajectories(out)
    trajs = lab.trajectories()
    assert len(runs) == len(trajs) == 5
    for r, t in zip(runs, trajs):
        assert r["surface"] == "two_wells" and r["optimizer"] == t.optimizer
        assert r["status"] == t.status
        assert tuple(r["start"]) == t.start
        assert r["hyperparameters"]["lr"] == t.hyperparameters["lr"]
        np.testing.assert_array_equal(r["points"], t.points)
        np.testing.assert_array_equal(r["losses"], t.losses)


def test_json_export_carries_the_lab_settings(lab, tmp_path):
    import json

    lab.load_scenario("plateau", play=False)
    out = tmp_path / "runs.json"
    assert lab.export_data_to(out)
    doc = json.loads(out.read_text())
    assert doc["surface"] == "plateau" and doc["scenario"] == "plateau"
    assert doc["start"] == list(lab.start) and doc["steps"] == lab.steps()


@pytest.mark.parametrize("kind", ["png", "svg", "csv", "json"])
def test_unwritable_path_shows_a_message_and_leaves_no_file(lab, tmp_path, monkeypatch, kind):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a))
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    out = blocker / f"export.{kind}"  # its "folder" is a file: cannot be created
    export = lab.export_image_to if kind in ("png", "svg") else lab.export_data_to
    assert export(out) is False
    assert len(shown) == 1 and str(out.parent) in shown[0][2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file"]


def test_wrong_suffix_is_refused_with_a_message(lab, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a))
    assert lab.export_image_to(tmp_path / "view.jpg") is False
    assert lab.export_data_to(tmp_path / "runs.txt") is False
    assert len(shown) == 2 and ".png" in shown[0][2] and ".json" in shown[1][2]
    assert list(tmp_path.iterdir()) == []


def test_nothing_to_export_is_explained(lab, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a))
    for row in lab.rows():
        row.set_enabled(False)
    assert lab.export_data_to(tmp_path / "runs.json") is False
    assert "no run" in shown[0][2]


def test_experiment_round_trip(lab, tmp_path):
    lab.load_scenario("ill_conditioned", play=False)
    lab.rows()[1].set_hyper(momentum=0.8)
    out = tmp_path / "exp.json"
    assert lab.save_experiment_to(out)
    before = [(r.name, r.hyper(), r.is_enabled()) for r in lab.rows()]
    lab.set_surface("himmelblau")
    lab.recompute_now()
    assert lab.open_experiment(out)
    assert lab.surface.name == "rosenbrock" and lab.start == (-1.5, 2.0) and lab.steps() == 1500
    assert [(r.name, r.hyper(), r.is_enabled()) for r in lab.rows()] == before
    assert len(lab.trajectories()) == 2


@pytest.mark.parametrize("name", ["himmelblau_basins", "rosenbrock_valley", "saddle_stall"])
def test_example_experiments_open(lab, name):
    from app.surface_lab.experiments import EXAMPLES
    from optim_lab.experiment import load_experiment

    path = EXAMPLES / f"{name}.json"
    exp = load_experiment(path)
    assert lab.open_experiment(path)
    assert lab.surface.name == exp.surface and lab.start == tuple(exp.start)
    assert [r.name for r in lab.rows()] == [o.name for o in exp.optimizers]
    assert lab.banner.title_text() == exp.title


def test_bad_experiment_changes_nothing(lab, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "optim-lab-experiment", "format_version": 1, "surface": "booth",'
                   ' "start": [1, 2], "steps": 10, "optimizers": [{"name": "gd", '
                   '"hyperparameters": {"lr": -1}}]}')
    before = (lab.surface.name, lab.start, [r.name for r in lab.rows()])
    assert lab.open_experiment(bad) is False
    assert (lab.surface.name, lab.start, [r.name for r in lab.rows()]) == before
    assert len(shown) == 1 and "lr" in shown[0][2]


def test_experiment_keeps_the_quadratic_condition_number(lab, tmp_path):
    lab.set_surface("quadratic")
    lab.controls.kappa.setValue(250.0)
    lab.recompute_now()
    out = tmp_path / "q.json"
    assert lab.save_experiment_to(out)
    lab.set_surface("booth")
    lab.controls.kappa.setValue(3.0)
    assert lab.open_experiment(out)
    assert lab.surface.name == "quadratic" and lab.surface_params == {"kappa": 250.0}
    assert lab.controls.kappa.value() == 250.0
    gd = lab.rows()[0]
    assert gd.lr.stabilityLimit() == pytest.approx(2 / 250.0)
