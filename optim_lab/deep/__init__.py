"""Deep Stack Lab engine: deep MLPs (plain or residual), synthetic data, per-layer probes.

Configuration (``DeepConfig``), data and the CLI are torch-free; the names that need torch
(models, probes, training, the depth sweep) are imported on first use, so importing
``optim_lab.deep`` (which ``optim-lab --help`` does) does not load torch.
"""

from __future__ import annotations

import importlib
from typing import Any

from .config import ACTIVATIONS, BRANCHES, DATASETS, INITS, OPTIMIZERS, DeepConfig
from .data import make_dataset

_LAZY = {
    "DeepMLP": "models",
    "build_model": "models",
    "GradientProbe": "probes",
    "first_last_ratio": "probes",
    "probe_gradients": "probes",
    "ABTrainer": "training",
    "StackTrainer": "training",
    "StepRecord": "training",
    "TrainingHistory": "training",
    "train": "training",
    "DEFAULT_DEPTHS": "sweep",
    "DepthSweep": "sweep",
    "depth_sweep": "sweep",
}

__all__ = [
    "ACTIVATIONS",
    "BRANCHES",
    "DATASETS",
    "INITS",
    "OPTIMIZERS",
    "DeepConfig",
    "make_dataset",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
