"""Property-based fuzzing: malformed files give FileFormatError, bad command lines a clean exit.

Inputs are mutations of real files the app writes (``tests/engine/fuzzing.py``).
Before the loaders were hardened, 65 of 1,500 such inputs escaped as RecursionError,
OverflowError-born ValueErrors, AttributeError, csv.Error, or printed RuntimeWarnings
(``python -m tests.engine.fuzzing 300``).
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from optim_lab import get_surface, make_optimizer, run_many
from optim_lab.cli import main
from optim_lab.experiment import load_experiment
from optim_lab.io import FileFormatError, load_trajectories, save_trajectories
from optim_lab.sweep import sweep
from optim_lab.sweep_file import load_sweep, save_sweep, sweep_document
from tests.engine import fuzzing

FOLDER = Path(tempfile.mkdtemp(prefix="optim-lab-fuzz-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)
(FOLDER / "afile").write_text("a regular file where a folder is expected")
FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ROOT = Path(__file__).parents[2]


def _base_files() -> dict[str, bytes]:
    runs = run_many(get_surface("himmelblau"), [make_optimizer("gd", lr=0.01),
                                               make_optimizer("adam", lr=0.05)], [1.0, 1.0], 12)
    save_trajectories(FOLDER / "base.json", runs[:1])
    save_trajectories(FOLDER / "base.csv", runs, extra={"scene": "fuzz"})
    lrs = np.array([0.01, 0.2, 0.05])
    res = sweep(get_surface("booth"), make_optimizer("gd", lr=lrs), [0.0, 0.0], 20)
    doc = sweep_document(res, {"lr": lrs}, [0.0, 0.0])
    save_sweep(FOLDER / "sweep.json", doc)
    save_sweep(FOLDER / "sweep.csv", doc)
    names = ("base.json", "base.csv", "sweep.json", "sweep.csv")
    return {n: (FOLDER / n).read_bytes() for n in names}


BASE = _base_files()
EXPERIMENT = json.loads((ROOT / "assets/experiments/saddle_stall.json").read_text())


def _assert_clean(loader, suffix: str, data: bytes) -> None:
    result = fuzzing.outcome(fuzzing.load_file(loader, FOLDER, suffix, data), (FileFormatError,))
    assert not result.startswith("unclean"), (result, data[:300])


@FAST
@given(fuzzing.mutated_json(json.loads(BASE["base.json"])))
def test_trajectory_json_loader_fails_only_cleanly(data):
    _assert_clean(_checked_trajectories, ".json", data)


@FAST
@given(fuzzing.mutated_csv(BASE["base.csv"].decode()))
def test_trajectory_csv_loader_fails_only_cleanly(data):
    _assert_clean(_checked_trajectories, ".csv", data)


@FAST
@given(fuzzing.RAW_BYTES)
def test_random_bytes_fail_only_cleanly(data):
    _assert_clean(_checked_trajectories, ".json", data)
    _assert_clean(_checked_trajectories, ".csv", data)
    _assert_clean(load_sweep, ".json", data)
    _assert_clean(load_experiment, ".json", data)


@FAST
@given(fuzzing.mutated_json(json.loads(BASE["sweep.json"])))
def test_sweep_json_loader_fails_only_cleanly(data):
    _assert_clean(load_sweep, ".json", data)


@FAST
@given(fuzzing.mutated_csv(BASE["sweep.csv"].decode()))
def test_sweep_csv_loader_fails_only_cleanly(data):
    _assert_clean(load_sweep, ".csv", data)


@FAST
@given(fuzzing.mutated_json(EXPERIMENT))
def test_experiment_loader_fails_only_cleanly(data):
    _assert_clean(load_experiment, ".json", data)


@settings(max_examples=80, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(fuzzing.command_line(FOLDER))
def test_command_line_fails_only_cleanly(argv):
    result = fuzzing.cli_outcome(main, argv)
    assert not result.startswith("unclean"), (result, argv)


def _checked_trajectories(path):
    """A file that loads holds only finite arrays of matching lengths."""
    runs = load_trajectories(path)
    for r in runs:
        n = len(r["points"])
        assert n >= 1 and r["points"].shape[1] == r["dim"]
        assert len(r["losses"]) == len(r["grad_norms"]) == len(r["steps"]) == n
        for key in ("points", "losses", "grad_norms", "start"):
            assert np.all(np.isfinite(r[key]))
    return runs


@pytest.mark.parametrize("loader, suffix", [(load_trajectories, ".json"), (load_sweep, ".json"),
                                            (load_experiment, ".json")])
def test_fuzz_strategies_reach_the_named_cases(tmp_path, loader, suffix):
    """The cases the issue names, each through every JSON loader."""
    cases = {
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "bigint": b'{"format_version": ' + b"9" * 401 + b"}",
        "nan": b'{"format_version": NaN}',
        "bom-garbage": b"\xef\xbb\xbf{",
    }
    for name, data in cases.items():
        p = tmp_path / f"{name}{suffix}"
        p.write_bytes(data)
        with pytest.raises(FileFormatError, match=p.name):
            loader(p)
