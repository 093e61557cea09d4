"""The lessons panel: a guided lesson driving the Surface Lab's session."""

from __future__ import annotations

from .panel import LessonsPanel

__all__ = ["LessonsPanel"]
