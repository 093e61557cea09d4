"""A run's training dynamics: gradient noise, learning-rate schedule, clipping and AMSGrad.

The editor shows one :class:`optim_lab.dynamics.Dynamics` and emits ``edited(Dynamics)``
with a checked new value after each user edit. A value the engine refuses (a schedule
parameter out of range, say) is shown inline in red and nothing is emitted, so the
session keeps its last good setting; the widgets keep what was typed, to be fixed.

Schedules are built from number boxes into a spec ``NAME:key=value,...`` with
``torch.optim.lr_scheduler``'s class and parameter names (see
:mod:`optim_lab.schedules`); the tooltips give those names.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from optim_lab.dynamics import AMSGRAD_OPTIMIZERS, MAX_NOISE, Dynamics
from optim_lab.schedules import MAX_PERIOD, Schedule, parse_schedule

from .dynamics_boxes import SeedBox, ZeroOrLogSpinBox
from .dynamics_texts import param_label, param_tooltip, schedule_title
from .number_box import ExactSpinBox

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

SCHEDULES = ("constant", "StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR",
             "warmup_cosine")
INT_PARAMS = ("step_size", "T_max", "total_iters", "warmup_iters")
NEW_SEEDS = 1_000_000  # "new" draws a seed below this (short enough to read and note)
ERROR_STYLE = "color: #B03A2E;"


def default_schedule(name: str, steps: int) -> Schedule:
    """``name`` with torch's defaults, and values fitted to a run of ``steps`` steps for the
    parameters torch requires (step_size, gamma of ExponentialLR, T_max, warmup_iters)."""
    steps = max(2, int(steps))
    warm = max(1, steps // 10)
    fitted = {
        "constant": "",
        "StepLR": f"step_size={max(1, steps // 4)}",
        "ExponentialLR": f"gamma={float(f'{0.01 ** (1.0 / steps):.6g}')!r}",  # to 1 % at the end
        "CosineAnnealingLR": f"T_max={steps}",
        "LinearLR": f"start_factor=0.01,total_iters={warm}",
        "warmup_cosine": f"warmup_iters={warm},start_factor=0.01,T_max={max(1, steps - warm)}",
    }[name]
    return parse_schedule(f"{name}:{fitted}" if fitted else name)


class DynamicsEditor(QWidget):
    """Noise σ (0 = off), ×‖∇f‖, seed; schedule and its parameters; clip; AMSGrad."""

    edited = Signal(object)  # a checked Dynamics

    def __init__(self, optimizer: str, steps: int = 1000, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._optimizer = optimizer
        self._steps = int(steps)
        self._shown = Dynamics()
        self._error: str | None = None
        self._param_boxes: dict[str, QSpinBox | ExactSpinBox] = {}

        self.noise = ZeroOrLogSpinBox(MAX_NOISE, first_step=1e-3, parent=self)
        self.noise.setSpecialValueText(translate("Dynamics", "off"))
        self.noise.setToolTip(translate(
            "Dynamics", "Gradient noise σ: Gaussian noise of this standard deviation is added "
            "to every gradient (0 = off; arrows ×10 / ÷10)"))
        self.relative = QCheckBox("×‖∇f‖", self)
        self.relative.setToolTip(translate(
            "Dynamics", "Scale the noise by the gradient's norm: σ·‖∇f‖ instead of σ"))
        self.seed = SeedBox(self)
        self.seed.setToolTip(translate(
            "Dynamics", "Seed of the noise: the same seed gives the same path"))
        self.new_seed = QToolButton(self)
        self.new_seed.setText(translate("Dynamics", "new"))
        self.new_seed.setToolTip(translate("Dynamics", "Draw a new random seed"))
        self.schedule = QComboBox(self)
        for name in SCHEDULES:
            self.schedule.addItem(schedule_title(name), name)
            self.schedule.setItemData(self.schedule.count() - 1,
                                      name if name != "warmup_cosine"
                                      else "SequentialLR(LinearLR, CosineAnnealingLR)",
                                      Qt.ItemDataRole.ToolTipRole)  # torch's class
        self.schedule.setToolTip(translate(
            "Dynamics", "Learning-rate schedule (torch.optim.lr_scheduler)"))
        self.params = QWidget(self)
        self.params_grid = QGridLayout(self.params)
        self.params_grid.setContentsMargins(0, 0, 0, 0)
        self.params_grid.setHorizontalSpacing(4)
        self.params_grid.setVerticalSpacing(2)
        self.clip_on = QCheckBox(translate("Dynamics", "clip ‖∇f‖ at"), self)
        self.clip_on.setToolTip(translate(
            "Dynamics", "Gradient clipping by norm, as torch.nn.utils.clip_grad_norm_: a "
            "gradient longer than this is scaled down to this length"))
        self.clip = ExactSpinBox(1e-12, MAX_NOISE, step=None, digits=6, parent=self)
        self.clip.setValue(1.0)
        self.clip.setToolTip(self.clip_on.toolTip())
        self.amsgrad = QCheckBox("AMSGrad", self)
        self.amsgrad.setToolTip(translate(
            "Dynamics", "AMSGrad: divide by the largest second-moment estimate so far "
            "(torch.optim.Adam(amsgrad=True))"))
        self.amsgrad.setVisible(optimizer in AMSGRAD_OPTIMIZERS)
        for w in (self.noise, self.seed, self.schedule, self.clip):
            w.setAccessibleName(w.toolTip())  # screen readers: the box's meaning, not its value
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self._layout()

        self._show_schedule_params(parse_schedule("constant"))
        for box in (self.noise, self.clip):
            box.valueChanged.connect(self._on_edited)
        self.seed.valueChanged.connect(self._on_edited)
        for check in (self.relative, self.clip_on, self.amsgrad):
            check.toggled.connect(self._on_edited)
        self.new_seed.clicked.connect(self._on_new_seed)
        self.schedule.currentIndexChanged.connect(self._on_schedule_chosen)
        self._enable_parts()

    def _layout(self) -> None:
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.addWidget(QLabel(translate("Dynamics", "noise σ"), self), 0, 0)
        grid.addWidget(self.noise, 0, 1)
        grid.addWidget(self.relative, 0, 2, 1, 2)
        grid.addWidget(QLabel(translate("Dynamics", "seed"), self), 1, 0)
        grid.addWidget(self.seed, 1, 1)
        grid.addWidget(self.new_seed, 1, 2)
        grid.addWidget(QLabel(translate("Dynamics", "schedule"), self), 2, 0)
        grid.addWidget(self.schedule, 2, 1, 1, 3)
        grid.addWidget(self.params, 3, 0, 1, 4)
        clip_row = QHBoxLayout()
        clip_row.setSpacing(4)
        clip_row.addWidget(self.clip_on)
        clip_row.addWidget(self.clip, 1)
        grid.addLayout(clip_row, 4, 0, 1, 4)
        grid.addWidget(self.amsgrad, 5, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 2)
        lay.setSpacing(2)
        lay.addLayout(grid)
        lay.addWidget(self.error_label)

    # --- public --------------------------------------------------------------
    def shown(self) -> Dynamics:
        """The setting last shown or emitted (the session's)."""
        return self._shown

    def error(self) -> str | None:
        return self._error

    def set_steps(self, steps: int) -> None:
        """The run's length, for the parameters a newly chosen schedule starts with."""
        self._steps = int(steps)

    def show_dynamics(self, d: Dynamics) -> None:
        """Display the session's setting (no ``edited`` signal); clears an inline message."""
        self._shown = d
        schedule = parse_schedule(d.schedule)
        boxes = (self.noise, self.relative, self.seed, self.schedule, self.clip_on, self.clip,
                 self.amsgrad)
        blockers = [QSignalBlocker(w) for w in boxes]
        self.noise.setValue(d.noise)
        self.relative.setChecked(d.noise_relative)
        self.seed.setValue(d.seed)
        self.schedule.setCurrentIndex(SCHEDULES.index(schedule.name))
        self.clip_on.setChecked(d.clip is not None)
        if d.clip is not None:
            self.clip.setValue(d.clip)
        self.amsgrad.setChecked(d.amsgrad)
        del blockers
        self._show_schedule_params(schedule)
        self._enable_parts()
        self._set_error(None)

    def dynamics(self) -> Dynamics:
        """The setting the widgets show, checked (ValueError with the engine's message)."""
        name = self.schedule.currentData()
        values = ",".join(f"{k}={box.value()!r}" for k, box in self._param_boxes.items())
        spec = f"{name}:{values}" if values else name
        d = Dynamics(noise=self.noise.value(), noise_relative=self.relative.isChecked(),
                     seed=self.seed.value(), schedule=parse_schedule(spec).spec,
                     clip=self.clip.value() if self.clip_on.isChecked() else None,
                     amsgrad=self.amsgrad.isChecked() and not self.amsgrad.isHidden())
        return d.checked(self._optimizer)

    def show_error(self, message: str | None) -> None:
        """Show a refusal (from the session) under the controls."""
        self._set_error(message)

    # --- internals -------------------------------------------------------------
    def _show_schedule_params(self, schedule: Schedule) -> None:
        """One number box per parameter of ``schedule``, two per line, holding its values."""
        current = list(self._param_boxes)
        if current == [k for k, _ in schedule.params]:
            for key, value in schedule.params:
                box = self._param_boxes[key]
                with QSignalBlocker(box):
                    box.setValue(value)
            return
        while self.params_grid.count():
            w = self.params_grid.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self._param_boxes = {}
        for i, (key, value) in enumerate(schedule.params):
            box = self._param_box(key)
            box.setValue(value)
            box.setToolTip(param_tooltip(key))
            box.setAccessibleName(param_tooltip(key))
            box.valueChanged.connect(self._on_edited)
            label = QLabel(param_label(key), self.params)
            label.setToolTip(param_tooltip(key))
            row, col = i // 2, (i % 2) * 2
            self.params_grid.addWidget(label, row, col)
            self.params_grid.addWidget(box, row, col + 1)
            self._param_boxes[key] = box
        self.params_grid.setColumnStretch(1, 1)
        self.params_grid.setColumnStretch(3, 1)
        self.params.setVisible(bool(schedule.params))

    def _param_box(self, key: str) -> QSpinBox | ExactSpinBox:
        if key in INT_PARAMS:
            box: QSpinBox | ExactSpinBox = QSpinBox(self.params)
            box.setRange(1, MAX_PERIOD)
            box.setKeyboardTracking(False)
            box.setSingleStep(10)
        elif key == "eta_min":
            box = ZeroOrLogSpinBox(MAX_NOISE, first_step=1e-4, parent=self.params)
        else:  # gamma, start_factor, end_factor: the engine says which part of [0, 1] is allowed
            box = ExactSpinBox(0.0, 1.0, 0.05, digits=6, parent=self.params)
        return box

    def param_box(self, key: str) -> QSpinBox | ExactSpinBox:
        """The number box of a schedule parameter (torch's name) now shown."""
        return self._param_boxes[key]

    def _enable_parts(self) -> None:
        noisy = self.noise.value() > 0
        self.relative.setEnabled(noisy)
        self.seed.setEnabled(noisy)
        self.new_seed.setEnabled(noisy)
        self.clip.setEnabled(self.clip_on.isChecked())

    def _set_error(self, message: str | None) -> None:
        self._error = message
        self.error_label.setText(message or "")
        self.error_label.setVisible(message is not None)

    def _on_schedule_chosen(self, _index: int) -> None:
        self._show_schedule_params(default_schedule(self.schedule.currentData(), self._steps))
        self._on_edited()

    def _on_new_seed(self) -> None:
        self.seed.setValue(int(np.random.default_rng().integers(0, NEW_SEEDS)))

    def _on_edited(self, *_args) -> None:
        self._enable_parts()
        try:
            d = self.dynamics()
        except ValueError as exc:
            self._set_error(str(exc))
            return
        self._set_error(None)
        if d != self._shown:
            self.edited.emit(d)  # the session's echo comes back through show_dynamics
