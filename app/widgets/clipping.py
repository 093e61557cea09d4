"""Clip what a plot draws to a bounded box, so Qt never sees unbounded coordinates.

A diverging run can reach thousands of data units while the view spans four;
handed to Qt as is, a path item's device rectangle (and any pixmap cache of it)
grows with the run, and an export once tried to allocate 11-23 GB.  Every
polyline a lab draws goes through :func:`clip_polyline` first: what is drawn
lies inside the box (the view's range), and for every step of the run the
result says where to put its marker and whether the run has left the box.

Clipping is Liang-Barsky, per segment, vectorised: segment P(t) = P0 + t d,
0 <= t <= 1, is inside the box for t in [t0, t1] with

    t0 = max(0, max_{p_i < 0} q_i / p_i),   t1 = min(1, min_{p_i > 0} q_i / p_i),
    p = (-dx, dx, -dy, dy),   q = (x0 - xmin, xmax - x0, y0 - ymin, ymax - y0),

and is dropped when t0 > t1 or when some p_i = 0 with q_i < 0 (parallel and
outside).  Pure numpy: no Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

Box = tuple[float, float, float, float]  # xmin, xmax, ymin, ymax


@dataclass(frozen=True)
class ClippedPath:
    """A polyline clipped to ``box``, with what playback needs per step.

    ``x``, ``y``, ``connect`` are ready for pyqtgraph (``connect[i]``: draw i→i+1).
    Step ``j`` of the run (points 0…j) is the first ``upto[j]`` vertices.
    ``marker[j]`` is where step j is shown: the point itself when inside the
    box, else the last point where the drawn path touches the box (where it
    left); ``outside[j]`` says which.
    """

    box: Box
    x: np.ndarray
    y: np.ndarray
    connect: np.ndarray
    upto: np.ndarray
    marker: np.ndarray  # (N, 2)
    outside: np.ndarray  # (N,) bool

    def until(self, j: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | str]:
        """Vertices and connect flags of steps 0…j (the last vertex connects to nothing);
        ``"all"`` instead of the flags when the drawn part is one unbroken line (pyqtgraph
        draws that case faster)."""
        n = int(self.upto[min(max(j, 0), len(self.upto) - 1)]) if len(self.upto) else 0
        if n - 1 <= self.first_break:
            return self.x[:n], self.y[:n], "all"
        conn = self.connect[:n].copy()
        conn[-1] = False
        return self.x[:n], self.y[:n], conn

    @cached_property
    def first_break(self) -> int:
        """Index of the first vertex not joined to the next one (the last vertex if none)."""
        breaks = np.flatnonzero(~self.connect)
        return int(breaks[0]) if len(breaks) else len(self.connect)

    def drawn(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | str]:
        """The whole clipped path (``"all"`` when unbroken)."""
        return self.until(len(self.upto) - 1)

    def exit_direction(self, points: np.ndarray, j: int) -> tuple[float, float]:
        """Unit vector from the marker of step j towards the run's real point (0, 0 if inside)."""
        if not self.outside[j]:
            return 0.0, 0.0
        with np.errstate(all="ignore"):
            d = np.asarray(points[j], dtype=float) - self.marker[j]
            s = float(np.max(np.abs(d))) if np.all(np.isfinite(d)) else 0.0
            if not s > 0:
                return 0.0, 0.0
            d = d / s  # scale first: the squared norm of a huge vector overflows
            n = float(np.hypot(d[0], d[1]))
        return float(d[0] / n), float(d[1] / n)


def padded_box(x_range, y_range, pad: float = 0.0) -> Box:
    """The view's range, widened by ``pad`` times its size on every side."""
    (x0, x1), (y0, y1) = sorted(map(float, x_range)), sorted(map(float, y_range))
    w, h = x1 - x0, y1 - y0
    return (x0 - pad * w, x1 + pad * w, y0 - pad * h, y1 + pad * h)


def inside_box(points: np.ndarray, box: Box) -> np.ndarray:
    """Which rows of ``points`` (N, 2) lie in ``box`` (non-finite rows do not)."""
    p = np.asarray(points, dtype=float).reshape(-1, 2)
    xmin, xmax, ymin, ymax = box
    with np.errstate(invalid="ignore"):
        return (p[:, 0] >= xmin) & (p[:, 0] <= xmax) & (p[:, 1] >= ymin) & (p[:, 1] <= ymax)


