"""Small synthetic 2-D classification data sets, generated from a seed (nothing downloaded).

Each generator returns ``(X, y)``: ``X`` float32 of shape (n, 2) roughly inside [-1.5, 1.5]^2 and
``y`` int64 labels in {0, 1}, with the two classes as balanced as ``n`` allows; ``random`` has
Gaussian points and labels drawn uniformly from {0, ..., RANDOM_CLASSES - 1}, independent of the
points (``noise`` is unused there).
"""

from __future__ import annotations

import numpy as np

from .config import DATASETS, RANDOM_CLASSES

__all__ = ["DATASETS", "make_dataset"]


def _split(n: int) -> tuple[int, int]:
    return n - n // 2, n // 2


def _spirals(rng: np.random.Generator, n: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    parts, labels = [], []
    for label, count in enumerate(_split(n)):
        t = np.sqrt(rng.uniform(0.0, 1.0, count)) * 3.0 * np.pi  # denser near the tips
        angle = t + label * np.pi
        r = t / (3.0 * np.pi) * 1.4
        pts = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
        parts.append(pts + rng.normal(0.0, noise * 0.5, pts.shape))
        labels.append(np.full(count, label))
    return np.concatenate(parts), np.concatenate(labels)


def _moons(rng: np.random.Generator, n: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    n0, n1 = _split(n)
    a = rng.uniform(0.0, np.pi, n0)
    b = rng.uniform(0.0, np.pi, n1)
    upper = np.stack([np.cos(a), np.sin(a)], axis=1)
    lower = np.stack([1.0 - np.cos(b), 0.5 - np.sin(b)], axis=1)
    pts = np.concatenate([upper, lower]) - np.array([0.5, 0.25])
    pts = pts + rng.normal(0.0, noise, pts.shape)
    return pts, np.concatenate([np.zeros(n0), np.ones(n1)])


def _circles(rng: np.random.Generator, n: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    n0, n1 = _split(n)
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    radius = np.concatenate([np.full(n0, 1.2), np.full(n1, 0.5)])
    pts = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    pts = pts + rng.normal(0.0, noise, pts.shape)
    return pts, np.concatenate([np.zeros(n0), np.ones(n1)])


def _xor(rng: np.random.Generator, n: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    pts = rng.uniform(-1.2, 1.2, (n, 2))
    labels = (pts[:, 0] * pts[:, 1] > 0).astype(np.int64)
    return pts + rng.normal(0.0, noise * 0.5, pts.shape), labels


def _random(rng: np.random.Generator, n: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    pts = np.clip(rng.normal(0.0, 0.6, (n, 2)), -1.5, 1.5)
    return pts, rng.integers(0, RANDOM_CLASSES, n)


_GENERATORS = {
    "spirals": _spirals, "moons": _moons, "circles": _circles, "xor": _xor, "random": _random,
}


def make_dataset(
    name: str, n: int = 512, *, noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)`` for data set ``name``; the same seed always gives the same arrays."""
    if name not in _GENERATORS:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}; got {name!r}")
    if n < 2:
        raise ValueError(f"n must be at least 2, got {n}")
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be between 0 and 1, got {noise}")
    rng = np.random.default_rng(seed)
    X, y = _GENERATORS[name](rng, n, noise)
    order = rng.permutation(n)  # interleave the classes
    return X[order].astype(np.float32), y[order].astype(np.int64)
