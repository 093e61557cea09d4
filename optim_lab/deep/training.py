"""Training a stack with per-step probes, and the A/B trainer (plain vs residual twin).

``StackTrainer.step`` runs one torch.optim step and returns a :class:`StepRecord`.  A stack
stops with ``status == "diverged"`` (no exception, nothing non-finite recorded) when its loss or
a gradient becomes non-finite, or when its loss grows past ``LOSS_BLOWUP`` (100) times its first
loss (at least ln 2): the "grows past a bound" rule of the design notes, which catches runs like
SGD at lr 1e3 whose loss jumps from 0.7 to hundreds but stays finite.
``ABTrainer`` steps a plain and a residual stack built from the same
config, seed and data and feeds both the same mini-batch.

Per step, in this order: forward/backward and probes on the step's rows; the gradient clipped
to global norm ``clip`` with ``torch.nn.utils.clip_grad_norm_`` (``clipped`` when the norm before
clipping exceeded it); the learning rate of the step set from the schedule
(:mod:`optim_lab.schedules`, torch's recursion); the optimizer step.  Every ``sharpness_every``
steps (steps 1, 1 + K, ...) lambda_max of the Hessian of the loss on the whole training set is
estimated before the step (:mod:`.sharpness`), warm-started from the previous estimate.

Only the records a ``keep(step)`` predicate accepts are stored in the history, so a long run
recorded every K-th step holds 1/K of the records; the last one is kept in ``last`` anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch

from ..schedules import parse_schedule
from .config import DeepConfig
from .data import make_dataset
from .models import DeepMLP, build_model
from .probes import LayerNorms, probe_gradients, update_ratios
from .sharpness import lambda_max

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
    lr: float = 0.0  # learning rate this step used (after the schedule)
    clipped: bool = False  # the gradient norm exceeded ``clip`` and was scaled down
    grad_norm: float = 0.0  # global gradient norm before clipping
    sharpness: float | None = None  # lambda_max before this step, where measured
    sharpness_residual: float | None = None  # ||H y - theta y|| / |theta| of that estimate

    def to_dict(self) -> dict:
        return {
            "step": self.step,
            "loss": self.loss,
            "accuracy": self.accuracy,
            "lr": self.lr,
            "clipped": self.clipped,
            "grad_norm": self.grad_norm,
            "sharpness": self.sharpness,
            "sharpness_residual": self.sharpness_residual,
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
    records: list[StepRecord] = field(default_factory=list)  # the kept ones
    last: StepRecord | None = None  # the latest record, kept or not
    steps_done: int = 0
    clipped_steps: int = 0
    status: str = "running"  # running | diverged | max_steps
    diverged_at: int | None = None
    reason: str = ""  # English sentence
    cause: str = ""  # non_finite_loss | non_finite_gradient | loss_blowup (for translated UIs)

    @property
    def clipped_fraction(self) -> float:
        """Fraction of the steps done whose gradient was clipped."""
        return self.clipped_steps / self.steps_done if self.steps_done else 0.0

    def to_dict(self) -> dict:
        last = self.last
        records = list(self.records)
        if last is not None and (not records or records[-1].step != last.step):
            records.append(last)
        return {
            "config": self.config.to_dict(),
            "status": self.status,
            "diverged_at": self.diverged_at,
            "reason": self.reason,
            "cause": self.cause,
            "steps_done": self.steps_done,
            "steps_recorded": len(records),
            "clipped_fraction": self.clipped_fraction,
            "final_first_last_ratio": last.ratio if last else None,
            "steps": [r.to_dict() for r in records],
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

    def __init__(
        self,
        config: DeepConfig,
        X: torch.Tensor,
        y: torch.Tensor,
        keep: Callable[[int], bool] | None = None,
    ) -> None:
        self.config = config
        self.X, self.y = X, y
        self.model: DeepMLP = build_model(config, n_inputs=X.shape[1])
        self.optimizer = make_optimizer(config, self.model.parameters())
        self.history = TrainingHistory(config)
        self.keep = keep if keep is not None else (lambda step: True)
        self._loss_bound = float("inf")
        self._lrs = parse_schedule(config.schedule).iter_lrs(config.lr)
        self._sharp_vector: torch.Tensor | None = None

    @property
    def steps_done(self) -> int:
        return self.history.steps_done

    @property
    def diverged(self) -> bool:
        return self.history.status == "diverged"

    def step(self, idx: torch.Tensor) -> StepRecord | None:
        """One optimizer step on rows ``idx``; None once the stack has diverged."""
        if self.diverged:
            return None
        k = self.history.steps_done + 1
        cfg = self.config
        sharp = None
        if cfg.sharpness_every and (k - 1) % cfg.sharpness_every == 0:
            sharp = self.sharpness()
        self.optimizer.zero_grad(set_to_none=True)
        probe = probe_gradients(self.model, self.X[idx], self.y[idx])
        if not probe.finite:
            what = "loss" if not np.isfinite(probe.loss) else "gradient"
            self._diverge(k, f"the {what} became non-finite (inf or NaN) at step {k}",
                          f"non_finite_{what}")
            return None
        if probe.loss > self._loss_bound:
            first = self._first_loss
            self._diverge(k, f"the loss grew past {LOSS_BLOWUP:g}x its first value at step {k} "
                             f"({first:.3g} -> {probe.loss:.3g})", "loss_blowup")
            return None
        if k == 1:
            self._first_loss = probe.loss
            self._loss_bound = LOSS_BLOWUP * max(probe.loss, 0.6931471805599453)
        params = list(self.model.parameters())
        # the global norm in float64 (a float32 norm of finite gradients can overflow)
        norm = float(torch.linalg.vector_norm(
            torch.stack([torch.linalg.vector_norm(p.grad.double()) for p in params])))
        clipped = cfg.clip > 0.0 and norm > cfg.clip
        if cfg.clip > 0.0:
            torch.nn.utils.clip_grad_norm_(params, cfg.clip)
        lr = next(self._lrs)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        before = self.model.weight.detach().clone()
        self.optimizer.step()
        ratios = update_ratios(before, self.model.weight.detach())
        rec = StepRecord(
            k, probe.loss, probe.accuracy, probe.act_grad_norms, probe.weight_grad_norms, ratios,
            lr=lr, clipped=clipped, grad_norm=norm,
            sharpness=None if sharp is None else sharp.value,
            sharpness_residual=None if sharp is None else sharp.residual,
        )
        h = self.history
        h.steps_done, h.last = k, rec
        h.clipped_steps += clipped
        if self.keep(k):
            h.records.append(rec)
        return rec

    def sharpness(self):
        """lambda_max of the training-loss Hessian on the whole data set (warm-started)."""
        est = lambda_max(self.model, self.X, self.y, start=self._sharp_vector,
                         seed=self.config.seed)
        if not np.isfinite(est.value):
            return None
        self._sharp_vector = est.vector
        return est

    def _diverge(self, k: int, reason: str, cause: str) -> None:
        h = self.history
        h.status, h.diverged_at, h.reason, h.cause = "diverged", k, reason, cause

    @torch.no_grad()
    def predict_grid(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray | None:
        """Shape (len(ys), len(xs)), None if not finite: P(class 1) for two classes, else the
        predicted class / (classes - 1).  Evaluated in eval mode (BatchNorm's running statistics,
        as a trained model is used), then training mode is restored."""
        gx, gy = np.meshgrid(xs, ys)
        pts = torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32))
        self.model.eval()
        try:
            logits = self.model(pts)
        finally:
            self.model.train()
        if logits.shape[1] == 2:
            value = torch.softmax(logits, dim=1)[:, -1]
        else:
            value = logits.argmax(1).to(torch.float32) / (logits.shape[1] - 1)
        out = value.reshape(gy.shape).numpy().astype(np.float64)
        return out if np.isfinite(logits.numpy()).all() else None


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
        self.sampler = BatchSampler(len(self.y), config.batch_rows, config.seed)

    @property
    def stacks(self) -> tuple[StackTrainer, StackTrainer]:
        return self.plain, self.residual

    @property
    def steps_done(self) -> int:
        return max(s.steps_done for s in self.stacks)

    @property
    def finished(self) -> bool:
        return all(s.diverged for s in self.stacks)

    def step(self) -> tuple[StepRecord | None, StepRecord | None]:
        idx = self.sampler.next()
        return self.plain.step(idx), self.residual.step(idx)


def train(
    config: DeepConfig,
    steps: int,
    *,
    every: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> TrainingHistory:
    """Train one stack (plain or residual, as configured) for ``steps`` steps.

    Keeps the records of steps 1, 1 + every, 1 + 2 every, ... (and the last one done);
    ``progress(done, steps)`` is called after every step.
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 1_000_000:
        raise ValueError(f"steps must be an integer between 1 and 1000000, got {steps!r}")
    if isinstance(every, bool) or not isinstance(every, int) or every < 1:
        raise ValueError(f"every must be an integer >= 1, got {every!r}")
    X, y = dataset_tensors(config)
    trainer = StackTrainer(config, X, y, keep=lambda k: (k - 1) % every == 0)
    sampler = BatchSampler(len(y), config.batch_rows, config.seed)
    for done in range(1, steps + 1):
        if trainer.step(sampler.next()) is None:
            break
        if progress is not None:
            progress(done, steps)
    if trainer.history.status == "running":
        trainer.history.status = "max_steps"
    return trainer.history
