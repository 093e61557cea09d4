"""Training dynamics in files and on the command line: same seed, same path everywhere."""

from __future__ import annotations

import json

import numpy as np
import pytest

from optim_lab import cli
from optim_lab.cli import main
from optim_lab.dynamics import Dynamics
from optim_lab.experiment import load_experiment, save_experiment
from optim_lab.io import FileFormatError, load_trajectories, save_trajectories, trajectory_to_dict
from optim_lab.optimizers import make_optimizer
from optim_lab.recording import record_run
from optim_lab.runs import run
from optim_lab.session import SurfaceSession
from optim_lab.surfaces import get_surface

WARM = "warmup:start_factor=0.01,total_iters=100"
CAT = ["run", "--surface", "catapult", "--optimizer", "gd", "--lr", "0.3", "--start", "4,0.05",
       "--steps", "600"]


def _as_lists(r: dict) -> dict:
    return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in r.items()}


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_cli_run_with_dynamics_is_the_engine_run_and_reads_back(tmp_path, capsys, suffix):
    out = tmp_path / f"c{suffix}"
    assert main(CAT + ["--noise", "1e-6", "--seed", "3", "--schedule", WARM, "--out",
                       str(out)]) == 0
    dyn = Dynamics(noise=1e-6, seed=3, schedule=WARM).checked("gd")
    ref = run(get_surface("catapult"), make_optimizer("gd", lr=0.3), (4.0, 0.05), 600,
              dynamics=dyn)
    back = load_trajectories(out)[0]
    np.testing.assert_array_equal(back["points"], ref.points)  # CLI path == engine path
    assert Dynamics.from_dict(back["dynamics"]) == dyn
    assert back["noise_ball"] == ref.noise_ball and back["summary"] == ref.summary()
    assert "noise 1e-06 (seed 3)" in capsys.readouterr().out


@pytest.mark.parametrize("suffix", [".json", ".csv"])
@pytest.mark.parametrize("every", [1, 9])
def test_trajectory_headers_read_back_equal(tmp_path, suffix, every):
    s = get_surface("quartic_saddle")
    t = run(s, make_optimizer("adam", lr=0.05), (1.0, 0.0), 300,
            dynamics=Dynamics(noise=0.01, noise_relative=True, seed=2**62, clip=0.5,
                              amsgrad=True, schedule="cosine:T_max=300"))
    path = save_trajectories(tmp_path / f"t{suffix}", [t], every=every)
    back = _as_lists(load_trajectories(path)[0])
    assert back == trajectory_to_dict(t, every)
    assert back["dynamics"]["seed"] == 2**62 and back["dynamics"]["amsgrad"] is True


def test_plain_runs_are_written_as_before(tmp_path):
    t = run(get_surface("booth"), make_optimizer("gd", lr=0.05), (-4.0, 7.0), 50)
    doc = json.loads(save_trajectories(tmp_path / "p.json", [t]).read_text())
    assert "dynamics" not in doc and "noise_ball" not in doc


@pytest.mark.parametrize(("dyn", "needle"), [
    ({"noise": -1}, "invalid noise"),
    ({"seed": "7"}, "invalid seed"),
    ({"schedule": "cosine:T_max=x"}, "T_max must be a whole number"),
    ({"wobble": 1}, "unknown keys ['wobble']"),
])
def test_a_bad_dynamics_header_is_a_format_error(tmp_path, dyn, needle):
    t = run(get_surface("quartic_saddle"), make_optimizer("gd", lr=0.1), (1.0, 0.0), 30,
            dynamics=Dynamics(noise=1e-3))
    path = save_trajectories(tmp_path / "t.json", [t])
    doc = json.loads(path.read_text())
    doc["dynamics"].update(dyn)
    path.write_text(json.dumps(doc))
    with pytest.raises(FileFormatError) as info:
        load_trajectories(path)
    assert "field 'dynamics'" in str(info.value) and needle in str(info.value)


@pytest.mark.parametrize("ball", [-1.0, "small", True, [1]])
def test_a_bad_noise_ball_is_a_format_error(tmp_path, ball):
    t = run(get_surface("quartic_saddle"), make_optimizer("gd", lr=0.1), (1.0, 0.0), 300,
            dynamics=Dynamics(noise=1e-3))
    path = save_trajectories(tmp_path / "t.json", [t])
    doc = json.loads(path.read_text())
    assert doc["noise_ball"] == t.noise_ball > 0
    doc["noise_ball"] = ball
    path.write_text(json.dumps(doc))
    with pytest.raises(FileFormatError, match="field 'noise_ball'"):
        load_trajectories(path)


