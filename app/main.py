"""Start the desktop app: ``launch()`` shows the main window and runs the event loop.

Import order matters: PySide6 first and ``PYQTGRAPH_QT_LIB=PySide6`` so that
pyqtgraph never binds to another Qt.  Nothing here imports torch (the Deep
Stack Lab loads it when its tab is first opened).
"""

from __future__ import annotations

import os
import sys

from .display import platform_problem
from .resources import translations_folder

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def install_translators(app, locale_name: str | None = None) -> list:
    """Load ``optim_lab_<locale>.qm`` (and Qt's own strings) if they exist for the locale.

    The .qm files are package data (``app.resources``), so an installed app finds them too.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    locale = QLocale(locale_name) if locale_name else QLocale.system()
    installed = []
    folder = translations_folder()
    if folder is None:
        return installed
    own = QTranslator(app)
    if own.load(locale, "optim_lab", "_", str(folder)):
        app.installTranslator(own)
        installed.append(own)
        qt = QTranslator(app)
        if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            installed.append(qt)
    return installed


def _ui_font(app, locale_name: str) -> None:
    """Chinese needs a CJK font; pick Noto Sans CJK SC when it is installed."""
    from PySide6.QtGui import QFont, QFontDatabase

    if locale_name.startswith("zh"):
        for family in ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC"):
            if family in QFontDatabase.families():
                f = QFont(family)
                f.setPointSize(app.font().pointSize())
                app.setFont(f)
                return


def launch(argv: list[str] | None = None) -> int:
    """Open Optim Lab; returns the Qt exit code, or 1 with a message if no window can open."""
    import PySide6  # noqa: F401  (bind pyqtgraph to PySide6)
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    args = [sys.argv[0] if sys.argv else "optim-lab", *(argv or [])]
    if QApplication.instance() is None:
        problem = platform_problem(qt_args=args[1:])
        if problem is not None:  # Qt would abort (exit 134, core dump) with the cause buried
            print(problem, file=sys.stderr)
            return 1
    app = QApplication.instance() or QApplication(args)
    app.setApplicationName("Optim Lab")
    app.setOrganizationName("Optim Lab")
    locale_name = os.environ.get("OPTIM_LAB_LANG") or QLocale.system().name()
    install_translators(app, locale_name)
    _ui_font(app, locale_name)

    from .errors import install_error_dialog
    from .main_window import MainWindow

    win = MainWindow()
    screen = app.primaryScreen()
    if screen is not None:
        avail = screen.availableGeometry()
        win.resize(min(1280, avail.width()), min(800, avail.height()))
    else:
        win.resize(1280, 800)
    errors = install_error_dialog(win)  # an exception escaping a slot gets a dialog, not just stderr
    win.show()
    try:
        code = app.exec()
    finally:
        errors.uninstall()
    import shiboken6

    win.close()
    # Tear the window down while Python is fully alive (PySide6 can crash deleting it at exit).
    shiboken6.delete(win)
    return code


if __name__ == "__main__":
    raise SystemExit(launch(sys.argv[1:]))
