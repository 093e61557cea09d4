"""Translated sentences of the Deep Stack Lab built from engine data."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from optim_lab.deep.config import DeepConfig

__all__ = ["branch_text", "divergence_text"]

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


def branch_text(config: DeepConfig) -> str:
    """How the residual branch is added, e.g. 'h + branch/√30'."""
    if config.branch == "scaled":
        return translate("DeepStackLab", "h + branch/√{0}").format(config.depth)
    if config.branch == "zero_init":
        return translate("DeepStackLab", "h + branch (zero-init)")
    return translate("DeepStackLab", "h + branch (unscaled)")


def divergence_text(cause: str, step: int) -> str:
    """Why and when a stack stopped (``cause`` from TrainingHistory.cause)."""
    if cause == "loss_blowup":
        return translate(
            "DeepStackLab", "Diverged at step {0}: the loss grew past 100× its first value."
        ).format(step)
    if cause == "non_finite_gradient":
        return translate("DeepStackLab", "Diverged at step {0}: a gradient became inf or NaN.").format(
            step
        )
    return translate("DeepStackLab", "Diverged at step {0}: the loss became inf or NaN.").format(step)
