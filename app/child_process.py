"""A Python child process that works for the GUI: pickled tuples in both directions.

Commands go to the child's stdin; its events come back on its stdout and are unpickled by a
listener thread here (``pickle.load`` blocks in ``read()`` without the GIL), whose
:class:`EventReader` handles them: files data, or forwards them as signals, which Qt queues
to the GUI thread.  Why a process and not a thread: Python work in a thread holds the GIL,
and the GUI thread needs the GIL for every Python callback of a repaint (measured in the Deep
Stack Lab: a pane's frame took 22-24 ms beside a training thread, 7.5 ms beside a training
process).  Used by the Deep Stack Lab (training, :mod:`optim_lab.deep.live`) and the Surface
Lab (runs recomputed during a slider drag, :mod:`optim_lab.run_server`).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

import optim_lab

__all__ = ["ChildProcess", "EventReader"]


class EventReader(QObject):
    """Lives in the listener thread: unpickles events until the stream ends and hands each to
    :meth:`on_event` (in that thread; emit signals to reach the GUI thread)."""

    failed = Signal(str)
    ended = Signal(object)  # this reader: its stream has ended (the process quit or died)

    def __init__(self, stream) -> None:
        super().__init__()
        self.stream = stream

    @Slot()
    def run(self) -> None:
        try:
            self._read()
        finally:
            self.ended.emit(self)

    def _read(self) -> None:
        while True:
            try:
                event = pickle.load(self.stream)
            except (EOFError, OSError, ValueError):
                return  # the process has ended
            except Exception as exc:  # a garbled stream: say so rather than stop silently
                self.failed.emit(f"{type(exc).__name__}: {exc}")
                return
            self.on_event(event)

    def on_event(self, event: tuple) -> None:
        raise NotImplementedError


class ChildProcess(QObject):
    """Starts ``python -m module`` on first use, posts commands, shuts down cleanly.
    ``reader`` is the :class:`EventReader` (made by ``make_reader(stdout)``) of the running
    process, None before :meth:`start` and after :meth:`shutdown`."""

    def __init__(self, module: str, make_reader: Callable[[object], EventReader],
                 thread_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._module, self._make_reader, self._thread_name = module, make_reader, thread_name
        self._process: subprocess.Popen | None = None
        self._thread: QThread | None = None
        self._send_lock = threading.Lock()
        self.reader: EventReader | None = None

    @property
    def started(self) -> bool:
        return self._process is not None

    def start(self) -> EventReader:
        """Start the process and the listener thread (idempotent)."""
        if self.reader is None:
            # the child imports this very copy of the engine, wherever it was imported from
            root = os.path.dirname(os.path.dirname(os.path.abspath(optim_lab.__file__)))
            path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
            self._process = subprocess.Popen(
                [sys.executable, "-m", self._module], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": path})
            self._thread = QThread()
            self._thread.setObjectName(self._thread_name)
            self.reader = self._make_reader(self._process.stdout)
            self.reader.moveToThread(self._thread)
            self._thread.started.connect(self.reader.run)
            self._thread.start()
        return self.reader

    def post(self, *command: object) -> bool:
        """Send ``command`` (starting the process if needed); False if the process is gone."""
        self.start()
        try:
            with self._send_lock:
                pickle.dump(command, self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self._process.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            return False
        return True

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Ask the process to quit, wait for it (kill it after ``timeout_ms``), join the
        listener."""
        if self._process is None or self._thread is None:
            return
        process, thread = self._process, self._thread
        self.post("quit")
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout_ms / 1000)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        thread.quit()  # the listener has seen the end of the event stream
        thread.wait(timeout_ms)
        process.stdout.close()
        self._process = None
        self._thread = None
        self.reader = None

