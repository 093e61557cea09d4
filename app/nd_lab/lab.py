"""The N-D Lab workspace: optimizers on N-dimensional surfaces, seen through a 2-D plane.

Left: surface, dimension and start; the optimizers (shared rows with the
learning-rate slider and its stability mark); the viewing plane; exports.
Right: one figure (plane with contours on that same plane, Hessian spectrum,
loss / gradient norm / distance to the nearest minimum vs step) and playback.
Every edit schedules one recompute in a worker thread; results are drawn with
``setData`` on items created once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from optim_lab import limit_for

from ..widgets import OptimizerList
from ..widgets.export import export_runs
from ..widgets.export import export_view as export_figure
from ..widgets.lr_slider import format_lr
from .compute import RunRequest, RunResult, SpectrumRequest, SpectrumResult
from .controls import PlanePanel, SetupPanel
from .figure import NDFigure
from .playback import NDPlaybackBar
from .status import describe_nd, limit_explanation, plane_info
from .worker import Computer

DEFAULT_RUNS = (("gd", {"lr": 0.01}), ("momentum", {"lr": 0.01, "momentum": 0.9}),
                ("adam", {"lr": 0.01}))
AFTER_PAINT_MS = 50  # work a result starts waits for the figure's paint, or this long


class NDLab(QWidget):
    """The N-D workspace.  ``computed(generation)`` fires after a result is drawn."""

    computed = Signal(int)
    spectrumShown = Signal()
    message = Signal(str)  # for the main window's status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup = SetupPanel(self)
        self.optimizers = OptimizerList(self)
        self.best_button = QPushButton(self.tr("Set best lr and β (quadratic theory)"), self)
        self.best_button.setToolTip(self.tr(
            "GD: α = 2/(λ_min+λ_max); momentum: α = (2/(√λ_min+√λ_max))², "
            "β = ((√λ_max−√λ_min)/(√λ_max+√λ_min))²"))
        self.plane_panel = PlanePanel(self)
        self.export_figure_button = QPushButton(self.tr("Export figure…"), self)
        self.export_runs_button = QPushButton(self.tr("Export runs…"), self)
        self.figure = NDFigure(self)
        self.playback = NDPlaybackBar(self)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)

        opt_box = QGroupBox(self.tr("Optimizers"), self)
        ob = QVBoxLayout(opt_box)
        ob.setContentsMargins(6, 4, 6, 4)
        ob.addWidget(self.optimizers)
        ob.addWidget(self.best_button)
        self.plane_panel.trailing.addWidget(self.export_figure_button)
        self.plane_panel.trailing.addWidget(self.export_runs_button)
        side = QWidget(self)
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 4, 0)
        sl.addWidget(self.setup)
        sl.addWidget(opt_box)
        sl.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(370)
        right = QVBoxLayout()
        right.addWidget(self.plane_panel)
        right.addWidget(self.figure, 1)
        right.addWidget(self.playback)
        right.addWidget(self.notice)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(scroll)
        lay.addLayout(right, 1)

        self.computer = Computer(self)
        self.result: RunResult | None = None
        self.spectrum: SpectrumResult | None = None
        self._generation = 0
        self._recompute = QTimer(self)
        self._recompute.setSingleShot(True)
        self._recompute.setInterval(15)
        self._recompute.timeout.connect(self._submit)
        # Work for the worker thread that a new result or step starts -- the Hessian
        # spectrum it asks for, the runs request a drag left waiting -- starts once the
        # figure has painted it (or after AFTER_PAINT_MS, if nothing paints): a job started
        # before the paint ran beside it on the worker thread, and each of the paint's Qt
        # calls then handed the GIL over to the worker and back (a futex wake-up each: 14 %
        # of the GUI thread's time in the kernel, against 2 % without the job).
        self._spectrum_due = False
        self._runs_held = False
        self._after_paint_wait = QTimer(self)
        self._after_paint_wait.setSingleShot(True)
        self._after_paint_wait.setInterval(AFTER_PAINT_MS)
        self._after_paint_wait.timeout.connect(self._after_paint)
        self.figure.painted.connect(self._after_paint)

        for name, hyper in DEFAULT_RUNS:
            self.optimizers.add_row(name, hyper)
        self.setup.changed.connect(self._on_setup_changed)
        self.plane_panel.changed.connect(self._on_plane_changed)
        for sig in (self.optimizers.rowChanged, self.optimizers.rowAdded,
                    self.optimizers.rowRemoved, self.optimizers.rowColorChanged):
            sig.connect(self._on_runs_changed)
        self.best_button.clicked.connect(self._on_best_clicked)
        self.export_figure_button.clicked.connect(self._on_export_figure_clicked)
        self.export_runs_button.clicked.connect(self._on_export_runs_clicked)
        self.computer.runsReady.connect(self._on_runs_ready)
        self.computer.spectrumReady.connect(self._on_spectrum_ready)
        self.computer.taskDone.connect(self._on_task_done)
        self.playback.positionChanged.connect(self._on_position_changed)
        self.playback.spectrumRunChanged.connect(self._on_spectrum_run_changed)
        self.figure.positionRequested.connect(self.playback.set_position)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_about_to_quit)
        self.plane_panel.set_dim(self.setup.dim.value())
        self._on_runs_changed()

    # --- requests ----------------------------------------------------------------
    def _active_rows(self):
        return [r for r in self.optimizers.enabled_rows() if r.optimizer() is not None]

    def request(self) -> RunRequest:
        """The request the current controls describe."""
        rows = self._active_rows()
        # the worker paints the plane's layers for the view as it is now (plane_render)
        target = self.figure.plane.render_target(tuple(r.color() for r in rows))
        return RunRequest(self._generation, self.setup.surface_spec(), self.setup.start_spec(),
                          self.setup.steps.value(), tuple((r, r.optimizer()) for r in rows),
                          self.plane_panel.spec(), target=target)

    def _submit(self) -> None:
        self._generation += 1
        self.computer.submit_runs(self.request())

    def schedule(self) -> None:
        self._recompute.start()

    def generation(self) -> int:
        return self._generation

    # --- handlers ------------------------------------------------------------------
    def _on_setup_changed(self) -> None:
        self.plane_panel.set_dim(self.setup.dim.value())
        self.schedule()

    def _on_plane_changed(self) -> None:
        self.schedule()

    def _on_runs_changed(self, *_args) -> None:
        self.schedule()

    def _on_best_clicked(self) -> None:
        th = self.result.theory if self.result is not None else None
        if th is None:
            self._say(self.tr("Best settings are known for the quadratic only."))
            return
        for row in self.optimizers.rows():
            if row.name == "gd":
                row.set_hyper(lr=th["gd_lr"])
            elif row.name == "momentum":
                row.set_hyper(lr=th["momentum_lr"], momentum=th["momentum_beta"])
        self._say(self.tr(
            "κ = {k:.4g}: GD lr = {a}; momentum lr = {b}, β = {c:.4f}").format(
            k=th["kappa"], a=format_lr(th["gd_lr"]), b=format_lr(th["momentum_lr"]),
            c=th["momentum_beta"]))

    def _on_runs_ready(self, res: RunResult) -> None:
        if res.error is not None:
            self._say(self.tr("Cannot compute: {err}").format(err=res.error))
            return
        self.result = res
        self.computer.defer_next_runs()  # a request left waiting by a drag: after the paint
        self._runs_held = True
        self._wait_for_paint()
        colors = {r: r.color() for r in res.keys}
        labels = {r: self.tr("{name} (lr {lr})").format(name=r.label(), lr=format_lr(r.lr.value()))
                  for r in res.keys}
        self.figure.show_result(res, colors, labels)
        self._show_statuses(res)
        self._show_plane_info(res)
        self.playback.set_steps(max([t.steps for t in res.trajectories] + [1]))
        self.playback.set_runs([labels[k] for k in res.keys])
        self.best_button.setEnabled(res.theory is not None)
        self.figure.set_position(self.playback.position())
        self._request_spectrum()
        self._say("")
        self.computed.emit(res.generation)

    def _show_statuses(self, res: RunResult) -> None:
        lam = res.lam_max
        for row in self.optimizers.rows():
            if row not in res.keys:
                row.set_status("")
            limit = limit_for(row.name, lam, row.hyper().get("momentum", 0.0)) if lam else None
            row.set_stability_limit(limit, limit_explanation(lam, res.lam_point) if limit else "")
        for key, traj, rate in zip(res.keys, res.trajectories, res.rates):
            theory = None
            if res.theory is not None and key.name in ("gd", "momentum"):
                theory = res.theory[f"{key.name}_rate"]
            text, tone = describe_nd(traj, key.lr.stabilityLimit(), rate, theory)
            key.set_status(text, tone)

    def _show_plane_info(self, res: RunResult) -> None:
        self.plane_panel.info.setText(plane_info(res.plane, res.projections))

    def _on_position_changed(self, k: int) -> None:
        self.figure.set_position(k)
        self._request_spectrum()

    def _on_spectrum_run_changed(self, _index: int) -> None:
        self._request_spectrum()
        self._send_spectrum()  # nothing else changes: no paint to wait for

    def _request_spectrum(self) -> None:
        """Ask for the spectrum of the chosen run at the current step once the figure has
        painted (see ``_after_paint_wait``); the latest state is read then."""
        self._spectrum_due = True
        self._wait_for_paint()

    def _wait_for_paint(self) -> None:
        if not self._after_paint_wait.isActive():
            self._after_paint_wait.start()

    def _after_paint(self) -> None:
        if not (self._spectrum_due or self._runs_held):
            return
        self._after_paint_wait.stop()
        self._send_spectrum()
        if self._runs_held:
            self._runs_held = False
            self.computer.resume_runs()

    def _send_spectrum(self) -> None:
        if not self._spectrum_due:
            return
        self._spectrum_due = False
        res = self.result
        i = self.playback.spectrum_run.currentIndex()
        if res is None or not res.trajectories or not 0 <= i < len(res.trajectories):
            self.figure.clear_spectrum(self.tr("Hessian spectrum (no run)"))
            return
        traj = res.trajectories[i]
        k = min(self.playback.position(), traj.steps)
        label = self.playback.spectrum_run.itemText(i)
        req = SpectrumRequest(res.generation, res.request.surface,
                              tuple(map(float, traj.points[k])), k, label)
        self.computer.submit_spectrum(req)

    def _on_spectrum_ready(self, res: SpectrumResult) -> None:
        self.spectrum = res
        self.figure.show_spectrum(res)
        self.spectrumShown.emit()

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        if text:
            self.message.emit(text)

    # --- export ------------------------------------------------------------------
    def export_figure(self, path: str | Path, width: int = 1600) -> str | None:
        """Write the figure (PNG or SVG); returns an error message or None."""
        try:
            export_figure(self.figure.scene(), path, width)
        except (OSError, ValueError) as exc:
            return str(exc)
        return None

    def export_runs(self, path: str | Path) -> str | None:
        """Write the runs (CSV or JSON, the engine's format); returns an error message or None."""
        res = self.result
        if res is None or not res.trajectories:
            return self.tr("Nothing to export yet: no runs.")
        spec = res.request.surface
        extra = {"surface_params": {k: v for k, v in spec.params},
                 "plane": {"mode": res.plane.mode, "origin": res.plane.origin.tolist(),
                           "basis": res.plane.basis.tolist()}}
        try:
            export_runs(path, res.trajectories, extra)
        except (OSError, ValueError) as exc:
            return str(exc)
        return None

    def _on_export_figure_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export figure"), "nd_lab.png",
                                              self.tr("PNG image (*.png);;SVG drawing (*.svg)"))
        if path:
            err = self.export_figure(path)
            self._say(err or self.tr("Figure written to {p}").format(p=path))

    def _on_export_runs_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export runs"), "nd_runs.json",
                                              self.tr("JSON (*.json);;CSV (*.csv)"))
        if path:  # large at high D (tens of MB): written in the worker thread
            self.export_runs_button.setEnabled(False)
            self._say(self.tr("Writing {p}…").format(p=path))
            self.computer.submit_task(path, lambda p=path: self.export_runs(p))

    def _on_task_done(self, path: str, err) -> None:
        self.export_runs_button.setEnabled(True)
        self._say(err or self.tr("Runs written to {p}").format(p=path))

    def _on_about_to_quit(self) -> None:
        self.playback.stop()
        self.computer.wait()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.playback.stop()
        self.computer.wait()
        super().closeEvent(event)
