"""One-click scenarios of the Deep Stack Lab, each with a short explanation.

Torch-free: the scenarios themselves are the engine's (``optim_lab.deep.scenarios``, which the
CLI runs headless); this module adds their translated titles and explanations.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from optim_lab.deep.config import DeepConfig
from optim_lab.deep.scenarios import DEEP_SCENARIOS

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
    steps: int = 2000  # step budget

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
    "batchnorm_explodes": (
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "BatchNorm × 40: exploding at init",
        ),
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "A plain ReLU stack of 40 layers with BatchNorm before every activation (He init). "
            "Normalising over the batch makes each layer amplify the backward signal, so the "
            "gradient reaching layer 1 is about 1000 times the last layer's, although the forward "
            "signal is perfectly normalised (Yang et al., ICLR 2019); without BatchNorm the ratio "
            "is about 5. See the first columns of the heatmap: training then shrinks the ratio. "
            "With the scaled skips (right) it stays near 1. The decision boundary uses "
            "BatchNorm's running statistics (eval mode).",
        ),
    ),
    "edge_of_stability": (
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "Edge of stability: sharpness → 2/η",
        ),
        QT_TRANSLATE_NOOP(
            "DeepScenarios",
            "Full-batch gradient descent (η = 0.2) on the squared error. On a quadratic, GD is "
            "stable only while the sharpness λ_max (largest Hessian eigenvalue) is below 2/η. "
            "Here the sharpness first rises (progressive sharpening) until it reaches the dashed "
            "2/η line, then hovers there for the rest of training, while the loss keeps falling "
            "with spikes instead of monotonically (Cohen et al., 2021).",
        ),
    ),
}

SCENARIOS: tuple[Scenario, ...] = tuple(
    Scenario(d.key, d.config, d.compare, d.sweep, d.steps) for d in DEEP_SCENARIOS
)


def scenario_by_key(key: str) -> Scenario:
    for s in SCENARIOS:
        if s.key == key:
            return s
    raise KeyError(key)
