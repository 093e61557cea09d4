"""One-click scenarios of the Deep Stack Lab, each with a short explanation.

Torch-free: a scenario is a :class:`DeepConfig` plus how to show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from optim_lab.deep.config import DeepConfig

__all__ = ["SCENARIOS", "SWEEP_DEPTHS", "Scenario", "scenario_by_key"]

# depths of the depth sweep: dense where the plain ratio falls fastest, up to 100
SWEEP_DEPTHS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 70, 80, 90, 100)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DeepScenarios", text)


@dataclass(frozen=True)
class Scenario:
    key: str
    config: DeepConfig
    compare: bool  # train plain and residual side by side
    sweep: bool = False  # run the depth sweep instead of training

    @property
    def title(self) -> str:
        return _tr(_TEXT[self.key][0])

    @property
    def explanation(self) -> str:
        return _tr(_TEXT[self.key][1])


_TEXT = {
    "vanishing": (
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "Sigmoid × 30: vanishing gradients",
        ),
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "The sigmoid's slope is at most 1/4, and the backward pass multiplies one such factor "
            "(times a weight matrix) per layer, so the gradient reaching layer 1 is about 1e-25 of "
            "the last layer's. The early layers never learn and the loss stays near ln 2; deeper "
            "still (about 60 layers) the float32 gradient underflows to exactly zero (red).",
        ),
    ),
    "skips": (
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "Sigmoid × 30 with skip connections",
        ),
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "Same data, seed and weights, now with hₗ = hₗ₋₁ + branch/√depth on the right. "
            "The identity path carries the gradient past every sigmoid, so the first/last ratio "
            "stays near 1 and the residual stack learns the circles while the plain one is stuck.",
        ),
    ),
    "exploding": (
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "ReLU, init too large: exploding",
        ),
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "He init times 1.5: every layer multiplies the backward signal by about 1.5, so layer 1 "
            "gets about 1e4 times the last layer's gradient and the initial loss is in the "
            "thousands. Plain SGD at this learning rate turns the loss into NaN within two steps; "
            "Adam normalises the step, so you can watch the exploding gradients persist.",
        ),
    ),
    "healthy": (
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "ReLU, He init: healthy",
        ),
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "He initialisation draws weights with variance 2/fan_in, which exactly offsets ReLU "
            "zeroing half of its inputs. Signal and gradient keep roughly their size through all 30 "
            "layers (a first/last ratio within a decade or two, not 25 decades), so the heatmap "
            "shows no fade and even the plain stack learns the spirals.",
        ),
    ),
    "sweep": (
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "Depth sweep: ratio vs depth",
        ),
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "The first/last layer gradient ratio at initialisation for depths 1 to 100. The plain "
            "sigmoid stack loses about an order of magnitude per layer and underflows to exactly "
            "zero (red crosses) beyond about 60 layers; the residual stack stays near 1 at every "
            "depth. The two stacks on the right show one step at depth 30.",
        ),
    ),
}

_SIGMOID = DeepConfig(
    depth=30, width=32, activation="sigmoid", dataset="circles", optimizer="momentum", lr=0.1
)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("vanishing", _SIGMOID, compare=False),
    Scenario("skips", _SIGMOID, compare=True),
    Scenario(
        "exploding",
        DeepConfig(
            depth=30,
            width=32,
            activation="relu",
            init="he",
            gain=1.5,
            dataset="spirals",
            optimizer="adam",
            lr=1e-3,
        ),
        compare=False,
    ),
    Scenario(
        "healthy",
        DeepConfig(
            depth=30,
            width=32,
            activation="relu",
            init="he",
            dataset="spirals",
            optimizer="adam",
            lr=3e-3,
        ),
        compare=False,
    ),
    Scenario("sweep", DeepConfig(depth=30, width=32, activation="sigmoid"), compare=True, sweep=True),
)


def scenario_by_key(key: str) -> Scenario:
    for s in SCENARIOS:
        if s.key == key:
            return s
    raise KeyError(key)
