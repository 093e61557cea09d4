"""One-click scenarios: the engine's data (``optim_lab.scenarios``) plus translated words.

Titles and explanations are marked for translation here and translated when
shown (``QCoreApplication.translate("Scenario", text)``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from optim_lab.scenarios import SCENARIOS as SPECS
from optim_lab.scenarios import ScenarioRun, ScenarioSpec

__all__ = ["SCENARIOS", "Scenario", "scenario_names"]


@dataclass(frozen=True)
class Scenario:
    spec: ScenarioSpec
    title: str
    explanation: str

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def surface(self) -> str:
        return self.spec.surface

    @property
    def start(self) -> tuple[float, float]:
        return self.spec.start

    @property
    def steps(self) -> int:
        return self.spec.steps

    @property
    def runs(self) -> tuple[ScenarioRun, ...]:
        return self.spec.runs

    def tr_title(self) -> str:
        return QCoreApplication.translate("Scenario", self.title)

    def tr_explanation(self) -> str:
        return QCoreApplication.translate("Scenario", self.explanation)


_WORDS = {
    "lr_too_large": (
        QT_TRANSLATE_NOOP("Scenario", "Learning rate too large"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "Booth's bowl has Hessian eigenvalues 2 and 18, so gradient descent is stable only "
            "for learning rates below 2/18 ≈ 0.11 (the red mark on the slider). At 0.05 it glides "
            "in; at 0.10 it overshoots and zig-zags across the valley but still settles; at 0.13 "
            "every step overshoots more than the last and the run diverges.")),
    "lr_too_small": (
        QT_TRANSLATE_NOOP("Scenario", "Learning rate too small"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "With a learning rate about 1000 times below the limit, gradient descent creeps: "
            "after 1000 steps it is still far from the minimum (1, 3). A rate near half the "
            "limit arrives in about 50 steps. Adam moves about one learning rate per step whatever "
            "the gradient, so with 0.001 it needs thousands of steps too.")),
    "local_minima": (
        QT_TRANSLATE_NOOP("Scenario", "Local minima"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "Two wells: a deep global minimum on the left and a shallower local one on the right. "
            "Gradient descent ends in whichever basin it starts in, so the start decides the "
            "answer. Momentum started in the right basin carries enough speed over the ridge to "
            "reach the global minimum.")),
    "saddle_stall": (
        QT_TRANSLATE_NOOP("Scenario", "Saddle stall"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "On x² − y² started 0.0001 off the axis, gradient descent slides to the saddle at "
            "(0, 0) and sits there: its escape speed is proportional to the tiny y, growing only "
            "by a factor 1 + 2·lr per step. Adam divides by the gradient's size, moves about one "
            "learning rate per step and escapes at once. The arrow shows the escape direction.")),
    "ill_conditioned": (
        QT_TRANSLATE_NOOP("Scenario", "Ill-conditioned valley"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "Rosenbrock's valley is 2500 times steeper across than along (κ ≈ 2500 at (1, 1)). "
            "Gradient descent must keep its learning rate below 2/λ_max ≈ 0.002 for the steep "
            "direction and then crawls along the flat floor. Momentum with the same learning "
            "rate builds up speed along the valley and reaches (1, 1).")),
    "plateau": (
        QT_TRANSLATE_NOOP("Scenario", "Plateau"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "Far from its minimum, 1 − exp(−x² − y²) is almost flat: the gradient is about "
            "10⁻⁵, so gradient descent and momentum barely move in 1000 steps. Adam rescales "
            "the step by the gradient's running size and crosses the plateau in about 100 steps.")),
    "noise_escapes_saddle": (
        QT_TRANSLATE_NOOP("Scenario", "Noise escapes the saddle"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "On ½x² + ¼y⁴ − ½y² started exactly on the x-axis, gradient descent slides into the "
            "saddle at (0, 0) and stays there: the gradient has no y-part to push it off. The same "
            "run with a little gradient noise (σ = 0.001, as mini-batches give) is knocked off the "
            "axis and reaches a minimum (0, ±1) after about 100 steps. Without noise the escape "
            "time grows with log 1/y₀: from y₀ = 10⁻¹², 10⁻⁸ and 10⁻⁴ it takes 297, 200 and 104 "
            "steps to pass |y| = 0.9.")),
    "catapult": (
        QT_TRANSLATE_NOOP("Scenario", "Catapult"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "On ½(uv − 1)² every point of the hyperbola uv = 1 is a minimum, of sharpness (largest "
            "Hessian eigenvalue) u² + v². The start (4, 0.05) sits by a sharp one (sharpness 16), "
            "stable for gradient descent only while lr < 2/16. At lr 0.05 the run settles there. "
            "At 0.15 the loss first spikes from 0.32 to about 3: the run is thrown out of the "
            "sharp valley and lands where the sharpness is 9.3, below 2/lr = 13.3. At 0.2 the "
            "spike reaches 16 and it lands at sharpness 2.4. At 0.25 no minimum flat enough is "
            "in reach and it diverges at step 9.")),
    "warmup": (
        QT_TRANSLATE_NOOP("Scenario", "Learning-rate warm-up"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "From the same sharp start, a constant learning rate of 0.3 diverges within 5 steps. "
            "Warmed up linearly from 0.003 to 0.3 over 100 steps, the run first settles in the "
            "sharp minimum; once the rate passes 2/16 that minimum is unstable, the tiny gradient "
            "noise (σ = 10⁻⁶) grows, the loss spikes to about 17 and the run lands in a flatter "
            "minimum, sharpness 2.9 < 2/0.3. A 1000-step warm-up slides it along the valley: the "
            "loss stays below 2.5 and it ends at sharpness 6, just under 2/lr. Without any noise "
            "(last run) only rounding errors can grow; by the time they have, the rate is 0.285 and "
            "the run diverges at step 96.")),
    "clipping": (
        QT_TRANSLATE_NOOP("Scenario", "Gradient clipping"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "On x⁴ + y⁴ the gradient grows like the cube of the distance: at (10, 2) it is 4000. "
            "Gradient descent with lr 0.05 is thrown to x = −190 in one step and to 1.4 million in "
            "the next. Clipping the gradient to norm 1 (torch.nn.utils.clip_grad_norm_) caps every "
            "step at 0.05 far out and leaves the small gradients near the minimum alone, so the "
            "same learning rate converges. A rate small enough for the start without clipping "
            "(0.0005) crawls on the flat bottom.")),
}

SCENARIOS: dict[str, Scenario] = {name: Scenario(spec, *_WORDS[name]) for name, spec in SPECS.items()}


def scenario_names() -> list[str]:
    return list(SCENARIOS)
