"""Experiment files: exact round trip, version 1 still opens, every bad file gets one clear
FileFormatError naming the file and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from optim_lab.experiment import (
    FORMAT_VERSION,
    MAX_TITLE,
    Experiment,
    OptimizerSetting,
    load_experiment,
    save_experiment,
)
from optim_lab.io import FileFormatError
from optim_lab.session import SurfaceSession

EXAMPLES = sorted((Path(__file__).parents[2] / "assets" / "experiments").glob("*.json"))


def _exp() -> Experiment:
    return Experiment("quadratic", (1.5, -1.0), (
        OptimizerSetting("gd", {"lr": 0.1, "weight_decay": 0.0}, color=2),
        OptimizerSetting("adam", {"lr": 0.05, "beta1": 0.8, "beta2": 0.999, "eps": 1e-8,
                                  "weight_decay": 0.0}, enabled=False, color="#123abc",
                         start=(0.5, 0.25)),
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


# Values the old Surface Lab clamped to its widgets' ranges and wrote back changed (issue 8.6).
EXTREME = {
    "surface": "quadratic", "surface_params": {"kappa": 50000.0},
    "start": [5000.0, 3000.0], "steps": 77,
    "optimizers": [
        {"name": "gd", "hyperparameters": {"lr": 1e-7}},
        {"name": "gd", "hyperparameters": {"lr": 500.0}, "enabled": False},
        {"name": "momentum", "hyperparameters": {"lr": 0.001, "momentum": 0.99995}},
        {"name": "adam", "hyperparameters": {"lr": 0.01, "eps": 5.0, "beta2": 0.9999999}},
        {"name": "adamw", "hyperparameters": {"lr": 0.01, "weight_decay": 250.0}},
    ],
}


def _doc(version: int = 1, **fields) -> dict:
    return {"format": "optim-lab-experiment", "format_version": version, **EXTREME, **fields}


def test_open_then_save_keeps_every_value(tmp_path):
    src = tmp_path / "extreme.json"
    src.write_text(json.dumps(_doc()))
    s = SurfaceSession.from_file(src)
    assert s.surface_params == {"kappa": 50000.0} and s.start == (5000.0, 3000.0)
    out = s.to_file(tmp_path / "again.json")
    doc = json.loads(out.read_text())
    assert doc["format_version"] == FORMAT_VERSION
    assert doc["surface_params"] == {"kappa": 50000.0} and doc["start"] == [5000.0, 3000.0]
    got = [(o["name"], o["enabled"], o["hyperparameters"]) for o in doc["optimizers"]]
    for (name, enabled, hyper), want in zip(got, EXTREME["optimizers"]):
        assert name == want["name"] and enabled is want.get("enabled", True)
        for k, v in want["hyperparameters"].items():
            assert hyper[k] == v  # exact, not clamped
    assert load_experiment(out) == load_experiment(src)  # open -> save gives an equal experiment
    again = SurfaceSession.from_file(out).to_file(tmp_path / "third.json")
    assert again.read_text() == out.read_text()  # and saving is a fixed point


def test_version_1_file_still_opens(tmp_path):
    p = tmp_path / "v1.json"
    p.write_text(json.dumps(_doc(1)))
    e = load_experiment(p)
    assert [o.color for o in e.optimizers] == [0, 1, 2, 3, 4]
    assert e.optimizers[0].start is None and e.scenario is None


def _bad(tmp_path, doc) -> Path:
    p = tmp_path / "bad.json"
    p.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return p


@pytest.mark.parametrize("mutate, needle", [
    (lambda d: d.update(format="other"), "not an Optim Lab experiment"),
    (lambda d: d.update(format_version=7), "newer"),
    (lambda d: d.update(surface="nope"), "unknown surface"),
    (lambda d: d.update(surface="booth", surface_params={}, start=[1.0]), "only in 2-D"),
    (lambda d: d.update(start=[1.0, "x"]), "'start'"),
    (lambda d: d.update(steps=-3), "'steps'"),
    (lambda d: d.update(steps=None), "'steps'"),
    (lambda d: d.update(steps=10**400), "'steps'"),
    (lambda d: d.update(start=[10**400, 1]), "'start'"),
    (lambda d: d["optimizers"][0]["hyperparameters"].update(lr=10**401), "optimizers\\[0\\]"),
    (lambda d: d["optimizers"][0]["hyperparameters"].update(lr=-1), "invalid lr"),
    (lambda d: d["optimizers"][0].update(name="sgdx"), "unknown optimizer"),
    (lambda d: d["optimizers"][1].update(enabled="no"), "'optimizers\\[1\\].enabled'"),
    (lambda d: d["optimizers"][1].update(color=99), "color"),
    (lambda d: d.update(optimizers=[]), "non-empty"),
    (lambda d: d.update(optimizers=[{"name": "gd"}] * 20), "20 runs"),
    (lambda d: d.update(title="x" * 100_000), f"'title' has 100000 characters \\(at most {MAX_TITLE}"),
    (lambda d: d.update(notes=["a"]), "'notes'"),
    (lambda d: d.update(surface_params={"kappa": "big"}), "surface_params.kappa"),
    (lambda d: d.update(surface_params={"expression": "x" * 10_000}), "expression"),
    (lambda d: d.update(surface_params={"kappa": 0.5}), "kappa"),
])
def test_corrupt_fields_are_named(tmp_path, mutate, needle):
    doc = _exp().to_dict()
    mutate(doc)
    with pytest.raises(FileFormatError, match=f"bad.json: .*{needle}"):
        load_experiment(_bad(tmp_path, doc))


def test_several_bad_fields_are_listed_together(tmp_path):
    doc = _exp().to_dict()
    doc.update(steps=0, start=[1, None])
    doc["optimizers"][0]["enabled"] = 1
    with pytest.raises(FileFormatError) as err:
        load_experiment(_bad(tmp_path, doc))
    for field in ("'steps'", "'start'", "'optimizers[0].enabled'"):
        assert field in str(err.value)


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,  # nesting: RecursionError before
    '{"format": "optim-lab-experiment", "format_version": ' + "9" * 5000 + "}",
    "\ufeff" + json.dumps(_exp().to_dict()),  # a BOM is tolerated (and loads)
    json.dumps(_exp().to_dict())[:40],
    "null", "NaN", '"text"',
])
def test_hostile_files_raise_only_file_format_errors(tmp_path, text):
    p = _bad(tmp_path, text)
    try:
        e = load_experiment(p)
    except FileFormatError as exc:
        assert str(exc).startswith("bad.json: ")
    else:
        assert e == load_experiment(save_experiment(tmp_path / "ok.json", e))


def test_binary_and_huge_files(tmp_path):
    p = tmp_path / "b.json"
    p.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(FileFormatError, match="b.json"):
        load_experiment(p)
    p.write_text(" " * 2_000_000)
    with pytest.raises(FileFormatError, match="too large"):
        load_experiment(p)


def test_session_refuses_other_dimensions(tmp_path):
    doc = _exp().to_dict()
    doc.update(surface="rosenbrock", surface_params={}, start=[1.0, 1.0, 1.0])
    with pytest.raises(FileFormatError, match="'start'"):
        SurfaceSession.from_file(_bad(tmp_path, doc))


# --- property-based: whatever a file holds, only FileFormatError comes out --------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from optim_lab.experiment import experiment_from_dict  # noqa: E402

_json = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**500, max_value=10**500)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=12)
_FIELDS = ["format_version", "title", "notes", "scenario", "surface", "surface_params", "start",
           "steps", "optimizers"]
_RUN_FIELDS = ["name", "enabled", "color", "start", "hyperparameters"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(_FIELDS), value=_json, run_field=st.sampled_from(_RUN_FIELDS),
       run_value=_json, where=st.integers(0, 2))
def test_fuzzed_fields_give_only_file_format_errors(field, value, run_field, run_value, where):
    doc = _exp().to_dict()
    if where in (0, 2):
        doc[field] = value
    if where in (1, 2) and isinstance(doc.get("optimizers"), list) and doc["optimizers"] \
            and isinstance(doc["optimizers"][0], dict):
        doc["optimizers"][0][run_field] = run_value
    try:
        e = experiment_from_dict(doc, "fuzz.json")
    except FileFormatError as exc:
        assert str(exc).startswith("fuzz.json: ")
    else:
        assert experiment_from_dict(json.loads(json.dumps(e.to_dict())), "again") == e
