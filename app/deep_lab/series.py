"""GUI-side accumulation of one stack's step records, and pure helpers for the plots."""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "StackSeries",
    "heat_levels",
    "series_levels",
    "nice_upper",
    "ratio_text",
    "superscript_power",
]

_SUPER = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript_power(exponent: int) -> str:
    """10 to an integer power in print style: 10⁻⁵."""
    return "10" + str(int(exponent)).translate(_SUPER)


class StackSeries:
    """Loss, accuracy and per-layer norms of one stack, appended as records arrive."""

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.n = 0
        cap = 256
        self._loss = np.empty(cap)
        self._acc = np.empty(cap)
        self._act = np.empty((cap, depth))
        self._wgrad = np.empty((cap, depth))
        self._upd = np.empty((cap, depth))
        self._lr = np.empty(cap)
        self._clipped = np.empty(cap, dtype=bool)
        self._sharp = np.empty(cap)  # NaN where not measured
        self.act_range = np.array([np.inf, -np.inf])  # least and largest positive finite act

    def extend(self, records: list) -> None:
        if not records:
            return
        need = self.n + len(records)
        if need > len(self._loss):
            cap = max(need, 2 * len(self._loss))
            for name in ("_loss", "_acc", "_act", "_wgrad", "_upd", "_lr", "_clipped", "_sharp"):
                old = getattr(self, name)
                new = np.empty((cap, *old.shape[1:]), dtype=old.dtype)
                new[: self.n] = old[: self.n]
                setattr(self, name, new)
        sl = slice(self.n, need)
        self._loss[sl] = [r.loss for r in records]
        self._acc[sl] = [r.accuracy for r in records]
        self._act[sl] = np.stack([r.act_grad_norms for r in records])
        self._wgrad[sl] = np.stack([r.weight_grad_norms for r in records])
        self._upd[sl] = np.stack([r.update_ratios for r in records])
        self._lr[sl] = [r.lr for r in records]
        self._clipped[sl] = [r.clipped for r in records]
        self._sharp[sl] = [np.nan if r.sharpness is None else r.sharpness for r in records]
        new = self._act[sl]
        pos = new[(new > 0) & np.isfinite(new)]
        if pos.size:
            self.act_range = np.array([min(self.act_range[0], pos.min()),
                                       max(self.act_range[1], pos.max())])
        self.n = need

    @property
    def steps(self) -> np.ndarray:
        return np.arange(1, self.n + 1, dtype=float)

    @property
    def loss(self) -> np.ndarray:
        return self._loss[: self.n]

    @property
    def accuracy(self) -> np.ndarray:
        return self._acc[: self.n]

    @property
    def act(self) -> np.ndarray:
        """(steps, depth) ||dL/dh_l||."""
        return self._act[: self.n]

    @property
    def wgrad(self) -> np.ndarray:
        return self._wgrad[: self.n]

    @property
    def updates(self) -> np.ndarray:
        return self._upd[: self.n]

    @property
    def lr(self) -> np.ndarray:
        return self._lr[: self.n]

    @property
    def clipped_fraction(self) -> float:
        return float(self._clipped[: self.n].mean()) if self.n else 0.0

    def sharpness(self) -> tuple[np.ndarray, np.ndarray]:
        """(steps, lambda_max) of the steps where the sharpness was measured."""
        values = self._sharp[: self.n]
        where = np.flatnonzero(np.isfinite(values))
        return where + 1.0, values[where]

    def ratio(self) -> float | None:
        """First/last ratio of the latest step; 0.0 on underflow, None if undefined."""
        if self.n == 0:
            return None
        first, last = self._act[self.n - 1, 0], self._act[self.n - 1, -1]
        return None if last == 0.0 else float(first / last)


def nice_upper(n: int) -> int:
    """The smallest of 50, 70, 100, 150, 200, 300, 500, 700, 1000, ... that is >= n.

    Axis ranges grow in these jumps instead of every step, so pyqtgraph keeps its cached axis
    pictures between frames (re-laying out axes was most of a frame's cost).
    """
    scale = 10
    while True:
        for m in (5, 7, 10, 15, 20, 30):
            if m * scale >= n:
                return m * scale
        scale *= 10


def series_levels(series: list[StackSeries]) -> tuple[float, float]:
    """:func:`heat_levels` over every recorded step of every stack (kept as a running
    range, so a frame does not scan the whole history)."""
    return heat_levels([s.act_range[np.isfinite(s.act_range)] for s in series if s.n])


def heat_levels(arrays: list[np.ndarray], max_decades: float = 40.0) -> tuple[float, float]:
    """log10 colour range (whole decades) covering the positive finite values of all arrays."""
    pos = [a[(a > 0) & np.isfinite(a)] for a in arrays if a.size]
    pos = [p for p in pos if p.size]
    if not pos:
        return -6.0, 0.0
    lo = math.floor(min(math.log10(p.min()) for p in pos))
    hi = math.ceil(max(math.log10(p.max()) for p in pos))
    if hi - lo < 2:
        lo, hi = lo - 1, hi + 1
    return float(max(lo, hi - max_decades)), float(hi)


def ratio_text(ratio: float | None, underflow: bool) -> str:
    """The ratio as a short number: '3.2e-25', '0 (underflow)', '—' when undefined."""
    if ratio is None:
        return "—"
    if ratio == 0.0 and underflow:
        return "0"
    if ratio != 0.0 and (abs(ratio) >= 1e4 or abs(ratio) < 1e-2):
        return f"{ratio:.2e}"
    return f"{ratio:.3g}"
