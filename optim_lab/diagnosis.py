"""Where a run ended and what that means: the diagnosis and the status.

- ``near_critical_flags``: per point, whether the run sits near a known saddle or
  maximum, or near a critical point (short Newton step ‖H⁻¹g‖) with negative
  curvature;
- ``end_diagnosis``: Hessian class at the end, the known minimum reached, the
  known saddle or maximum it sits near, the escape direction;
- ``decide_status``: converged / diverged / stalled / max_steps / not_moving;
- ``settled_center``: where a noisy run settled (the mean of its last iterates) and
  the radius of its noise ball.

The known minimum reached may be a listed one or a point of a continuum of minima
(``Surface.minimum_near``: the catapult's hyperbola uv = 1, named by its sharpness).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .row_distances import last_farther_than
from .run_settings import HESSIAN_MAX_DIM, STALL_HESSIAN_MAX_DIM, RunSettings
from .surfaces import CriticalPoint, Surface, classify_eigenvalues

__all__ = ["EndDiagnosis", "decide_status", "end_diagnosis", "near_critical_flags"]

STALL_KINDS = ("saddle", "maximum")  # known points a run can stall at


@dataclass(frozen=True)
class EndDiagnosis:
    """Where a run ended: Hessian class, nearest known minimum, escape direction."""

    classification: str  # minimum | saddle | maximum | degenerate | unknown
    eigenvalues: tuple[float, ...] | None = None
    escape_direction: tuple[float, ...] | None = None
    nearest_minimum: CriticalPoint | None = None
    is_global: bool | None = None
    saddle: CriticalPoint | None = None  # known saddle the run sat near, if any
    critical_point: CriticalPoint | None = None  # known saddle or maximum it sat near


def _lowest_eigenvalues(H: np.ndarray) -> np.ndarray:
    """Smallest eigenvalue of each symmetric matrix; closed form for 2 x 2."""
    if H.shape[1] == 2:
        a, b, c = H[:, 0, 0], H[:, 0, 1], H[:, 1, 1]
        return 0.5 * (a + c) - np.hypot(0.5 * (a - c), b)
    return np.linalg.eigvalsh(H)[:, 0]


def _newton_distance(H: np.ndarray, G: np.ndarray) -> np.ndarray:
    """‖H⁻¹g‖ per point: how far the quadratic model puts the nearest critical point.

    A small gradient alone is no evidence of a critical point (a plateau's tail or
    a valley floor has one too); a short Newton step is.  Singular H: pseudo-inverse.

    2 x 2 (every interactive run ends here, often twice): the adjugate,
    H⁻¹g = (h11 g1 − h12 g2, −h21 g1 + h00 g2) / det with det = h00 h11 − h01 h10,
    where |det| > 1e-8 (Σ|h_ij|)² bounds the condition number by 1e8 (|λ_max| ≤ Σ|h_ij|,
    so |λ_min| = |det| / |λ_max| > 1e-8 |λ_max|): there the pseudo-inverse (cut-off
    1e-15 |λ_max|) is the inverse, and both agree to ~1e-8 relative.  Other rows (near
    singular, non-finite) take ``np.linalg.pinv`` as before.
    """
    if H.ndim == 3 and H.shape[1:] == (2, 2) and len(H):
        with np.errstate(all="ignore"):
            a, b, c, d = H[:, 0, 0], H[:, 0, 1], H[:, 1, 0], H[:, 1, 1]
            g1, g2 = G[:, 0], G[:, 1]
            det = a * d - b * c
            size = np.abs(a) + np.abs(b) + np.abs(c) + np.abs(d)
            direct = np.isfinite(det) & (np.abs(det) > ADJUGATE_MIN_DET * size * size)
            out = np.hypot((d * g1 - b * g2) / det, (a * g2 - c * g1) / det)
        if not direct.all():
            rest = ~direct
            out[rest] = _pinv_distance(H[rest], G[rest])
        return out
    return _pinv_distance(H, G)


ADJUGATE_MIN_DET = 1e-8  # relative |det| above which a 2 x 2 Newton step uses the adjugate


def _pinv_distance(H: np.ndarray, G: np.ndarray) -> np.ndarray:
    """‖pinv(H) g‖ per point (any dimension)."""
    with np.errstate(all="ignore"):
        return np.linalg.norm(np.einsum("bij,bj->bi", np.linalg.pinv(H), G), axis=1)


def near_critical_flags(surface: Surface, pts, gnorms, settings: RunSettings):
    """Per point: within reach of a known saddle or maximum, or near a critical point
    (short Newton step) where the Hessian has negative curvature.

    Returns the flags and, per point, the index of the nearest known saddle or
    maximum in ``surface.nearest_critical(.., STALL_KINDS)``'s list (-1: none known).
    """
    radius = settings.saddle_radius * surface.scale
    _, nearest, dist = surface.nearest_critical(pts, STALL_KINDS)
    flags = dist <= radius
    if surface.dim <= STALL_HESSIAN_MAX_DIM:
        tiny = max(settings.small_grad * float(gnorms[0]), 1e-12)
        cand = np.flatnonzero((gnorms <= tiny) & ~flags)
        if cand.size:
            H = surface.hessian(pts[cand])
            lam_min = _lowest_eigenvalues(H)
            neg = lam_min < -1e-8 * np.maximum(1.0, np.abs(lam_min))
            cand, H = cand[neg], H[neg]
            if cand.size:
                dist = _newton_distance(H, surface.grad(pts[cand]))
                cand = cand[dist <= radius]
                if surface.minimum_set is not None:  # a hair off a curve of minima the
                    cand = _off_minimum_set(surface, pts, cand, settings)  # Hessian has λ < 0
                flags[cand] = True
    return flags, nearest


def _off_minimum_set(surface: Surface, pts, cand: np.ndarray, settings: RunSettings):
    """The candidates farther than the reach from the surface's continuum of minima."""
    if not cand.size:
        return cand
    P = pts[cand]
    with np.errstate(all="ignore"):
        dist = np.linalg.norm(surface.minimum_set(P) - P, axis=1)
    return cand[~(dist <= settings.reach * surface.scale)]  # NaN (no projection): far


