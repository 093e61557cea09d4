"""Exports of the N-D Lab: the figure (PNG, SVG) and the runs (CSV, JSON).

Figures go through pyqtgraph's exporters; every file is written to a temporary
name in the target folder and renamed, so a failure leaves no partial file and
raises ``OSError``/``ValueError`` with a message naming the path.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyqtgraph.exporters as pgexp
from PySide6.QtWidgets import QGraphicsScene

from optim_lab import Trajectory
from optim_lab.io import atomic_write_text, save_trajectories

from ..widgets import svg_compat  # pyqtgraph 0.14 + Qt 6.11 closed-path SVG workaround

svg_compat.install()

FIGURE_SUFFIXES = (".png", ".svg")
RUN_SUFFIXES = (".csv", ".json")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _ordinary_permissions(path: Path) -> None:
    """Atomic writes go through mkstemp (0600); exports are ordinary user files."""
    try:
        os.chmod(path, 0o666 & ~_umask())
    except OSError:
        pass  # e.g. a file system without permissions: the file is written all the same


def export_figure(scene: QGraphicsScene, path: str | os.PathLike, width: int = 1600) -> Path:
    """The whole figure as PNG (``width`` pixels wide) or SVG, chosen by suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FIGURE_SUFFIXES:
        raise ValueError(f"cannot export to {path.name}: the name must end in .png or .svg")
    if suffix == ".svg":
        text = pgexp.SVGExporter(scene).export(toBytes=True)
        atomic_write_text(path, text.decode("utf-8") if isinstance(text, bytes) else str(text))
        _ordinary_permissions(path)
        return path
    exp = pgexp.ImageExporter(scene)
    exp.parameters()["width"] = int(width)
    image = exp.export(toBytes=True)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".png", dir=folder)
    except OSError as exc:
        raise OSError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        if not image.save(tmp, "PNG"):
            raise OSError(f"cannot write {path}: the image could not be encoded")
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a figure is an ordinary file
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OSError(str(exc) if str(exc).startswith("cannot write") else
                      f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def export_runs(path: str | os.PathLike, trajectories: Sequence[Trajectory],
                extra: dict) -> Path:
    """The runs in the engine's trajectory format (CSV or JSON by suffix)."""
    out = save_trajectories(path, list(trajectories), extra=extra)
    _ordinary_permissions(out)
    return out
