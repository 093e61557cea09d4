# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""Every run's learning-rate sweep at once; the maps panel saved in and restored from
experiment files; maps exported as PNG pictures."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QColor
from surface_testing import lab, no_qt_warnings  # noqa: F401

from app.surface_lab.run_rows import color_hex
from optim_lab import make_optimizer
from optim_lab.maps import lr_sweep
from optim_lab.maps_png import minimum_colors


def _settle(qtbot, maps, kind: str) -> None:
    maps.refine_now()
    qtbot.waitUntil(lambda: maps._shown[kind] >= maps._latest[kind] >= 0, timeout=120000)


def _every_run(maps) -> None:
    maps.panel.hyper_kind.setCurrentIndex(maps.panel.hyper_kind.findData("sweep_all"))
    maps.panel.hyper.setChecked(True)


def test_every_enabled_run_gets_its_sweep_in_its_colour_with_its_limit(lab, qtbot):
    s = lab.session
    assert s.surface_name == "rosenbrock"
    maps = lab.maps
    maps.panel.hyper_grid.setCurrentIndex(maps.panel.hyper_grid.findData(32))
    _every_run(maps)
    _settle(qtbot, maps, "hyper")
    runs = [r for r in s.runs() if r.enabled]
    curves = maps.panel.plot.curves
    assert len(runs) >= 4 and curves.shown == len(runs)
    req = maps._shown_result["hyper"].request
    assert [rid for rid, _o, _p in req.sweeps] == [r.id for r in runs]
    f_min = 0.0  # Rosenbrock's minimum value
    for k, r in enumerate(runs):
        curve, line = curves.curves[k], curves.limits[k]
        assert curve.isVisible()
        assert curve.opts["pen"].color() == QColor(color_hex(r.color))
        ref = lr_sweep(s.surface, make_optimizer(r.optimizer, **r.hyper), s.start_of(r.id),
                       req.lrs, req.steps)
        ok = (ref.labels[0] != -1) & np.isfinite(ref.final_losses[0])
        x, y = curve.getData()
        np.testing.assert_allclose(x, np.log10(ref.lrs[ok]))
        np.testing.assert_allclose(
            y, np.log10(np.maximum(ref.final_losses[0][ok] - f_min, 1e-16)))
        lx, _ = line.getData()
        if r.optimizer in ("gd", "momentum", "nesterov"):
            limit = s.limit(r.id).lr
            assert limit is not None and 10 ** lx[0] == pytest.approx(limit)
            assert line.opts["pen"].color() == QColor(color_hex(r.color))
            # the runs beyond 1.1x their limit diverge on Rosenbrock from this start
            beyond = ref.lrs > 1.1 * limit
            assert beyond.any() and (ref.labels[0][beyond] == -1).all()
        else:
            assert s.limit(r.id) is None and len(lx) == 0  # an adaptive step: no fixed limit
    assert maps.panel.hyper_legend.text().count("■") == len(runs)
    # disabling a run drops its curve; editing a run that is not the chosen one updates
    s.set_enabled(runs[-1].id, False)
    _settle(qtbot, maps, "hyper")
    assert curves.shown == len(runs) - 1 and not curves.curves[len(runs) - 1].isVisible()
    s.set_lr(runs[1].id, 1e-4)
    _settle(qtbot, maps, "hyper")
    xs, _ = curves.current.getData()
    assert xs[1] == pytest.approx(-4.0)


