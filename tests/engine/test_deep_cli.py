"""``optim-lab deep`` reliability: checks before work, memory budget, --every, progress,
scenarios, and the new per-record fields."""

from __future__ import annotations

import argparse
import json

import pytest

from optim_lab.deep import cli as deep_cli
from optim_lab.deep import training
from optim_lab.deep.budget import estimate_memory, kept_records
from optim_lab.deep.config import DeepConfig
from optim_lab.deep.scenarios import deep_scenario

SMALL = ["--depth", "3", "--width", "8", "--activation", "tanh"]


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="optim-lab")
    deep_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def _load(path) -> dict:
    def bad(token: str) -> None:
        raise AssertionError(f"non-standard JSON constant {token}")

    return json.loads(path.read_text(), parse_constant=bad)


@pytest.fixture
def no_training(monkeypatch):
    """Fail the test if training starts: these inputs must be refused before any work."""

    def boom(*args, **kwargs):
        raise AssertionError("training started before the input was checked")

    monkeypatch.setattr(training, "train", boom)


@pytest.mark.parametrize(
    ("argv", "code", "needle"),
    [
        (["--steps", "5", "--out", "{tmp}/missing/o.json"], 1, "does not exist"),
        (["--steps", "5", "--out", "{tmp}"], 2, ".json"),
        (["--steps", "5", "--out", ""], 2, ".json"),
        (["--steps", "5", "--out", "{tmp}/x.json/"], 2, ".json"),
        (["--steps", "5", "--every", "0", "--out", "{tmp}/o.json"], 2, "every"),
        (["--steps", "5", "--schedule", "cosine", "--out", "{tmp}/o.json"], 2, "T_max"),
        (["--steps", "5", "--clip", "-1", "--out", "{tmp}/o.json"], 2, "clip"),
        (["--steps", "5", "--norm", "group", "--out", "{tmp}/o.json"], 2, "norm"),
        (["--steps", "5", "--loss", "l1", "--out", "{tmp}/o.json"], 2, "loss"),
        (["--steps", "5", "--sharpness-every", "-2", "--out", "{tmp}/o.json"], 2, "sharpness"),
        (["--steps", "0", "--out", "{tmp}/o.json"], 2, "steps"),
        (["--out", "{tmp}/o.json"], 2, "--steps required"),
    ],
)
def test_bad_arguments_and_paths_are_refused_before_training(
    tmp_path, capsys, no_training, argv, code, needle
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert _run(["deep", *SMALL, *argv]) == code
    err = capsys.readouterr().err
    assert err.startswith("optim-lab deep: error:") and needle in err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_take_files_is_refused_before_training_even_as_root(
    tmp_path, capsys, no_training, monkeypatch
) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(deep_cli.tempfile, "mkstemp", refuse)
    assert _run(["deep", *SMALL, "--steps", "2", "--out", str(tmp_path / "o.json")]) == 1
    assert "Permission denied" in capsys.readouterr().err


def test_too_large_a_run_is_refused_with_the_estimate(tmp_path, capsys, no_training) -> None:
    argv = ["deep", "--depth", "200", "--width", "256", "--activation", "relu", "--steps",
            "1000000", "--out", str(tmp_path / "o.json")]
    assert _run(argv) == 2
    err = capsys.readouterr().err
    need = estimate_memory(DeepConfig(depth=200, width=256, activation="relu"), 1_000_000)
    assert f"{need / 1024**3:.1f} GiB" in err and "budget" in err
    assert need > 2 * 1024**3


def test_every_shrinks_the_estimate_to_what_is_kept() -> None:
    cfg = DeepConfig(depth=200, width=256)
    assert kept_records(1_000_000, 1000) == 1001
    assert kept_records(10, 3) == 4  # 1, 4, 7, 10
    assert kept_records(11, 3) == 5  # 1, 4, 7, 10 and the last, 11
    # the records are what grows with the steps; the model and torch are a fixed ~1 GiB here
    assert estimate_memory(cfg, 1_000_000, 1000) < estimate_memory(cfg, 1_000_000, 1) / 30


def test_every_keeps_only_what_is_asked_while_training(tmp_path, monkeypatch) -> None:
    kept = []
    real_train = training.train

    def spy(config, steps, **kw):
        history = real_train(config, steps, **kw)
        kept.append(len(history.records))
        return history

    monkeypatch.setattr(training, "train", spy)
    out = tmp_path / "o.json"
    assert _run(["deep", *SMALL, "--steps", "30", "--every", "10", "--out", str(out)]) == 0
    assert kept == [3]  # steps 1, 11, 21 held in memory, not 30
    data = _load(out)
    assert [s["step"] for s in data["steps"]] == [1, 11, 21, 30]


def test_progress_goes_to_stderr_on_long_runs(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(deep_cli, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(deep_cli, "PROGRESS_PERIOD", 0.0)
    out = tmp_path / "o.json"
    assert _run(["deep", *SMALL, "--steps", "4", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "step 4/4 (100%)" in captured.err
    assert "step" not in captured.out.split("wrote")[0].replace("stack", "")


def test_new_options_reach_the_config_and_the_records(tmp_path) -> None:
    out = tmp_path / "o.json"
    argv = ["deep", *SMALL, "--steps", "6", "--norm", "batch", "--norm-position", "post",
            "--clip", "0.01", "--schedule", "StepLR:step_size=2,gamma=0.5", "--loss", "mse",
            "--full-batch", "--samples", "64", "--sharpness-every", "4", "--out", str(out)]
    assert _run(argv) == 0
    data = _load(out)
    cfg = data["config"]
    assert (cfg["norm"], cfg["norm_position"], cfg["clip"], cfg["loss"], cfg["full_batch"],
            cfg["sharpness_every"]) == ("batch", "post", 0.01, "mse", True, 4)
    steps = data["steps"]
    assert [s["lr"] for s in steps] == [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    assert [s["sharpness"] is not None for s in steps] == [True, False, False, False, True, False]
    assert all(s["clipped"] for s in steps)  # a 0.01 norm cap clips every step here
    assert data["clipped_fraction"] == 1.0


def test_layernorm_flag_still_works(tmp_path) -> None:
    out = tmp_path / "o.json"
    assert _run(["deep", *SMALL, "--steps", "1", "--layernorm", "--out", str(out)]) == 0
    assert _load(out)["config"]["norm"] == "layer"


def test_scenario_runs_headless_and_options_override_it(tmp_path) -> None:
    out = tmp_path / "eos.json"
    assert _run(["deep", "--scenario", "edge_of_stability", "--steps", "3", "--out",
                 str(out)]) == 0
    data = _load(out)
    expected = deep_scenario("edge_of_stability").config.to_dict()
    assert data["config"] == expected and data["scenario"] == "edge_of_stability"
    assert data["steps"][0]["sharpness"] > 0
    out2 = tmp_path / "bn.json"
    assert _run(["deep", "--scenario", "batchnorm_explodes", "--steps", "1", "--depth", "5",
                 "--out", str(out2)]) == 0
    cfg = _load(out2)["config"]
    assert cfg["depth"] == 5 and cfg["norm"] == "batch"


def test_unknown_or_sweep_scenario_is_refused(tmp_path, capsys, no_training) -> None:
    assert _run(["deep", "--scenario", "nope", "--out", str(tmp_path / "o.json")]) == 2
    assert "edge_of_stability" in capsys.readouterr().err
    assert _run(["deep", "--scenario", "sweep", "--out", str(tmp_path / "o.json")]) == 2
