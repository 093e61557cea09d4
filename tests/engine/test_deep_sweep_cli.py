"""Depth sweep and the ``optim-lab deep`` command."""

from __future__ import annotations

import argparse
import json

import numpy as np
import pytest

from optim_lab.deep import DeepConfig, build_model, depth_sweep, make_dataset, probe_gradients
from optim_lab.deep.cli import FORMAT, register


def test_depth_sweep_plain_sigmoid_fades_residual_does_not() -> None:
    cfg = DeepConfig(width=16, batch_size=64)
    sweep = depth_sweep(cfg, [1, 5, 10, 20])
    assert sweep.plain[0] == pytest.approx(1.0) and sweep.residual[0] == pytest.approx(1.0)
    assert np.all(np.diff(sweep.plain) < 0)
    assert sweep.plain[-1] < 1e-6
    assert np.all(sweep.residual > 1e-2)


def test_depth_sweep_entry_equals_a_direct_probe() -> None:
    cfg = DeepConfig(width=16, batch_size=64, activation="tanh")
    sweep = depth_sweep(cfg, [7])
    X, y = make_dataset(cfg.dataset, cfg.n_samples, noise=cfg.noise, seed=cfg.seed)
    import torch

    probe = probe_gradients(build_model(cfg.with_(depth=7)), torch.from_numpy(X[:64]),
                            torch.from_numpy(y[:64]))
    assert sweep.plain[0] == probe.ratio


def test_depth_sweep_records_underflow_and_can_stop() -> None:
    sweep = depth_sweep(DeepConfig(width=16, batch_size=64), [90])
    assert sweep.plain_underflow[0] and not sweep.residual_underflow[0]
    assert json.loads(json.dumps(sweep.to_dict()))["plain"] == [0.0]
    assert depth_sweep(DeepConfig(), [1, 2], should_stop=lambda: True) is None
    with pytest.raises(ValueError, match="depths"):
        depth_sweep(DeepConfig(), [0])


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="optim-lab")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def _strict_load(path) -> dict:
    def bad(token: str) -> None:
        raise AssertionError(f"non-standard JSON constant {token}")

    return json.loads(path.read_text(), parse_constant=bad)


def test_cli_writes_valid_json_with_config_and_per_layer_norms(tmp_path, capsys) -> None:
    out = tmp_path / "deep.json"
    code = _run(["deep", "--depth", "12", "--width", "8", "--activation", "sigmoid",
                 "--init", "xavier", "--gain", "0.8", "--residual", "--steps", "7", "--seed",
                 "3", "--lr", "0.05", "--optimizer", "momentum", "--dataset", "xor",
                 "--out", str(out)])
    assert code == 0
    data = _strict_load(out)
    assert data["format"] == FORMAT
    assert data["config"] == DeepConfig(depth=12, width=8, activation="sigmoid", init="xavier",
                                        gain=0.8, residual=True, seed=3, lr=0.05,
                                        optimizer="momentum", dataset="xor").to_dict()
    assert [s["step"] for s in data["steps"]] == list(range(1, 8))
    for s in data["steps"]:
        assert len(s["act_grad_norms"]) == len(s["weight_grad_norms"]) == 12
        assert s["first_last_ratio"] == pytest.approx(
            s["act_grad_norms"][0] / s["act_grad_norms"][-1])
    assert "wrote 7 steps" in capsys.readouterr().out


def test_cli_every_keeps_the_last_step_and_records_divergence(tmp_path) -> None:
    out = tmp_path / "d.json"
    assert _run(["deep", "--depth", "20", "--width", "16", "--activation", "relu", "--init",
                 "he", "--lr", "1000", "--steps", "40", "--every", "3", "--out", str(out)]) == 0
    data = _strict_load(out)
    assert data["status"] == "diverged" and data["diverged_at"] >= 1
    steps = [s["step"] for s in data["steps"]]
    assert steps == sorted(steps) and steps[-1] == data["steps_recorded"]


@pytest.mark.parametrize("argv, needle", [
    (["--depth", "0"], "depth"),
    (["--activation", "swish"], "activation"),
    (["--init", "lecun"], "init"),
    (["--steps", "0"], "steps"),
    (["--every", "0"], "every"),
    (["--out", "x.txt"], "json"),
])
def test_cli_bad_input_exits_2_with_message_and_no_file(tmp_path, capsys, argv, needle) -> None:
    base = {"--depth": "3", "--width": "8", "--activation": "tanh", "--steps": "2",
            "--out": str(tmp_path / "o.json")}
    base.update(dict(zip(argv[::2], argv[1::2], strict=True)))
    flat = [t for kv in base.items() for t in kv]
    assert _run(["deep", *flat]) == 2
    err = capsys.readouterr().err
    assert err.startswith("optim-lab deep: error:") and needle in err
    assert not (tmp_path / "o.json").exists()


def test_cli_unwritable_path_exits_1(tmp_path, capsys) -> None:
    code = _run(["deep", "--depth", "2", "--width", "4", "--activation", "relu", "--steps",
                 "1", "--out", str(tmp_path / "missing" / "o.json")])
    assert code == 1
    assert "cannot write" in capsys.readouterr().err


def test_the_project_cli_dispatches_deep(tmp_path) -> None:
    from optim_lab.cli import main

    out = tmp_path / "m.json"
    assert main(["deep", "--depth", "2", "--width", "4", "--activation", "gelu", "--steps", "2",
                 "--out", str(out)]) == 0
    assert _strict_load(out)["config"]["activation"] == "gelu"


def test_cli_numbers_equal_a_direct_training_run(tmp_path) -> None:
    from optim_lab.deep import train

    out = tmp_path / "same.json"
    assert _run(["deep", "--depth", "9", "--width", "8", "--activation", "tanh", "--steps", "4",
                 "--seed", "5", "--optimizer", "adam", "--lr", "0.01", "--out", str(out)]) == 0
    data = _strict_load(out)
    direct = train(DeepConfig(depth=9, width=8, activation="tanh", seed=5, optimizer="adam",
                              lr=0.01), 4)
    for s, r in zip(data["steps"], direct.records, strict=True):
        assert s["loss"] == r.loss
        assert s["act_grad_norms"] == r.act_grad_norms.tolist()
        assert s["weight_grad_norms"] == r.weight_grad_norms.tolist()
        assert s["update_ratios"] == r.update_ratios.tolist()
