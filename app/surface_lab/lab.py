"""The Surface Lab workspace: controls | surface view + playback | loss and gradient plots.

Data flows one way: control edits mark runs dirty → one coalesced recompute
(zero-timeout timer, so a slider drag recomputes once per event-loop turn and
only the run that changed) → immutable Trajectories → plot items (setData).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from optim_lab import Trajectory, get_surface

from ..widgets import OptimizerRow
from .actions import SurfaceActions
from .advice import preferred_start, suggested_lr
from .banner import ScenarioBanner
from .controls import SurfaceControls
from .curves import CurvesView
from .experiments import ExperimentMixin
from .exporting import ExportMixin
from .names import tr_surface
from .playback import PlaybackBar, PlaybackClock
from .recompute import RecomputeMixin
from .scenarios import SCENARIOS
from .status import fmt_point
from .surface_view import SurfaceView
from .teardown import track

DEFAULT_SURFACE = "rosenbrock"
DEFAULT_OPTIMIZERS = ("gd", "momentum", "nesterov", "adam")
LIVE_STEPS = 20_000  # up to this many steps a slider drag recomputes on every event


class SurfaceLab(RecomputeMixin, ExportMixin, ExperimentMixin, QWidget):
    """Watch optimizers on a 2-D surface; ``message(str)`` feeds the window's status bar."""

    message = Signal(str)
    pointer = Signal(str)  # surface coordinates and value under the mouse

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        track(self)
        self.surface = get_surface(DEFAULT_SURFACE)
        self.surface_params: dict = {}
        self.start: tuple[float, float] = preferred_start(self.surface)
        self.row_starts: dict[OptimizerRow, tuple[float, float]] = {}
        self.trajs: dict[OptimizerRow, Trajectory | None] = {}
        self.limits: dict[OptimizerRow, float | None] = {}
        self.scenario: str | None = None
        self._dirty: set[OptimizerRow] = set()
        self._structure_changed = True
        self._loading = False

        self.clock = PlaybackClock(self)
        self.controls = SurfaceControls(self)
        self.view = SurfaceView(self)
        self.curves = CurvesView(self)
        self.acts = SurfaceActions(self)
        self.banner = ScenarioBanner(self)
        self.bar = PlaybackBar(self.clock, self.acts.playback, self)

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

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._recompute)

        opts = self.controls.optimizers
        opts.rowChanged.connect(self._on_row_changed)
        opts.rowAdded.connect(self._on_row_added)
        opts.rowRemoved.connect(self._on_row_removed)
        opts.rowColorChanged.connect(self._on_row_changed)
        self.controls.surfaceChanged.connect(self._on_surface_changed)
        self.controls.kappaChanged.connect(self._on_kappa_changed)
        self.controls.startEdited.connect(self._on_start_edited)
        self.controls.stepsChanged.connect(self._on_steps_changed)
        self.view.startClicked.connect(self._on_view_clicked)
        self.view.pointerMoved.connect(self.pointer)
        self.view.startMoved.connect(self._on_start_dragged)
        self.view.startMoveFinished.connect(self._on_start_drag_finished)
        self.curves.positionRequested.connect(self._on_position_requested)
        self.clock.positionChanged.connect(self._on_position_changed)
        self.clock.playingChanged.connect(self.acts.show_playing)

        self._loading = True
        self.controls.set_surface_name(DEFAULT_SURFACE, notify=False)
        self.controls.show_start(*self.start)
        self.view.set_surface(DEFAULT_SURFACE)
        self.curves.set_surface(DEFAULT_SURFACE)
        for name in DEFAULT_OPTIMIZERS:
            opts.add_row(name, {"lr": suggested_lr(self.surface, self.start, name, {})})
        self._loading = False
        self._set_steps(1000, follow=True)
        self.clock.seek(self.clock.steps)
        self.recompute_now()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Size the three columns for the real width the first time the lab is laid out."""
        super().resizeEvent(event)
        if not getattr(self, "_sized", False) and self.isVisible() and self.width() >= 600:
            self._sized = True
            w = self.splitter.width() or self.width()
            left = max(int(min(max(0.25 * w, 290), 360)), self.controls.minimumSizeHint().width())
            right = int(min(max(0.26 * w, 230), 440))
            self.splitter.setSizes([left, w - left - right, right])

    # --- public API ------------------------------------------------------------
    def rows(self) -> list[OptimizerRow]:
        return self.controls.optimizers.rows()

    def trajectories(self) -> list[Trajectory]:
        """The runs currently drawn, in row order."""
        return [t for r in self.rows() if (t := self.trajs.get(r)) is not None]

    def steps(self) -> int:
        return self.controls.steps.value()

    def start_of(self, row: OptimizerRow) -> tuple[float, float]:
        return self.row_starts.get(row, self.start)

    def set_surface(self, name: str) -> None:
        """Switch surface: preferred start, suggested learning rates, fresh runs."""
        self.controls.set_surface_name(name)

    def set_start(self, x: float, y: float) -> None:
        """Start every run at (x, y)."""
        self.row_starts.clear()
        self.start = (float(x), float(y))
        self.controls.show_start(*self.start)
        self._mark_all()

    def load_scenario(self, name: str, play: bool = True) -> None:
        """Load a scenario's surface, starts and runs; ``play`` animates it from step 0."""
        sc = SCENARIOS[name]
        self.clock.pause()
        self._loading = True
        try:
            opts = self.controls.optimizers
            opts.clear()
            self.controls.set_surface_name(sc.surface, notify=False)
            self._apply_surface(sc.surface, reset_rates=False)
            self.start = sc.start
            self.controls.show_start(*sc.start)
            self.row_starts.clear()
            for spec in sc.runs:
                row = opts.add_row(spec.optimizer, dict(spec.hyper))
                if spec.start is not None:
                    self.row_starts[row] = spec.start
            self._set_steps(sc.steps, follow=True)
        finally:
            self._loading = False
        self.scenario = name
        self.banner.show_scenario(sc.tr_title(), sc.tr_explanation())
        self._mark_all()
        self.recompute_now()
        if play:
            self.clock.seek(0)
            self.clock.play()
        else:
            self.clock.seek(self.clock.steps)
        self.message.emit(self.tr("Scenario loaded: {title}").format(title=sc.tr_title()))

    # --- handlers --------------------------------------------------------------
    def _on_row_changed(self, row: OptimizerRow) -> None:
        self._mark(row)

    def _on_row_added(self, row: OptimizerRow) -> None:
        self._structure_changed = True
        if not self._loading:
            row.set_hyper(lr=suggested_lr(self.surface, self.start, row.name, row.hyper()))
        self._mark(row)

    def _on_row_removed(self, row: OptimizerRow) -> None:
        self._structure_changed = True
        self.trajs.pop(row, None)
        self.limits.pop(row, None)
        self.row_starts.pop(row, None)
        self._dirty.discard(row)
        if not self._loading and not self._timer.isActive():
            self._timer.start()

    def _on_surface_changed(self, name: str) -> None:
        self._apply_surface(name, reset_rates=True)
        self.scenario = None
        self.banner.hide()
        self.message.emit(self.tr("{surface}: start and learning rates reset to suggested values")
                          .format(surface=tr_surface(self.surface.label)))

    def _apply_surface(self, name: str, reset_rates: bool) -> None:
        params = self.controls.surface_params() if name == "quadratic" else {}
        self.surface = get_surface(name, **params)
        self.surface_params = params
        self.view.set_surface(name, **params)
        self.curves.set_surface(name, **params)
        self.row_starts.clear()
        self.start = preferred_start(self.surface)
        self.controls.show_start(*self.start)
        if reset_rates:
            was = self._loading
            self._loading = True
            for row in self.rows():
                row.set_hyper(lr=suggested_lr(self.surface, self.start, row.name, row.hyper()))
            self._loading = was
        self._structure_changed = True
        self._mark_all()

    def _on_kappa_changed(self, kappa: float) -> None:
        """A new condition number: same start and learning rates, so the limits visibly move."""
        if self.surface.name != "quadratic":
            return
        self.surface_params = {"kappa": kappa}
        self.surface = get_surface("quadratic", kappa=kappa)
        self.view.set_surface("quadratic", kappa=kappa)
        self.curves.set_surface("quadratic", kappa=kappa)
        self._mark_all()

    def _on_start_edited(self, x: float, y: float) -> None:
        self.set_start(x, y)

    def _on_view_clicked(self, x: float, y: float) -> None:
        self.set_start(x, y)
        self.message.emit(self.tr("Start moved to {p}").format(p=fmt_point(self.start)))

    def _on_start_dragged(self, key, x: float, y: float) -> None:
        if key is None:
            self.start = (x, y)
            self.controls.show_start(x, y)
            for row in self.rows():
                if row not in self.row_starts:
                    self._mark(row)
        elif key in self.row_starts:
            self.row_starts[key] = (x, y)
            self._structure_changed = True  # its legend label names the start
            self._mark(key)

    def _on_start_drag_finished(self, key, x: float, y: float) -> None:
        self._on_start_dragged(key, x, y)
        self.message.emit(self.tr("Start moved to {p}").format(p=fmt_point((x, y))))

    def _on_steps_changed(self, n: int) -> None:
        self._set_steps(n, follow=self.clock.position >= self.clock.steps)
        self._mark_all()

    def _set_steps(self, n: int, follow: bool) -> None:
        self.controls.set_steps(n)
        self.clock.set_steps(n)
        self.curves.set_steps(n)
        # Short runs recompute on the next event-loop turn; very long ones (~2 ms per 1000
        # steps and run) wait for a pause in the drag so the window stays responsive.
        self._timer.setInterval(0 if n <= LIVE_STEPS else 150)
        if follow:
            self.clock.seek(n)
        self.bar.sync()

    def _on_position_requested(self, k: int) -> None:
        self.clock.pause()
        self.clock.seek(k)

    def _on_position_changed(self, k: int) -> None:
        self.view.runs.set_position(k)
        self.curves.set_position(k)
        self.bar.sync()
