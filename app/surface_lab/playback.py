"""The Surface Lab's playback: the labs' shared clock and bar (:mod:`app.widgets.playback`)."""

from __future__ import annotations

from ..widgets.playback import DEFAULT_SPEED, SPEEDS, PlaybackBar, PlaybackClock

__all__ = ["DEFAULT_SPEED", "SPEEDS", "PlaybackBar", "PlaybackClock"]
