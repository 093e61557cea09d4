"""Training dynamics in maps: gradient noise, a learning-rate schedule, the noise ball.

A map cell is *the single run from that start with the run's Dynamics*
(:func:`optim_lab.runs.run` with the same ``dynamics``, same seed), so a cell's label
and steps equal what that run says, bit for bit.  What that takes, per step ``t``:

- **noise**: a single 2-D run adds ``s xi_t`` to its gradient, ``xi_t`` the t-th row
  of ``Generator(PCG64(seed)).standard_normal((steps, 2))``
  (:class:`~optim_lab.dynamics.NoiseStream`).  Every cell of a map with one seed
  therefore gets the *same* 2-vector ``xi_t`` at step ``t``: the map draws the stream
  once, in the same blocks, and adds ``s xi_t`` to every row.  ``s = sigma``, or
  ``sigma * |grad f(x_t)|`` with ``noise_relative``, that norm taken by
  :func:`py_hypot`, CPython's ``math.hypot`` written in numpy (numpy's ``hypot`` differs
  from it in the last bit for ~0.5 % of inputs, which would change a run);
- **schedule**: step ``t`` uses ``lr_t``, the t-th value of torch's *recursive*
  scheduler update from the base lr (:mod:`optim_lab.schedules`).  ``lr_t`` is not
  ``base * factor_t`` bit for bit, so a factor sequence computed once and scaled per row
  would not be the single run.  A basin map has one base lr: its lrs are computed once.
  A hyperparameter map or lr sweep runs the recursion once per *distinct* base lr, as
  one array (:meth:`~optim_lab.schedules.Schedule.iter_lr_rows`), and gathers each row's
  value;
- **order**: noise, then clipping, then the rule with ``lr = lr_t``
  (:mod:`optim_lab.dynamic_steps`); a run with noise or a schedule never stops early
  (it runs every step, as the single run does);
- **end**: a noisy run that does not diverge is diagnosed where it settled
  (:func:`optim_lab.diagnosis.settled_center`): over its last
  ``W = min(100, (steps + 1) // 2)`` iterates (W >= 10) the centre ``m`` is their mean
  and the noise ball's radius ``r = sqrt(mean_i |x_i - m|^2)``; when ``r`` is within
  the reach of a point the end diagnosis is made at ``m`` (near-saddle flags stay those
  of the last iterate, as in :func:`optim_lab.runs._finish`).  Such a run never stops
  early, so the window is known in advance: steps ``steps + 1 - W .. steps``.
  :class:`NoiseWindow` keeps those W iterates of every row (``16 W`` bytes a row, sized
  in :func:`optim_lab.maps.estimate_bytes`) and reduces them with the same numpy
  operations as the single run, in the same layout, so ``m`` and ``r`` are equal bit for
  bit (``tests/engine/test_maps_dynamics.py``).
"""

from __future__ import annotations

import math

import numpy as np

from .diagnosis import NOISE_WINDOW, NOISE_WINDOW_MIN
from .dynamics import NOISE_BLOCK, Dynamics, NoiseStream
from .schedules import parse_schedule

__all__ = ["NoiseWindow", "StepDynamics", "noise_window", "py_hypot"]

_DBL_MIN = float(np.finfo(np.float64).tiny)
_TWO_1022 = 2.0 ** 1022
_VELTKAMP = 134217729.0  # 2**27 + 1
WINDOW_CHUNK = 4096  # rows reduced at a time at the end (bounded temporaries)


def _square(v, w: dict) -> tuple[np.ndarray, np.ndarray]:
    """Dekker's exact square v² = z + zz (split v = hi + lo with 26-bit halves; the cross
    term hi·lo + lo·hi is 2·(hi·lo), the same float), into the work arrays ``w``."""
    t, hi, lo, p, q, z, zz = (w[k] for k in ("t", "hi", "lo", "p", "q", "z", "zz"))
    np.multiply(v, _VELTKAMP, out=t)
    np.subtract(t, v, out=hi)
    np.subtract(t, hi, out=hi)  # hi = t - (t - v)
    np.subtract(v, hi, out=lo)
    np.multiply(hi, hi, out=p)
    np.multiply(hi, lo, out=q)
    np.add(q, q, out=q)
    np.add(p, q, out=z)
    np.subtract(p, z, out=zz)  # zz = p - z + q + lo * lo, left to right
    np.add(zz, q, out=zz)
    np.multiply(lo, lo, out=t)
    np.add(zz, t, out=zz)
    return z, zz


_WORK = ("ax", "ay", "mx", "scale", "v", "t", "hi", "lo", "p", "q", "z", "zz", "csum", "frac1",
         "frac2", "s", "h", "r")


