"""One-click scenarios: a surface, starts and optimizers that show one pathology.

Titles and explanations are marked for translation here and translated when
shown (``QCoreApplication.translate("Scenario", text)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


@dataclass(frozen=True)
class RunSpec:
    optimizer: str
    hyper: dict = field(default_factory=dict)
    start: tuple[float, float] | None = None  # None: the scenario's shared start


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    explanation: str
    surface: str
    start: tuple[float, float]
    steps: int
    runs: tuple[RunSpec, ...]

    def tr_title(self) -> str:
        return QCoreApplication.translate("Scenario", self.title)

    def tr_explanation(self) -> str:
        return QCoreApplication.translate("Scenario", self.explanation)


SCENARIOS: dict[str, Scenario] = {s.name: s for s in (
    Scenario(
        "lr_too_large",
        QT_TRANSLATE_NOOP("Scenario", "Learning rate too large"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "Booth's bowl has Hessian eigenvalues 2 and 18, so gradient descent is stable only "
            "for learning rates below 2/18 ≈ 0.11 (the red mark on the slider). At 0.05 it glides "
            "in; at 0.10 it overshoots and zig-zags across the valley but still settles; at 0.13 "
            "every step overshoots more than the last and the run diverges."),
        "booth", (-7.0, 8.0), 150,
        (RunSpec("gd", {"lr": 0.05}), RunSpec("gd", {"lr": 0.10}), RunSpec("gd", {"lr": 0.13})),
    ),
    Scenario(
        "lr_too_small",
        QT_TRANSLATE_NOOP("Scenario", "Learning rate too small"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "With a learning rate about 1000 times below the limit, gradient descent creeps: "
            "after 1000 steps it is still far from the minimum (1, 3). A rate near half the "
            "limit arrives in about 50 steps. Adam moves about one learning rate per step whatever "
            "the gradient, so with 0.001 it needs thousands of steps too."),
        "booth", (-7.0, 8.0), 1000,
        (RunSpec("gd", {"lr": 1e-4}), RunSpec("gd", {"lr": 0.05}), RunSpec("adam", {"lr": 1e-3})),
    ),
    Scenario(
        "local_minima",
        QT_TRANSLATE_NOOP("Scenario", "Local minima"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "Two wells: a deep global minimum on the left and a shallower local one on the right. "
            "Gradient descent ends in whichever basin it starts in, so the start decides the "
            "answer. Momentum started in the right basin carries enough speed over the ridge to "
            "reach the global minimum."),
        "two_wells", (1.8, 1.0), 300,
        (RunSpec("gd", {"lr": 0.02}, (-1.8, 1.0)), RunSpec("gd", {"lr": 0.02}, (1.8, 1.0)),
         RunSpec("gd", {"lr": 0.02}, (-0.3, 1.3)), RunSpec("gd", {"lr": 0.02}, (0.5, -1.2)),
         RunSpec("momentum", {"lr": 0.02, "momentum": 0.9}, (1.8, 1.0))),
    ),
    Scenario(
        "saddle_stall",
        QT_TRANSLATE_NOOP("Scenario", "Saddle stall"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "On x² − y² started 0.0001 off the axis, gradient descent slides to the saddle at "
            "(0, 0) and sits there: its escape speed is proportional to the tiny y, growing only "
            "by a factor 1 + 2·lr per step. Adam divides by the gradient's size, moves about one "
            "learning rate per step and escapes at once. The arrow shows the escape direction."),
        "saddle", (1.5, 1e-4), 300,
        (RunSpec("gd", {"lr": 0.01}), RunSpec("adam", {"lr": 0.01})),
    ),
    Scenario(
        "ill_conditioned",
        QT_TRANSLATE_NOOP("Scenario", "Ill-conditioned valley"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "Rosenbrock's valley is 2500 times steeper across than along (κ ≈ 2500 at (1, 1)). "
            "Gradient descent must keep its learning rate below 2/λ_max ≈ 0.002 for the steep "
            "direction and then crawls along the flat floor. Momentum with the same learning "
            "rate builds up speed along the valley and reaches (1, 1)."),
        "rosenbrock", (-1.5, 2.0), 1500,
        (RunSpec("gd", {"lr": 1e-3}), RunSpec("momentum", {"lr": 1e-3, "momentum": 0.9})),
    ),
    Scenario(
        "plateau",
        QT_TRANSLATE_NOOP("Scenario", "Plateau"),
        QT_TRANSLATE_NOOP(
            "Scenario",
            "Far from its minimum, 1 − exp(−x² − y²) is almost flat: the gradient is about "
            "10⁻⁵, so gradient descent and momentum barely move in 1000 steps. Adam rescales "
            "the step by the gradient's running size and crosses the plateau in about 100 steps."),
        "plateau", (2.6, 2.4), 1000,
        (RunSpec("gd", {"lr": 0.1}), RunSpec("momentum", {"lr": 0.1, "momentum": 0.9}),
         RunSpec("adam", {"lr": 0.05})),
    ),
)}


def scenario_names() -> list[str]:
    return list(SCENARIOS)
