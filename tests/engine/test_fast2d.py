"""The 2-D fast path is bitwise equal to the generic per-coordinate rules.

Cases come from the torch table (``optim_table.CASES`` and ``CHAOTIC``), so every
optimizer x option combination torch is checked on (weight decay with every
rule, Nesterov + weight decay, RMSprop momentum, beta1 <= 0.5, ...) is also
checked here; a table row added later is covered without editing this file.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from optim_table import CASES, CHAOTIC, OptimCase

from optim_lab import get_surface, optimizer_names
from optim_lab.fast2d import pair_step

ROWS = [(c, (-1.5, 2.0)) for c in CASES] + list(CHAOTIC)


def test_rows_cover_every_optimizer_with_and_without_weight_decay():
    with_wd = {c.name for c, _ in ROWS if c.uses_weight_decay}
    without = {c.name for c, _ in ROWS if not c.uses_weight_decay}
    assert with_wd == set(optimizer_names())
    assert without == set(optimizer_names())
    assert any(c.clip_norm for c, _ in ROWS) and any(c.hyper.get("amsgrad") for c, _ in ROWS)


@pytest.mark.parametrize("case, start", ROWS, ids=[c.id for c, _ in ROWS])
def test_pair_step_matches_generic_rule_bitwise(case: OptimCase, start):
    opt = case.engine()
    fg = get_surface("rosenbrock").fg
    state, step = pair_step(opt)
    x, y = start
    wx, wy = start
    sx = sy = opt.init(0.0)
    w, sw = np.array(start), opt.init(np.zeros(2))
    moved = False
    for t in range(1, 801):
        _, gx, gy = fg(x, y, math)
        x, y, state = step(x, y, gx, gy, state, t)
        if opt.clip_norm is None:  # one coordinate at a time, on floats
            _, hx, hy = fg(wx, wy, math)
            wx, sx = opt.update(wx, hx, sx, t, math.sqrt)
            wy, sy = opt.update(wy, hy, sy, t, math.sqrt)
        else:  # clipping needs the whole vector: numpy (IEEE, like the floats)
            _, hx, hy = fg(float(w[0]), float(w[1]), math)
            w, sw = opt.update(w, np.array([hx, hy]), sw, t, np.sqrt)
            wx, wy = float(w[0]), float(w[1])
        assert (x, y) == (wx, wy), f"step {t}"
        moved = moved or math.hypot(x - start[0], y - start[1]) > 0.05
    assert np.isfinite([x, y]).all() and moved
