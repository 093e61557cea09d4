"""The Surface Lab's actions (shared by its playback bar and the main window's menus/toolbar)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from .playback import PlaybackClock
from .scenarios import SCENARIOS


@dataclass(frozen=True)
class Commands:
    """What the actions trigger (the lab's helpers' methods; the actions know no lab)."""

    export_image: Callable[[], None]
    export_data: Callable[[], None]
    open_experiment: Callable[[], None]
    save_experiment: Callable[[], None]
    reset_zoom: Callable[[], None]
    load_scenario: Callable[[str], None]


class SurfaceActions(QObject):
    """``playback`` (reset, back, play, step), ``export_image``, ``export_data``,
    ``reset_zoom`` and one action per scenario in ``scenarios``."""

    def __init__(self, owner: QWidget, clock: PlaybackClock, commands: Commands) -> None:
        super().__init__(owner)
        self._owner = owner
        st = owner.style()
        icon = lambda sp: st.standardIcon(sp)  # noqa: E731
        sp = QStyle.StandardPixmap
        cmd = commands

        def make(text: str, shortcut, tip: str, slot, pixmap=None) -> QAction:
            a = QAction(text, owner)
            if pixmap is not None:
                a.setIcon(icon(pixmap))
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
                native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
                tip = f"{tip} ({native})"
            a.setToolTip(tip)
            a.setStatusTip(tip)
            a.triggered.connect(slot)
            return a

        self.play = make(self.tr("Play"), Qt.Key.Key_Space, self.tr("Play or pause the runs"),
                         clock.toggle, sp.SP_MediaPlay)
        self.step = make(self.tr("Step"), Qt.Key.Key_Right, self.tr("One step forward"),
                         lambda: clock.step(1), sp.SP_MediaSeekForward)
        self.back = make(self.tr("Step back"), Qt.Key.Key_Left, self.tr("One step back"),
                         lambda: clock.step(-1), sp.SP_MediaSeekBackward)
        self.reset = make(self.tr("Reset"), Qt.Key.Key_Home, self.tr("Back to step 0"),
                          clock.reset, sp.SP_MediaSkipBackward)
        self.to_end = make(self.tr("Jump to end"), Qt.Key.Key_End, self.tr("Show the whole runs"),
                           lambda: (clock.pause(), clock.seek(clock.steps)), sp.SP_MediaSkipForward)
        self.playback = {"reset": self.reset, "back": self.back, "play": self.play,
                         "step": self.step, "end": self.to_end}
        self.export_image = make(self.tr("Export figure…"), "Ctrl+E",
                                 self.tr("Save the surface view as PNG or SVG"),
                                 cmd.export_image, sp.SP_DialogSaveButton)
        self.export_data = make(self.tr("Export trajectories…"), "Ctrl+Shift+E",
                                self.tr("Save the runs as CSV or JSON"), cmd.export_data)
        self.open_experiment = make(self.tr("Open experiment…"), "Ctrl+O",
                                    self.tr("Load a saved setup (surface, start, optimizers)"),
                                    cmd.open_experiment, sp.SP_DialogOpenButton)
        self.save_experiment = make(self.tr("Save experiment…"), "Ctrl+S",
                                    self.tr("Save this setup to open it again later"),
                                    cmd.save_experiment)
        self.reset_zoom = make(self.tr("Reset zoom"), "Ctrl+0",
                               self.tr("Show the whole surface"), cmd.reset_zoom)
        self.scenarios: list[QAction] = []
        for i, (name, sc) in enumerate(SCENARIOS.items(), start=1):
            a = make(sc.tr_title(), f"Ctrl+{i}", sc.tr_explanation(),
                     lambda _=False, n=name: cmd.load_scenario(n))
            a.setData(name)
            self.scenarios.append(a)

    def all(self) -> list[QAction]:
        return [*self.playback.values(), self.export_image, self.export_data,
                self.open_experiment, self.save_experiment, self.reset_zoom, *self.scenarios]

    def show_playing(self, playing: bool) -> None:
        sp = QStyle.StandardPixmap
        self.play.setIcon(self._owner.style().standardIcon(
            sp.SP_MediaPause if playing else sp.SP_MediaPlay))
        self.play.setText(self.tr("Pause") if playing else self.tr("Play"))
