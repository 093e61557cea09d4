"""Norm layers (train/eval), the batch-norm gradient explosion, clipping, schedules, MSE."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from optim_lab.deep import DeepConfig
from optim_lab.deep.models import build_model
from optim_lab.deep.probes import probe_gradients, training_loss
from optim_lab.deep.scenarios import deep_scenario
from optim_lab.deep.training import StackTrainer, dataset_tensors, train
from optim_lab.schedules import parse_schedule

# one thread: on a shared 2-core machine torch's second thread only spins against other work
torch.set_num_threads(1)


def _reference_layer(model, i: int, h: torch.Tensor, bn: nn.BatchNorm1d) -> torch.Tensor:
    return F.linear(model.phi(bn(h)), model.weight[i], model.bias[i])


def test_batchnorm_equals_nn_batchnorm1d_in_train_and_eval_mode() -> None:
    cfg = DeepConfig(depth=1, width=8, activation="relu", norm="batch", n_samples=64,
                     batch_size=32)
    model = build_model(cfg)
    bn = nn.BatchNorm1d(8)  # eps 1e-5, momentum 0.1, weight 1, bias 0: the same as ours
    x = torch.randn(32, 2, generator=torch.Generator().manual_seed(0))
    for _ in range(3):  # three training forwards update the running statistics
        h0 = model.embed(x)
        ours = model.layer(0, h0)
        ref = _reference_layer(model, 0, h0.detach(), bn)
        torch.testing.assert_close(ours, ref)
        x = x * 1.5 + 0.2
    torch.testing.assert_close(model.running_mean[0], bn.running_mean)
    torch.testing.assert_close(model.running_var[0], bn.running_var)
    model.eval()
    bn.eval()
    h0 = model.embed(x)
    torch.testing.assert_close(model.layer(0, h0), _reference_layer(model, 0, h0, bn))
    # eval mode uses the running statistics, so one row alone gets the same output as in a batch
    torch.testing.assert_close(model(x[:1]), model(x)[:1])


def test_post_activation_norm_normalises_the_activation() -> None:
    cfg = DeepConfig(depth=1, width=8, activation="relu", norm="layer", norm_position="post")
    model = build_model(cfg)
    h = torch.randn(5, 8, generator=torch.Generator().manual_seed(1))
    expected = F.linear(F.layer_norm(torch.relu(h), (8,)), model.weight[0], model.bias[0])
    torch.testing.assert_close(model.layer(0, h), expected)


def _ratio(config: DeepConfig) -> float:
    X, y = dataset_tensors(config)
    probe = probe_gradients(build_model(config), X[: config.batch_size], y[: config.batch_size])
    return float(probe.ratio)


def test_batchnorm_makes_a_deep_plain_stack_explode_and_skips_fix_it() -> None:
    """Yang et al. (ICLR 2019): the scenario's 40 x 96 ReLU stack, He init, batch 128, seeded."""
    cfg = deep_scenario("batchnorm_explodes").config
    plain = _ratio(cfg.with_(norm="none"))
    with_bn = _ratio(cfg)
    bn_skips = _ratio(cfg.with_(residual=True))
    assert with_bn >= 100 * plain
    assert 0.1 <= bn_skips <= 10.0
    assert with_bn > 300  # measured 1.9e3 with this seed


def test_clipping_equals_clip_grad_norm_and_counts_clipped_steps() -> None:
    cfg = DeepConfig(depth=3, width=8, activation="tanh", optimizer="sgd", lr=0.1, clip=0.05,
                     n_samples=64, batch_size=64, dataset="moons")
    X, y = dataset_tensors(cfg)
    trainer = StackTrainer(cfg, X, y)
    twin = build_model(cfg)
    idx = torch.arange(64)
    for _ in range(3):
        loss = F.cross_entropy(twin(X), y)
        grads = torch.autograd.grad(loss, list(twin.parameters()))
        norm = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g) for g in grads]))
        coef = torch.clamp(cfg.clip / (norm + 1e-6), max=1.0)  # clip_grad_norm_'s formula
        with torch.no_grad():
            for p, g in zip(twin.parameters(), grads, strict=True):
                p.add_(g * coef, alpha=-cfg.lr)  # SGD's update of the clipped gradient
        rec = trainer.step(idx)
        assert rec.clipped == bool(norm > cfg.clip)
        assert rec.grad_norm == pytest.approx(float(norm), rel=1e-6)
    for a, b in zip(trainer.model.parameters(), twin.parameters(), strict=True):
        assert torch.equal(a, b)  # bit for bit: the same clipping and the same update
    h = trainer.history
    assert h.clipped_fraction == sum(r.clipped for r in h.records) / 3


def test_clipping_off_never_clips_and_fraction_is_zero() -> None:
    h = train(DeepConfig(depth=2, width=8, n_samples=64, batch_size=32), 5)
    assert not any(r.clipped for r in h.records) and h.clipped_fraction == 0.0


def test_trainer_follows_the_schedule_step_by_step() -> None:
    spec = "warmup_cosine:warmup_iters=4,start_factor=0.1,T_max=6"
    cfg = DeepConfig(depth=2, width=8, optimizer="sgd", lr=0.2, schedule=spec, n_samples=64,
                     batch_size=64, dataset="moons")
    h = train(cfg, 12)
    expected = parse_schedule(spec).lrs(0.2, 12)
    np.testing.assert_array_equal([r.lr for r in h.records], expected)
    # the lr really drives the step: SGD's update of the hidden weights is lr * gradient
    X, y = dataset_tensors(cfg)
    trainer = StackTrainer(cfg, X, y)
    for k in range(3):
        before = trainer.model.weight.detach().clone()
        trainer.step(torch.arange(64))
        grad = trainer.model.weight.grad
        torch.testing.assert_close(trainer.model.weight.detach(), before - expected[k] * grad)


def test_mse_is_half_the_squared_distance_to_one_hot_per_row() -> None:
    logits = torch.tensor([[0.5, -1.0], [2.0, 0.0]], dtype=torch.float64)
    y = torch.tensor([1, 0])
    expected = 0.5 * ((0.5**2 + 2.0**2) + (1.0**2 + 0.0**2)) / 2
    assert float(training_loss("mse", logits, y)) == pytest.approx(expected)


def test_config_canonicalises_the_schedule_and_rejects_bad_specs() -> None:
    assert DeepConfig(schedule="cosine:T_max=10").schedule == parse_schedule("cosine:T_max=10").spec
    with pytest.raises(ValueError, match="schedule"):
        DeepConfig(schedule="cosine")


def test_random_labels_have_five_classes_and_the_model_five_outputs() -> None:
    cfg = DeepConfig(dataset="random", depth=2, width=8, n_samples=100, batch_size=50)
    X, y = dataset_tensors(cfg)
    assert set(y.tolist()) == set(range(5))
    assert build_model(cfg)(X).shape == (100, 5)
    h = train(cfg, 2)
    assert h.status == "max_steps"


def test_every_keeps_only_the_records_asked_for() -> None:
    h = train(DeepConfig(depth=2, width=8, n_samples=64, batch_size=16), 25, every=10)
    assert [r.step for r in h.records] == [1, 11, 21]
    assert [s["step"] for s in h.to_dict()["steps"]] == [1, 11, 21, 25]
    assert h.steps_done == 25
