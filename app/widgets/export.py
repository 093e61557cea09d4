"""Export a lab's figure (PNG at a chosen width, SVG) and its runs (CSV, JSON).

Figures go through pyqtgraph's exporters; every file is written atomically by
the engine (temporary file, then rename), so a failed export leaves no partial
file and raises ``OSError`` / ``ValueError`` with a message naming the path.

Painting is checked, never assumed: the image size is held to a budget before
anything is allocated, pixmap caches are switched off while the scene paints
into the file (a cache is sized by the item's whole device rectangle there, not
clipped to a window), and a failed paint -- a null image, or Qt reporting a
painter that could not begin -- raises :class:`PaintError` instead of writing a
picture with items silently missing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyqtgraph.exporters as pge
from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from optim_lab import Trajectory
from optim_lab.io import atomic_write_bytes, save_trajectories

from . import svg_compat

translate = QCoreApplication.translate  # lupdate recognises translate("Context", "text")

svg_compat.install()

IMAGE_SUFFIXES = (".png", ".svg")
DATA_SUFFIXES = (".csv", ".json")
MAX_WIDTH = 8000
BYTES_PER_PIXEL = 4  # ARGB32
# The image, its PNG encoding and the painter's buffers stay well under ~600 MB.
MAX_IMAGE_BYTES = 160 * 2**20
# Qt's own words when a painter cannot start (e.g. a pixmap it could not allocate).
_PAINT_FAILURES = ("Painter not active", "QPainter::begin", "Paint device returned engine == 0",
                   "Cannot create image", "QImage: out of memory")


class PaintError(OSError):
    """The figure could not be painted completely; nothing was written."""


def image_bytes(width: int, height: int) -> int:
    """Memory of a ``width`` x ``height`` ARGB32 image (what the export allocates first)."""
    return int(width) * int(height) * BYTES_PER_PIXEL


def check_image_size(width: int, height: int) -> None:
    """Refuse an image above the budget, with the estimate in the message."""
    need = image_bytes(width, height)
    if need > MAX_IMAGE_BYTES:
        raise ValueError(translate(
            "Export", "a {w}×{h} image needs about {need} MB of memory, more than the "
            "{limit} MB allowed; choose a smaller size").format(
                w=int(width), h=int(height), need=round(need / 2**20),
                limit=round(MAX_IMAGE_BYTES / 2**20)))


@contextlib.contextmanager
def no_pixmap_caches(scene: QGraphicsScene) -> Iterator[None]:
    """Switch every item's cache off while painting into a file, then restore it."""
    saved = [(it, it.cacheMode()) for it in scene.items()
             if it.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for it, _ in saved:
        it.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
        for it, mode in saved:
            it.setCacheMode(mode)


@contextlib.contextmanager
def painting_checked() -> Iterator[list[str]]:
    """Collect Qt's painter failures while the block runs; raise :class:`PaintError` after it."""
    failures: list[str] = []

    def handler(kind, _context, message: str) -> None:
        if any(s in message for s in _PAINT_FAILURES):
            failures.append(message)
        elif previous is not None:
            previous(kind, _context, message)
        elif kind != QtMsgType.QtDebugMsg:
            import sys

            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    try:
        yield failures
    finally:
        qInstallMessageHandler(previous)
    if failures:
        raise PaintError(translate(
            "Export", "the figure could not be painted ({reason}); nothing was written")
            .format(reason=failures[0].strip()))


def export_view(scene: QGraphicsScene, path: str | os.PathLike, width: int = 1920) -> Path:
    """Write the whole scene (plots, colour bar, legend) as PNG (``width`` px wide) or SVG.

    Raises ``ValueError`` for a bad name or size (before any work), :class:`PaintError`
    when painting fails, ``OSError`` when the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise ValueError(translate(
            "Export", "cannot export to {name}: the name must end in .png or .svg"
        ).format(name=path.name))
    if suffix == ".svg":
        with no_pixmap_caches(scene), painting_checked():
            data = pge.SVGExporter(scene).export(toBytes=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not data:
            raise PaintError(translate("Export", "the figure could not be painted as SVG"))
        atomic_write_bytes(path, bytes(data))
        return path
    if not (16 <= int(width) <= MAX_WIDTH):
        raise ValueError(translate("Export", "image width {w} is outside 16 … {max} pixels")
                         .format(w=width, max=MAX_WIDTH))
    exporter = pge.ImageExporter(scene)
    exporter.parameters()["width"] = int(width)  # the height follows the scene's shape
    check_image_size(int(width), int(exporter.parameters()["height"]))
    with no_pixmap_caches(scene), painting_checked():
        image = exporter.export(toBytes=True)
    if image is None or image.isNull():
        raise PaintError(translate("Export", "the figure could not be painted (no image); "
                                   "nothing was written"))
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
