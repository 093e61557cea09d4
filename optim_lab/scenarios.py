"""One-click scenarios as engine data: a surface, starts, runs and steps that show one pathology.

Headless code loads them with ``SurfaceSession.load_scenario(name)``; the app adds
translated titles and explanations keyed by the same names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .dynamics import PLAIN, Dynamics

__all__ = ["SCENARIOS", "ScenarioRun", "ScenarioSpec", "scenario_names"]


@dataclass(frozen=True)
class ScenarioRun:
    optimizer: str
    hyper: Mapping[str, float] = field(default_factory=dict)
    start: tuple[float, float] | None = None  # None: the scenario's shared start
    dynamics: Dynamics = PLAIN  # gradient noise, lr schedule, clipping, AMSGrad


@dataclass(frozen=True)
class ScenarioSpec:
    name: str
    surface: str
    start: tuple[float, float]
    steps: int
    runs: tuple[ScenarioRun, ...]


def _r(optimizer: str, start: tuple[float, float] | None = None,
       dynamics: Dynamics = PLAIN, **hyper: float) -> ScenarioRun:
    return ScenarioRun(optimizer, MappingProxyType(dict(hyper)), start, dynamics)


SCENARIOS: Mapping[str, ScenarioSpec] = MappingProxyType({s.name: s for s in (
    # Booth: Hessian eigenvalues 2 and 18, GD stable for lr < 2/18 ≈ 0.11.
    ScenarioSpec("lr_too_large", "booth", (-7.0, 8.0), 150,
                 (_r("gd", lr=0.05), _r("gd", lr=0.10), _r("gd", lr=0.13))),
    ScenarioSpec("lr_too_small", "booth", (-7.0, 8.0), 1000,
                 (_r("gd", lr=1e-4), _r("gd", lr=0.05), _r("adam", lr=1e-3))),
    ScenarioSpec("local_minima", "two_wells", (1.8, 1.0), 300,
                 (_r("gd", (-1.8, 1.0), lr=0.02), _r("gd", (1.8, 1.0), lr=0.02),
                  _r("gd", (-0.3, 1.3), lr=0.02), _r("gd", (0.5, -1.2), lr=0.02),
                  _r("momentum", (1.8, 1.0), lr=0.02, momentum=0.9))),
    # x² − y² from 1e-4 off the axis: GD's escape grows by (1 + 2 lr) per step.
    ScenarioSpec("saddle_stall", "saddle", (1.5, 1e-4), 300,
                 (_r("gd", lr=0.01), _r("adam", lr=0.01))),
    # Rosenbrock at (1, 1): λ ≈ 1001.6 and 0.40, GD needs lr < ≈ 2.0e-3.
    ScenarioSpec("ill_conditioned", "rosenbrock", (-1.5, 2.0), 1500,
                 (_r("gd", lr=1e-3), _r("momentum", lr=1e-3, momentum=0.9))),
    ScenarioSpec("plateau", "plateau", (2.6, 2.4), 1000,
                 (_r("gd", lr=0.1), _r("momentum", lr=0.1, momentum=0.9), _r("adam", lr=0.05))),
    # Training dynamics (gradient noise, schedules, clipping).
    # ½x² + ¼y⁴ − ½y² from (1, y₀): y grows by (1 + lr) per step near 0, so leaving |y| > 0.9
    # takes ≈ ln(0.9/y₀)/ln 1.1 steps (297 / 200 / 104 for y₀ = 1e-12 / 1e-8 / 1e-4); from
    # y₀ = 0 exactly never, unless gradient noise (σ = 1e-3) pushes it off (≈ 100 steps).
    ScenarioSpec("noise_escapes_saddle", "quartic_saddle", (1.0, 0.0), 400,
                 (_r("gd", lr=0.1), _r("gd", dynamics=Dynamics(noise=1e-3, seed=1), lr=0.1),
                  _r("gd", (1.0, 1e-12), lr=0.1), _r("gd", (1.0, 1e-8), lr=0.1),
                  _r("gd", (1.0, 1e-4), lr=0.1))),
    # ½(uv − 1)² from (4, 0.05): sharpness λ₀ ≈ 16, so 2/λ₀ = 0.125.  Above it the loss
    # spikes and GD is thrown to a flatter minimum (sharpness < 2/lr), or diverges.
    ScenarioSpec("catapult", "catapult", (4.0, 0.05), 300,
                 (_r("gd", lr=0.05), _r("gd", lr=0.15), _r("gd", lr=0.2), _r("gd", lr=0.25))),
    # lr 0.3 from the sharp start diverges; warmed up over 100 or 1000 steps (with a little
    # noise to leave minima that became unstable) it lands where sharpness < 2/0.3.
    ScenarioSpec("warmup", "catapult", (4.0, 0.05), 1500,
                 (_r("gd", lr=0.3),
                  _r("gd", dynamics=Dynamics(noise=1e-6, seed=3, schedule=(
                      "LinearLR:start_factor=0.01,end_factor=1.0,total_iters=100")), lr=0.3),
                  _r("gd", dynamics=Dynamics(noise=1e-6, seed=3, schedule=(
                      "LinearLR:start_factor=0.01,end_factor=1.0,total_iters=1000")), lr=0.3),
                  _r("gd", dynamics=Dynamics(schedule=(
                      "LinearLR:start_factor=0.01,end_factor=1.0,total_iters=100")), lr=0.3))),
    # x⁴ + y⁴ from (10, 2): the gradient there is 4000, so lr 0.05 throws x to −190, then
    # to 1.4e6; clipping the gradient to norm 1 caps every step at lr.
    ScenarioSpec("clipping", "quartic_bowl", (10.0, 2.0), 2000,
                 (_r("gd", lr=0.05), _r("gd", dynamics=Dynamics(clip=1.0), lr=0.05),
                  _r("gd", lr=5e-4))),
)})


def scenario_names() -> list[str]:
    return list(SCENARIOS)
