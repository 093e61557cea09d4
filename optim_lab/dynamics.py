"""Training dynamics of one run: gradient noise, a learning-rate schedule, clipping, AMSGrad.

Qt-free.  A :class:`Dynamics` is a small immutable value stored per run (sessions,
experiment files, trajectory exports, the command line).  What each field does to
step ``t`` (1-based) of a run, in this order:

1. gradient noise: ``g <- g + s xi_t`` with ``xi_t ~ N(0, I_D)``, the ``t``-th row of
   ``numpy.random.Generator(PCG64(seed)).standard_normal((steps, D))`` (drawn in
   blocks; the stream is the same however it is cut), and ``s = noise`` or, with
   ``noise_relative``, ``s = noise * ||grad f(x_t)||`` (the true gradient's norm);
2. clipping: ``torch.nn.utils.clip_grad_norm_(max_norm=clip)`` on the noisy gradient
   (:func:`optim_lab.optimizers.clip_by_norm`);
3. the optimizer's rule with ``lr = lr_t``, the learning rate ``torch.optim.lr_scheduler``
   gives step ``t`` (:mod:`optim_lab.schedules`); AMSGrad as ``torch.optim.Adam(amsgrad=True)``.

So a run is reproducible from its settings alone: the same seed gives the same path
in the Surface Lab, on the command line and from a file; ``noise = 0`` is exactly the
noiseless run.  Example::

    d = Dynamics(noise=1e-3, seed=7, schedule="warmup:start_factor=0.01,total_iters=100")
    d = d.checked("gd")      # canonical schedule spec, or ValueError naming the field
    traj = run(surface, make_optimizer("gd", lr=0.1), (1.0, 0.0), 500, dynamics=d)
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from .schedules import ScheduleError, parse_schedule

__all__ = ["MAX_NOISE", "MAX_SEED", "NOISE_BLOCK", "Dynamics", "NoiseStream", "PLAIN"]

MAX_SEED = 2**63  # seeds are 0 <= seed < 2**63 (fits JSON, CSV and a C int64)
MAX_NOISE = 1e6  # a larger sigma only hides a typo: every run diverges at step 1
AMSGRAD_OPTIMIZERS = ("adam", "adamw")
NOISE_BLOCK = 4096  # noise rows drawn at a time


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


@dataclass(frozen=True)
class Dynamics:
    """One run's training dynamics; the defaults are a plain, deterministic run."""

    noise: float = 0.0  # sigma of Gaussian gradient noise, finite, >= 0
    noise_relative: bool = False  # noise sigma * ||grad f(x)|| instead of sigma
    seed: int = 0  # 0 <= seed < 2**63; numpy Generator(PCG64(seed)) per run
    schedule: str = "constant"  # canonical spec from optim_lab.schedules
    clip: float | None = None  # max gradient norm (clip_grad_norm_), None = off
    amsgrad: bool = False  # only Adam / AdamW

    def is_plain(self) -> bool:
        """True when nothing here changes a run (the old path: same results, same speed).

        A seed or the relative flag without noise changes nothing, so they do not count.
        """
        return (self.noise == 0 and self.schedule in ("constant", "") and self.clip is None
                and not self.amsgrad)

    @property
    def has_noise(self) -> bool:
        return self.noise > 0

    @property
    def needs_loop(self) -> bool:
        """Noise or a schedule: the run takes the dynamics loop (clipping and AMSGrad alone
        are optimizer settings the ordinary loops already run)."""
        return self.noise > 0 or self.schedule not in ("constant", "")

    def peak_lr(self, base_lr: float) -> float:
        """The largest learning rate the schedule gives a run of base ``base_lr`` (what a
        stability limit should be compared with)."""
        if self.schedule in ("constant", "") or not base_lr > 0:
            return float(base_lr)
        return parse_schedule(self.schedule).peak_lr(float(base_lr))

    def _validated(self) -> Dynamics:
        """Canonical copy (schedule spec, float / int / bool types), or ValueError."""
        noise = self.noise
        if not _is_number(noise) or not math.isfinite(float(noise)) or not (
                0.0 <= float(noise) <= MAX_NOISE):
            raise ValueError(f"invalid noise: {noise!r} (sigma must be a finite number from 0 "
                             f"to {MAX_NOISE:g})")
        if not isinstance(self.noise_relative, (bool, np.bool_)):
            raise ValueError(f"invalid noise_relative: {self.noise_relative!r} (true or false)")
        seed = self.seed
        if not _is_int(seed) or not 0 <= int(seed) < MAX_SEED:
            raise ValueError(f"invalid seed: {seed!r} (a whole number from 0 to 2**63 - 1)")
        if not isinstance(self.schedule, str):
            raise ValueError(f"invalid schedule: {self.schedule!r} (text such as "
                             "'cosine:T_max=500')")
        try:
            spec = parse_schedule(self.schedule).spec
        except ScheduleError as exc:
            raise ValueError(f"invalid schedule {self.schedule[:60]!r}: {exc}") from None
        clip = self.clip
        if clip is not None:
            if not _is_number(clip) or not math.isfinite(float(clip)) or not float(clip) > 0:
                raise ValueError(f"invalid clip: {clip!r} (the largest gradient norm: a finite "
                                 "number > 0, or none)")
            clip = float(clip)
        if not isinstance(self.amsgrad, (bool, np.bool_)):
            raise ValueError(f"invalid amsgrad: {self.amsgrad!r} (true or false)")
        return Dynamics(float(noise), bool(self.noise_relative), int(seed), spec, clip,
                        bool(self.amsgrad))

    def checked(self, optimizer: str) -> Dynamics:
        """The canonical copy for a run of ``optimizer``, or ValueError naming the field and
        the bad value (AMSGrad exists only for Adam and AdamW)."""
        d = self._validated()
        if d.amsgrad and optimizer not in AMSGRAD_OPTIMIZERS:
            raise ValueError(f"invalid amsgrad: True for {optimizer!r} (only adam and adamw "
                             "have AMSGrad)")
        return d

    def to_dict(self) -> dict[str, Any]:
        """Every field, JSON-ready (``from_dict(d.to_dict()) == d``)."""
        return {"noise": float(self.noise), "noise_relative": bool(self.noise_relative),
                "seed": int(self.seed), "schedule": self.schedule,
                "clip": None if self.clip is None else float(self.clip),
                "amsgrad": bool(self.amsgrad)}

    @classmethod
    def from_dict(cls, d: Any) -> Dynamics:
        """Strict reading (files): an object with only these keys (missing ones take the
        defaults), each of the right type; ValueError names the bad field."""
        if not isinstance(d, Mapping):
            raise ValueError("dynamics must be an object such as {\"noise\": 0.001, \"seed\": 1}")
        names = [f.name for f in fields(cls)]
        extra = set(d) - set(names)
        if extra:
            raise ValueError(f"dynamics has unknown keys {sorted(str(k)[:40] for k in extra)[:5]};"
                             f" it takes {', '.join(names)}")
        for key in ("noise_relative", "amsgrad"):
            if key in d and not isinstance(d[key], bool):
                raise ValueError(f"invalid {key}: {d[key]!r} (true or false)")
        if "seed" in d and isinstance(d["seed"], float):
            raise ValueError(f"invalid seed: {d['seed']!r} (a whole number from 0 to 2**63 - 1)")
        return cls(**{k: d[k] for k in names if k in d})._validated()

    def with_changes(self, **changes: Any) -> Dynamics:
        """A copy with some fields replaced (unknown names: ValueError)."""
        names = {f.name for f in fields(self)}
        unknown = set(changes) - names
        if unknown:
            raise ValueError(f"dynamics has no field {', '.join(sorted(unknown))}; "
                             f"it has {', '.join(sorted(names))}")
        return replace(self, **changes)

    def describe(self) -> str:
        """Short English text of what is on (empty for a plain run), for logs and files."""
        parts = []
        if self.noise > 0:
            rel = " x |grad|" if self.noise_relative else ""
            parts.append(f"noise {self.noise:g}{rel} (seed {self.seed})")
        if self.schedule not in ("constant", ""):
            parts.append(f"schedule {self.schedule}")
        if self.clip is not None:
            parts.append(f"clip {self.clip:g}")
        if self.amsgrad:
            parts.append("amsgrad")
        return ", ".join(parts)


PLAIN = Dynamics()


class NoiseStream:
    """Rows xi_1, xi_2, ... of ``Generator(PCG64(seed)).standard_normal((steps, dim))``,
    drawn ``NOISE_BLOCK`` rows at a time (the same numbers as one big draw)."""

    def __init__(self, seed: int, dim: int) -> None:
        self._rng = np.random.Generator(np.random.PCG64(int(seed)))
        self.dim = int(dim)

    def block(self, rows: int = NOISE_BLOCK) -> np.ndarray:
        return self._rng.standard_normal((rows, self.dim))

    def rows(self) -> Iterator[np.ndarray]:
        """Endless rows, one per step."""
        while True:
            yield from self.block()

    def pairs(self) -> Iterator[tuple[float, float]]:
        """Endless (xi_x, xi_y) Python floats, one pair per step (2-D runs)."""
        while True:
            b = self.block()
            yield from zip(b[:, 0].tolist(), b[:, 1].tolist())
