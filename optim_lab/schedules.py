"""Learning-rate schedules named and parameterised like ``torch.optim.lr_scheduler``.

Qt-free and torch-free.  A schedule is written as a spec string ``NAME[:key=value,...]``::

    constant
    StepLR:step_size=100,gamma=0.5
    ExponentialLR:gamma=0.99
    CosineAnnealingLR:T_max=1000,eta_min=0.001
    LinearLR:start_factor=0.1,end_factor=1,total_iters=100
    warmup_cosine:warmup_iters=100,start_factor=0.01,T_max=900,eta_min=0

``warmup_cosine`` is ``SequentialLR([LinearLR(start_factor, 1.0, warmup_iters),
CosineAnnealingLR(T_max, eta_min)], milestones=[warmup_iters])``: a linear warm-up, then a
cosine decay.  Names are case-insensitive; short aliases ``step``, ``exponential``, ``cosine``,
``linear`` are accepted, and ``warmup``: a linear warm-up, i.e. ``LinearLR``
(``warmup:start_factor=0.01,total_iters=100``), or ``warmup_cosine`` when it is given that
schedule's keys (``warmup:warmup_iters=100,T_max=900``, an older spelling).  In
``warmup_cosine``, ``warmup`` is short for ``warmup_iters``
(``warmup_cosine:warmup=100,T_max=900``).  Omitted keys take torch's defaults.

``lr[t]`` is the learning rate used by optimizer step ``t`` (0-based), i.e. the optimizer's
``lr`` after the scheduler was built and ``.step()`` was called ``t`` times.  It is computed by
the same *recursive* update torch applies to ``param_group["lr"]`` (not the closed forms), so
the values are equal to torch's in float64 bit for bit (the tests check it step by step):

- StepLR:            lr <- lr * gamma when t % step_size == 0 (t >= 1)
- ExponentialLR:     lr <- lr * gamma
- LinearLR:          lr_0 = base * start_factor; for 1 <= t <= total_iters
                     lr <- lr * (1 + (end - start) / (total_iters * start + (t - 1) * (end - start)))
- CosineAnnealingLR: lr <- (1 + cos(pi t / T)) / (1 + cos(pi (t - 1) / T)) * (lr - eta_min) + eta_min,
                     and lr <- lr + (base - eta_min) (1 - cos(pi / T)) / 2 when (t - 1 - T) % 2T == 0
                     (closed form: eta_min + (base - eta_min) (1 + cos(pi t / T)) / 2)
- warmup_cosine:     LinearLR for t < warmup_iters; at t = warmup_iters the cosine restarts from
                     its closed form at 0 (what SequentialLR does), then recurses as above.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["SCHEDULE_NAMES", "Schedule", "ScheduleError", "parse_schedule"]

MAX_SPEC_LENGTH = 200
MAX_PERIOD = 10_000_000

# canonical name -> {key: (kind, default)}; kind "int" (>= 1), "factor" (0, 1], "fraction" [0, 1],
# "gamma" (0, 1], "nonneg" finite >= 0.  Defaults are torch's where torch has one.
_PARAMS: dict[str, dict[str, tuple[str, float | int | None]]] = {
    "constant": {},
    "StepLR": {"step_size": ("int", None), "gamma": ("gamma", 0.1)},
    "ExponentialLR": {"gamma": ("gamma", None)},
    "CosineAnnealingLR": {"T_max": ("int", None), "eta_min": ("nonneg", 0.0)},
    "LinearLR": {"start_factor": ("factor", 1.0 / 3), "end_factor": ("fraction", 1.0),
                 "total_iters": ("int", 5)},
    "warmup_cosine": {"warmup_iters": ("int", None), "start_factor": ("factor", 1.0 / 3),
                      "T_max": ("int", None), "eta_min": ("nonneg", 0.0)},
}
_ALIASES = {"step": "StepLR", "exponential": "ExponentialLR", "exp": "ExponentialLR",
            "cosine": "CosineAnnealingLR", "linear": "LinearLR", "warmup": "LinearLR"}
_KEY_ALIASES = {"warmup_cosine": {"warmup": "warmup_iters"}}
# "warmup" given any of these keys means warmup_cosine (the spelling it had first)
_WARMUP_COSINE_KEYS = frozenset({"warmup_iters", "warmup", "T_max", "eta_min"})
SCHEDULE_NAMES = tuple(_PARAMS)


class ScheduleError(ValueError):
    """A schedule spec that cannot be used; the message says what to write instead."""


def _canonical_name(name: str) -> str:
    lowered = name.strip().lower()
    for canonical in _PARAMS:
        if canonical.lower() == lowered:
            return canonical
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    raise ScheduleError(f"unknown schedule {name.strip()!r}; use one of {', '.join(_PARAMS)}")


def _parse_value(name: str, key: str, kind: str, text: str) -> float | int:
    text = text.strip()
    if kind == "int":
        if not text.isdigit() or len(text) > 9:
            raise ScheduleError(f"{name}: {key} must be a whole number >= 1, got {text!r}")
        value = int(text)
        if not 1 <= value <= MAX_PERIOD:
            raise ScheduleError(f"{name}: {key} must be between 1 and {MAX_PERIOD}, got {value}")
        return value
    try:
        value = float(text)
    except ValueError:
        raise ScheduleError(f"{name}: {key} must be a number, got {text!r}") from None
    ok = {
        "gamma": 0.0 < value <= 1.0,
        "factor": 0.0 < value <= 1.0,
        "fraction": 0.0 <= value <= 1.0,
        "nonneg": math.isfinite(value) and 0.0 <= value <= 1e6,
    }[kind]
    if not ok:
        rule = {"gamma": "in (0, 1]", "factor": "in (0, 1]", "fraction": "in [0, 1]",
                "nonneg": "finite, >= 0 and <= 1e6"}[kind]
        raise ScheduleError(f"{name}: {key} must be {rule}, got {text}")
    return value


@dataclass(frozen=True)
class Schedule:
    """A parsed schedule: canonical ``name`` and every parameter (defaults filled in)."""

    name: str
    params: tuple[tuple[str, float | int], ...] = ()

    def __getitem__(self, key: str) -> float | int:
        return dict(self.params)[key]

    @property
    def spec(self) -> str:
        """The canonical spec string; ``parse_schedule(s.spec) == s``."""
        if not self.params:
            return self.name
        return self.name + ":" + ",".join(f"{k}={v!r}" for k, v in self.params)

    @property
    def is_constant(self) -> bool:
        return self.name == "constant"

    def iter_lrs(self, base_lr: float) -> Iterator[float]:
        """lr used at step 0, 1, 2, ... (endless), by torch's recursive update."""
        if not (math.isfinite(base_lr) and base_lr > 0):
            raise ScheduleError(f"the base learning rate must be finite and > 0, got {base_lr!r}")
        return self._recursion(base_lr)

    def iter_lr_rows(self, base_lrs: np.ndarray) -> Iterator[np.ndarray]:
        """:meth:`iter_lrs` for many base learning rates at once: step k's lrs as one float64
        array.  Every value is the one ``iter_lrs`` gives its base, bit for bit: the
        recursion's operations are the same IEEE float64 operations, applied elementwise
        (the factors that depend only on the step are the same Python floats)."""
        base = np.array(base_lrs, dtype=np.float64)
        if not (np.all(np.isfinite(base)) and np.all(base > 0)):
            raise ScheduleError("the base learning rates must be finite and > 0")
        return self._recursion(base)

    def _recursion(self, base_lr):
        """The lrs of torch's recursive update from ``base_lr`` (a float or a float64 array)."""
        p = dict(self.params)
        if self.name == "constant":
            while True:
                yield base_lr
        elif self.name in ("StepLR", "ExponentialLR"):
            step_size = p.get("step_size", 1)
            lr, t = base_lr, 0
            while True:
                yield lr
                t += 1
                if t % step_size == 0:
                    lr = lr * p["gamma"]
        elif self.name == "LinearLR":
            yield from _linear(base_lr, p["start_factor"], p["end_factor"], p["total_iters"], None)
        elif self.name == "CosineAnnealingLR":
            yield from _cosine(base_lr, base_lr, p["T_max"], p["eta_min"], restart=False)
        else:  # warmup_cosine (SequentialLR)
            warm = p["warmup_iters"]
            yield from _linear(base_lr, p["start_factor"], 1.0, warm, stop=warm)
            yield from _cosine(base_lr, base_lr, p["T_max"], p["eta_min"], restart=True)

    def lrs(self, base_lr: float, steps: int) -> np.ndarray:
        """float64 array of the lr at steps 0..steps-1."""
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
            raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
        it = self.iter_lrs(base_lr)
        return np.fromiter((next(it) for _ in range(steps)), dtype=np.float64, count=steps)

    def peak_lr(self, base_lr: float) -> float:
        """The largest lr the schedule ever uses: the base lr, except a LinearLR whose two
        factors are both below 1 (base · max(start_factor, end_factor)).  Every factor and
        gamma is at most 1, so no schedule here goes above its base lr."""
        if self.name == "LinearLR":
            p = dict(self.params)
            return base_lr * max(p["start_factor"], p["end_factor"])
        return base_lr


