"""Experiment files: round trip, shipped examples load, corrupt files get one clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from optim_lab.experiment import (
    Experiment,
    OptimizerSetting,
    load_experiment,
    save_experiment,
)
from optim_lab.io import FileFormatError

EXAMPLES = sorted((Path(__file__).parents[2] / "assets" / "experiments").glob("*.json"))


def _exp() -> Experiment:
    return Experiment("quadratic", (1.5, -1.0), (
        OptimizerSetting("gd", {"lr": 0.1}),
        OptimizerSetting("adam", {"lr": 0.05, "beta1": 0.8}, enabled=False),
    ), steps=321, surface_params={"kappa": 25.0}, title="t", notes="n")


def test_round_trip(tmp_path):
    p = save_experiment(tmp_path / "e.json", _exp())
    assert load_experiment(p) == _exp()
    assert load_experiment(p).build_surface().hessian([[0.0, 0.0]])[0][1, 1] == 25.0


def test_examples_ship_and_load():
    assert len(EXAMPLES) >= 3
    for p in EXAMPLES:
        e = load_experiment(p)
        assert e.build_surface().dim == len(e.start)
        assert all(o.build().name == o.name for o in e.optimizers)


@pytest.mark.parametrize("mutate, needle", [
    (lambda d: d.update(format="other"), "not an Optim Lab experiment"),
    (lambda d: d.update(format_version=7), "newer"),
    (lambda d: d.update(surface="nope"), "unknown surface"),
    (lambda d: d.update(start=[1.0]), "dimension"),
    (lambda d: d.update(surface="booth", start=[1.0, 2.0, 3.0]), "only in 2-D"),
    (lambda d: d.update(start=[1.0, "x"]), "start"),
    (lambda d: d.update(steps=-3), "steps"),
    (lambda d: d["optimizers"][0]["hyperparameters"].update(lr=-1), "invalid lr"),
    (lambda d: d["optimizers"][0].update(name="sgdx"), "unknown optimizer"),
    (lambda d: d.update(optimizers=[]), "non-empty"),
])
def test_corrupt_fields_are_named(tmp_path, mutate, needle):
    doc = _exp().to_dict()
    mutate(doc)
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(doc))
    with pytest.raises(FileFormatError, match=needle):
        load_experiment(p)


def test_truncated_and_binary_files(tmp_path):
    p = tmp_path / "t.json"
    p.write_text(json.dumps(_exp().to_dict())[:40])
    with pytest.raises(FileFormatError, match="not valid JSON"):
        load_experiment(p)
    p.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(FileFormatError):
        load_experiment(p)
