"""The Deep Stack Lab's scenarios as data (torch- and Qt-free), shared by the GUI and the CLI.

A scenario is a :class:`DeepConfig`, whether the lab shows plain and residual side by side, a
step budget, and whether it is the depth sweep.  The lab adds translated titles and texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import DeepConfig

__all__ = ["DEEP_SCENARIOS", "DeepScenario", "deep_scenario"]


@dataclass(frozen=True)
class DeepScenario:
    key: str
    config: DeepConfig
    compare: bool  # plain and residual side by side
    steps: int = 2000  # the lab's step budget; the CLI's default --steps
    sweep: bool = False  # the depth sweep instead of training


_SIGMOID = DeepConfig(
    depth=30, width=32, activation="sigmoid", dataset="circles", optimizer="momentum", lr=0.1
)

DEEP_SCENARIOS: tuple[DeepScenario, ...] = (
    DeepScenario("vanishing", _SIGMOID, compare=False),
    DeepScenario("skips", _SIGMOID, compare=True),
    DeepScenario(
        "exploding",
        DeepConfig(depth=30, width=32, activation="relu", init="he", gain=1.5,
                   dataset="spirals", optimizer="adam", lr=1e-3),
        compare=False,
    ),
    DeepScenario(
        "healthy",
        DeepConfig(depth=30, width=32, activation="relu", init="he", dataset="spirals",
                   optimizer="adam", lr=3e-3),
        compare=False,
    ),
    DeepScenario("sweep", DeepConfig(depth=30, width=32, activation="sigmoid"), compare=True,
                 sweep=True),
    # Yang et al. (ICLR 2019): BatchNorm in a deep plain ReLU stack makes the first layers'
    # gradients explode at initialisation (ratio ~1e3-1e4); the scaled skips keep it near 1
    DeepScenario(
        "batchnorm_explodes",
        DeepConfig(depth=40, width=96, activation="relu", init="he", norm="batch",
                   dataset="spirals", batch_size=128, optimizer="sgd", lr=0.01),
        compare=True,
        steps=500,
    ),
    # Cohen et al. (2021): full-batch GD on the square loss sharpens until lambda_max reaches
    # 2/lr, then hovers there while the loss keeps falling, non-monotonically
    DeepScenario(
        "edge_of_stability",
        DeepConfig(depth=1, width=32, activation="tanh", dataset="spirals", n_samples=200,
                   full_batch=True, loss="mse", optimizer="sgd", lr=0.2, sharpness_every=20),
        compare=False,
        steps=2000,
    ),
)


def deep_scenario(key: str) -> DeepScenario:
    """The scenario named ``key``; ValueError listing the names otherwise."""
    for s in DEEP_SCENARIOS:
        if s.key == key:
            return s
    names = ", ".join(s.key for s in DEEP_SCENARIOS)
    raise ValueError(f"unknown scenario {key!r}; use one of {names}")
