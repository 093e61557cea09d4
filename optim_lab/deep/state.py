"""What a lesson reads from, and sets up in, the Deep Stack Lab — plain data, Qt- and torch-free.

:class:`DeepSetup` is a configuration the lab can be put in (the config, whether plain and
residual train side by side, the step budget). :class:`DeepStackState` is what the lab shows
now: the setup and, per stack, the steps trained so far, the latest loss and accuracy,
whether it diverged, and the first/last ratio of the activation-gradient norms
``‖∂L/∂h_1‖ / ‖∂L/∂h_L‖`` at the latest step — ≪ 1 when gradients vanish on the way down
(plain sigmoid depth 30 at PyTorch's default init: ≈ 2.7e−25), ≫ 1 when they explode, ≈ 1
with residual skips ``h_l = h_{l−1} + α f(h_{l−1})`` whose Jacobian ``I + α J`` keeps the
product over layers near the identity (He et al., "Deep Residual Learning", 2016).
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import DeepConfig

__all__ = ["DeepSetup", "DeepStackState", "StackState"]


@dataclass(frozen=True)
class DeepSetup:
    config: DeepConfig
    compare: bool = False  # plain and residual side by side (config.residual ignored)
    steps: int = 2000  # the lab's step budget


@dataclass(frozen=True)
class StackState:
    residual: bool
    steps: int = 0  # steps trained so far
    loss: float | None = None  # at the latest step
    accuracy: float | None = None
    ratio: float | None = None  # first/last activation-gradient norm at the latest step
    diverged: bool = False


@dataclass(frozen=True)
class DeepStackState:
    setup: DeepSetup
    stacks: tuple[StackState, ...]  # one stack, or plain then residual when comparing
