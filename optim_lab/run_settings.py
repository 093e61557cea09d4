"""Run settings and limits shared by the run loops, the diagnosis and sweeps."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_SETTINGS", "MAX_STEPS", "RUNAWAY_FACTOR", "RunSettings", "STATUSES"]

# How a run ended (Trajectory.status).  ``not_moving``: learning rate 0 or 0 steps.
STATUSES = ("converged", "diverged", "stalled", "max_steps", "not_moving")
MAX_STEPS = 1_000_000
RUNAWAY_FACTOR = 100.0  # a run that leaves 100x the plotting box has diverged
HESSIAN_MAX_DIM = 300  # dense Hessians per point above this are too costly
STALL_HESSIAN_MAX_DIM = 10  # Hessian-based stall test along a whole path: small D only


@dataclass(frozen=True)
class RunSettings:
    """Tolerances, relative to the surface's scale (box diagonal) and start gradient."""

    gtol: float = 1e-8  # early stop: |g| <= gtol * max(1, |g0|) ...
    xtol: float = 1e-10  # ... and step <= xtol * scale
    reach: float = 2e-3  # "at" a known minimum: within reach * scale
    saddle_radius: float = 0.02  # "near" a known saddle: within this * scale
    small_grad: float = 1e-2  # "tiny" gradient for stall detection: * |g0|
    stop_on_convergence: bool = True


DEFAULT_SETTINGS = RunSettings()