def test_maps_panel_is_saved_in_and_restored_from_the_experiment(lab, qtbot, tmp_path):
    from app.surface_lab import SurfaceLab

    maps = lab.maps
    lab.set_surface("himmelblau")
    lab.recompute_now()
    p = maps.panel
    p.run_box.setCurrentIndex(1)
    p.run_box.activated.emit(1)
    p.basin_grid.setCurrentIndex(p.basin_grid.findData(64))
    p.basins.setChecked(True)
    p.opacity.setValue(70)
    p.shade.setChecked(True)
    _every_run(maps)
    p.color_by.setCurrentIndex(p.color_by.findData("steps"))
    lab.view.vb.setRange(xRange=(-2.0, 4.0), yRange=(-1.0, 4.5), padding=0)
    _settle(qtbot, maps, "basins")
    _settle(qtbot, maps, "hyper")
    p.fix_axes.setChecked(True)
    saved = lab.session.map_settings
    assert saved == maps.settings() and saved.lr_range is not None
    assert saved.basin_range == pytest.approx((-2.0, 4.0, -1.0, 4.5))
    path = tmp_path / "e.json"
    assert lab.save_experiment_to(path)
    doc = json.loads(path.read_text())
    assert doc["map"]["hyper_kind"] == "sweep_all" and doc["map"]["basin_grid"] == 64

    other = SurfaceLab()
    qtbot.addWidget(other)
    other.resize(1280, 760)
    other.show()
    try:
        assert other.open_experiment(path)
        om = other.maps
        assert om.settings() == saved
        assert om.panel.basins.isChecked() and om.panel.fix_axes.isChecked()
        assert om.panel.run_box.currentIndex() == 1
        _settle(qtbot, om, "basins")
        assert om.layer.map.labels.shape == (64, 64)
        assert om.layer.map.x[0] == pytest.approx(-2.0, abs=0.1)
        again = tmp_path / "again.json"
        assert other.save_experiment_to(again)
        assert again.read_text() == path.read_text()  # open -> save equal
        # a file without a map section leaves the panel as it is
        plain = dict(doc)
        del plain["map"]
        old = tmp_path / "old.json"
        old.write_text(json.dumps(plain))
        assert other.open_experiment(old)
        assert om.panel.basins.isChecked() and om.settings().hyper_kind == "sweep_all"
    finally:
        other.maps.shutdown()
        other.close()


def test_maps_export_as_png_pictures(lab, qtbot, tmp_path):
    lab.set_surface("himmelblau")
    lab.recompute_now()
    maps = lab.maps
    maps.panel.basin_grid.setCurrentIndex(maps.panel.basin_grid.findData(64))
    maps.panel.basins.setChecked(True)
    _settle(qtbot, maps, "basins")
    path = tmp_path / "b.png"
    assert maps.export_to("basins", str(path)) is None
    m = maps.layer.map
    with Image.open(path) as im:
        meta = json.loads(im.text["optim-lab"])
        img = np.asarray(im.convert("RGB"))
    left, top, w, h = meta["plot_area"]
    (x0, x1), (y0, y1) = meta["x_range"], meta["y_range"]
    colors = minimum_colors(m.minima)
    ring = [(left + (p[0] - x0) / (x1 - x0) * w, top + (y1 - p[1]) / (y1 - y0) * h)
            for p, _ in m.minima]
    checked = set()
    for iy in range(0, m.labels.shape[0], 3):  # every third row and column of cells
        for ix in range(0, m.labels.shape[1], 3):
            k = int(m.labels[iy, ix])
            c = int(left + (m.x[ix] - x0) / (x1 - x0) * w)
            r = int(top + (y1 - m.y[iy]) / (y1 - y0) * h)
            if k < 0 or any(math.hypot(c - a, r - b) <= 10 for a, b in ring):
                continue
            assert tuple(img[r, c]) == QColor(colors[k]).getRgb()[:3]
            checked.add(k)
    assert checked == set(range(len(m.minima)))  # Himmelblau: all four basins seen
    _every_run(maps)
    _settle(qtbot, maps, "hyper")
    assert maps.export_to("hyper", str(tmp_path / "s.png")) is None
    with Image.open(tmp_path / "s.png") as im:
        assert json.loads(im.text["optim-lab"])["kind"] == "sweep"


