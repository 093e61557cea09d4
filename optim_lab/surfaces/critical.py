"""Critical points of a 2-D surface in a box: multi-start Newton on the gradient.

Newton's method on ∇f(p) = 0, ``p ← p − H(p)⁻¹ ∇f(p)``, converges to *any*
nearby critical point (minimum, saddle or maximum), quadratically where H is
non-singular.  Started from an n × n grid of cell centres it finds the isolated
critical points of a smooth function in the box; the found points are
deduplicated and classified by the signs of the Hessian's eigenvalues.

A degenerate point (an eigenvalue ≈ 0, e.g. the monkey saddle x³ − 3xy² at the
origin) is classified by sampling f on a small circle around it: values on both
sides of f(p) make it a saddle, all above a minimum, all below a maximum.
Points on a curve of critical points (f = x², the whole line x = 0) are not
isolated and are counted, not listed.

The search is bounded: a fixed number of starts and iterations, all batched in
numpy, stopped early after ``seconds`` of this thread's CPU time (CPU, not wall
time: a busy machine must not change what is found).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from .base import CriticalPoint, Surface, classify_eigenvalues

__all__ = ["FoundCriticalPoint", "CriticalSearch", "find_critical_points"]

KINDS = ("minimum", "saddle", "maximum")


@dataclass(frozen=True)
class FoundCriticalPoint:
    """A critical point found numerically, with its Hessian eigenvalues (ascending)."""

    point: tuple[float, float]
    value: float
    kind: str  # minimum | saddle | maximum
    eigenvalues: tuple[float, float]
    degenerate: bool  # an eigenvalue ≈ 0: kind decided by sampling f around the point
    is_global: bool = False  # the lowest minimum found in the box

    def as_critical_point(self) -> CriticalPoint:
        return CriticalPoint(self.point, self.value, self.kind, is_global=self.is_global)

    def to_dict(self) -> dict:
        return {
            "point": list(self.point), "value": self.value, "kind": self.kind,
            "hessian_eigenvalues": list(self.eigenvalues), "degenerate": self.degenerate,
            "global_minimum_in_range": self.is_global,
        }


@dataclass(frozen=True)
class CriticalSearch:
    """What the search found: isolated points, plus a count of non-isolated ones."""

    points: tuple[FoundCriticalPoint, ...]
    non_isolated: int  # converged starts that sit on a curve of critical points
    starts: int
    complete: bool  # False if the time budget stopped it early


def _solve_2x2(H: np.ndarray, G: np.ndarray) -> np.ndarray:
    """H⁻¹g per row by Cramer's rule; NaN rows where H is singular."""
    a, b, d = H[:, 0, 0], H[:, 0, 1], H[:, 1, 1]
    det = a * d - b * b
    with np.errstate(all="ignore"):
        return np.column_stack([(d * G[:, 0] - b * G[:, 1]) / det,
                                (a * G[:, 1] - b * G[:, 0]) / det])


def _newton(surface: Surface, P: np.ndarray, iters: int, max_step: float,
            deadline: float) -> tuple[np.ndarray, bool]:
    """Batched Newton iterations; rows that fail (singular, non-finite) are frozen as NaN."""
    complete = True
    with np.errstate(all="ignore"):
        for _ in range(iters):
            if time.thread_time() > deadline:
                complete = False
                break
            live = np.isfinite(P).all(axis=1)
            if not live.any():
                break
            Q = P[live]
            G = surface.grad(Q)
            H = surface.hessian(Q)
            dx = _solve_2x2(H, G)
            bad = ~np.isfinite(dx).all(axis=1)
            # singular H (a line of critical points, a flat region): least-squares step
            fixable = bad & np.isfinite(H).all(axis=(1, 2)) & np.isfinite(G).all(axis=1)
            if fixable.any():
                dx[fixable] = np.einsum("bij,bj->bi", np.linalg.pinv(H[fixable]), G[fixable])
            dx[~np.isfinite(dx).all(axis=1)] = 0.0
            n = np.linalg.norm(dx, axis=1)
            over = n > max_step
            dx[over] *= (max_step / n[over])[:, None]
            Q = Q - dx
            Q[bad & ~np.isfinite(G).all(axis=1)] = np.nan
            P[live] = Q
    return P, complete


def _value(surface: Surface, p) -> float:
    with np.errstate(all="ignore"):
        return float(surface.value(np.asarray(p, dtype=float)[None, :])[0])


