"""Boundaries: the engine never loads Qt or torch on import, and bad input is refused clearly."""

from __future__ import annotations

import ast
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import optim_lab
from optim_lab import (
    OPTIMIZERS,
    get_surface,
    make_optimizer,
    nd_surface_names,
    optimizer_names,
    run,
    run_many,
    surface_names,
)

ENGINE_DIR = Path(optim_lab.__file__).resolve().parent
REPO = ENGINE_DIR.parent
GUI_MODULES = ("PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "qtpy", "app")
HEAVY_MODULES = ("torch",)

_IMPORT_PROBE = r"""
import importlib, json, pkgutil, sys
import optim_lab
names = ["optim_lab"]
for info in pkgutil.walk_packages(optim_lab.__path__, "optim_lab."):
    if info.name == "optim_lab.deep" or info.name.startswith("optim_lab.deep."):
        continue
    importlib.import_module(info.name)
    names.append(info.name)
print(json.dumps({"imported": names, "modules": sorted(sys.modules)}))
"""


def test_importing_the_engine_loads_neither_qt_nor_torch():
    """Fresh interpreter: import optim_lab and every submodule except deep, then look."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    out = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE], cwd=REPO, env=env, capture_output=True,
        text=True, check=False, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    imported = report["imported"]
    # the walk really covered the engine (surfaces, optimizers, runs, stability at least)
    for mod in ("optim_lab.optimizers", "optim_lab.runs", "optim_lab.stability",
                "optim_lab.surfaces.base", "optim_lab.surfaces.library2d",
                "optim_lab.surfaces.library_nd"):
        assert mod in imported
    loaded = report["modules"]
    bad = [m for m in loaded if m.split(".")[0] in GUI_MODULES + HEAVY_MODULES]
    assert not bad, f"importing the engine loaded {bad}"


def _engine_files():
    return sorted(ENGINE_DIR.rglob("*.py"))


def _imported_names(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield node.lineno, a.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        elif isinstance(node, ast.Call):  # importlib.import_module("x") / __import__("x")
            fn = node.func
            fname = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            if fname in ("import_module", "__import__") and node.args and isinstance(
                    node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                yield node.lineno, node.args[0].value


def test_no_engine_file_imports_the_gui():
    files = _engine_files()
    assert len(files) >= 8
    offences = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, name in _imported_names(tree):
            if name.split(".")[0] in GUI_MODULES:
                offences.append(f"{path.relative_to(REPO)}:{line} imports {name}")
    assert not offences, "\n".join(offences)


def test_static_checker_catches_a_gui_import():
    """The checker above is not vacuous: it flags each way of importing Qt."""
    src = "import PySide6\nfrom pyqtgraph import PlotItem\nimport importlib\n" \
          "importlib.import_module('app.main')\n"
    names = [n for _, n in _imported_names(ast.parse(src))]
    assert [n.split(".")[0] for n in names if n.split(".")[0] in GUI_MODULES] == [
        "PySide6", "pyqtgraph", "app"]


# --- hyperparameters ----------------------------------------------------------------------

_BAD = {
    "lr": [-1.0, -1e-12, math.nan, math.inf, -math.inf],
    "momentum": [-0.1, 1.0, 1.5, math.nan],
    "beta1": [-0.1, 1.0, 2.0, math.nan],
    "beta2": [-0.5, 1.0, math.inf],
    "alpha": [-0.1, 1.0, math.nan],
    "eps": [0.0, -1e-8, math.nan, math.inf],
    "weight_decay": [-0.1, math.nan, math.inf],
}


def _bad_cases():
    out = []
    for name in optimizer_names():
        for key in OPTIMIZERS[name].defaults:
            for v in _BAD[key]:
                out.append((name, key, v))
    return out


@pytest.mark.parametrize(("name", "key", "value"), _bad_cases(),
                         ids=[f"{n}-{k}={v}" for n, k, v in _bad_cases()])
def test_bad_hyperparameter_names_parameter_and_value(name, key, value):
    with pytest.raises(ValueError) as err:
        make_optimizer(name, **{key: value})
    msg = str(err.value)
    assert key in msg
    assert repr(float(value)) in msg or str(value) in msg, msg


@pytest.mark.parametrize("name", optimizer_names())
def test_bad_value_in_a_per_row_array_is_named(name):
    with pytest.raises(ValueError) as err:
        make_optimizer(name, lr=np.array([0.1, 0.2, -3.0]))
    assert "lr" in str(err.value) and "-3.0" in str(err.value)


def test_betas_pair_is_validated_per_component():
    with pytest.raises(ValueError, match=r"beta2.*1\.5"):
        make_optimizer("adam", betas=(0.9, 1.5))
    with pytest.raises(ValueError, match="betas"):
        make_optimizer("adam", betas=0.9)


@pytest.mark.parametrize("value", ["abc", "0.1x", {"a": 1}, object(), None])
def test_non_numeric_learning_rate_names_the_parameter(value):
    if value is None:  # None means "default": accepted
        assert make_optimizer("gd", lr=value).lr == OPTIMIZERS["gd"].defaults["lr"]
        return
    with pytest.raises(ValueError) as err:
        make_optimizer("adam", lr=value)
    assert "lr" in str(err.value), str(err.value)


def test_unknown_optimizer_lists_valid_names():
    with pytest.raises(ValueError) as err:
        make_optimizer("sgdx")
    msg = str(err.value)
    assert "sgdx" in msg
    assert all(n in msg for n in optimizer_names())


def test_unknown_hyperparameter_is_named():
    with pytest.raises(ValueError, match="foo"):
        make_optimizer("adam", foo=1.0)
    with pytest.raises(ValueError, match="momentum"):
        make_optimizer("adagrad", momentum=0.9)  # torch's Adagrad has no momentum


def test_nesterov_needs_momentum():
    with pytest.raises(ValueError, match="momentum"):
        make_optimizer("nesterov", momentum=0.0)


def test_valid_edge_values_are_accepted():
    make_optimizer("momentum", momentum=0.0)  # heavy ball with β = 0 is GD
    make_optimizer("adam", beta1=0.0, beta2=0.0)
    make_optimizer("gd", lr=0.0)  # torch.optim accepts lr = 0 too


# --- surfaces, starts and steps ---------------------------------------------------------------

def test_unknown_surface_lists_valid_names():
    with pytest.raises(ValueError) as err:
        get_surface("nope")
    msg = str(err.value)
    assert "nope" in msg
    assert all(n in msg for n in surface_names(2))


def test_2d_only_surface_at_other_dimension_names_the_nd_ones():
    with pytest.raises(ValueError) as err:
        get_surface("booth", dim=3)
    assert all(n in str(err.value) for n in nd_surface_names())


@pytest.mark.parametrize("dim", [1, 0, -3, 2.5, 3.7])
def test_bad_dimension_is_refused(dim):
    """A fractional dimension must not be silently truncated (3.7 -> 3)."""
    with pytest.raises(ValueError, match="dim"):
        get_surface("rosenbrock", dim=dim)


def test_bad_surface_parameters_are_refused():
    with pytest.raises(ValueError, match="kappa"):
        get_surface("quadratic", kappa=0.5)
    with pytest.raises(ValueError, match="kappa"):
        get_surface("quadratic", dim=4, kappa=math.nan)
    with pytest.raises(ValueError):
        get_surface("rosenbrock", dim=3, foo=1)
    with pytest.raises(ValueError, match="negative"):
        get_surface("nd_saddle", dim=3, negative=4)


@pytest.mark.parametrize("start", [(1.0,), (1.0, 2.0, 3.0), ()])
def test_wrong_start_dimension(start):
    with pytest.raises(ValueError) as err:
        run(get_surface("booth"), make_optimizer("gd"), start, 10)
    assert str(len(start)) in str(err.value) and "2" in str(err.value)


def test_wrong_start_dimension_nd():
    with pytest.raises(ValueError, match="5"):
        run_many(get_surface("rosenbrock", dim=5), [make_optimizer("adam")], (1.0, 2.0), 10)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_start(bad):
    with pytest.raises(ValueError, match="finite"):
        run(get_surface("booth"), make_optimizer("gd"), (1.0, bad), 10)


@pytest.mark.parametrize("steps", [-1, 1.5, "10", True])
def test_bad_step_count(steps):
    with pytest.raises(ValueError, match="steps"):
        run(get_surface("booth"), make_optimizer("gd"), (1.0, 2.0), steps)


def test_run_refuses_per_row_hyperparameters():
    with pytest.raises(ValueError):
        run(get_surface("booth"), make_optimizer("gd", lr=np.array([0.1, 0.2])), (1.0, 2.0), 5)


def test_batched_row_count_mismatch():
    with pytest.raises(ValueError, match="lr"):
        make_optimizer("momentum", lr=np.array([0.1, 0.2])).batched(3)


# --- with_hyper ---------------------------------------------------------------------------------

def test_with_hyper_changes_only_what_is_asked():
    opt = make_optimizer("adam", lr=0.1, betas=(0.8, 0.9), eps=1e-6)
    new = opt.with_hyper(lr=0.5)
    assert new.hyper == {**opt.hyper, "lr": 0.5}
    assert opt.hyper["lr"] == 0.1  # the original is untouched (frozen)


def test_with_hyper_betas_replaces_both_betas():
    opt = make_optimizer("adam", lr=0.1)
    new = opt.with_hyper(betas=(0.5, 0.6))
    assert (new.hyper["beta1"], new.hyper["beta2"]) == (0.5, 0.6)


def test_conflicting_betas_and_beta1_are_refused():
    with pytest.raises(ValueError, match="beta1"):
        make_optimizer("adam", betas=(0.5, 0.6), beta1=0.7)
    # the same value twice is not a conflict
    assert make_optimizer("adam", betas=(0.5, 0.6), beta2=0.6).hyper["beta2"] == 0.6
