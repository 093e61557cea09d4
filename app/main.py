"""Start the desktop app: ``launch()`` shows the main window and runs the event loop.

Import order matters: PySide6 first and ``PYQTGRAPH_QT_LIB=PySide6`` so that
pyqtgraph never binds to another Qt.  Nothing here imports torch (the Deep
Stack Lab loads it when its tab is first opened).  ``app.shell.AppShell`` owns
the window, the remembered settings, the language and the error dialog.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import PySide6  # noqa: E402,F401  (bind pyqtgraph to PySide6 before anything imports it)

from .display import platform_problem  # noqa: E402
from .language import install_translators  # noqa: E402

__all__ = ["install_translators", "launch"]


def launch(argv: list[str] | None = None) -> int:
    """Open Optim Lab; returns the Qt exit code, or 1 with a message if no window can open."""
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

    from .settings import open_settings
    from .shell import AppShell

    shell = AppShell(app, open_settings())
    shell.window.show()
    try:
        code = app.exec()
    finally:
        shell.close()  # saves the settings, restores sys.excepthook
    import shiboken6

    win = shell.window
    win.close()
    # Tear the window down while Python is fully alive (PySide6 can crash deleting it at exit).
    shiboken6.delete(win)
    return code


if __name__ == "__main__":
    raise SystemExit(launch(sys.argv[1:]))