def _forbid_work(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("work started before the arguments were checked")

    monkeypatch.setattr(cli, "record_run", boom)


@pytest.mark.parametrize(("extra", "needle"), [
    (["--schedule", "cosin"], "--schedule: invalid schedule 'cosin': unknown schedule 'cosin'"),
    (["--schedule", "step:gamma=0.5"], "StepLR: step_size is required"),
    (["--schedule", "cosine:T_max=10,warm=3"], "unknown parameter 'warm'"),
    (["--noise", "-1"], "--noise: invalid noise: -1.0"),
    (["--noise", "inf"], "--noise: invalid noise: inf"),
    (["--seed", str(2**63)], "--seed: invalid seed"),
    (["--clip", "0"], "--clip: invalid clip: 0.0"),
    (["--amsgrad"], "--amsgrad: invalid amsgrad: True for 'gd'"),
    (["--noise-relative"], "--noise-relative needs --noise"),
])
def test_bad_dynamics_flags_are_one_line_exit_2_before_work(tmp_path, monkeypatch, capsys,
                                                            extra, needle):
    _forbid_work(monkeypatch)
    assert main(CAT + extra + ["--out", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("every", [1, 10])
def test_recorded_runs_with_dynamics_equal_runs(every):
    for name, dim, start in (("quartic_saddle", 2, (1.0, 0.0)), ("nd_saddle", 4, (1, 0, 0.5, 0))):
        s = get_surface(name, dim=dim)
        d = Dynamics(noise=1e-3, seed=5, schedule="cosine:T_max=500", clip=1.0)
        a = run(s, make_optimizer("momentum", lr=0.05), start, 500, dynamics=d)
        b = record_run(s, make_optimizer("momentum", lr=0.05), start, 500, every, dynamics=d)
        np.testing.assert_array_equal(b.points[: len(a.points[::every])], a.points[::every])
        np.testing.assert_array_equal(b.lrs, a.lrs[b.step_index])
        assert b.summary() == a.summary() and b.noise_ball == a.noise_ball


# --- experiment files -------------------------------------------------------------------------

def test_old_experiment_files_still_open_as_plain_runs():
    exp = load_experiment("assets/experiments/saddle_stall.json")
    assert all(o.dynamics == Dynamics() for o in exp.optimizers)


def test_clip_and_amsgrad_hyperparameters_are_read_into_dynamics(tmp_path):
    doc = {"format": "optim-lab-experiment", "format_version": 2, "surface": "booth",
           "start": [1.0, 2.0], "steps": 100,
           "optimizers": [{"name": "adam", "hyperparameters": {"lr": 0.01, "clip_norm": 2.0,
                                                                "amsgrad": True}}]}
    p = tmp_path / "e.json"
    p.write_text(json.dumps(doc))
    o = load_experiment(p).optimizers[0]
    assert o.dynamics == Dynamics(clip=2.0, amsgrad=True)
    assert "clip_norm" not in o.hyperparameters and "amsgrad" not in o.hyperparameters
    assert o.build().clip_norm == 2.0 and o.build().hyper["amsgrad"] is True


@pytest.mark.parametrize(("dyn", "needle"), [
    ({"noise": "a lot"}, "field 'optimizers[0].dynamics': invalid noise"),
    ({"amsgrad": True}, "field 'optimizers[0].dynamics': invalid amsgrad: True for 'gd'"),
    ({"schedule": "cosine"}, "T_max is required"),
    ("noisy", "must be an object"),
])
def test_bad_dynamics_in_an_experiment_name_the_field(tmp_path, dyn, needle):
    doc = {"format": "optim-lab-experiment", "format_version": 2, "surface": "booth",
           "start": [1.0, 2.0], "steps": 100,
           "optimizers": [{"name": "gd", "hyperparameters": {"lr": 0.01}, "dynamics": dyn}]}
    p = tmp_path / "e.json"
    p.write_text(json.dumps(doc))
    with pytest.raises(FileFormatError) as info:
        load_experiment(p)
    assert needle in str(info.value)


def test_scenario_session_saves_and_reopens_equal(tmp_path):
    s = SurfaceSession()
    s.load_scenario("warmup")
    exp = s.to_experiment()
    path = save_experiment(tmp_path / "w.json", exp)
    assert load_experiment(path) == exp
    back = SurfaceSession.from_file(path)
    for a, b in zip(s.run_ids(), back.run_ids()):
        np.testing.assert_array_equal(s.result(a).points, back.result(b).points)


def test_example_experiment_with_dynamics_opens():
    s = SurfaceSession.from_file("assets/experiments/catapult_warmup.json")
    dyns = [r.dynamics for r in s.runs()]
    assert any(d.has_noise for d in dyns) and any(d.schedule != "constant" for d in dyns)
    assert all(s.result(i) is not None for i in s.run_ids())
