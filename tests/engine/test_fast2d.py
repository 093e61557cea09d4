"""The 2-D fast path is bitwise equal to the generic per-coordinate rules."""

from __future__ import annotations

import math

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer
from optim_lab.fast2d import pair_step

CONFIGS = [
    ("gd", {"lr": 1e-3}),
    ("gd", {"lr": 1e-3, "weight_decay": 0.1}),
    ("momentum", {"lr": 1e-3, "momentum": 0.9}),
    ("momentum", {"lr": 1e-3, "momentum": 0.5, "weight_decay": 0.01}),
    ("nesterov", {"lr": 1e-3, "momentum": 0.9}),
    ("adam", {"lr": 1e-2}),
    ("adam", {"lr": 1e-2, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    ("adamw", {"lr": 1e-2, "weight_decay": 0.1}),
    ("rmsprop", {"lr": 1e-3}),
    ("rmsprop", {"lr": 1e-3, "momentum": 0.5, "alpha": 0.9, "weight_decay": 0.01}),
    ("adagrad", {"lr": 0.1}),
    ("adagrad", {"lr": 0.1, "eps": 1e-6, "weight_decay": 0.05}),
]


@pytest.mark.parametrize("name, hyper", CONFIGS)
def test_pair_step_matches_generic_rule_bitwise(name, hyper):
    opt = make_optimizer(name, **hyper)
    fg = get_surface("rosenbrock").fg
    state, step = pair_step(opt)
    x = y = None
    gx_ = (-1.5, 2.0)
    x, y = gx_
    gx0, gy0 = x, y
    wx, wy = gx0, gy0
    sx = sy = opt.init(0.0)
    for t in range(1, 301):
        _, gx, gy = fg(x, y, math)
        x, y, state = step(x, y, gx, gy, state, t)
        _, hx, hy = fg(wx, wy, math)
        wx, sx = opt.update(wx, hx, sx, t, math.sqrt)
        wy, sy = opt.update(wy, hy, sy, t, math.sqrt)
        assert (x, y) == (wx, wy), f"step {t}"
    assert np.isfinite([x, y]).all()
