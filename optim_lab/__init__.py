"""Optim Lab engine: loss surfaces, optimizers, runs and diagnoses.

GUI-free: imports numpy only (torch is loaded lazily by ``optim_lab.deep`` and
by tests that use it as a reference).
"""

from __future__ import annotations

from .dynamics import Dynamics
from .optimizers import OPTIMIZERS, Optimizer, make_optimizer, optimizer_names
from .runs import RunSettings, Trajectory, run, run_many
from .stability import StabilityLimit, lambda_max, limit_for, stability_limit
from .surfaces import get_surface, nd_surface_names, surface_names

__version__ = "0.1.0"

__all__ = [
    "Dynamics",
    "OPTIMIZERS",
    "Optimizer",
    "RunSettings",
    "StabilityLimit",
    "Trajectory",
    "get_surface",
    "lambda_max",
    "limit_for",
    "make_optimizer",
    "nd_surface_names",
    "optimizer_names",
    "run",
    "run_many",
    "stability_limit",
    "surface_names",
]
