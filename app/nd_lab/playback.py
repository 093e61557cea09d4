"""The N-D Lab's playback: the labs' shared bar (:mod:`app.widgets.playback`) with relative
speeds (at 1x a whole run plays in ten seconds, whatever its length) and a choice of
which run's Hessian spectrum to show."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from ..widgets.playback import PlaybackBar, PlaybackClock

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


class NDPlaybackBar(PlaybackBar):
    """``positionChanged(k)`` when the step changes; ``spectrumRunChanged(i)`` for the run."""

    positionChanged = Signal(int)
    spectrumRunChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        clock = PlaybackClock()
        super().__init__(clock, parent=parent, relative=True)
        clock.setParent(self)
        clock.set_steps(1)
        self.slider.setToolTip(translate("NDPlayback",
                                         "Playback step: moves the markers, cursors and spectrum"))
        self.spectrum_run = QComboBox(self)
        self.spectrum_run.setToolTip(translate("NDPlayback", "Run whose Hessian spectrum is shown"))
        self.spectrum_run.setMinimumContentsLength(12)
        self.trailing.addWidget(QLabel(translate("NDPlayback", "Spectrum of"), self))
        self.trailing.addWidget(self.spectrum_run)
        clock.positionChanged.connect(self.positionChanged)
        self.spectrum_run.currentIndexChanged.connect(self.spectrumRunChanged)
        self.sync()

    def position(self) -> int:
        return self.clock.position

    def set_steps(self, steps: int) -> None:
        self.clock.set_steps(max(1, int(steps)))
        self.sync()

    def set_position(self, k: int) -> None:
        self.clock.seek(int(k))

    def set_runs(self, labels: list[str]) -> None:
        keep = self.spectrum_run.currentIndex()
        with QSignalBlocker(self.spectrum_run):
            self.spectrum_run.clear()
            self.spectrum_run.addItems(labels)
            if labels:
                self.spectrum_run.setCurrentIndex(min(max(keep, 0), len(labels) - 1))

    def stop(self) -> None:
        self.clock.pause()
