"""Benchmarks (``python -m tests.benchmarks.run``), kept out of the default test run.

They measure the engine as the app and its ``optim-lab`` command run it: one OpenBLAS thread
(``app/__init__.py`` says why), unless the caller set ``OPENBLAS_NUM_THREADS`` itself.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
