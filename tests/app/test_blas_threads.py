"""The app runs numpy's OpenBLAS with one thread (``app/__init__.py`` says why), probed in a
fresh process: the value OpenBLAS itself reports, not the environment variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import ctypes
import {first}
import numpy
numpy.ones((64, 64)) @ numpy.ones((64, 64))  # OpenBLAS is loaded and initialised
paths = {{line.split()[-1] for line in open("/proc/self/maps")
          if "openblas" in line.lower() and ".so" in line.split()[-1]}}
assert paths, "numpy is not linked against OpenBLAS here"
lib = ctypes.CDLL(sorted(paths)[0])
for name in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
             "openblas_get_num_threads"):
    fn = getattr(lib, name, None)
    if fn is not None:
        print(fn())
        break
else:
    raise SystemExit("no openblas_get_num_threads in " + sorted(paths)[0])
"""


def _threads(first: str, **env: str) -> int:
    e = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    e.update(env, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-c", PROBE.format(first=first)], env=e, cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    return int(p.stdout.strip().splitlines()[-1])


def test_the_app_and_its_command_run_openblas_with_one_thread() -> None:
    assert _threads("app.cli") == 1  # the optim-lab console script
    assert _threads("app.main") == 1  # the window


def test_a_thread_count_the_user_set_is_kept() -> None:
    # also shows the probe reads OpenBLAS's own count (the app's default would give 1)
    assert _threads("app.cli", OPENBLAS_NUM_THREADS="2") == 2
