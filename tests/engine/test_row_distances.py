"""Blocked trajectory distances equal numpy's expressions bit for bit (the end diagnosis
uses them; other tests compare whole runs against torch.optim in float64)."""

from __future__ import annotations

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer, run_many
from optim_lab.row_distances import BLOCK_BYTES, last_farther_than, step_lengths_of
from optim_lab.runs import RunSettings


def _numpy_last_far(pts, target, r) -> int:
    away = np.flatnonzero(np.linalg.norm(pts - target, axis=1) > r)
    return int(away[-1]) if away.size else -1


@pytest.mark.parametrize("shape", [(1, 3), (2, 1), (7, 2), (1001, 1000), (300, 5000),
                                   (5000, 3)])
def test_step_lengths_equal_numpy_bitwise(shape):
    rng = np.random.default_rng(shape[0] * 7 + shape[1])
    # scales spread over many octaves, so the summation order would show
    pts = rng.standard_normal(shape) * np.exp(rng.uniform(-20, 20, shape))
    ours = step_lengths_of(pts)
    ref = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    assert ours.shape == ref.shape
    assert np.array_equal(ours.view(np.int64), ref.view(np.int64))


def test_step_lengths_of_an_unaligned_view_equal_numpy_bitwise():
    raw = np.random.default_rng(3).standard_normal(1 + 400 * 333)
    pts = raw[1:].reshape(400, 333)  # a view 8 bytes off its buffer's start
    assert np.array_equal(step_lengths_of(pts), np.linalg.norm(np.diff(pts, axis=0), axis=1))


@pytest.mark.parametrize("dim", [2, 1000, 40000])
def test_last_farther_than_equals_numpy(dim):
    rng = np.random.default_rng(dim)
    n = 1001
    target = rng.standard_normal(dim)
    # a run that arrives: distances shrink geometrically, with a late excursion
    decay = np.geomspace(10.0, 1e-9, n)
    pts = target + rng.standard_normal((n, dim)) / np.sqrt(dim) * decay[:, None]
    pts[n - 40] = target + 5.0  # farther than any r below, well inside the last block
    pts[3, 0] = np.nan  # NaN distances are never "farther"
    dist = np.linalg.norm(pts - target, axis=1)
    radii = [0.0, 1e-9, 1e-5, float(dist[n - 1]), float(dist[500]), 1e3]
    for r in radii:
        assert last_farther_than(pts, target, r) == _numpy_last_far(pts, target, r), r
    # exactly at r is not farther (the same comparison on the same bits)
    r = float(dist[-1])
    assert last_farther_than(pts[:-1], target, r) == _numpy_last_far(pts[:-1], target, r)
    assert last_farther_than(pts[:0], target, 1.0) == -1


def test_blocks_are_smaller_than_a_d1000_trajectory():
    # the point of the module: the D = 1000 runs of the N-D Lab go through several blocks
    assert BLOCK_BYTES < 1001 * 1000 * 8 // 4


def test_d1000_runs_diagnose_as_the_numpy_expressions():
    surf = get_surface("quadratic", dim=1000, kappa=100.0)
    x0 = np.random.default_rng(0).uniform(-1.0, 1.0, 1000)
    opts = [make_optimizer("gd", lr=0.015), make_optimizer("momentum", lr=0.01, momentum=0.9),
            make_optimizer("adam", lr=0.01)]
    for t in run_many(surf, opts, x0, 400, RunSettings(stop_on_convergence=False)):
        ref = np.linalg.norm(np.diff(t.points, axis=0), axis=1)
        assert np.array_equal(t.step_lengths[1:], ref) and t.step_lengths[0] == 0.0
        if t.status == "converged":
            target = t.end.nearest_minimum.as_array()
            r = RunSettings().reach * surf.scale
            assert t.converged_at == min(_numpy_last_far(t.points, target, r) + 1, t.steps)
    assert any(t.status == "converged" for t in run_many(surf, opts, x0, 400))
