# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""The Surface Lab's maps apply the mapped run's noise and schedule, also when an
experiment file with a map section is opened."""

from __future__ import annotations

import numpy as np
import pytest
from surface_testing import lab, no_qt_warnings  # noqa: F401

from optim_lab import make_optimizer
from optim_lab.dynamics import Dynamics
from optim_lab.maps import basin_map


def _settle(qtbot, maps, kind: str) -> None:
    maps.refine_now()
    qtbot.waitUntil(lambda: maps._shown[kind] >= maps._latest[kind] >= 0, timeout=120000)


def test_an_opened_experiment_maps_its_runs_noise_and_schedule(lab, qtbot, tmp_path):
    from app.surface_lab import SurfaceLab

    s, maps = lab.session, lab.maps
    lab.set_surface("himmelblau")
    s.set_steps(300)
    lab.recompute_now()
    rid = maps.run_id()
    dyn = Dynamics(noise=0.5, seed=11, schedule="cosine:T_max=300")
    s.set_dynamics(rid, **dyn.to_dict())
    p = maps.panel
    p.basin_grid.setCurrentIndex(p.basin_grid.findData(64))
    p.basins.setChecked(True)
    _settle(qtbot, maps, "basins")
    shown = maps.layer.map
    r = s.run(rid)
    box = (shown.x[0], shown.x[-1], shown.y[0], shown.y[-1])
    want = dyn.checked(r.optimizer)
    assert shown.dynamics == want
    ref = basin_map(s.surface, make_optimizer(r.optimizer, **r.hyper), box, 64, 300,
                    dynamics=want)
    np.testing.assert_array_equal(shown.labels, ref.labels)
    np.testing.assert_array_equal(shown.steps_taken, ref.steps_taken)
    assert "noise" not in p.status.text() and "schedule" not in p.status.text()
    path = tmp_path / "noisy.json"
    assert lab.save_experiment_to(path)

    other = SurfaceLab()
    qtbot.addWidget(other)
    other.resize(1280, 760)
    other.show()
    try:
        assert other.open_experiment(path)
        om = other.maps
        assert om.panel.basins.isChecked()
        _settle(qtbot, om, "basins")
        m = om.layer.map
        assert m.dynamics == want  # recomputed on open with the run's dynamics
        np.testing.assert_array_equal(m.labels, ref.labels)
        np.testing.assert_array_equal(m.steps_taken, ref.steps_taken)
    finally:
        other.maps.shutdown()
        other.close()


def test_every_runs_sweep_takes_that_runs_dynamics(lab, qtbot):
    from optim_lab.maps import lr_sweep

    s, maps = lab.session, lab.maps
    runs = [r for r in s.runs() if r.enabled]
    dyn = Dynamics(noise=0.05, seed=2, schedule="step:step_size=100,gamma=0.5")
    s.set_dynamics(runs[1].id, **dyn.to_dict())
    p = maps.panel
    p.hyper_grid.setCurrentIndex(p.hyper_grid.findData(32))
    p.hyper_kind.setCurrentIndex(p.hyper_kind.findData("sweep_all"))
    p.hyper.setChecked(True)
    _settle(qtbot, maps, "hyper")
    res = maps._shown_result["hyper"]
    req = res.request
    for k, r in enumerate(runs):
        assert req.sweeps[k][0] == r.id
        want = s.run(r.id).dynamics.checked(r.optimizer)
        ref = lr_sweep(s.surface, make_optimizer(r.optimizer, **r.hyper), s.start_of(r.id),
                       req.lrs, req.steps, dynamics=want)
        assert res.map[k].dynamics == want
        np.testing.assert_array_equal(res.map[k].labels, ref.labels)
        np.testing.assert_array_equal(res.map[k].final_losses, ref.final_losses)
    assert res.map[1].dynamics.has_noise and not res.map[0].dynamics.has_noise


def test_a_sweeps_limit_line_is_where_the_peak_scheduled_lr_meets_the_limit(lab, qtbot):
    s, maps = lab.session, lab.maps
    runs = [r for r in s.runs() if r.enabled]
    k = next(i for i, r in enumerate(runs) if r.optimizer == "gd")
    s.set_dynamics(runs[k].id, schedule="LinearLR:start_factor=0.5,end_factor=0.5,total_iters=5")
    p = maps.panel
    p.hyper_grid.setCurrentIndex(p.hyper_grid.findData(32))
    p.hyper_kind.setCurrentIndex(p.hyper_kind.findData("sweep_all"))
    p.hyper.setChecked(True)
    _settle(qtbot, maps, "hyper")
    lx, _ = p.plot.curves.limits[k].getData()
    assert 10 ** lx[0] == pytest.approx(2.0 * s.limit(runs[k].id).lr)  # peak = base / 2
    others = [i for i, r in enumerate(runs) if r.optimizer in ("momentum", "nesterov")]
    for i in others:  # runs without a schedule keep their limit
        ox, _ = p.plot.curves.limits[i].getData()
        assert 10 ** ox[0] == pytest.approx(s.limit(runs[i].id).lr)
