"""Deep Stack Lab: train a plain and a residual deep MLP live and watch per-layer gradients."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from optim_lab.deep.state import DeepSetup, DeepStackState, StackState

from .config_panel import DeepConfigPanel
from .curves import CurvesView
from .scenarios import SCENARIOS, SWEEP_DEPTHS, scenario_by_key
from .series import StackSeries, series_levels
from .stack_view import StackView
from .steady_labels import SteadyLabels
from .texts import branch_text, divergence_text
from .worker import LiveSession, TrainingController

__all__ = ["DeepStackLab"]

FRAME_MS = 33  # redraw clock (~30 frames per second); training runs at its own pace
CURVES = "curves"  # the pane key of the loss/accuracy/sharpness plots (stacks are 0 and 1)


class DeepStackLab(QWidget):
    """The workspace tab.  Torch is imported by the training process on first show or play."""

    message = Signal(str)  # short news for the main window's status bar
    state_changed = Signal()  # what deep_state() reports changed (lessons re-check; ≤ 4 a second)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = TrainingController(self)
        self._generation = 0
        self._session: LiveSession | None = None
        self._series: list[StackSeries] = []
        self._boundary_seen = -1
        self._stale: set = set()  # panes with data not drawn yet: 0, 1 (stacks), CURVES
        self._pending_boundary: dict[int, object] = {}
        self._turn = 0
        self._playing = False
        self._connected = False
        self._stop_note = ""  # why the worker paused by itself, kept until the next play/reset
        self._state_sent = 0.0
        self._build_ui()
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._on_frame_timer)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        opening = self.scenario.findData("skips")  # plain vs residual: the lab's point
        self.scenario.setCurrentIndex(opening)
        self._on_scenario_changed(opening, autoplay=False)

    # -- layout ---------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.scenario = QComboBox(self)
        self.scenario.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scenario.setMinimumContentsLength(16)
        self.scenario.addItem(self.tr("Choose a scenario…"), "")
        for s in SCENARIOS:
            self.scenario.addItem(s.title, s.key)
        self.scenario.activated.connect(self._on_scenario_changed)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("color: #333; background: #F4F6F8; padding: 6px;")
        self.play = QPushButton(self.tr("Play"), self)
        self.play.setCheckable(True)
        self.play.toggled.connect(self._on_play_toggled)
        self.step_button = QPushButton(self.tr("Step"), self)
        self.step_button.clicked.connect(self._on_step_clicked)
        self.reset_button = QPushButton(self.tr("Reset"), self)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.sweep_button = QPushButton(self.tr("Depth sweep (1–100)"), self)
        self.sweep_button.setToolTip(self.tr(
            "First/last gradient ratio at initialisation for plain and residual stacks of "
            "depth 1 to 100, with the other settings shown here."))
        self.sweep_button.clicked.connect(self._on_sweep_clicked)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setFixedHeight(2 * self.status.fontMetrics().lineSpacing() + 4)
        self.panel = DeepConfigPanel(self)
        self.panel.config_changed.connect(self._on_config_changed)
        self.panel.budget_changed.connect(self._on_budget_changed)
        buttons = QHBoxLayout()
        for b in (self.play, self.step_button, self.reset_button):
            buttons.addWidget(b)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(4, 4, 4, 4)
        for w in (self.scenario, self.explanation):
            lv.addWidget(w)
        lv.addLayout(buttons)
        lv.addWidget(self.sweep_button)
        lv.addWidget(self.status)
        lv.addWidget(self.panel)
        lv.addStretch(1)
        self._steady = SteadyLabels(left, [self.status], margin=8)  # rewritten every frame
        scroll = QScrollArea(self)
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(300)
        self.views = [StackView(self), StackView(self)]
        self.curves = CurvesView(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 2, 2, 2)
        row.addWidget(scroll)
        for v in self.views:
            row.addWidget(v, 4)
        row.addWidget(self.curves, 4)

    # -- worker plumbing ------------------------------------------------------------------
    def _worker(self):
        worker = self.controller.start()
        if not self._connected:
            worker.session_ready.connect(self._on_session_ready)
            worker.stopped.connect(self._on_worker_stopped)
            worker.sweep_progress.connect(self._on_sweep_progress)
            worker.sweep_done.connect(self._on_sweep_done)
            worker.failed.connect(self._on_worker_failed)
            self._connected = True
            self.status.setText(self.tr("Loading PyTorch…"))
        return worker

    def _rebuild(self) -> None:
        """Start a new session for the panel's config; the screen clears at once."""
        try:
            config = self.panel.config()
        except ValueError:
            return  # the panel shows the message
        self._generation += 1
        self._session = None
        self._stop_note = ""
        self._set_playing(False)
        compare = self.panel.compare_mode()
        flags = (False, True) if compare else (config.residual,)
        self._series = [StackSeries(config.depth) for _ in flags]
        self._boundary_seen = -1
        self._stale.clear()
        self._pending_boundary.clear()
        self.views[1].setVisible(compare)
        branch = branch_text(config)
        for view, residual in zip(self.views, flags, strict=False):
            view.clear()
            view.set_stack(residual, config.depth, branch if residual else "")
        self.curves.set_stacks(flags)
        self.curves.set_config(config)
        self._worker()
        self.controller.post("build", self._generation, config, compare,
                             self.panel.step_budget())
        if not self.timer.isActive():
            self.timer.start()
        self.state_changed.emit()

    # -- handlers -------------------------------------------------------------------------
    def _on_scenario_changed(self, index: int, autoplay: bool = True) -> None:
        key = self.scenario.itemData(index) or "skips"
        s = scenario_by_key(key)
        self.explanation.setText(s.explanation)
        self.panel.set_config(s.config, s.compare, max_steps=s.steps)
        if not autoplay:
            return  # opening state: configured, not started
        self._rebuild()
        if s.sweep:
            self.controller.post("step", 1)  # the two stacks' gradients at initialisation
            self._on_sweep_clicked()
        elif autoplay:
            self.play.setChecked(True)

    def _on_config_changed(self) -> None:
        if self.controller.started:
            self._rebuild()
        else:
            self.state_changed.emit()

    def _on_budget_changed(self, steps: int) -> None:
        if self.controller.started:
            self.controller.post("budget", steps)

    def _on_play_toggled(self, on: bool) -> None:
        if self._playing == on:
            return
        if on and not self._ready():
            self._rebuild()
        self._set_playing(on)
        self._stop_note = ""
        if on and self._session is not None:
            with self._session.lock:
                self._session.paused_at = None
        self.controller.post("play" if on else "pause")

    def _ready(self) -> bool:
        return self.controller.started and self._series != []

    def _set_playing(self, on: bool) -> None:
        self._playing = on
        with QSignalBlocker(self.play):
            self.play.setChecked(on)
        self.play.setText(self.tr("Pause") if on else self.tr("Play"))
        if not on and self._stale and self._session is not None:
            # While training, panes take turns (one a tick); a paused lab shows every pane's
            # latest data at once instead of one tick per pane later.
            for pane in list(self._stale):
                self._redraw_pane(pane)
            self._update_status_text()

    def _on_step_clicked(self) -> None:
        if not self._ready():
            self._rebuild()
        if self._playing:
            self._set_playing(False)
            self.controller.post("pause")
        self.controller.post("step", 1)

    def _on_reset_clicked(self) -> None:
        self.controller.cancel_sweep()
        self._rebuild()

    def _on_sweep_clicked(self) -> None:
        try:
            config = self.panel.config()
        except ValueError:
            return
        self._worker()
        self.controller.cancel_sweep()
        self.curves.show_sharpness_plot(False)  # the sweep takes the sharpness plot's place
        self.curves.show_sweep_message(self.tr("computing the depth sweep…"))
        self.controller.post("sweep", self._generation, config, SWEEP_DEPTHS)

    def _on_session_ready(self, session: LiveSession) -> None:
        if session.generation != self._generation:
            return  # a reset happened since
        self._session = session
        for view in self.views[: len(session.residual)]:
            view.set_data_points(session.X, session.y, session.bounds)
        self.status.setText(self.tr("Ready: press Play or Step."))
        if self._playing:
            self.controller.post("play")

    def _on_worker_stopped(self, generation: int, why: str) -> None:
        if generation != self._generation:
            return
        self._set_playing(False)
        budget = self.tr("Stopped after the step budget ({0} steps).")
        self._stop_note = (self.tr("Stopped: every stack diverged.") if why == "diverged"
                           else budget.format(self.panel.step_budget()))
        self.status.setText(self._stop_note)
        self.message.emit(self._stop_note)
        self.state_changed.emit()

    def _on_sweep_progress(self, generation: int, done: int, total: int) -> None:
        self.curves.show_sweep_message(self.tr("depth sweep: {0} of {1} depths…")
                                       .format(done, total))

    def _on_sweep_done(self, generation: int, sweep) -> None:
        self.curves.show_sweep(sweep.depths, sweep.plain, sweep.residual)

    def _on_worker_failed(self, message: str) -> None:
        self.status.setText(self.tr("Training is unavailable: {0}").format(message))

    # -- redraw clock ---------------------------------------------------------------------
    def _on_frame_timer(self) -> None:
        s = self._session
        if s is None or s.generation != self._generation:
            return
        changed = False
        for i, series in enumerate(self._series):
            new = s.new_records(i, series.n)
            if new:
                series.extend(new)
                changed = True
        if changed:
            self._stale.update([*range(len(self._series)), CURVES])
            now = time.monotonic()
            if now - self._state_sent >= 0.25 or not self._playing:
                self._state_sent = now
                self.state_changed.emit()
        if s.boundary_version != self._boundary_seen:
            with s.lock:
                grids, self._boundary_seen = list(s.boundary), s.boundary_version
            for i, grid in enumerate(grids[: len(self.views)]):
                self._pending_boundary[i] = grid
                self._stale.add(i)
        if not self._stale:
            return
        if self._playing:
            # One pane per tick while training: Qt paints every dirty widget of the window in
            # one pass, so redrawing the two stacks and the curves together made the GUI
            # thread's longest stall the sum of three plot paints.  In turn, each pane still
            # updates about 10 times a second.
            order = [*range(len(self.views)), CURVES]
            for k in range(len(order)):
                pane = order[(self._turn + k) % len(order)]
                if pane in self._stale:
                    self._turn = (order.index(pane) + 1) % len(order)
                    self._redraw_pane(pane)
                    break
        else:
            for pane in list(self._stale):
                self._redraw_pane(pane)
        self._update_status_text()

    def _redraw(self) -> None:
        """Redraw every pane now (stepping, pausing, tests and benchmarks)."""
        for pane in [*range(len(self._series)), CURVES]:
            self._redraw_pane(pane)
        self._update_status_text()

    def _redraw_pane(self, pane: int | str) -> None:
        self._stale.discard(pane)
        s = self._session
        if pane == CURVES:
            self.curves.show_series(self._series)
            return
        view = self.views[pane]
        if pane in self._pending_boundary:
            view.set_boundary(self._pending_boundary.pop(pane))
        if pane >= len(self._series) or not self._series[pane].n:
            return
        view.show_series(self._series[pane], series_levels(self._series))
        with s.lock:
            status, reason = s.status[pane], s.reasons[pane]
        if status == "diverged":
            view.set_status(divergence_text(*reason), alarm=True)

    def _update_status_text(self) -> None:
        n = max((se.n for se in self._series), default=0)
        if self._playing:
            self.status.setText(self.tr("Training… step {0}").format(n))
        elif self._stop_note:
            self.status.setText(self._stop_note)
        elif n:
            self.status.setText(self.tr("Paused at step {0}.").format(n))

    # -- lessons (optim_lab.lessons.progress.DeepTarget) ---------------------------------
    def deep_state(self) -> DeepStackState:
        """The configuration shown and, per stack, the training drawn so far."""
        setup = self.deep_snapshot()
        flags = (False, True) if setup.compare else (setup.config.residual,)
        s = self._session
        stacks = []
        for i, residual in enumerate(flags):
            se = self._series[i] if i < len(self._series) else None
            n = se.n if se is not None else 0
            diverged = False
            if s is not None and s.generation == self._generation:
                with s.lock:
                    diverged = i < len(s.status) and s.status[i] == "diverged"
            stacks.append(StackState(
                residual, n, float(se.loss[-1]) if n else None,
                float(se.accuracy[-1]) if n else None, se.ratio() if n else None, diverged))
        return DeepStackState(setup, tuple(stacks))

    def deep_snapshot(self) -> DeepSetup:
        """The setup in force (the panel's configuration, A/B mode and step budget)."""
        try:
            config = self.panel.config()
        except ValueError:  # a field being edited: the last valid configuration
            config = self.panel._base
        return DeepSetup(config, self.panel.compare_mode(), self.panel.step_budget())

    def apply_deep_setup(self, setup: DeepSetup) -> None:
        """Show ``setup`` (a lesson step, or the learner's own when a lesson ends), untrained."""
        self._set_playing(False)
        self.controller.cancel_sweep()
        match = next((i for i in range(1, self.scenario.count())
                      if (sc := scenario_by_key(self.scenario.itemData(i))).config == setup.config
                      and sc.compare == setup.compare and not sc.sweep), 0)
        self.scenario.setCurrentIndex(match)
        self.explanation.setText(scenario_by_key(self.scenario.itemData(match)).explanation
                                 if match else "")
        self.panel.set_config(setup.config, setup.compare, max_steps=setup.steps)
        if self.controller.started:
            self._rebuild()  # emits state_changed
        else:
            self.state_changed.emit()

    # -- lifetime -------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop training and join the thread (called on close and when the app quits)."""
        try:
            self.timer.stop()
        except RuntimeError:  # the widget's C++ side is already gone at application exit
            pass
        self._playing = False
        self.controller.shutdown()
        self._connected = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if not self.controller.started:
            self._rebuild()  # loads torch in the training thread while the user reads

    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)
