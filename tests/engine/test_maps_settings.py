"""The experiment file's optional "map" section: round trip, old files, bad fields named,
and the session carrying it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from optim_lab.experiment import (
    Experiment,
    OptimizerSetting,
    experiment_from_dict,
    load_experiment,
    save_experiment,
)
from optim_lab.io import FileFormatError
from optim_lab.maps_settings import MapSettings
from optim_lab.session import SurfaceSession

EXAMPLES = sorted((Path(__file__).parents[2] / "assets" / "experiments").glob("*.json"))
MAP = MapSettings(run=1, basins=True, basin_grid=128, basin_range=(-4.0, 4.5, -3.0, 5.0),
                  opacity=0.7, shade_steps=True, hyper=True, hyper_kind="sweep_all",
                  hyper_grid=64, lr_range=(1e-5, 0.02), beta_range=(0.1, 0.95),
                  color_by="steps")


def _exp(map_settings=MAP) -> Experiment:
    return Experiment("himmelblau", (1.0, 1.0), (
        OptimizerSetting("gd", {"lr": 0.01, "weight_decay": 0.0}, color=0),
        OptimizerSetting("momentum", {"lr": 0.01, "momentum": 0.9}, color=1),
    ), steps=300, map=map_settings)


def test_map_section_round_trips_exactly(tmp_path):
    exp = experiment_from_dict(_exp().to_dict())  # complete hyperparameters
    p = save_experiment(tmp_path / "e.json", exp)
    text = p.read_text()
    back = load_experiment(p)
    assert back == exp and back.map == MAP
    assert json.loads(text)["map"]["lr_range"] == [1e-5, 0.02]
    assert save_experiment(tmp_path / "f.json", back).read_text() == text  # open -> save equal


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_files_without_a_map_section_open_and_save_without_one(tmp_path, path):
    exp = load_experiment(path)
    assert exp.map is None
    out = save_experiment(tmp_path / path.name, exp)
    assert "map" not in json.loads(out.read_text())
    assert load_experiment(out) == exp


def test_missing_keys_take_defaults():
    doc = _exp().to_dict()
    doc["map"] = {"basins": True}
    assert experiment_from_dict(doc).map == MapSettings(basins=True)


def test_each_bad_field_is_named_and_nothing_loads():
    doc = _exp().to_dict()
    for bad in ({"run": 2, "basin_grid": 1, "opacity": 2.0, "hyper_kind": "spiral"},
                {"lr_range": [0.1, -1.0], "basin_range": [1, 0, 0, 1], "beta_range": [0.5, 1.5],
                 "colour": "red", "color_by": True}):
        doc["map"] = bad
        with pytest.raises(FileFormatError) as err:
            experiment_from_dict(doc, "e.json")
        text = str(err.value)
        for key in bad:
            assert (f"map.{key}" if key != "colour" else "'colour'") in text, key
    doc["map"] = [1, 2]
    with pytest.raises(FileFormatError, match="field 'map' must be an object"):
        experiment_from_dict(doc, "e.json")


def test_session_carries_the_map_section():
    s = SurfaceSession.with_default_runs()
    seen = []
    s.map_changed.connect(lambda: seen.append(s.map_settings))
    s.apply(_exp())
    assert seen == [MAP] and s.to_experiment().map == MAP
    s.apply(_exp(None))  # a file without the section leaves the maps as they were
    assert s.map_settings == MAP and len(seen) == 1
    other = dataclasses.replace(MAP, basins=False)
    s.set_map_settings(other)
    assert s.to_experiment().map == other and len(seen) == 2


def test_map_section_and_run_dynamics_live_side_by_side(tmp_path):
    from optim_lab.dynamics import Dynamics

    base = _exp()
    runs = (base.optimizers[0],
            dataclasses.replace(base.optimizers[1],
                                dynamics=Dynamics(noise=0.01, seed=5, clip=2.0).checked("momentum")))
    exp = experiment_from_dict(dataclasses.replace(base, optimizers=runs).to_dict())
    p = save_experiment(tmp_path / "both.json", exp)
    doc = json.loads(p.read_text())
    assert "dynamics" in doc["optimizers"][1] and doc["map"]["run"] == 1
    back = load_experiment(p)
    assert back == exp and back.map == MAP and back.optimizers[1].dynamics.seed == 5
