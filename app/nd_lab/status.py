"""What the N-D Lab says about a run: the engine's diagnosis in short, translated lines.

Points of dimension D are abbreviated: (1, …, 1) when every coordinate is the
same, otherwise the first two and the last coordinate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication

from optim_lab import Trajectory
from optim_lab.planes import ConvergenceRate, Plane, Projection

from ..widgets.lr_slider import format_lr

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")



def _num(v: float) -> str:
    s = f"{v:.4g}"
    return "0" if s in ("-0", "0") else s.replace("-", "−")


def fmt_point_nd(p: Sequence[float]) -> str:
    """(1, 1, 1) for D ≤ 3; (1, …, 1) when all equal; (a, b, …, z) otherwise."""
    a = np.asarray(p, dtype=float)
    if a.size <= 3:
        return "(" + ", ".join(_num(v) for v in a) + ")"
    if np.all(a == a[0]):
        return f"({_num(a[0])}, …, {_num(a[0])})"
    return f"({_num(a[0])}, {_num(a[1])}, …, {_num(a[-1])})"


def describe_nd(
    traj: Trajectory,
    limit: float | None = None,
    rate: ConvergenceRate | None = None,
    theory_rate: float | None = None,
) -> tuple[str, str]:
    """One status line and its tone (good, bad, warn, normal)."""
    end = traj.end
    if traj.status == "diverged":
        lr = float(traj.hyperparameters.get("lr", 0.0))
        if limit is not None and lr > limit:
            return translate(
                "NDRunStatus", "diverged at step {k} — learning rate {lr} is above the limit {limit}"
            ).format(k=traj.diverged_at, lr=format_lr(lr), limit=format_lr(limit)), "bad"
        return translate(
            "NDRunStatus", "diverged at step {k} — learning rate {lr} is too large here"
        ).format(k=traj.diverged_at, lr=format_lr(lr)), "bad"
    if traj.status == "converged":
        at = traj.converged_at if traj.converged_at is not None else traj.steps
        mn = end.nearest_minimum
        if mn is None:
            text, tone = (
                translate("NDRunStatus", "converged to {point} in {n} steps").format(
                    point=fmt_point_nd(traj.points[-1]), n=at
                ),
                "good",
            )
        elif end.is_global:
            text, tone = (
                translate("NDRunStatus", "reached the global minimum {point} in {n} steps").format(
                    point=fmt_point_nd(mn.point), n=at
                ),
                "good",
            )
        else:
            text, tone = (
                translate(
                    "NDRunStatus", "reached a local minimum {point} (not the global one) in {n} steps"
                ).format(point=fmt_point_nd(mn.point), n=at),
                "warn",
            )
    elif traj.status == "stalled":
        where = end.saddle.point if end.saddle is not None else traj.points[-1]
        text, tone = (
            translate("NDRunStatus", "stalled near the saddle {point} for {n} steps").format(
                point=fmt_point_nd(where), n=traj.steps_near_saddle
            ),
            "warn",
        )
    else:
        text, tone = (
            translate("NDRunStatus", "still moving after {n} steps (loss {loss})").format(
                n=traj.steps, loss=_num(traj.final_loss)
            ),
            "normal",
        )
    if rate is not None:
        if theory_rate is not None:
            text += translate(
                "NDRunStatus", "; rate {m:.4f} per step (theory at the best setting {t:.4f})"
            ).format(m=rate.rate, t=theory_rate)
        else:
            text += translate("NDRunStatus", "; rate {m:.4f} per step").format(m=rate.rate)
    return text, tone


def limit_explanation(lam_max: float, where: str) -> str:
    """Tooltip text for the stability mark: λ_max and where it was measured."""
    place = (
        translate("NDRunStatus", "the known minimum nearest the start")
        if where == "minimum"
        else translate("NDRunStatus", "the start")
    )
    return translate(
        "NDRunStatus", "Largest stable learning rate from λ_max = {lam:.4g} of the Hessian at {where}."
    ).format(lam=lam_max, where=place)


def plane_info(plane: Plane, projections: Sequence[Projection]) -> str:
    """How much of the runs the plane holds: PCA shares and the largest distance off it."""
    parts = []
    if plane.explained is not None:
        parts.append(
            translate("NDRunStatus", "PC1 {a:.1%}, PC2 {b:.1%} of Σ‖x − start‖²").format(
                a=plane.explained[0], b=plane.explained[1]
            )
        )
    worst = max(projections, key=lambda p: p.relative_residual, default=None)
    if worst is not None:
        parts.append(
            translate(
                "NDRunStatus",
                "largest distance of a path point from the plane: {d:.3g} "
                "({r:.2%} of its run's displacement)",
            ).format(d=worst.max_residual, r=worst.relative_residual)
        )
    if projections:
        parts.append(
            translate(
                "NDRunStatus",
                "paths are solid where they lie in the plane (there the contours are "
                "their loss) and faded where they leave it",
            )
        )
    return "; ".join(parts)
