"""The Deep Stack Lab's configuration panel: builds a validated DeepConfig."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
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
        self._base = DeepConfig()
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
        self.norm = self._combo([("none", self.tr("none")), ("batch", self.tr("BatchNorm")),
                                 ("layer", self.tr("LayerNorm"))])
        self.norm.setToolTip(self.tr(
            "Normalisation in every hidden layer. BatchNorm uses the batch's statistics while "
            "training and its running averages for the decision boundary (eval mode)."))
        self.norm_position = self._combo([("pre", self.tr("before the activation")),
                                          ("post", self.tr("after the activation"))])
        self.loss = self._combo([("ce", self.tr("cross-entropy")),
                                 ("mse", self.tr("squared error (MSE)"))])
        self.full_batch = QCheckBox(self.tr("Full batch (every step on all the data)"))
        self.clip = QDoubleSpinBox(minimum=0.0, maximum=1000.0, singleStep=0.1, decimals=3)
        self.clip.setSpecialValueText(self.tr("off"))
        self.clip.setToolTip(self.tr(
            "Clip the gradient to this global norm before each step "
            "(torch.nn.utils.clip_grad_norm_); 0 = off."))
        self.schedule = QLineEdit(self)
        self.schedule.setPlaceholderText("constant")
        self.schedule.setToolTip(self.tr(
            "Learning-rate schedule as in torch.optim.lr_scheduler, e.g. "
            "StepLR:step_size=200,gamma=0.5 · ExponentialLR:gamma=0.999 · "
            "CosineAnnealingLR:T_max=2000 · LinearLR:start_factor=0.1,total_iters=100 · "
            "warmup_cosine:warmup_iters=100,T_max=1900. Press Enter to apply."))
        self.sharpness_every = QSpinBox(minimum=0, maximum=1000)
        self.sharpness_every.setSpecialValueText(self.tr("off"))
        self.sharpness_every.setSuffix(self.tr(" steps"))
        self.sharpness_every.setToolTip(self.tr(
            "Estimate the sharpness λ_max of the training-loss Hessian (Lanczos on "
            "Hessian-vector products) every this many steps; 0 = off."))
        self.optimizer = self._combo([("sgd", self.tr("SGD")),
                                      ("momentum", self.tr("SGD + momentum 0.9")),
                                      ("adam", self.tr("Adam"))])
        self.lr = ScientificSpinBox(1e-6, 1e4)
        self.lr.setToolTip(self.tr("Learning rate; type a value such as 0.003 or 1e3."))
        self.batch = QSpinBox(minimum=1, maximum=4096)
        self.dataset = self._combo([("spirals", self.tr("two spirals")),
                                    ("moons", self.tr("two moons")),
                                    ("circles", self.tr("circles")), ("xor", self.tr("XOR"))])
        self.samples = QSpinBox(minimum=16, maximum=20_000, singleStep=100)
        self.samples.setToolTip(self.tr("Number of training points."))
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
            (self.tr("Residual"), self.branch), (self.tr("Norm"), self.norm),
            (self.tr("Norm position"), self.norm_position),
            (self.tr("Optimizer"), self.optimizer), (self.tr("Learning rate"), self.lr),
            (self.tr("LR schedule"), self.schedule), (self.tr("Clip norm"), self.clip),
            (self.tr("Loss"), self.loss), (self.tr("Batch size"), self.batch),
            (None, self.full_batch), (self.tr("Sharpness every"), self.sharpness_every),
            (self.tr("Data"), self.dataset), (self.tr("Points"), self.samples),
            (self.tr("Seed"), self.seed), (self.tr("Stop after"), self.max_steps),
            (None, self.error),
        ]
        for label, widget in rows:
            if label is None:
                form.addRow(widget)
            else:
                form.addRow(label, widget)
        for spin in (self.depth, self.width_box, self.batch, self.seed, self.max_steps,
                     self.sharpness_every, self.samples):
            spin.setKeyboardTracking(False)
        for spin in (self.depth, self.width_box, self.batch, self.seed, self.sharpness_every,
                     self.samples):
            spin.valueChanged.connect(self._on_field_changed)
        self.clip.setKeyboardTracking(False)
        self.clip.valueChanged.connect(self._on_field_changed)
        self.schedule.editingFinished.connect(self._on_schedule_edited)
        self._schedule_text = ""
        self.max_steps.valueChanged.connect(self.budget_changed)
        self.gain.setKeyboardTracking(False)
        self.gain.valueChanged.connect(self._on_field_changed)
        self.lr.valueChanged.connect(self._on_field_changed)
        for combo in (self.activation, self.init, self.branch, self.optimizer, self.dataset,
                      self.norm, self.norm_position, self.loss):
            combo.currentIndexChanged.connect(self._on_field_changed)
        for box in (self.compare, self.residual, self.full_batch):
            box.toggled.connect(self._on_field_changed)
        self.set_config(DeepConfig(), compare=True, max_steps=2000)

    def _combo(self, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        for key, text in items:
            combo.addItem(text, key)
        return combo

    def _on_schedule_edited(self) -> None:
        if self.schedule.text() != self._schedule_text:  # Enter and focus-out both report
            self._schedule_text = self.schedule.text()
            self._on_field_changed()

    def _on_field_changed(self, *_: object) -> None:
        self.residual.setEnabled(not self.compare.isChecked())
        self.norm_position.setEnabled(self.norm.currentData() != "none")
        self.batch.setEnabled(not self.full_batch.isChecked())
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
        for combo, key in ((self.norm, config.norm), (self.norm_position, config.norm_position),
                           (self.loss, config.loss)):
            combo.setCurrentIndex(combo.findData(key))
        self.norm_position.setEnabled(config.norm != "none")
        self.full_batch.setChecked(config.full_batch)
        self.batch.setEnabled(not config.full_batch)
        self.clip.setValue(config.clip)
        text = "" if config.schedule == "constant" else config.schedule
        self.schedule.setText(text)
        self._schedule_text = text
        self.sharpness_every.setValue(config.sharpness_every)
        self.lr.setValue(config.lr)
        self.batch.setValue(config.batch_size)
        self.seed.setValue(config.seed)
        self.samples.setValue(config.n_samples)
        self._base = config  # fields without a widget (momentum, noise) come from here
        if max_steps is not None:
            self.max_steps.setValue(max_steps)
        del blockers
        self.error.setText("")

    def config(self) -> DeepConfig:
        """The configuration shown; raises ValueError naming a bad field."""
        return self._base.with_(
            depth=self.depth.value(), width=self.width_box.value(),
            activation=self.activation.currentData(), init=self.init.currentData(),
            gain=self.gain.value(), residual=self.residual.isChecked(),
            branch=self.branch.currentData(), norm=self.norm.currentData(),
            norm_position=self.norm_position.currentData(),
            optimizer=self.optimizer.currentData(), lr=self.lr.value(),
            batch_size=self.batch.value(), dataset=self.dataset.currentData(),
            seed=self.seed.value(), full_batch=self.full_batch.isChecked(),
            loss=self.loss.currentData(), clip=self.clip.value(),
            schedule=self.schedule.text().strip() or "constant",
            sharpness_every=self.sharpness_every.value(), n_samples=self.samples.value(),
        )

    def compare_mode(self) -> bool:
        return self.compare.isChecked()

    def step_budget(self) -> int:
        return self.max_steps.value()