def _linear(base: float, start: float, end: float, total: int, stop: int | None):
    """LinearLR's recursion; yields ``stop`` values if given, else endlessly."""
    lr = base * start
    t = 0
    while stop is None or t < stop:
        yield lr
        t += 1
        if t <= total:
            lr = lr * (1.0 + (end - start) / (total * start + (t - 1) * (end - start)))


def _cosine(base: float, lr: float, T: int, eta_min: float, *, restart: bool):
    """CosineAnnealingLR's recursion from ``lr`` at its epoch 0.

    ``restart``: SequentialLR hands over at a milestone by evaluating the closed form at
    epoch 0, eta_min + (base - eta_min) * (1 + cos 0) / 2, which is not always ``base`` exactly.
    """
    if restart:
        lr = eta_min + (base - eta_min) * (1 + math.cos(math.pi * 0 / T)) / 2
    t = 0
    while True:
        yield lr
        t += 1
        if (t - 1 - T) % (2 * T) == 0:
            lr = lr + (base - eta_min) * (1 - math.cos(math.pi / T)) / 2
        else:
            lr = (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T)) * (
                lr - eta_min) + eta_min


def parse_schedule(spec: str) -> Schedule:
    """Parse ``NAME[:key=value,...]``; raises :class:`ScheduleError` naming what is wrong."""
    if not isinstance(spec, str):
        raise ScheduleError(f"a schedule must be text such as 'cosine:T_max=1000', got {spec!r}")
    if len(spec) > MAX_SPEC_LENGTH:
        raise ScheduleError(f"schedule spec is too long ({len(spec)} > {MAX_SPEC_LENGTH} characters)")
    text = spec.strip()
    if not text:
        return Schedule("constant")
    head, _, rest = text.partition(":")
    name = _canonical_name(head)
    if head.strip().lower() == "warmup" and any(
            item.partition("=")[0].strip() in _WARMUP_COSINE_KEYS for item in rest.split(",")):
        name = "warmup_cosine"
    allowed = _PARAMS[name]
    key_aliases = _KEY_ALIASES.get(name, {})
    given: dict[str, float | int] = {}
    if rest.strip():
        for item in rest.split(","):
            key, eq, value = item.partition("=")
            key = key.strip()
            key = key_aliases.get(key, key)
            if not eq or not key:
                raise ScheduleError(f"{name}: expected key=value, got {item.strip()!r}")
            if key not in allowed:
                known = ", ".join(allowed) or "no parameters"
                raise ScheduleError(f"{name}: unknown parameter {key!r} (takes {known})")
            if key in given:
                raise ScheduleError(f"{name}: {key} is given twice")
            given[key] = _parse_value(name, key, allowed[key][0], value)
    params = []
    for key, (kind, default) in allowed.items():
        if key not in given and default is None:
            raise ScheduleError(f"{name}: {key} is required (e.g. {name}:{key}=100)"
                                if kind == "int" else f"{name}: {key} is required")
        value = given.get(key, default)
        params.append((key, int(value) if kind == "int" else float(value)))
    if name == "LinearLR" and dict(params)["start_factor"] == dict(params)["end_factor"] == 0:
        raise ScheduleError("LinearLR: start_factor and end_factor cannot both be 0")
    return Schedule(name, tuple(params))
