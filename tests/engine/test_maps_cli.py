"""`optim-lab map basins|hyper`: files equal to the engine's maps, sized before work."""

from __future__ import annotations

import numpy as np

from optim_lab import get_surface, make_optimizer
from optim_lab.cli import main
from optim_lab.maps import basin_map, hyper_map
from optim_lab.maps_file import load_map


def test_basins_command_writes_the_engine_map(tmp_path, capsys):
    out = tmp_path / "b.json"
    assert main(["map", "basins", "--surface", "himmelblau", "--optimizer", "momentum",
                 "--lr", "0.01", "--momentum", "0.5", "--grid", "24", "--steps", "200",
                 "--out", str(out)]) == 0
    doc = load_map(out)
    s = get_surface("himmelblau")
    ref = basin_map(s, make_optimizer("momentum", lr=0.01, momentum=0.5), s.bounds.ravel(), 24, 200)
    assert doc["labels"] == ref.labels.tolist() and doc["steps_taken"] == ref.steps_taken.tolist()
    assert "576 starts" in capsys.readouterr().out


def test_custom_expression_basins_equal_the_builtin(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    common = ["--optimizer", "gd", "--lr", "0.01", "--grid", "20", "--steps", "300"]
    assert main(["map", "basins", "--surface", "himmelblau", *common, "--out", str(a)]) == 0
    assert main(["map", "basins", "--expr", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
                 "--range", "-5,5,-5,5", *common, "--out", str(b)]) == 0
    da, db = load_map(a), load_map(b)
    assert db["surface_params"]["expression"]

    def as_points(d):
        P = [tuple(round(v, 4) for v in m["point"]) for m in d["minima"]]
        return [[P[k] if k >= 0 else k for k in row] for row in d["labels"]]

    assert as_points(da) == as_points(db)


def test_hyper_command_and_lr_sweep(tmp_path):
    out = tmp_path / "h.csv"
    assert main(["map", "hyper", "--surface", "booth", "--optimizer", "momentum", "--start=0,0",
                 "--lr-range", "0.02:0.5:16", "--beta-range", "0:0.9:4", "--steps", "1000",
                 "--out", str(out)]) == 0
    doc = load_map(out)
    ref = hyper_map(get_surface("booth"), make_optimizer("momentum"), [0, 0],
                    np.geomspace(0.02, 0.5, 16), np.linspace(0, 0.9, 4), 1000)
    assert doc["labels"] == ref.labels.tolist() and doc["beta_name"] == "momentum"
    assert doc["lam_max_minimum"] == ref.lam_max_minimum
    sweep = tmp_path / "s.json"
    assert main(["map", "hyper", "--surface", "rosenbrock", "--optimizer", "gd",
                 "--lr-range", "1e-5:1e-2:10", "--out", str(sweep)]) == 0
    assert np.array(load_map(sweep)["labels"]).shape == (1, 10)


def test_bad_and_oversized_requests_exit_2_before_work(tmp_path, capsys, monkeypatch):
    out = tmp_path / "x.json"
    assert main(["map", "hyper", "--surface", "booth", "--optimizer", "gd",
                 "--lr-range", "0.01:0.1:5", "--beta-range", "0:0.9:3", "--out", str(out)]) == 2
    assert "no beta" in capsys.readouterr().err
    assert main(["map", "basins", "--surface", "booth", "--optimizer", "gd", "--grid", "1",
                 "--out", str(out)]) == 2
    assert main(["map", "basins", "--surface", "booth", "--optimizer", "gd", "--out",
                 str(tmp_path / "x.txt")]) == 2
    monkeypatch.setenv("OPTIM_LAB_MEMORY_LIMIT", "1M")
    assert main(["map", "basins", "--surface", "booth", "--optimizer", "gd", "--grid", "1024",
                 "--out", str(out)]) == 2
    assert "needs ≈ 384 MiB for a 1024x1024 basin map" in capsys.readouterr().err
    assert not out.exists()
