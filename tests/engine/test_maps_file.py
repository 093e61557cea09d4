"""Map files: what is written is read back unchanged; malformed files are refused by name."""

from __future__ import annotations

import json

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer
from optim_lab.files import FileFormatError
from optim_lab.maps import basin_map, hyper_map, lr_sweep
from optim_lab.maps_file import load_map, map_document, save_map


def _basins():
    s = get_surface("himmelblau")
    return basin_map(s, make_optimizer("gd", lr=0.03), s.bounds.ravel(), 12, 80), s


def _hyper():
    s = get_surface("booth")
    opt = make_optimizer("momentum", lr=0.01)
    m = hyper_map(s, opt, [0.0, 0.0], np.geomspace(0.02, 0.5, 9), np.linspace(0, 0.9, 4), 200)
    return m, s, opt


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_basin_file_round_trip(tmp_path, suffix):
    m, s = _basins()
    doc = map_document(m)
    assert doc["kind"] == "basins" and np.array(doc["labels"]).shape == (12, 12)
    assert any(lab < 0 for row in doc["labels"] for lab in row)  # lr 0.03: some diverge
    save_map(tmp_path / f"b{suffix}", doc)
    back = load_map(tmp_path / f"b{suffix}")
    assert back == doc
    assert back["labels"] == m.labels.tolist()
    assert [mn["is_global"] for mn in back["minima"]] == [c.is_global for c in s.minima]


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_hyper_file_round_trip_has_no_non_finite_numbers(tmp_path, suffix):
    m, s, opt = _hyper()
    doc = map_document(m, hyperparameters=dict(opt.hyper))
    assert doc["hyperparameters"] == {"weight_decay": 0.0} and len(doc["minima"]) == 1
    flat = [v for row in doc["final_loss"] for v in row]
    assert None in flat and all(v is None or np.isfinite(v) for v in flat)
    path = save_map(tmp_path / f"h{suffix}", doc)
    assert "NaN" not in path.read_text() and "Infinity" not in path.read_text()
    assert load_map(path) == doc
    sweep = lr_sweep(s, make_optimizer("gd", lr=0.01), [0, 0], np.geomspace(0.01, 0.2, 5), 50)
    d2 = map_document(sweep)
    assert d2["beta_name"] is None
    save_map(tmp_path / f"s{suffix}", d2)
    assert load_map(tmp_path / f"s{suffix}") == d2


def test_malformed_files_are_refused_by_name(tmp_path):
    m, _ = _basins()
    doc = map_document(m)
    cases = {
        "labels": lambda d: d["labels"][0].__setitem__(0, 99),
        "steps_taken": lambda d: d["steps_taken"][1].__setitem__(0, -5),
        "format_version": lambda d: d.__setitem__("format_version", 99),
        "x": lambda d: d["x"].__setitem__(0, "a"),
        "kind": lambda d: d.__setitem__("kind", "other"),
        "minima": lambda d: d["minima"].append({"point": [1]}),
        "unknown field": lambda d: d.__setitem__("extra", 1),
    }
    for field, edit in cases.items():
        bad = json.loads(json.dumps(doc))
        edit(bad)
        p = tmp_path / "bad.json"
        p.write_text(json.dumps(bad))
        with pytest.raises(FileFormatError, match=f"bad.json.*{field.split()[0]}"):
            load_map(p)
    with pytest.raises(FileFormatError):  # the writer refuses it too
        save_map(tmp_path / "w.json", {**doc, "labels": [[0]]})
    good = save_map(tmp_path / "g.csv", doc).read_text().splitlines()
    (tmp_path / "c.csv").write_text("\n".join(good[:-1]) + "\n")  # a row missing
    with pytest.raises(FileFormatError, match="rows"):
        load_map(tmp_path / "c.csv")
    with pytest.raises(ValueError, match=r"\.json or \.csv"):
        save_map(tmp_path / "m.txt", doc)
