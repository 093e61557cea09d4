"""The user's own surface f(x, y): a real :class:`Surface2D` built from checked text.

``make_expression_surface("x**2 + 3*y**2", bounds=(-3, 3, -3, 3))`` parses
and compiles the text (:mod:`.expression`), finds the critical points in the
plotting box (:mod:`.critical`) and returns an :class:`ExpressionSurface`,
which runs, sweeps and is diagnosed exactly like a built-in surface.  Its
``params`` (expression text and bounds) are what experiment files store;
``get_surface("custom", **params)`` rebuilds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .base import Surface2D
from .critical import CriticalSearch, find_critical_points
from .expression import (
    MAX_DERIVATIVE_SECONDS,
    CompiledExpression,
    ExpressionError,
    compile_expression,
    parse_bounds,
)
from .expression_errors import CUSTOM_NAME, DEFAULT_BOUNDS

__all__ = ["DEFAULT_BOUNDS", "CUSTOM_NAME", "ExpressionSurface", "make_expression_surface"]

LOG_COLOR_SKEW = 8.0  # (max − min) / (median − min) above this: colour on a log scale


@dataclass(eq=False)
class ExpressionSurface(Surface2D):
    """A :class:`Surface2D` whose ``fg``/``hess`` were compiled from ``expression``."""

    expression: str = ""
    compiled: CompiledExpression | None = field(default=None, repr=False)
    search: CriticalSearch | None = field(default=None, repr=False)

    # The compiled code runs on arrays without numpy's error state (it is shared with
    # the float path); undefined points give NaN quietly, as value_grid does.
    def value_grad(self, X):
        with np.errstate(all="ignore"):
            return super().value_grad(X)

    def hessian(self, X):
        with np.errstate(all="ignore"):
            return super().hessian(X)

    @property
    def params(self) -> dict:
        """``get_surface(CUSTOM_NAME, **params)`` rebuilds this surface."""
        return {"expression": self.expression, "bounds": [float(v) for v in self.bounds.ravel()]}

    @property
    def flat_params(self) -> dict:
        """The same with the range as four numbers (what experiment files store)."""
        xmin, xmax, ymin, ymax = (float(v) for v in self.bounds.ravel())
        return {"expression": self.expression, "xmin": xmin, "xmax": xmax, "ymin": ymin,
                "ymax": ymax}


def _wide_range(Z: np.ndarray) -> bool:
    z = Z[np.isfinite(Z)]
    if z.size < 2:
        return False
    lo, med, hi = float(z.min()), float(np.median(z)), float(z.max())
    return hi - lo > LOG_COLOR_SKEW * max(med - lo, 1e-300)


def make_expression_surface(expression: str, bounds=DEFAULT_BOUNDS, log_color: bool | None = None,
                            seconds: float = MAX_DERIVATIVE_SECONDS) -> ExpressionSurface:
    """Parse, differentiate and compile ``expression``; find its critical points in ``bounds``.

    ``bounds``: ``(xmin, xmax, ymin, ymax)``.  ``log_color=None`` picks a log
    colour scale when the values in the box are strongly skewed (as for
    Rosenbrock).  Bad text or bounds raise :class:`ExpressionError`.
    """
    box = parse_bounds(bounds)
    compiled = compile_expression(expression, seconds=seconds)
    text = compiled.parsed.text
    surface = ExpressionSurface(
        name=CUSTOM_NAME, label=f"f(x, y) = {text}", dim=2, bounds=box,
        description=f"Your function f(x, y) = {text}", fg=compiled.fg, hess=compiled.hess,
        expression=text, compiled=compiled,
    )
    _, _, Z = surface.value_grid(64)
    finite = np.isfinite(Z)
    if not finite.any():
        raise ExpressionError("f is undefined (or overflows) everywhere in the plotting range")
    surface.log_color = _wide_range(Z) if log_color is None else bool(log_color)
    surface.search = find_critical_points(surface)
    surface.critical_points = tuple(c.as_critical_point() for c in surface.search.points)
    if finite.all():
        surface.description += "."
    else:
        share = 100.0 * (1.0 - finite.mean())
        surface.description += f"; undefined on about {share:.0f}% of the range."
    return surface
