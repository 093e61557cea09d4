# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""The Surface Lab's live maps: computed off the GUI thread, equal to the engine's, stale
results dropped, clicks set the run's hyperparameters."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from surface_testing import lab, no_qt_warnings, plot_arrays  # noqa: F401

from app.surface_lab import maps_worker
from app.surface_lab.maps_live import COARSE_BASINS, FINE_BASINS, FINE_HYPER
from app.surface_lab.maps_worker import MapResult
from optim_lab import make_optimizer
from optim_lab.maps import basin_map


def _settle(qtbot, maps, kind: str) -> None:
    """Refine now and wait until the newest request of ``kind`` is on screen."""
    maps.refine_now()
    qtbot.waitUntil(lambda: maps._shown[kind] >= maps._latest[kind] >= 0, timeout=60000)


def _select(maps, optimizer: str) -> int:
    box = maps.panel.run_box
    for i in range(box.count()):
        rid = box.itemData(i)
        if maps.session.run(rid).optimizer == optimizer:
            box.setCurrentIndex(i)
            return rid
    raise AssertionError(f"no {optimizer} run")


def test_basin_layer_is_the_engine_map_computed_off_the_gui_thread(lab, qtbot):
    from optim_lab.maps_service import map_process

    proc = map_process()  # maps go there once it has imported the engine (about a second)
    qtbot.waitUntil(proc.ready, timeout=60000)
    lab.set_surface("himmelblau")
    lab.recompute_now()
    maps = lab.maps
    rid = _select(maps, "gd")
    maps.panel.basins.setChecked(True)
    _settle(qtbot, maps, "basins")
    layer = maps.layer
    assert layer.image.isVisible() and layer.rings.isVisible()
    assert layer.image.image.shape == (FINE_BASINS, FINE_BASINS, 4)
    # computed in the map process: its stepping loop never holds the GUI's interpreter lock
    assert maps._shown_result["basins"].extra["pid"] not in (None, os.getpid())
    r = lab.session.run(rid)
    s = lab.session.surface
    box = maps.basin_box()
    np.testing.assert_allclose(box, s.bounds.ravel(), rtol=0.05, atol=0.05)  # the whole view
    ref = basin_map(s, make_optimizer("gd", **r.hyper), box, FINE_BASINS,
                    min(lab.session.steps, 2000))
    np.testing.assert_array_equal(layer.map.labels, ref.labels)
    text = maps.panel.basin_legend.text()
    assert text.count("global minimum") == 4 and "%" in text  # Himmelblau: four global minima
    # the opacity slider drives the layer; unticking hides it
    maps.panel.opacity.setValue(80)
    assert layer.image.opacity() == pytest.approx(0.8)
    # shading by steps taken darkens slow cells, keeps the label colours' hue
    plain = layer.image.image.copy()
    maps.panel.shade.setChecked(True)
    shaded = layer.image.image
    slow = (layer.map.steps_taken.T > 10) & (layer.map.labels.T >= 0)
    assert slow.any() and np.all(shaded[slow, :3].sum(-1) < plain[slow, :3].sum(-1))
    maps.panel.shade.setChecked(False)
    assert np.array_equal(layer.image.image, plain)
    # zooming in re-grids the visible part
    lab.view.vb.setRange(xRange=(2.0, 4.0), yRange=(1.0, 3.0), padding=0)
    _settle(qtbot, maps, "basins")
    assert layer.map.x[0] == pytest.approx(2.0, abs=0.05) and layer.map.y[-1] == pytest.approx(
        3.0, abs=0.05)
    assert np.all(layer.map.labels[np.ix_(np.abs(layer.map.y - 2) < 0.3,
                                          np.abs(layer.map.x - 3) < 0.3)] == 0)  # (3, 2)
    maps.panel.basins.setChecked(False)
    assert not layer.image.isVisible()


