"""The Surface Lab workspace: controls | surface view + playback | loss and gradient plots.

A view of one :class:`optim_lab.session.SurfaceSession`, put together by composition:

    controls, rows, view handles ──edit──▶ SurfaceSession ──signals──▶ RecomputeLoop
                                                 │                         │ one pass per
                                                 │ (lazy, per-run stale)   ▼ event-loop turn
                                             results ─────────────▶ rows, run items, curves

Controls and handles only write to the session; everything drawn is read back from
it. The lab itself keeps view state only: playback position and zoom.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from optim_lab import Trajectory
from optim_lab.experiment import Experiment
from optim_lab.session import SurfaceSession
from optim_lab.surfaces import CUSTOM_NAME, Surface

from ..widgets import OptimizerRow
from .actions import Commands, SurfaceActions
from .banner import ScenarioBanner
from .controls import SurfaceControls
from .curves import CurvesView
from .experiments import ExperimentFiles, RecentFolder
from .exporting import DEFAULT_WIDTH, FigureExports
from .maps_live import attach_maps
from .names import tr_surface
from .playback import PlaybackBar, PlaybackClock
from .recompute import RecomputeLoop
from .run_rows import RunRows
from .scenarios import SCENARIOS
from .status import fmt_point
from .surface_view import SurfaceView
from .teardown import track


class SurfaceLab(QWidget):
    """Watch optimizers on a 2-D surface; ``message(str)`` feeds the window's status bar."""

    message = Signal(str)
    pointer = Signal(str)  # surface coordinates and value under the mouse

    def __init__(self, parent: QWidget | None = None,
                 session: SurfaceSession | None = None) -> None:
        super().__init__(parent)
        track(self)
        self.session = session if session is not None else SurfaceSession.with_default_runs()
        s = self.session
        self._start_held = False  # a start handle is being dragged

        self.clock = PlaybackClock(self)
        self.controls = SurfaceControls(self)
        self.view = SurfaceView(self)
        self.curves = CurvesView(self)
        self.banner = ScenarioBanner(self)
        self.run_rows = RunRows(s, self.controls.optimizers, self.message.emit, self)
        self.loop = RecomputeLoop(s, self.run_rows, self.view, self.curves, self,
                                  dragging=self._dragging)
        self._folder = RecentFolder()
        self.files = ExperimentFiles(s, self, self._folder)
        self.exports = FigureExports(s, self.view, self.recompute_now, self, self._folder)
        self.acts = SurfaceActions(self, self.clock, Commands(
            export_image=self.exports.image_dialog, export_data=self.exports.data_dialog,
            open_experiment=self.files.open_dialog, save_experiment=self.files.save_dialog,
            reset_zoom=self.view.reset_zoom, load_scenario=self.load_scenario))
        self.bar = PlaybackBar(self.clock, self.acts.playback, self)
        self._layout()
        self.maps = attach_maps(self)  # basin layer and hyperparameter map (maps_live.py)

        # controls and view handles -> session
        self.controls.surfaceChanged.connect(self._on_surface_chosen)
        self.controls.customApplied.connect(self._on_custom_applied)
        self.controls.kappaChanged.connect(self._on_kappa_changed)
        self.controls.startEdited.connect(s.set_start)
        self.controls.stepsChanged.connect(s.set_steps)
        self.view.startClicked.connect(self._on_view_clicked)
        self.view.startMoved.connect(self._on_start_dragged)
        self.view.startMoveFinished.connect(self._on_start_drag_finished)
        # session -> views (runs are fed by the RecomputeLoop)
        s.surface_changed.connect(self._show_surface)
        s.start_changed.connect(self._show_start)
        s.steps_changed.connect(self._show_steps)
        s.text_changed.connect(self._show_text)
        # view state
        self.view.pointerMoved.connect(self.pointer)
        self.curves.positionRequested.connect(self._on_position_requested)
        self.clock.positionChanged.connect(self._on_position_changed)
        self.clock.playingChanged.connect(self.acts.show_playing)
        for helper in (self.files, self.exports):
            helper.message.connect(self.message)
        self.files.opened.connect(self._on_experiment_opened)

        self._show_surface()
        self._show_start()
        self._show_steps(s.steps)
        self._show_text()
        self.clock.seek(self.clock.steps)
        self.recompute_now()

    def _layout(self) -> None:
        center = QWidget(self)
        v = QVBoxLayout(center)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        v.addWidget(self.banner)
        v.addWidget(self.view, 1)
        v.addWidget(self.bar)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.controls)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.curves)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([330, 600, 340])
        self.splitter.setChildrenCollapsible(False)
        self.curves.setMinimumWidth(220)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.splitter)

    def restore_splitter(self, sizes: list[int]) -> None:
        """Column widths to use when the lab is first laid out (remembered settings)."""
        self._wanted_sizes = list(sizes)
        if getattr(self, "_sized", False):
            self.splitter.setSizes(self._wanted_sizes)

    def splitter_sizes(self) -> list[int] | None:
        """The three column widths, once laid out (else what was asked for, or None)."""
        if getattr(self, "_sized", False):
            return self.splitter.sizes()
        return getattr(self, "_wanted_sizes", None)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Size the three columns for the real width the first time the lab is laid out."""
        super().resizeEvent(event)
        if not getattr(self, "_sized", False) and self.isVisible() and self.width() >= 600:
            self._sized = True
            if getattr(self, "_wanted_sizes", None):
                self.splitter.setSizes(self._wanted_sizes)
                return
            w = self.splitter.width() or self.width()
            left = max(int(min(max(0.25 * w, 290), 360)), self.controls.minimumSizeHint().width())
            right = int(min(max(0.26 * w, 230), 440))
            self.splitter.setSizes([left, w - left - right, right])

    # --- reading (all from the session) -------------------------------------------------
    @property
    def surface(self) -> Surface:
        return self.session.surface

    @property
    def surface_params(self) -> dict:
        return self.session.surface_params

    @property
    def start(self) -> tuple[float, float]:
        return self.session.start

    @property
    def scenario(self) -> str | None:
        return self.session.scenario

    def steps(self) -> int:
        return self.session.steps

    def rows(self) -> list[OptimizerRow]:
        return self.run_rows.rows()

    def trajectories(self) -> list[Trajectory]:
        """The runs currently drawn, in row order."""
        return self.session.results()

    def result_of(self, row: OptimizerRow) -> Trajectory | None:
        return self.session.result(row.run_id)

    def start_of(self, row: OptimizerRow) -> tuple[float, float]:
        return self.session.start_of(row.run_id)

    def current_experiment(self) -> Experiment:
        """The session as an experiment (what File › Save writes)."""
        return self.session.to_experiment()

    @property
    def last_folder(self) -> str:
        """The folder the file dialogs open in (shared by experiments and exports)."""
        return self._folder.path

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self._folder.path = folder

    def _dragging(self) -> bool:
        """A learning-rate slider or a start handle is being dragged (the runs it changes are
        computed by the drag process)."""
        return self._start_held or any(row.lr.slider.isSliderDown() for row in self.rows())

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Stop the drag process with the lab."""
        self.loop.shutdown()
        super().closeEvent(event)

    # --- commands -------------------------------------------------------------------------
    def recompute_now(self) -> None:
        """Flush pending recomputation (tests, export, render)."""
        self.loop.flush()

    def set_surface(self, name: str) -> None:
        """Switch surface as the surface box does: preferred start, suggested rates."""
        self.controls.set_surface_name(name)

    def set_start(self, x: float, y: float) -> None:
        """Start every run at (x, y)."""
        self.session.set_start(x, y)

    def load_scenario(self, name: str, play: bool = True) -> None:
        """Load a scenario's surface, starts and runs; ``play`` animates it from step 0."""
        self.clock.pause()
        self.session.load_scenario(name)
        self.recompute_now()
        if play:
            self.clock.seek(0)
            self.clock.play()
        else:
            self.clock.seek(self.clock.steps)
        title = SCENARIOS[name].tr_title()
        self.message.emit(self.tr("Scenario loaded: {title}").format(title=title))

    def open_experiment(self, path: str | Path) -> bool:
        return self.files.open(path)

    def save_experiment_to(self, path: str | Path) -> bool:
        return self.files.save(path)

    def export_image_to(self, path: str | Path, width: int = DEFAULT_WIDTH) -> bool:
        return self.exports.image_to(path, width)

    def export_data_to(self, path: str | Path) -> bool:
        return self.exports.data_to(path)

    # --- controls -> session ----------------------------------------------------------------
    def _on_surface_chosen(self, name: str) -> None:
        self.session.set_surface(name, **self.controls.surface_params())
        self.message.emit(self.tr("{surface}: start and learning rates reset to suggested values")
                          .format(surface=tr_surface(self.surface.label)))

    def _on_custom_applied(self, expression: str, bounds) -> None:
        """The editor's checked f(x, y): the session stores the text and the range as numbers."""
        xmin, xmax, ymin, ymax = (float(v) for v in bounds)
        try:
            self.session.set_surface(CUSTOM_NAME, expression=expression, xmin=xmin, xmax=xmax,
                                     ymin=ymin, ymax=ymax)
        except ValueError as exc:  # checked by the editor already; a file could still differ
            self.message.emit(str(exc))
            return
        self.message.emit(self.tr("Your f(x, y) = {expression}: start and learning rates reset "
                                  "to suggested values").format(expression=expression))

    def _on_kappa_changed(self, kappa: float) -> None:
        """A new condition number: same start and learning rates, so the limits visibly move."""
        if self.session.surface_name == "quadratic":
            self.session.set_surface_params(kappa=kappa)

    def _on_view_clicked(self, x: float, y: float) -> None:
        self.session.set_start(x, y)
        self.message.emit(self.tr("Start moved to {p}").format(p=fmt_point(self.start)))

    def _on_start_dragged(self, key, x: float, y: float) -> None:
        self._start_held = True  # until the handle is released
        self._move_start(key, x, y)

    def _move_start(self, key, x: float, y: float) -> None:
        if key is None:
            self.session.move_shared_start(x, y)
        else:
            self.session.set_run_start(key, (x, y))

    def _on_start_drag_finished(self, key, x: float, y: float) -> None:
        self._start_held = False
        self._move_start(key, x, y)
        self.message.emit(self.tr("Start moved to {p}").format(p=fmt_point((x, y))))

    def _on_experiment_opened(self) -> None:
        self.clock.pause()
        self.recompute_now()
        self.clock.seek(self.clock.steps)

    # --- session -> views -------------------------------------------------------------------
    def _show_surface(self) -> None:
        s = self.session
        self.controls.show_surface(s.surface_name, s.surface_params)
        self.view.set_surface(s.surface_name, **s.surface_params)
        self.curves.set_surface(s.surface_name, **s.surface_params)

    def _show_start(self) -> None:
        self.controls.show_start(*self.session.start)

    def _show_steps(self, n: int) -> None:
        follow = self.clock.position >= self.clock.steps
        self.controls.set_steps(n)
        self.clock.set_steps(n)
        self.curves.set_steps(n)
        if follow:
            self.clock.seek(n)
        self.bar.sync()

    def _show_text(self) -> None:
        s = self.session
        if s.title or s.notes:
            self.banner.show_scenario(s.title, s.notes)
        elif s.scenario in SCENARIOS:
            sc = SCENARIOS[s.scenario]
            self.banner.show_scenario(sc.tr_title(), sc.tr_explanation())
        else:
            self.banner.hide()

    # --- view state -------------------------------------------------------------------------
    def _on_position_requested(self, k: int) -> None:
        self.clock.pause()
        self.clock.seek(k)

    def _on_position_changed(self, k: int) -> None:
        self.view.runs.end_edit()
        self.view.runs.set_position(k)
        self.curves.set_position(k)
        self.run_rows.show_position(k)
        self.bar.sync()
