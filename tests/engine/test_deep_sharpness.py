"""Sharpness (lambda_max of the training-loss Hessian) against theory and a dense Hessian."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.func import functional_call

from optim_lab.deep import DeepConfig
from optim_lab.deep.models import build_model
from optim_lab.deep.probes import training_loss
from optim_lab.deep.sharpness import hessian_vector_product, lambda_max, top_eigenpair
from optim_lab.deep.training import BatchSampler, StackTrainer, dataset_tensors, train

# one thread: on a shared 2-core machine torch's second thread only spins against other work
torch.set_num_threads(1)


def _spectrum_operator(eigs: np.ndarray, seed: int = 0):
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(len(eigs), len(eigs))))
    H = torch.from_numpy(q @ np.diag(eigs) @ q.T)
    return H, (lambda v: H @ v)


def test_lanczos_finds_lambda_max_of_a_quadratic_even_when_a_negative_one_dominates() -> None:
    # the quadratic f(w) = 1/2 w^T H w has Hessian H; its lambda_max is known exactly
    eigs = np.concatenate([[-50.0, 7.5, 7.0], np.linspace(-3.0, 3.0, 57)])
    H, hvp = _spectrum_operator(eigs)
    est = top_eigenpair(hvp, len(eigs), tol=1e-10, max_products=60)
    assert est.value == pytest.approx(7.5, rel=1e-9)
    assert est.residual < 1e-10
    # the residual it reports is the true one: ||H y - theta y|| / |theta|
    y = est.vector
    true = float((H @ y - est.value * y).norm()) / abs(est.value)
    assert true == pytest.approx(est.residual, abs=1e-9)


def test_warm_start_needs_fewer_products() -> None:
    eigs = np.linspace(0.1, 10.0, 200)
    _, hvp = _spectrum_operator(eigs, seed=1)
    cold = top_eigenpair(hvp, 200, tol=1e-6, max_products=200)
    warm = top_eigenpair(hvp, 200, tol=1e-6, max_products=200, start=cold.vector)
    assert cold.value == pytest.approx(10.0, rel=1e-6)
    assert warm.value == pytest.approx(10.0, rel=1e-6)
    assert warm.products < cold.products / 3


@pytest.mark.parametrize(("loss", "norm"), [("mse", "none"), ("ce", "layer"), ("mse", "batch")])
def test_lambda_max_equals_the_dense_hessian_of_a_tiny_network(loss: str, norm: str) -> None:
    cfg = DeepConfig(depth=2, width=4, activation="tanh", loss=loss, norm=norm, n_samples=40,
                     batch_size=40, dataset="moons", seed=3)
    model = build_model(cfg).double()
    X, y = dataset_tensors(cfg)
    X = X.double()
    names = [n for n, _ in model.named_parameters()]
    shapes = [p.shape for _, p in model.named_parameters()]
    flat0 = torch.cat([p.detach().reshape(-1) for p in model.parameters()])

    def loss_of(flat: torch.Tensor) -> torch.Tensor:
        params, i = {}, 0
        for name, shape in zip(names, shapes, strict=True):
            k = int(np.prod(shape))
            params[name] = flat[i : i + k].reshape(shape)
            i += k
        model.update_running_stats = False
        return training_loss(loss, functional_call(model, params, (X,)), y)

    dense = torch.autograd.functional.hessian(loss_of, flat0)
    model.update_running_stats = True
    exact = float(torch.linalg.eigvalsh(dense)[-1])
    est = lambda_max(model, X, y, tol=1e-12, max_products=len(flat0))
    assert est.value == pytest.approx(exact, rel=1e-6)
    assert est.residual < 1e-6
    # and one Hessian-vector product equals the dense matrix times the vector
    hvp, n = hessian_vector_product(model, X, y)
    v = torch.randn(n, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(hvp(v), dense @ v, rtol=1e-9, atol=1e-12)


def test_sharpness_does_not_touch_batchnorm_running_statistics() -> None:
    cfg = DeepConfig(depth=3, width=8, norm="batch", n_samples=64, batch_size=64)
    model = build_model(cfg)
    X, y = dataset_tensors(cfg)
    before = model.running_mean.clone(), model.running_var.clone()
    lambda_max(model, X, y)
    assert torch.equal(model.running_mean, before[0]) and torch.equal(model.running_var, before[1])


def test_trainer_measures_every_k_steps_warm_started() -> None:
    cfg = DeepConfig(depth=2, width=16, activation="tanh", loss="mse", full_batch=True,
                     n_samples=100, lr=0.05, sharpness_every=3, dataset="moons")
    h = train(cfg, 10)
    measured = [r.step for r in h.records if r.sharpness is not None]
    assert measured == [1, 4, 7, 10]
    assert all(r.sharpness_residual < 1e-3 for r in h.records if r.sharpness is not None)
    assert all(r.sharpness > 0 for r in h.records if r.sharpness is not None)
    d = h.to_dict()["steps"]
    assert d[1]["sharpness"] is None and d[0]["sharpness"] == h.records[0].sharpness


def test_full_batch_uses_every_row_each_step() -> None:
    cfg = DeepConfig(full_batch=True, n_samples=64, batch_size=8)
    sampler = BatchSampler(64, cfg.batch_rows, 0)
    assert torch.equal(sampler.next(), torch.arange(64))


def test_edge_of_stability_sharpens_then_hovers_at_two_over_lr() -> None:
    """Cohen et al. (2021), reduced: tanh 2-32-32-2, 200 spiral points, MSE, full-batch GD.

    Progressive sharpening: lambda_max starts well below 2/lr; then it rises to 2/lr and
    stays there (measured with this seed: 4.3 at step 1, about 9.7-11 from step 1000 on).
    """
    lr = 0.2
    cfg = DeepConfig(depth=1, width=32, activation="tanh", dataset="spirals", n_samples=200,
                     full_batch=True, loss="mse", optimizer="sgd", lr=lr, sharpness_every=25)
    h = train(cfg, 1500)
    assert h.status == "max_steps"
    sharp = np.array([(r.step, r.sharpness) for r in h.records if r.sharpness is not None])
    limit = cfg.stability_limit()
    assert limit == pytest.approx(2 / lr)
    assert sharp[0, 1] < 0.7 * limit
    last_third = sharp[sharp[:, 0] > 1000, 1]
    assert len(last_third) >= 15
    assert last_third.min() >= 0.85 * limit and last_third.max() <= 1.2 * limit
    # the loss keeps falling overall, but not monotonically
    loss = np.array([r.loss for r in h.records])
    assert loss[-100:].mean() < 0.7 * loss[100]
    assert (np.diff(loss[500:]) > 0).sum() > 10


def test_momentum_limit_is_two_plus_two_beta_over_lr() -> None:
    cfg = DeepConfig(optimizer="momentum", momentum=0.9, lr=0.01)
    assert cfg.stability_limit() == pytest.approx(380.0)
    assert cfg.stability_limit(0.02) == pytest.approx(190.0)
    assert DeepConfig(optimizer="adam").stability_limit() is None


def test_stack_trainer_sharpness_equals_direct_estimate_before_the_step() -> None:
    cfg = DeepConfig(depth=2, width=8, loss="mse", full_batch=True, n_samples=50,
                     sharpness_every=1, dataset="xor", seed=2)
    X, y = dataset_tensors(cfg)
    trainer = StackTrainer(cfg, X, y)
    twin = build_model(cfg)
    direct = lambda_max(twin, X, y, seed=cfg.seed)
    rec = trainer.step(torch.arange(50))
    assert rec.sharpness == pytest.approx(direct.value, rel=1e-5)


def test_a_non_finite_model_gives_no_sharpness_instead_of_an_error() -> None:
    cfg = DeepConfig(depth=2, width=8, loss="mse", full_batch=True, n_samples=32,
                     sharpness_every=1)
    X, y = dataset_tensors(cfg)
    trainer = StackTrainer(cfg, X, y)
    with torch.no_grad():
        trainer.model.weight[0, 0, 0] = float("nan")
    est = lambda_max(trainer.model, X, y)
    assert not np.isfinite(est.value)
    assert trainer.sharpness() is None
    assert trainer.step(torch.arange(32)) is None and trainer.diverged
