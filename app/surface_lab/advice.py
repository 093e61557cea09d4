"""Per-surface starting suggestions and the stability-limit explanation for a slider.

No maths of its own: limits come from ``optim_lab.stability_limit``.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication

from optim_lab import (
    OPTIMIZERS,
    StabilityLimit,
    lambda_max,
    limit_for,
    make_optimizer,
    run,
    stability_limit,
)
from optim_lab.surfaces import Surface

from ..widgets.lr_slider import format_lr
from .status import fmt_number, fmt_point

translate = QCoreApplication.translate  # lupdate recognises translate("Context", "text")

# Starts that show something interesting (the engine's default is 80 % up the box).
PREFERRED_STARTS = {
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
}
LIMITED = ("gd", "momentum", "nesterov")


def preferred_start(surface: Surface) -> tuple[float, float]:
    if surface.name in PREFERRED_STARTS:
        return PREFERRED_STARTS[surface.name]
    x, y = surface.default_start()
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


def suggested_lr(surface: Surface, start, name: str, hyper: dict, steps: int = 1000) -> float:
    """A learning rate that works from ``start``: the largest "nice" value that does not diverge.

    Candidates descend from 0.6 × the stability limit (GD-like methods) or from a
    step of ~1 % of the box (adaptive methods); each is tried with a real run.
    """
    hyper = {**OPTIMIZERS[name].defaults, **hyper}
    top = None
    if name in LIMITED:
        beta = float(hyper.get("momentum", 0.0) or 0.0)
        lims = [stability_limit(surface, start, name, beta).lr,
                limit_for(name, lambda_max(surface, start), beta)]
        lims = [v for v in lims if v is not None]
        top = 0.6 * max(lims) if lims else None
    if top is None:
        top = (0.05 if name == "adagrad" else 0.01) * surface.scale
    cands = [min(max(c, 1e-5), 10.0) for c in _nice_series(min(top, 10.0), 8)]
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


def limit_for_row(surface: Surface, start, name: str, hyper: dict) -> StabilityLimit | None:
    if name not in LIMITED:
        return None
    hyper = {**OPTIMIZERS[name].defaults, **hyper}
    try:
        return stability_limit(surface, start, name, float(hyper.get("momentum", 0.0) or 0.0))
    except (ValueError, FloatingPointError, ArithmeticError):
        return None


def explain_limit(name: str, lim: StabilityLimit | None) -> str:
    """The tooltip sentence under a learning-rate slider."""
    label = OPTIMIZERS[name].label
    if name not in LIMITED:
        text = translate(
            "StabilityLimit",
            "{opt} rescales every coordinate by its gradient history, so it has no fixed "
            "learning-rate limit; too large a rate makes it jitter around the minimum.")
        return text.format(opt=label)
    if lim is None or lim.lr is None:
        return translate(
            "StabilityLimit",
            "No stability limit here: the surface has no positive curvature at this point.")
    formula = {"gd": "2/λ_max", "momentum": "2(1+β)/λ_max",
               "nesterov": "2(1+β)/((1+2β)·λ_max)"}[name]
    if lim.basis == "minimum":
        where = translate("StabilityLimit", "at the minimum {p} nearest the start")
    else:
        where = translate("StabilityLimit", "at the start {p} (no known minimum)")
    where = where.format(p=fmt_point(lim.point))
    text = translate(
        "StabilityLimit",
        "Stability limit {formula} = {lr} {where}, where the largest curvature "
        "λ_max = {lam}. Above it {opt} overshoots further on every step near that point "
        "and diverges.")
    return text.format(formula=formula, lr=format_lr(lim.lr), where=where,
                       lam=fmt_number(lim.lam_max), opt=label)