def test_the_map_follows_the_learning_rate_coarse_first(lab, qtbot):
    maps = lab.maps
    seen = []
    maps.computer.progress.connect(lambda req, pct: seen.append((req.id, pct)))
    rid = _select(maps, "gd")
    maps.panel.basins.setChecked(True)
    _settle(qtbot, maps, "basins")
    lab.session.set_lr(rid, 1e-4)
    assert maps.timer.isActive()  # the fine map waits for the edits to pause
    maps.timer.stop()
    qtbot.waitUntil(lambda: maps._shown["basins"] >= maps._latest["basins"], timeout=60000)
    m = maps.layer.map
    assert m.hyperparameters["lr"] == 1e-4 and m.labels.shape == (COARSE_BASINS,) * 2
    _settle(qtbot, maps, "basins")
    assert maps.layer.map.labels.shape == (FINE_BASINS,) * 2
    # lr 1e-4 runs every step: progress was reported, in order, per request
    assert seen and all(0 < p <= 100 for _, p in seen)
    for rid in {r for r, _ in seen}:
        pcts = [p for r, p in seen if r == rid]
        assert pcts == sorted(pcts)


def test_stale_results_are_dropped(lab, qtbot):
    maps = lab.maps
    _select(maps, "gd")
    maps.panel.basins.setChecked(True)
    _settle(qtbot, maps, "basins")
    shown = maps.layer.map
    old = maps._build("basins", fine=False)
    newer = maps._build("basins", fine=False)
    maps._shown["basins"] = newer.id
    stale = maps_worker.compute_map(old, lambda: False)
    maps._on_ready(stale)
    assert maps.layer.map is shown
    maps._on_ready(MapResult(newer, cancelled=True))
    assert maps.layer.map is shown


def test_hyper_map_click_sets_lr_and_beta(lab, qtbot):
    lab.set_surface("booth")
    lab.recompute_now()
    maps = lab.maps
    rid = _select(maps, "momentum")
    maps.panel.hyper.setChecked(True)
    _settle(qtbot, maps, "hyper")
    plot = maps.panel.plot
    m = plot.map
    assert m.labels.shape == (FINE_HYPER, FINE_HYPER) and m.beta_name == "momentum"
    assert m.lam_max_minimum == pytest.approx(18.0)
    # theory lines: solid boundary 2(1+β)/λ_max, dotted 2/λ_max
    bx, by = plot.bound_min.getData()
    np.testing.assert_allclose(10 ** bx, 2 * (1 + by) / 18.0, rtol=1e-9)
    assert 10 ** plot.bound_gd.getData()[0][0] == pytest.approx(2 / 18.0)
    for item in (plot.bound_min, plot.bound_start, plot.bound_gd, plot.current):
        assert all(np.all(np.isfinite(a)) for a in plot_arrays(item))
    # colour by steps taken: the same map redrawn, no new computation
    by_loss = plot.image.image.copy()
    shown = maps._shown["hyper"]
    maps.panel.color_by.setCurrentIndex(maps.panel.color_by.findData("steps"))
    assert maps._shown["hyper"] == shown and not np.array_equal(plot.image.image, by_loss)
    red = plot.image.image[(m.labels == -1).T]
    assert len(red) and np.all(red == by_loss[(m.labels == -1).T])  # diverged stays red
    maps.panel.color_by.setCurrentIndex(maps.panel.color_by.findData("loss"))
    np.testing.assert_array_equal(plot.image.image, by_loss)
    target_lr, target_beta = 0.05, 0.5
    pos = plot.mapFromScene(plot.vb.mapViewToScene(QPointF(np.log10(target_lr), target_beta)))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    hyper = lab.session.run(rid).hyper
    assert hyper["lr"] == pytest.approx(target_lr, rel=0.05)
    assert hyper["momentum"] == pytest.approx(target_beta, abs=0.02)
    # the map follows: the marker moves to the new setting
    qtbot.waitUntil(lambda: maps._shown["hyper"] >= maps._latest["hyper"], timeout=60000)
    cx, cy = plot.current.getData()
    assert 10 ** cx[0] == pytest.approx(hyper["lr"]) and cy[0] == pytest.approx(hyper["momentum"])


