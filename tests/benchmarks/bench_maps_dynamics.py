"""What training dynamics cost a map: a 256² x 500-step basin map with noise, with a
schedule, with both, against the plain map, interleaved in one process
(``python -m tests.benchmarks.run maps_dynamics``)."""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from optim_lab import get_surface, make_optimizer
from optim_lab.dynamics import Dynamics
from optim_lab.maps import basin_map
from optim_lab.run_settings import DEFAULT_SETTINGS

from .run import Row

NO_STOP = dataclasses.replace(DEFAULT_SETTINGS, stop_on_convergence=False)
CASES = {
    "plain": None,
    "plain, every step (no early stop)": "no-stop",
    "noise": Dynamics(noise=0.5, seed=3),
    "schedule": Dynamics(schedule="cosine:T_max=500"),
    "noise + schedule": Dynamics(noise=0.5, seed=3, schedule="cosine:T_max=500"),
    "relative noise + schedule": Dynamics(noise=0.1, noise_relative=True, seed=3,
                                          schedule="cosine:T_max=500"),
}


def measure(n: int = 256, steps: int = 500, rounds: int = 3, surface: str = "himmelblau",
            optimizer: str = "gd", lr: float = 0.01) -> dict[str, float]:
    """Fastest of ``rounds`` seconds per case (the least disturbed by other load on a
    shared machine); the cases take turns, so load changes hit them alike."""
    s = get_surface(surface)
    opt = make_optimizer(optimizer, lr=lr)
    box = s.bounds.ravel()
    times: dict[str, list[float]] = {k: [] for k in CASES}
    basin_map(s, opt, box, 32, 50)  # warm-up
    for _ in range(rounds):
        for name, dyn in CASES.items():
            t = time.perf_counter()
            if dyn == "no-stop":  # what a noisy or scheduled run also does: every step
                basin_map(s, opt, box, n, steps, settings=NO_STOP)
            else:
                basin_map(s, opt, box, n, steps, dynamics=dyn)
            times[name].append(time.perf_counter() - t)
    return {k: float(np.min(v)) for k, v in times.items()}


def rows() -> list[Row]:
    med = measure()
    base = med["plain"]
    out = [Row("basin map 256² x 500, Himmelblau GD, plain (stops early)", f"{base:.3f} s")]
    for name, sec in med.items():
        if name != "plain":
            out.append(Row(f"  ... with {name}", f"{sec:.3f} s = {sec / base:.2f}x plain"))
    return out