def test_a_drag_lets_running_coarse_maps_finish_but_abandons_fine_ones(lab, qtbot, monkeypatch):
    """Each edit of a drag asks for a coarse map; a coarse map already running finishes (so
    maps keep appearing during the drag), a running fine map is abandoned."""
    import threading

    from app.surface_lab import maps_worker

    gate = threading.Event()
    real = maps_worker.compute_map
    stops = []

    def slow(req, should_stop, progress=None):
        gate.wait(20)
        stops.append((req.fine, should_stop()))
        return real(req, should_stop, progress)

    monkeypatch.setattr(maps_worker, "compute_map", slow)
    maps = lab.maps
    rid = maps.run_id()
    maps.panel.basins.setChecked(True)  # a coarse map starts and waits at the gate
    qtbot.waitUntil(lambda: maps.computer.running("basins") is not None, timeout=5000)
    for lr in (1e-4, 2e-4, 3e-4):  # a drag: the newest waits, the running one is kept
        lab.session.set_lr(rid, lr)
    maps.timer.stop()
    gate.set()
    qtbot.waitUntil(lambda: len(stops) >= 2 and not maps.computer.busy(), timeout=60000)
    assert stops[0] == (False, False)  # the first coarse map was not abandoned
    assert maps.layer.map.hyperparameters["lr"] == 3e-4  # then only the newest ran
    gate.clear()
    stops.clear()
    maps.refine_now()  # a fine map starts and waits
    qtbot.waitUntil(lambda: getattr(maps.computer.running("basins"), "fine", False), timeout=5000)
    lab.session.set_lr(rid, 5e-4)  # an edit during the fine map abandons it
    maps.timer.stop()
    gate.set()
    qtbot.waitUntil(lambda: len(stops) >= 2 and not maps.computer.busy(), timeout=60000)
    assert stops[0] == (True, True)
    assert maps.layer.map.hyperparameters["lr"] == 5e-4


def test_maps_take_the_runs_clipping_noise_and_schedule(lab, qtbot):
    from optim_lab.dynamics import Dynamics
    from optim_lab.maps import basin_map, hyper_map

    s = lab.session
    maps = lab.maps
    rid = maps.run_id()
    r = s.run(rid)
    s.set_dynamics(rid, clip=0.5)
    maps.panel.basin_grid.setCurrentIndex(maps.panel.basin_grid.findData(64))
    maps.panel.basins.setChecked(True)
    _settle(qtbot, maps, "basins")
    m = maps.layer.map
    ref = basin_map(s.surface, make_optimizer(r.optimizer, **r.hyper, clip_norm=0.5),
                    (m.x[0], m.x[-1], m.y[0], m.y[-1]), 64, min(s.steps, 2000))
    np.testing.assert_array_equal(m.labels, ref.labels)
    np.testing.assert_array_equal(m.steps_taken, ref.steps_taken)
    assert "noise" not in maps.panel.status.text()
    # noise (with its seed) and a schedule are mapped too: the engine's map with them
    s.set_dynamics(rid, noise=0.01, seed=3, schedule="cosine:T_max=300")
    maps.panel.hyper_grid.setCurrentIndex(maps.panel.hyper_grid.findData(32))
    maps.panel.hyper.setChecked(True)
    _settle(qtbot, maps, "basins")
    _settle(qtbot, maps, "hyper")
    dyn = Dynamics(noise=0.01, seed=3, schedule="cosine:T_max=300", clip=0.5)
    m = maps.layer.map
    assert m.dynamics == dyn.checked(r.optimizer)
    ref = basin_map(s.surface, make_optimizer(r.optimizer, **r.hyper),
                    (m.x[0], m.x[-1], m.y[0], m.y[-1]), 64, min(s.steps, 2000), dynamics=dyn)
    np.testing.assert_array_equal(m.labels, ref.labels)
    np.testing.assert_array_equal(m.steps_taken, ref.steps_taken)
    h = maps._shown_result["hyper"].map
    req = maps._shown_result["hyper"].request
    href = hyper_map(s.surface, make_optimizer(r.optimizer, **r.hyper), req.start, req.lrs,
                     req.betas, req.steps, dynamics=dyn)
    np.testing.assert_array_equal(h.labels, href.labels)
    np.testing.assert_array_equal(h.steps_taken, href.steps_taken)
    np.testing.assert_array_equal(h.final_losses, href.final_losses)
    plain = hyper_map(s.surface, make_optimizer(r.optimizer, **r.hyper, clip_norm=0.5),
                      req.start, req.lrs, req.betas, req.steps)
    assert not np.array_equal(h.final_losses, plain.final_losses, equal_nan=True)  # it did
    assert "noise" not in maps.panel.status.text()
