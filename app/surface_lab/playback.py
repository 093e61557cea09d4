"""Playback: a clock that advances the step position on a timer, and its control bar.

The clock ticks at ~60 Hz and advances by ``speed`` steps per second of wall
time, so the frame rate and the run speed are independent.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

SPEEDS = (10, 30, 100, 300, 1000, 3000)  # steps per second
DEFAULT_SPEED = 100


class PlaybackClock(QObject):
    """Owns the playback position (0 … steps); emits ``positionChanged(int)``."""

    positionChanged = Signal(int)
    playingChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(16)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_tick)
        self._elapsed = QElapsedTimer()
        self._pos = 0.0
        self._steps = 1000
        self.speed = float(DEFAULT_SPEED)

    @property
    def position(self) -> int:
        return int(self._pos)

    @property
    def steps(self) -> int:
        return self._steps

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
        new = min(self._pos + self.speed * dt, float(self._steps))
        old = int(self._pos)
        self._pos = new
        if int(new) != old:
            self.positionChanged.emit(int(new))
        if new >= self._steps:
            self.pause()


class PlaybackBar(QWidget):
    """Reset, play/pause, step buttons (sharing the window's actions), speed and a scrubber."""

    def __init__(self, clock: PlaybackClock, actions: dict[str, QAction],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.setSpacing(4)
        for key in ("reset", "back", "play", "step"):
            b = QToolButton(self)
            b.setDefaultAction(actions[key])
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            lay.addWidget(b)
        self.speed = QComboBox(self)
        for s in SPEEDS:
            self.speed.addItem(self.tr("{n} steps/s").format(n=s), s)
        self.speed.setCurrentIndex(SPEEDS.index(DEFAULT_SPEED))
        self.speed.setToolTip(self.tr("Playback speed"))
        lay.addWidget(self.speed)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setToolTip(self.tr("Playback position: drag to scrub through the steps"))
        self.slider.setMinimumWidth(90)
        lay.addWidget(self.slider, 1)
        self.label = QLabel(self)
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("step 100000 / 100000"))
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.label)
        self.speed.currentIndexChanged.connect(self._on_speed_changed)
        self.slider.valueChanged.connect(self._on_slider_changed)
        self.sync()

    def sync(self) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, self.clock.steps)
            self.slider.setValue(self.clock.position)
        self.label.setText(self.tr("step {k} / {n}").format(k=self.clock.position, n=self.clock.steps))

    def _on_speed_changed(self, index: int) -> None:
        self.clock.speed = float(self.speed.itemData(index))

    def _on_slider_changed(self, value: int) -> None:
        self.clock.pause()
        self.clock.seek(value)
