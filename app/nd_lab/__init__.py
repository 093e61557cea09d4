"""The N-D Lab: optimizers on N-dimensional surfaces, seen through the right 2-D plane.

``NDLab(parent=None)`` is the workspace widget (a tab beside the Surface Lab).
"""

from __future__ import annotations

from .lab import NDLab

__all__ = ["NDLab"]
