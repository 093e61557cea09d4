"""Deep Stack Lab workspace: vanishing and exploding gradients, with and without skips.

``DeepStackLab(parent=None)`` is the tab; it does not import torch when built (the training
thread does, on first show).  Call ``shutdown()`` before discarding it while it trains.
"""

from __future__ import annotations

from .lab import DeepStackLab

__all__ = ["DeepStackLab"]
