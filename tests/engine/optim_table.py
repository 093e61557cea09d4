"""One table of optimizer configurations for every engine contract test (like torch's optim_db).

Each row names an engine optimizer with its hyperparameters and, written out by
hand, the ``torch.optim`` class and keyword arguments that must give the same
trajectory.  The torch side is spelled independently of the engine's own
name mapping, so a wrong mapping (say, a swapped beta or an ignored eps) shows
up as a differential failure.  Non-default values (betas, eps, alpha) are used
on purpose: a hyperparameter left at its default cannot prove it is plumbed.

``lr`` is the learning rate on Rosenbrock from (-1.2, 1); other surfaces scale
it (see ``tests/engine/test_optimizers_vs_torch.py``).  Torch is imported only
when ``make_torch`` is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from optim_lab import OPTIMIZERS, Optimizer, make_optimizer


@dataclass(frozen=True)
class OptimCase:
    """An optimizer configuration and its torch.optim twin."""

    id: str
    name: str  # engine name
    hyper: dict[str, Any]  # engine hyperparameters except lr
    lr: float  # learning rate on Rosenbrock (-1.2, 1); scaled per surface
    torch_class: str
    torch_kwargs: dict[str, Any] = field(default_factory=dict)
    # torch.nn.utils.clip_grad_norm_(params, clip_norm) before every torch step
    clip_norm: float | None = None

    def engine(self, lr_scale: float = 1.0) -> Optimizer:
        extra = {} if self.clip_norm is None else {"clip_norm": self.clip_norm}
        return make_optimizer(self.name, lr=self.lr * lr_scale, **self.hyper, **extra)

    def make_torch(self, params: Iterable, lr_scale: float = 1.0):
        import torch

        cls = getattr(torch.optim, self.torch_class)
        return cls(params, lr=self.lr * lr_scale, **self.torch_kwargs)

    @property
    def uses_weight_decay(self) -> bool:
        return bool(self.hyper.get("weight_decay", 0.0))


CASES: tuple[OptimCase, ...] = (
    OptimCase("gd", "gd", {}, 5e-4, "SGD"),
    OptimCase("gd_wd", "gd", {"weight_decay": 0.1}, 5e-4, "SGD", {"weight_decay": 0.1}),
    OptimCase("momentum", "momentum", {"momentum": 0.9}, 1e-4, "SGD", {"momentum": 0.9}),
    OptimCase(
        "momentum_wd", "momentum", {"momentum": 0.8, "weight_decay": 0.05}, 1e-4, "SGD",
        {"momentum": 0.8, "weight_decay": 0.05},
    ),
    OptimCase(
        "nesterov", "nesterov", {"momentum": 0.9}, 1e-4, "SGD",
        {"momentum": 0.9, "nesterov": True},
    ),
    OptimCase(
        "nesterov_wd", "nesterov", {"momentum": 0.7, "weight_decay": 0.05}, 2e-4, "SGD",
        {"momentum": 0.7, "nesterov": True, "weight_decay": 0.05},
    ),
    OptimCase("adam", "adam", {}, 1e-2, "Adam"),
    OptimCase(
        "adam_custom", "adam", {"betas": (0.8, 0.99), "eps": 1e-6}, 1e-2, "Adam",
        {"betas": (0.8, 0.99), "eps": 1e-6},
    ),
    # beta1 <= 0.5 takes torch.lerp's other formula (weight 1 - beta1 >= 0.5).
    OptimCase(
        "adam_low_beta1", "adam", {"betas": (0.4, 0.999)}, 1e-2, "Adam", {"betas": (0.4, 0.999)},
    ),
    OptimCase(
        "adam_wd", "adam", {"beta1": 0.85, "beta2": 0.995, "weight_decay": 0.1}, 1e-2, "Adam",
        {"betas": (0.85, 0.995), "weight_decay": 0.1},
    ),
    # AdamW's engine default weight decay (0.01) must match torch's default.
    OptimCase("adamw", "adamw", {}, 1e-2, "AdamW"),
    OptimCase(
        "adamw_low_beta1", "adamw", {"betas": (0.5, 0.99), "weight_decay": 0.05}, 1e-2,
        "AdamW", {"betas": (0.5, 0.99), "weight_decay": 0.05},
    ),
    OptimCase(
        "adam_amsgrad", "adam", {"betas": (0.85, 0.99), "amsgrad": True}, 1e-2, "Adam",
        {"betas": (0.85, 0.99), "amsgrad": True},
    ),
    OptimCase(
        "adamw_amsgrad", "adamw", {"weight_decay": 0.1, "amsgrad": True}, 1e-2, "AdamW",
        {"weight_decay": 0.1, "amsgrad": True},
    ),
    OptimCase(
        "adamw_wd", "adamw", {"betas": (0.8, 0.99), "eps": 1e-7, "weight_decay": 0.2}, 1e-2,
        "AdamW", {"betas": (0.8, 0.99), "eps": 1e-7, "weight_decay": 0.2},
    ),
    # gradient clipping by norm (a per-run setting for every rule)
    OptimCase("gd_clip", "gd", {}, 4e-3, "SGD", clip_norm=1.0),
    OptimCase("momentum_clip", "momentum", {"momentum": 0.9}, 1e-3, "SGD", {"momentum": 0.9},
              clip_norm=2.0),
    OptimCase("adam_clip", "adam", {"amsgrad": True}, 1e-2, "Adam", {"amsgrad": True},
              clip_norm=5.0),
    OptimCase("rmsprop", "rmsprop", {}, 1e-3, "RMSprop"),
    OptimCase(
        "rmsprop_alpha", "rmsprop", {"alpha": 0.9, "eps": 1e-6}, 1e-3, "RMSprop",
        {"alpha": 0.9, "eps": 1e-6},
    ),
    OptimCase(
        "rmsprop_momentum", "rmsprop", {"momentum": 0.9}, 1e-4, "RMSprop", {"momentum": 0.9},
    ),
    OptimCase(
        "rmsprop_wd", "rmsprop", {"weight_decay": 0.1}, 1e-3, "RMSprop", {"weight_decay": 0.1},
    ),
    OptimCase(
        "rmsprop_momentum_wd", "rmsprop", {"momentum": 0.8, "weight_decay": 0.05}, 1e-4,
        "RMSprop", {"momentum": 0.8, "weight_decay": 0.05},
    ),
    OptimCase("adagrad", "adagrad", {}, 0.1, "Adagrad"),
    OptimCase(
        "adagrad_eps", "adagrad", {"eps": 1e-6}, 0.1, "Adagrad", {"eps": 1e-6},
    ),
    OptimCase(
        "adagrad_wd", "adagrad", {"weight_decay": 0.1}, 0.1, "Adagrad", {"weight_decay": 0.1},
    ),
)

CASE_IDS = [c.id for c in CASES]

# Chaotic runs: a 1-ulp change anywhere grows to visible size (tests check this
# before trusting a bitwise comparison over them).  AMSGrad has none: its
# denominator never shrinks, which damps the jitter (measured: lr 0.02-0.1, three
# beta pairs, 1-ulp start changes stay below 1e-14 over 2000 steps).  The first is issue 8's:
# Adam on Rosenbrock from (-1.5, 2.5) once differed from torch at step ~190
# and by 4e-3 at step 500.
CHAOTIC: tuple[tuple[OptimCase, tuple[float, float]], ...] = (
    (OptimCase("adam_chaotic", "adam", {"betas": (0.8, 0.95)}, 0.02, "Adam",
               {"betas": (0.8, 0.95)}), (-1.5, 2.5)),
    (OptimCase("rmsprop_chaotic", "rmsprop", {}, 1e-2, "RMSprop"), (-1.5, 2.5)),
    (OptimCase("nesterov_wd_chaotic", "nesterov", {"momentum": 0.5, "weight_decay": 0.01},
               2.2e-3, "SGD", {"momentum": 0.5, "nesterov": True, "weight_decay": 0.01}),
     (-1.5, 2.5)),
    (OptimCase("gd_chaotic", "gd", {}, 2.5e-3, "SGD"), (-1.5, 2.5)),
)
BY_ID = {c.id: c for c in CASES}


def covered_optimizers() -> set[str]:
    return {c.name for c in CASES}


def covered_with_weight_decay() -> set[str]:
    return {c.name for c in CASES if c.uses_weight_decay}


# Per-row hyperparameter values for the batched-update contract: every
# hyperparameter an optimizer takes gets B different values (zeros included
# where zero switches a feature off, as torch does).
ROWS = 4
LRS = np.array([1e-4, 2e-4, 5e-5, 3e-4])  # stable on Rosenbrock for every rule
PER_ROW: dict[str, dict[str, np.ndarray]] = {
    "gd": {"lr": LRS,
           "weight_decay": np.array([0.0, 0.1, 0.5, 0.0])},
    "momentum": {"lr": LRS,
                 "momentum": np.array([0.0, 0.5, 0.9, 0.99]),
                 "weight_decay": np.array([0.0, 0.1, 0.0, 0.2])},
    "nesterov": {"lr": LRS,
                 "momentum": np.array([0.1, 0.5, 0.9, 0.99]),
                 "weight_decay": np.array([0.0, 0.1, 0.0, 0.2])},
    "adam": {"lr": LRS,
             "beta1": np.array([0.0, 0.5, 0.9, 0.95]),
             "beta2": np.array([0.9, 0.99, 0.999, 0.5]),
             "eps": np.array([1e-8, 1e-6, 1e-3, 1e-10]),
             "weight_decay": np.array([0.0, 0.1, 0.0, 0.2]),
             "amsgrad": np.array([False, True, False, True])},
    "adamw": {"lr": LRS,
              "beta1": np.array([0.0, 0.5, 0.9, 0.95]),
              "beta2": np.array([0.9, 0.99, 0.999, 0.5]),
              "eps": np.array([1e-8, 1e-6, 1e-3, 1e-10]),
              "weight_decay": np.array([0.0, 0.01, 0.1, 0.5])},
    "rmsprop": {"lr": LRS,
                "alpha": np.array([0.0, 0.5, 0.9, 0.99]),
                "eps": np.array([1e-8, 1e-6, 1e-3, 1e-10]),
                "momentum": np.array([0.0, 0.5, 0.9, 0.0]),
                "weight_decay": np.array([0.0, 0.1, 0.0, 0.2])},
    "adagrad": {"lr": LRS,
                "eps": np.array([1e-10, 1e-6, 1e-3, 1e-8]),
                "weight_decay": np.array([0.0, 0.1, 0.0, 0.2])},
}


def all_optimizer_names() -> list[str]:
    return list(OPTIMIZERS)
