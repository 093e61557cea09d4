"""Learning-rate advice for a 2-D run: a start worth watching, a rate that works, its limit.

Engine maths only (no text for people: the app explains a limit in its own,
translated words).

- ``preferred_start(surface)``: a start that shows something interesting.
- ``suggested_lr(surface, start, name, hyper)``: the largest "nice" learning rate
  (1, 2 or 5 × 10^k) that does not diverge from ``start``. For gradient descent and
  heavy-ball / Nesterov momentum the candidates descend from 0.6 × the stability
  limit α_crit (2/λ_max, 2(1+β)/λ_max, ...; see :mod:`optim_lab.stability`); for the
  adaptive methods from a step of about 1 % (Adagrad 5 %) of the plotting box.
  Each candidate is tried with a real run.
- ``limit_for_run(surface, start, name, hyper)``: the run's stability limit, or None
  for the adaptive methods and where it is undefined.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from .optimizers import OPTIMIZERS, make_optimizer
from .runs import run
from .stability import StabilityLimit, lambda_max, limit_for, stability_limit
from .surfaces import Surface

__all__ = ["LIMITED", "PREFERRED_STARTS", "limit_for_run", "preferred_start", "suggested_lr"]

# Starts that show something interesting (the engine's default is 80 % up the box).
PREFERRED_STARTS: dict[str, tuple[float, float]] = {
    "quadratic": (-1.6, 1.5),
    "booth": (-6.0, -4.0),
    "rosenbrock": (-1.5, 2.0),
    "himmelblau": (0.0, 0.0),
    "beale": (-1.0, 2.0),
    "rastrigin": (2.2, -3.4),
    "ackley": (3.2, 2.4),
    "goldstein_price": (0.6, 1.2),
    "six_hump_camel": (-2.0, -1.2),
    "styblinski_tang": (0.3, 4.0),
    "saddle": (1.5, 0.05),
    "monkey_saddle": (1.2, 0.3),
    "two_wells": (1.8, 1.0),
    "plateau": (2.6, 2.4),
    "nd_saddle": (1.5, 0.05),
    "quartic_saddle": (1.0, 1e-4),
    "catapult": (4.0, 0.05),
    "quartic_bowl": (10.0, 2.0),
}
LIMITED = ("gd", "momentum", "nesterov")  # optimizers with a fixed stability limit
LR_FLOOR, LR_CEILING = 1e-5, 10.0  # suggested rates stay within this range


def preferred_start(surface: Surface) -> tuple[float, float]:
    if surface.name in PREFERRED_STARTS:
        return PREFERRED_STARTS[surface.name]
    x, y = surface.default_start()[:2]
    return float(x), float(y)


def _nice_below(v: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above ``v`` (learning rates people type)."""
    if v <= 0 or not math.isfinite(v):
        return 0.01
    k = math.floor(math.log10(v))
    for m in (5, 2, 1):
        if m * 10.0**k <= v * (1 + 1e-12):
            return float(f"{m * 10.0**k:.1g}")
    return float(f"{10.0**k:.1g}")


def _nice_series(top: float, count: int) -> list[float]:
    """``count`` values of the 1-2-5 series, descending from the largest not above ``top``."""
    v = _nice_below(top)
    k = math.floor(math.log10(v) + 1e-9)
    m = round(v / 10.0**k)
    order = (1, 2, 5)
    i = order.index(m) if m in order else 0
    out = []
    while len(out) < count:
        out.append(float(f"{order[i] * 10.0**k:.1g}"))
        i -= 1
        if i < 0:
            i, k = 2, k - 1
    return out


def suggested_lr(surface: Surface, start, name: str, hyper: Mapping[str, float] | None = None,
                 steps: int = 1000) -> float:
    """A learning rate that works from ``start``: the largest "nice" value that does not diverge."""
    hyper = {**OPTIMIZERS[name].defaults, **(hyper or {})}
    top = None
    if name in LIMITED:
        beta = float(hyper.get("momentum", 0.0) or 0.0)
        try:
            lims = [stability_limit(surface, start, name, beta).lr,
                    limit_for(name, lambda_max(surface, start), beta)]
        except (ValueError, ArithmeticError):
            lims = []
        lims = [v for v in lims if v is not None]
        top = 0.6 * max(lims) if lims else None
    if top is None:
        top = (0.05 if name == "adagrad" else 0.01) * surface.scale
    cands = [min(max(c, LR_FLOOR), LR_CEILING) for c in _nice_series(min(top, LR_CEILING), 8)]
    lo, hi = surface.bounds[:, 0], surface.bounds[:, 1]
    margin = 0.25 * (hi - lo)
    for lr in cands:
        try:
            t = run(surface, make_optimizer(name, **{**hyper, "lr": lr}), start, steps)
        except ValueError:
            break
        # A good default stays on the plot, ends lower than it started and does not bounce
        # around (its path is at most twice the box diagonal).
        inside = bool(np.all((t.points >= lo - margin) & (t.points <= hi + margin)))
        calm = float(np.sum(t.step_lengths)) <= 2.0 * surface.scale
        if t.status != "diverged" and inside and calm and t.final_loss <= t.losses[0]:
            return lr
    return cands[-1]


def limit_for_run(surface: Surface, start, name: str, hyper: Mapping[str, float] | None = None
                  ) -> StabilityLimit | None:
    """The stability limit of one run (None for adaptive optimizers or where undefined)."""
    if name not in LIMITED:
        return None
    hyper = {**OPTIMIZERS[name].defaults, **(hyper or {})}
    try:
        return stability_limit(surface, start, name, float(hyper.get("momentum", 0.0) or 0.0))
    except (ValueError, FloatingPointError, ArithmeticError):
        return None
