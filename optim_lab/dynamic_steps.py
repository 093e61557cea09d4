"""Update steps with training dynamics (noise, a schedule, clipping), for the run loops.

The plain loops of :mod:`optim_lab.run_loops` take these step functions in place of
their usual ones when a run's :class:`~optim_lab.dynamics.Dynamics` needs it
(``needs_loop``: noise or a schedule); nothing changes for a plain run.  Step ``t``
(1-based), as in :mod:`optim_lab.dynamics`:

    g <- g + s xi_t                     (s = sigma, or sigma ||g|| when relative)
    g <- clip_grad_norm_(g, clip)       (if clip is set)
    w <- rule(w, g) with lr = lr_t      (the schedule's lr for step t)

The rule is the optimizer's generic one (:mod:`optim_lab.optimizers`) with its ``lr``
replaced step by step, which is torch's ``param_group["lr"]`` set by the scheduler:
every constant torch derives from lr (``-lr``, ``lr / (1 - b1^t)``, ``1 - lr wd``) is
recomputed from it per step, so trajectories equal ``torch.optim`` + ``lr_scheduler``
(``tests/engine/test_dynamics_torch.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import numpy as np

from .dynamics import Dynamics, NoiseStream
from .fast2d import pair_step
from .norms import vector_norm
from .optimizers import CLIP_EPS, Optimizer, clip_by_norm, make_optimizer
from .schedules import parse_schedule

__all__ = ["lr_iterator", "lrs_for", "optimizer_with", "pair_step_dynamic", "row_rule_dynamic"]


def optimizer_with(opt: Optimizer, dyn: Dynamics | None) -> Optimizer:
    """``opt`` with the run's clipping and AMSGrad switched on (they are optimizer settings)."""
    if dyn is None or (dyn.clip is None and not dyn.amsgrad):
        return opt
    changes: dict = {}
    if dyn.clip is not None:
        changes["clip_norm"] = dyn.clip
    if dyn.amsgrad:
        changes["amsgrad"] = True
    return make_optimizer(opt.name, **{**opt.hyper, **changes})


def lr_iterator(dyn: Dynamics | None, base_lr: float) -> Iterator[float] | None:
    """lr of steps 1, 2, ... (None: the optimizer's own constant lr).  A zero base lr stays 0."""
    if dyn is None or dyn.schedule in ("constant", "") or not base_lr > 0:
        return None
    return parse_schedule(dyn.schedule).iter_lrs(float(base_lr))


def lrs_for(dyn: Dynamics | None, base_lr: float, count: int) -> np.ndarray | None:
    """The lr of the first ``count`` steps (index k: the step leaving point k), or None when
    the lr is constant."""
    it = lr_iterator(dyn, base_lr)
    if it is None:
        return None
    return np.fromiter((next(it) for _ in range(count)), dtype=np.float64, count=count)


def _base_rule(opt: Optimizer) -> Callable:
    return getattr(opt._rule, "unclipped", opt._rule)


def pair_step_dynamic(opt: Optimizer, dyn: Dynamics) -> tuple[tuple, Callable]:
    """``(init_state, step)`` like :func:`optim_lab.fast2d.pair_step`, with noise, the
    schedule and clipping applied in the order above (``opt`` already carries clip/AMSGrad).

    With a constant lr the rule is the fast 2-D closure (bitwise equal to the generic rule,
    ``tests/engine/test_fast2d.py``); a schedule needs the generic rule, whose lr is read
    from ``h`` every step."""
    rule = _base_rule(opt)
    h = dict(opt._h)  # private: its lr is rewritten every step
    clip = opt.clip_norm
    max_norm = None if clip is None else float(clip)
    lr_it = lr_iterator(dyn, float(opt._h["lr"]))
    noise = NoiseStream(dyn.seed, 2).pairs() if dyn.noise > 0 else None
    sigma, rel = float(dyn.noise), bool(dyn.noise_relative)
    sqrt, hypot, inf = math.sqrt, math.hypot, math.inf
    if lr_it is None:  # noise only: the fast closure (with its clipping) takes the step
        init, fast = pair_step(opt)
        if noise is None:  # a schedule on a zero lr: nothing changes
            return init, fast

        def noisy(x, y, gx, gy, st, t):
            nx, ny = next(noise)
            s = sigma * hypot(gx, gy) if rel else sigma
            return fast(x, y, gx + s * nx, gy + s * ny, st, t)

        return init, noisy

    def step(x, y, gx, gy, st, t):
        if noise is not None:
            nx, ny = next(noise)
            s = sigma * hypot(gx, gy) if rel else sigma
            gx = gx + s * nx
            gy = gy + s * ny
        if max_norm is not None:  # clip_grad_norm_, as fast2d._clipped
            norm = sqrt(gx * gx + gy * gy)
            if norm == inf and abs(gx) < inf and abs(gy) < inf:
                norm = hypot(gx, gy)
            coef = (1.0 / (norm + CLIP_EPS)) * max_norm
            if coef > 1.0:
                coef = 1.0
            gx, gy = gx * coef, gy * coef
        if lr_it is not None:
            h["lr"] = next(lr_it)
        sx, sy = st
        x, sx = rule(x, gx, sx, t, h, sqrt)
        y, sy = rule(y, gy, sy, t, h, sqrt)
        return x, y, (sx, sy)

    return (opt.init(0.0), opt.init(0.0)), step


def row_rule_dynamic(opt: Optimizer, dyn: Dynamics, dim: int) -> tuple[Callable, dict]:
    """A rule with the signature of ``Optimizer._rule`` for one row of a batch (shape (D,)),
    stateful in its noise rows and learning rates: call it once per step, in step order.
    Returns ``(rule, h)``; pass that ``h`` (the rule keeps its own copy in sync)."""
    rule = _base_rule(opt)
    h = dict(opt._h)
    clip = opt.clip_norm
    lr_it = lr_iterator(dyn, float(opt._h["lr"]))
    noise = NoiseStream(dyn.seed, dim).rows() if dyn.noise > 0 else None
    sigma, rel = float(dyn.noise), bool(dyn.noise_relative)

    def step(w, g, state, t, _h, sqrt):
        if noise is not None:
            xi = next(noise)
            s = sigma * vector_norm(g) if rel else sigma
            g = g + s * xi
        if clip is not None:
            g = clip_by_norm(g, clip)
        if lr_it is not None:
            h["lr"] = next(lr_it)
        return rule(w, g, state, t, h, sqrt)

    return step, h
