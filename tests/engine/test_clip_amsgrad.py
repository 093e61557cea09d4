"""Gradient clipping by norm and AMSGrad: validation and the clip rule itself.

Whole trajectories with both are compared with torch bit for bit in
``test_torch_bitwise.py`` (table rows ``*_clip``, ``*_amsgrad``); here the clip
is checked alone against ``torch.nn.utils.clip_grad_norm_`` on many vectors.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optim_lab import get_surface, make_optimizer, run
from optim_lab.optimizers import clip_by_norm


def test_clip_by_norm_matches_clip_grad_norm_on_many_vectors():
    rng = np.random.default_rng(5)
    G = rng.standard_normal((3000, 3)) * np.exp(rng.uniform(-4, 6, (3000, 1)))
    ref = np.empty_like(G)
    for i, g in enumerate(G):
        p = torch.zeros(3, dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor(g)
        torch.nn.utils.clip_grad_norm_([p], 2.5)
        ref[i] = p.grad.numpy()
    ours = clip_by_norm(G, 2.5)
    # torch's AVX2 norm may fuse multiply-adds: equal to an ulp here, bitwise on its
    # portable kernels (test_torch_bitwise.py)
    np.testing.assert_allclose(ours, ref, rtol=1e-15, atol=0)
    norms = np.linalg.norm(ours, axis=1)
    assert np.all(norms <= 2.5 * (1 + 1e-12))
    small = np.linalg.norm(G, axis=1) < 2.5
    assert small.any() and np.array_equal(ours[small], G[small])  # untouched below the bound


def test_clip_by_norm_of_an_overflowing_square_is_scale_safe():
    g = np.array([[3e200, 4e200]])
    np.testing.assert_allclose(clip_by_norm(g, 1.0), [[0.6, 0.8]], rtol=1e-12)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf"), "big"])
def test_bad_clip_values_are_refused(bad):
    with pytest.raises(ValueError, match="clip_norm"):
        make_optimizer("gd", lr=0.1, clip_norm=bad)


@pytest.mark.parametrize("bad", ["yes", 2, 0.5, [[1]]])
def test_bad_amsgrad_values_are_refused(bad):
    with pytest.raises(ValueError, match="amsgrad"):
        make_optimizer("adam", lr=0.1, amsgrad=bad)


def test_amsgrad_only_for_adam_and_adamw():
    with pytest.raises(ValueError, match="no hyperparameter amsgrad"):
        make_optimizer("rmsprop", lr=0.1, amsgrad=True)
    assert make_optimizer("adamw", amsgrad=True).hyper["amsgrad"] is True


def test_settings_show_in_description_and_trajectory():
    opt = make_optimizer("adam", lr=0.01, amsgrad=True, clip_norm=1.5)
    assert "amsgrad" in opt.describe() and "clip_norm=1.5" in opt.describe()
    assert "amsgrad" not in make_optimizer("adam").describe()
    traj = run(get_surface("booth"), opt, (-4.0, 7.0), 20)
    assert traj.hyperparameters["clip_norm"] == 1.5 and traj.hyperparameters["amsgrad"] == 1.0
    assert "clip_norm" not in make_optimizer("gd").hyper


def test_clipping_bounds_every_step_of_a_run():
    """GD on Booth from far away: unclipped steps are ~lr·|g|; clipped ones at most lr·c."""
    s = get_surface("booth")
    lr, c = 0.05, 1.0
    free = run(s, make_optimizer("gd", lr=lr), (-9.0, 9.0), 50)
    clipped = run(s, make_optimizer("gd", lr=lr, clip_norm=c), (-9.0, 9.0), 50)
    assert free.step_lengths.max() > 10 * lr * c
    assert clipped.step_lengths.max() <= lr * c * (1 + 1e-12)
    assert not np.array_equal(free.points[:5], clipped.points[:5])
