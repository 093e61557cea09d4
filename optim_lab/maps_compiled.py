"""A compiled fast path for plain maps (numba, optional, imported only when a map runs).

The numpy stepping loop of :func:`optim_lab.maps.run_batch` pays Python overhead on
every step (≈ 25 array operations): a 64² map on Rosenbrock with momentum spends most of
its time there.  This module runs the same loop per run in compiled code, for the
surfaces and rules where it can give *the same numbers*:

- surfaces (library instances): Booth, Rosenbrock, Himmelblau, two wells, catapult and
  the quadratic bowl (any κ) — their gradients written below with the same float
  operations in the same order as :mod:`optim_lab.surfaces.gradients2d` (no powers, no
  transcendental functions: nothing a compiler or libm could round differently);
- rules ``gd``, ``momentum``, ``nesterov`` (torch's SGD: v ← g at t = 1, else βv + g;
  w ← w + (−lr)·v, Nesterov w ← w + (−lr)(g + βv); L2 decay g ← g + wd·w), scalar
  hyperparameters, no clipping, no noise or schedule.

numba compiles without ``fastmath`` (no reassociation, no fused multiply-add), so every
operation is the same IEEE-754 double operation as numpy's: labels, steps taken and end
points equal the numpy path bit for bit (tests compare them).  The divergence and early
stop rules are those of ``run`` (see :mod:`optim_lab.maps`), tested per run.  The kernel is
cached on disk (numba's ``cache=True``: compiled once per machine, about 5 s; loading numba
and the cached kernel then takes about 2 s, so a small map in a fresh process does not load
it: see :data:`WORTH_LOADING`; the live maps' process loads it while it starts).
Without numba, or for anything else, None is returned and the numpy loop runs.
``OPTIM_LAB_NO_COMPILE=1`` turns the path off.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np

from .budget import check_memory
from .optimizers import Optimizer
from .runs import RUNAWAY_FACTOR, RunSettings, _check_steps
from .surfaces import Surface, get_surface

__all__ = ["available", "compiled_batch", "kernel_compile_seconds"]

SURFACE_IDS = {"booth": 0, "rosenbrock": 1, "himmelblau": 2, "two_wells": 3, "catapult": 4,
               "quadratic": 5}
RULE_IDS = {"gd": 0, "momentum": 1, "nesterov": 2}
_KERNEL = None  # the compiled kernel, or False when numba is missing
# run-steps below which a map does not load numba (about 2 s, a cold compile about 5 s,
# both more on a busy machine); the live maps' process loads it at its start instead
WORTH_LOADING = 20_000_000
kernel_compile_seconds: float | None = None  # the first load or compile, measured


def available() -> bool:
    """numba can be imported (it is, the first time this is asked)."""
    return _kernel() is not None


def _kernel():
    global _KERNEL, kernel_compile_seconds
    if _KERNEL is None:
        if os.environ.get("OPTIM_LAB_NO_COMPILE"):
            _KERNEL = False
        else:
            try:
                import time

                t = time.perf_counter()
                from ._maps_kernel import steps_kernel  # imports numba

                _warm_up(steps_kernel)  # load from the disk cache, or compile (once)
                kernel_compile_seconds = time.perf_counter() - t
                _KERNEL = steps_kernel
            except ImportError:
                _KERNEL = False
    return _KERNEL or None


def _warm_up(kernel) -> None:
    one = np.zeros(1)
    kernel(1, 1, one.copy(), one.copy(), one.copy(), one.copy(), one.copy(), one.copy(),
           one.copy(), np.zeros(2), np.zeros(1, dtype=bool), np.zeros(1, dtype=np.int64),
           np.zeros(1, dtype=bool), np.zeros((1, 2)), 0, 0, 0.0, 0.0, 0.0, False, 0.0, 0.0,
           1.0, 1.0, 0.0, True)


def _surface_params(surface: Surface) -> tuple[int, np.ndarray] | None:
    sid = SURFACE_IDS.get(surface.name)
    if sid is None or getattr(surface, "fg", None) is None:
        return None
    if surface.name == "quadratic":  # the closure of quadratic_fg(a, b): its a and b
        cells = dict(zip(surface.fg.__code__.co_freevars,
                         (c.cell_contents for c in surface.fg.__closure__ or ())))
        if set(cells) != {"a", "b"}:
            return None
        return sid, np.array([float(cells["a"]), float(cells["b"])])
    try:
        if get_surface(surface.name) is not surface:
            return None
    except ValueError:
        return None
    if surface.name == "two_wells":
        from .surfaces.library2d import TWO_WELLS_TILT

        return sid, np.array([TWO_WELLS_TILT, 0.0])
    return sid, np.zeros(2)


def applies(surface: Surface, optimizer: Optimizer) -> bool:
    """The compiled loop gives this batch's numbers exactly (numba aside)."""
    if optimizer.name not in RULE_IDS or optimizer.clip_norm is not None:
        return False
    if any(np.ndim(v) for v in optimizer.hyper.values()):
        return False
    return _surface_params(surface) is not None


