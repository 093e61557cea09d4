"""The running app around its main window: settings, language, the error dialog, heap trimming.

``AppShell`` builds the ``MainWindow`` with the remembered geometry, tab,
language, export folder, Surface Lab columns and setup, and animation choices, saves
them when the app ends, and switches the
language while the app runs.  Every lab sets its texts when it is built, so a
switch builds a new window in the new language at once and carries the state
over: geometry, tab, the Surface Lab's setup (surface, start, optimizers,
steps, scenario) and playback position, the export folder.  The N-D and Deep
Stack labs are built afresh (the status bar says so if they were open).
"""

from __future__ import annotations

import os
from dataclasses import asdict, replace

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from optim_lab.session import SurfaceSession

from .errors import ErrorDialogHook, install_error_dialog
from .language import Language
from .main_window import MainWindow
from .memory import HeapTrimmer
from .settings import Remembered, read_settings, write_settings

__all__ = ["AppShell"]

LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}


class AppShell:
    def __init__(self, app: QApplication, settings: QSettings) -> None:
        self.app = app
        self.settings = settings
        self.remembered = read_settings(settings)
        self.forget = False  # "Reset settings" was chosen: do not write them back at the end
        self.language = Language(app)
        # $OPTIM_LAB_LANG wins for this run (the README's way to try zh_CN) but is not remembered.
        self.language.apply(os.environ.get("OPTIM_LAB_LANG") or self.remembered.language)
        self.window = self._build()
        self._restore(self.window, self.remembered)
        self.errors: ErrorDialogHook = install_error_dialog(self.window)
        self.heap = HeapTrimmer(app, interval_ms=2000)  # else training leaves freed memory resident

    # --- window ---------------------------------------------------------------
    def _build(self) -> MainWindow:
        w = MainWindow()
        w.set_language_checked(self.language.code)
        w.language_requested.connect(self.switch_language)
        w.reset_settings_requested.connect(self.reset_settings)
        return w

    def _restore(self, w: MainWindow, r: Remembered) -> None:
        if r.geometry is None or not w.restoreGeometry(r.geometry):
            screen = self.app.primaryScreen()
            if screen is not None:
                avail = screen.availableGeometry()
                w.resize(min(1280, avail.width()), min(800, avail.height()))
            else:
                w.resize(1280, 800)
        if 0 < r.tab < w.tabs.count():
            w.tabs.setCurrentIndex(r.tab)
        lab = w.surface_lab
        lab.exports.last_folder = lab.files.last_folder = r.export_folder
        w.animation_export.folder = r.export_folder
        w.animation_export.choice = replace(w.animation_export.choice, **r.animation)
        if r.splitter is not None:
            lab.restore_splitter(r.splitter)
        if r.experiment is not None:
            try:
                lab.session.apply(r.experiment)
            except (ValueError, KeyError, TypeError):  # valid as a file, refused by the engine
                lab.session.apply(SurfaceSession.with_default_runs().to_experiment())
            lab.recompute_now()
            lab.clock.seek(lab.clock.steps)

    def current(self) -> Remembered:
        w = self.window
        lab = w.surface_lab
        lesson = getattr(w, "lessons", None)
        progress = getattr(lesson, "progress", None)
        # during a Surface Lab lesson, the learner's own setup from before it (what leaving
        # restores); a Deep Stack Lab lesson leaves the Surface Lab as the learner set it
        surface_lesson = progress is not None and not progress.deep
        experiment = progress.before if surface_lesson else lab.session.to_experiment()
        return Remembered(geometry=w.saveGeometry(), tab=w.tabs.currentIndex(),
                          language=self.remembered.language,
                          export_folder=_last_folder(w), splitter=lab.splitter_sizes(),
                          experiment=experiment, animation=asdict(w.animation_export.choice))

    def save(self) -> None:
        if not self.forget:
            write_settings(self.settings, self.current())

    def reset_settings(self) -> None:
        """Forget everything remembered; the next start uses the defaults."""
        self.settings.clear()
        self.settings.sync()
        self.forget = True
        self.window.statusBar().showMessage(QCoreApplication.translate(
            "MainWindow", "Settings cleared: Optim Lab opens with its defaults next time."), 10000)

    # --- language -------------------------------------------------------------
    def switch_language(self, code: str) -> None:
        """Rebuild the window in ``code`` ("" = system), keeping the user's state."""
        if code == self.language.code:
            return
        old = self.window
        state = self.current()
        found = self.language.apply(code)
        self.remembered.language = code
        self.forget = False
        new = self._build()
        self._restore(new, replace(state, geometry=None, experiment=None))  # carried over below
        new.setGeometry(old.geometry())  # exactly where it was (restoreGeometry may re-fit it)
        new.setWindowState(old.windowState())
        others_open = any(i not in old._lazy for i in range(1, old.tabs.count()))
        _carry_over_surface_lab(old, new)
        self.errors.uninstall()
        self.errors = install_error_dialog(new)
        self.window = new
        new.show()
        old.close()
        old.deleteLater()
        self.save()
        name = LANGUAGE_NAMES.get(code) or QCoreApplication.translate("MainWindow", "System language")
        if not found:
            QMessageBox.warning(new, QCoreApplication.translate("MainWindow", "Language"),
                                QCoreApplication.translate(
                                    "MainWindow", "No translation for {language} was found; the "
                                    "interface is shown in English.").format(language=name))
        text = QCoreApplication.translate("MainWindow", "Interface language: {language}.") \
            .format(language=name)
        if others_open:
            text += " " + QCoreApplication.translate(
                "MainWindow", "The Surface Lab setup was kept; the other labs started afresh.")
        new.statusBar().showMessage(text, 10000)

    def close(self) -> None:
        """Save; restore the previous excepthook; remove the translators (app end, tests)."""
        self.save()
        self.errors.uninstall()
        self.heap.timer.stop()
        self.language.remove()


def _last_folder(w: MainWindow) -> str:
    """The folder of the last export (figure or animation), else of the last experiment
    opened or saved."""
    lab = w.surface_lab
    return (lab.exports.last_folder or w.animation_export.folder or lab.files.last_folder
            or "")


def _carry_over_surface_lab(old: MainWindow, new: MainWindow) -> None:
    """Give the new window's Surface Lab the old one's session (the whole experiment: surface,
    start, runs with their own starts and colours, steps, scenario) and playback position."""
    a, b = old.surface_lab, new.surface_lab
    a.clock.pause()
    position = a.clock.position
    b.session.apply(a.session.to_experiment())  # a scenario's banner is re-read in the new language
    b.recompute_now()
    b.clock.pause()
    b.clock.seek(min(position, b.clock.steps))
    if hasattr(old, "lessons"):
        new.lessons.take_over(old.lessons)  # a running lesson goes on in the new language
        new.lessons_dock.setVisible(old.lessons_dock.isVisible())
