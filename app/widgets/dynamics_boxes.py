"""Number boxes of the dynamics editor: a value where 0 means off, stepped by decades, and a
whole number as large as a seed (up to 2**63 − 1, more than a QSpinBox holds)."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from .number_box import ExactSpinBox


class ZeroOrLogSpinBox(ExactSpinBox):
    """A value ≥ 0 where 0 means off (shown as the special text): the arrows multiply or
    divide by 10, step up from 0 to ``first_step`` and down to 0 below a millionth of it."""

    def __init__(self, maximum: float, first_step: float, parent: QWidget | None = None) -> None:
        super().__init__(0.0, maximum, step=None, digits=6, parent=parent)
        self._first = float(first_step)

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt name)
        v = self.value()
        if v == 0.0:
            v = self._first if steps > 0 else 0.0
        else:
            v *= 10.0 ** steps
            if v < self._first * 1e-6:
                v = 0.0
        self.setValue(min(v, self.maximum()))

    def validate(self, text: str, pos: int):
        special = self.specialValueText()
        if special and text.strip() and special.startswith(text.strip()):
            state = QValidator.State.Acceptable if text.strip() == special else \
                QValidator.State.Intermediate
            return state, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> float:  # noqa: N802
        if self.specialValueText() and text.strip() == self.specialValueText():
            return 0.0
        return super().valueFromText(text)


class SeedBox(QLineEdit):
    """A whole number of any size the engine takes (seeds go up to 2**63 − 1, more than a
    QSpinBox holds); ``valueChanged(int)`` when an edit is finished."""

    valueChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("0", parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{1,19}"), self))
        self._value = 0
        self.editingFinished.connect(self._on_edited)

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:  # noqa: N802 (Qt style)
        value = int(value)
        self.setText(str(value))
        if value != self._value:
            self._value = value
            self.valueChanged.emit(value)

    def _on_edited(self) -> None:
        text = self.text().strip()
        if not text:
            self.setText(str(self._value))
        elif int(text) != self._value:
            self._value = int(text)
            self.valueChanged.emit(self._value)
