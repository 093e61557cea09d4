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

import numpy as np

from .diagnosis import NOISE_WINDOW, NOISE_WINDOW_MIN
from .dynamics import NOISE_BLOCK, Dynamics, NoiseStream
from .schedules import parse_schedule

__all__ = ["NoiseWindow", "StepDynamics", "noise_window", "py_hypot"]

_DBL_MIN = float(np.finfo(np.float64).tiny)
_VELTKAMP = 134217729.0  # 2**27 + 1
WINDOW_CHUNK = 4096  # rows reduced at a time at the end (bounded temporaries)


def _split(x):
    """Dekker's split x = hi + lo, hi with 26 significant bits."""
    t = x * _VELTKAMP
    hi = t - (t - x)
    return hi, x - hi


def _mul(x, y):
    """Dekker's exact product: x*y = z + zz."""
    xh, xl = _split(x)
    yh, yl = _split(y)
    p = xh * yh
    q = xh * yl + xl * yh
    z = p + q
    return z, p - z + q + xl * yl


def py_hypot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``math.hypot`` of CPython (its ``vector_norm`` for two values), elementwise.

    Scale by 2^-e (e: exponent of max(|x|, |y|)), sum the squares as exact double-length
    products with compensated sums, take the square root and apply one differential
    correction h += (s - h²) / 2h; subnormal inputs are first scaled by 1/DBL_MIN.
    Infinite inputs give inf, else NaN gives NaN; 0 gives 0.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    ax, ay = np.abs(x), np.abs(y)
    with np.errstate(all="ignore"):
        mx = np.maximum(ax, ay)
        sub = (mx < _DBL_MIN) & (mx > 0)
        if sub.any():
            ax = np.where(sub, ax / _DBL_MIN, ax)
            ay = np.where(sub, ay / _DBL_MIN, ay)
            mx = np.where(sub, mx / _DBL_MIN, mx)
        scale = np.ldexp(1.0, -np.frexp(mx)[1])
        csum = np.ones_like(mx)
        frac1 = np.zeros_like(mx)
        frac2 = np.zeros_like(mx)
        for v in (ax, ay):
            v = v * scale
            hi, lo = _mul(v, v)
            s = csum + hi
            frac2 = frac2 + ((csum - s) + hi)
            frac1 = frac1 + lo
            csum = s
        h = np.sqrt(csum - 1.0 + (frac1 + frac2))
        hi, lo = _mul(-h, h)
        s = csum + hi
        frac2 = frac2 + ((csum - s) + hi)
        frac1 = frac1 + lo
        h = h + (s - 1.0 + (frac1 + frac2)) / (2.0 * h)
        r = h / scale
        if sub.any():
            r = np.where(sub, r * _DBL_MIN, r)
        r = np.where(mx == 0, 0.0, r)
        r = np.where(np.isnan(x) | np.isnan(y), np.nan, r)
        return np.where(np.isinf(ax) | np.isinf(ay), np.inf, r)


class StepDynamics:
    """Noise and the schedule of a run's :class:`Dynamics`, for a block of map rows.

    ``base_lr``: the optimizer's lr, a float or one per row (shape (B,)).  Call
    :meth:`gradient` and :meth:`hyper` once per step, in step order."""

    def __init__(self, dyn: Dynamics, base_lr) -> None:
        self.sigma = float(dyn.noise)
        self.relative = bool(dyn.noise_relative)
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
            s = self.sigma * py_hypot(gx, gy)
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
    """The last W iterates of every row of a noisy map (see the module docstring)."""

    def __init__(self, rows: int, steps: int, window: int) -> None:
        self.rows, self.w = rows, window
        self.first = steps + 1 - window  # step of the window's first iterate
        self.buf: np.ndarray | None = None

    def record(self, t: int, idx: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
        if t < self.first:
            return
        if self.buf is None:
            self.buf = np.zeros((self.rows, self.w, 2))
        k = t - self.first
        self.buf[idx, k, 0] = x
        self.buf[idx, k, 1] = y

    def settled(self, rows: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
        """For the ``rows`` (indices) that ran every step: which settled (noise-ball
        radius within ``reach``, finite centre) and their centres (k, 2)."""
        ok = np.zeros(rows.size, dtype=bool)
        centers = np.zeros((rows.size, 2))
        if self.buf is None or not rows.size:
            return ok, centers
        for a in range(0, rows.size, WINDOW_CHUNK):
            tail = self.buf[rows[a:a + WINDOW_CHUNK]]  # (k, W, 2), each row as pts[-W:]
            center = tail.mean(axis=1)
            d = tail - center[:, None, :]
            radius = np.sqrt(np.mean(np.einsum("bij,bij->bi", d, d), axis=1))
            ok[a:a + WINDOW_CHUNK] = np.all(np.isfinite(center), axis=1) & (radius <= reach)
            centers[a:a + WINDOW_CHUNK] = center
        return ok, centers
