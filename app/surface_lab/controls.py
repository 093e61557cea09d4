"""The Surface Lab's left column: surface picker, start point, steps and the optimizer rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from optim_lab import get_surface, surface_names
from optim_lab.experiment import MAX_COORDINATE, MAX_RUNS, MAX_STEPS
from optim_lab.surfaces import CUSTOM_NAME

from ..widgets import OptimizerList
from ..widgets.number_box import FLOAT_MAX, ExactSpinBox
from .names import tr_surface

__all__ = ["MAX_STEPS", "SurfaceControls"]

if TYPE_CHECKING:
    from .expression_editor import ExpressionDialog


class SurfaceControls(QScrollArea):
    surfaceChanged = Signal(str)
    customApplied = Signal(str, object)  # a checked f(x, y) and its range (xmin, xmax, ymin, ymax)
    kappaChanged = Signal(float)
    startEdited = Signal(float, float)
    stepsChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(8)

        box = QGroupBox(self.tr("Surface"), body)
        form = QVBoxLayout(box)
        form.setSpacing(4)
        self.surface = QComboBox(box)
        self.surface.setToolTip(self.tr("The loss surface f(x, y) to descend"))
        for name in surface_names(2):
            self.surface.addItem(tr_surface(get_surface(name).label), name)
        self.surface.insertSeparator(self.surface.count())
        self.surface.addItem(self.tr("Custom f(x, y)…"), CUSTOM_NAME)
        self._shown = self.surface.currentData()  # the surface the session has
        self._custom_params: dict = {}
        self._editor: ExpressionDialog | None = None  # built on first use (it loads sympy)
        form.addWidget(self.surface)
        self.edit_custom = QPushButton(self.tr("Edit f(x, y)…"), box)
        self.edit_custom.setToolTip(self.tr("Change your function or its plotting range"))
        self.edit_custom.setVisible(False)
        form.addWidget(self.edit_custom)
        row = QHBoxLayout()
        self.kappa_label = QLabel(self.tr("Condition number κ"), box)
        self.kappa = ExactSpinBox(1.0, FLOAT_MAX, step=None, parent=box)  # arrows: ×10 / ÷10
        self.kappa.setValue(10.0)
        self.kappa.setToolTip(self.tr("κ = λ_max/λ_min: how much steeper the bowl is along y "
                                      "than along x"))
        row.addWidget(self.kappa_label)
        row.addWidget(self.kappa, 1)
        form.addLayout(row)
        self.description = QLabel(box)
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #555555;")
        form.addWidget(self.description)
        lay.addWidget(box)

        box = QGroupBox(self.tr("Start and steps"), body)
        grid = QFormLayout(box)
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        row = QHBoxLayout()
        self.x = self._coord_box(box, self.tr("x of the start point"))
        self.y = self._coord_box(box, self.tr("y of the start point"))
        row.addWidget(QLabel("x", box))
        row.addWidget(self.x, 1)
        row.addWidget(QLabel("y", box))
        row.addWidget(self.y, 1)
        grid.addRow(self.tr("Start"), row)
        self.steps = QSpinBox(box)
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setValue(1000)
        self.steps.setSingleStep(100)
        self.steps.setKeyboardTracking(False)
        self.steps.setToolTip(self.tr("Maximum number of steps per run"))
        grid.addRow(self.tr("Steps"), self.steps)
        hint = QLabel(self.tr("Click the surface to start every run there; drag a ✛ to move "
                              "one start."), box)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        grid.addRow(hint)
        lay.addWidget(box)

        box = QGroupBox(self.tr("Optimizers"), body)
        v = QVBoxLayout(box)
        v.setContentsMargins(4, 4, 4, 4)
        self.optimizers = OptimizerList(box, max_rows=MAX_RUNS, managed=False)
        v.addWidget(self.optimizers)
        lay.addWidget(box)
        lay.addStretch(1)
        self.setWidget(body)

        self.surface.currentIndexChanged.connect(self._on_surface_changed)
        self.surface.activated.connect(self._on_surface_activated)
        self.edit_custom.clicked.connect(self.open_custom_editor)
        self.kappa.valueChanged.connect(self._on_kappa_changed)
        self.x.valueChanged.connect(self._on_start_changed)
        self.y.valueChanged.connect(self._on_start_changed)
        self.steps.valueChanged.connect(self._on_steps_changed)

    def minimumSizeHint(self):  # noqa: N802 (Qt name)
        """As wide as the controls need (rows included), so nothing is clipped on the right."""
        hint = super().minimumSizeHint()
        body = self.widget()
        if body is not None:
            w = body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 2
            hint.setWidth(max(hint.width(), w))
        return hint

    @staticmethod
    def _coord_box(parent: QWidget, tip: str) -> QDoubleSpinBox:
        """Shows 6 significant digits, holds the exact coordinate (any the session accepts)."""
        b = ExactSpinBox(-MAX_COORDINATE, MAX_COORDINATE, 0.1, digits=6, parent=parent)
        b.setToolTip(tip)
        return b

    def surface_name(self) -> str:
        return self.surface.currentData()

    def surface_params(self) -> dict:
        """Parameters of the chosen surface (the quadratic's κ, a custom f(x, y) and range)."""
        if self.surface_name() == CUSTOM_NAME:
            return dict(self._custom_params)
        return {"kappa": self.kappa.value()} if self.surface_name() == "quadratic" else {}

    def set_kappa(self, kappa: float) -> None:
        with QSignalBlocker(self.kappa):
            self.kappa.setValue(kappa)
        self._describe(self.surface_name())

    def show_surface(self, name: str, params: dict) -> None:
        """Display the session's surface and parameters (no signals)."""
        if "kappa" in params and self.kappa.value() != params["kappa"]:
            with QSignalBlocker(self.kappa):
                self.kappa.setValue(float(params["kappa"]))
        if name == CUSTOM_NAME:
            self._custom_params = dict(params)
            self.set_surface_name(name, notify=False)  # describes the new expression too
        elif self.surface.currentData() != name and self.surface.findData(name) >= 0:
            self.set_surface_name(name, notify=False)

    def set_surface_name(self, name: str, notify: bool = True) -> None:
        i = self.surface.findData(name)
        if i < 0:
            raise ValueError(f"unknown surface {name!r}")
        if name == CUSTOM_NAME and not self._custom_params:
            raise ValueError("a custom surface needs its expression: use the editor")
        with QSignalBlocker(self.surface):
            self.surface.setCurrentIndex(i)
        self._shown = name
        self._describe(name)
        if notify:
            self.surfaceChanged.emit(name)

    def show_start(self, x: float, y: float) -> None:
        if (self.x.value(), self.y.value()) == (x, y):
            return
        with QSignalBlocker(self.x), QSignalBlocker(self.y):
            self.x.setValue(x)
            self.y.setValue(y)

    def set_steps(self, n: int) -> None:
        if self.steps.value() == n:
            return
        with QSignalBlocker(self.steps):
            self.steps.setValue(n)

    def _describe(self, name: str) -> None:
        custom = name == CUSTOM_NAME
        s = get_surface(name, **(self._custom_params if custom else {}))
        quad = name == "quadratic"
        self.kappa_label.setVisible(quad)
        self.kappa.setVisible(quad)
        self.edit_custom.setVisible(custom)
        if quad:
            self.description.setText(self.tr("½(x² + κ y²): Hessian eigenvalues 1 and κ, so "
                                             "gradient descent needs lr < 2/κ."))
        elif custom:
            kinds = [c.kind for c in s.critical_points]
            self.description.setText(
                self.tr("Your f(x, y) = {expression}. Found in the range: minima {minima}, "
                        "saddles {saddles}, maxima {maxima}.").format(
                    expression=s.expression, minima=kinds.count("minimum"),
                    saddles=kinds.count("saddle"), maxima=kinds.count("maximum")))
        else:
            self.description.setText(tr_surface(s.description))
        b = s.bounds
        for box, (lo, hi) in ((self.x, b[0]), (self.y, b[1])):
            box.setToolTip(self.tr("Plotted range {lo} … {hi}").format(lo=f"{lo:g}", hi=f"{hi:g}"))

    def _on_surface_changed(self, _index: int) -> None:
        if self.surface_name() == CUSTOM_NAME:
            return  # chosen in the list: the editor opens (activated); the session decides
        self._shown = self.surface_name()
        self._describe(self.surface_name())
        self.surfaceChanged.emit(self.surface_name())

    def _on_surface_activated(self, index: int) -> None:
        if self.surface.itemData(index) != CUSTOM_NAME:
            return
        if self._shown != CUSTOM_NAME:  # stay on the current surface until Apply
            with QSignalBlocker(self.surface):
                self.surface.setCurrentIndex(self.surface.findData(self._shown))
        self.open_custom_editor()

    def open_custom_editor(self) -> ExpressionDialog:
        """The f(x, y) editor, filled with the current custom surface (or an example)."""
        if self._editor is not None:
            self._editor.raise_()
            return self._editor
        from .expression_editor import EXAMPLES, ExpressionDialog  # loads sympy: on first use

        p = self._custom_params
        if p:
            text, bounds = p["expression"], (p["xmin"], p["xmax"], p["ymin"], p["ymax"])
        else:
            _, text, bounds = EXAMPLES[0]
        self._editor = ExpressionDialog(text, bounds, self)
        self._editor.applied.connect(self.customApplied)
        self._editor.finished.connect(self._on_editor_finished)
        self._editor.open()
        return self._editor

    def _on_editor_finished(self, _result: int) -> None:
        if self._editor is not None:
            self._editor.deleteLater()
            self._editor = None

    def _on_kappa_changed(self, k: float) -> None:
        self.kappaChanged.emit(k)

    def _on_start_changed(self, _v: float) -> None:
        self.startEdited.emit(self.x.value(), self.y.value())

    def _on_steps_changed(self, n: int) -> None:
        self.stepsChanged.emit(n)
