"""Export a lab's playback as an animation: GIF, MP4, WebP or animated PNG.

The GUI thread makes the frames (it seeks the playback clock, grabs the plane view and, if
asked, paints the loss plot under it: :mod:`app.widgets.animation_frames`) a few at a
time from a timer, so the window stays live; a :class:`~optim_lab.animation.FrameEncoder`
encodes them on its own thread behind a queue of four frames, so memory stays flat
whatever the duration. A progress dialog counts encoded frames; Cancel stops both and
deletes the partial file. The request is sized
(:class:`~optim_lab.animation.AnimationSpec`) before any frame is made.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from optim_lab.animation import (
    FORMATS,
    MAX_FPS,
    MAX_SECONDS,
    MAX_SIDE,
    AnimationSpec,
    AnimationWriter,
    FrameEncoder,
)

from .animation_frames import SurfaceLabFrames, compose_frame, frame_heights, frame_step

__all__ = ["AnimationChoice", "AnimationExport"]

TICK_SECONDS = 0.05  # GUI time spent making frames per timer tick
QUEUE_DEPTH = 4  # frames waiting for the encoder


@dataclass
class AnimationChoice:
    """What the dialog asks (remembered between exports and in the settings)."""

    width: int = 960
    fps: int = 30
    seconds: int = 6
    loss_plot: bool = False


def _filters() -> list[tuple[str, str]]:
    return [(".gif", QCoreApplication.translate("AnimationExport", "GIF animation (*.gif)")),
            (".mp4", QCoreApplication.translate("AnimationExport", "MP4 video (*.mp4)")),
            (".webp", QCoreApplication.translate("AnimationExport", "WebP animation (*.webp)")),
            (".png", QCoreApplication.translate("AnimationExport", "Animated PNG (*.png)"))]


class AnimationExport(QObject):
    """Animation export of one lab's playback (a frame source: ``SurfaceLabFrames``,
    ``NDLabFrames``, or a Surface Lab, which is wrapped)."""

    message = Signal(str)
    finished = Signal(bool)  # True: the file was written

    def __init__(self, source, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source if hasattr(source, "loss_panel") else SurfaceLabFrames(source)
        self.choice = AnimationChoice()
        self.folder = ""
        self.encoder: FrameEncoder | None = None
        self.progress: QProgressDialog | None = None
        self._index = 0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_tick)

    def spec_for(self, width: int, fps: int, seconds: float,
                 loss_plot: bool = False) -> AnimationSpec:
        """The spec at ``width`` with the plane's aspect ratio, the loss plot under it."""
        w, h = self.source.size()
        width = int(width) // 2 * 2
        plane, plot = frame_heights(width, h / max(w, 1), loss_plot)
        return AnimationSpec(width, plane + plot, int(fps), float(seconds))

    # --- dialog -----------------------------------------------------------------------
    def dialog(self, parent: QWidget | None = None) -> None:
        box, width, fps, seconds, loss = self.build_dialog(parent)
        if box.exec() != QDialog.DialogCode.Accepted:
            return
        self.choice = AnimationChoice(width.value(), fps.value(), seconds.value(),
                                      loss.isChecked())
        filters = _filters()
        start = str(Path(self.folder) / "animation.gif") if self.folder else "animation.gif"
        path, chosen = QFileDialog.getSaveFileName(
            parent, QCoreApplication.translate("AnimationExport", "Export animation"), start,
            ";;".join(f for _, f in filters))
        if not path:
            return
        if Path(path).suffix.lower() not in FORMATS:  # typed without an extension
            path += next((s for s, f in filters if f == chosen), ".gif")
        self.start(path, self.choice.width, self.choice.fps, self.choice.seconds, parent,
                   loss_plot=self.choice.loss_plot)

    def build_dialog(self, parent: QWidget | None = None):
        """The size dialog and its width, fps, duration and loss-plot fields (not shown)."""
        box = QDialog(parent)
        box.setWindowTitle(QCoreApplication.translate("AnimationExport", "Export animation"))
        form = QFormLayout(box)
        width, fps, seconds = QSpinBox(box), QSpinBox(box), QSpinBox(box)
        width.setRange(160, MAX_SIDE)
        width.setSuffix(" px")
        fps.setRange(1, MAX_FPS)
        seconds.setRange(1, MAX_SECONDS)
        seconds.setSuffix(" s")
        loss = QCheckBox(QCoreApplication.translate("AnimationExport",
                                                    "Loss plot under the plane"), box)
        loss.setToolTip(QCoreApplication.translate(
            "AnimationExport", "Loss against step for every run, the current step marked"))
        c = self.choice
        width.setValue(c.width)
        fps.setValue(c.fps)
        seconds.setValue(c.seconds)
        loss.setChecked(c.loss_plot)
        form.addRow(QCoreApplication.translate("AnimationExport", "Width"), width)
        form.addRow(QCoreApplication.translate("AnimationExport", "Frames per second"), fps)
        form.addRow(QCoreApplication.translate("AnimationExport", "Duration"), seconds)
        form.addRow(loss)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, box)
        buttons.accepted.connect(box.accept)
        buttons.rejected.connect(box.reject)
        form.addRow(buttons)
        return box, width, fps, seconds, loss

    # --- export -----------------------------------------------------------------------
    def start(self, path: str, width: int, fps: int, seconds: float,
              parent: QWidget | None = None, loss_plot: bool = False) -> bool:
        """Begin exporting; False (with a message box) if the request or path is refused."""
        if self.running:
            return False
        if not self.source.ready():
            QMessageBox.warning(parent, QCoreApplication.translate("AnimationExport",
                                                                   "Export animation"),
                                QCoreApplication.translate("AnimationExport",
                                                           "Nothing to animate yet: no runs."))
            return False
        try:
            spec = self.spec_for(width, fps, seconds, loss_plot)
            writer = AnimationWriter(path, spec)
        except (ValueError, OSError) as exc:
            title = QCoreApplication.translate("AnimationExport", "Export animation")
            text = QCoreApplication.translate("AnimationExport",
                                              "The animation cannot be exported:\n{why}")
            QMessageBox.warning(parent, title, text.format(why=exc))
            return False
        self.folder = str(Path(path).resolve().parent)
        source = self.source
        source.clock.pause()
        source.prepare()
        self._restore_to = source.clock.position
        w, h = source.size()
        self._plane_height = frame_heights(spec.width, h / max(w, 1), loss_plot)[0]
        self._panel = (source.loss_panel(spec.width, spec.height - self._plane_height)
                       if loss_plot else None)
        self._index = 0
        self._finishing = False
        self.encoder = FrameEncoder(writer, QUEUE_DEPTH)
        self.progress = QProgressDialog(
            QCoreApplication.translate("AnimationExport", "Making and encoding {n} frames…")
            .format(n=spec.frames),
            QCoreApplication.translate("AnimationExport", "Cancel"), 0, spec.frames, parent)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self.cancel)
        self._timer.start()
        return True

    @property
    def running(self) -> bool:
        return self.encoder is not None

    def _on_tick(self) -> None:
        enc = self.encoder
        if enc is None:
            return
        if self.progress is not None and self.progress.wasCanceled():
            self.cancel()  # Cancel button, Escape or the dialog closed
            return
        spec = enc.writer.spec
        try:
            made = self._make_frames(enc, spec)
            if self._index >= spec.frames and not self._finishing:
                enc.finish(wait=False)
                self._finishing = True
            if self.progress is not None:
                self.progress.setValue(min(enc.encoded, spec.frames - 1))
            self._timer.setInterval(0 if made else 10)  # the encoder is behind: let it work
            if self._finishing and enc.done:
                path = enc.result()
                self._end(True, QCoreApplication.translate(
                    "AnimationExport", "Animation saved: {path}").format(path=path))
        except (ValueError, OSError, RuntimeError) as exc:
            enc.cancel()
            self._end(False, QCoreApplication.translate(
                "AnimationExport", "Animation export failed: {why}").format(why=exc))

    def _make_frames(self, enc: FrameEncoder, spec: AnimationSpec) -> int:
        """Make frames for up to TICK_SECONDS while the encoder's queue has room."""
        made, t0 = 0, time.monotonic()
        clock = self.source.clock
        while (self._index < spec.frames and not enc.full()
               and time.monotonic() - t0 < TICK_SECONDS):
            step = frame_step(self._index, spec.frames, clock.steps)
            clock.seek(step)
            enc.put(compose_frame(self.source.grab(), self._panel, step, spec.width,
                                  self._plane_height, spec.height))
            self._index += 1
            made += 1
        return made

    def cancel(self) -> None:
        enc = self.encoder
        if enc is None:
            return
        if enc.cancel():
            self._end(False, QCoreApplication.translate("AnimationExport",
                                                        "Animation export cancelled"))
        else:  # finished just before the cancel arrived: the file is complete
            self._end(True, QCoreApplication.translate(
                "AnimationExport", "Animation saved: {path}").format(path=enc.path))

    def _end(self, ok: bool, text: str) -> None:
        self._timer.stop()
        self.encoder = None
        self._panel = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.source.clock.seek(self._restore_to)
        self.message.emit(text)
        self.finished.emit(ok)