def py_hypot(x: np.ndarray, y: np.ndarray, work: dict | None = None) -> np.ndarray:
    """``math.hypot`` of CPython (its ``vector_norm`` for two values), elementwise.

    For max(|x|, |y|) = m in [DBL_MIN, 2^1022) (every gradient a run meets): scale both by
    2^-e (m = f·2^e, f in [0.5, 1)), sum the squares as exact double-length products with
    compensated sums, take the square root, apply one differential correction
    h += (s - h²) / 2h and undo the scaling.  Other inputs (zeros, subnormals, huge, NaN,
    inf: none in a running map) are passed to ``math.hypot`` one by one.  Every array
    operation writes into ``work`` (a dict filled on first use and reused: fresh arrays
    cost page faults at every step of a map); the result is then one of its arrays,
    overwritten by the next call.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = {} if work is None else work
    if w.get("shape") != x.shape:
        w.clear()
        w.update({k: np.empty(x.shape) for k in _WORK}, shape=x.shape)
        w["ok"] = np.empty(x.shape, dtype=bool)
        w["low"] = np.empty(x.shape, dtype=bool)
    ax, ay, mx, scale, v, csum, frac1, frac2, s, h, r = (w[k] for k in (
        "ax", "ay", "mx", "scale", "v", "csum", "frac1", "frac2", "s", "h", "r"))
    np.abs(x, out=ax)
    np.abs(y, out=ay)
    np.maximum(ax, ay, out=mx)
    ok = np.greater_equal(mx, _DBL_MIN, out=w["ok"])
    ok &= np.less(mx, _TWO_1022, out=w["low"])  # NaN is not ok either
    odd = not ok.all()
    if odd:
        special = ~ok
        np.copyto(ax, 1.0, where=special)
        np.copyto(ay, 1.0, where=special)
        np.copyto(mx, 1.0, where=special)
    # 2^-e with e = E - 1022 (E: mx's biased exponent, 1 <= E <= 2044), from its bits
    bits = scale.view(np.int64)
    np.right_shift(mx.view(np.int64), 52, out=bits)
    np.subtract(2045, bits, out=bits)
    np.left_shift(bits, 52, out=bits)
    z, zz = _square(np.multiply(ax, scale, out=v), w)
    np.add(1.0, z, out=csum)  # dl_fast_sum(1.0, z)
    np.subtract(1.0, csum, out=frac2)
    np.add(frac2, z, out=frac2)
    np.copyto(frac1, zz)
    z, zz = _square(np.multiply(ay, scale, out=v), w)
    np.add(frac1, zz, out=frac1)
    np.add(csum, z, out=s)  # dl_fast_sum(csum, z)
    np.subtract(csum, s, out=csum)
    np.add(csum, z, out=csum)
    np.add(frac2, csum, out=frac2)
    csum, s = s, csum
    np.subtract(csum, 1.0, out=h)  # h = sqrt(csum - 1 + (frac1 + frac2))
    np.add(frac1, frac2, out=v)
    np.add(h, v, out=h)
    np.sqrt(h, out=h)
    z, zz = _square(h, w)  # dl_mul(-h, h) = -(h·h), exactly
    np.negative(z, out=z)
    np.negative(zz, out=zz)
    np.add(frac1, zz, out=frac1)
    np.add(csum, z, out=s)
    np.subtract(csum, s, out=csum)
    np.add(csum, z, out=csum)
    np.add(frac2, csum, out=frac2)
    np.subtract(s, 1.0, out=s)  # x = s - 1 + (frac1 + frac2); h += x / (2 h)
    np.add(frac1, frac2, out=v)
    np.add(s, v, out=s)
    np.multiply(h, 2.0, out=v)
    np.divide(s, v, out=s)
    np.add(h, s, out=h)
    np.divide(h, scale, out=r)
    if odd:
        k = np.flatnonzero(special)
        r[k] = [math.hypot(a, b) for a, b in zip(x[k].tolist(), y[k].tolist())]
    return r


class StepDynamics:
    """Noise and the schedule of a run's :class:`Dynamics`, for a block of map rows.

    ``base_lr``: the optimizer's lr, a float or one per row (shape (B,)).  Call
    :meth:`gradient` and :meth:`hyper` once per step, in step order."""

    def __init__(self, dyn: Dynamics, base_lr) -> None:
        self.sigma = float(dyn.noise)
        self.relative = bool(dyn.noise_relative)
        self._work: dict = {}  # py_hypot's arrays, reused step after step
        self._noise = NoiseStream(dyn.seed, 2) if dyn.noise > 0 else None
        self._block: np.ndarray | None = None
        self._block_start = 1  # step of the block's first row
        self._lrs = None
        self._rows = None  # per-row schedule: unique index of every row
        if dyn.schedule not in ("constant", ""):
            sched = parse_schedule(dyn.schedule)
            base = np.asarray(base_lr, dtype=np.float64)
            if base.ndim == 0:  # one lr for every row (a basin map): the single run's floats
                if float(base) > 0:
                    self._lrs = sched.iter_lrs(float(base))
            else:
                uniq, self._rows = np.unique(base, return_inverse=True)
                pos = uniq > 0  # a zero lr has no schedule (lr_iterator): it stays 0
                if pos.all():
                    self._lrs = sched.iter_lr_rows(uniq)
                elif pos.any():
                    it = sched.iter_lr_rows(uniq[pos])
                    self._lrs = (_put(uniq, pos, v) for v in it)
                self._rows = self._rows.reshape(-1)

    def gradient(self, t: int, gx: np.ndarray, gy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The step's gradient with its noise: g + s xi_t (unchanged without noise)."""
        if self._noise is None:
            return gx, gy
        k = t - self._block_start
        if self._block is None or k >= len(self._block):
            if self._block is not None:
                self._block_start += len(self._block)
                k = t - self._block_start
            self._block = self._noise.block(NOISE_BLOCK)
        nx, ny = self._block[k].tolist()  # Python floats, as NoiseStream.pairs gives them
        if self.relative:
            s = self.sigma * py_hypot(gx, gy, self._work)  # a new array: the work is reused
            return gx + s * nx, gy + s * ny
        s = self.sigma
        return gx + s * nx, gy + s * ny

    def hyper(self, h: dict, idx: np.ndarray) -> dict:
        """``h`` (an optimizer's derived hyperparameters) with the step's lr, for the rows
        ``idx`` (original row indices) still running."""
        if self._lrs is None:
            return h
        lr = next(self._lrs)
        if self._rows is not None:
            lr = lr[self._rows[idx]]
        return {**h, "lr": lr}


