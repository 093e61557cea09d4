"""The stability-limit explanation under a learning-rate slider (translated words only).

The maths (preferred starts, suggested learning rates, the limit of a run) lives in
``optim_lab.advice``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from optim_lab import OPTIMIZERS, StabilityLimit
from optim_lab.advice import LIMITED

from ..widgets.lr_slider import format_lr
from .status import fmt_number, fmt_point

translate = QCoreApplication.translate  # lupdate recognises translate("Context", "text")


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
