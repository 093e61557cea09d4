"""Export the surface view (PNG at a chosen width, SVG) and the trajectories (CSV, JSON).

Every write goes to a temporary file in the target folder and is renamed into
place, so a failed export leaves no partial file; failures raise ``OSError``
or ``ValueError`` with a message naming the path.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters as pge
from PySide6.QtCore import QCoreApplication

from optim_lab import Trajectory
from optim_lab.io import save_trajectories

from . import svg_compat

translate = QCoreApplication.translate  # lupdate recognises translate("Context", "text")

svg_compat.install()

IMAGE_SUFFIXES = (".png", ".svg")
DATA_SUFFIXES = (".csv", ".json")
MAX_WIDTH = 8000


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _atomic_bytes(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OSError(translate("Export", "cannot write {path}: {why}").format(
            path=path, why=exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OSError(translate("Export", "cannot write {path}: {why}").format(
            path=path, why=exc.strerror or exc)) from None


def export_view(scene: pg.GraphicsScene, path: str | os.PathLike, width: int = 1920) -> Path:
    """Write the whole view (plot, colour bar, legend) as PNG (``width`` pixels wide) or SVG."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise ValueError(translate(
                "Export", "cannot export to {name}: the name must end in .png or .svg")
                         .format(name=path.name))
    if suffix == ".svg":
        data = pge.SVGExporter(scene).export(toBytes=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        _atomic_bytes(path, bytes(data))
        return path
    if not (16 <= int(width) <= MAX_WIDTH):
        raise ValueError(translate("Export", "image width {w} is outside 16 … {max} pixels")
                         .format(w=width, max=MAX_WIDTH))
    exporter = pge.ImageExporter(scene)
    exporter.parameters()["width"] = int(width)
    image = exporter.export(toBytes=True)
    from PySide6.QtCore import QBuffer, QIODevice

    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):
        raise OSError(translate("Export", "cannot encode the image as PNG"))
    _atomic_bytes(path, bytes(buf.data()))
    return path


def export_runs(path: str | os.PathLike, trajectories: Sequence[Trajectory],
                extra: dict | None = None) -> Path:
    """Write the runs as CSV or JSON in the engine's format (by suffix)."""
    path = Path(path)
    if path.suffix.lower() not in DATA_SUFFIXES:
        raise ValueError(translate(
                "Export", "cannot export to {name}: the name must end in .csv or .json")
                         .format(name=path.name))
    if not trajectories:
        raise ValueError(translate("Export", "nothing to export: no run is shown"))
    return save_trajectories(path, list(trajectories), extra=extra)
