"""Hand memory the C heap has freed back to the system every few seconds (glibc only).

Training in the Deep Stack Lab interleaves large short-lived torch buffers with
small long-lived allocations (each step's record arrays).  glibc's heap cannot
shrink past a live small block, and raises its mmap threshold after large
frees, so the freed buffers stay resident: the soak test (``python -m
tests.soak``) measured resident memory growing by about 100 MB over 2,000 A/B
training steps although the records themselves take under 10 MB, and
``malloc_trim(0)`` gave it all back.  ``HeapTrimmer`` calls ``malloc_trim(0)``
on a timer; a call takes well under a millisecond and touches no live data.
Elsewhere (macOS, Windows, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

from PySide6.QtCore import QObject, QTimer

__all__ = ["HeapTrimmer", "release_free_heap"]

_TRIM = None
if sys.platform.startswith("linux"):
    try:
        _TRIM = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
        _TRIM.argtypes = [ctypes.c_size_t]
        _TRIM.restype = ctypes.c_int
    except (OSError, AttributeError):  # not glibc
        _TRIM = None


def release_free_heap() -> bool:
    """``malloc_trim(0)``: return free heap pages to the system; False where unavailable."""
    if _TRIM is None:
        return False
    _TRIM(0)
    return True


class HeapTrimmer(QObject):
    """Calls ``release_free_heap()`` every ``interval_ms`` while the app runs."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 5000) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(release_free_heap)
        if _TRIM is not None:
            self.timer.start()
