"""What the N-D Lab computes, as plain functions on immutable requests (no Qt here).

:func:`compute_runs` turns a :class:`RunRequest` into a :class:`RunResult`: the
trajectories, the plane, the paths projected on it (with their distance from
it), the loss on that same plane with contour lines, distances to the nearest
minimum, the stability limit and, for the quadratic, the theory rates, and what the
figure sets for all that (:func:`app.nd_lab.prepare.prepare_drawing`).
:func:`compute_spectrum` gives the Hessian spectrum at one point.  The widget
runs both in a worker thread (``worker.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from optim_lab import Optimizer, Trajectory, get_surface, lambda_max, run_many
from optim_lab.field import ContourLines, field_from_values
from optim_lab.planes import (
    ConvergenceRate,
    HessianSpectrum,
    Plane,
    PlaneGrid,
    Projection,
    convergence_rate,
    distance_to_minimum,
    hessian_spectrum,
    make_plane,
    plane_extent,
    plane_grid,
    project,
    quadratic_theory,
)
from optim_lab.surfaces import Surface

from .plane_render import PlaneTarget, render_plane
from .prepare import Drawing, prepare_drawing

GRID = 128
MAX_RECORDED = 30_000_000  # floats of recorded points per request (240 MB)


@dataclass(frozen=True)
class SurfaceSpec:
    name: str
    dim: int
    params: tuple[tuple[str, object], ...] = ()

    def build(self) -> Surface:
        return _surface(self)


@lru_cache(maxsize=8)
def _surface(spec: SurfaceSpec) -> Surface:
    return get_surface(spec.name, dim=spec.dim, **dict(spec.params))


@lru_cache(maxsize=32)
def _lambda_max(spec: SurfaceSpec, point: tuple[float, ...]) -> float:
    """λ_max at a point, cached: the nearest minimum rarely changes between requests."""
    return lambda_max(spec.build(), np.asarray(point))


@dataclass(frozen=True)
class StartSpec:
    """``random``: uniform in ``spread`` x the plotting box around its centre (seeded);
    ``constant``: every coordinate equal to ``value``."""

    mode: str = "random"
    seed: int = 0
    spread: float = 0.5
    value: float = 1.0

    def point(self, surface: Surface) -> np.ndarray:
        if self.mode == "constant":
            return np.full(surface.dim, float(self.value))
        rng = np.random.default_rng(int(self.seed))
        half = 0.5 * (surface.bounds[:, 1] - surface.bounds[:, 0])
        return surface.center + self.spread * half * rng.uniform(-1.0, 1.0, surface.dim)


@dataclass(frozen=True)
class PlaneSpec:
    mode: str = "pca"
    i: int = 0
    j: int = 1
    seed: int = 0


@dataclass(frozen=True)
class RunRequest:
    generation: int
    surface: SurfaceSpec
    start: StartSpec
    steps: int
    runs: tuple[tuple[object, Optimizer], ...]  # (row key, optimizer)
    plane: PlaneSpec
    grid: int = GRID
    target: PlaneTarget | None = None  # the plane view to paint the result's layers for


@dataclass
class RunResult:
    generation: int
    request: RunRequest
    error: str | None = None
    start: np.ndarray | None = None
    keys: list = field(default_factory=list)
    trajectories: list[Trajectory] = field(default_factory=list)
    plane: Plane | None = None
    projections: list[Projection] = field(default_factory=list)
    grid: PlaneGrid | None = None
    image: np.ndarray | None = None  # heatmap colour values [iv, iu] (log10(f − f_min + δ) if log)
    log_scale: bool = False
    contours: ContourLines | None = None
    minima_uv: np.ndarray | None = None  # (m, 3): u, v, distance from the plane
    saddles_uv: np.ndarray | None = None  # the same for known saddles
    distances: list[np.ndarray | None] = field(default_factory=list)
    f_star: float | None = None
    lam_max: float | None = None
    lam_point: str = ""  # "minimum" or "start"
    theory: dict | None = None
    rates: list[ConvergenceRate | None] = field(default_factory=list)
    drawing: Drawing | None = None  # what the figure sets, prepared here (``prepare.py``)


def compute_runs(req: RunRequest) -> RunResult:
    """Everything the workspace draws for one request; bad input gives ``error``."""
    out = RunResult(req.generation, req)
    values = len(req.runs) * (req.steps + 1) * req.surface.dim
    if values > MAX_RECORDED:
        out.error = (f"{len(req.runs)} runs x {req.steps} steps x {req.surface.dim} coordinates "
                     f"is {values:.3g} recorded values (at most {MAX_RECORDED:.0e}, about "
                     f"{MAX_RECORDED * 8 / 1e6:.0f} MB); use fewer steps, runs or dimensions")
        return out
    try:
        surface = req.surface.build()
        x0 = req.start.point(surface)
        opts = [o for _, o in req.runs]
        trajs = run_many(surface, opts, x0, req.steps) if opts else []
    except ValueError as exc:
        out.error = str(exc)
        return out
    out.start, out.keys, out.trajectories = x0, [k for k, _ in req.runs], trajs
    p = req.plane
    # A run that diverged would own the PCA plane and the view with its runaway
    # steps; frame the runs that stayed finite (if any), and clip the others.
    framed = [t for t in trajs if t.status != "diverged"] or trajs
    try:
        plane = make_plane(p.mode, x0, [t.points for t in framed], coords=(p.i, p.j),
                           seed=p.seed)
    except ValueError as exc:
        out.error = str(exc)
        return out
    out.plane = plane
    out.projections = [project(plane, t.points) for t in trajs]
    ext = plane_extent([pr.coords for pr, t in zip(out.projections, trajs) if t in framed],
                       min_half=0.25 * float(np.min(surface.bounds[:, 1] - surface.bounds[:, 0])))
    out.grid = plane_grid(surface, plane, ext, req.grid)
    # The same grid -> colour scale -> contours pipeline as the Surface Lab (optim_lab.field).
    heat = field_from_values(out.grid.us, out.grid.vs, out.grid.Z,
                             True if surface.log_color else "auto")
    out.image, out.log_scale, out.contours = heat.image.T, heat.scale.log, heat.contours
    out.minima_uv = _critical_on_plane(surface.minima, plane, ext)
    out.saddles_uv = _critical_on_plane(surface.saddles, plane, ext)
    out.distances = [distance_to_minimum(surface, t.points) for t in trajs]
    g = surface.global_minima
    out.f_star = min(c.value for c in g) if g else None
    near = surface.nearest(x0, "minimum")
    point = near.as_array() if near is not None else x0
    out.lam_point = "minimum" if near is not None else "start"
    lam = _lambda_max(req.surface, tuple(map(float, point)))
    out.lam_max = lam if np.isfinite(lam) else None
    out.theory = quadratic_theory(surface)
    if out.theory is not None:
        out.rates = [convergence_rate(t.losses, 0.0) if t.status != "diverged" else None
                     for t in trajs]
    else:
        out.rates = [None] * len(trajs)
    out.drawing = prepare_drawing(out)
    if req.target is not None and out.drawing is not None:
        try:
            images = render_plane(out.drawing, out.contours, req.target)
        except (ValueError, MemoryError):  # the GUI thread paints the layers then
            images = None
        out.drawing = replace(out.drawing, images=images)
    return out


def _critical_on_plane(points, plane: Plane, ext) -> np.ndarray:
    """Known critical points whose projection falls in the view: (u, v, distance off the plane)."""
    if not points:
        return np.zeros((0, 3))
    pr = project(plane, np.array([c.point for c in points]))
    u0, u1, v0, v1 = ext
    uv = pr.coords
    keep = (uv[:, 0] >= u0) & (uv[:, 0] <= u1) & (uv[:, 1] >= v0) & (uv[:, 1] <= v1)
    return np.column_stack([uv[keep], pr.residuals[keep]])


@dataclass(frozen=True)
class SpectrumRequest:
    generation: int
    surface: SurfaceSpec
    point: tuple[float, ...]
    step: int
    label: str


@dataclass
class SpectrumResult:
    request: SpectrumRequest
    spectrum: HessianSpectrum | None = None
    error: str | None = None


def compute_spectrum(req: SpectrumRequest) -> SpectrumResult:
    try:
        spec = hessian_spectrum(req.surface.build(), np.asarray(req.point))
    except (ValueError, np.linalg.LinAlgError) as exc:
        return SpectrumResult(req, None, str(exc))
    return SpectrumResult(req, spec)
