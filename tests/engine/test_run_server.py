"""The Surface Lab's drag process (optim_lab.run_server) and the session's side of it:
a job computed in another process is the same trajectory, bit for bit, as the session's own;
answers to edits that have moved on are refused (or only previewed); the process imports
neither Qt nor torch."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from optim_lab.run_server import answer
from optim_lab.session import SurfaceSession

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ("points", "losses", "grad_norms", "step_lengths", "near_saddle")


def _same(a, b) -> None:
    for f in FIELDS:
        np.testing.assert_array_equal(getattr(a, f), getattr(b, f), err_msg=f)
    if a.lrs is None:
        assert b.lrs is None
    else:
        np.testing.assert_array_equal(a.lrs, b.lrs)
    assert (a.status, a.diverged_at, a.converged_at, a.steps_near_saddle) == \
        (b.status, b.diverged_at, b.converged_at, b.steps_near_saddle)
    assert a.outcome == b.outcome and a.end == b.end and a.noise_ball == b.noise_ball


def _sessions():
    plain = SurfaceSession.with_default_runs()  # Rosenbrock, GD / momentum / Nesterov / Adam
    noisy = SurfaceSession("himmelblau", steps=400)
    rid = noisy.add_run("momentum")
    noisy.set_dynamics(rid, noise=0.05, seed=11, schedule="cosine:T_max=400")
    custom = SurfaceSession("custom", expression="x**4 - 2*x**2 + 3*y**2", xmin=-2.0, xmax=2.0,
                            ymin=-2.0, ymax=2.0)
    custom.add_run("adam")
    diverging = SurfaceSession("quadratic", kappa=10.0)
    rid = diverging.add_run("gd")
    diverging.set_lr(rid, 0.25)  # above 2 / lambda_max = 0.2
    return [plain, noisy, custom, diverging]


@pytest.mark.parametrize("k", range(4))
def test_an_answer_is_the_sessions_own_trajectory_bit_for_bit(k):
    s = _sessions()[k]
    surfaces: dict = {}
    for rid in s.run_ids():
        job = s.job(rid)
        kind, echoed, traj, error = pickle.loads(pickle.dumps(answer(job, surfaces)))
        assert (kind, echoed, error) == ("result", job, None)
        assert s.accept(job, traj, error)
        assert s.job(rid) is None  # up to date now: nothing to compute
        fresh = _sessions()[k]
        _same(s.result(rid), fresh.result(rid))
        assert not s.result(rid).points.flags.writeable  # read-only, as run() leaves them
    assert len(surfaces) == 1  # the surface was built once for all runs


def test_an_invalid_setting_answers_with_the_sessions_message():
    s = SurfaceSession.with_default_runs()
    rid = s.run_ids()[0]
    s.set_lr(rid, -1.0)
    job = s.job(rid)
    _, _, traj, error = answer(job, {})
    assert traj is None
    fresh = SurfaceSession.with_default_runs()
    fresh.set_lr(rid, -1.0)
    assert error == fresh.error(rid)


def test_accept_refuses_answers_to_edits_that_moved_on_and_previews_only_lr_moves():
    s = SurfaceSession.with_default_runs()
    rid = s.run_ids()[0]
    s.set_lr(rid, 1e-3)
    old = s.job(rid)
    _, _, traj, error = answer(old, {})
    s.set_lr(rid, 1.1e-3)  # the drag moved on
    assert not s.accept(old, traj, error)
    assert rid in s.stale_runs()
    assert s.previews(old)  # same surface, optimizer and steps: fine to show meanwhile
    s.set_start(0.5, 0.5)
    assert s.previews(old)  # a start handle dragged on: still fine
    s.set_steps(500)
    assert not s.previews(old)  # another number of steps: not a picture of this run
    s.result(rid)
    assert s.job(rid) is None and not s.previews(old)  # computed here: nothing waits
    new = SurfaceSession.with_default_runs()
    new.set_lr(rid, 1e-3)
    job = new.job(rid)
    new.set_surface("himmelblau")
    assert not new.accept(job, traj, error) and not new.previews(job)
    new.remove_run(rid)
    assert not new.accept(job, traj, error) and not new.previews(job)


def test_a_disabled_run_has_no_job_and_takes_no_answer():
    s = SurfaceSession.with_default_runs()
    rid = s.run_ids()[1]
    s.set_lr(rid, 1e-3)
    job = s.job(rid)
    s.set_enabled(rid, False)
    assert s.job(rid) is None
    assert not s.accept(job, *answer(job, {})[2:])


def _child(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120, cwd=ROOT)


def test_the_process_answers_in_order_and_quits():
    s = SurfaceSession.with_default_runs()
    jobs = []
    for lr in (3e-4, 1e-3, 1.5e-3):
        s.set_lr(s.run_ids()[0], lr)
        jobs.append(s.job(s.run_ids()[0]))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-m", "optim_lab.run_server"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, env=env, cwd=ROOT)
    try:
        assert pickle.load(p.stdout) == ("ready",)
        # it yields the CPU to the GUI process (2 cores: GUI, drag and map processes)
        assert os.getpriority(os.PRIO_PROCESS, p.pid) >= os.getpriority(os.PRIO_PROCESS, 0) + 2
        for job in jobs:
            pickle.dump(("run", job), p.stdin)
        p.stdin.flush()
        answers = [pickle.load(p.stdout) for _ in jobs]
        pickle.dump(("quit",), p.stdin)
        p.stdin.flush()
        assert p.wait(timeout=30) == 0
    finally:
        if p.poll() is None:
            p.kill()
    assert [a[1] for a in answers] == jobs
    for job, a in zip(jobs, answers, strict=True):
        _same(a[2], answer(job, {})[2])


def test_the_process_ends_when_the_gui_goes_and_loads_neither_qt_nor_torch():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-m", "optim_lab.run_server"], input=b"", env=env,
                       capture_output=True, timeout=60, cwd=ROOT)
    assert p.returncode == 0 and pickle.loads(p.stdout) == ("ready",)
    r = _child("import sys, optim_lab.run_server; "
               "print(sorted(m for m in sys.modules if m.split('.')[0] in "
               "('PySide6', 'torch', 'pyqtgraph')))")
    assert r.returncode == 0 and r.stdout.strip() == "[]", r.stderr
