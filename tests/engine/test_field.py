"""The one grid -> colour scale -> contour pipeline (``optim_lab.field``), checked against
the surfaces it draws and against interpolation of the grid it contours."""

from __future__ import annotations

import math

import numpy as np
import pytest

from optim_lab import get_surface, surface_names
from optim_lab.field import colour_scale, contour_lines, field_from_values, surface_field, value_grid


def bilinear(xs, ys, W, x, y):
    """W interpolated at (x, y) on the grid xs x ys (W[iy, ix])."""
    ix = np.clip(np.searchsorted(xs, x) - 1, 0, len(xs) - 2)
    iy = np.clip(np.searchsorted(ys, y) - 1, 0, len(ys) - 2)
    tx = (x - xs[ix]) / (xs[ix + 1] - xs[ix])
    ty = (y - ys[iy]) / (ys[iy + 1] - ys[iy])
    return ((1 - tx) * (1 - ty) * W[iy, ix] + tx * (1 - ty) * W[iy, ix + 1]
            + (1 - tx) * ty * W[iy + 1, ix] + tx * ty * W[iy + 1, ix + 1])


@pytest.mark.parametrize("name", surface_names(2))
def test_grid_values_are_the_surface_values(name):
    s = get_surface(name)
    xs, ys, Z = value_grid(s, 33)
    for ix, iy in ((0, 0), (32, 32), (7, 21), (16, 3)):
        assert Z[iy, ix] == pytest.approx(float(s.value(np.array([[xs[ix], ys[iy]]]))[0]),
                                          rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("name", ["rosenbrock", "himmelblau", "goldstein_price", "booth"])
def test_contour_vertices_lie_on_their_levels(name):
    f = surface_field(get_surface(name), n=64, levels=6)
    W = f.image.T
    lv = np.linspace(f.scale.lo, f.scale.hi, 8)[1:-1]
    c = f.contours
    assert len(c.x) > 0 and np.all(np.isfinite(c.x))
    vals = bilinear(f.xs, f.ys, W, c.x, c.y)
    # each vertex is on one of the levels (contourpy interpolates linearly along grid edges)
    err = np.min(np.abs(vals[:, None] - lv[None, :]), axis=1)
    assert np.max(err) <= 1e-9 * max(1.0, f.scale.hi - f.scale.lo)


def test_log_scale_formula_and_auto_detection():
    xs = ys = np.linspace(-1, 1, 41)
    X, Y = np.meshgrid(xs, ys)
    wide = 10.0 ** (6 * (X**2 + Y**2))  # spans six decades
    s = colour_scale(wide, "auto")
    zmin, zmax = wide.min(), wide.max()
    assert s.log and s.shift == pytest.approx(zmin - 1e-4 * (zmax - zmin))
    assert s.lo == pytest.approx(math.log10(zmin - s.shift))
    assert s.hi == pytest.approx(math.log10(zmax - s.shift))
    np.testing.assert_allclose(s.apply(wide), np.log10(wide - s.shift))
    narrow = 1.0 + X**2 + Y**2
    assert not colour_scale(narrow, "auto").log
    assert colour_scale(narrow, True).log  # forced
    flat = np.ones((5, 5))
    lin = colour_scale(flat, "auto")
    assert not lin.log and lin.hi > lin.lo
    assert len(contour_lines(xs[:5], ys[:5], flat).x) == 0


def test_non_finite_values_never_reach_the_image_or_the_contours():
    xs = ys = np.linspace(-1, 1, 21)
    X, Y = np.meshgrid(xs, ys)
    Z = X**2 + Y**2
    Z[3, 4] = np.inf
    Z[10, 10] = np.nan
    f = field_from_values(xs, ys, Z, "auto")
    assert np.all(np.isfinite(f.image)) and np.all(np.isfinite(f.contours.x))


def test_contour_breaks_round_trip():
    f = surface_field(get_surface("himmelblau"), n=48, levels=5)
    x, y = f.contours.with_breaks()
    lines = np.split(np.column_stack([x, y]), np.flatnonzero(np.isnan(x)))
    pieces = [p[~np.isnan(p[:, 0])] for p in lines if np.any(~np.isnan(p[:, 0]))]
    assert len(pieces) == int(np.sum(~f.contours.connect))
    np.testing.assert_array_equal(np.concatenate(pieces)[:, 0], f.contours.x)
