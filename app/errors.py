"""Unexpected errors in the GUI: an error dialog, a logged traceback, and the app keeps running.

PySide6 hands an exception escaping a slot (a menu action, a timer, a signal
handler) to ``sys.excepthook``; the default hook only prints it to stderr, which
a user of the desktop app never sees.  ``ErrorDialogHook`` replaces the hook
while the window lives: it logs the traceback (logger ``app``) and shows it in
one dialog.  An error raised off the GUI thread reaches the dialog through a
queued signal, so widgets are only touched on the GUI thread.  A burst of
errors (one per repaint, say) fills one dialog instead of stacking many.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

__all__ = ["ErrorDialogHook", "install_error_dialog"]

log = logging.getLogger("app")


class ErrorDialogHook(QObject):
    """A ``sys.excepthook`` that shows the error in a dialog over ``parent``."""

    reported = Signal(str, str)  # summary, traceback text

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = parent
        self.dialog: QMessageBox | None = None
        self.count = 0
        self._previous = None
        # Queued when emitted from another thread; direct on the GUI thread.
        self.reported.connect(self._show, Qt.ConnectionType.AutoConnection)

    def install(self) -> ErrorDialogHook:
        if sys.excepthook is not self:
            self._previous = sys.excepthook
            sys.excepthook = self
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous or sys.__excepthook__
        self._previous = None

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            (self._previous or sys.__excepthook__)(exc_type, exc, tb)
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        log.error("Unhandled exception in Optim Lab", exc_info=(exc_type, exc, tb))
        summary = "".join(traceback.format_exception_only(exc_type, exc)).strip()
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self.reported.emit(summary, details)

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        self.count += 1
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.setInformativeText(QCoreApplication.translate(
                "ErrorDialog", "{n} unexpected errors so far; the latest is shown below.")
                .format(n=self.count))
            self.dialog.setDetailedText(self.dialog.detailedText() + "\n" + details)
            self.dialog.setText(self._text(summary))
            return
        self.count = 1
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("ErrorDialog", "Optim Lab: unexpected error"),
            self._text(summary), QMessageBox.StandardButton.Close, self.window)
        box.setInformativeText(QCoreApplication.translate(
            "ErrorDialog", "Optim Lab keeps running, but the action that failed may be incomplete. "
            "Please report this error with the details below."))
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._on_closed)
        self.dialog = box
        box.open()  # window-modal, returns at once: the event loop keeps running

    def _text(self, summary: str) -> str:
        return QCoreApplication.translate("ErrorDialog", "Something went wrong: {error}") \
            .format(error=summary[:2000])

    def _on_closed(self) -> None:
        self.dialog = None


def install_error_dialog(window: QWidget) -> ErrorDialogHook:
    """Route uncaught exceptions to an error dialog over ``window`` until ``uninstall()``."""
    return ErrorDialogHook(window).install()
