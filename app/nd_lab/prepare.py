"""What the N-D figure draws for a result, prepared in the worker thread (numpy only, no Qt).

A new result used to cost the GUI thread the projection clipping of every path (twice:
the faded path and its in-plane overlay), the log-axis filtering of every curve, the
theory lines and the heat map's levels.  :func:`prepare_drawing` does all of that next
to :func:`app.nd_lab.compute.compute_runs`, so showing a result is ``setData`` of
ready arrays.  The figure calls the same function itself for a result that arrives
without it (a result built by hand), so both ways draw the same data.

- Heat map: levels ``(lo, hi)`` = the image's min and max (``hi = lo + 1`` when flat),
  placed on the rectangle ``[u0, u1] x [v0, v1]`` of the grid.
- Paths: each projected path clipped to the view's box (the grid's extent, which is
  the range the plane view is set to) by :func:`app.widgets.clipping.clip_polyline`,
  and the in-plane overlay: the segments i -> i+1 whose two ends lie within
  ``IN_PLANE`` x the view's size of the plane, clipped to the same box.
- Curves: step k against f_k − f* (or f_k when f* is unknown), ‖∇f_k‖ and the distance
  to the nearest minimum, keeping only the values a log axis can show (> floor).
- Theory lines: f_0 ρ^(2k) down to a tenth of the lowest loss reached (clamped at
  ``FLOOR``), for GD and momentum at their best settings.

Paths, curves and theory lines keep only the vertices :mod:`app.nd_lab.simplify` needs to
stay within an eighth of a device pixel of the full polyline in a view that shows it
whole (what the figure shows after a result): Qt strokes the figure's wide pens at a cost
proportional to the vertices.  A zoomed plane view clips the full paths again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..widgets.clipping import Box, ClippedPath, clip_polyline, padded_box
from .simplify import keep_mask, simplify

FLOOR = 1e-300  # log axes: exact zeros are drawn at the floor, never as -inf
IN_PLANE = 0.01  # a path point within 1 % of the view's size from the plane is drawn solid
THEORY = ("gd", "momentum")

XY = tuple[np.ndarray, np.ndarray]
Drawn = tuple[np.ndarray, np.ndarray, "np.ndarray | str"]  # x, y, connect (pyqtgraph's)


def positive(x: np.ndarray, y: np.ndarray, floor: float) -> XY:
    """The points a log axis can show: y > floor (a curve that reaches 0 just ends)."""
    keep = y > floor
    return x[keep], y[keep]


@dataclass(frozen=True, eq=False)
class RunDrawing:
    """One run as drawn: its clipped path (``clipped``: markers and exits per step) and the
    vertices drawn for it and its in-plane overlay, and its three curves (simplified)."""

    clipped: ClippedPath
    path: Drawn
    solid: Drawn
    loss: XY
    grad: XY
    dist: XY


@dataclass(frozen=True, eq=False)
class TheoryLine:
    name: str  # "gd" or "momentum"
    rate: float  # ρ per step of the loss's square root
    k: np.ndarray
    f: np.ndarray


@dataclass(frozen=True, eq=False)
class Drawing:
    """Everything the figure sets for one result, in the order of ``result.keys``."""

    extent: tuple[float, float, float, float]  # u0, u1, v0, v1: the heat map's rectangle
    levels: tuple[float, float]
    image_xy: np.ndarray  # the heat map in pyqtgraph's (x, y) order, C-contiguous
    box: Box  # what the paths are clipped to: the view's range after the result is shown
    runs: tuple[RunDrawing, ...]
    theory: tuple[TheoryLine, ...]
    steps: int  # the curves' x range is 0 … steps
    source: tuple = ()  # the result's parts it was made from (see :func:`drawing_for`)
    # the plane's field and path layers painted in the worker for the view the request
    # named (:func:`app.nd_lab.plane_render.render_plane`), or None
    images: object = None


def view_box(us: np.ndarray, vs: np.ndarray) -> Box:
    """The plane view's range for a grid (the view is set to the grid's extent, no padding)."""
    return padded_box((float(us[0]), float(us[-1])), (float(vs[0]), float(vs[-1])))


def clip_run(coords: np.ndarray, residuals: np.ndarray, box: Box,
             near: float) -> tuple[ClippedPath, ClippedPath]:
    """The path clipped to ``box`` and its overlay: segments with both ends within ``near``
    of the plane."""
    on = residuals <= near
    pairs = np.append(on[:-1] & on[1:], False)  # connect point i to i+1
    return clip_polyline(coords, box), clip_polyline(coords, box, connect=pairs)


def simplified_paths(path: ClippedPath, solid: ClippedPath, box: Box) -> tuple[Drawn, Drawn]:
    """What the path items draw for a view showing ``box`` whole (:mod:`.simplify`)."""
    scale = (box[1] - box[0], box[3] - box[2])
    x, y, conn = path.drawn()
    x, y, c = simplify(x, y, scale, connect=None if isinstance(conn, str) else conn)
    sx, sy, sc = simplify(solid.x, solid.y, scale, connect=solid.connect)
    return (x, y, conn if c is None else c), (sx, sy, sc)


def simplified_curve(xy: XY, log_y: bool) -> XY:
    """A curve's vertices for a view that shows it whole (y compared in log10 on a log
    axis); its lowest and highest points stay, so the view's auto-range is the same."""
    x, y = xy
    if len(x) < 3:
        return x, y
    ty = np.log10(y) if log_y else y
    keep = keep_mask(x, ty, (float(np.ptp(x)), float(np.ptp(ty))), keep_extremes=True)
    return x[keep], y[keep]


