"""The compiled map loop (numba) gives the numpy loop's numbers bit for bit, applies only
where it can, and is never imported when the engine or the app starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer
from optim_lab.dynamics import PLAIN
from optim_lab.maps import _run_rows, run_batch
from optim_lab.maps_compiled import applies, available, compiled_batch
from optim_lab.runs import DEFAULT_SETTINGS, RunSettings

REPO = Path(__file__).resolve().parents[2]
FIELDS = ("final_points", "final_losses", "labels", "steps_taken")
pytestmark = pytest.mark.skipif(not available(), reason="numba is a dependency; not installed")


def _grid(surface, n: int, widen: float = 1.0) -> np.ndarray:
    (x0, x1), (y0, y1) = surface.center[:, None] + widen * (
        surface.bounds - surface.center[:, None])
    XX, YY = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return np.column_stack([XX.ravel(), YY.ravel()])


def _numpy_loop(s, opt, starts, steps, settings=DEFAULT_SETTINGS):
    return _run_rows(s, opt, starts, steps, settings=settings, should_stop=None,
                     check_every=25, progress=None, dynamics=PLAIN)


@pytest.mark.parametrize("name, opt, steps, widen", [
    ("rosenbrock", make_optimizer("momentum", lr=1e-3, momentum=0.9), 500, 1.0),
    ("himmelblau", make_optimizer("gd", lr=0.01), 300, 1.0),
    ("himmelblau", make_optimizer("gd", lr=0.04), 100, 1.0),  # many diverge
    ("himmelblau", make_optimizer("nesterov", lr=0.01, momentum=0.8, weight_decay=0.01),
     300, 1.0),
    ("booth", make_optimizer("momentum", lr=0.05, momentum=0.5), 300, 3.0),
    ("two_wells", make_optimizer("gd", lr=0.2), 100, 1.0),
    ("catapult", make_optimizer("gd", lr=0.05), 300, 1.0),
])
def test_compiled_maps_equal_the_numpy_loop_bit_for_bit(name, opt, steps, widen):
    s = get_surface(name)
    starts = _grid(s, 48, widen)
    fast = compiled_batch(s, opt, starts, steps, settings=DEFAULT_SETTINGS)
    assert fast is not None
    slow = _numpy_loop(s, opt, starts, steps)
    for f in FIELDS:
        np.testing.assert_array_equal(getattr(fast, f), getattr(slow, f), err_msg=f)
    assert len(np.unique(slow.labels)) >= 2 or len(np.unique(slow.steps_taken)) >= 10


def test_compiled_quadratic_any_kappa_no_early_stop_and_bad_starts():
    s = get_surface("quadratic", kappa=7.0)
    starts = _grid(s, 30)
    starts[3] = (np.nan, 0.0)
    opt = make_optimizer("momentum", lr=0.2, momentum=0.3)
    for settings in (DEFAULT_SETTINGS, RunSettings(stop_on_convergence=False)):
        fast = compiled_batch(s, opt, starts, 200, settings=settings)
        slow = _numpy_loop(s, opt, starts, 200, settings)
        for f in FIELDS:
            np.testing.assert_array_equal(getattr(fast, f), getattr(slow, f), err_msg=f)
    assert fast.steps_taken[3] == 0


def test_the_compiled_path_applies_only_where_it_is_exact():
    him = get_surface("himmelblau")
    assert applies(him, make_optimizer("momentum"))
    assert not applies(him, make_optimizer("adam"))  # not compiled: numpy loop
    assert not applies(him, make_optimizer("gd", clip_norm=1.0))
    assert not applies(him, make_optimizer("gd", lr=np.array([0.1, 0.2])))
    assert not applies(get_surface("ackley"), make_optimizer("gd"))  # exp, sin: libm
    starts = _grid(him, 16)
    opt = make_optimizer("gd", lr=0.01)
    seen: list[int] = []
    run_batch(him, opt, starts, 100, progress=lambda t, n: seen.append(t))
    assert seen == [25, 50, 75, 100] or seen[-1] < 100  # stops once every run ended
    from optim_lab.maps import MapCancelled

    with pytest.raises(MapCancelled):
        run_batch(him, make_optimizer("gd", lr=1e-5), starts, 100, should_stop=lambda: True)


def test_neither_the_engine_nor_the_app_imports_numba_at_start():
    probe = (
        "import sys, json\n"
        "import optim_lab, optim_lab.maps, optim_lab.maps_compiled, optim_lab.cli\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.main_window import MainWindow\n"
        "w = MainWindow(); w.show(); app.processEvents()\n"
        "print(json.dumps('numba' in sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) is False
