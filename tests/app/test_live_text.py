"""LiveText as a run's status line: the text changes on every drag step without a relayout,
and still shows every word (wrapped, nothing clipped) in its colour."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.widgets import OptimizerRow
from app.widgets.live_text import LiveText


class LayoutRequests(QObject):
    """Counts the layout requests a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _pixels(widget: QWidget) -> np.ndarray:
    img = widget.grab().toImage().convertToFormat(widget.grab().toImage().Format.Format_RGB32)
    ptr = img.constBits()
    return np.frombuffer(ptr, np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)[
        :, : img.width(), :3]


def _host(qtbot, width: int) -> tuple[QWidget, LiveText]:
    host = QWidget()
    qtbot.addWidget(host)
    lay = QVBoxLayout(host)
    line = LiveText(host, rich=False)
    lay.addWidget(line)
    lay.addStretch(1)
    host.resize(width, 200)
    host.show()
    qtbot.waitExposed(host)
    return host, line


def _rows_with_ink(pixels: np.ndarray, rgb: tuple[int, int, int]) -> np.ndarray:
    near = (np.abs(pixels.astype(int) - np.array(rgb[::-1])).sum(axis=2) < 120)
    return np.flatnonzero(near.any(axis=1))


def test_same_line_count_repaints_without_a_relayout(qtbot):
    host, line = _host(qtbot, 400)
    line.setText("converged in 734 steps")
    qtbot.wait(20)  # the first layout of the window
    height = line.height()
    requests = LayoutRequests(host)
    for n in range(700, 720):
        line.setText(f"converged in {n} steps")
        qtbot.wait(1)
    assert requests.count == 0
    assert line.height() == height
    assert line.text() == "converged in 719 steps"


def test_longer_text_grows_and_shows_every_line(qtbot):
    host, line = _host(qtbot, 160)
    line.setColor("#B03A2E")
    line.setText("diverged")
    qtbot.waitUntil(lambda: 0 < line.height() == line.sizeHint().height())  # laid out
    one = line.height()
    long = "diverged at step 12: the learning rate is above the stability limit 2.0e-3"
    line.setText(long)
    qtbot.waitUntil(lambda: line.height() > one)  # the layout gives it the new height
    fm = line.fontMetrics()
    wrap = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
    need = fm.boundingRect(QRect(0, 0, line.width(), 10_000), wrap, long).height()
    assert line.height() >= need - 2  # nothing clipped
    ink = _rows_with_ink(_pixels(line), (0xB0, 0x3A, 0x2E))
    assert ink.size and ink.max() > 2 * fm.lineSpacing()  # the third line is painted
    line.setText("diverged")
    qtbot.waitUntil(lambda: line.height() == one)  # and shrinks back


def test_widening_rewraps(qtbot):
    host, line = _host(qtbot, 150)
    line.setText("stalled near the saddle at (0, 0) for 400 steps: gradient ≈ 0")
    qtbot.wait(20)
    tall = line.height()
    host.resize(900, 200)
    qtbot.waitUntil(lambda: line.height() < tall)
    assert line.height() < 2 * line.fontMetrics().lineSpacing()  # one line again


def test_optimizer_row_status_changes_without_relayout(qtbot):
    row = OptimizerRow("gd", "#0072B2")
    qtbot.addWidget(row)
    row.resize(360, row.sizeHint().height())
    row.show()
    qtbot.waitExposed(row)
    row.set_status("converged in 734 steps", "good")
    qtbot.wait(10)
    requests = LayoutRequests(row)
    for n in range(600, 640):
        row.set_status(f"converged in {n} steps", "good")
        qtbot.wait(1)
    assert requests.count == 0
    assert row.status_text() == "converged in 639 steps"
    ink = _rows_with_ink(_pixels(row.status), (0x1E, 0x7B, 0x4F))  # the "good" colour
    assert ink.size


def test_a_text_that_flickers_between_line_counts_keeps_its_height_until_it_settles(qtbot):
    """Dragging the start point, a status needs three lines on one step and two on the next:
    the line grows at once, keeps that room while the text keeps changing (no relayout, the
    controls below stay put) and gives it back once the shorter text has stayed a moment."""
    from app.widgets.live_text import SHRINK_DELAY_MS

    host, line = _host(qtbot, 160)
    short = "converged in 734 steps"
    long = "diverged at step 12: the learning rate is above the stability limit 2.0e-3"
    line.setText(short)
    qtbot.waitUntil(lambda: 0 < line.height() == line.sizeHint().height())
    one = line.height()
    line.setText(long)
    qtbot.waitUntil(lambda: line.height() > one)
    tall = line.height()
    requests = LayoutRequests(host)
    for n in range(20):
        line.setText(short if n % 2 == 0 else long)
        qtbot.wait(5)
    assert requests.count == 0  # no relayout while it flickers
    assert line.height() == tall
    line.setText(short)
    qtbot.wait(SHRINK_DELAY_MS // 2)
    assert line.height() == tall  # still held
    qtbot.waitUntil(lambda: line.height() == one, timeout=5 * SHRINK_DELAY_MS)
    assert requests.count >= 1
