"""Runs recorded with a stride equal the engine's runs on every kept step."""

from __future__ import annotations

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer, run
from optim_lab.recording import record_run

CASES = [  # surface, dim, optimizer, hyperparameters, start, steps: every status, 2-D and N-D
    ("rosenbrock", 2, "adam", {"lr": 0.02}, [-1.5, 2.0], 3000),
    ("booth", 2, "gd", {"lr": 0.2}, [0.0, 0.0], 500),
    ("saddle", 2, "gd", {"lr": 0.1}, [1.0, 1e-9], 300),
    ("himmelblau", 2, "momentum", {"lr": 0.01, "momentum": 0.9}, [0.0, 0.0], 2000),
    ("rastrigin", 2, "gd", {"lr": 0.001}, [2.2, 1.1], 5000),
    ("monkey_saddle", 2, "gd", {"lr": 0.01}, [0.5, 0.0], 400),
    ("rosenbrock", 5, "momentum", {"lr": 1e-4, "momentum": 0.9}, [0.0] * 5, 3000),
    ("nd_saddle", 6, "gd", {"lr": 0.05}, [0.3, 0, 0, 0, 0, 1e-8], 800),
    ("rastrigin", 4, "adam", {"lr": 0.01}, [1.1, 2.2, -0.4, 0.3], 2000),
    ("quadratic", 3, "gd", {"lr": 10.0}, [1.0, 1.0, 1.0], 100),
    ("styblinski_tang", 3, "gd", {"lr": 0.01}, [0.1, 0.2, 0.3], 2000),
]


def _thin(n: int, every: int) -> np.ndarray:
    idx = np.arange(0, n, every)
    return idx if idx[-1] == n - 1 else np.append(idx, n - 1)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}d-{c[2]}")
@pytest.mark.parametrize("every", [1, 7, 100])
def test_kept_points_and_outcome_equal_the_engine(case, every):
    name, dim, opt, hyper, start, steps = case
    surface, optimizer = get_surface(name, dim=dim), make_optimizer(opt, **hyper)
    t = run(surface, optimizer, start, steps)
    r = record_run(surface, optimizer, start, steps, every)
    idx = _thin(len(t.points), every)
    np.testing.assert_array_equal(r.step_index, idx)
    for key in ("points", "losses", "grad_norms"):
        np.testing.assert_array_equal(getattr(r, key), getattr(t, key)[idx])  # bitwise
    assert (r.status, r.diverged_at, r.steps_near_saddle, r.end) == (
        t.status, t.diverged_at, t.steps_near_saddle, t.end)
    if every == 1 or t.end.nearest_minimum is not None:
        assert r.converged_at == t.converged_at
        assert r.summary() == t.summary()
    elif t.converged_at is not None:  # target = the end point: found among the kept points
        assert t.converged_at <= r.converged_at <= t.converged_at + every - 1


def test_progress_reaches_the_last_step():
    seen = []
    record_run(get_surface("rosenbrock", dim=300), make_optimizer("gd", lr=1e-6), [0.0] * 300,
               30_000, 10, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) > 1 and seen[-1] == (30_000, 30_000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.parametrize("every", [0, -1, 1.5, True])
def test_bad_every_is_refused(every):
    with pytest.raises(ValueError, match="invalid every"):
        record_run(get_surface("booth"), make_optimizer("gd", lr=0.01), [0.0, 0.0], 10, every)
