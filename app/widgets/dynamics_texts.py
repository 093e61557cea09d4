"""The words for a run's training dynamics: schedule names, their parameters (torch's names in
the tooltips) and the one-line summary a row and the legend show ("noise σ 0.001 · cosine over
900 · clip 1"). Literal texts through ``QCoreApplication.translate`` (context "Dynamics")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from optim_lab.dynamics import Dynamics
from optim_lab.schedules import Schedule, parse_schedule

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


def schedule_title(name: str) -> str:
    """The picker's name of a schedule (torch's class in the tooltip)."""
    titles = {
        "constant": translate("Dynamics", "constant"),
        "StepLR": translate("Dynamics", "step decay"),
        "ExponentialLR": translate("Dynamics", "exponential decay"),
        "CosineAnnealingLR": translate("Dynamics", "cosine"),
        "LinearLR": translate("Dynamics", "linear warmup"),
        "warmup_cosine": translate("Dynamics", "warmup + cosine"),
    }
    return titles[name]


def param_label(key: str) -> str:
    labels = {
        "step_size": translate("Dynamics", "every"),
        "gamma": translate("Dynamics", "×γ"),
        "T_max": translate("Dynamics", "T"),
        "eta_min": translate("Dynamics", "min lr"),
        "start_factor": translate("Dynamics", "start ×"),
        "end_factor": translate("Dynamics", "end ×"),
        "total_iters": translate("Dynamics", "steps"),
        "warmup_iters": translate("Dynamics", "warmup"),
    }
    return labels[key]


def param_tooltip(key: str) -> str:
    tips = {
        "step_size": translate("Dynamics", "step_size: multiply the learning rate by gamma "
                               "every step_size steps (StepLR)"),
        "gamma": translate("Dynamics", "gamma: the factor the learning rate is multiplied by "
                           "(0 < gamma ≤ 1)"),
        "T_max": translate("Dynamics", "T_max: steps of the half cosine from lr down to eta_min "
                           "(CosineAnnealingLR)"),
        "eta_min": translate("Dynamics", "eta_min: the lowest learning rate of the cosine"),
        "start_factor": translate("Dynamics", "start_factor: the first step uses "
                                  "start_factor × lr (LinearLR, 0 < start_factor ≤ 1)"),
        "end_factor": translate("Dynamics", "end_factor: after total_iters steps the "
                                "learning rate is end_factor × lr (LinearLR)"),
        "total_iters": translate("Dynamics", "total_iters: steps from start_factor to "
                                 "end_factor (LinearLR)"),
        "warmup_iters": translate("Dynamics", "warmup_iters: steps of the linear warm-up from "
                                  "start_factor × lr to lr, then the cosine (SequentialLR)"),
    }
    return tips[key]


def schedule_brief(schedule: Schedule) -> str:
    """A schedule in a few words with its length: "linear warmup over 100", "cosine over 900"."""
    p = dict(schedule.params)
    g = lambda v: f"{v:.3g}"  # noqa: E731
    if schedule.name == "StepLR":
        return translate("Dynamics", "step decay ×{gamma} every {n}").format(
            gamma=g(p["gamma"]), n=p["step_size"])
    if schedule.name == "ExponentialLR":
        return translate("Dynamics", "exponential decay ×{gamma}").format(gamma=g(p["gamma"]))
    if schedule.name == "CosineAnnealingLR":
        return translate("Dynamics", "cosine over {n}").format(n=p["T_max"])
    if schedule.name == "LinearLR":
        return translate("Dynamics", "linear warmup over {n}").format(n=p["total_iters"])
    if schedule.name == "warmup_cosine":
        return translate("Dynamics", "warmup {w} + cosine {n}").format(
            w=p["warmup_iters"], n=p["T_max"])
    return schedule_title(schedule.name)


def dynamics_summary(d: Dynamics) -> str:
    """One short line naming what is set: "noise σ 0.001 · cosine over 900 · clip 1 · AMSGrad"."""
    parts = []
    if d.noise > 0:
        text = translate("Dynamics", "noise σ {sigma}").format(sigma=f"{d.noise:.3g}")
        if d.noise_relative:
            text += " ×‖∇f‖"
        parts.append(text)
    try:
        schedule = parse_schedule(d.schedule)
    except ValueError:
        schedule = None
    if schedule is not None and not schedule.is_constant:
        parts.append(schedule_brief(schedule))
    if d.clip is not None:
        parts.append(translate("Dynamics", "clip {c}").format(c=f"{d.clip:.3g}"))
    if d.amsgrad:
        parts.append("AMSGrad")
    return " · ".join(parts)
