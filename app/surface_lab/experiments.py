"""Open and save Surface Lab setups as experiment files (``optim_lab.experiment``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from optim_lab import OPTIMIZERS
from optim_lab.experiment import Experiment, OptimizerSetting, load_experiment, save_experiment
from optim_lab.io import FileFormatError

from ..resources import asset_folder
from .controls import MAX_STEPS

EXAMPLES = asset_folder("experiments")  # package data; None if not shipped
MAX_ROWS = 8


class ExperimentMixin:
    """Mixed into SurfaceLab: ``open_experiment(path)``, ``save_experiment_to(path)`` and dialogs."""

    def current_experiment(self) -> Experiment:
        settings = tuple(
            OptimizerSetting(r.name, {k: float(v) for k, v in r.hyper().items()}, r.is_enabled())
            for r in self.rows() if r.optimizer() is not None)
        title = self.banner.title.text() if self.scenario else ""
        return Experiment(surface=self.surface.name, start=tuple(self.start), optimizers=settings,
                          steps=self.steps(), title=title,
                          surface_params=dict(self.surface_params))

    def save_experiment_to(self, path: str | Path) -> bool:
        try:
            exp = self.current_experiment()
            if not exp.optimizers:
                raise ValueError(self.tr("nothing to save: no optimizer has valid settings"))
            save_experiment(path, exp)
        except (OSError, ValueError) as exc:
            self._report_problem(self.tr("The experiment was not saved."), str(exc))
            return False
        note = self.tr(" (runs with their own start are saved from the shared start)") \
            if self.row_starts else ""
        self.message.emit(self.tr("Experiment saved to {path}").format(path=path) + note)
        return True

    def open_experiment(self, path: str | Path) -> bool:
        """Load a setup; a bad file changes nothing and gets one clear message."""
        try:
            exp = load_experiment(path)
            problem = self._unsupported(exp)
            if problem:
                raise ValueError(problem)
        except (OSError, ValueError, FileFormatError) as exc:
            self._report_problem(self.tr("The experiment could not be opened."), str(exc))
            return False
        self.clock.pause()
        self._loading = True
        try:
            opts = self.controls.optimizers
            opts.clear()
            self.controls.set_surface_name(exp.surface, notify=False)
            if "kappa" in exp.surface_params:
                self.controls.set_kappa(float(exp.surface_params["kappa"]))
            self._apply_surface(exp.surface, reset_rates=False)
            self.start = (float(exp.start[0]), float(exp.start[1]))
            self.controls.show_start(*self.start)
            for s in exp.optimizers[:MAX_ROWS]:
                opts.add_row(s.name, dict(s.hyperparameters), enabled=s.enabled)
            self._set_steps(exp.steps, follow=True)
        finally:
            self._loading = False
        self.scenario = None
        if exp.title or exp.notes:
            self.banner.show_scenario(exp.title or Path(path).stem, exp.notes)
        else:
            self.banner.hide()
        self._mark_all()
        self.recompute_now()
        self.message.emit(self.tr("Experiment opened: {name}").format(name=Path(path).name))
        return True

    def _unsupported(self, exp: Experiment) -> str:
        if len(exp.start) != 2:
            return self.tr("this is a {d}-dimensional experiment; open it in the N-D Lab") \
                .format(d=len(exp.start))
        if self.controls.surface.findData(exp.surface) < 0:
            return self.tr("the Surface Lab has no 2-D surface {name!r}").format(name=exp.surface)
        if exp.surface_params and not (exp.surface == "quadratic"
                                       and set(exp.surface_params) == {"kappa"}):
            return self.tr("surface parameters {p} are not adjustable in the Surface Lab") \
                .format(p=exp.surface_params)
        if exp.steps > MAX_STEPS:
            return self.tr("{n} steps is more than the Surface Lab runs ({max})") \
                .format(n=exp.steps, max=MAX_STEPS)
        unknown = [s.name for s in exp.optimizers if s.name not in OPTIMIZERS]
        if unknown:
            return self.tr("unknown optimizer {name}").format(name=unknown[0])
        return ""

    def open_experiment_dialog(self) -> None:
        folder = self.last_folder or (str(EXAMPLES) if EXAMPLES else "")
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open experiment"), folder,
                                              self.tr("Optim Lab experiment (*.json)"))
        if path:
            self.last_folder = str(Path(path).parent)
            self.open_experiment(path)

    def save_experiment_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save experiment"),
            str(Path(self.last_folder) / f"{self.surface.name}_experiment.json"),
            self.tr("Optim Lab experiment (*.json)"))
        if path:
            if not Path(path).suffix:
                path += ".json"
            self.last_folder = str(Path(path).parent)
            self.save_experiment_to(path)

    def _report_problem(self, title: str, detail: str) -> None:
        self.message.emit(f"{title} {detail}")
        QMessageBox.warning(self, self.tr("Optim Lab"), f"{title}\n\n{detail}")
