"""Data files the app ships (translations, example experiments), read with ``importlib.resources``.

The files live in the project's top-level ``assets/`` folder.  pyproject.toml
maps that folder into the package as ``app/assets`` (package ``app.assets``),
so a wheel or a ``pip install .`` carries ``app/assets/translations/*.qm`` and
``app/assets/experiments/*.json``.  In a source checkout (or an editable
install) ``app/assets`` does not exist and the same files are read from
``assets/`` beside the ``app`` folder.  Either way the app asks only this
module, never a path computed from ``__file__`` elsewhere.

This module does not import Qt.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["assets", "asset_folder", "example_experiments", "translations_folder"]

_EXTRACTED: dict[str, Path] = {}


def assets() -> Traversable:
    """The root of the shipped data: ``app/assets`` when installed, else the checkout's ``assets/``."""
    packaged = resources.files("app").joinpath("assets")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "assets"
    return checkout


def asset_folder(name: str) -> Path | None:
    """A folder of the shipped data as a real directory (``None`` if it was not shipped).

    Qt's file APIs need file-system paths.  Installed packages normally are on
    the file system; from a zip (zipimport) the folder's files are copied once
    to a temporary directory removed at exit.
    """
    folder = assets().joinpath(name)
    if not folder.is_dir():
        return None
    if isinstance(folder, Path):
        return folder
    if name not in _EXTRACTED:
        target = Path(tempfile.mkdtemp(prefix="optim_lab_assets_"))
        atexit.register(shutil.rmtree, target, True)
        for item in folder.iterdir():
            if item.is_file():
                (target / item.name).write_bytes(item.read_bytes())
        _EXTRACTED[name] = target
    return _EXTRACTED[name]


def translations_folder() -> Path | None:
    """The folder holding ``optim_lab_<locale>.qm`` files."""
    return asset_folder("translations")


def example_experiments() -> list[Path]:
    """The example experiment files (``assets/experiments/*.json``), sorted by name."""
    folder = asset_folder("experiments")
    return sorted(folder.glob("*.json")) if folder is not None else []
