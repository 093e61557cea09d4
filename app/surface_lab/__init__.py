"""The Surface Lab: optimizers on a 2-D loss surface, live, with playback and diagnoses."""

from __future__ import annotations

from .lab import SurfaceLab
from .scenarios import SCENARIOS, Scenario, scenario_names

__all__ = ["SCENARIOS", "Scenario", "SurfaceLab", "scenario_names"]
