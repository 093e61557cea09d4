"""Trajectory files and the command line: round trips, validation, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer, run, run_many
from optim_lab.cli import main
from optim_lab.io import FileFormatError, load_trajectories, save_trajectories


@pytest.fixture(scope="module")
def trajs():
    s = get_surface("himmelblau")
    opts = [make_optimizer("gd", lr=0.01), make_optimizer("adam", lr=0.05),
            make_optimizer("momentum", lr=0.05, momentum=0.9)]
    return run_many(s, opts, [1.0, 1.0], 300)


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_round_trip_keeps_points_and_status(tmp_path, trajs, suffix):
    path = save_trajectories(tmp_path / f"t{suffix}", trajs, extra={"scene": "test"})
    runs = load_trajectories(path)
    assert len(runs) == len(trajs)
    for r, t in zip(runs, trajs):
        np.testing.assert_array_equal(r["points"], t.points)
        np.testing.assert_array_equal(r["losses"], t.losses)
        assert r["status"] == t.status
        assert r["optimizer"] == t.optimizer
        assert r["hyperparameters"] == t.hyperparameters


def test_single_run_json_has_documented_fields(tmp_path, trajs):
    path = save_trajectories(tmp_path / "one.json", trajs[:1])
    doc = json.loads(path.read_text())
    for key in ("format_version", "surface", "dim", "optimizer", "hyperparameters", "start",
                "points", "losses", "grad_norms", "status", "diverged_at", "end"):
        assert key in doc
    for key in ("classification", "nearest_minimum", "is_global"):
        assert key in doc["end"]
    assert doc["points"][0] == list(trajs[0].start)
    assert len(doc["points"]) == trajs[0].steps + 1


def test_thinning_keeps_first_and_last(tmp_path, trajs):
    path = save_trajectories(tmp_path / "thin.json", trajs[:1], every=7)
    r = load_trajectories(path)[0]
    assert r["steps"][0] == 0 and r["steps"][-1] == trajs[0].steps
    assert np.all(np.diff(r["steps"][:-1]) == 7)
    np.testing.assert_array_equal(r["points"][-1], trajs[0].points[-1])


def test_unwritable_path_leaves_no_file(tmp_path, trajs):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if (folder / "probe").exists() or _can_write(folder):
            pytest.skip("running with permissions that ignore the mode bits")
        with pytest.raises(OSError, match="cannot write"):
            save_trajectories(folder / "x.json", trajs)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def _can_write(folder) -> bool:
    try:
        (folder / "probe").write_text("x")
    except OSError:
        return False
    (folder / "probe").unlink()
    return True


def test_missing_folder_is_a_clear_error(tmp_path, trajs):
    with pytest.raises(OSError, match="cannot write"):
        save_trajectories(tmp_path / "nope" / "x.json", trajs)


@pytest.mark.parametrize("text, msg", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('{"format_version": 99, "runs": []}', "newer"),
    ('{"format_version": 1}', "missing field"),
])
def test_corrupt_files_raise_format_errors(tmp_path, text, msg):
    p = tmp_path / "bad.json"
    p.write_text(text)
    with pytest.raises(FileFormatError, match=msg):
        load_trajectories(p)


def test_tampered_values_are_rejected(tmp_path, trajs):
    path = save_trajectories(tmp_path / "t.json", trajs[:1])
    doc = json.loads(path.read_text())
    doc["points"][3] = ["x", 1]
    path.write_text(json.dumps(doc))
    with pytest.raises(FileFormatError, match="points"):
        load_trajectories(path)
    doc["points"][3] = [1.0]
    path.write_text(json.dumps(doc))
    with pytest.raises(FileFormatError, match="coordinates"):
        load_trajectories(path)


def test_diverged_run_exports_only_finite_values(tmp_path):
    s = get_surface("booth")
    t = run(s, make_optimizer("gd", lr=0.2), [0.0, 0.0], 500)
    assert t.status == "diverged" and t.diverged_at is not None
    path = save_trajectories(tmp_path / "d.json", [t])
    doc = json.loads(path.read_text())  # strict JSON: NaN/Infinity would not be written
    assert doc["diverged_at"] == t.diverged_at
    assert len(doc["points"]) == t.diverged_at


# --- command line ---------------------------------------------------------------

def test_cli_run_writes_trajectory_matching_engine(tmp_path, capsys):
    out = tmp_path / "r.json"
    rc = main(["run", "--surface", "rosenbrock", "--optimizer", "adam", "--lr", "0.02",
               "--start", "-1.5,2", "--steps", "300", "--out", str(out)])
    assert rc == 0
    r = load_trajectories(out)[0]
    t = run(get_surface("rosenbrock"), make_optimizer("adam", lr=0.02), [-1.5, 2.0], 300)
    np.testing.assert_array_equal(r["points"], t.points)
    assert r["status"] == t.status
    assert t.status in capsys.readouterr().out


def test_cli_nd_run_and_csv(tmp_path):
    out = tmp_path / "r.csv"
    rc = main(["run", "--surface", "rosenbrock", "--dim", "5", "--optimizer", "momentum",
               "--lr", "1e-4", "--momentum", "0.9", "--start=0,0,0,0,0", "--steps", "200",
               "--every", "10", "--out", str(out)])
    assert rc == 0
    r = load_trajectories(out)[0]
    assert r["points"].shape == (21, 5)


@pytest.mark.parametrize("args, needle", [
    (["--surface", "nope", "--optimizer", "gd"], "choose one of: quadratic"),
    (["--surface", "booth", "--optimizer", "sgdx"], "unknown optimizer"),
    (["--surface", "booth", "--optimizer", "gd", "--lr", "-1"], "invalid lr"),
    (["--surface", "booth", "--optimizer", "adam", "--momentum", "0.9"], "no hyperparameter"),
    (["--surface", "booth", "--optimizer", "gd", "--start", "1,2,3"], "needs 2"),
    (["--surface", "booth", "--optimizer", "gd", "--start", "a,b"], "comma-separated"),
    (["--surface", "booth", "--optimizer", "adam", "--betas", "0.9,1.5"], "invalid beta2"),
])
def test_cli_errors_are_one_clear_line(capsys, args, needle):
    rc = main(["run", *args, "--steps", "10"])
    assert rc == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_cli_unwritable_output_exit_1(tmp_path, capsys):
    rc = main(["run", "--surface", "booth", "--optimizer", "gd", "--steps", "5",
               "--out", str(tmp_path / "missing" / "x.json")])
    assert rc == 1
    assert "cannot write" in capsys.readouterr().err


def test_cli_sweep_counts_match_engine(tmp_path):
    out = tmp_path / "s.json"
    rc = main(["sweep", "--surface", "booth", "--optimizer", "gd", "--lr-range", "0.01:0.2:8",
               "--start=0,0", "--steps", "400", "--out", str(out)])
    assert rc == 0
    doc = json.loads(out.read_text())
    lrs = np.asarray(doc["axes"]["lr"])
    diverged = np.asarray(doc["status"]) == doc["status_codes"]["diverged"]
    # Booth: lambda_max = 18, so GD diverges exactly above 2/18.
    np.testing.assert_array_equal(diverged, lrs > 2 / 18)


def test_cli_lists(capsys):
    assert main(["surfaces"]) == 0
    out = capsys.readouterr().out
    assert "himmelblau" in out and "goldstein_price" in out
    assert main(["optimizers"]) == 0
    assert "torch.optim.Adam" in capsys.readouterr().out


def test_console_script_entry_point_runs_headless(tmp_path):
    out = tmp_path / "x.json"
    proc = subprocess.run(
        [sys.executable, "-m", "app", "run", "--surface", "booth", "--optimizer", "gd",
         "--steps", "20", "--out", str(out)], capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert load_trajectories(out)[0]["surface"] == "booth"


def test_exported_file_has_ordinary_permissions(tmp_path, trajs):
    import os

    mask = os.umask(0o022)
    try:
        path = save_trajectories(tmp_path / "p.json", trajs[:1])
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644
