"""Bit-for-bit parity with torch.optim (single-tensor path), also over chaotic runs.

``torch_reference.py`` runs torch in a fresh interpreter on its portable CPU
kernels, with IEEE ``sqrt`` (why: its docstring; in short, torch's AVX2 kernels
fuse multiply-adds and its MKL ``sqrt`` is not correctly rounded, so torch
itself is not bit-reproducible across CPUs).  Every table row (400 steps on
Rosenbrock and Himmelblau) and every chaotic row (2000 steps on Rosenbrock)
must give the *identical* float64 positions on both engine paths: the 2-D float
loop and the batched numpy loop.  The chaotic rows are checked to be chaotic first: a start
moved by one ulp must end visibly elsewhere, so a 1-ulp slip in any operation
would fail the comparison.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from optim_table import CHAOTIC
from torch_reference import JOBS, Job, as_batched

from optim_lab import RunSettings, get_surface, run

NO_STOP = RunSettings(stop_on_convergence=False)
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, np.ndarray]:
    out = tmp_path_factory.mktemp("torch_ref") / "ref.npz"
    env = dict(os.environ, ATEN_CPU_CAPABILITY="default", OMP_NUM_THREADS="1",
               PYTHONPATH=os.pathsep.join([str(ROOT), str(HERE)]))
    proc = subprocess.run(
        [sys.executable, str(HERE / "torch_reference.py"), str(out)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    with np.load(out) as data:
        return {k: data[k] for k in data.files}


def engine_positions(job: Job) -> np.ndarray:
    s2 = get_surface(job.surface)
    surface = s2 if job.path == "float" else as_batched(s2)
    traj = run(surface, job.case.engine(job.lr_scale), job.start, job.steps, NO_STOP)
    return traj.points


@pytest.mark.parametrize("job", JOBS, ids=[j.key for j in JOBS])
def test_positions_identical_to_torch(job: Job, reference):
    ref = reference[job.key]
    assert ref.shape == (job.steps + 1, 2), "torch's run stopped (non-finite) early"
    assert np.linalg.norm(ref[-1] - ref[0]) > 0.05, "a run that barely moves proves nothing"
    np.testing.assert_array_equal(engine_positions(job), ref)


@pytest.mark.parametrize("case, start", CHAOTIC, ids=[c.id for c, _ in CHAOTIC])
def test_chaotic_rows_amplify_one_ulp(case, start):
    """One ulp in the start grows past 1e-6: these runs would expose any rounding slip."""
    s2 = get_surface("rosenbrock")
    moved = (start[0], float(np.nextafter(start[1], np.inf)))
    steps = next(j.steps for j in JOBS if j.case is case)
    a = run(s2, case.engine(), start, steps, NO_STOP).points
    b = run(s2, case.engine(), moved, steps, NO_STOP).points
    assert a.shape == b.shape == (steps + 1, 2)
    assert np.max(np.abs(a - b)) > 1e-6