def _kind_by_sampling(surface: Surface, p: np.ndarray, radius: float) -> str | None:
    """minimum / maximum / saddle from f on a circle around p; None if f is flat there."""
    ang = np.linspace(0.0, 2 * math.pi, 48, endpoint=False)
    ring = p + radius * np.column_stack([np.cos(ang), np.sin(ang)])
    with np.errstate(all="ignore"):
        d = surface.value(ring) - _value(surface, p)
    if not np.all(np.isfinite(d)):
        return None
    tol = 1e-12 * max(1.0, abs(_value(surface, p)))
    above, below = np.any(d > tol), np.any(d < -tol)
    if above and below:
        return "saddle"
    if np.all(d > tol):
        return "minimum"
    if np.all(d < -tol):
        return "maximum"
    return None  # flat in some direction: not an isolated critical point


def find_critical_points(surface: Surface, bounds: np.ndarray | None = None, grid: int = 16,
                         iters: int = 60, seconds: float = 0.5,
                         max_points: int = 60) -> CriticalSearch:
    """Isolated critical points of a 2-D ``surface`` inside ``bounds`` (default its box).

    Newton from ``grid``² cell centres, at most ``iters`` steps each (each step
    capped at a tenth of the box diagonal); a point counts if ‖∇f‖ is tiny
    relative to the gradient scale in the box and Newton's next step is tiny.
    Duplicates (closer than 1e-6 of the box diagonal) are merged.
    """
    if surface.dim != 2:
        raise ValueError("find_critical_points works on 2-D surfaces")
    b = surface.bounds if bounds is None else np.asarray(bounds, dtype=float)
    deadline = time.thread_time() + seconds
    diag = float(np.hypot(*(b[:, 1] - b[:, 0])))
    u = (np.arange(grid) + 0.5) / grid
    XX, YY = np.meshgrid(b[0, 0] + u * (b[0, 1] - b[0, 0]), b[1, 0] + u * (b[1, 1] - b[1, 0]))
    starts = np.column_stack([XX.ravel(), YY.ravel()])
    with np.errstate(all="ignore"):
        G0 = surface.grad(starts)
    gscale = float(np.nanmax(np.linalg.norm(np.where(np.isfinite(G0), G0, np.nan), axis=1),
                             initial=0.0)) if np.isfinite(G0).any() else 1.0
    P, complete = _newton(surface, starts.copy(), iters, 0.1 * diag, deadline)
    pad = 1e-9 * diag
    inside = (np.isfinite(P).all(axis=1) & (P[:, 0] >= b[0, 0] - pad) & (P[:, 0] <= b[0, 1] + pad)
              & (P[:, 1] >= b[1, 0] - pad) & (P[:, 1] <= b[1, 1] + pad))
    P = P[inside]
    with np.errstate(all="ignore"):
        G = surface.grad(P) if len(P) else np.zeros((0, 2))
        H = surface.hessian(P) if len(P) else np.zeros((0, 2, 2))
    gn = np.linalg.norm(G, axis=1)
    newton_step = np.linalg.norm(_solve_2x2(H, G), axis=1)
    g_tiny = np.isfinite(gn) & (gn <= 1e-6 * max(1.0, gscale))
    singular = ~np.isfinite(newton_step)
    ok = g_tiny & np.where(singular, gn <= 1e-12 * max(1.0, gscale), newton_step <= 1e-7 * diag)
    P, H = P[ok], H[ok]
    found: list[FoundCriticalPoint] = []
    kept: list[np.ndarray] = []
    non_isolated = 0
    merge = 1e-6 * diag
    for p, h in zip(P, H):
        if kept and np.min(np.linalg.norm(np.asarray(kept) - p, axis=1)) <= merge:
            continue
        if time.thread_time() > deadline:
            complete = False
            break
        kept.append(p)
        eig = np.linalg.eigvalsh(h) if np.all(np.isfinite(h)) else np.array([np.nan, np.nan])
        kind = classify_eigenvalues(eig, tol=1e-6)
        degenerate = kind not in KINDS
        if degenerate:
            kind = _kind_by_sampling(surface, p, 1e-3 * diag)
            if kind is None:
                non_isolated += 1
                continue
        found.append(FoundCriticalPoint((float(p[0]), float(p[1])), _value(surface, p), kind,
                                        (float(eig[0]), float(eig[1])), degenerate))
    found = _flag_global(found)
    if len(found) > max_points:  # keep the lowest minima and the saddles nearest them
        order = sorted(found, key=lambda c: (KINDS.index(c.kind), c.value))
        found = order[:max_points]
        complete = False
    return CriticalSearch(tuple(found), non_isolated, len(starts), complete)


def _flag_global(found: list[FoundCriticalPoint]) -> list[FoundCriticalPoint]:
    mins = [c.value for c in found if c.kind == "minimum"]
    if not mins:
        return found
    best = min(mins)
    tol = 1e-9 * (1 + abs(best))
    return [
        FoundCriticalPoint(c.point, c.value, c.kind, c.eigenvalues, c.degenerate,
                           is_global=c.kind == "minimum" and c.value <= best + tol)
        for c in found
    ]
