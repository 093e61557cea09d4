"""Shared test setup: Qt runs headless and pyqtgraph binds to PySide6."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Small matrices on 2 shared cores: threaded OpenBLAS is 10-100x slower than one thread.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