def clip_polyline(points: np.ndarray, box: Box, connect: np.ndarray | None = None) -> ClippedPath:
    """Clip the polyline through ``points`` (N, 2) to ``box``.

    ``connect`` (N,) optionally says which points join the next one (pyqtgraph's
    convention); a segment not joined, or with a non-finite end, is not drawn.
    """
    P = np.asarray(points, dtype=float).reshape(-1, 2)
    n = len(P)
    xmin, xmax, ymin, ymax = box
    inside = inside_box(P, box)
    if n < 2:
        marker = np.clip(np.nan_to_num(P), [xmin, ymin], [xmax, ymax])
        return ClippedPath(box, np.zeros(0), np.zeros(0), np.zeros(0, bool),
                           np.zeros(n, np.int64), marker, ~inside)
    if connect is None and inside.all():
        return _unclipped(P, box)
    P0, P1 = P[:-1], P[1:]
    with np.errstate(all="ignore"):
        d = P1 - P0
        p = np.stack([-d[:, 0], d[:, 0], -d[:, 1], d[:, 1]], axis=1)
        q = np.stack([P0[:, 0] - xmin, xmax - P0[:, 0], P0[:, 1] - ymin, ymax - P0[:, 1]], axis=1)
        r = q / p
        t0 = np.max(np.where(p < 0, r, 0.0), axis=1, initial=0.0)
        t1 = np.min(np.where(p > 0, r, 1.0), axis=1, initial=1.0)
        parallel_out = np.any((p == 0) & (q < 0), axis=1)
        visible = (t0 <= t1) & ~parallel_out & np.all(np.isfinite(d), axis=1)
        if connect is not None:
            visible &= np.asarray(connect, dtype=bool)[: n - 1]
        t0 = np.where(visible, np.clip(t0, 0.0, 1.0), 0.0)
        t1 = np.where(visible, np.clip(t1, 0.0, 1.0), 0.0)
        A = np.where((t0 == 0.0)[:, None], P0, P0 + t0[:, None] * d)
        B = np.where((t1 == 1.0)[:, None], P1, P0 + t1[:, None] * d)
    # A segment continues the previous one when both are drawn and meet at an unclipped point.
    cont = np.zeros(n - 1, dtype=bool)
    cont[1:] = visible[1:] & visible[:-1] & (t0[1:] == 0.0) & (t1[:-1] == 1.0)
    need_a = visible & ~cont
    counts = visible.astype(np.int64) + need_a
    ends = np.cumsum(counts)
    m = int(ends[-1]) if len(ends) else 0
    X = np.empty((m, 2))
    b_idx = ends[visible] - 1
    X[b_idx] = B[visible]
    X[ends[need_a] - 2] = A[need_a]
    conn = np.zeros(m, dtype=bool)
    conn[ends[need_a] - 2] = True  # A_s -> B_s
    nxt_cont = np.append(cont[1:], False)
    conn[b_idx] = nxt_cont[visible]  # B_s -> B_{s+1} when the next segment continues
    # Keep the drawn coordinates inside the box even after rounding in P0 + t d.
    np.clip(X[:, 0], xmin, xmax, out=X[:, 0])
    np.clip(X[:, 1], ymin, ymax, out=X[:, 1])
    upto = np.concatenate([[0], ends]).astype(np.int64)
    # Marker of step j: the point if inside, else the last drawn vertex (where the run left).
    marker = np.where(inside[:, None], np.nan_to_num(P), 0.0)
    last_vertex = upto - 1
    have = last_vertex >= 0
    out_rows = ~inside
    marker[out_rows & have] = X[last_vertex[out_rows & have]]
    lonely = out_rows & ~have  # outside before anything was drawn: clamp to the box edge
    marker[lonely] = np.clip(np.nan_to_num(P[lonely]), [xmin, ymin], [xmax, ymax])
    return ClippedPath(box, X[:, 0].copy(), X[:, 1].copy(), conn, upto, marker, out_rows)


def _unclipped(P: np.ndarray, box: Box) -> ClippedPath:
    """:func:`clip_polyline` of a polyline (N >= 2) that lies inside ``box``: what the general
    case computes there, without the per-segment work (a slider drag's usual run).

    Every segment is drawn whole (t0 = 0, t1 = 1) and continues the previous one, so the
    vertices are the points, all joined but the last; step j ends at vertex j (the first
    segment brings two vertices: ``upto`` = 0, 2, 3, ..., N); every marker is its point.
    """
    n = len(P)
    conn = np.ones(n, dtype=bool)
    conn[-1] = False
    upto = np.arange(1, n + 1, dtype=np.int64)
    upto[0] = 0
    return ClippedPath(box, P[:, 0].copy(), P[:, 1].copy(), conn, upto, P.copy(),
                       np.zeros(n, dtype=bool))
