"""Memory estimate of a deep training run, made before any work (torch-free).

The estimate is an upper-bound-style sum of what the run holds at once:

- parameters P = w*(in+1) + depth*(w^2 + w) + C*(w+1) (+ 2*depth*w with a norm layer), in
  float32, times 6: weights, gradients, up to two optimizer buffers (Adam), the copy of the
  hidden weights for the update ratios, and clipping's temporaries;
- activations: rows * w * depth float32 values, times 8 for the forward intermediates
  (pre-activation, activation, norm statistics) and their gradients; with sharpness on, the
  whole data set's graph is kept for double backward, times 3 again;
- the records kept: per record 3 * depth float64 norms, about 70 bytes each once they are
  Python floats in the JSON structure and its text, plus ~1 KB of fixed fields.
"""

from __future__ import annotations

from .config import DeepConfig

__all__ = ["DEFAULT_MEMORY_BUDGET", "estimate_memory", "format_bytes", "kept_records"]

DEFAULT_MEMORY_BUDGET = 2 * 1024**3  # 2 GiB


def kept_records(steps: int, every: int) -> int:
    """Records kept by ``every``: steps 1, 1 + every, ... and the last one."""
    return (steps - 1) // every + 1 + (1 if (steps - 1) % every else 0)


def estimate_memory(config: DeepConfig, steps: int, every: int = 1, stacks: int = 1) -> int:
    """Bytes a run of ``steps`` steps keeping every ``every``-th record needs (see module)."""
    w, d, c = config.width, config.depth, config.n_classes
    params = w * 3 + d * (w * w + w) + c * (w + 1) + (2 * d * w if config.norm != "none" else 0)
    model = 6 * 4 * params
    acts = 8 * 4 * config.batch_rows * w * (d + 2)
    if config.sharpness_every:
        acts += 3 * 8 * 4 * config.n_samples * w * (d + 2)
    records = kept_records(steps, every) * (3 * d * 70 + 1024)
    return stacks * (model + acts + records) + 300 * 1024**2  # + torch itself


def format_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"
