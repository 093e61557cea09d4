"""Playback, shared by the labs: a clock that advances the step on a timer, and its bar.

The clock ticks at ~60 Hz and advances by its rate in steps per second of wall
time, so the frame rate and the run speed are independent.  The rate is either
absolute (``speed`` steps/s) or relative to the run's length
(``speed * steps / RUN_SECONDS``: at 1x a whole run plays in ``RUN_SECONDS``).

The bar shows reset / step back / play / step buttons, a speed choice, a
scrubber and "step k / n".  It uses the lab's actions when given (so menus,
toolbar and shortcuts share them) or makes its own; ``trailing`` takes a lab's
extra controls.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QObject,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

SPEEDS = (10, 30, 100, 300, 1000, 3000)  # steps per second
DEFAULT_SPEED = 100
RELATIVE_SPEEDS = (0.25, 1.0, 4.0)  # whole runs per RUN_SECONDS
RUN_SECONDS = 10.0
TICK_MS = 16


class PlaybackClock(QObject):
    """Owns the playback position (0 … steps); emits ``positionChanged(int)``."""

    positionChanged = Signal(int)
    playingChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_tick)
        self._elapsed = QElapsedTimer()
        self._pos = 0.0
        self._steps = 1000
        self.speed = float(DEFAULT_SPEED)
        self.relative = False  # speed in whole runs per RUN_SECONDS instead of steps/s

    @property
    def position(self) -> int:
        return int(self._pos)

    @property
    def steps(self) -> int:
        return self._steps

    def rate(self) -> float:
        """Steps per second of wall time."""
        return self.speed * self._steps / RUN_SECONDS if self.relative else self.speed

    def is_playing(self) -> bool:
        return self._timer.isActive()

    def set_steps(self, steps: int) -> None:
        self._steps = max(0, int(steps))
        if self._pos > self._steps:
            self.seek(self._steps)

    def seek(self, k: int) -> None:
        k = min(max(int(k), 0), self._steps)
        changed = k != int(self._pos)
        self._pos = float(k)
        if changed:
            self.positionChanged.emit(k)

    def play(self) -> None:
        if self.is_playing():
            return
        if int(self._pos) >= self._steps:
            self.seek(0)
        self._elapsed.start()
        self._timer.start()
        self.playingChanged.emit(True)

    def pause(self) -> None:
        if self.is_playing():
            self._timer.stop()
            self.playingChanged.emit(False)

    def toggle(self) -> None:
        self.pause() if self.is_playing() else self.play()

    def step(self, n: int = 1) -> None:
        self.pause()
        self.seek(int(self._pos) + n)

    def reset(self) -> None:
        self.pause()
        self.seek(0)

    def _on_tick(self) -> None:
        dt = self._elapsed.restart() / 1000.0
        new = min(self._pos + self.rate() * dt, float(self._steps))
        old = int(self._pos)
        self._pos = new
        if int(new) != old:
            self.positionChanged.emit(int(new))
        if new >= self._steps:
            self.pause()


def playback_actions(clock: PlaybackClock, parent: QWidget) -> dict[str, QAction]:
    """Reset, step back, play (checkable, follows the clock) and step actions for ``clock``."""
    st = parent.style()
    sp = QStyle.StandardPixmap

    def make(text: str, tip: str, pixmap) -> QAction:
        a = QAction(st.standardIcon(pixmap), text, parent)
        a.setToolTip(tip)
        return a

    reset = make(translate("Playback", "Reset"), translate("Playback", "Back to step 0"),
                 sp.SP_MediaSkipBackward)
    back = make(translate("Playback", "Step back"), translate("Playback", "One step back"),
                sp.SP_MediaSeekBackward)
    play = make(translate("Playback", "Play"), translate("Playback", "Play or pause the runs"),
                sp.SP_MediaPlay)
    step = make(translate("Playback", "Step"), translate("Playback", "One step forward"),
                sp.SP_MediaSeekForward)
    play.setCheckable(True)
    reset.triggered.connect(clock.reset)
    back.triggered.connect(lambda: clock.step(-1))
    step.triggered.connect(lambda: clock.step(1))
    play.toggled.connect(lambda on: clock.play() if on else clock.pause())

    def show_playing(on: bool) -> None:
        with QSignalBlocker(play):
            play.setChecked(on)
        play.setIcon(st.standardIcon(sp.SP_MediaPause if on else sp.SP_MediaPlay))

    clock.playingChanged.connect(show_playing)
    return {"reset": reset, "back": back, "play": play, "step": step}


class PlaybackBar(QWidget):
    """Reset, step back, play and step buttons, speed, a scrubber and "step k / n" for ``clock``.

    ``relative`` speeds are factors of the run's length (0.25x, 1x, 4x: a whole
    run in RUN_SECONDS / factor); otherwise steps per second.
    """

    def __init__(self, clock: PlaybackClock, actions: dict[str, QAction] | None = None,
                 parent: QWidget | None = None, relative: bool = False,
                 speeds: Sequence[float] | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.actions_by_key = actions if actions is not None else playback_actions(clock, self)
        self.play = self.actions_by_key["play"]
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.setSpacing(4)
        for key in ("reset", "back", "play", "step"):
            b = QToolButton(self)
            b.setDefaultAction(self.actions_by_key[key])
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            lay.addWidget(b)
        self.speed = QComboBox(self)
        clock.relative = relative
        if relative:
            values = tuple(speeds or RELATIVE_SPEEDS)
            for s in values:
                self.speed.addItem(f"{s:g}×", s)
            default = 1.0
        else:
            values = tuple(speeds or SPEEDS)
            for s in values:
                self.speed.addItem(translate("Playback", "{n} steps/s").format(n=s), s)
            default = DEFAULT_SPEED
        self.speed.setCurrentIndex(values.index(default) if default in values else 0)
        clock.speed = float(self.speed.currentData())
        self.speed.setToolTip(translate("Playback", "Playback speed"))
        lay.addWidget(self.speed)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setToolTip(translate("Playback",
                                         "Playback position: drag to scrub through the steps"))
        self.slider.setMinimumWidth(90)
        lay.addWidget(self.slider, 1)
        self.label = QLabel(self)
        # A fixed size: a label that may change size asks its parents for a new layout on every
        # setText, and that layout pass repainted the whole window on every playback frame.
        self.label.setFixedSize(self.label.fontMetrics().horizontalAdvance("step 100000 / 100000"),
                                self.label.sizeHint().height())
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.label)
        self.trailing = QHBoxLayout()  # a lab's own controls
        self.trailing.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self.trailing)
        self.speed.currentIndexChanged.connect(self._on_speed_changed)
        self.slider.valueChanged.connect(self._on_slider_changed)
        clock.positionChanged.connect(lambda _k: self.sync())
        self.sync()

    def sync(self) -> None:
        """Show the clock's steps and position (without seeking back)."""
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, self.clock.steps)
            self.slider.setValue(self.clock.position)
        text = translate("Playback", "step {k} / {n}").format(k=self.clock.position,
                                                                n=self.clock.steps)
        self._fit_label(text)
        self.label.setText(text)

    def _fit_label(self, text: str) -> None:
        """Widen the fixed-size label when ``text`` (a longer translation, more steps) would not
        fit: one layout pass then, none per frame."""
        need = self.label.fontMetrics().horizontalAdvance(text) + 4
        if need > self.label.width():
            self.label.setFixedWidth(need)

    def _on_speed_changed(self, index: int) -> None:
        self.clock.speed = float(self.speed.itemData(index))

    def _on_slider_changed(self, value: int) -> None:
        self.clock.pause()
        self.clock.seek(value)
