"""Configuration of a deep-stack experiment (validated once, at construction).

Torch-free, so the GUI and the CLI can build and check a configuration before
anything imports torch.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace

__all__ = [
    "ACTIVATIONS",
    "BRANCHES",
    "DATASETS",
    "DeepConfig",
    "INITS",
    "OPTIMIZERS",
    "config_from_dict",
]

ACTIVATIONS = ("sigmoid", "tanh", "relu", "gelu")
INITS = ("default", "xavier", "he")
# How the residual branch is tamed (see models.py): scaled by 1/sqrt(depth), zero-initialised
# (identity at start, alpha = 1), or unscaled (alpha = 1; blows up ReLU stacks on purpose).
BRANCHES = ("scaled", "zero_init", "unscaled")
OPTIMIZERS = ("sgd", "momentum", "adam")
DATASETS = ("spirals", "moons", "circles", "xor")

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
    layernorm: bool = False  # LayerNorm before each activation (pre-norm)
    optimizer: str = "sgd"  # sgd | momentum | adam (torch.optim)
    lr: float = 0.1
    momentum: float = 0.9  # used by "momentum" only
    batch_size: int = 256
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
        if not isinstance(self.layernorm, bool):
            raise ValueError(f"layernorm must be true or false, got {self.layernorm!r}")
        _check_choice("optimizer", self.optimizer, OPTIMIZERS)
        _check_float("lr", self.lr, 0.0, 1e6, lo_open=True)
        _check_float("momentum", self.momentum, 0.0, 0.999, lo_open=False)
        _check_int("n_samples", self.n_samples, 16, 20_000)
        _check_int("batch_size", self.batch_size, 1, self.n_samples)
        _check_choice("dataset", self.dataset, DATASETS)
        _check_float("noise", self.noise, 0.0, 1.0, lo_open=False)
        _check_int("seed", self.seed, 0, 2**31 - 1)

    @property
    def branch_scale(self) -> float:
        """alpha in h_l = h_{l-1} + alpha * branch(h_{l-1}); 1/sqrt(depth) when scaled."""
        return 1.0 / math.sqrt(self.depth) if self.branch == "scaled" else 1.0

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
