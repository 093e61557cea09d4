"""Whole trajectories with training dynamics against torch.optim + lr_scheduler, float64.

Every row of the optimizer table (``optim_table.CASES``: all seven rules, weight decay,
AMSGrad, clipping) runs with a learning-rate schedule and gradient noise, once in the
engine and once in torch: ``p.grad`` = the engine's gradient at torch's own point plus
the same noise row (``Generator(PCG64(seed))``, one row per step), then
``clip_grad_norm_`` when the row clips, ``optimizer.step()`` and ``scheduler.step()``.
Positions agree within 1e-10 (torch's vectorised kernels fuse a few multiply-adds, so
not bit for bit here; the plain rules are bitwise on torch's portable kernels in
``test_torch_bitwise.py``, and the dynamics loop is bitwise equal to the plain one,
``test_dynamics.py``).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
from optim_table import CASES

from optim_lab import get_surface
from optim_lab.dynamics import Dynamics
from optim_lab.runs import run
from optim_lab.schedules import parse_schedule

STEPS = 300
START = (-1.2, 1.0)


def torch_scheduler(opt, spec: str):
    s = parse_schedule(spec)
    p = dict(s.params)
    sched = torch.optim.lr_scheduler
    if s.name == "StepLR":
        return sched.StepLR(opt, step_size=p["step_size"], gamma=p["gamma"])
    if s.name == "ExponentialLR":
        return sched.ExponentialLR(opt, gamma=p["gamma"])
    if s.name == "CosineAnnealingLR":
        return sched.CosineAnnealingLR(opt, T_max=p["T_max"], eta_min=p["eta_min"])
    if s.name == "LinearLR":
        return sched.LinearLR(opt, start_factor=p["start_factor"], end_factor=p["end_factor"],
                              total_iters=p["total_iters"])
    if s.name == "warmup_cosine":
        warm = sched.LinearLR(opt, start_factor=p["start_factor"], end_factor=1.0,
                              total_iters=p["warmup_iters"])
        cos = sched.CosineAnnealingLR(opt, T_max=p["T_max"], eta_min=p["eta_min"])
        return sched.SequentialLR(opt, [warm, cos], milestones=[p["warmup_iters"]])
    return None


def torch_path(surface, make_torch_opt, start, steps: int, dyn: Dynamics,
               clip: float | None) -> np.ndarray:
    """Torch's trajectory, fed the engine surface's gradient plus the same noise rows."""
    p = torch.tensor(start, dtype=torch.float64)
    opt = make_torch_opt([p])
    for group in opt.param_groups:
        group["foreach"] = False
    sched = torch_scheduler(opt, dyn.schedule)
    noise = np.random.Generator(np.random.PCG64(dyn.seed)).standard_normal((steps, 2))
    out = np.empty((steps + 1, 2))
    out[0] = start
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "scheduler.step() before optimizer.step()" etc.
        for k in range(steps):
            x, y = p.tolist()
            _, gx, gy = surface.fg(x, y, math)
            if dyn.noise > 0:
                s = dyn.noise * math.hypot(gx, gy) if dyn.noise_relative else dyn.noise
                gx, gy = gx + s * noise[k, 0], gy + s * noise[k, 1]
            p.grad = torch.tensor([gx, gy], dtype=torch.float64)
            if clip is not None:
                torch.nn.utils.clip_grad_norm_([p], clip)
            opt.step()
            if sched is not None:
                sched.step()
            out[k + 1] = p.tolist()
    return out


SCHEDULES = [
    "cosine:T_max=200,eta_min=0.0001",
    "step:step_size=50,gamma=0.5",
    "warmup:start_factor=0.01,total_iters=100",
    "warmup_cosine:warmup=60,T_max=240",
    "ExponentialLR:gamma=0.995",
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_rule_with_a_schedule_and_noise_matches_torch(case) -> None:
    surface = get_surface("rosenbrock")
    k = CASES.index(case)
    dyn = Dynamics(noise=0.5, noise_relative=bool(k % 2), seed=k,
                   schedule=SCHEDULES[k % len(SCHEDULES)]).checked(case.name)
    ours = run(surface, case.engine(), START, STEPS, dynamics=dyn)
    theirs = torch_path(surface, case.make_torch, START, STEPS, dyn, case.clip_norm)
    assert ours.steps == STEPS
    np.testing.assert_allclose(ours.points, theirs, rtol=0, atol=1e-10)
    np.testing.assert_array_equal(ours.lrs, parse_schedule(dyn.schedule).lrs(case.lr, STEPS + 1))


@pytest.mark.parametrize("case", [c for c in CASES if c.name in ("gd", "momentum", "adam")],
                         ids=lambda c: c.id)
def test_clip_from_dynamics_equals_clip_grad_norm(case) -> None:
    """``Dynamics.clip`` (the run's clip, not the optimizer table's) under a schedule."""
    surface = get_surface("rosenbrock")
    dyn = Dynamics(clip=0.75, schedule="cosine:T_max=150").checked(case.name)
    opt = case.engine()
    if case.clip_norm is not None:  # the dynamics' clip replaces the table's
        opt = opt.with_hyper(clip_norm=0.75)
    ours = run(surface, opt, START, STEPS, dynamics=dyn)
    theirs = torch_path(surface, case.make_torch, START, STEPS, dyn, 0.75)
    np.testing.assert_allclose(ours.points, theirs, rtol=0, atol=1e-10)


@pytest.mark.parametrize("name", ["adam", "adamw"])
def test_amsgrad_from_dynamics_matches_torch(name) -> None:
    surface = get_surface("himmelblau")
    dyn = Dynamics(amsgrad=True, noise=2.0, seed=11, schedule="step:step_size=40,gamma=0.7")
    from optim_lab import make_optimizer

    ours = run(surface, make_optimizer(name, lr=0.05, betas=(0.8, 0.99)), (1.0, 1.0), STEPS,
               dynamics=dyn)
    cls = getattr(torch.optim, "Adam" if name == "adam" else "AdamW")
    theirs = torch_path(surface, lambda ps: cls(ps, lr=0.05, betas=(0.8, 0.99), amsgrad=True),
                        (1.0, 1.0), STEPS, dyn, None)
    np.testing.assert_allclose(ours.points, theirs, rtol=0, atol=1e-10)
    plain = run(surface, make_optimizer(name, lr=0.05, betas=(0.8, 0.99)), (1.0, 1.0), STEPS,
                dynamics=Dynamics(noise=2.0, seed=11, schedule="step:step_size=40,gamma=0.7"))
    assert not np.allclose(plain.points, ours.points)  # AMSGrad really changed the run


def test_scenario_surfaces_match_torch_with_warmup_and_noise() -> None:
    """The catapult warm-up scenario's own run (GD, lr 0.3, 100-step warm-up, σ = 1e-6)."""
    surface = get_surface("catapult")
    dyn = Dynamics(noise=1e-6, seed=2, schedule="warmup:start_factor=0.01,total_iters=100")
    from optim_lab import make_optimizer

    ours = run(surface, make_optimizer("gd", lr=0.3), (4.0, 0.05), 400, dynamics=dyn)
    theirs = torch_path(surface, lambda ps: torch.optim.SGD(ps, lr=0.3), (4.0, 0.05), 400,
                        dyn, None)
    np.testing.assert_allclose(ours.points, theirs, rtol=0, atol=1e-10)
