"""The built wheel carries every module, the translations and the example experiments.

The wheel is built offline from a copy of the source (``pip wheel --no-deps
--no-build-isolation``), then imported in a fresh interpreter whose ``app`` and
``optim_lab`` come from the wheel only, and read through ``app.resources`` (the
API the app itself uses).  Before the data was mapped into ``app.assets`` the
wheel had no .qm and no experiments, and zh_CN fell back to English.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QM = sorted((ROOT / "assets" / "translations").glob("*.qm"))
EXPERIMENTS = sorted((ROOT / "assets" / "experiments").glob("*.json"))


def _clean_env(pythonpath: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "OPTIM_LAB"))}
    env.update(PYTHONPATH=str(pythonpath), QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6",
               PYTHONDONTWRITEBYTECODE="1")
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from a copy of the tree (the build leaves build/ and egg-info behind)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "screenshots")
    for name in ("app", "optim_lab", "assets"):
        shutil.copytree(ROOT / name, src / name, ignore=skip)
    out = tmp_path_factory.mktemp("dist")
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                        "--no-index", "-q", "-w", str(out), str(src)],
                       capture_output=True, text=True, timeout=300, cwd=out)
    assert p.returncode == 0, p.stdout + p.stderr
    (whl,) = out.glob("optim_lab-*.whl")
    return whl


def test_wheel_contains_every_module_and_the_runtime_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {p.relative_to(ROOT).as_posix() for pkg in ("app", "optim_lab")
               for p in (ROOT / pkg).rglob("*.py") if "__pycache__" not in p.parts}
    assert sources and sources <= names, (
        f"modules missing from the wheel: {sorted(sources - names)}; "
        "add their package to [tool.setuptools] packages in pyproject.toml")
    assert QM and EXPERIMENTS
    with zipfile.ZipFile(wheel) as z:
        for p in QM:
            assert z.read(f"app/assets/translations/{p.name}") == p.read_bytes()
        for p in EXPERIMENTS:
            assert z.read(f"app/assets/experiments/{p.name}") == p.read_bytes()
    # sources, scripts and screenshots stay out
    assert not [n for n in names if n.endswith((".ts", ".png")) or "fill_zh_CN" in n
                or n.startswith(("tests/", "assets/"))]


INSTALLED_CHECK = r"""
import json, sys
from pathlib import Path
import app, optim_lab
from app import resources
from app.main import install_translators
from optim_lab.experiment import load_experiment
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

qt = QApplication([])
installed = install_translators(qt, "zh_CN")
print(json.dumps({
    "app": app.__file__, "optim_lab": optim_lab.__file__, "assets": str(resources.assets()),
    "translators": len(installed),
    "surface_lab_zh": QCoreApplication.translate("MainWindow", "Surface Lab"),
    "experiments": {p.name: load_experiment(p).surface for p in resources.example_experiments()},
}))
"""


def test_installed_wheel_loads_translations_and_examples(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # a pure-Python wheel unpacked is an install
    run_dir = tmp_path / "elsewhere"  # not the checkout: nothing may come from assets/ beside app/
    run_dir.mkdir()
    p = subprocess.run([sys.executable, "-c", INSTALLED_CHECK], cwd=run_dir, env=_clean_env(site),
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout.strip().splitlines()[-1])
    for key in ("app", "optim_lab", "assets"):
        assert Path(got[key]).is_relative_to(site), (key, got[key])
    assert got["translators"] >= 1
    assert got["surface_lab_zh"] != "Surface Lab"
    assert sorted(got["experiments"]) == [p.name for p in EXPERIMENTS]
    for p in EXPERIMENTS:
        assert got["experiments"][p.name] == json.loads(p.read_text(encoding="utf-8"))["surface"]


ZIPPED_CHECK = r"""
import json
import app
from app import resources
folder = resources.translations_folder()
print(json.dumps({"app": app.__file__, "qm": {p.name: p.read_bytes().hex()
                                              for p in folder.glob("*.qm")}}))
"""


def test_resources_read_from_a_zipped_install(wheel, tmp_path):
    """zipimport straight from the .whl: the .qm is copied out to a real folder for Qt."""
    p = subprocess.run([sys.executable, "-c", ZIPPED_CHECK], cwd=tmp_path, env=_clean_env(wheel),
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout.strip().splitlines()[-1])
    assert got["app"].startswith(str(wheel))
    assert got["qm"] == {q.name: q.read_bytes().hex() for q in QM}
