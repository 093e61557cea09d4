"""The Surface Lab's heat map of a surface: the engine's :mod:`optim_lab.field`, cached by name.

The grid, the colour scale (log10(f − f_min + δ) for surfaces with a wide value
range) and the contour lines are computed by the engine, the same pipeline the
N-D Lab uses on its planes; this module only keeps one per surface.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from optim_lab import get_surface
from optim_lab.field import GRID, LEVELS, Field
from optim_lab.field import surface_field as engine_surface_field


@dataclass(frozen=True)
class SurfaceField:
    """An engine :class:`~optim_lab.field.Field` with the surface's name and bounds."""

    name: str
    bounds: np.ndarray  # (2, 2)
    field: Field

    @property
    def image(self) -> np.ndarray:  # (GRID, GRID) displayed values, image[ix, iy]
        return self.field.image

    @property
    def log(self) -> bool:
        return self.field.scale.log

    @property
    def shift(self) -> float:  # displayed = log10(f - shift) when log, else f
        return self.field.scale.shift

    @property
    def color_range(self) -> tuple[float, float]:
        return self.field.color_range

    @property
    def contour_x(self) -> np.ndarray:
        return self.field.contours.x

    @property
    def contour_y(self) -> np.ndarray:
        return self.field.contours.y

    @property
    def contour_connect(self) -> np.ndarray:  # bool, one per vertex
        return self.field.contours.connect

    @property
    def ticks(self) -> tuple[tuple[float, str], ...]:  # (displayed value, label in f)
        return self.field.ticks

    def displayed(self, f: float) -> float:
        """The colour-scale value of a surface value ``f``."""
        return self.field.scale.displayed(f)


@lru_cache(maxsize=32)
def surface_field(name: str, kappa: float | None = None, n: int = GRID,
                  levels: int = LEVELS, params: tuple = ()) -> SurfaceField:
    """The heatmap and contours of the 2-D surface ``name`` (``kappa``: the quadratic's;
    ``params``: other parameters as sorted (name, value) pairs, e.g. a custom f(x, y)), cached."""
    surface = get_surface(name, **({"kappa": kappa} if kappa is not None else {}), **dict(params))
    return SurfaceField(name, surface.bounds.copy(), engine_surface_field(surface, n, levels))
