"""The explanation shown above the surface view (a scenario's, or an experiment's title and notes).

The banner never widens the window, whatever the text: the title is one line,
elided with "…" to the banner's width (the whole title in its tooltip), and the
explanation wraps — a word longer than the line breaks anywhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ZWSP = "\u200b"  # lets a line break inside a very long word
LONG_WORD = 40
SHOWN_CHARS = 480  # longer notes are cut with "…" (the whole text is in the tooltip)
MAX_LINES = 7  # and the explanation never takes more lines than this


def breakable(text: str) -> str:
    """``text`` with a zero-width space every LONG_WORD characters inside longer words."""
    out = []
    for word in text.split(" "):
        if len(word) > LONG_WORD:
            word = ZWSP.join(word[i:i + LONG_WORD] for i in range(0, len(word), LONG_WORD))
        out.append(word)
    return " ".join(out)


class ElidedLabel(QLabel):
    """A one-line label that elides its text to its width and never asks for more."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)

    def set_full_text(self, text: str) -> None:
        self._full = " ".join(text.split())  # one line
        self.setToolTip(self._full if len(self._full) <= 2000 else self._full[:2000] + "…")
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._elide()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self._elide()

    def _elide(self) -> None:
        if not self.isVisible():  # no width yet: elided when shown (resizeEvent)
            shown = self._full
        else:
            shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                  max(self.width(), 20))
        if shown != self.text():
            self.setText(shown)


class ScenarioBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScenarioBanner")
        self.setStyleSheet("#ScenarioBanner { background: #FFF8E1; border: 1px solid #E8D9A8;"
                           " border-radius: 4px; }")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        self.title = ElidedLabel(self)
        f = self.title.font()
        f.setBold(True)
        self.title.setFont(f)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMaximumHeight(MAX_LINES * self.text.fontMetrics().lineSpacing() + 4)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Hide the explanation"))
        close.clicked.connect(self.hide)
        col = QVBoxLayout()
        col.setSpacing(2)
        col.addWidget(self.title)
        col.addWidget(self.text)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 6, 4, 6)
        lay.addLayout(col, 1)
        lay.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_scenario(self, title: str, explanation: str) -> None:
        self.title.set_full_text(title)
        self._explanation = explanation
        shown = explanation if len(explanation) <= SHOWN_CHARS else \
            explanation[:SHOWN_CHARS].rstrip() + " …"
        self.text.setText(breakable(shown))
        self.text.setToolTip(breakable(explanation) if shown != explanation else "")
        self.text.setVisible(bool(explanation))
        self.show()

    def title_text(self) -> str:
        return self.title.full_text()

    def explanation(self) -> str:
        return getattr(self, "_explanation", "")
