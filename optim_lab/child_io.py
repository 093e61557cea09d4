"""The child side of the GUI's worker processes (``app/child_process.py`` is the parent
side): pickled commands on stdin, pickled events on stdout.  Qt-free: the children never
load Qt."""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable

__all__ = ["lower_priority", "serve_stdio"]


def serve_stdio(serve: Callable[[object, Callable[[tuple], None]], None]) -> None:
    """Run ``serve(commands, emit)``: it reads pickled commands from ``commands`` (stdin's
    bytes) and sends events with ``emit`` (thread-safe).  Stray prints (Python or C) go to
    stderr, never into the event stream; a vanished GUI process ends the child quietly."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    lock = threading.Lock()

    def emit(event: tuple) -> None:
        with lock:
            pickle.dump(event, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()

    try:
        serve(sys.stdin.buffer, emit)
    except (BrokenPipeError, OSError):
        pass  # the GUI process went away


def lower_priority(nice: int = 4) -> None:
    """Let the GUI process win the CPU when a worker process competes with it (two cores:
    the GUI thread, a drag or training process and a map process can all be runnable)."""
    if hasattr(os, "nice"):
        try:
            os.nice(nice)
        except OSError:
            pass  # not permitted here: the process just competes evenly
