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


@pytest.mark.parametrize("where", ["parent_is_a_file", "target_is_a_folder"])
def test_unwritable_path_leaves_no_file(tmp_path, trajs, where):
    """Fails for root too: no permission bits involved, the path itself cannot be a file."""
    (tmp_path / "afile").write_text("keep me")
    (tmp_path / "x.json").mkdir()
    target = tmp_path / ("afile/x.json" if where == "parent_is_a_file" else "x.json")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(OSError, match="cannot write"):
        save_trajectories(target, trajs)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "afile").read_text() == "keep me"


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


# --- files: round trips, refusals, atomic writes ------------------------------------

def _as_lists(run: dict) -> dict:
    return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in run.items()}


@pytest.mark.parametrize("suffix", [".json", ".csv"])
@pytest.mark.parametrize("every", [1, 7])
def test_every_written_field_reads_back_equal(tmp_path, trajs, suffix, every):
    from optim_lab.io import read_trajectory_file, trajectory_to_dict

    extra = {"scene": "test", "view": [1.5, -2.0]}
    path = save_trajectories(tmp_path / f"t{suffix}", trajs, extra=extra, every=every)
    runs, extra_back = read_trajectory_file(path)
    assert extra_back == extra
    assert [_as_lists(r) for r in runs] == [trajectory_to_dict(t, every) for t in trajs]


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_strided_run_reads_back_equal(tmp_path, suffix):
    from optim_lab.io import trajectory_to_dict
    from optim_lab.recording import record_run

    rec = record_run(get_surface("rosenbrock", dim=4), make_optimizer("adam", lr=0.01),
                     [0.0, 0.5, -0.5, 1.0], 500, every=25)
    path = save_trajectories(tmp_path / f"r{suffix}", [rec])
    back = _as_lists(load_trajectories(path)[0])
    assert back == trajectory_to_dict(rec)
    assert back["every"] == 25 and back["steps"][-1] == rec.steps


def test_a_non_finite_value_is_refused_before_writing(tmp_path, trajs):
    import dataclasses

    gn = trajs[0].grad_norms.copy()
    gn[0] = np.inf
    bad = dataclasses.replace(trajs[0], grad_norms=gn)
    for suffix in (".json", ".csv"):
        with pytest.raises(ValueError, match=r"grad_norms\[0\] is inf"):
            save_trajectories(tmp_path / f"bad{suffix}", [trajs[1], bad])
    with pytest.raises(ValueError, match="cannot write"):
        save_trajectories(tmp_path / "extra.json", trajs, extra={"zoom": float("nan")})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text, field", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"format_version": 1, "x": ' + "1" * 401 + "}", "401 digits"),
    ('{"format_version": 1, "x": NaN}', "not a finite number"),
    ('{"format_version": 1, "x": 1e999}', "out of range"),
])
def test_hostile_json_is_a_format_error(tmp_path, text, field):
    p = tmp_path / "h.json"
    p.write_text(text)
    with pytest.raises(FileFormatError, match=f"h.json: .*{field}"):
        load_trajectories(p)


def test_each_malformed_field_is_named(tmp_path, trajs):
    path = save_trajectories(tmp_path / "t.json", trajs[:1])
    good = json.loads(path.read_text())
    for field, value in [("steps", None), ("dim", "2"), ("hyperparameters", [1]),
                         ("points", [[1, 2], [3]]), ("end", {"eigenvalues": ["a"]}),
                         ("diverged_at", -3), ("status", "exploded"), ("every", 0)]:
        path.write_text(json.dumps({**good, field: value}))
        with pytest.raises(FileFormatError, match=rf"t\.json: .*{field.split('_')[0]}"):
            load_trajectories(path)


