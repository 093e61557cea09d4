"""Export commands of the Surface Lab: file dialogs, then :mod:`.export`; errors become message boxes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from optim_lab import __version__

from ..widgets.export import MAX_WIDTH, export_runs, export_view

DEFAULT_WIDTH = 1920


class ExportMixin:
    """Mixed into SurfaceLab (needs ``view``, ``trajectories()``, ``recompute_now()``)."""

    last_folder: str = ""

    def export_image_to(self, path: str | Path, width: int = DEFAULT_WIDTH) -> bool:
        """Write the view as PNG/SVG; on failure show a message box and return False."""
        self.recompute_now()
        try:
            export_view(self.view.scene(), path, width)
        except (OSError, ValueError) as exc:
            self._report_error(self.tr("The figure was not saved."), str(exc))
            return False
        self.message.emit(self.tr("Figure saved to {path}").format(path=path))
        return True

    def export_data_to(self, path: str | Path) -> bool:
        """Write the shown runs as CSV/JSON; on failure show a message box and return False."""
        self.recompute_now()
        try:
            export_runs(path, self.trajectories(), extra=self.export_metadata())
        except (OSError, ValueError) as exc:
            self._report_error(self.tr("The trajectories were not saved."), str(exc))
            return False
        self.message.emit(self.tr("Trajectories saved to {path}").format(path=path))
        return True

    def export_metadata(self) -> dict:
        return {"app": f"optim-lab {__version__}", "surface": self.surface.name,
                "surface_params": dict(self.surface_params),
                "start": list(self.start), "steps": self.steps(), "scenario": self.scenario}

    def export_image_dialog(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export figure"), str(Path(self.last_folder) / f"{self.surface.name}.png"),
            self.tr("PNG image (*.png);;SVG vector image (*.svg)"))
        if not path:
            return
        if not Path(path).suffix:
            path += ".svg" if "svg" in chosen.lower() else ".png"
        width = DEFAULT_WIDTH
        if path.lower().endswith(".png"):
            width, ok = QInputDialog.getInt(
                self, self.tr("Image width"), self.tr("Width in pixels (the height follows the "
                                                      "view's shape):"),
                DEFAULT_WIDTH, 16, MAX_WIDTH, 160)
            if not ok:
                return
        self.last_folder = str(Path(path).parent)
        self.export_image_to(path, width)

    def export_data_dialog(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export trajectories"),
            str(Path(self.last_folder) / f"{self.surface.name}_runs.json"),
            self.tr("JSON (*.json);;CSV table (*.csv)"))
        if not path:
            return
        if not Path(path).suffix:
            path += ".csv" if "csv" in chosen.lower() else ".json"
        self.last_folder = str(Path(path).parent)
        self.export_data_to(path)

    def _report_error(self, title: str, detail: str) -> None:
        self.message.emit(f"{title} {detail}")
        QMessageBox.warning(self, self.tr("Export failed"), f"{title}\n\n{detail}")
