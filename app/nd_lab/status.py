"""What the N-D Lab says about a run: the engine's outcome (:mod:`app.outcome_text`), translated.

Points of dimension D are abbreviated: (1, …, 1) when every coordinate is the
same, otherwise the first two and the last coordinate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication

from optim_lab import Trajectory
from optim_lab.planes import ConvergenceRate, Plane, Projection

from ..outcome_text import outcome_text

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
    """One status line and its tone: the engine's outcome (translated, points
    abbreviated), plus the fitted convergence rate when there is one."""
    # The limit here may be measured at the start, not at a minimum: it only explains
    # a divergence above it ("above the limit"), never one below it.
    o = traj.outcome
    above = limit if limit is not None and o.lr > limit else None
    text, tone = outcome_text(o, above, fmt_point_nd)
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
