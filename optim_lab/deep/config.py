"""Configuration of a deep-stack experiment (validated once, at construction).

Torch-free, so the GUI and the CLI can build and check a configuration before
anything imports torch.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace

from ..schedules import ScheduleError, parse_schedule

__all__ = [
    "ACTIVATIONS",
    "BRANCHES",
    "DATASETS",
    "DeepConfig",
    "INITS",
    "LOSSES",
    "NORMS",
    "NORM_POSITIONS",
    "OPTIMIZERS",
    "config_from_dict",
]

ACTIVATIONS = ("sigmoid", "tanh", "relu", "gelu")
INITS = ("default", "xavier", "he")
# How the residual branch is tamed (see models.py): scaled by 1/sqrt(depth), zero-initialised
# (identity at start, alpha = 1), or unscaled (alpha = 1; blows up ReLU stacks on purpose).
BRANCHES = ("scaled", "zero_init", "unscaled")
OPTIMIZERS = ("sgd", "momentum", "adam")
# "random": Gaussian 2-D points with labels drawn uniformly from RANDOM_CLASSES classes,
# unrelated to the points (a memorisation task; the edge-of-stability setting of Cohen et al.)
DATASETS = ("spirals", "moons", "circles", "xor", "random")
RANDOM_CLASSES = 5
NORMS = ("none", "batch", "layer")  # per hidden layer: BatchNorm / LayerNorm over the width
NORM_POSITIONS = ("pre", "post")  # normalise before the activation, or after it
LOSSES = ("ce", "mse")  # cross-entropy, or 1/2 ||logits - one_hot(y)||^2 averaged over rows
MAX_SHARPNESS_EVERY = 100_000

MAX_DEPTH = 200
MIN_WIDTH, MAX_WIDTH = 4, 256


def _check_int(name: str, value: object, lo: int, hi: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be between {lo} and {hi}, got {value}")


def _check_float(name: str, value: object, lo: float, hi: float, *, lo_open: bool) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v > hi or v < lo or (lo_open and v == lo):
        bound = f"> {lo}" if lo_open else f">= {lo}"
        raise ValueError(f"{name} must be finite, {bound} and <= {hi}, got {value!r}")


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}; got {value!r}")


@dataclass(frozen=True)
class DeepConfig:
    """One stack and its training run.  ``residual`` is the only field an A/B pair differs in."""

    depth: int = 30  # hidden width x width layers, 1..200
    width: int = 32  # units per hidden layer, 4..256
    activation: str = "sigmoid"  # sigmoid | tanh | relu | gelu
    init: str = "default"  # default (PyTorch nn.Linear) | xavier | he
    gain: float = 1.0  # multiplies every initial weight: < 1 too small, > 1 too large
    residual: bool = False  # h_l = h_{l-1} + alpha * branch(h_{l-1})
    branch: str = "scaled"  # scaled (alpha = 1/sqrt(depth)) | zero_init | unscaled
    norm: str = "none"  # none | batch (BatchNorm) | layer (LayerNorm), in every hidden layer
    norm_position: str = "pre"  # pre: phi(N(h)) | post: N(phi(h))
    optimizer: str = "sgd"  # sgd | momentum | adam (torch.optim)
    lr: float = 0.1
    momentum: float = 0.9  # used by "momentum" only
    batch_size: int = 256
    full_batch: bool = False  # every step on the whole data set (batch_size ignored)
    loss: str = "ce"  # ce | mse
    clip: float = 0.0  # max global gradient norm (torch clip_grad_norm_); 0 = no clipping
    schedule: str = "constant"  # lr schedule spec, see optim_lab.schedules (canonical form)
    sharpness_every: int = 0  # lambda_max of the training-loss Hessian every K steps; 0 = off
    dataset: str = "spirals"  # spirals | moons | circles | xor
    n_samples: int = 512
    noise: float = 0.1
    seed: int = 0

    def __post_init__(self) -> None:
        _check_int("depth", self.depth, 1, MAX_DEPTH)
        _check_int("width", self.width, MIN_WIDTH, MAX_WIDTH)
        _check_choice("activation", self.activation, ACTIVATIONS)
        _check_choice("init", self.init, INITS)
        _check_float("gain", self.gain, 0.0, 100.0, lo_open=True)
        if not isinstance(self.residual, bool):
            raise ValueError(f"residual must be true or false, got {self.residual!r}")
        _check_choice("branch", self.branch, BRANCHES)
        _check_choice("norm", self.norm, NORMS)
        _check_choice("norm_position", self.norm_position, NORM_POSITIONS)
        _check_choice("optimizer", self.optimizer, OPTIMIZERS)
        _check_float("lr", self.lr, 0.0, 1e6, lo_open=True)
        _check_float("momentum", self.momentum, 0.0, 0.999, lo_open=False)
        _check_int("n_samples", self.n_samples, 16, 20_000)
        # with full_batch the batch size is unused (kept so switching back restores it)
        _check_int("batch_size", self.batch_size, 1, 20_000 if self.full_batch else self.n_samples)
        _check_choice("dataset", self.dataset, DATASETS)
        if not isinstance(self.full_batch, bool):
            raise ValueError(f"full_batch must be true or false, got {self.full_batch!r}")
        _check_choice("loss", self.loss, LOSSES)
        _check_float("clip", self.clip, 0.0, 1e9, lo_open=False)
        try:
            spec = parse_schedule(self.schedule).spec
        except ScheduleError as exc:
            raise ValueError(f"schedule: {exc}") from None
        object.__setattr__(self, "schedule", spec)  # canonical, so equal configs compare equal
        _check_int("sharpness_every", self.sharpness_every, 0, MAX_SHARPNESS_EVERY)
        if self.norm == "batch" and self.batch_rows < 2:
            raise ValueError("norm batch needs a batch_size of at least 2 (BatchNorm normalises "
                             "over the batch)")
        _check_float("noise", self.noise, 0.0, 1.0, lo_open=False)
        _check_int("seed", self.seed, 0, 2**31 - 1)

    @property
    def branch_scale(self) -> float:
        """alpha in h_l = h_{l-1} + alpha * branch(h_{l-1}); 1/sqrt(depth) when scaled."""
        return 1.0 / math.sqrt(self.depth) if self.branch == "scaled" else 1.0

    @property
    def batch_rows(self) -> int:
        """Rows per step: the whole data set with ``full_batch``, else ``batch_size``."""
        return self.n_samples if self.full_batch else self.batch_size

    @property
    def n_classes(self) -> int:
        return RANDOM_CLASSES if self.dataset == "random" else 2

    def stability_limit(self, lr: float | None = None) -> float | None:
        """2/lr for SGD, (2 + 2 beta)/lr for heavy-ball momentum; None for Adam.

        GD on a quadratic converges iff lr * lambda_max < 2 (2 + 2 beta with momentum), so the
        sharpness of a stably trained network cannot stay above this line (Cohen et al., 2021).
        """
        lr = self.lr if lr is None else lr
        if self.optimizer == "sgd":
            return 2.0 / lr
        if self.optimizer == "momentum":
            return (2.0 + 2.0 * self.momentum) / lr
        return None

    def with_(self, **changes: object) -> DeepConfig:
        """A validated copy with some fields changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return asdict(self)


def config_from_dict(data: dict) -> DeepConfig:
    """Build a config from a mapping, rejecting unknown keys with a clear message."""
    if not isinstance(data, dict):
        raise ValueError("a deep configuration must be a mapping of field names to values")
    known = {f.name for f in fields(DeepConfig)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown configuration field(s): {', '.join(unknown)}")
    return DeepConfig(**data)
