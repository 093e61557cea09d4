"""Sweeps: many runs as one batched numpy computation.

Every row of the batch has its own start and may carry its own
hyperparameters (``make_optimizer("momentum", lr=array, momentum=array)``),
so a 256 x 256 grid of learning rate x beta is one set of array operations a
step, not 65,536 Python loops.  2-D surfaces keep one contiguous array per
coordinate; N-D surfaces use a (B, D) array.

Example::

    axes = grid(lr=np.geomspace(1e-4, 1e-2, 256), momentum=np.linspace(0, 0.99, 256))
    opt = make_optimizer("momentum", **axes)
    res = sweep(get_surface("rosenbrock"), opt, [-1.5, 2.0], 500)
    res.status_grid(256, 256)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .maps import clip_pairs
from .optimizers import Optimizer
from .run_loops import check_start
from .runs import DEFAULT_SETTINGS, RUNAWAY_FACTOR, STATUSES, RunSettings, _check_steps
from .surfaces import Surface, Surface2D

__all__ = ["SweepResult", "grid", "sweep", "STATUS_CODES"]

STATUS_CODES = {name: i for i, name in enumerate(STATUSES)}


def grid(**axes: np.ndarray) -> dict[str, np.ndarray]:
    """Outer product of named 1-D axes, flattened in C order (first axis slowest)."""
    names = list(axes)
    mesh = np.meshgrid(*[np.asarray(axes[n], dtype=float) for n in names], indexing="ij")
    return {n: m.reshape(-1) for n, m in zip(names, mesh)}


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Outcome per row: end point, loss, status code, divergence step, minimum reached."""

    surface: str
    optimizer: str
    steps: int
    steps_done: int
    cancelled: bool
    starts: np.ndarray  # (B, D)
    hyperparameters: dict  # name -> float or (B,) array
    final_points: np.ndarray  # (B, D); NaN where diverged
    final_losses: np.ndarray  # (B,); NaN where diverged
    status: np.ndarray  # (B,) int, see STATUS_CODES
    diverged_at: np.ndarray  # (B,) int, -1 where it did not diverge
    minimum_index: np.ndarray  # (B,) int into surface.minima, -1 where none was reached

    def status_names(self) -> np.ndarray:
        return np.asarray(STATUSES)[self.status]

    def counts(self) -> dict[str, int]:
        return {name: int(np.sum(self.status == code)) for name, code in STATUS_CODES.items()}


def _rows(starts, hyper_rows: int, dim: int) -> np.ndarray:
    S = np.asarray(starts, dtype=float)
    if S.ndim == 1:
        S = S[None, :]
    if S.ndim != 2 or S.shape[1] != dim:
        raise ValueError(f"starts must have shape (B, {dim}), got {S.shape}")
    if not np.all(np.isfinite(S)):
        raise ValueError("starts must be finite")
    B = max(S.shape[0], hyper_rows)
    if S.shape[0] not in (1, B):
        raise ValueError(f"{S.shape[0]} starts do not match {hyper_rows} hyperparameter rows")
    return np.broadcast_to(S, (B, dim)).copy()


def _check_finite_starts(surface: Surface, X: np.ndarray) -> None:
    """Refuse starts where f or ∇f is not finite, as ``runs.run`` does (one batched call)."""
    with np.errstate(all="ignore"):
        f, G = surface.value_grad(X)
    bad = np.flatnonzero(~(np.isfinite(f) & np.all(np.isfinite(G), axis=1)))
    if bad.size:
        try:  # the same words as run's refusal for the first bad start
            check_start(surface, X[bad[0]])
            why = f"{surface.name} is not finite at the start {X[bad[0]].tolist()}"
        except ValueError as exc:
            why = str(exc)
        raise ValueError(why + (f" (and {bad.size - 1} more starts)" if bad.size > 1 else ""))


