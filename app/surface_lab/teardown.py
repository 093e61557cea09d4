"""Delete windows still alive when Python exits, while the interpreter can still run the
Python overrides Qt calls during teardown (otherwise PySide6 may crash at exit)."""

from __future__ import annotations

import atexit
import weakref

import shiboken6
from PySide6.QtWidgets import QWidget

_LIVE: weakref.WeakSet = weakref.WeakSet()


def track(widget: QWidget) -> None:
    """Have ``widget``'s top-level window closed and deleted before interpreter shutdown."""
    _LIVE.add(widget)


@atexit.register
def _delete_live_windows() -> None:
    for widget in list(_LIVE):
        try:
            top = widget.window()
            if shiboken6.isValid(top):
                top.close()  # lets other labs in the window join their worker threads
                shiboken6.delete(top)
        except RuntimeError:
            pass
