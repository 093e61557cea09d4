# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""An exception escaping a slot shows an error dialog, is logged, and the window keeps working."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from surface_testing import no_qt_warnings  # noqa: F401

from app.errors import install_error_dialog
from app.main_window import MainWindow

# pytest-qt would otherwise install its own excepthook and fail the test on the exception we raise.
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def window(qtbot, no_qt_warnings):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    previous = sys.excepthook
    hook = install_error_dialog(w)
    yield w, hook
    hook.uninstall()
    assert sys.excepthook is previous
    if hook.dialog is not None:
        hook.dialog.close()
    w.surface_lab.clock.pause()


def _broken_file_action(w: MainWindow) -> QAction:
    """A File-menu action whose slot raises, as File › Open did on a 401-digit number."""
    file_menu = w.menuBar().actions()[0].menu()

    def open_huge_number() -> None:
        int("9" * 401) * 1.0  # OverflowError: int too large to convert to float

    action = QAction("Open broken", w)
    action.triggered.connect(open_huge_number)
    file_menu.addAction(action)
    return action


def test_exception_in_a_file_menu_action_shows_a_dialog(window, qtbot, caplog):
    w, hook = window
    action = _broken_file_action(w)
    action.trigger()
    qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
    box = hook.dialog
    assert "OverflowError" in box.text()
    assert "Traceback" in box.detailedText() and "open_huge_number" in box.detailedText()
    logged = [r for r in caplog.records if r.name == "app" and r.exc_info]
    assert logged and logged[-1].exc_info[0] is OverflowError

    # a second error joins the open dialog instead of stacking another one
    action.trigger()
    assert hook.dialog is box and hook.count == 2 and "2" in box.informativeText()
    dialogs = [x for x in QApplication.topLevelWidgets() if x.isVisible() and x is not w]
    assert dialogs == [box]

    # the window is still alive and responsive
    lab = w.surface_lab
    lab.clock.seek(10)
    lab.acts.step.trigger()
    assert lab.clock.position == 11
    box.close()
    qtbot.waitUntil(lambda: hook.dialog is None)


def test_an_error_off_the_gui_thread_reaches_the_dialog_on_the_gui_thread(window, qtbot):
    w, hook = window

    def worker() -> None:
        try:
            raise RuntimeError("worker failed")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # what PySide does for an exception in QThread.run

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
    assert "worker failed" in hook.dialog.text()
    assert hook.dialog.thread() is QThread.currentThread()


def test_keyboard_interrupt_quits_without_a_dialog(window, qtbot, monkeypatch):
    w, hook = window
    quits = []
    monkeypatch.setattr(QApplication, "quit", lambda *a: quits.append(True))
    monkeypatch.setattr(hook, "_previous", lambda *a: None)  # keep pytest's output clean
    hook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert quits and hook.dialog is None
