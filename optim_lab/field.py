"""What a heat map of a loss shows: values on a grid, their colour scale, contour lines.

One pipeline for every lab: the Surface Lab's 2-D surfaces (:func:`surface_field`)
and the N-D Lab's loss on a plane (:func:`field_from_values`) both come out as a
:class:`Field`.  Pure numpy + contourpy (matplotlib's contour engine, ~100x
faster than pyqtgraph's isocurve); no Qt.

Colour scale.  A surface whose values span decades (``log=True``, or "auto"
with the 90th percentile of f − f_min above 1000x its 10th) is coloured by

    c = log10(f − s),   s = f_min − δ,   δ = max(1e-4 (f_max − f_min), 1e-12),

so the valley floor is as visible as the walls; otherwise c = f.  Contours are
drawn at ``levels`` evenly spaced values of c strictly between its ends.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import contourpy
import numpy as np

GRID = 256
LEVELS = 14
WIDE_RATIO = 1e3  # "auto": log colour when p90(f − f_min) > WIDE_RATIO · p10(f − f_min)

__all__ = ["GRID", "LEVELS", "ColourScale", "ContourLines", "Field", "colour_scale",
           "contour_lines", "field_from_values", "format_value", "log_ticks", "surface_field",
           "value_grid"]


def value_grid(surface, n: int = GRID) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``xs``, ``ys`` (n each) over the surface's bounds and ``Z[iy, ix] = f(xs[ix], ys[iy])``
    (non-finite where f is)."""
    if hasattr(surface, "value_grid"):
        return surface.value_grid(n)
    b = surface.bounds
    xs = np.linspace(b[0, 0], b[0, 1], n)
    ys = np.linspace(b[1, 0], b[1, 1], n)
    XX, YY = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        Z = surface.value(np.column_stack([XX.ravel(), YY.ravel()])).reshape(n, n)
    return xs, ys, Z


@dataclass(frozen=True)
class ColourScale:
    """c = log10(f − shift) when ``log``, else c = f; ``lo``…``hi`` is the range of c."""

    log: bool
    shift: float
    lo: float
    hi: float

    def apply(self, Z: np.ndarray) -> np.ndarray:
        if not self.log:
            return np.asarray(Z, dtype=float)
        with np.errstate(all="ignore"):
            return np.log10(np.maximum(np.asarray(Z, dtype=float) - self.shift, 1e-300))

    def displayed(self, f: float) -> float:
        """The colour-scale value of one surface value ``f``."""
        if self.log:
            return math.log10(max(f - self.shift, 1e-300))
        return f


def _finite(Z: np.ndarray) -> np.ndarray:
    """``Z`` with non-finite values replaced by the largest finite one (0 if none)."""
    Z = np.asarray(Z, dtype=float)
    ok = np.isfinite(Z)
    top = float(Z[ok].max()) if ok.any() else 0.0
    return np.where(ok, Z, top)


def colour_scale(Z: np.ndarray, log: bool | str = False) -> ColourScale:
    """The colour scale of the values ``Z`` (``log``: True, False or "auto")."""
    Z = _finite(Z)
    zmin, zmax = float(Z.min()), float(Z.max())
    if log == "auto":
        g = Z - zmin
        log = bool(zmax > zmin and np.percentile(g, 90)
                   > WIDE_RATIO * max(float(np.percentile(g, 10)), 1e-300))
    if log and zmax > zmin:
        shift = zmin - max((zmax - zmin) * 1e-4, 1e-12)
        lo, hi = math.log10(zmin - shift), math.log10(zmax - shift)
        return ColourScale(True, shift, lo, hi)
    return ColourScale(False, 0.0, zmin, zmax if zmax > zmin else zmin + 1.0)


@dataclass(frozen=True)
class ContourLines:
    """Vertices of all iso-lines; ``connect[i]`` joins vertex i to i+1 (pyqtgraph's form)."""

    x: np.ndarray
    y: np.ndarray
    connect: np.ndarray

    def with_breaks(self) -> tuple[np.ndarray, np.ndarray]:
        """The same lines as x, y with a NaN after every line (for ``connect="finite"``)."""
        cut = np.flatnonzero(~self.connect) + 1
        return (np.insert(self.x, cut, np.nan), np.insert(self.y, cut, np.nan))


