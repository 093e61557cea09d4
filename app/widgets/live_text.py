"""Text that changes on every drag step or live map, without relaying out its window.

A ``QLabel``'s ``setText`` asks its parent layout to recompute every time (measured in
the maps panel: 3–6 ms of GUI-thread time for the status line, 8 ms for the rich-text
basin legend, 40 ms when the legend's line count changed and the window refitted the
panel), and a live map changes both about every 100 ms during a drag.  A run's status
under its sliders ("converged in 734 steps") changes on every step of a learning-rate
drag: as a ``QLabel`` its relayout and the repaint of the controls it caused cost a fifth
of the step (Surface Lab, median 21.2 → 16.6 ms a step).
:class:`LiveText` keeps the text in a ``QTextDocument`` it paints itself: a new text
only repaints the widget, and asks for a new layout only when the height it needs
(its number of lines at the current width) changes.  ``text()``/``setText()`` as a
``QLabel``'s; rich text (``<br>``, ``<span style=…>``) or plain text.

It grows at once and shrinks only when its text has needed fewer lines for
:data:`SHRINK_DELAY_MS`: dragging the start point, a run's status went from two lines to
three and back on a fifth of the steps, and each change re-laid out the whole control
panel (every row below it moved, and was repainted) -- the controls jumped under the
user's eyes, and those steps cost the most.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

__all__ = ["LiveText"]

SHRINK_DELAY_MS = 400  # fewer lines for this long (no new text needing more): shrink


class LiveText(QWidget):
    """A word-wrapped text line or block that repaints, not relayouts, on a new text."""

    def __init__(self, parent: QWidget | None = None, rich: bool = True,
                 color: str | None = None) -> None:
        super().__init__(parent)
        self._rich, self._text, self._color = rich, "", color
        self._doc = QTextDocument(self)
        self._doc.setDocumentMargin(0)
        self._doc.setDefaultFont(self.font())
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._doc.setDefaultTextOption(opt)
        self._height = 0  # the height the layout was asked for
        self._shrink = QTimer(self)
        self._shrink.setSingleShot(True)
        self._shrink.setInterval(SHRINK_DELAY_MS)
        self._shrink.timeout.connect(self._shrink_now)
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)

    def text(self) -> str:
        return self._text

    def setColor(self, color: str) -> None:  # noqa: N802 — Qt style
        """The text colour (plain text; rich text may set its own per span)."""
        if color != self._color:
            self._color = color
            self.update()

    def setText(self, text: str) -> None:  # noqa: N802 — QLabel's name
        if text == self._text:
            return
        self._text = text
        if self._rich:
            self._doc.setHtml(text)
        else:  # no HTML parse on every drag step
            self._doc.setPlainText(text)
        self._doc.setTextWidth(max(self.width(), 1))
        self._refit()
        self.update()

    def _needed(self) -> int:
        return int(self._doc.size().height() + 0.999) if self._text else 0

    def _held(self) -> int:
        """The height kept while a shrink waits (0 when none does)."""
        return self._height if self._shrink.isActive() else 0

    def _refit(self) -> None:
        height = self._needed()
        if height > self._height:  # more lines: the layout must make room now
            self._shrink.stop()
            self._height = height
            self.updateGeometry()
        elif height < self._height:  # fewer: keep the room until the text settles
            self._shrink.start()
        else:
            self._shrink.stop()

    def _shrink_now(self) -> None:
        height = self._needed()
        if height != self._height:
            self._height = height
            self.updateGeometry()

    # --- layout ---------------------------------------------------------------------------
    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        self._doc.setTextWidth(max(width, 1))
        h = self._needed()
        self._doc.setTextWidth(max(self.width(), 1))
        return max(h, self._held())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(int(self._doc.idealWidth()) + 1, max(self._needed(), self._held()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, max(self._needed(), self._held()))

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._doc.setTextWidth(max(self.width(), 1))
        if event.oldSize().width() != event.size().width():  # re-wrapped: fit it now
            self._shrink.stop()
            self._shrink_now()
        else:
            self._refit()
        super().resizeEvent(event)

    def paintEvent(self, _event) -> None:  # noqa: N802
        if not self._text:
            return
        p = QPainter(self)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        color = QColor(self._color) if self._color else self.palette().color(
            QPalette.ColorRole.WindowText)
        ctx.palette.setColor(QPalette.ColorRole.Text, color)
        self._doc.documentLayout().draw(p, ctx)
        p.end()
