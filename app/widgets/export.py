"""Export a lab's figure (PNG at a chosen width, SVG) and its runs (CSV, JSON).

Figures go through pyqtgraph's exporters; every file is written atomically by
the engine (temporary file, then rename), so a failed export leaves no partial
file and raises ``OSError`` / ``ValueError`` with a message naming the path.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pyqtgraph.exporters as pge
from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice
from PySide6.QtWidgets import QGraphicsScene

from optim_lab import Trajectory
from optim_lab.io import atomic_write_bytes, save_trajectories

from . import svg_compat

translate = QCoreApplication.translate  # lupdate recognises translate("Context", "text")

svg_compat.install()

IMAGE_SUFFIXES = (".png", ".svg")
DATA_SUFFIXES = (".csv", ".json")
MAX_WIDTH = 8000


def export_view(scene: QGraphicsScene, path: str | os.PathLike, width: int = 1920) -> Path:
    """Write the whole scene (plots, colour bar, legend) as PNG (``width`` px wide) or SVG."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise ValueError(translate(
            "Export", "cannot export to {name}: the name must end in .png or .svg"
        ).format(name=path.name))
    if suffix == ".svg":
        data = pge.SVGExporter(scene).export(toBytes=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        atomic_write_bytes(path, bytes(data))
        return path
    if not (16 <= int(width) <= MAX_WIDTH):
        raise ValueError(translate("Export", "image width {w} is outside 16 … {max} pixels")
                         .format(w=width, max=MAX_WIDTH))
    exporter = pge.ImageExporter(scene)
    exporter.parameters()["width"] = int(width)
    image = exporter.export(toBytes=True)
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):
        raise OSError(translate("Export", "cannot encode the image as PNG"))
    atomic_write_bytes(path, bytes(buf.data()))
    return path


def export_runs(path: str | os.PathLike, trajectories: Sequence[Trajectory],
                extra: dict | None = None) -> Path:
    """Write the runs as CSV or JSON in the engine's format (by suffix)."""
    path = Path(path)
    if path.suffix.lower() not in DATA_SUFFIXES:
        raise ValueError(translate(
            "Export", "cannot export to {name}: the name must end in .csv or .json"
        ).format(name=path.name))
    if not trajectories:
        raise ValueError(translate("Export", "nothing to export: no run is shown"))
    return save_trajectories(path, list(trajectories), extra=extra)