def compiled_batch(surface: Surface, optimizer: Optimizer, starts, steps: int, *,
                   settings: RunSettings, should_stop: Callable[[], bool] | None = None,
                   check_every: int = 25, progress: Callable[[int, int], None] | None = None):
    """:func:`optim_lab.maps.run_batch` in compiled code, or None where it does not apply
    or numba is missing."""
    from .maps import BatchOutcome, MapCancelled, _labels, estimate_bytes

    if not applies(surface, optimizer):
        return None
    S = np.ascontiguousarray(starts, dtype=float)
    if S.ndim != 2 or S.shape[1] != 2 or S.shape[0] == 0:
        return None
    steps = _check_steps(steps)
    B = S.shape[0]
    if _KERNEL is None and B * steps < WORTH_LOADING:
        return None  # importing numba (seconds) would cost more than the numpy loop
    kernel = _kernel()
    if kernel is None:
        return None
    check_memory(estimate_bytes(B), f"a map of {B:,} runs", "use a coarser grid")
    sid, params = _surface_params(surface)
    h = optimizer._h
    lr = float(h["lr"])
    beta = float(h.get("momentum") or 0.0)
    wd = h.get("weight_decay")
    (cx, cy) = surface.center
    rx, ry = RUNAWAY_FACTOR * 0.5 * (surface.bounds[:, 1] - surface.bounds[:, 0])
    xstop2 = (settings.xtol * surface.scale) ** 2
    with np.errstate(all="ignore"):
        f, gx, gy = (np.broadcast_to(a, (B,)).astype(float)
                     for a in surface.fg(S[:, 0], S[:, 1], np))
        bad0 = ~(np.isfinite(f) & np.isfinite(gx) & np.isfinite(gy))
        g0 = np.hypot(gx, gy)
        gstop2 = (settings.gtol * np.maximum(1.0, g0)) ** 2
    X, Y = S[:, 0].copy(), S[:, 1].copy()
    VX, VY = np.zeros(B), np.zeros(B)
    live = ~bad0
    taken = np.where(bad0, 0, steps).astype(np.int64)
    diverged = bad0.copy()
    end = S.copy()
    for t0 in range(1, steps + 1, check_every):
        t1 = min(t0 + check_every, steps + 1)
        kernel(t0, t1, X, Y, VX, VY, gx, gy, gstop2, params, live, taken, diverged, end,
               sid, RULE_IDS[optimizer.name], lr, beta, 0.0 if wd is None else float(wd),
               wd is not None, float(cx), float(cy), float(rx), float(ry), xstop2,
               settings.stop_on_convergence)
        if (t1 - 1) % check_every == 0:
            if should_stop is not None and should_stop():
                raise MapCancelled
            if progress is not None:
                progress(t1 - 1, steps)
        if not live.any():
            break
    end[live, 0], end[live, 1] = X[live], Y[live]
    with np.errstate(all="ignore"):
        f, G = surface.value_grad(end)
    labels = _labels(surface, end, G, g0, diverged, taken < steps, settings)
    return BatchOutcome(end, np.where(diverged, np.nan, f), labels, taken)
