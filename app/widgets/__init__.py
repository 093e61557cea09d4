"""Reusable widgets shared by the labs (Surface Lab, N-D Lab).

- :class:`LearningRateSlider`: log-scale slider (1e-5 … 10) with a typed value
  box and the stability limit painted on the groove.
- :class:`OptimizerRow`: one optimizer's controls (enable box, colour swatch,
  learning rate, β / β₁ / β₂ / ε …), validated through ``optim_lab.make_optimizer``.
- :class:`OptimizerList`: a column of rows with "add" and "remove".
- :data:`OKABE_ITO` and :func:`run_color`: colour-blind-safe run colours.
"""

from __future__ import annotations

from .lr_slider import LearningRateSlider, StabilityLimitSlider
from .number_box import ScientificSpinBox
from .optimizer_list import OptimizerList
from .optimizer_row import OptimizerRow
from .palette import OKABE_ITO, run_color

__all__ = [
    "OKABE_ITO",
    "LearningRateSlider",
    "OptimizerList",
    "OptimizerRow",
    "ScientificSpinBox",
    "StabilityLimitSlider",
    "run_color",
]