def _put(uniq: np.ndarray, pos: np.ndarray, values: np.ndarray) -> np.ndarray:
    out = uniq.copy()
    out[pos] = values
    return out


def noise_window(dyn: Dynamics | None, steps: int) -> int:
    """W: iterates a noisy run's end diagnosis averages (0 when it has no noise ball)."""
    if dyn is None or not dyn.has_noise:
        return 0
    w = min(NOISE_WINDOW, (int(steps) + 1) // 2)
    return w if w >= NOISE_WINDOW_MIN else 0


class NoiseWindow:
    """The last W iterates of every row of a noisy map (see the module docstring), kept as
    two (W, rows) arrays: step k of the window is one contiguous row, written in place."""

    def __init__(self, rows: int, steps: int, window: int) -> None:
        self.rows, self.w = rows, window
        self.first = steps + 1 - window  # step of the window's first iterate
        self.bx: np.ndarray | None = None
        self.by: np.ndarray | None = None

    def record(self, t: int, idx: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
        if t < self.first:
            return
        if self.bx is None:
            self.bx, self.by = np.zeros((self.w, self.rows)), np.zeros((self.w, self.rows))
        k = t - self.first
        if idx.size == self.rows:  # every row still running: idx is 0 .. rows-1
            self.bx[k], self.by[k] = x, y
        else:
            self.bx[k, idx], self.by[k, idx] = x, y

    def settled(self, rows: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
        """For the ``rows`` (indices) that ran every step: which settled (noise-ball
        radius within ``reach``, finite centre) and their centres (k, 2).

        The same float operations as :func:`optim_lab.diagnosis.settled_center` on one
        row's (W, 2) tail: the centre sums the W iterates in order (numpy's mean over the
        leading axis), |x_i - m|² is dx² + dy², and its mean over a contiguous row of W
        values takes numpy's pairwise sum, as the single run's 1-D mean does."""
        ok = np.zeros(rows.size, dtype=bool)
        centers = np.zeros((rows.size, 2))
        if self.bx is None or not rows.size:
            return ok, centers
        every = rows.size == self.rows
        for a in range(0, rows.size, WINDOW_CHUNK):
            cols = slice(a, a + WINDOW_CHUNK) if every else rows[a:a + WINDOW_CHUNK]
            # (W, k), C order: the mean over axis 0 must add the W iterates one by one (numpy
            # lays a[:, index] out column-first, and would then sum each run pairwise)
            tx = np.ascontiguousarray(self.bx[:, cols])
            ty = np.ascontiguousarray(self.by[:, cols])
            cx, cy = tx.mean(axis=0), ty.mean(axis=0)
            dx, dy = tx - cx, ty - cy
            d2 = np.ascontiguousarray((dx * dx + dy * dy).T)  # (k, W): one row per run
            radius = np.sqrt(d2.mean(axis=1))
            part = slice(a, a + cx.size)
            ok[part] = np.isfinite(cx) & np.isfinite(cy) & (radius <= reach)
            centers[part, 0], centers[part, 1] = cx, cy
        return ok, centers
