"""Spin boxes that hold exactly the value they are given (the model's), whatever its size.

``ExactSpinBox`` keeps every digit (Qt would round to ``decimals()``), shows the
shortest text that reads back as the same float (or ``digits`` significant digits),
and never changes its value when focus leaves without an edit. ``ScientificSpinBox``
is the same box in %g notation whose arrows multiply or divide by 10 (ε and other tiny
values).
"""

from __future__ import annotations

import math
import sys

from PySide6.QtCore import QSize
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QWidget

FLOAT_MAX = sys.float_info.max


def exact_text(value: float) -> str:
    """Shortest text that reads back as ``value``: 0.99995, 1e-08, 5000 (not 5000.0)."""
    s = repr(float(value))
    return s[:-2] if s.endswith(".0") else s


class ExactSpinBox(QDoubleSpinBox):
    """A QDoubleSpinBox that stores its value unrounded (see the module docstring).

    ``step``: added per arrow press; None multiplies by 10 per press instead.
    ``digits``: significant digits shown (None: all that are needed to read back exactly).
    """

    def __init__(self, minimum: float = -FLOAT_MAX, maximum: float = FLOAT_MAX,
                 step: float | None = 0.1, digits: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._digits = digits
        self._log_step = step is None
        self.setDecimals(323)  # no rounding; the text is formatted below
        self.setRange(minimum, maximum)
        if step is not None:
            self.setSingleStep(step)
        self.setKeyboardTracking(False)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """Sized for ordinary numbers, not for the longest text of the range (1.8e308)."""
        hint = super().sizeHint()
        w = self.fontMetrics().horizontalAdvance("−0.000000000") + 28
        return QSize(min(hint.width(), w), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        w = self.fontMetrics().horizontalAdvance("0.0000") + 28
        return QSize(min(hint.width(), w), hint.height())

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt name)
        if self._digits is None:
            return exact_text(value)
        return f"{value:.{self._digits}g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802
        if text == self.textFromValue(self.value()):
            return self.value()  # unedited (perhaps rounded) text keeps the exact value
        try:
            return float(text.strip().replace(",", ".").replace("−", "-"))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        s = text.strip().replace(",", ".").replace("−", "-")
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
        if self._log_step:
            v = self.value() * (10.0 ** steps)
        else:
            v = self.value() + steps * self.singleStep()
        self.setValue(min(max(v, self.minimum()), self.maximum()))


class ScientificSpinBox(ExactSpinBox):
    """ExactSpinBox in %g notation; the arrows multiply or divide by 10."""

    def __init__(self, minimum: float = 1e-300, maximum: float = 1.0,
                 parent: QWidget | None = None) -> None:
        super().__init__(minimum, maximum, step=None, parent=parent)
