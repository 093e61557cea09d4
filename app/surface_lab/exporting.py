"""Export commands of the Surface Lab: file dialogs, then :mod:`..widgets.export`; errors
become message boxes. Given the view and the session, not the lab."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from optim_lab import __version__
from optim_lab.session import SurfaceSession

from ..widgets.export import MAX_WIDTH, export_runs, export_view
from .experiments import RecentFolder
from .surface_view import SurfaceView

DEFAULT_WIDTH = 1920


class FigureExports(QObject):
    """``image_to(path, width)``, ``data_to(path)`` and their dialogs; ``message(str)``.

    ``flush()`` brings the views up to date with the session before anything is written.
    """

    message = Signal(str)

    def __init__(self, session: SurfaceSession, view: SurfaceView, flush: Callable[[], None],
                 dialog_parent: QWidget, folder: RecentFolder | None = None) -> None:
        super().__init__(dialog_parent)
        self.session, self.view, self._flush = session, view, flush
        self._parent = dialog_parent
        self.folder = folder if folder is not None else RecentFolder()

    def image_to(self, path: str | Path, width: int = DEFAULT_WIDTH) -> bool:
        """Write the view as PNG/SVG; on failure show a message box and return False."""
        self._flush()
        try:
            export_view(self.view.scene(), path, width)
        except (OSError, ValueError) as exc:
            self._report(self.tr("The figure was not saved."), str(exc))
            return False
        self.message.emit(self.tr("Figure saved to {path}").format(path=path))
        return True

    def data_to(self, path: str | Path) -> bool:
        """Write the shown runs as CSV/JSON; on failure show a message box and return False."""
        self._flush()
        try:
            export_runs(path, self.session.results(), extra=self.metadata())
        except (OSError, ValueError) as exc:
            self._report(self.tr("The trajectories were not saved."), str(exc))
            return False
        self.message.emit(self.tr("Trajectories saved to {path}").format(path=path))
        return True

    def metadata(self) -> dict:
        s = self.session
        return {"app": f"optim-lab {__version__}", "surface": s.surface_name,
                "surface_params": s.surface_params, "start": list(s.start), "steps": s.steps,
                "scenario": s.scenario}

    def image_dialog(self) -> None:
        name = self.session.surface_name
        path, chosen = QFileDialog.getSaveFileName(
            self._parent, self.tr("Export figure"), str(Path(self.folder.path) / f"{name}.png"),
            self.tr("PNG image (*.png);;SVG vector image (*.svg)"))
        if not path:
            return
        if not Path(path).suffix:
            path += ".svg" if "svg" in chosen.lower() else ".png"
        width = DEFAULT_WIDTH
        if path.lower().endswith(".png"):
            width, ok = QInputDialog.getInt(
                self._parent, self.tr("Image width"),
                self.tr("Width in pixels (the height follows the view's shape):"),
                DEFAULT_WIDTH, 16, MAX_WIDTH, 160)
            if not ok:
                return
        self.folder.path = str(Path(path).parent)
        self.image_to(path, width)

    def data_dialog(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self._parent, self.tr("Export trajectories"),
            str(Path(self.folder.path) / f"{self.session.surface_name}_runs.json"),
            self.tr("JSON (*.json);;CSV table (*.csv)"))
        if not path:
            return
        if not Path(path).suffix:
            path += ".csv" if "csv" in chosen.lower() else ".json"
        self.folder.path = str(Path(path).parent)
        self.data_to(path)

    def _report(self, title: str, detail: str) -> None:
        self.message.emit(f"{title} {detail}")
        QMessageBox.warning(self._parent, self.tr("Export failed"), f"{title}\n\n{detail}")
