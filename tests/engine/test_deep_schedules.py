"""Learning-rate schedules against torch.optim.lr_scheduler, step by step in float64."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from optim_lab.schedules import Schedule, ScheduleError, parse_schedule

BASE_LR = 0.3
STEPS = 700


def _torch_lrs(spec: str, base_lr: float, steps: int) -> np.ndarray:
    """The lr torch's scheduler gives the optimizer before each of ``steps`` steps."""
    s = parse_schedule(spec)
    p = dict(s.params)
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([param], lr=base_lr)
    sched = torch.optim.lr_scheduler
    if s.name == "constant":
        made = sched.ConstantLR(opt, factor=1.0, total_iters=0)
    elif s.name == "StepLR":
        made = sched.StepLR(opt, step_size=p["step_size"], gamma=p["gamma"])
    elif s.name == "ExponentialLR":
        made = sched.ExponentialLR(opt, gamma=p["gamma"])
    elif s.name == "CosineAnnealingLR":
        made = sched.CosineAnnealingLR(opt, T_max=p["T_max"], eta_min=p["eta_min"])
    elif s.name == "LinearLR":
        made = sched.LinearLR(opt, start_factor=p["start_factor"], end_factor=p["end_factor"],
                              total_iters=p["total_iters"])
    else:
        warm = sched.LinearLR(opt, start_factor=p["start_factor"], end_factor=1.0,
                              total_iters=p["warmup_iters"])
        cos = sched.CosineAnnealingLR(opt, T_max=p["T_max"], eta_min=p["eta_min"])
        made = sched.SequentialLR(opt, [warm, cos], milestones=[p["warmup_iters"]])
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(steps):
            out.append(opt.param_groups[0]["lr"])
            opt.step()
            made.step()
    return np.asarray(out, dtype=np.float64)


SPECS = [
    "constant",
    "StepLR:step_size=50,gamma=0.5",
    "step:step_size=7",
    "ExponentialLR:gamma=0.99",
    "CosineAnnealingLR:T_max=200",  # runs past T_max: the cosine comes back up (torch does too)
    "cosine:T_max=333,eta_min=0.001",
    "LinearLR",
    "LinearLR:start_factor=0.01,end_factor=1,total_iters=100",
    "linear:start_factor=1,end_factor=0.1,total_iters=250",
    "warmup_cosine:warmup_iters=50,start_factor=0.01,T_max=600,eta_min=1e-4",
    "warmup_cosine:warmup_iters=1,T_max=3",
]


@pytest.mark.parametrize("spec", SPECS)
def test_schedule_equals_torch_lr_scheduler_exactly(spec: str) -> None:
    ours = parse_schedule(spec).lrs(BASE_LR, STEPS)
    theirs = _torch_lrs(spec, BASE_LR, STEPS)
    np.testing.assert_array_equal(ours, theirs)  # bitwise: same recursion, same order


def test_closed_forms_agree_with_the_recursion_to_rounding() -> None:
    lrs = parse_schedule("cosine:T_max=100,eta_min=0.01").lrs(1.0, 101)
    t = np.arange(101)
    closed = 0.01 + 0.99 * (1 + np.cos(np.pi * t / 100)) / 2
    np.testing.assert_allclose(lrs, closed, rtol=1e-12, atol=1e-14)
    step = parse_schedule("StepLR:step_size=10,gamma=0.5").lrs(2.0, 35)
    np.testing.assert_array_equal(step, 2.0 * 0.5 ** (np.arange(35) // 10))


def test_spec_round_trips_and_fills_torch_defaults() -> None:
    s = parse_schedule("  Step : step_size = 30 ")
    assert s == Schedule("StepLR", (("step_size", 30), ("gamma", 0.1)))
    assert parse_schedule(s.spec) == s
    lin = parse_schedule("LinearLR")
    assert lin["start_factor"] == pytest.approx(1 / 3) and lin["total_iters"] == 5
    assert parse_schedule("").is_constant and parse_schedule("CONSTANT").is_constant


@pytest.mark.parametrize(
    ("spec", "needle"),
    [
        ("cosin", "unknown schedule"),
        ("StepLR", "step_size is required"),
        ("StepLR:step_size=0", "between 1 and"),
        ("StepLR:step_size=2.5", "whole number"),
        ("StepLR:step_size=5,gamma=1.5", "gamma must be in (0, 1]"),
        ("ExponentialLR:gamma=nan", "gamma must be"),
        ("cosine:T_max=10,eta_min=-1", "eta_min must be"),
        ("cosine:T_max=10,T_max=20", "given twice"),
        ("cosine:T_max=10,warmup=3", "unknown parameter 'warmup'"),
        ("cosine:T_max", "expected key=value"),
        ("linear:start_factor=0", "start_factor must be in (0, 1]"),
        ("constant:x=1", "takes no parameters"),
        ("cosine:T_max=__import__('os')", "whole number"),
        ("x" * 300, "too long"),
    ],
)
def test_bad_specs_are_refused_with_a_clear_message(spec: str, needle: str) -> None:
    with pytest.raises(ScheduleError, match=None) as info:
        parse_schedule(spec)
    assert needle in str(info.value)


def test_bad_base_lr_and_steps_are_refused() -> None:
    s = parse_schedule("constant")
    with pytest.raises(ScheduleError):
        s.lrs(float("inf"), 3)
    with pytest.raises(ValueError):
        s.lrs(0.1, -1)


def test_schedules_module_is_torch_and_qt_free() -> None:
    import subprocess
    import sys

    code = ("import sys, optim_lab.schedules; "
            "bad = [m for m in ('torch', 'PySide6', 'pyqtgraph', 'optim_lab.deep') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