def end_diagnosis(surface: Surface, pts, gnorms, diverged, settings, flags, nearest_critical):
    if diverged is not None:
        return EndDiagnosis("unknown")
    end = pts[-1]
    eig = vec = None
    cls = "unknown"
    if surface.dim <= HESSIAN_MAX_DIM:
        H = surface.hessian(end[None, :])
        eig, V = np.linalg.eigh(H[0])
        at_critical = gnorms[-1] == 0.0 or (
            _newton_distance(H, surface.grad(end[None, :]))[0] <= settings.reach * surface.scale
        )
        if at_critical:
            cls = classify_eigenvalues(eig)
        if eig[0] < -1e-8 * max(1.0, abs(eig[0])):
            vec = V[:, 0]
    known = None
    if flags[-1] and nearest_critical[-1] >= 0:
        cands = surface.nearest_critical(end[None, :], STALL_KINDS)[0]
        near = cands[int(nearest_critical[-1])]
        if np.linalg.norm(end - near.as_array()) <= settings.saddle_radius * surface.scale:
            known = near
            if cls in ("unknown", "degenerate"):
                cls = near.kind  # a tabulated kind beats an inconclusive Hessian (monkey saddle)
            if vec is None and surface.dim <= HESSIAN_MAX_DIM:
                e2, V2 = np.linalg.eigh(surface.hessian(near.as_array()[None, :])[0])
                if e2[0] < -1e-8 * max(1.0, abs(e2[0])):
                    vec = V2[:, 0]
    mn = surface.minimum_near(end)
    reached = None
    if mn is not None and np.linalg.norm(end - mn.as_array()) <= settings.reach * surface.scale:
        reached = mn
        if cls == "unknown" or (mn.sharpness is not None and cls in ("degenerate", "saddle")):
            # On a continuum of minima the Hessian is singular along the curve; a hair off
            # it that zero eigenvalue takes either sign, so its class says nothing.
            cls = "minimum"
    return EndDiagnosis(
        classification=cls,
        eigenvalues=None if eig is None else tuple(map(float, eig)),
        escape_direction=None if vec is None or cls == "minimum" else tuple(map(float, vec)),
        nearest_minimum=reached,
        is_global=None if reached is None else reached.is_global,
        saddle=known if known is not None and known.kind == "saddle" else None,
        critical_point=known,
    )


def decide_status(surface: Surface, pts, steps: int, diverged, end: EndDiagnosis, flags,
                  settings: RunSettings, lr: float) -> tuple[str, int | None]:
    """The run's status and, if converged, the first step from which it stayed within reach."""
    n = len(pts) - 1
    if diverged is not None:
        return "diverged", None
    if steps == 0 or lr == 0.0:
        return "not_moving", None
    if end.classification == "minimum" or (
        end.nearest_minimum is not None and end.classification not in ("saddle", "maximum")
    ):
        target = end.nearest_minimum.as_array() if end.nearest_minimum else pts[-1]
        r = settings.reach * surface.scale
        converged_at = last_farther_than(pts, target, r) + 1  # 0 when never farther
        return "converged", min(converged_at, n)
    if flags[-1] or end.classification in ("saddle", "maximum") or (
        end.classification == "degenerate" and n < steps
    ):
        return "stalled", None
    return "max_steps", None


NOISE_WINDOW = 100  # last iterates averaged to find where a noisy run settled
NOISE_WINDOW_MIN = 10


def settled_center(pts: np.ndarray, surface: Surface, settings: RunSettings
                   ) -> tuple[np.ndarray, float] | None:
    """Where a noisy run settled, and its noise ball: ``(center, radius)`` or None.

    Gradient noise keeps a run jittering around a minimum instead of reaching it, so
    its last point is a poor witness.  Take the last W = min(100, (n + 1) // 2)
    iterates (at least 10): their mean m is the centre and
    r = sqrt(mean_i ||x_i − m||²) (the RMS distance from it) the radius of the noise
    ball.  The run is settled when r is within the reach of a point
    (``settings.reach`` × the surface's scale): a run still travelling or wandering
    is not.  Whether m is a minimum is then decided as for any end point (a known
    minimum within reach of m, or a short Newton step with a positive-definite
    Hessian there; see :func:`end_diagnosis`).
    """
    n = len(pts)
    w = min(NOISE_WINDOW, n // 2)
    if w < NOISE_WINDOW_MIN:
        return None
    tail = pts[-w:]
    center = tail.mean(axis=0)
    d = tail - center
    radius = float(np.sqrt(np.mean(np.einsum("ij,ij->i", d, d))))
    if not (np.all(np.isfinite(center)) and radius <= settings.reach * surface.scale):
        return None
    return center, radius
