"""Training a stack with per-step probes, and the A/B trainer (plain vs residual twin).

``StackTrainer.step`` runs one torch.optim step and returns a :class:`StepRecord`.  A stack
stops with ``status == "diverged"`` (no exception, nothing non-finite recorded) when its loss or
a gradient becomes non-finite, or when its loss grows past ``LOSS_BLOWUP`` (100) times its first
loss (at least ln 2): the "grows past a bound" rule of the design notes, which catches runs like
SGD at lr 1e3 whose loss jumps from 0.7 to hundreds but stays finite.
``ABTrainer`` steps a plain and a residual stack built from the same
config, seed and data and feeds both the same mini-batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from .config import DeepConfig
from .data import make_dataset
from .models import DeepMLP, build_model
from .probes import LayerNorms, probe_gradients, update_ratios

__all__ = [
    "LOSS_BLOWUP",
    "ABTrainer",
    "BatchSampler",
    "StackTrainer",
    "StepRecord",
    "TrainingHistory",
    "dataset_tensors",
    "make_optimizer",
    "train",
]


LOSS_BLOWUP = 100.0


@dataclass(frozen=True)
class StepRecord(LayerNorms):
    """What one training step measured (gradients are those used by the step)."""

    step: int  # 1-based
    loss: float
    accuracy: float  # on the step's mini-batch
    act_grad_norms: np.ndarray  # (depth,)
    weight_grad_norms: np.ndarray  # (depth,)
    update_ratios: np.ndarray  # (depth,)

    def to_dict(self) -> dict:
        return {
            "step": self.step,
            "loss": self.loss,
            "accuracy": self.accuracy,
            "first_last_ratio": self.ratio,
            "act_grad_norms": self.act_grad_norms.tolist(),
            "weight_grad_norms": self.weight_grad_norms.tolist(),
            "update_ratios": self.update_ratios.tolist(),
            "underflow": [int(i) + 1 for i in np.flatnonzero(self.underflow)],
        }


@dataclass
class TrainingHistory:
    """All records of one stack, plus how the run ended."""

    config: DeepConfig
    records: list[StepRecord] = field(default_factory=list)
    status: str = "running"  # running | diverged | max_steps
    diverged_at: int | None = None
    reason: str = ""  # English sentence
    cause: str = ""  # non_finite_loss | non_finite_gradient | loss_blowup (for translated UIs)

    def to_dict(self) -> dict:
        last = self.records[-1] if self.records else None
        return {
            "config": self.config.to_dict(),
            "status": self.status,
            "diverged_at": self.diverged_at,
            "reason": self.reason,
            "cause": self.cause,
            "steps_recorded": len(self.records),
            "final_first_last_ratio": last.ratio if last else None,
            "steps": [r.to_dict() for r in self.records],
        }


def make_optimizer(config: DeepConfig, params) -> torch.optim.Optimizer:
    """torch.optim: sgd = SGD, momentum = SGD(momentum), adam = Adam."""
    if config.optimizer == "sgd":
        return torch.optim.SGD(params, lr=config.lr)
    if config.optimizer == "momentum":
        return torch.optim.SGD(params, lr=config.lr, momentum=config.momentum)
    return torch.optim.Adam(params, lr=config.lr)


class BatchSampler:
    """Shuffled epochs of mini-batch indices from a seeded generator."""

    def __init__(self, n: int, batch_size: int, seed: int) -> None:
        self.n, self.batch_size = n, batch_size
        self._gen = torch.Generator().manual_seed(seed + 1)
        self._order = torch.empty(0, dtype=torch.long)
        self._pos = 0

    def next(self) -> torch.Tensor:
        if self.batch_size >= self.n:
            return torch.arange(self.n)
        if self._pos + self.batch_size > len(self._order):
            self._order = torch.randperm(self.n, generator=self._gen)
            self._pos = 0
        idx = self._order[self._pos : self._pos + self.batch_size]
        self._pos += self.batch_size
        return idx


class StackTrainer:
    """One model, its optimizer and its history."""

    def __init__(self, config: DeepConfig, X: torch.Tensor, y: torch.Tensor) -> None:
        self.config = config
        self.X, self.y = X, y
        self.model: DeepMLP = build_model(config, n_classes=int(y.max()) + 1 if len(y) else 2)
        self.optimizer = make_optimizer(config, self.model.parameters())
        self.history = TrainingHistory(config)
        self._loss_bound = float("inf")

    @property
    def diverged(self) -> bool:
        return self.history.status == "diverged"

    def step(self, idx: torch.Tensor) -> StepRecord | None:
        """One optimizer step on rows ``idx``; None once the stack has diverged."""
        if self.diverged:
            return None
        k = len(self.history.records) + 1
        self.optimizer.zero_grad(set_to_none=True)
        probe = probe_gradients(self.model, self.X[idx], self.y[idx])
        if not probe.finite:
            what = "loss" if not np.isfinite(probe.loss) else "gradient"
            self._diverge(k, f"the {what} became non-finite (inf or NaN) at step {k}",
                          f"non_finite_{what}")
            return None
        if probe.loss > self._loss_bound:
            first = self.history.records[0].loss
            self._diverge(k, f"the loss grew past {LOSS_BLOWUP:g}x its first value at step {k} "
                             f"({first:.3g} -> {probe.loss:.3g})", "loss_blowup")
            return None
        if k == 1:
            self._loss_bound = LOSS_BLOWUP * max(probe.loss, 0.6931471805599453)
        before = self.model.weight.detach().clone()
        self.optimizer.step()
        ratios = update_ratios(before, self.model.weight.detach())
        rec = StepRecord(
            k, probe.loss, probe.accuracy, probe.act_grad_norms, probe.weight_grad_norms, ratios
        )
        self.history.records.append(rec)
        return rec

    def _diverge(self, k: int, reason: str, cause: str) -> None:
        h = self.history
        h.status, h.diverged_at, h.reason, h.cause = "diverged", k, reason, cause

    @torch.no_grad()
    def predict_grid(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray | None:
        """P(class 1) on the grid, shape (len(ys), len(xs)); None if not finite."""
        gx, gy = np.meshgrid(xs, ys)
        pts = torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32))
        prob = torch.softmax(self.model(pts), dim=1)[:, -1].reshape(gy.shape).numpy()
        return prob.astype(np.float64) if np.isfinite(prob).all() else None


def dataset_tensors(config: DeepConfig) -> tuple[torch.Tensor, torch.Tensor]:
    """The configured data set as (X float32 (n, 2), y int64 (n,)) tensors."""
    X, y = make_dataset(config.dataset, config.n_samples, noise=config.noise, seed=config.seed)
    return torch.from_numpy(X), torch.from_numpy(y)


class ABTrainer:
    """A plain and a residual stack from one config: same seed, data, init and batches."""

    def __init__(self, config: DeepConfig) -> None:
        self.config = config
        self.X, self.y = dataset_tensors(config)
        self.plain = StackTrainer(config.with_(residual=False), self.X, self.y)
        self.residual = StackTrainer(config.with_(residual=True), self.X, self.y)
        self.sampler = BatchSampler(len(self.y), config.batch_size, config.seed)

    @property
    def stacks(self) -> tuple[StackTrainer, StackTrainer]:
        return self.plain, self.residual

    @property
    def steps_done(self) -> int:
        return max(len(s.history.records) for s in self.stacks)

    @property
    def finished(self) -> bool:
        return all(s.diverged for s in self.stacks)

    def step(self) -> tuple[StepRecord | None, StepRecord | None]:
        idx = self.sampler.next()
        return self.plain.step(idx), self.residual.step(idx)


def train(config: DeepConfig, steps: int) -> TrainingHistory:
    """Train one stack (plain or residual, as configured) for ``steps`` steps."""
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 1_000_000:
        raise ValueError(f"steps must be an integer between 1 and 1000000, got {steps!r}")
    X, y = dataset_tensors(config)
    trainer = StackTrainer(config, X, y)
    sampler = BatchSampler(len(y), config.batch_size, config.seed)
    for _ in range(steps):
        if trainer.step(sampler.next()) is None:
            break
    if trainer.history.status == "running":
        trainer.history.status = "max_steps"
    return trainer.history
