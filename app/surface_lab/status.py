"""What the Surface Lab says about a run: the engine's outcome, translated.

The sentence itself comes from :mod:`app.outcome_text` (the one translation of
:class:`optim_lab.outcome.Outcome`, shared with the N-D Lab and mirroring the
command line's English); this module adds the Hessian note beside the escape
arrow and the number formats other Surface Lab modules use.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication

from optim_lab import Trajectory

from ..outcome_text import fmt_point, outcome_text

__all__ = ["classification_name", "describe", "end_note", "fmt_number", "fmt_point"]

translate = QCoreApplication.translate  # lupdate recognises translate("Context", "text")


def fmt_number(v: float) -> str:
    return f"{v:.3g}".replace("-", "−")


def describe(traj: Trajectory, limit: float | None = None, unbounded: bool = False
             ) -> tuple[str, str]:
    """A one-line status and its tone (good, bad, warn, normal).

    ``limit`` is the stability limit of this run's optimizer at its start (None
    for adaptive optimizers), used to explain a divergence; ``unbounded`` says the
    surface has no minimum (x² − y²), so every escaping run runs away (the engine's
    outcome already knows this; the flag is kept for callers that pass it).
    """
    o = traj.outcome
    if unbounded and o.kind == "diverged" and o.reason is None:
        o = dataclasses.replace(o, reason="unbounded")
    return outcome_text(o, limit)


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
