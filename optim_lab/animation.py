"""Streaming animation files: GIF (Pillow) and MP4 (H.264 through imageio-ffmpeg's own ffmpeg).

Frames go to the encoder one at a time and are never all held: the GIF writer emits
each frame as it arrives (a global header, then per frame a graphic-control block and
the LZW data with its own 256-colour palette, then the trailer — Pillow's
``GifImagePlugin.getheader`` / ``getdata``); the MP4 writer pipes raw RGB to ffmpeg.
Both write to a temporary file beside the target and ``os.replace`` it on ``close()``,
so a cancelled or failed export leaves no partial file. Requests are sized first:
``frames × width × height`` above :data:`MAX_PIXELS` is refused with the estimate.
Qt-free.
"""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["FORMATS", "MAX_PIXELS", "AnimationSpec", "AnimationWriter"]

FORMATS = (".gif", ".mp4")
MAX_PIXELS = 2_000_000_000  # frames × width × height (a 60 s, 30 fps, 960×540 clip is 0.93 G)
MAX_SIDE = 4096
MAX_FPS = 60
MAX_SECONDS = 600


@dataclass(frozen=True)
class AnimationSpec:
    """Size, frame rate and duration; ``frames = round(fps × seconds)``."""

    width: int
    height: int
    fps: int = 30
    seconds: float = 6.0

    def __post_init__(self) -> None:
        for name in ("width", "height"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or not 16 <= v <= MAX_SIDE:
                raise ValueError(f"invalid {name}: {v!r} (16 to {MAX_SIDE} pixels)")
        if isinstance(self.fps, bool) or not isinstance(self.fps, int) or not 1 <= self.fps <= MAX_FPS:
            raise ValueError(f"invalid fps: {self.fps!r} (1 to {MAX_FPS})")
        if not (isinstance(self.seconds, (int, float)) and math.isfinite(self.seconds)
                and 0 < self.seconds <= MAX_SECONDS):
            raise ValueError(f"invalid duration: {self.seconds!r} s (up to {MAX_SECONDS} s)")
        if self.frames < 1:
            raise ValueError("the animation would have no frame")
        if self.pixels > MAX_PIXELS:
            raise ValueError(
                f"{self.frames} frames × {self.width}×{self.height} = {self.pixels / 1e9:.2f} G "
                f"pixels to render and encode; at most {MAX_PIXELS / 1e9:.1f} G (lower the size, "
                "frame rate or duration)")

    @property
    def frames(self) -> int:
        return int(round(self.fps * self.seconds))

    @property
    def pixels(self) -> int:
        return self.frames * self.width * self.height


class AnimationWriter:
    """``add(frame)`` RGB uint8 frames of the spec's size, then ``close()`` (or ``abort()``)."""

    def __init__(self, path: str | os.PathLike, spec: AnimationSpec) -> None:
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in FORMATS:
            raise ValueError(f"{self.path.name}: unknown animation format; use "
                             f"{' or '.join(FORMATS)}")
        if not self.path.parent.is_dir():
            raise ValueError(f"{self.path.parent}: no such folder")
        self.spec = spec
        self.written = 0
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.stem}.", suffix=self.suffix,
                                   dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        self._file = None
        self._ffmpeg = None
        if self.suffix == ".gif":
            self._file = open(self.tmp, "wb")  # noqa: SIM115 (closed in close/abort)
        else:
            import imageio_ffmpeg

            # even sizes for yuv420p; macro_block_size 2 keeps the size as asked
            self._ffmpeg = imageio_ffmpeg.write_frames(
                str(self.tmp), (spec.width, spec.height), fps=spec.fps, codec="libx264",
                macro_block_size=2, ffmpeg_log_level="error",
                output_params=["-movflags", "+faststart"])
            self._ffmpeg.send(None)

    def add(self, frame: np.ndarray) -> None:
        """Encode one frame (height × width × 3, uint8) and forget it."""
        frame = np.asarray(frame)
        shape = (self.spec.height, self.spec.width, 3)
        if frame.shape != shape or frame.dtype != np.uint8:
            raise ValueError(f"frame {self.written}: expected {shape} uint8, got "
                             f"{frame.shape} {frame.dtype}")
        if self.written >= self.spec.frames:
            raise ValueError(f"more than the {self.spec.frames} frames planned")
        if self._file is not None:
            self._add_gif(frame)
        else:
            self._ffmpeg.send(np.ascontiguousarray(frame).tobytes())
        self.written += 1

    def _add_gif(self, frame: np.ndarray) -> None:
        from PIL import GifImagePlugin, Image

        im = Image.fromarray(frame, "RGB").quantize(256, method=Image.Quantize.FASTOCTREE,
                                                     dither=Image.Dither.NONE)
        duration = 10 * max(1, round(100 / self.spec.fps))  # GIF delays are in 1/100 s
        if self.written == 0:
            header, _ = GifImagePlugin.getheader(im, None, {"loop": 0, "duration": duration})
            for chunk in header:
                self._file.write(chunk)
        for chunk in GifImagePlugin.getdata(im, duration=duration, include_color_table=True,
                                            disposal=1):
            self._file.write(chunk)

    def close(self) -> Path:
        """Finish the file and move it into place; returns the path."""
        if self.written == 0:
            self.abort()
            raise ValueError("no frame was written")
        try:
            if self._file is not None:
                self._file.write(b";")
                self._file.close()
                self._file = None
            else:
                self._ffmpeg.close()
                self._ffmpeg = None
            os.replace(self.tmp, self.path)
        except BaseException:
            self.abort()
            raise
        return self.path

    def abort(self) -> None:
        """Stop and delete the partial file (cancel, error)."""
        try:
            if self._file is not None:
                self._file.close()
            if self._ffmpeg is not None:
                self._ffmpeg.close()
        except Exception:  # noqa: BLE001 - a broken encoder still leaves no file behind
            pass
        self._file = self._ffmpeg = None
        self.tmp.unlink(missing_ok=True)
