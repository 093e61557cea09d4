"""Setup controls of the N-D Lab: surface and dimension, start, steps; the viewing plane."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from optim_lab import nd_surface_names

from ..widgets.number_box import ScientificSpinBox
from .compute import PlaneSpec, StartSpec, SurfaceSpec

MIN_DIM, MAX_DIM = 3, 1000
LABELS = {
    "quadratic": QT_TRANSLATE_NOOP("SetupPanel", "Quadratic (κ, rotated)"),
    "rosenbrock": QT_TRANSLATE_NOOP("SetupPanel", "Rosenbrock"),
    "rastrigin": QT_TRANSLATE_NOOP("SetupPanel", "Rastrigin"),
    "styblinski_tang": QT_TRANSLATE_NOOP("SetupPanel", "Styblinski–Tang"),
    "nd_saddle": QT_TRANSLATE_NOOP("SetupPanel", "N-D saddle"),
}


def _spin(lo: int, hi: int, value: int, tip: str, parent: QWidget) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(lo, hi)
    box.setValue(value)
    box.setKeyboardTracking(False)
    box.setToolTip(tip)
    return box


class SetupPanel(QGroupBox):
    """Surface, dimension, surface parameters, start and steps; ``changed()`` on any edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Surface and start"), parent)
        self.surface = QComboBox(self)
        for name in nd_surface_names():
            self.surface.addItem(self.tr(LABELS.get(name, name)), name)
        self.dim = _spin(MIN_DIM, MAX_DIM, 100, self.tr("Number of coordinates (3 to 1000)"), self)
        self.kappa = ScientificSpinBox(1.0, 1e6, self)
        self.kappa.setValue(100.0)
        self.kappa.setToolTip(self.tr("Condition number κ = λ_max / λ_min of the quadratic"))
        self.spread = QComboBox(self)
        for key, text in (("log", self.tr("geometric")), ("linear", self.tr("linear")),
                          ("extremes", self.tr("two clusters (1 and κ)"))):
            self.spread.addItem(text, key)
        self.spread.setToolTip(self.tr("How the eigenvalues are spread between 1 and κ"))
        self.rotated = QCheckBox(self.tr("random rotation, seed"), self)
        self.rotated.setChecked(True)
        self.rotated.setToolTip(self.tr("Rotate the eigen-directions away from the coordinate axes"))
        self.rot_seed = _spin(0, 99999, 0, self.tr("Seed of the random rotation"), self)
        self.negative = _spin(1, MAX_DIM, 2, self.tr("Directions of negative curvature at the saddle"),
                              self)
        self.start_mode = QComboBox(self)
        self.start_mode.addItem(self.tr("random, seed"), "random")
        self.start_mode.addItem(self.tr("all coordinates ="), "constant")
        self.seed = _spin(0, 99999, 0, self.tr("Seed of the random start"), self)
        self.start_spread = QDoubleSpinBox(self)
        self.start_spread.setRange(0.01, 1.0)
        self.start_spread.setSingleStep(0.05)
        self.start_spread.setValue(0.5)
        self.start_spread.setKeyboardTracking(False)
        self.start_spread.setToolTip(self.tr("Random start: uniform in this fraction of the box"))
        self.value = QDoubleSpinBox(self)
        self.value.setRange(-50.0, 50.0)
        self.value.setDecimals(3)
        self.value.setValue(-1.0)
        self.value.setKeyboardTracking(False)
        self.value.setToolTip(self.tr("Value of every coordinate at the start"))
        self.steps = _spin(1, 10000, 1000, self.tr("Number of optimizer steps"), self)

        rot = QHBoxLayout()
        rot.addWidget(self.rotated)
        rot.addWidget(self.rot_seed)
        start = QHBoxLayout()
        start.addWidget(self.start_mode)
        start.addWidget(self.seed)
        start.addWidget(self.value)
        form = QFormLayout(self)
        form.setContentsMargins(6, 4, 6, 4)
        form.setVerticalSpacing(3)
        form.addRow(self.tr("Surface"), self.surface)
        form.addRow(self.tr("Dimension"), self.dim)
        self.kappa_label = QLabel(self.tr("κ"), self)
        form.addRow(self.kappa_label, self.kappa)
        self.spread_label = QLabel(self.tr("Eigenvalues"), self)
        form.addRow(self.spread_label, self.spread)
        self.rot_row = QWidget(self)
        self.rot_row.setLayout(rot)
        rot.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.rot_row)
        self.negative_label = QLabel(self.tr("Negative directions"), self)
        form.addRow(self.negative_label, self.negative)
        form.addRow(self.tr("Start"), start)
        self.spread_row_label = QLabel(self.tr("Random spread"), self)
        form.addRow(self.spread_row_label, self.start_spread)
        form.addRow(self.tr("Steps"), self.steps)

        for w in (self.surface, self.spread, self.start_mode):
            w.currentIndexChanged.connect(self._on_setting_changed)
        for w in (self.dim, self.rot_seed, self.negative, self.seed, self.steps):
            w.valueChanged.connect(self._on_setting_changed)
        for w in (self.kappa, self.start_spread, self.value):
            w.valueChanged.connect(self._on_setting_changed)
        self.rotated.toggled.connect(self._on_setting_changed)
        self.surface.setCurrentIndex(max(0, self.surface.findData("quadratic")))
        self._update_visibility()

    def surface_spec(self) -> SurfaceSpec:
        name = self.surface.currentData()
        params: dict = {}
        if name == "quadratic":
            params = {"kappa": float(self.kappa.value()), "spread": self.spread.currentData(),
                      "rotation_seed": self.rot_seed.value() if self.rotated.isChecked() else None}
        elif name == "nd_saddle":
            params = {"negative": min(self.negative.value(), self.dim.value())}
        return SurfaceSpec(name, self.dim.value(), tuple(sorted(params.items())))

    def start_spec(self) -> StartSpec:
        return StartSpec(self.start_mode.currentData(), self.seed.value(),
                         float(self.start_spread.value()), float(self.value.value()))

    def set_surface(self, name: str) -> None:
        i = self.surface.findData(name)
        if i >= 0:
            self.surface.setCurrentIndex(i)

    def _update_visibility(self) -> None:
        name = self.surface.currentData()
        quad = name == "quadratic"
        for w in (self.kappa, self.kappa_label, self.spread, self.spread_label, self.rot_row):
            w.setVisible(quad)
        for w in (self.negative, self.negative_label):
            w.setVisible(name == "nd_saddle")
        rnd = self.start_mode.currentData() == "random"
        self.seed.setVisible(rnd)
        self.start_spread.setVisible(rnd)
        self.spread_row_label.setVisible(rnd)
        self.value.setVisible(not rnd)
        self.rot_seed.setEnabled(self.rotated.isChecked())
        with QSignalBlocker(self.negative):
            self.negative.setMaximum(self.dim.value())

    def _on_setting_changed(self, *_args) -> None:
        self._update_visibility()
        self.changed.emit()


