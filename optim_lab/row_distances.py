"""Distances along a trajectory, in cache-sized blocks of rows, bit-equal to numpy's.

A run's end diagnosis needs, for the (n+1, D) array of its points,

- the step lengths ``‖x_{k+1} − x_k‖`` (``np.linalg.norm(np.diff(pts, axis=0), axis=1)``),
- the last step farther than ``r`` from a target point t
  (``np.flatnonzero(np.linalg.norm(pts - t, axis=1) > r)[-1]``).

Written as above, numpy allocates two or three (n+1, D) temporaries for each (24 MB at
n = D = 1000): page faults and memory traffic made the diagnosis of a D = 1000 run cost
5–10 ms.  Here each block of rows goes through one small reused buffer: d = a − b,
d ← d·d, then ``np.add.reduce(d, axis=1)`` and ``sqrt``, the very operations
``np.linalg.norm`` does for real input (``sqrt(add.reduce((x.conj() * x).real, axis))``),
each row reduced on its own, so every value is bit-equal to the numpy expression.  The
last far step is searched from the end, block by block: a run that converged stops the
search where it arrived.
"""

from __future__ import annotations

import numpy as np

__all__ = ["last_farther_than", "step_lengths_of"]

BLOCK_BYTES = 1 << 18  # rows per block: about 256 KB of float64, stays in cache


def _rows_per_block(dim: int) -> int:
    return max(1, BLOCK_BYTES // (8 * max(dim, 1)))


def _norms_into(a: np.ndarray, b: np.ndarray, buf: np.ndarray, out: np.ndarray) -> None:
    """out[i] = ‖a[i] − b[i]‖ (b may broadcast); buf: scratch of a's shape."""
    np.subtract(a, b, out=buf)
    np.multiply(buf, buf, out=buf)
    np.add.reduce(buf, axis=1, out=out)
    np.sqrt(out, out=out)


def step_lengths_of(pts: np.ndarray) -> np.ndarray:
    """``‖pts[k+1] − pts[k]‖`` for k = 0 … n−1 (bit-equal to the ``np.diff`` form)."""
    pts = np.asarray(pts, dtype=float)
    n = len(pts) - 1
    out = np.empty(max(n, 0))
    if n <= 0:
        return out
    rows = _rows_per_block(pts.shape[1])
    buf = np.empty((min(rows, n), pts.shape[1]))
    for i in range(0, n, rows):
        j = min(i + rows, n)
        _norms_into(pts[i + 1:j + 1], pts[i:j], buf[:j - i], out[i:j])
    return out


def last_farther_than(pts: np.ndarray, target: np.ndarray, r: float) -> int:
    """The last index i with ``‖pts[i] − target‖ > r`` (NaN distances are not farther),
    or -1 when there is none."""
    pts = np.asarray(pts, dtype=float)
    target = np.asarray(target, dtype=float)
    n = len(pts)
    if n == 0:
        return -1
    rows = _rows_per_block(pts.shape[1])
    buf = np.empty((min(rows, n), pts.shape[1]))
    dist = np.empty(min(rows, n))
    for j in range(n, 0, -rows):
        i = max(j - rows, 0)
        _norms_into(pts[i:j], target, buf[:j - i], dist[:j - i])
        far = np.flatnonzero(dist[:j - i] > r)
        if far.size:
            return i + int(far[-1])
    return -1
