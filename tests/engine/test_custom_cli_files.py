"""Files written by the command line for a custom f(x, y) keep the expression and read back equal."""

from __future__ import annotations

import json

from optim_lab.cli import main
from optim_lab.io import read_trajectory_file
from optim_lab.sweep_file import load_sweep

EXPR = "x**2 + 3*y**2"


def test_custom_sweep_json_and_csv_read_back_equal_and_name_the_expression(tmp_path) -> None:
    docs = []
    for suffix in ("json", "csv"):
        out = tmp_path / f"sweep.{suffix}"
        assert main(["sweep", "--expr", EXPR, "--optimizer", "gd", "--lr-range", "1e-3:0.5:6",
                     "--steps", "40", "--out", str(out)]) == 0
        docs.append(load_sweep(out))
    assert docs[0] == docs[1]
    assert docs[0]["surface"] == "custom"
    assert docs[0]["surface_params"]["expression"] == EXPR
    # GD on ½(2x² + 6y²) diverges iff lr > 2/6: the sweep's statuses agree with the theory
    lrs = docs[0]["axes"]["lr"]
    diverged = [s == docs[0]["status_codes"]["diverged"] for s in docs[0]["status"]]
    assert diverged == [lr > 2 / 6 for lr in lrs]


def test_custom_run_file_records_the_expression(tmp_path) -> None:
    out = tmp_path / "run.json"
    assert main(["run", "--expr", EXPR, "--optimizer", "gd", "--lr", "0.1", "--steps", "30",
                 "--out", str(out)]) == 0
    assert json.loads(out.read_text())["expression"] == EXPR
    (run,), extra = read_trajectory_file(out)
    assert run["surface"] == "custom" and extra["expression"] == EXPR


def test_kappa_with_expr_is_a_usage_error(capsys) -> None:
    assert main(["run", "--expr", EXPR, "--optimizer", "gd", "--lr", "0.1", "--kappa", "3"]) != 0
    assert "--kappa" in capsys.readouterr().err