def test_csv_run_header_that_is_not_an_object(tmp_path, trajs):
    path = save_trajectories(tmp_path / "t.csv", trajs[:1])
    lines = path.read_text().splitlines()
    lines = [("# run 0 [1,2,3]" if ln.startswith("# run 0 ") else ln) for ln in lines]
    path.write_text("\n".join(lines))
    with pytest.raises(FileFormatError, match="run header 0"):
        load_trajectories(path)


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_a_byte_order_mark_is_accepted(tmp_path, trajs, suffix):
    path = save_trajectories(tmp_path / f"t{suffix}", trajs)
    plain = load_trajectories(path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert [_as_lists(r) for r in load_trajectories(path)] == [_as_lists(r) for r in plain]


def test_writing_through_a_symlink_keeps_the_link_and_the_mode(tmp_path, trajs):
    import os

    target = tmp_path / "real.json"
    target.write_text("old")
    target.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    save_trajectories(link, trajs[:1])
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert load_trajectories(target)[0]["optimizer"] == trajs[0].optimizer
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_an_interrupted_write_leaves_nothing(tmp_path):
    from optim_lab.files import atomic_write_stream

    def write(fh):
        fh.write("partial")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write_stream(tmp_path / "x.json", write)
    assert list(tmp_path.iterdir()) == []


# --- sweep files ----------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".json", ".csv"])
@pytest.mark.parametrize("two_axes", [False, True])
def test_sweep_file_reads_back_equal(tmp_path, suffix, two_axes):
    from optim_lab.sweep import grid, sweep
    from optim_lab.sweep_file import load_sweep, save_sweep, sweep_document

    axes = {"lr": np.geomspace(0.01, 0.3, 5)}
    if two_axes:
        axes["momentum"] = np.linspace(0.0, 0.9, 3)
    opt = make_optimizer("momentum", **grid(**axes)) if two_axes else make_optimizer(
        "momentum", momentum=0.5, **axes)
    res = sweep(get_surface("booth"), opt, [0.0, 0.0], 200)
    doc = sweep_document(res, axes, [0.0, 0.0])
    assert None in np.array(doc["final_loss"], dtype=object).reshape(-1)  # some diverged
    path = save_sweep(tmp_path / f"s{suffix}", doc)
    assert load_sweep(path) == doc
    if not two_axes:
        assert load_sweep(path)["hyperparameters"]["momentum"] == 0.5


# --- command line: validation before work, budgets, progress, interrupts ----------------

def _forbid_work(monkeypatch):
    import optim_lab.cli as cli

    def boom(*a, **k):
        raise AssertionError("work started before the arguments were checked")

    monkeypatch.setattr(cli, "record_run", boom)
    monkeypatch.setattr(cli, "sweep", boom)


RUN = ["run", "--surface", "booth", "--optimizer", "gd", "--steps", "1000000"]
SWEEP = ["sweep", "--surface", "booth", "--optimizer", "gd", "--lr-range", "1e-3:0.1:8"]


@pytest.mark.parametrize("argv, code, needle", [
    (RUN + ["--out", ""], 2, "--out is empty"),
    (RUN + ["--out", "{tmp}/x.json/"], 2, "names a folder"),
    (RUN + ["--out", "{tmp}"], 2, "is a folder"),
    (RUN + ["--out", "{tmp}/x.txt"], 2, "must end in .json or .csv"),
    (RUN + ["--out", "{tmp}/missing/x.json"], 1, "does not exist"),
    (RUN + ["--out", "{tmp}/afile/x.json"], 1, "is not a folder"),
    (RUN + ["--every", "0", "--out", "{tmp}/x.json"], 2, "--every must be a positive integer"),
    (RUN + ["--start", "1e300,1"], 2, "not finite at the start"),
    (SWEEP + ["--start", "1e300,1", "--out", "{tmp}/s.json"], 2, "not finite at the start"),
    (SWEEP + ["--out", "{tmp}/s.txt"], 2, "must end in .json or .csv"),
    (SWEEP + ["--out", "{tmp}/missing/s.csv"], 1, "does not exist"),
    (["run", "--surface", "quadratic", "--dim", "3", "--negative", "1", "--optimizer", "gd"], 2,
     "--negative applies to nd_saddle only"),
    (["run", "--surface", "rosenbrock", "--dim", "3", "--start", "1e51,1,1", "--optimizer", "gd"], 2,
     "too large to square"),
    (SWEEP + ["--momentum-range", "0:0.9:3", "--out", "{tmp}/s.json"], 2, "no hyperparameter"),
])
def test_bad_arguments_are_refused_before_any_work(tmp_path, monkeypatch, capsys, argv, code, needle):
    import warnings

    (tmp_path / "afile").write_text("x")
    _forbid_work(monkeypatch)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(argv) == code
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


@pytest.mark.parametrize("argv, nbytes", [
    (["run", "--surface", "rosenbrock", "--optimizer", "gd", "--dim", "100000", "--steps", "1000000"],
     1_000_002 * 100_003 * 8),
    (["run", "--surface", "rosenbrock", "--optimizer", "gd", "--dim", "1000", "--steps", "1000000"],
     1_000_002 * 1_003 * 8),
])
def test_runs_that_cannot_fit_are_refused_with_the_estimate(monkeypatch, capsys, argv, nbytes):
    _forbid_work(monkeypatch)
    assert main(argv) == 2
    err = capsys.readouterr().err
    # the kept points dominate: (steps+2) x (dim + loss, norm, step) x 8 bytes, plus one chunk
    import re

    shown = re.search(r"needs ≈ ([\d.]+) (GiB|TiB)", err)
    assert shown, err
    gib = float(shown[1]) * (1024 if shown[2] == "TiB" else 1)
    assert nbytes / 2**30 * 0.99 <= gib <= nbytes / 2**30 * 1.03
    assert "the limit is 1 GiB" in err and "--every" in err


def test_a_huge_sweep_is_refused_with_the_estimate(monkeypatch, capsys, tmp_path):
    _forbid_work(monkeypatch)
    rc = main(["sweep", "--surface", "booth", "--optimizer", "momentum", "--lr-range",
               "1e-3:0.3:4096", "--momentum-range", "0:0.9:4096", "--out", str(tmp_path / "s.json")])
    assert rc == 2
    err = capsys.readouterr().err
    assert "4096 x 4096 sweep (16,777,216 runs" in err and "GiB" in err and "limit is 1 GiB" in err


def test_every_also_reduces_the_run_estimate(monkeypatch, tmp_path):
    from optim_lab.recording import run_bytes

    assert run_bytes(1000, 1_000_000, 1) > 1 << 30 > run_bytes(1000, 1_000_000, 1000)
    monkeypatch.setenv("OPTIM_LAB_MEMORY_LIMIT", "40M")
    argv = ["run", "--surface", "rosenbrock", "--dim", "500", "--optimizer", "gd", "--lr", "1e-5",
            "--steps", "20000", "--out", str(tmp_path / "r.json")]
    assert main(argv) == 2
    assert main(argv + ["--every", "100"]) == 0
    assert load_trajectories(tmp_path / "r.json")[0]["steps"][:3].tolist() == [0, 100, 200]


def test_every_keeps_less_in_memory_during_the_run(monkeypatch):
    """tracemalloc peak of the run itself with --every 100 vs --every 1 (same process)."""
    import tracemalloc

    import optim_lab.recording as recording

    monkeypatch.setattr(recording, "CHUNK_BYTES", 64 << 10)  # 20 steps a chunk at D = 400
    s = get_surface("rosenbrock", dim=400)
    opt = make_optimizer("gd", lr=1e-6)
    peaks = {}
    for every in (1, 100):
        tracemalloc.start()
        rec = recording.record_run(s, opt, s.default_start(), 2_000, every)
        peaks[every] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert len(rec.points) == 2_000 // every + 1
    # 2,001 x 400 floats = 6.4 MB kept at every 1; at every 100 a chunk (D > 300: no Hessian)
    assert peaks[100] < 0.25 * peaks[1]


def test_sweep_out_csv_writes_a_csv_sweep(tmp_path):
    from optim_lab.sweep_file import load_sweep

    out = tmp_path / "sw.csv"
    rc = main(["sweep", "--surface", "booth", "--optimizer", "gd", "--lr-range", "0.01:0.2:8",
               "--start=0,0", "--steps", "400", "--out", str(out)])
    assert rc == 0
    assert out.read_text().startswith("# optim-lab-sweep")
    doc = load_sweep(out)
    lrs = np.asarray(doc["axes"]["lr"])
    diverged = np.asarray(doc["status"]) == doc["status_codes"]["diverged"]
    np.testing.assert_array_equal(diverged, lrs > 2 / 18)


def test_progress_prints_percent_lines():
    import io

    buf = io.StringIO()
    p = __import__("optim_lab.cli", fromlist=["Progress"]).Progress("work", interval=0.0, stream=buf)
    p(250, 1000)
    p(1000, 1000)
    assert buf.getvalue().splitlines() == ["work:  25% (250/1000 steps)", "work: 100% (1000/1000 steps)"]


def test_ctrl_c_exits_130_with_one_line(tmp_path):
    import signal

    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "run", "--surface", "rosenbrock", "--dim", "20", "--optimizer",
         "gd", "--lr", "1e-7", "--steps", "1000000", "--every", "1000",
         "--out", str(tmp_path / "r.json")],
        stderr=subprocess.PIPE, text=True,
        # A suite started in the background of a non-interactive shell inherits SIGINT
        # ignored, and Python then installs no Ctrl-C handler in the child: give the child
        # the default disposition a terminal user has.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    first = proc.stderr.readline()  # the first progress line: the run is under way
    assert "%" in first, first
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 130
    lines = [ln for ln in rest.splitlines() if ln.strip() and "%" not in ln]
    assert lines == ["optim-lab run: interrupted"]
    assert list(tmp_path.iterdir()) == []


def test_a_file_too_large_to_read_back_is_not_written(tmp_path, monkeypatch):
    import optim_lab.files as files
    from optim_lab.recording import record_run

    rec = record_run(get_surface("rosenbrock", dim=10), make_optimizer("gd", lr=1e-5),
                     [0.0] * 10, 2000)
    path = save_trajectories(tmp_path / "ok.json", [rec])
    monkeypatch.setattr(files, "MAX_READ_BYTES", path.stat().st_size // 2)
    with pytest.raises(FileFormatError, match="the limit is"):  # the reader's own limit...
        load_trajectories(path)
    with pytest.raises(ValueError, match="what Optim Lab reads back"):  # ...is the writer's too
        save_trajectories(tmp_path / "big.json", [rec])
    assert not (tmp_path / "big.json").exists()
    save_trajectories(tmp_path / "thin.json", [rec], every=10)
    assert len(load_trajectories(tmp_path / "thin.json")[0]["points"]) == 201


def test_a_pipe_is_not_read(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.json")
    with pytest.raises(OSError, match="not a regular file"):
        load_trajectories(tmp_path / "pipe.json")