class PlanePanel(QWidget):
    """A bar above the figure: which plane the runs are seen through; ``changed()`` on edits.

    ``info`` (below the bar) says how much of the runs the plane holds;
    ``trailing`` is a layout at the bar's right end for the lab's own buttons.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox(self)
        self.mode.addItem(self.tr("PCA of the runs (top 2 directions)"), "pca")
        self.mode.addItem(self.tr("two coordinates"), "coordinates")
        self.mode.addItem(self.tr("two random directions"), "random")
        self.mode.setToolTip(self.tr(
            "The plane through the start on which the paths are projected; the contours "
            "are the loss computed on this same plane"))
        self.i = _spin(0, MAX_DIM - 1, 0, self.tr("First coordinate (0-based)"), self)
        self.j = _spin(0, MAX_DIM - 1, 1, self.tr("Second coordinate (0-based)"), self)
        self.seed = _spin(0, 99999, 0, self.tr("Seed of the random directions"), self)
        self.i.setPrefix("x")
        self.j.setPrefix("x")
        self.seed.setPrefix(self.tr("seed "))
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: #444444;")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(QLabel(self.tr("Plane through the start:"), self))
        bar.addWidget(self.mode)
        bar.addWidget(self.i)
        bar.addWidget(self.j)
        bar.addWidget(self.seed)
        bar.addStretch(1)
        self.trailing = QHBoxLayout()
        bar.addLayout(self.trailing)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 0)
        lay.setSpacing(2)
        lay.addLayout(bar)
        lay.addWidget(self.info)
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        for w in (self.i, self.j, self.seed):
            w.valueChanged.connect(self._on_value_changed)
        self._update_visibility()

    def spec(self) -> PlaneSpec:
        return PlaneSpec(self.mode.currentData(), self.i.value(), self.j.value(), self.seed.value())

    def set_mode(self, mode: str) -> None:
        i = self.mode.findData(mode)
        if i >= 0:
            self.mode.setCurrentIndex(i)

    def set_dim(self, dim: int) -> None:
        for box in (self.i, self.j):
            with QSignalBlocker(box):
                box.setMaximum(dim - 1)

    def _update_visibility(self) -> None:
        m = self.mode.currentData()
        self.i.setVisible(m == "coordinates")
        self.j.setVisible(m == "coordinates")
        self.seed.setVisible(m != "coordinates")

    def _on_mode_changed(self, _index: int) -> None:
        self._update_visibility()
        self.changed.emit()

    def _on_value_changed(self, _value: int) -> None:
        self.changed.emit()
