"""Optim Lab desktop GUI (PySide6 + pyqtgraph): thin views over the optim_lab engine."""

import os

# One OpenBLAS thread.  The app's matrices are small (2 x 2 up to the N-D Lab's 1000 x 1000
# quadratic, a few rows at a time): a second thread hardly shortens them, and OpenBLAS's
# idle threads spin, so their CPU time doubles (measured on a 2-core machine:
# (3, 1000) @ (1000, 1000) 0.48-0.54 ms with one thread, 0.23-0.28 ms with two for
# 0.47-0.56 ms of CPU; an N-D Lab benchmark process with two threads spent 45 % of its CPU
# samples in OpenBLAS's thread server).  On a 2-core laptop that CPU is the GUI thread's.
# Must be set before numpy loads: every entry point (``app.cli``, ``app.main``) imports
# this package first, and child processes (the Surface Lab's drag process) inherit it.
# A value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
