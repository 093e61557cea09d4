"""What the app says about a run, built from the engine's Trajectory fields (translated)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from optim_lab import Trajectory

from ..widgets.lr_slider import format_lr

translate = QCoreApplication.translate  # lupdate recognises translate("Context", "text")


def fmt_point(p: Sequence[float]) -> str:
    """(3, 2), (−2.805, 3.131): four significant digits, real minus signs."""
    def one(v: float) -> str:
        s = f"{v:.4g}"
        if s in ("-0", "0"):
            s = "0"
        return s.replace("-", "−")

    return "(" + ", ".join(one(float(v)) for v in p) + ")"


def fmt_number(v: float) -> str:
    return f"{v:.3g}".replace("-", "−")


def describe(traj: Trajectory, limit: float | None = None, unbounded: bool = False
             ) -> tuple[str, str]:
    """A one-line status and its tone (good, bad, warn, normal).

    ``limit`` is the stability limit of this run's optimizer at its start (None
    for adaptive optimizers), used to explain a divergence; ``unbounded`` says the
    surface has no minimum (x² − y²), so every escaping run runs away.
    """
    end = traj.end
    if traj.status == "diverged":
        lr = float(traj.hyperparameters.get("lr", 0.0))
        if unbounded:
            text = translate(
                "RunStatus",
                "ran away at step {k} — this surface has no minimum: f falls without bound")
            return text.format(k=traj.diverged_at), "warn"
        if limit is not None and lr > limit:
            text = translate(
                    "RunStatus", "diverged at step {k} — learning rate {lr} is above the limit {limit}")
            return text.format(k=traj.diverged_at, lr=format_lr(lr), limit=format_lr(limit)), "bad"
        if limit is not None:
            text = translate(
                    "RunStatus", "diverged at step {k} — learning rate {lr} is below the limit {limit} "
                      "at the minimum, but the surface is steeper on the way")
            return text.format(k=traj.diverged_at, lr=format_lr(lr), limit=format_lr(limit)), "bad"
        text = translate("RunStatus", "diverged at step {k} — learning rate {lr} is too large here")
        return text.format(k=traj.diverged_at, lr=format_lr(lr)), "bad"
    if traj.status == "converged":
        at = traj.converged_at if traj.converged_at is not None else traj.steps
        mn = end.nearest_minimum
        if mn is None:
            return translate("RunStatus", "converged to {point} in {n} steps").format(
                point=fmt_point(traj.points[-1]), n=at), "good"
        if end.is_global:
            return translate("RunStatus", "reached the global minimum {point} in {n} steps").format(
                point=fmt_point(mn.point), n=at), "good"
        return translate(
                "RunStatus", "reached a local minimum {point} (not the global one) in {n} steps").format(
            point=fmt_point(mn.point), n=at), "warn"
    if traj.status == "stalled":
        if end.saddle is not None:
            return translate("RunStatus", "stalled near the saddle {point} for {n} steps").format(
                point=fmt_point(end.saddle.point), n=traj.steps_near_saddle), "warn"
        kind = classification_name(end.classification)
        return translate(
                "RunStatus", "stalled at {point}, a {kind} of the surface, for {n} steps").format(
            point=fmt_point(traj.points[-1]), kind=kind, n=traj.steps_near_saddle), "warn"
    return translate("RunStatus", "still moving after {n} steps (loss {loss})").format(
        n=traj.steps, loss=fmt_number(traj.final_loss)), "normal"


def classification_name(kind: str) -> str:
    names = {
        "minimum": translate("RunStatus", "minimum"),
        "saddle": translate("RunStatus", "saddle point"),
        "maximum": translate("RunStatus", "maximum"),
        "degenerate": translate("RunStatus", "degenerate critical point"),
        "unknown": translate("RunStatus", "point"),
    }
    return names.get(kind, kind)


def end_note(traj: Trajectory) -> str:
    """Hessian facts at a stalled run's end, shown beside the escape arrow."""
    end = traj.end
    if end.eigenvalues is None:
        return ""
    eig = ", ".join(fmt_number(v) for v in end.eigenvalues)
    kind = classification_name(end.classification if end.classification != "unknown"
                               else ("saddle" if min(end.eigenvalues) < 0 else "unknown"))
    text = translate("RunStatus", "{kind}\nHessian eigenvalues {eig}\nescape along the arrow")
    return text.format(kind=kind, eig=eig)