def sweep(surface: Surface, optimizer: Optimizer, starts, steps: int, *,
          progress: Callable[[int, int], None] | None = None,
          should_stop: Callable[[], bool] | None = None,
          report_every: int = 25,
          settings: RunSettings = DEFAULT_SETTINGS) -> SweepResult:
    """Run every row for ``steps`` steps; ``should_stop()`` returning True cancels early."""
    steps = _check_steps(steps)
    sizes = {np.size(v) for v in optimizer.hyper.values() if np.ndim(v)}
    if len(sizes) > 1:
        raise ValueError(f"per-row hyperparameters differ in length: {sorted(sizes)}")
    X = _rows(starts, sizes.pop() if sizes else 1, surface.dim)
    _check_finite_starts(surface, X)
    B, D = X.shape
    opt = optimizer if isinstance(surface, Surface2D) else optimizer.batched(B)
    c = surface.center
    r = RUNAWAY_FACTOR * 0.5 * (surface.bounds[:, 1] - surface.bounds[:, 0])
    div_at = np.full(B, -1, dtype=np.int64)
    done = 0
    cancelled = False
    with np.errstate(all="ignore"):
        step, current = (_stepper_2d if isinstance(surface, Surface2D) else _stepper_nd)(
            surface, opt, X, c, r)
        for t in range(1, steps + 1):
            ok = step(t)
            if not ok.all():
                div_at[(~ok) & (div_at < 0)] = t
            done = t
            if t % report_every == 0 or t == steps:
                if progress is not None:
                    progress(t, steps)
                if should_stop is not None and should_stop():
                    cancelled = t < steps
                    break
        X = current()
        f, G = surface.value_grad(X)
    diverged = div_at >= 0
    X[diverged] = np.nan
    f[diverged] = np.nan
    status = np.full(B, STATUS_CODES["max_steps"], dtype=np.int64)
    status[diverged] = STATUS_CODES["diverged"]
    min_idx = _reached(surface, X, surface.minima, settings.reach * surface.scale)
    status[(min_idx >= 0) & ~diverged] = STATUS_CODES["converged"]
    near_saddle = _reached(surface, X, surface.saddles, settings.saddle_radius * surface.scale)
    status[(near_saddle >= 0) & (min_idx < 0) & ~diverged] = STATUS_CODES["stalled"]
    hyper = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in optimizer.hyper.items()}
    return SweepResult(
        surface=surface.name, optimizer=optimizer.name, steps=steps, steps_done=done,
        cancelled=cancelled, starts=_ro(_rows(starts, B, D)), hyperparameters=hyper,
        final_points=_ro(X), final_losses=_ro(f), status=_ro(status), diverged_at=_ro(div_at),
        minimum_index=_ro(min_idx),
    )


def _stepper_2d(surface: Surface2D, opt: Optimizer, X, c, r):
    """One contiguous array per coordinate: numpy's fastest layout for 2-D sweeps (a
    clipping optimizer clips each run's gradient pair first, then runs unclipped)."""

    cols = [X[:, 0].copy(), X[:, 1].copy()]
    states = [opt.init(cols[0]), opt.init(cols[1])]
    fg = surface.fg
    _, gx, gy = fg(cols[0], cols[1], np)
    grads = [gx, gy]
    max_norm = opt.clip_norm
    if max_norm is not None:  # clip each run's (gx, gy), not a column of the batch
        max_norm = opt._h["clip_norm"]
        opt = Optimizer(opt.name, opt.hyper, opt._rule.unclipped, opt._h)

    def step(t: int) -> np.ndarray:
        g = grads if max_norm is None else clip_pairs(grads[0], grads[1], max_norm)
        for j in range(2):
            cols[j], states[j] = opt.update(cols[j], g[j], states[j], t, np.sqrt)
        _, grads[0], grads[1] = fg(cols[0], cols[1], np)
        return (np.abs(cols[0] - c[0]) <= r[0]) & (np.abs(cols[1] - c[1]) <= r[1])

    return step, lambda: np.column_stack(cols)


def _stepper_nd(surface: Surface, opt: Optimizer, X, c, r):
    cur = {"X": X, "state": opt.init(X), "G": surface.value_grad(X)[1]}

    def step(t: int) -> np.ndarray:
        cur["X"], cur["state"] = opt.update(cur["X"], cur["G"], cur["state"], t, np.sqrt)
        cur["G"] = surface.value_grad(cur["X"])[1]
        return np.all(np.abs(cur["X"] - c) <= r, axis=1)

    return step, lambda: cur["X"]


def _ro(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


def _reached(surface: Surface, X: np.ndarray, points, radius: float) -> np.ndarray:
    """Index of the known point within ``radius`` of each row, else -1 (NaN rows: -1)."""
    out = np.full(X.shape[0], -1, dtype=np.int64)
    if not points:
        return out
    P = np.array([p.point for p in points])
    best = np.full(X.shape[0], np.inf)
    for i, p in enumerate(P):
        d = np.sqrt(np.sum((X - p) ** 2, axis=1))
        closer = d < best
        best[closer] = d[closer]
        out[closer] = i
    out[~(best <= radius)] = -1
    return out
