"""What the heatmap shows for a surface: the value grid, its colour transform and contour segments.

Computed once per surface (cached) with ``contourpy``; pyqtgraph's isocurve
is ~100x slower.  Surfaces with a wide value range (``surface.log_color``)
are coloured by log10(f - f_min + δ) with δ a small fraction of the range, so
the valley floor is as visible as the walls.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import contourpy
import numpy as np

from optim_lab import get_surface

GRID = 256
LEVELS = 14


@dataclass(frozen=True)
class SurfaceField:
    name: str
    bounds: np.ndarray  # (2, 2)
    image: np.ndarray  # (GRID, GRID) displayed values, image[ix, iy] (pyqtgraph col-major)
    log: bool
    shift: float  # displayed = log10(f - shift) when log, else f
    color_range: tuple[float, float]
    contour_x: np.ndarray  # contour vertices, consecutive pairs joined where connect is True
    contour_y: np.ndarray
    contour_connect: np.ndarray  # bool, one per vertex
    ticks: tuple[tuple[float, str], ...]  # colour-bar ticks (displayed value, label in f)

    def displayed(self, f: float) -> float:
        """The colour-scale value of a surface value ``f``."""
        if self.log:
            return math.log10(max(f - self.shift, 1e-300))
        return f


def _grid(surface, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if hasattr(surface, "value_grid"):
        return surface.value_grid(n)
    b = surface.bounds
    xs = np.linspace(b[0, 0], b[0, 1], n)
    ys = np.linspace(b[1, 0], b[1, 1], n)
    XX, YY = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        Z = surface.value(np.column_stack([XX.ravel(), YY.ravel()])).reshape(n, n)
    return xs, ys, Z


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _fmt(v: float) -> str:
    """3 significant digits; large or tiny powers of ten as 10⁴, 10⁻⁵."""
    if v != 0 and not (1e-3 <= abs(v) < 1e4):
        k = round(math.log10(abs(v)))
        if math.isclose(abs(v), 10.0**k, rel_tol=1e-9):
            return ("−" if v < 0 else "") + "10" + str(k).translate(_SUPERSCRIPT)
    return f"{v:.4g}"


def _log_ticks(lo: float, hi: float, shift: float) -> tuple[tuple[float, str], ...]:
    """Colour-bar ticks at round surface values (0, 1, 10, 100, … and the minimum)."""
    cands = {0.0, float(f"{shift + 10**lo:.2g}")} | {10.0**k for k in range(-8, 13)}
    out: list[tuple[float, str]] = []
    for f in sorted(cands, reverse=True):
        if f <= shift:
            continue
        pos = math.log10(f - shift)
        if lo - 1e-9 <= pos <= hi + 1e-9 and all(abs(pos - p) >= 0.45 for p, _ in out):
            out.append((pos, _fmt(f)))
    if len(out) < 2:  # narrow range: label the ends
        out = [(lo, _fmt(shift + 10**lo)), (hi, _fmt(shift + 10**hi))]
    return tuple(sorted(out))


def _contours(xs, ys, W, levels) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    gen = contourpy.contour_generator(xs, ys, W, line_type="ChunkCombinedOffset",
                                      name="serial")
    px, py, conn = [], [], []
    for level in levels:
        points_chunks, offset_chunks = gen.lines(level)
        for pts, offs in zip(points_chunks, offset_chunks):
            if pts is None or offs is None:
                continue
            for a, b in zip(offs[:-1], offs[1:]):
                if b - a < 2:
                    continue
                seg = pts[a:b]
                px.append(seg[:, 0])
                py.append(seg[:, 1])
                c = np.ones(b - a, dtype=bool)
                c[-1] = False
                conn.append(c)
    if not px:
        return np.zeros(0), np.zeros(0), np.zeros(0, dtype=bool)
    return np.concatenate(px), np.concatenate(py), np.concatenate(conn)


@lru_cache(maxsize=32)
def surface_field(name: str, kappa: float | None = None, n: int = GRID,
                  levels: int = LEVELS, params: tuple = ()) -> SurfaceField:
    """The heatmap and contours of the 2-D surface ``name`` (``kappa``: the quadratic's;
    ``params``: other parameters as sorted (name, value) pairs, e.g. a custom expression), cached."""
    surface = get_surface(name, **({"kappa": kappa} if kappa is not None else {}), **dict(params))
    xs, ys, Z = _grid(surface, n)
    finite = np.isfinite(Z)
    zmin = float(Z[finite].min())
    zmax = float(Z[finite].max())
    Z = np.where(finite, Z, zmax)
    if surface.log_color and zmax > zmin:
        delta = max((zmax - zmin) * 1e-4, 1e-12)
        shift = zmin - delta
        W = np.log10(Z - shift)
        log = True
    else:
        shift = 0.0
        W = Z
        log = False
    lo, hi = float(W.min()), float(W.max())
    if hi <= lo:
        hi = lo + 1.0
    lv = np.linspace(lo, hi, levels + 2)[1:-1]
    cx, cy, conn = _contours(xs, ys, W, lv)
    if log:
        ticks = _log_ticks(lo, hi, shift)
    else:
        ticks = ()  # linear scale: the colour bar's own ticks are the values
    image = np.ascontiguousarray(W.T)
    for a in (image, cx, cy, conn):
        a.setflags(write=False)
    return SurfaceField(name, surface.bounds.copy(), image, log, shift, (lo, hi), cx, cy, conn, ticks)
