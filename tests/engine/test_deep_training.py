"""Training: A/B pairing, determinism, optimizers, divergence, residual branch choices."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optim_lab.deep import ABTrainer, DeepConfig, build_model, train
from optim_lab.deep.training import BatchSampler


def _records(history) -> np.ndarray:
    return np.array([[r.loss, r.accuracy, *r.act_grad_norms, *r.weight_grad_norms,
                      *r.update_ratios] for r in history.records])


def test_same_seed_same_numbers_different_seed_different_numbers() -> None:
    cfg = DeepConfig(depth=6, width=16, activation="tanh", optimizer="adam", lr=0.01,
                     batch_size=64)
    a, b = ABTrainer(cfg), ABTrainer(cfg)
    c = ABTrainer(cfg.with_(seed=1))
    for _ in range(5):
        a.step(), b.step(), c.step()
    for sa, sb, sc in zip(a.stacks, b.stacks, c.stacks, strict=True):
        assert np.array_equal(_records(sa.history), _records(sb.history))
        assert not np.array_equal(_records(sa.history), _records(sc.history))


def test_plain_and_residual_twins_share_initial_weights_data_and_batches() -> None:
    ab = ABTrainer(DeepConfig(depth=5, width=8, batch_size=32))
    for name, p in ab.plain.model.named_parameters():
        assert torch.equal(p, dict(ab.residual.model.named_parameters())[name])
    assert ab.plain.X is ab.residual.X
    assert not ab.plain.model.config.residual and ab.residual.model.config.residual
    x = ab.X[:16]
    assert not torch.allclose(ab.plain.model(x), ab.residual.model(x))  # the skip matters


def test_zero_init_branch_starts_as_identity_with_equal_layer_gradients() -> None:
    cfg = DeepConfig(depth=10, width=8, residual=True, branch="zero_init")
    model = build_model(cfg)
    assert float(model.weight.detach().abs().sum()) == 0.0
    x = torch.randn(4, 2, generator=torch.Generator().manual_seed(0))
    _, hidden = model.forward_probed(x)
    h0 = model.embed(x)
    assert all(torch.equal(h, h0) for h in hidden)
    rec = ABTrainer(cfg).residual.step(torch.arange(64))
    assert rec.ratio == pytest.approx(1.0, rel=1e-6)
    assert rec.update_ratios.min() > 0.0  # zero layers still move


def test_unscaled_relu_residual_blows_up_forward_and_scaling_tames_it() -> None:
    x = torch.randn(64, 2, generator=torch.Generator().manual_seed(0))
    sizes = {}
    for branch in ("unscaled", "scaled"):
        cfg = DeepConfig(depth=100, width=32, activation="relu", init="he", residual=True,
                         branch=branch)
        with torch.no_grad():
            _, hidden = build_model(cfg).forward_probed(x)
        sizes[branch] = float(hidden[-1].abs().mean() / hidden[0].abs().mean())
    assert sizes["unscaled"] > 1e4 * sizes["scaled"]
    assert sizes["scaled"] < 100


def test_sgd_update_ratio_is_lr_times_gradient_over_weight() -> None:
    cfg = DeepConfig(depth=4, width=8, optimizer="sgd", lr=0.05)
    ab = ABTrainer(cfg)
    w0 = ab.plain.model.weight.detach().clone()
    rec = ab.plain.step(torch.arange(64))
    w_norms = w0.double().flatten(1).norm(dim=1).numpy()
    # the applied float32 update carries rounding of order eps32 relative to the weights
    np.testing.assert_allclose(rec.update_ratios, cfg.lr * rec.weight_grad_norms / w_norms,
                               rtol=1e-4, atol=4 * np.finfo(np.float32).eps)


@pytest.mark.parametrize("name, cls, extra", [
    ("sgd", torch.optim.SGD, {"momentum": 0}),
    ("momentum", torch.optim.SGD, {"momentum": 0.8}),
    ("adam", torch.optim.Adam, {}),
])
def test_optimizer_choice_builds_torch_optim(name: str, cls: type, extra: dict) -> None:
    cfg = DeepConfig(depth=2, width=4, optimizer=name, lr=0.02, momentum=0.8)
    opt = ABTrainer(cfg).plain.optimizer
    assert type(opt) is cls
    assert opt.param_groups[0]["lr"] == 0.02
    for key, value in extra.items():
        assert opt.param_groups[0][key] == value


def test_huge_learning_rate_is_reported_as_diverged_without_exception() -> None:
    cfg = DeepConfig(depth=20, width=16, activation="relu", init="he", lr=1e3)
    history = train(cfg, 50)
    assert history.status == "diverged"
    assert history.diverged_at is not None and history.diverged_at <= 50
    assert "non-finite" in history.reason or "grew past" in history.reason
    assert len(history.records) == history.diverged_at - 1
    for r in history.records:
        assert np.isfinite(r.loss) and np.isfinite(r.act_grad_norms).all()


def test_finite_loss_blow_up_past_the_bound_is_divergence() -> None:
    from optim_lab.deep.training import LOSS_BLOWUP

    cfg = DeepConfig(depth=20, width=16, activation="relu", init="he", lr=1e3, batch_size=64,
                     residual=True)
    history = train(cfg, 200)
    assert history.status == "diverged" and "grew past" in history.reason
    assert history.cause == "loss_blowup"
    first = history.records[0].loss
    assert all(r.loss <= LOSS_BLOWUP * max(first, np.log(2)) for r in history.records)
    assert len(history.records) == history.diverged_at - 1


def test_ab_trainer_keeps_stepping_the_stack_that_did_not_diverge() -> None:
    cfg = DeepConfig(depth=30, activation="relu", init="he", gain=1.5, lr=1e-3, dataset="moons")
    ab = ABTrainer(cfg)
    for _ in range(6):
        ab.step()
    assert ab.plain.history.status == "diverged"
    assert "non-finite" in ab.plain.history.reason  # loss 1e4 -> inf in one SGD step
    assert ab.plain.history.cause == "non_finite_loss"
    assert len(ab.residual.history.records) == 6
    assert ab.plain.step(torch.arange(8)) is None
    assert not ab.finished


def test_training_on_moons_lowers_the_loss() -> None:
    history = train(DeepConfig(depth=4, width=16, activation="tanh", optimizer="adam", lr=0.01,
                               dataset="moons"), 60)
    assert history.status == "max_steps"
    assert history.records[-1].loss < 0.7 * history.records[0].loss


def test_batch_sampler_covers_each_epoch_once() -> None:
    s = BatchSampler(10, 5, seed=0)
    seen = torch.cat([s.next(), s.next()])
    assert sorted(seen.tolist()) == list(range(10))


def test_predict_grid_gives_probabilities_in_grid_shape() -> None:
    ab = ABTrainer(DeepConfig(depth=3, width=8))
    p = ab.residual.predict_grid(np.linspace(-1, 1, 7), np.linspace(-1, 1, 5))
    assert p.shape == (5, 7) and (p >= 0).all() and (p <= 1).all()


@pytest.mark.parametrize("steps", [0, -3, 2.5, True])
def test_train_rejects_bad_step_counts(steps: object) -> None:
    with pytest.raises(ValueError, match="steps"):
        train(DeepConfig(depth=2, width=4), steps)
