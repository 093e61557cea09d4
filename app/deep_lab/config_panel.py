"""The Deep Stack Lab's configuration panel: builds a validated DeepConfig."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from app.widgets.number_box import ScientificSpinBox
from optim_lab.deep.config import MAX_DEPTH, MAX_WIDTH, MIN_WIDTH, DeepConfig

__all__ = ["DeepConfigPanel"]


class DeepConfigPanel(QWidget):
    """Form of every DeepConfig field plus the A/B switch and the step budget."""

    config_changed = Signal()
    budget_changed = Signal(int)  # the step budget changes without restarting training

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        self.depth = QSpinBox(minimum=1, maximum=MAX_DEPTH)
        self.width_box = QSpinBox(minimum=MIN_WIDTH, maximum=MAX_WIDTH)
        self.activation = self._combo([("sigmoid", self.tr("sigmoid")), ("tanh", self.tr("tanh")),
                                       ("relu", self.tr("ReLU")), ("gelu", self.tr("GELU"))])
        self.init = self._combo([("default", self.tr("PyTorch default")),
                                 ("xavier", self.tr("Xavier (Glorot)")),
                                 ("he", self.tr("He (Kaiming)"))])
        self.gain = QDoubleSpinBox(minimum=0.05, maximum=10.0, singleStep=0.05, decimals=2)
        self.gain.setToolTip(self.tr("Multiplies every initial weight: below 1 too small, "
                                     "above 1 too large."))
        self.compare = QCheckBox(self.tr("Plain and residual side by side (A/B)"))
        self.residual = QCheckBox(self.tr("Skip connections (residual)"))
        self.branch = self._combo([("scaled", self.tr("branch × 1/√depth")),
                                   ("zero_init", self.tr("branch zero-initialised")),
                                   ("unscaled", self.tr("unscaled branch (blows up)"))])
        self.branch.setToolTip(self.tr(
            "How the residual branch is kept small: scaled by 1/√depth (default), its layer "
            "initialised to zero so the stack starts as the identity, or not at all."))
        self.layernorm = QCheckBox(self.tr("LayerNorm before each activation"))
        self.optimizer = self._combo([("sgd", self.tr("SGD")),
                                      ("momentum", self.tr("SGD + momentum 0.9")),
                                      ("adam", self.tr("Adam"))])
        self.lr = ScientificSpinBox(1e-6, 1e4)
        self.lr.setToolTip(self.tr("Learning rate; type a value such as 0.003 or 1e3."))
        self.batch = QSpinBox(minimum=1, maximum=4096)
        self.dataset = self._combo([("spirals", self.tr("two spirals")),
                                    ("moons", self.tr("two moons")),
                                    ("circles", self.tr("circles")), ("xor", self.tr("XOR"))])
        self.seed = QSpinBox(minimum=0, maximum=2**31 - 1)
        self.max_steps = QSpinBox(minimum=1, maximum=20_000, singleStep=100)
        self.max_steps.setToolTip(self.tr("Training pauses by itself after this many steps."))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B00020")
        rows = [
            (self.tr("Depth"), self.depth), (self.tr("Width"), self.width_box),
            (self.tr("Activation"), self.activation), (self.tr("Init"), self.init),
            (self.tr("Init gain"), self.gain), (None, self.compare), (None, self.residual),
            (self.tr("Residual"), self.branch), (None, self.layernorm),
            (self.tr("Optimizer"), self.optimizer), (self.tr("Learning rate"), self.lr),
            (self.tr("Batch size"), self.batch), (self.tr("Data"), self.dataset),
            (self.tr("Seed"), self.seed), (self.tr("Stop after"), self.max_steps),
            (None, self.error),
        ]
        for label, widget in rows:
            if label is None:
                form.addRow(widget)
            else:
                form.addRow(label, widget)
        for spin in (self.depth, self.width_box, self.batch, self.seed, self.max_steps):
            spin.setKeyboardTracking(False)
        for spin in (self.depth, self.width_box, self.batch, self.seed):
            spin.valueChanged.connect(self._on_field_changed)
        self.max_steps.valueChanged.connect(self.budget_changed)
        self.gain.setKeyboardTracking(False)
        self.gain.valueChanged.connect(self._on_field_changed)
        self.lr.valueChanged.connect(self._on_field_changed)
        for combo in (self.activation, self.init, self.branch, self.optimizer, self.dataset):
            combo.currentIndexChanged.connect(self._on_field_changed)
        for box in (self.compare, self.residual, self.layernorm):
            box.toggled.connect(self._on_field_changed)
        self.set_config(DeepConfig(), compare=True, max_steps=2000)

    def _combo(self, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        for key, text in items:
            combo.addItem(text, key)
        return combo

    def _on_field_changed(self, *_: object) -> None:
        self.residual.setEnabled(not self.compare.isChecked())
        try:
            self.config()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.error.setText("")
        self.config_changed.emit()

    def set_config(self, config: DeepConfig, compare: bool, max_steps: int | None = None) -> None:
        """Show ``config`` without emitting a change per field."""
        blockers = [QSignalBlocker(w) for w in self.findChildren(QWidget)]
        self.depth.setValue(config.depth)
        self.width_box.setValue(config.width)
        for combo, key in ((self.activation, config.activation), (self.init, config.init),
                           (self.branch, config.branch), (self.optimizer, config.optimizer),
                           (self.dataset, config.dataset)):
            combo.setCurrentIndex(combo.findData(key))
        self.gain.setValue(config.gain)
        self.compare.setChecked(compare)
        self.residual.setChecked(config.residual)
        self.residual.setEnabled(not compare)
        self.layernorm.setChecked(config.layernorm)
        self.lr.setValue(config.lr)
        self.batch.setValue(config.batch_size)
        self.seed.setValue(config.seed)
        if max_steps is not None:
            self.max_steps.setValue(max_steps)
        del blockers
        self.error.setText("")

    def config(self) -> DeepConfig:
        """The configuration shown; raises ValueError naming a bad field."""
        return DeepConfig(
            depth=self.depth.value(), width=self.width_box.value(),
            activation=self.activation.currentData(), init=self.init.currentData(),
            gain=self.gain.value(), residual=self.residual.isChecked(),
            branch=self.branch.currentData(), layernorm=self.layernorm.isChecked(),
            optimizer=self.optimizer.currentData(), lr=self.lr.value(),
            batch_size=self.batch.value(), dataset=self.dataset.currentData(),
            seed=self.seed.value(),
        )

    def compare_mode(self) -> bool:
        return self.compare.isChecked()

    def step_budget(self) -> int:
        return self.max_steps.value()
