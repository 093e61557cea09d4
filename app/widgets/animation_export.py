"""Export the Surface Lab's playback as a GIF or MP4 animation.

Frame i of n shows playback step ``round(i · steps / (n − 1))``: the GUI thread seeks the
playback clock, grabs the surface view scaled to the chosen size and hands the frame to
:class:`optim_lab.animation.AnimationWriter`, which encodes it at once (frames are never all
held). Frames are made a few at a time from a zero-delay timer, so the window stays live;
a progress dialog shows the count and Cancel deletes the partial file. The request is
sized (:class:`~optim_lab.animation.AnimationSpec`) before any frame is made.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from optim_lab.animation import MAX_FPS, MAX_SECONDS, MAX_SIDE, AnimationSpec, AnimationWriter

__all__ = ["AnimationExport", "image_to_rgb"]

FRAMES_PER_TICK = 2  # ≈ 0.2–0.4 s of GUI work per timer tick at 960 px




def image_to_rgb(image: QImage) -> np.ndarray:
    """A copy of ``image`` as a height × width × 3 uint8 array."""
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = img.width(), img.height(), img.bytesPerLine()
    buf = np.frombuffer(img.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    return buf[:, : 3 * w].reshape(h, w, 3).copy()


class AnimationExport(QObject):
    """Animation export of one Surface Lab (``lab.view``, ``lab.clock``, ``lab.recompute_now``)."""

    message = Signal(str)
    finished = Signal(bool)  # True: the file was written

    def __init__(self, lab, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lab = lab
        self.writer: AnimationWriter | None = None
        self.progress: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_tick)

    def spec_for(self, width: int, fps: int, seconds: float) -> AnimationSpec:
        """The spec at ``width`` with the view's aspect ratio (even height for MP4)."""
        view = self.lab.view
        aspect = view.height() / max(view.width(), 1)
        height = max(16, int(round(width * aspect / 2)) * 2)
        return AnimationSpec(int(width) // 2 * 2, height, int(fps), float(seconds))

    # --- dialog -----------------------------------------------------------------------
    def dialog(self, parent: QWidget | None = None) -> None:
        box = QDialog(parent)
        box.setWindowTitle(QCoreApplication.translate("AnimationExport", "Export animation"))
        form = QFormLayout(box)
        width, fps, seconds = QSpinBox(box), QSpinBox(box), QSpinBox(box)
        width.setRange(160, MAX_SIDE)
        width.setValue(960)
        width.setSuffix(" px")
        fps.setRange(1, MAX_FPS)
        fps.setValue(30)
        seconds.setRange(1, MAX_SECONDS)
        seconds.setValue(6)
        seconds.setSuffix(" s")
        form.addRow(QCoreApplication.translate("AnimationExport", "Width"), width)
        form.addRow(QCoreApplication.translate("AnimationExport", "Frames per second"), fps)
        form.addRow(QCoreApplication.translate("AnimationExport", "Duration"), seconds)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, box)
        buttons.accepted.connect(box.accept)
        buttons.rejected.connect(box.reject)
        form.addRow(buttons)
        if box.exec() != QDialog.DialogCode.Accepted:
            return
        path, _ = QFileDialog.getSaveFileName(
            parent, QCoreApplication.translate("AnimationExport", "Export animation"), "animation.gif",
            QCoreApplication.translate("AnimationExport", "GIF animation (*.gif);;MP4 video (*.mp4)"))
        if path:
            self.start(path, width.value(), fps.value(), seconds.value(), parent)

    # --- export -----------------------------------------------------------------------
    def start(self, path: str, width: int, fps: int, seconds: float,
              parent: QWidget | None = None) -> bool:
        """Begin exporting; False (with a message box) if the request or path is refused."""
        try:
            spec = self.spec_for(width, fps, seconds)
            self.writer = AnimationWriter(path, spec)
        except (ValueError, OSError) as exc:
            title = QCoreApplication.translate("AnimationExport", "Export animation")
            text = QCoreApplication.translate("AnimationExport",
                                              "The animation cannot be exported:\n{why}")
            QMessageBox.warning(parent, title, text.format(why=exc))
            return False
        lab = self.lab
        lab.clock.pause()
        lab.recompute_now()
        self._restore_to = lab.clock.position
        self._index = 0
        self.progress = QProgressDialog(
            QCoreApplication.translate("AnimationExport", "Rendering {n} frames…").format(n=spec.frames),
            QCoreApplication.translate("AnimationExport", "Cancel"), 0, spec.frames, parent)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self.cancel)
        self._timer.start()
        return True

    @property
    def running(self) -> bool:
        return self.writer is not None

    def _frame_step(self, i: int, n: int) -> int:
        steps = self.lab.clock.steps
        return steps if n == 1 else int(round(i * steps / (n - 1)))

    def _on_tick(self) -> None:
        writer = self.writer
        if writer is None:
            return
        if self.progress is not None and self.progress.wasCanceled():
            self.cancel()  # Cancel button, Escape or the dialog closed
            return
        spec = writer.spec
        try:
            for _ in range(FRAMES_PER_TICK):
                if self._index >= spec.frames:
                    break
                self.lab.clock.seek(self._frame_step(self._index, spec.frames))
                image = self.lab.view.grab().toImage().scaled(
                    spec.width, spec.height, Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation)
                writer.add(image_to_rgb(image))
                self._index += 1
            if self.progress is not None:
                self.progress.setValue(self._index)
            if self._index >= spec.frames:
                path = writer.close()
                self._end(True, QCoreApplication.translate(
                    "AnimationExport", "Animation saved: {path}").format(path=path))
        except (ValueError, OSError, RuntimeError) as exc:
            writer.abort()
            self._end(False, QCoreApplication.translate(
                "AnimationExport", "Animation export failed: {why}").format(why=exc))

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.abort()
            self._end(False, QCoreApplication.translate("AnimationExport",
                                                        "Animation export cancelled"))

    def _end(self, ok: bool, text: str) -> None:
        self._timer.stop()
        self.writer = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.lab.clock.seek(self._restore_to)
        self.message.emit(text)
        self.finished.emit(ok)
