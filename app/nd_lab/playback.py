"""Playback bar: play / pause, a step slider and which run's Hessian spectrum to show.

A 30 Hz timer advances the position so a whole run plays in about ten seconds
at the default speed, whatever the number of steps.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

SPEEDS = (("0.25×", 0.25), ("1×", 1.0), ("4×", 4.0))
FRAMES_PER_RUN = 300  # at 1×: ten seconds at 30 frames per second


class PlaybackBar(QWidget):
    positionChanged = Signal(int)
    spectrumRunChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.play = QToolButton(self)
        self.play.setText("▶")
        self.play.setToolTip(self.tr("Play / pause the runs"))
        self.play.setCheckable(True)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, 1000)
        self.slider.setToolTip(self.tr("Playback step: moves the markers, cursors and spectrum"))
        self.label = QLabel(self)
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("step 00000 / 00000"))
        self.speed = QComboBox(self)
        for text, factor in SPEEDS:
            self.speed.addItem(text, factor)
        self.speed.setCurrentIndex(1)
        self.speed.setToolTip(self.tr("Playback speed"))
        self.spectrum_run = QComboBox(self)
        self.spectrum_run.setToolTip(self.tr("Run whose Hessian spectrum is shown"))
        self.spectrum_run.setMinimumContentsLength(12)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 0, 4, 0)
        lay.addWidget(self.play)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.label)
        lay.addWidget(self.speed)
        lay.addWidget(QLabel(self.tr("Spectrum of"), self))
        lay.addWidget(self.spectrum_run)
        self._timer = QTimer(self)
        self._timer.setInterval(33)
        self._timer.timeout.connect(self._on_tick)
        self._acc = 0.0
        self.play.toggled.connect(self._on_play_toggled)
        self.slider.valueChanged.connect(self._on_slider_changed)
        self.spectrum_run.currentIndexChanged.connect(self.spectrumRunChanged)
        self._update_label()

    def position(self) -> int:
        return self.slider.value()

    def set_steps(self, steps: int) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setMaximum(max(1, int(steps)))
        self._update_label()

    def set_position(self, k: int) -> None:
        self.slider.setValue(int(k))

    def set_runs(self, labels: list[str]) -> None:
        keep = self.spectrum_run.currentIndex()
        with QSignalBlocker(self.spectrum_run):
            self.spectrum_run.clear()
            self.spectrum_run.addItems(labels)
            if labels:
                self.spectrum_run.setCurrentIndex(min(max(keep, 0), len(labels) - 1))

    def stop(self) -> None:
        self.play.setChecked(False)

    def _update_label(self) -> None:
        self.label.setText(self.tr("step {k} / {n}").format(k=self.slider.value(),
                                                          n=self.slider.maximum()))

    def _on_play_toggled(self, on: bool) -> None:
        self.play.setText("⏸" if on else "▶")
        if on:
            if self.slider.value() >= self.slider.maximum():
                self.slider.setValue(0)
            self._acc = float(self.slider.value())
            self._timer.start()
        else:
            self._timer.stop()

    def _on_tick(self) -> None:
        n = self.slider.maximum()
        self._acc += self.speed.currentData() * n / FRAMES_PER_RUN
        k = min(int(self._acc), n)
        self.slider.setValue(k)
        if k >= n:
            self.play.setChecked(False)

    def _on_slider_changed(self, k: int) -> None:
        self._update_label()
        self.positionChanged.emit(k)