def in_plane_distance(us: np.ndarray, vs: np.ndarray) -> float:
    return IN_PLANE * max(float(us[-1] - us[0]), float(vs[-1] - vs[0]))


def _curves(traj, dist, f_star: float | None) -> tuple[XY, XY, XY]:
    x = np.arange(len(traj.losses), dtype=float)
    if f_star is None:
        loss = (x, np.asarray(traj.losses, dtype=float))
    else:  # f − f* below rounding of f* is noise (and exact zeros have no log)
        loss = positive(x, traj.losses - f_star, max(FLOOR, 1e-15 * abs(f_star)))
    grad = positive(x, traj.grad_norms, FLOOR)
    empty = np.zeros(0)
    d = (empty, empty) if dist is None else positive(x, dist, FLOOR)
    return loss, grad, d


def theory_lines(theory: dict | None, trajectories, steps: int) -> tuple[TheoryLine, ...]:
    if theory is None or not trajectories:
        return ()
    f0 = float(trajectories[0].losses[0])
    # Down to the lowest loss a run reached: the lines show slopes, not a new y-range.
    low = min(float(np.min(t.losses)) for t in trajectories)
    low = max(low, FLOOR) * 0.1
    out = []
    for name in THEORY:
        rho = float(theory[f"{name}_rate"])
        kmax = steps
        if 0 < rho < 1 and f0 > low:
            kmax = min(kmax, int(np.ceil(np.log(low / f0) / (2 * np.log(rho)))))
        k = np.arange(kmax + 1, dtype=float)
        k, f = simplified_curve((k, np.maximum(f0 * rho ** (2 * k), FLOOR)), True)
        out.append(TheoryLine(name, rho, k, f))
    return tuple(out)


def _source(res) -> tuple:
    return (res.grid, res.image, res.plane, res.f_star, res.theory, res.request,
            *res.trajectories, *res.projections, *res.distances)


def drawing_for(res) -> Drawing | None:
    """``res.drawing`` when it was made from ``res``'s current parts, else a new one (a
    result edited with ``dataclasses.replace`` keeps the drawing of the original)."""
    d = res.drawing
    src = _source(res)
    if d is not None and len(d.source) == len(src) and all(
            a is b for a, b in zip(d.source, src)):
        return d
    return prepare_drawing(res)


def prepare_drawing(res) -> Drawing | None:
    """The figure's data for ``res`` (a :class:`~app.nd_lab.compute.RunResult`), or None
    when it has no plane to draw."""
    g = res.grid
    if g is None or res.image is None:
        return None
    u0, u1, v0, v1 = float(g.us[0]), float(g.us[-1]), float(g.vs[0]), float(g.vs[-1])
    lo, hi = float(np.min(res.image)), float(np.max(res.image))
    if not hi > lo:
        hi = lo + 1.0
    box = view_box(g.us, g.vs)
    near = in_plane_distance(g.us, g.vs)
    runs = []
    dists = res.distances or [None] * len(res.trajectories)
    for traj, pr, dist in zip(res.trajectories, res.projections, dists):
        path, solid = clip_run(pr.coords, pr.residuals, box, near)
        drawn, drawn_solid = simplified_paths(path, solid, box)
        loss, grad, d = _curves(traj, dist, res.f_star)
        runs.append(RunDrawing(path, drawn, drawn_solid,
                               simplified_curve(loss, res.f_star is not None),
                               simplified_curve(grad, True), simplified_curve(d, True)))
    steps = max(1, int(res.request.steps))
    return Drawing((u0, u1, v0, v1), (lo, hi), np.ascontiguousarray(res.image.T), box,
                   tuple(runs), theory_lines(res.theory, res.trajectories, steps), steps,
                   _source(res))
