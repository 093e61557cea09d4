"""Depth sweep: first/last activation-gradient ratio at initialisation versus depth."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from .config import MAX_DEPTH, DeepConfig
from .data import make_dataset
from .models import build_model
from .probes import probe_gradients

__all__ = ["DEFAULT_DEPTHS", "DepthSweep", "depth_sweep"]

DEFAULT_DEPTHS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 35, 40, 50, 60, 70, 80, 90, 100)


@dataclass(frozen=True)
class DepthSweep:
    """Ratios ||dL/dh_1|| / ||dL/dh_depth|| of the first (untrained) step, per depth.

    ``plain``/``residual`` hold the ratio, 0.0 where the first layer's gradient underflowed
    to exactly zero, NaN where the ratio is undefined (the last layer's gradient was 0 or
    non-finite); ``*_underflow`` flag the exact zeros.
    """

    config: DeepConfig
    depths: np.ndarray
    plain: np.ndarray
    residual: np.ndarray

    @property
    def plain_underflow(self) -> np.ndarray:
        return self.plain == 0.0

    @property
    def residual_underflow(self) -> np.ndarray:
        return self.residual == 0.0

    def to_dict(self) -> dict:
        def clean(a: np.ndarray) -> list[float | None]:
            return [float(v) if np.isfinite(v) else None for v in a]

        return {
            "config": self.config.to_dict(),
            "depths": self.depths.tolist(),
            "plain": clean(self.plain),
            "residual": clean(self.residual),
        }


def _ratio_at_init(config: DeepConfig, X: torch.Tensor, y: torch.Tensor) -> float:
    probe = probe_gradients(build_model(config), X, y)
    r = probe.ratio
    return float("nan") if r is None or not probe.finite else r


def depth_sweep(
    config: DeepConfig,
    depths: Sequence[int] = DEFAULT_DEPTHS,
    *,
    should_stop: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DepthSweep | None:
    """Ratio at initialisation for plain and residual stacks of each depth.

    Uses the first mini-batch of ``config`` (same seed and data for every depth).  Returns
    None if ``should_stop()`` turned true part-way.
    """
    ds = [int(d) for d in depths]
    if not ds or any(not 1 <= d <= MAX_DEPTH for d in ds):
        raise ValueError(f"depths must be between 1 and {MAX_DEPTH}")
    X, y = make_dataset(config.dataset, config.n_samples, noise=config.noise, seed=config.seed)
    Xb = torch.from_numpy(X[: config.batch_rows])
    yb = torch.from_numpy(y[: config.batch_rows])
    plain, residual = np.empty(len(ds)), np.empty(len(ds))
    for i, d in enumerate(ds):
        if should_stop is not None and should_stop():
            return None
        plain[i] = _ratio_at_init(config.with_(depth=d, residual=False), Xb, yb)
        residual[i] = _ratio_at_init(config.with_(depth=d, residual=True), Xb, yb)
        if progress is not None:
            progress(i + 1, len(ds))
    return DepthSweep(config, np.asarray(ds), plain, residual)