def contour_lines(xs, ys, W: np.ndarray, levels: int = LEVELS) -> ContourLines:
    """Iso-lines of ``W[iy, ix]`` at ``levels`` evenly spaced values strictly inside its range."""
    lo, hi = float(np.min(W)), float(np.max(W))
    empty = ContourLines(np.zeros(0), np.zeros(0), np.zeros(0, dtype=bool))
    if not hi > lo:
        return empty
    gen = contourpy.contour_generator(xs, ys, W, line_type="ChunkCombinedOffset", name="serial")
    px, py, conn = [], [], []
    for level in np.linspace(lo, hi, levels + 2)[1:-1]:
        points_chunks, offset_chunks = gen.lines(level)
        for pts, offs in zip(points_chunks, offset_chunks):
            if pts is None or offs is None:
                continue
            for a, b in zip(offs[:-1], offs[1:]):
                if b - a < 2:
                    continue
                px.append(pts[a:b, 0])
                py.append(pts[a:b, 1])
                c = np.ones(b - a, dtype=bool)
                c[-1] = False
                conn.append(c)
    if not px:
        return empty
    return ContourLines(np.concatenate(px), np.concatenate(py), np.concatenate(conn))


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_value(v: float) -> str:
    """3-4 significant digits; exact large or tiny powers of ten as 10⁴, 10⁻⁵."""
    if v != 0 and not (1e-3 <= abs(v) < 1e4):
        k = round(math.log10(abs(v)))
        if math.isclose(abs(v), 10.0**k, rel_tol=1e-9):
            return ("−" if v < 0 else "") + "10" + str(k).translate(_SUPERSCRIPT)
    return f"{v:.4g}"


def log_ticks(scale: ColourScale) -> tuple[tuple[float, str], ...]:
    """Colour-bar ticks of a log scale at round surface values (0, 1, 10, 100, … and the
    minimum): (colour value, label in f)."""
    lo, hi, shift = scale.lo, scale.hi, scale.shift
    cands = {0.0, float(f"{shift + 10**lo:.2g}")} | {10.0**k for k in range(-8, 13)}
    out: list[tuple[float, str]] = []
    for f in sorted(cands, reverse=True):
        if f <= shift:
            continue
        pos = math.log10(f - shift)
        if lo - 1e-9 <= pos <= hi + 1e-9 and all(abs(pos - p) >= 0.45 for p, _ in out):
            out.append((pos, format_value(f)))
    if len(out) < 2:  # narrow range: label the ends
        out = [(lo, format_value(shift + 10**lo)), (hi, format_value(shift + 10**hi))]
    return tuple(sorted(out))


@dataclass(frozen=True)
class Field:
    """A heat map ready to draw: ``image[ix, iy]`` (column-major, as pyqtgraph wants) holds
    the colour values over ``xs`` x ``ys``; ``contours`` are in the same coordinates."""

    xs: np.ndarray
    ys: np.ndarray
    Z: np.ndarray  # raw values Z[iy, ix]
    image: np.ndarray  # colour values, image[ix, iy]
    scale: ColourScale
    contours: ContourLines
    ticks: tuple[tuple[float, str], ...]  # colour-bar ticks for a log scale, () for linear

    @property
    def color_range(self) -> tuple[float, float]:
        return self.scale.lo, self.scale.hi


def field_from_values(xs, ys, Z: np.ndarray, log: bool | str = False,
                      levels: int = LEVELS) -> Field:
    """The field of values ``Z[iy, ix]`` already computed on the grid ``xs`` x ``ys``."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    scale = colour_scale(Z, log)
    W = scale.apply(_finite(Z))
    lines = contour_lines(xs, ys, W, levels)
    ticks = log_ticks(scale) if scale.log else ()
    image = np.ascontiguousarray(W.T)
    for a in (xs, ys, image, lines.x, lines.y, lines.connect):
        a.setflags(write=False)
    return Field(xs, ys, np.asarray(Z), image, scale, lines, ticks)


def surface_field(surface, n: int = GRID, levels: int = LEVELS) -> Field:
    """The field of a 2-D surface over its plotting bounds (log colour if ``surface.log_color``)."""
    xs, ys, Z = value_grid(surface, n)
    return field_from_values(xs, ys, Z, bool(surface.log_color), levels)
