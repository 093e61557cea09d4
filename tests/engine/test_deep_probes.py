"""Per-layer gradient probes: the issue's ratios, and agreement with direct autograd."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from optim_lab.deep import DeepConfig, build_model, make_dataset, probe_gradients
from optim_lab.deep.probes import _layer_norms, first_last_ratio, update_ratios
from optim_lab.deep.training import ABTrainer


def _batch(config: DeepConfig, n: int = 128) -> tuple[torch.Tensor, torch.Tensor]:
    X, y = make_dataset(config.dataset, config.n_samples, noise=config.noise, seed=config.seed)
    return torch.from_numpy(X[:n]), torch.from_numpy(y[:n])


def _first_step_ratios(config: DeepConfig) -> tuple[float | None, float | None, object]:
    ab = ABTrainer(config)
    plain, residual = ab.step()
    return plain.ratio, residual.ratio, plain


def test_plain_sigmoid_30_vanishes_while_residual_flows() -> None:
    plain_ratio, residual_ratio, rec = _first_step_ratios(DeepConfig(depth=30))
    underflow = bool(rec.underflow[0])
    assert (plain_ratio == 0.0 and underflow) or (0.0 < plain_ratio < 1e-6)
    assert residual_ratio > 1e-2


def test_too_large_init_makes_gradients_grow_with_depth() -> None:
    ratios = []
    for depth in (5, 15, 30):
        cfg = DeepConfig(depth=depth, activation="relu", init="he", gain=1.5)
        ratios.append(_first_step_ratios(cfg)[0])
    assert ratios[-1] > 1e3
    assert ratios[0] < ratios[1] < ratios[2]


def test_he_init_relu_stays_within_two_orders_of_magnitude() -> None:
    ratio = _first_step_ratios(DeepConfig(depth=30, activation="relu", init="he"))[0]
    assert 1e-2 < ratio < 1e2


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("norm", ["none", "layer", "batch"])
def test_activation_probes_match_autograd_on_a_leaf_at_each_layer(
    residual: bool, norm: str
) -> None:
    cfg = DeepConfig(depth=6, width=12, activation="tanh", residual=residual, norm=norm)
    model = build_model(cfg)
    X, y = _batch(cfg)
    probe = probe_gradients(model, X, y)
    _, hidden = model.forward_probed(X)
    for layer in range(1, cfg.depth + 1):
        leaf = hidden[layer - 1].detach().clone().requires_grad_(True)
        loss = F.cross_entropy(model.forward_from(layer, leaf), y)
        (g,) = torch.autograd.grad(loss, leaf)
        direct = float(g.double().norm())
        assert probe.act_grad_norms[layer - 1] == pytest.approx(direct, rel=1e-5)


def test_weight_gradient_probes_match_loss_backward() -> None:
    cfg = DeepConfig(depth=8, width=16, activation="gelu", residual=True)
    X, y = _batch(cfg)
    probe = probe_gradients(build_model(cfg), X, y)
    twin = build_model(cfg)
    F.cross_entropy(twin(X), y).backward()
    direct = [float(twin.weight.grad[i].double().norm()) for i in range(cfg.depth)]
    np.testing.assert_allclose(probe.weight_grad_norms, direct, rtol=1e-5)


def test_activation_probe_matches_finite_differences_in_float64() -> None:
    cfg = DeepConfig(depth=5, width=8, activation="sigmoid")
    model = build_model(cfg).double()
    X, y = _batch(cfg, 32)
    X = X.double()
    logits, hidden = model.forward_probed(X)
    loss = F.cross_entropy(logits, y)
    grads = torch.autograd.grad(loss, hidden)
    gen = torch.Generator().manual_seed(1)
    for layer in (1, 3, 5):
        h = hidden[layer - 1].detach()
        v = torch.randn(h.shape, generator=gen, dtype=torch.float64)
        eps = 1e-6
        with torch.no_grad():
            up = F.cross_entropy(model.forward_from(layer, h + eps * v), y)
            down = F.cross_entropy(model.forward_from(layer, h - eps * v), y)
        fd = float((up - down) / (2 * eps))
        assert float((grads[layer - 1] * v).sum()) == pytest.approx(fd, rel=1e-5, abs=1e-12)


def test_exact_zero_means_every_entry_underflowed_and_small_stays_nonzero() -> None:
    cfg = DeepConfig(depth=80, width=16)
    model = build_model(cfg)
    X, y = _batch(cfg)
    probe = probe_gradients(model, X, y)
    assert probe.underflow.any(), "a plain sigmoid stack of depth 80 underflows in float32"
    assert not probe.underflow.all()
    logits, hidden = model.forward_probed(X)
    raw = torch.autograd.grad(F.cross_entropy(logits, y), hidden)
    for layer in range(cfg.depth):
        all_zero = bool((raw[layer] == 0).all())
        assert all_zero == bool(probe.underflow[layer])
    assert probe.ratio == 0.0


def test_float64_norms_keep_subnormal_gradients_nonzero() -> None:
    tiny = torch.full((1, 64), 1e-30, dtype=torch.float32)
    assert float(_layer_norms(tiny)[0]) == pytest.approx(8e-30, rel=1e-6)


def test_first_last_ratio_edge_cases() -> None:
    assert first_last_ratio(np.array([2.0, 1.0, 4.0])) == 0.5
    assert first_last_ratio(np.array([0.0, 1.0])) == 0.0
    assert first_last_ratio(np.array([1.0, 0.0])) is None
    assert first_last_ratio(np.array([np.nan, 1.0])) is None


def test_update_ratio_of_a_zero_initialised_layer_uses_the_new_weights() -> None:
    before = torch.zeros(2, 3, 3)
    after = before.clone()
    after[0, 0, 0] = 0.5
    ratios = update_ratios(before, after)
    assert ratios.tolist() == [1.0, 0.0]


def test_depth_30_gradient_is_small_not_zero_although_a_float32_norm_says_zero() -> None:
    # A plain float32 norm squares entries of ~1e-29 to below float32's range and reports 0;
    # the probe must not call that underflow, because no entry of the gradient is zero.
    cfg = DeepConfig(depth=30)
    model = build_model(cfg)
    X, y = _batch(cfg, 256)
    logits, hidden = model.forward_probed(X)
    g1 = torch.autograd.grad(F.cross_entropy(logits, y), hidden)[0]
    assert not bool((g1 == 0).any())
    probe = probe_gradients(model, X, y)
    assert not probe.underflow[0]
    assert probe.act_grad_norms[0] == pytest.approx(float(g1.double().norm()), rel=1e-5)
