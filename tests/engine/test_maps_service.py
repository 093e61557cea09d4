"""The map process computes exactly what the engine computes here, can be cancelled, and
refuses (None) what it cannot rebuild."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer
from optim_lab.dynamics import Dynamics
from optim_lab.maps_service import MapProcess, MapRequest, run_request, surface_spec


@pytest.fixture(scope="module")
def proc():
    p = MapProcess()
    deadline = time.monotonic() + 60
    while not p.ready() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert p.ready()  # the child says so once the engine is imported
    yield p
    p.close()
    assert p.proc.returncode == 0  # the child ended on its own when its pipe closed


def _same(a, b) -> None:
    for name in ("labels", "steps_taken", "final_losses", "x", "y", "lrs", "betas"):
        if hasattr(a, name):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


def _requests():
    him = get_surface("himmelblau")
    adam = make_optimizer("adam", lr=0.05, amsgrad=True, clip_norm=3.0)
    yield MapRequest("basins", 1, him, adam, 150, False, box=(-5, 5, -5, 5), n=24)
    yield MapRequest("basins", 2, get_surface("rastrigin"),
                     make_optimizer("momentum", lr=0.002, momentum=0.9), 200, True,
                     box=(-5.12, 5.12, -5.12, 5.12), n=32)
    yield MapRequest("hyper", 3, get_surface("booth"), make_optimizer("momentum"), 200, False,
                     start=(-6.0, -4.0), lrs=tuple(np.geomspace(1e-3, 0.5, 12)),
                     betas=tuple(np.linspace(0, 0.99, 10)))
    yield MapRequest("hyper", 4, him, adam, 100, False, lrs=tuple(np.geomspace(1e-3, 1, 9)),
                     sweeps=((7, adam, (1.0, 1.0)), (8, make_optimizer("gd"), (-1.0, 2.0))))
    noisy = Dynamics(noise=0.5, seed=3, schedule="CosineAnnealingLR:T_max=100")
    yield MapRequest("basins", 6, get_surface("rastrigin"), make_optimizer("gd", lr=0.003), 120,
                     False, box=(-3, 3, -3, 3), n=16, dynamics=noisy)
    yield MapRequest("hyper", 7, him, make_optimizer("momentum"), 80, False, start=(1.0, 1.0),
                     lrs=tuple(np.geomspace(1e-3, 0.05, 6)), betas=(0.0, 0.5, 0.9),
                     dynamics=Dynamics(noise=0.2, seed=1))
    custom = get_surface("custom", expression="(x**2 - 1)**2 + y**2 + 0.3*x", bounds=[-2, 2, -2, 2])
    yield MapRequest("basins", 5, custom, make_optimizer("gd", lr=0.02), 200, False,
                     box=(-2, 2, -2, 2), n=20)


@pytest.mark.parametrize("req", list(_requests()), ids=lambda r: f"{r.kind}-{r.id}")
def test_the_map_process_gives_the_engine_result_bit_for_bit(proc, req):
    seen = []
    there = proc.compute(req, lambda: False, lambda t, n: seen.append((t, n)))
    here = run_request(req, lambda: False)
    assert there.error is None and not there.cancelled
    assert there.extra["pid"] == proc.proc.pid != os.getpid()
    pairs = zip(there.map, here.map) if isinstance(here.map, tuple) else [(there.map, here.map)]
    for a, b in pairs:
        _same(a, b)
    # progress every 25 steps to the last multiple of 25 (the child relays the engine's)
    assert seen and [t for t, _ in seen] == list(range(25, seen[-1][1] + 1, 25))[:len(seen)]
    assert seen[-1][1] - seen[-1][0] < 25 * max(1, len(req.sweeps))


def test_a_map_in_the_process_can_be_cancelled_and_the_process_goes_on(proc):
    req = MapRequest("basins", 9, get_surface("rosenbrock"),
                     make_optimizer("gd", lr=1e-4), 2000, True, box=(-2, 2, -1, 3), n=128)
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 3  # after a few polls: "a newer map was asked for"

    res = proc.compute(req, stop)
    assert res.cancelled and res.map is None
    small = MapRequest("basins", 10, get_surface("booth"), make_optimizer("gd", lr=0.05), 50,
                       False, box=(-10, 10, -10, 10), n=8)
    again = proc.compute(small, lambda: False)
    _same(again.map, run_request(small, lambda: False).map)


def test_requests_that_cannot_be_rebuilt_there_are_left_to_the_caller(proc):
    odd = get_surface("quadratic", kappa=3.0)  # built with a closure: not sent
    assert surface_spec(odd) is None and surface_spec(get_surface("booth")) == ("booth", {}, None)
    req = MapRequest("basins", 11, odd, make_optimizer("gd"), 10, False, box=(-1, 1, -1, 1), n=4)
    assert proc.compute(req, lambda: False) is None
