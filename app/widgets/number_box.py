"""A spin box that shows and accepts numbers like 1e-08 (for ε and other tiny values)."""

from __future__ import annotations

import math

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QWidget


class ScientificSpinBox(QDoubleSpinBox):
    """QDoubleSpinBox in %g notation; the arrows multiply or divide by 10."""

    def __init__(self, minimum: float = 1e-300, maximum: float = 1.0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(323)  # keep tiny values exact; the text is formatted below
        self.setRange(minimum, maximum)
        self.setKeyboardTracking(False)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt name)
        return f"{value:.3g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802
        try:
            return float(text.strip().replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        s = text.strip().replace(",", ".")
        try:
            v = float(s)
        except ValueError:
            # Partial input such as "1e" or "1e-" may still become a number.
            if s == "" or s[-1] in "eE-+." or s.lower().endswith("e-"):
                return QValidator.State.Intermediate, text, pos
            return QValidator.State.Invalid, text, pos
        if not math.isfinite(v) or not (self.minimum() <= v <= self.maximum()):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos

    def stepBy(self, steps: int) -> None:  # noqa: N802
        v = self.value() * (10.0 ** steps)
        self.setValue(min(max(v, self.minimum()), self.maximum()))
