"""Open and save experiment files for a session (``optim_lab.experiment``), with dialogs.

A file that cannot be opened — malformed, hostile, another dimension, a surface
the Surface Lab does not list — changes nothing: the session is replaced only after
the whole file has been validated, and the reason is shown in a message box.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from optim_lab import surface_names
from optim_lab.experiment import Experiment, load_experiment
from optim_lab.session import SurfaceSession
from optim_lab.surfaces import CUSTOM_NAME

from ..resources import asset_folder

EXAMPLES = asset_folder("experiments")  # package data; None if not shipped


@dataclass
class RecentFolder:
    """The folder the lab's file dialogs open in (shared by experiments and exports)."""

    path: str = ""


class ExperimentFiles(QObject):
    """``open(path)`` / ``save(path)`` and their dialogs; ``message(str)`` for the status bar,
    ``opened()`` after a file replaced the session."""

    message = Signal(str)
    opened = Signal()

    def __init__(self, session: SurfaceSession, dialog_parent: QWidget,
                 folder: RecentFolder | None = None) -> None:
        super().__init__(dialog_parent)
        self.session = session
        self._parent = dialog_parent
        self.folder = folder if folder is not None else RecentFolder()

    def save(self, path: str | Path) -> bool:
        try:
            self.session.to_file(path)
        except (OSError, ValueError) as exc:
            self._report(self.tr("The experiment was not saved."), str(exc))
            return False
        self.message.emit(self.tr("Experiment saved to {path}").format(path=path))
        return True

    def open(self, path: str | Path) -> bool:
        """Load a setup; a bad file changes nothing and gets one clear message."""
        try:
            exp = load_experiment(path, dim=2)
            problem = self._unsupported(exp)
            if problem:
                raise ValueError(problem)
            self.session.apply(exp)
        except Exception as exc:  # noqa: BLE001 — no file may escape this slot as a traceback
            self._report(self.tr("The experiment could not be opened."),
                         str(exc) or type(exc).__name__)
            return False
        self.opened.emit()
        self.message.emit(self.tr("Experiment opened: {name}").format(name=Path(path).name))
        return True

    def _unsupported(self, exp: Experiment) -> str:
        if exp.surface not in surface_names(2) and exp.surface != CUSTOM_NAME:
            return self.tr("the Surface Lab has no 2-D surface {name!r}").format(name=exp.surface)
        return ""

    def open_dialog(self) -> None:
        examples = str(EXAMPLES) if EXAMPLES is not None and EXAMPLES.is_dir() else ""
        folder = self.folder.path or examples
        path, _ = QFileDialog.getOpenFileName(self._parent, self.tr("Open experiment"), folder,
                                              self.tr("Optim Lab experiment (*.json)"))
        if path:
            self.folder.path = str(Path(path).parent)
            self.open(path)

    def save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self._parent, self.tr("Save experiment"),
            str(Path(self.folder.path) / f"{self.session.surface_name}_experiment.json"),
            self.tr("Optim Lab experiment (*.json)"))
        if path:
            if not Path(path).suffix:
                path += ".json"
            self.folder.path = str(Path(path).parent)
            self.save(path)

    def _report(self, title: str, detail: str) -> None:
        self.message.emit(f"{title} {detail}")
        QMessageBox.warning(self._parent, self.tr("Optim Lab"), f"{title}\n\n{detail}")
