"""One optimizer's controls: enable box, colour swatch, learning rate and other hyperparameters,
and the run's training dynamics (noise, schedule, clipping, AMSGrad) behind a toggle.

Values are validated by ``optim_lab.make_optimizer``; a rejected value is shown
inline in red (the row then has no optimizer) and never raises. The dynamics editor
(:mod:`.dynamics_editor`) is built the first time it is opened; a run with a
schedule shows it as a small curve under the learning-rate slider.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from optim_lab import OPTIMIZERS, Optimizer, make_optimizer
from optim_lab.dynamics import Dynamics
from optim_lab.optimizers import MAX_LR
from optim_lab.schedules import Schedule, parse_schedule

from .dynamics_editor import DynamicsEditor
from .dynamics_texts import dynamics_summary
from .live_text import LiveText
from .lr_slider import LearningRateSlider
from .number_box import FLOAT_MAX, ExactSpinBox, ScientificSpinBox
from .schedule_curve import ScheduleCurve

# Hyperparameters shown per optimizer (the learning rate has its own slider).
SHOWN_HYPER = {
    "gd": (),
    "momentum": ("momentum",),
    "nesterov": ("momentum",),
    "adam": ("beta1", "beta2", "eps"),
    "adamw": ("beta1", "beta2", "eps", "weight_decay"),
    "rmsprop": ("alpha", "momentum", "eps"),
    "adagrad": ("eps",),
}
SYMBOLS = {"momentum": "β", "beta1": "β₁", "beta2": "β₂", "eps": "ε", "alpha": "α",
           "weight_decay": "λ"}


def hyper_tooltip(key: str) -> str:
    tips = {
        "momentum": QCoreApplication.translate(
            "OptimizerRow", "Momentum β: the fraction of the previous step kept (0 ≤ β < 1)"),
        "beta1": QCoreApplication.translate(
            "OptimizerRow", "β₁: decay of the running mean of gradients (0 ≤ β₁ < 1)"),
        "beta2": QCoreApplication.translate(
            "OptimizerRow", "β₂: decay of the running mean of squared gradients (0 ≤ β₂ < 1)"),
        "eps": QCoreApplication.translate(
            "OptimizerRow", "ε: added to the denominator to avoid division by zero (> 0)"),
        "alpha": QCoreApplication.translate(
            "OptimizerRow", "α: decay of the running mean of squared gradients (0 ≤ α < 1)"),
        "weight_decay": QCoreApplication.translate(
            "OptimizerRow", "Weight decay λ: shrinks the parameters by lr·λ each step (≥ 0)"),
    }
    return tips[key]


def _spin_for(key: str, value: float, parent: QWidget) -> QDoubleSpinBox:
    """A box whose range is what the engine accepts for ``key`` (the value is kept exactly)."""
    below_one = math.nextafter(1.0, 0.0)  # β, α: 0 ≤ value < 1
    if key == "eps":
        box: QDoubleSpinBox = ScientificSpinBox(5e-324, FLOAT_MAX, parent)  # ε > 0
    elif key == "weight_decay":
        box = ExactSpinBox(0.0, FLOAT_MAX, 0.01, parent=parent)
    else:
        box = ExactSpinBox(0.0, below_one, 0.001 if key == "beta2" else 0.01, parent=parent)
    box.setValue(float(value))
    box.setToolTip(hyper_tooltip(key))
    box.setAccessibleName(hyper_tooltip(key))
    return box


class OptimizerRow(QFrame):
    """Controls for one optimizer run.

    Signals: ``changed()`` after any edit (learning rate during drags included),
    ``colorChanged(str)``, ``removeRequested()``, ``dynamicsEdited(Dynamics)``.
    ``optimizer()`` is the validated :class:`optim_lab.Optimizer`, or None while a
    value is invalid (``error()`` says why). The "Dynamics" toggle is shown with
    ``dynamics=True``, where an owner applies the edits (the Surface Lab's rows).
    """

    changed = Signal()
    colorChanged = Signal(str)
    removeRequested = Signal()
    dynamicsEdited = Signal(object)  # a checked optim_lab.dynamics.Dynamics

    def __init__(self, name: str, color: str, hyper: dict | None = None, enabled: bool = True,
                 removable: bool = True, parent: QWidget | None = None,
                 dynamics: bool = False) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("OptimizerRow")
        self._name = name
        self._color = color
        values = {**OPTIMIZERS[name].defaults, **(hyper or {})}
        self._opt: Optimizer | None = None
        self._error: str | None = None

        self.enable = QCheckBox(OPTIMIZERS[name].label, self)
        self.enable.setChecked(enabled)
        self.enable.setToolTip(self.tr("Show this run"))
        font = self.enable.font()
        font.setBold(True)
        self.enable.setFont(font)
        self.swatch = QToolButton(self)
        self.swatch.setAutoRaise(True)
        self.swatch.setIconSize(QSize(22, 10))
        self.swatch.setToolTip(self.tr("Line colour (click to change)"))
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setAutoRaise(True)
        self.remove.setToolTip(self.tr("Remove this run"))
        self.remove.setVisible(removable)
        self.dynamics_button = QToolButton(self)
        self.dynamics_button.setCheckable(True)
        self.dynamics_button.setAutoRaise(True)
        self.dynamics_button.setArrowType(Qt.ArrowType.RightArrow)
        self.dynamics_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.dynamics_button.setVisible(dynamics)  # only where a model takes the edits
        self._dynamics = Dynamics()
        self._schedule: Schedule | None = None  # None: constant (no curve, no work per drag)
        self._editor: DynamicsEditor | None = None
        self._steps = 1000
        self.run_id: int | None = None  # the session's id of the run this row shows
        self.lr = LearningRateSlider(float(values["lr"]), accepted=(0.0, MAX_LR), parent=self)

        head = QHBoxLayout()
        head.setSpacing(4)
        head.addWidget(self.swatch)
        head.addWidget(self.enable)
        head.addStretch(1)
        head.addWidget(self.dynamics_button)
        head.addWidget(self.remove)

        self.spins: dict[str, QDoubleSpinBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.addWidget(QLabel(self.tr("lr"), self), 0, 0)
        grid.addWidget(self.lr, 0, 1, 1, 7)
        self.schedule_curve = ScheduleCurve(color, self)
        self.schedule_curve.hide()
        grid.addWidget(self.schedule_curve, 1, 1, 1, 7)
        for i, key in enumerate(SHOWN_HYPER[name]):
            box = _spin_for(key, values[key], self)
            label = QLabel(SYMBOLS[key], self)
            label.setToolTip(hyper_tooltip(key))
            row, col = 2 + i // 2, (i % 2) * 4
            grid.addWidget(label, row, col)
            grid.addWidget(box, row, col + 1, 1, 3)
            self.spins[key] = box
            box.valueChanged.connect(self._on_hyper_changed)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(5, 1)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #B03A2E;")
        self.error_label.hide()
        self.dynamics_summary = QLabel(self)
        self.dynamics_summary.setWordWrap(True)
        self.dynamics_summary.setStyleSheet("color: #555555;")
        self.dynamics_summary.hide()
        self.dynamics_box = QVBoxLayout()  # the editor goes here when first opened
        self.dynamics_box.setContentsMargins(0, 0, 0, 0)
        self.status = LiveText(self, rich=False)  # a new text each drag step: no relayout
        self.status.hide()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(2)
        lay.addLayout(head)
        lay.addLayout(grid)
        lay.addWidget(self.dynamics_summary)
        lay.addLayout(self.dynamics_box)
        lay.addWidget(self.error_label)
        lay.addWidget(self.status)

        self._paint_swatch()
        self._validate()
        self._show_dynamics_badge()
        self.dynamics_button.toggled.connect(self._on_dynamics_toggled)
        self.enable.toggled.connect(self._on_enabled_changed)
        self.lr.valueChanged.connect(self._on_lr_changed)
        self.lr.invalidInput.connect(self._on_lr_rejected)
        self.swatch.clicked.connect(self._on_swatch_clicked)
        self.remove.clicked.connect(self.removeRequested)

    # --- public --------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    def label(self) -> str:
        return OPTIMIZERS[self._name].label

    def optimizer(self) -> Optimizer | None:
        return self._opt

    def error(self) -> str | None:
        return self._error

    def is_enabled(self) -> bool:
        return self.enable.isChecked()

    def set_enabled(self, on: bool) -> None:
        self.enable.setChecked(on)

    def color(self) -> str:
        return self._color

    def set_color(self, color: str) -> None:
        self._color = QColor(color).name()
        self._paint_swatch()
        self.schedule_curve.set_color(self._color)
        self.colorChanged.emit(self._color)

    def hyper(self) -> dict[str, float]:
        h = {"lr": self.lr.value()}
        h.update({k: box.value() for k, box in self.spins.items()})
        return h

    def set_hyper(self, **values: float) -> None:
        """Set several hyperparameters at once; emits ``changed`` once."""
        with QSignalBlocker(self.lr):
            if "lr" in values:
                self.lr.setValue(values["lr"])
        for k, v in values.items():
            if k in self.spins:
                with QSignalBlocker(self.spins[k]):
                    self.spins[k].setValue(float(v))
        self._validate()
        self.changed.emit()

    def show_setting(self, hyper: Mapping[str, float], enabled: bool, color: str) -> None:
        """Display the model's values (no ``changed`` signal: this is not a user edit)."""
        dirty = "lr" in hyper and hyper["lr"] != self.lr.value()
        if dirty:
            with QSignalBlocker(self.lr):
                self.lr.setValue(hyper["lr"])
        for k, box in self.spins.items():
            if k in hyper and box.value() != hyper[k]:
                with QSignalBlocker(box):
                    box.setValue(float(hyper[k]))
                dirty = True
        if enabled != self.enable.isChecked():
            with QSignalBlocker(self.enable):
                self.enable.setChecked(enabled)
        if QColor(color).name() != self._color:
            self._color = QColor(color).name()
            self._paint_swatch()
            self.schedule_curve.set_color(self._color)
        if dirty:
            self._validate()

    def set_stability_limit(self, limit: float | None, explanation: str = "") -> None:
        self.lr.setStabilityLimit(limit, explanation)

    def set_status(self, text: str, tone: str = "normal") -> None:
        """Show a one-line diagnosis under the controls (tone: normal, good, bad, warn)."""
        colors = {"good": "#1E7B4F", "bad": "#B03A2E", "warn": "#9A6700", "normal": "#333333"}
        self.status.setColor(colors.get(tone, colors["normal"]))
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def status_text(self) -> str:
        return "" if self.status.isHidden() else self.status.text()

    # --- training dynamics ---------------------------------------------------
    def dynamics(self) -> Dynamics:
        """The run's dynamics as last shown (the session's)."""
        return self._dynamics

    def dynamics_editor(self) -> DynamicsEditor:
        """The editor (built on first use), opened under the hyperparameters."""
        if self._editor is None:
            self._editor = DynamicsEditor(self._name, self._steps, self)
            self._editor.show_dynamics(self._dynamics)
            self._editor.edited.connect(self.dynamicsEdited)
            self._editor.setVisible(self.dynamics_button.isChecked())
            self.dynamics_box.addWidget(self._editor)
        if not self.dynamics_button.isChecked():
            self.dynamics_button.setChecked(True)
        return self._editor

    def show_dynamics(self, d: Dynamics) -> None:
        """Display the session's dynamics (no signal); O(1) when unchanged (slider drags)."""
        if d == self._dynamics:
            return
        self._dynamics = d
        schedule = parse_schedule(d.schedule)
        self._schedule = None if schedule.is_constant else schedule
        self.schedule_curve.setVisible(self._schedule is not None)
        if self._editor is not None:
            self._editor.show_dynamics(d)
        self._show_dynamics_badge()

    def show_dynamics_error(self, message: str) -> None:
        """The session refused an edit: say why in the editor (its last good value stays)."""
        self.dynamics_editor().show_error(message)

    def show_schedule(self, lr: float, steps: int) -> None:
        """Draw the schedule from ``lr`` over ``steps`` (nothing to do without a schedule)."""
        self._steps = steps
        if self._editor is not None:
            self._editor.set_steps(steps)  # what a schedule chosen next is fitted to
        if self._schedule is None:
            return
        if math.isfinite(lr) and lr > 0:
            self.schedule_curve.set_schedule(self._schedule, lr, steps)

    def _show_dynamics_badge(self) -> None:
        summary = dynamics_summary(self._dynamics)
        text = self.tr("Dynamics")
        self.dynamics_button.setText(f"{text} ●" if summary else text)
        self.dynamics_button.setToolTip(
            self.tr("Training dynamics: gradient noise, learning-rate schedule, clipping, "
                    "AMSGrad") + (f"\n{summary}" if summary else ""))
        self.dynamics_summary.setText(summary)
        self.dynamics_summary.setVisible(bool(summary) and not self.dynamics_button.isChecked())

    def _on_dynamics_toggled(self, on: bool) -> None:
        self.dynamics_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        if on:
            self.dynamics_editor().show()
        elif self._editor is not None:
            self._editor.hide()
        self._show_dynamics_badge()

    # --- handlers ------------------------------------------------------------
    def _validate(self) -> None:
        try:
            self._opt = make_optimizer(self._name, **self.hyper())
            self._error = None
        except ValueError as exc:
            self._opt = None
            self._error = str(exc)
        self.error_label.setText(self._error or "")
        self.error_label.setVisible(self._error is not None)

    def _on_hyper_changed(self, _value: float) -> None:
        self._validate()
        self.changed.emit()

    def _on_lr_changed(self, _value: float) -> None:
        self._validate()
        self.changed.emit()

    def _on_lr_rejected(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def _on_enabled_changed(self, _on: bool) -> None:
        self.changed.emit()

    def _on_swatch_clicked(self) -> None:
        c = QColorDialog.getColor(QColor(self._color), self, self.tr("Line colour"))
        if c.isValid():
            self.set_color(c.name())

    def _paint_swatch(self) -> None:
        pm = QPixmap(22, 10)
        pm.fill(QColor(self._color))
        self.swatch.setIcon(QIcon(pm))