def test_gd_gets_a_learning_rate_sweep_with_its_limit(lab, qtbot):
    lab.set_surface("rosenbrock")
    lab.recompute_now()
    maps = lab.maps
    _select(maps, "gd")
    maps.panel.hyper.setChecked(True)
    _settle(qtbot, maps, "hyper")
    plot = maps.panel.plot
    assert plot.sweep.isVisible() and not plot.image.isVisible()
    x, y = plot.sweep.getData()
    assert len(x) > 10 and np.all(np.isfinite(x)) and np.all(np.isfinite(y))
    lam = plot.map.lam_max_minimum
    assert lam == pytest.approx(1001.6, rel=1e-3)  # Rosenbrock at (1, 1)
    assert 10 ** plot.bound_gd.getData()[0][0] == pytest.approx(2 / lam)
    assert len(plot.sweep_div.getData()[0]) > 0  # the too-large end diverges


def test_scheduled_gd_sweep_draws_its_limit_in_base_lr_terms(lab, qtbot):
    """A LinearLR at a constant 0.5 of the base lr: the lr axis is the base lr and the
    peak scheduled lr must stay below 2/λ_max, so the line sits at 2/λ_max / 0.5."""
    lab.set_surface("rosenbrock")
    lab.recompute_now()
    maps = lab.maps
    rid = _select(maps, "gd")
    lab.session.set_dynamics(rid, schedule="LinearLR:start_factor=0.5,end_factor=0.5,"
                                           "total_iters=10")
    lab.recompute_now()
    maps.panel.hyper.setChecked(True)
    _settle(qtbot, maps, "hyper")
    plot = maps.panel.plot
    lam = plot.map.lam_max_minimum
    assert plot.map.dynamics.schedule.startswith("LinearLR")
    assert 10 ** plot.bound_gd.getData()[0][0] == pytest.approx(2 / lam / 0.5)


def test_exported_map_reads_back_as_the_map_on_screen(lab, qtbot, tmp_path):
    from optim_lab.maps_file import load_map

    maps = lab.maps
    _select(maps, "momentum")
    assert not maps.panel.export_basins.isEnabled()
    assert maps.export_to("basins", str(tmp_path / "none.json")) is not None  # nothing yet
    maps.panel.basins.setChecked(True)
    maps.panel.hyper.setChecked(True)
    _settle(qtbot, maps, "basins")
    _settle(qtbot, maps, "hyper")
    assert maps.panel.export_basins.isEnabled() and maps.panel.export_hyper.isEnabled()
    for kind, suffix in (("basins", ".csv"), ("hyper", ".json")):
        path = tmp_path / f"{kind}{suffix}"
        assert maps.export_to(kind, str(path)) is None
        doc = load_map(path)
        shown = maps.layer.map if kind == "basins" else maps.panel.plot.map
        assert doc["kind"] == kind and doc["labels"] == shown.labels.tolist()
    assert "json or .csv" in maps.export_to("basins", str(tmp_path / "x.txt"))


def test_shutdown_abandons_running_and_waiting_maps(lab, qtbot):
    lab.set_surface("rastrigin")
    lab.recompute_now()
    maps = lab.maps
    _select(maps, "momentum")
    got = []
    maps.computer.ready.connect(got.append)
    maps.panel.basins.setChecked(True)  # a coarse map starts
    maps.refine_now()  # the fine one waits behind it
    maps.shutdown()
    qtbot.waitUntil(lambda: not maps.computer.busy(), timeout=60000)
    assert not any(r.request.fine and not r.cancelled for r in got)
    assert maps._shown["basins"] < maps._latest["basins"]  # the fine map never showed


def test_run_chooser_numbers_runs_as_the_rows_show_them(lab):
    """Run ids grow across scenario loads; the chooser counts positions, like the rows."""
    lab.load_scenario("local_minima", play=False)
    box = lab.maps.panel.run_box
    runs = lab.session.runs()
    assert min(r.id for r in runs) > 0  # ids no longer start at 0 after the default runs
    texts = [box.itemText(i) for i in range(box.count())]
    assert texts == [f"{k}. {r.label}" for k, r in enumerate(runs, start=1)]
    assert [box.itemData(i) for i in range(box.count())] == [r.id for r in runs]
