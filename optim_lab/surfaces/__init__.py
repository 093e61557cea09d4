"""Surface registry: ``get_surface(name, dim=2, **params)``.

2-D surfaces are built once (their critical points are polished by Newton's
method) and shared; N-D surfaces are built per (name, dim, params).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .base import CriticalPoint, Surface, Surface2D, SurfaceND, classify_eigenvalues
from .expression_errors import CUSTOM_NAME, DEFAULT_BOUNDS, ExpressionError
from .library2d import build_2d, make_quadratic
from .library_nd import (
    make_nd_saddle,
    make_quadratic_nd,
    make_rastrigin_nd,
    make_rosenbrock_nd,
    make_styblinski_nd,
)

__all__ = [
    "CUSTOM_NAME",
    "CriticalPoint",
    "ExpressionError",
    "ExpressionSurface",
    "Surface",
    "Surface2D",
    "SurfaceND",
    "classify_eigenvalues",
    "get_surface",
    "surface_names",
    "nd_surface_names",
]

_ND_FACTORIES = {
    "rosenbrock": make_rosenbrock_nd,
    "rastrigin": make_rastrigin_nd,
    "styblinski_tang": make_styblinski_nd,
    "quadratic": make_quadratic_nd,
    "nd_saddle": make_nd_saddle,
}

_2D_NAMES = (
    "quadratic", "booth", "rosenbrock", "himmelblau", "beale", "rastrigin", "ackley",
    "goldstein_price", "six_hump_camel", "styblinski_tang", "saddle", "monkey_saddle",
    "two_wells", "plateau", "quartic_saddle", "catapult", "quartic_bowl",
)


@lru_cache(maxsize=1)
def _library_2d() -> dict[str, Surface2D]:
    return build_2d()


def surface_names(dim: int = 2) -> list[str]:
    """Names of the surfaces that exist at this dimension."""
    if dim == 2:
        return list(_2D_NAMES) + ["nd_saddle"]
    return list(_ND_FACTORIES)


def nd_surface_names() -> list[str]:
    return list(_ND_FACTORIES)


def _normalise(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def get_surface(name: str, dim: int = 2, **params) -> Surface:
    """The surface called ``name`` at dimension ``dim``.

    ``params``: ``kappa`` for the quadratic (and ``spread``, ``rotation_seed`` in
    N-D), ``negative`` for ``nd_saddle``; ``expression`` (text f(x, y)) and
    ``bounds`` (xmin, xmax, ymin, ymax; default [-3, 3]², or the four numbers
    ``xmin=``, ``xmax=``, ``ymin=``, ``ymax=``) for ``"custom"``, the user's own
    surface.  Unknown names raise ``ValueError`` listing the valid ones; a bad
    expression raises :class:`ExpressionError` (a ``ValueError``).
    """
    key = _normalise(name)
    if key == CUSTOM_NAME:
        return _custom(dim, params)
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) and not (
        isinstance(dim, float) and dim.is_integer()
    ):
        raise ValueError(f"invalid dim: {dim!r} (the dimension must be a whole number)")
    dim = int(dim)
    if dim == 2 and key in _2D_NAMES:
        if key == "quadratic" and params:
            unknown = set(params) - {"kappa"}
            if unknown:
                raise ValueError(f"quadratic (2-D) takes only kappa, not {sorted(unknown)}")
            return _cached_quadratic(float(params["kappa"]))
        if params:
            raise ValueError(f"{key} takes no parameters, got {sorted(params)}")
        return _library_2d()[key]
    if key in _ND_FACTORIES:
        return _cached_nd(key, int(dim), tuple(sorted(params.items())))
    if key in _2D_NAMES:
        raise ValueError(
            f"{key} exists only in 2-D; N-D surfaces are: {', '.join(_ND_FACTORIES)}"
        )
    raise ValueError(
        f"unknown surface {name!r}; choose one of: {', '.join(surface_names(2))}"
    )


def _custom(dim, params: dict) -> Surface2D:
    if dim != 2:
        raise ValueError(f"a custom f(x, y) is 2-D, not dim={dim!r}")
    corners = {"xmin", "xmax", "ymin", "ymax"}
    unknown = set(params) - {"expression", "bounds"} - corners
    if unknown:
        raise ValueError(f"custom takes expression and bounds, not {sorted(unknown)}")
    given = corners & set(params)
    if given:  # experiment files keep the range as four numbers
        if given != corners or "bounds" in params:
            raise ExpressionError("the range must be four numbers xmin, xmax, ymin, ymax")
        params = {**params, "bounds": tuple(params[k] for k in ("xmin", "xmax", "ymin", "ymax"))}
    if "expression" not in params:
        raise ExpressionError("custom needs an expression f(x, y), e.g. x**2 + 3*y**2")
    text = params["expression"]
    if not isinstance(text, str):
        raise ExpressionError("an expression must be text, not {type}", type=type(text).__name__)
    bounds = params.get("bounds", DEFAULT_BOUNDS)
    try:
        key = tuple(float(v) for v in np.asarray(bounds, dtype=float).ravel())
    except (TypeError, ValueError):
        raise ExpressionError("the range must be four numbers xmin, xmax, ymin, ymax") from None
    return _cached_custom(text, key)


@lru_cache(maxsize=16)
def _cached_custom(text: str, bounds: tuple) -> Surface2D:
    from .custom import make_expression_surface  # loads sympy: only when a custom f is built

    return make_expression_surface(text, bounds)


def __getattr__(name: str):
    """``ExpressionSurface`` and ``make_expression_surface`` load sympy: imported on first use."""
    if name in ("ExpressionSurface", "make_expression_surface"):
        from . import custom

        return getattr(custom, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@lru_cache(maxsize=32)
def _cached_quadratic(kappa: float) -> Surface2D:
    return make_quadratic(kappa)


@lru_cache(maxsize=32)
def _cached_nd(key: str, dim: int, params: tuple) -> SurfaceND:
    try:
        return _ND_FACTORIES[key](dim, **dict(params))
    except TypeError as exc:
        raise ValueError(f"bad parameters for {key}: {exc}") from None
