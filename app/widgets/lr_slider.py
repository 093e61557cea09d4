"""A continuous log-scale learning-rate slider with a typed value and a stability mark.

The slider moves on log10(lr) (600 positions per decade, so every drag step is
a 0.4 % change); the typed box keeps the exact value a user enters.  The
stability limit (for example 2/λ_max for gradient descent) is painted on the
groove as a red tick with the unstable side shaded, and explained in a tooltip.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRect, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QWidget,
)

TICKS_PER_DECADE = 600
_SLIDER_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
                Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End)
LIMIT_COLOR = QColor("#C0392B")


def format_lr(value: float) -> str:
    """Short, exact-enough text for a learning rate: 0.01, 0.0025, 1.5e-05."""
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    return f"{value:.3g}"


class StabilityLimitSlider(QSlider):
    """A horizontal QSlider that paints a limit mark at an integer position."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._mark: int | None = None

    def event(self, e) -> bool:
        # A focused slider keeps its arrow keys even when the window binds them (playback).
        if e.type() == QEvent.Type.ShortcutOverride and e.key() in _SLIDER_KEYS:
            e.accept()
            return True
        return super().event(e)

    def set_mark(self, position: int | None) -> None:
        if position != self._mark:
            self._mark = position
            self.update()

    def mark(self) -> int | None:
        return self._mark

    def mark_x(self) -> int | None:
        """The mark's x coordinate in widget pixels (None when there is no mark)."""
        if self._mark is None:
            return None
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        groove = self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, self)
        handle = self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, self)
        span = max(1, groove.width() - handle.width())
        pos = QStyle.sliderPositionFromValue(
            self.minimum(), self.maximum(), min(max(self._mark, self.minimum()), self.maximum()),
            span)
        return groove.x() + handle.width() // 2 + pos

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        x = self.mark_x()
        if x is not None:
            # Shade the unstable side first so the handle is painted over it.
            p = QPainter(self)
            h = self.height()
            shade = QColor(LIMIT_COLOR)
            shade.setAlpha(40)
            p.fillRect(QRect(x, h // 2 - 3, self.width() - x, 6), shade)
            p.end()
        super().paintEvent(event)
        if x is not None:
            p = QPainter(self)
            p.setPen(QPen(LIMIT_COLOR, 2))
            p.drawLine(x, 2, x, self.height() - 3)
            p.end()


class LearningRateSlider(QWidget):
    """Log-scale learning-rate control: ``valueChanged(float)`` fires while dragging.

    The groove spans [minimum, maximum]; the value itself may lie anywhere in
    ``accepted`` (default: the groove) and is held exactly — a value beyond the
    groove puts the handle at its end and the box shows the real number.
    ``setStabilityLimit(lr, explanation)`` draws the limit on the groove; pass
    ``None`` to remove it.  A typed value outside ``accepted`` or not a number is
    rejected: the box turns red, its tooltip says why and ``invalidInput(str)``
    carries the message.
    """

    valueChanged = Signal(float)
    invalidInput = Signal(str)

    def __init__(self, value: float = 0.01, minimum: float = 1e-5, maximum: float = 10.0,
                 accepted: tuple[float, float] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if not (0 < minimum < maximum):
            raise ValueError("need 0 < minimum < maximum")
        self._min, self._max = float(minimum), float(maximum)
        self._accept = (self._min, self._max) if accepted is None else (
            float(accepted[0]), float(accepted[1]))
        self._lo = math.log10(self._min)
        self._value = self._held(value)
        self._limit: float | None = None
        self._explanation = ""
        self._has_error = True  # so that the first _set_error(None) sets the normal tooltip

        self.slider = StabilityLimitSlider(self)
        n = round((math.log10(self._max) - self._lo) * TICKS_PER_DECADE)
        self.slider.setRange(0, n)
        self.slider.setTracking(True)
        self.slider.setMinimumWidth(120)
        self.slider.setAccessibleName(self.tr("Learning rate"))
        self.edit = QLineEdit(self)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("0.00000000") + 8)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setAccessibleName(self.tr("Learning rate value"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.edit)

        self._sync_widgets()
        self._update_tooltips()
        self.slider.valueChanged.connect(self._on_slider_changed)
        self.slider.sliderReleased.connect(self._update_tooltips)
        self.edit.editingFinished.connect(self._on_text_changed)

    # --- value ---------------------------------------------------------------
    def value(self) -> float:
        return self._value

    def _held(self, value: float) -> float:
        v = float(value)
        if not math.isfinite(v):
            raise ValueError(f"learning rate must be finite, got {v}")
        return min(max(v, self._accept[0]), self._accept[1])

    def setValue(self, value: float) -> None:  # noqa: N802 (Qt style)
        """Set the learning rate (held exactly within the accepted range, even beyond the
        groove); emits valueChanged if it changed."""
        v = self._held(value)
        if v == self._value:
            self._sync_widgets()
            return
        self._value = v
        self._sync_widgets()
        self.valueChanged.emit(v)

    def minimum(self) -> float:
        return self._min

    def maximum(self) -> float:
        return self._max

    def position_for(self, value: float) -> int:
        """The slider position (integer) of a learning rate (the groove's end beyond it)."""
        v = min(max(value, self._min), self._max)
        return round((math.log10(v) - self._lo) * TICKS_PER_DECADE)

    def value_at(self, position: int) -> float:
        return 10.0 ** (self._lo + position / TICKS_PER_DECADE)

    # --- stability limit -----------------------------------------------------
    def setStabilityLimit(self, limit: float | None, explanation: str = "") -> None:  # noqa: N802
        """Mark ``limit`` on the groove (None: no known limit) and explain it in the tooltip."""
        if limit is not None and not (math.isfinite(limit) and limit > 0):
            limit = None
        if limit == self._limit and explanation == self._explanation:
            return  # unchanged (a learning-rate drag): no tooltip rebuild
        self._limit = limit
        self._explanation = explanation
        inside = limit is not None and self._min <= limit <= self._max
        self.slider.set_mark(self.position_for(limit) if inside else None)
        self._update_tooltips()

    def stabilityLimit(self) -> float | None:  # noqa: N802
        return self._limit

    def is_above_limit(self) -> bool:
        return self._limit is not None and self._value > self._limit

    # --- internals -----------------------------------------------------------
    def _sync_widgets(self) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(self.position_for(self._value))
        self.edit.setText(format_lr(self._value))
        self._set_error(None)
        self._update_tooltips()

    def _update_tooltips(self) -> None:
        lines = [self.tr("Learning rate {value} (log scale, drag or type a value)").format(
            value=format_lr(self._value))]
        if self._limit is not None:
            lines.append(self.tr("Red mark: stability limit {limit}.").format(
                limit=format_lr(self._limit)))
            if self._value > self._limit:
                lines.append(self.tr("The learning rate is above the limit."))
        if self._explanation:
            lines.append(self._explanation)
        self.slider.setToolTip("\n".join(lines))

    def _set_error(self, message: str | None) -> None:
        if not message and not self._has_error:
            return  # restyling costs a relayout; skip it on every drag step
        self._has_error = bool(message)
        if message:
            self.edit.setStyleSheet("QLineEdit { border: 1px solid #C0392B; background: #FDEDEC; }")
            self.edit.setToolTip(message)
        else:
            self.edit.setStyleSheet("")
            self.edit.setToolTip(self.tr("Type a learning rate from {lo} to {hi}, e.g. 0.003 or 3e-3")
                                 .format(lo=format_lr(self._accept[0]),
                                         hi=format_lr(self._accept[1])))

    def _on_slider_changed(self, position: int) -> None:
        v = self.value_at(position)
        if v == self._value:
            return
        self._value = v
        self.edit.setText(format_lr(v))
        self._set_error(None)
        if not self.slider.isSliderDown():  # a drag's tooltips wait for the release (unseen)
            self._update_tooltips()
        self.valueChanged.emit(v)

    def _on_text_changed(self) -> None:
        text = self.edit.text().strip().replace(",", ".")
        try:
            v = float(text)
        except ValueError:
            self._reject(self.tr("“{text}” is not a number; type a learning rate such as 0.01")
                         .format(text=self.edit.text()))
            return
        lo, hi = self._accept
        if not math.isfinite(v) or not (lo <= v <= hi):
            self._reject(self.tr("Learning rate {text} is outside the range {lo} … {hi}")
                         .format(text=text, lo=format_lr(lo), hi=format_lr(hi)))
            return
        if text == format_lr(self._value) or v == self._value:
            self.edit.setText(format_lr(self._value))  # unedited text keeps the exact value
            self._set_error(None)
            return
        if v != self._value:
            self._value = v
            with QSignalBlocker(self.slider):
                self.slider.setValue(self.position_for(v))
            self._update_tooltips()
            self.valueChanged.emit(v)
        self.edit.setText(format_lr(v))
        self._set_error(None)

    def _reject(self, message: str) -> None:
        self._set_error(message)
        self.invalidInput.emit(message)
