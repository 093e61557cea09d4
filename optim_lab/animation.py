"""Streaming animation files: GIF, APNG and WebP (Pillow) and MP4 (H.264, imageio-ffmpeg's ffmpeg).

Frames go to the encoder one at a time and are never all held:

- GIF: a global header, then per frame a graphic-control block and the LZW data with its
  own 256-colour palette, then the trailer (Pillow's ``GifImagePlugin.getheader`` /
  ``getdata``), written as each frame arrives.
- APNG (``.png``): Pillow's own ``save_all`` keeps every frame to compute deltas, so the
  chunks are written here instead: the signature, ``IHDR`` and ``acTL`` (frame count known
  in advance), then per frame an ``fcTL`` and the frame's zlib data (Pillow encodes the
  frame as a PNG; its ``IDAT`` data becomes ``IDAT`` for frame 0, ``fdAT`` after), ``IEND``
  (the APNG specification, https://wiki.mozilla.org/APNG_Specification).
- WebP: libwebp's animation encoder through Pillow (``_webp.WebPAnimEncoder``, what
  ``Image.save(save_all=True)`` uses) gets each frame as it arrives; it keeps the
  *compressed* frames until the end (≈ the file's size, :data:`WEBP_BYTES_PER_PIXEL` per
  pixel at most is budgeted), never the raw ones.
- MP4: raw RGB piped to ffmpeg.

Every writer writes to a temporary file beside the target and ``os.replace`` it on
``close()``, so a cancelled or failed export leaves no partial file. Requests are sized
first: ``frames × width × height`` above :data:`MAX_PIXELS` is refused with the estimate.
:class:`FrameEncoder` runs a writer on its own thread behind a bounded queue, so the
producer (the GUI thread grabbing frames) and the encoder overlap with flat memory.
Qt-free.
"""

from __future__ import annotations

import io
import math
import os
import queue
import struct
import tempfile
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["FORMATS", "MAX_PIXELS", "AnimationSpec", "AnimationWriter", "FrameEncoder",
           "animation_bytes", "check_animation_path"]

FORMATS = (".gif", ".mp4", ".webp", ".png")  # .png: animated PNG (APNG)
WEBP_BYTES_PER_PIXEL = 0.1  # compressed WebP held until the end, generous (lab frames: ≈ 0.006)
MAX_WEBP_HELD = 128 << 20  # bytes of compressed WebP frames the encoder may hold
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

    def check_format(self, suffix: str) -> None:
        """Refuse a WebP whose compressed frames (held by libwebp until the end) could pass
        :data:`MAX_WEBP_HELD`, with the estimate."""
        if suffix == ".webp":
            held = self.pixels * WEBP_BYTES_PER_PIXEL
            if held > MAX_WEBP_HELD:
                raise ValueError(
                    f"a WebP of {self.frames} frames × {self.width}×{self.height} may hold "
                    f"≈ {held / 2**20:.0f} MiB of compressed frames until it is written; at most "
                    f"{MAX_WEBP_HELD >> 20} MiB (use GIF or MP4, or a smaller size or duration)")

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
                             f"{', '.join(FORMATS[:-1])} or {FORMATS[-1]} (animated PNG)")
        if not self.path.parent.is_dir():
            raise ValueError(f"{self.path.parent}: no such folder")
        spec.check_format(self.suffix)
        self.spec = spec
        self.written = 0
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.stem}.", suffix=self.suffix,
                                   dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        self._file = None
        self._ffmpeg = None
        self._webp = None
        self._sequence = 0  # APNG: fcTL and fdAT chunks share one sequence
        if self.suffix in (".gif", ".png"):
            self._file = open(self.tmp, "wb")  # noqa: SIM115 (closed in close/abort)
        elif self.suffix == ".webp":
            from PIL import features

            if not features.check("webp"):
                self.tmp.unlink(missing_ok=True)
                raise ValueError("this Pillow has no WebP support; use GIF, APNG or MP4")
            from PIL import _webp

            # size, background (transparent black), loop forever, minimize_size, kmin, kmax
            # (gif2webp's defaults for lossy), allow_mixed, verbose: as Image.save passes them
            self._webp = _webp.WebPAnimEncoder((spec.width, spec.height), 0, 0, False, 3, 5,
                                               False, False)
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
        if self.suffix == ".gif":
            self._add_gif(frame)
        elif self.suffix == ".png":
            self._add_apng(frame)
        elif self.suffix == ".webp":
            from PIL import Image

            im = Image.fromarray(np.ascontiguousarray(frame), "RGB")
            # timestamp in ms, lossless, quality, alpha quality, method (Image.save's defaults)
            self._webp.add(im.getim(), round(self.written * 1000 / self.spec.fps), False, 80,
                           100, 0)
        else:
            self._ffmpeg.send(np.ascontiguousarray(frame).tobytes())
        self.written += 1

    def _chunk(self, kind: bytes, data: bytes) -> None:
        self._file.write(struct.pack(">I", len(data)) + kind + data
                         + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    def _add_apng(self, frame: np.ndarray) -> None:
        from PIL import Image

        buf = io.BytesIO()
        Image.fromarray(np.ascontiguousarray(frame), "RGB").save(buf, "PNG", compress_level=3)
        png = buf.getvalue()
        ihdr, idat, pos = b"", [], 8
        while pos < len(png):  # the PNG's chunks: length, type, data, CRC
            (length,) = struct.unpack(">I", png[pos:pos + 4])
            kind, data = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]
            if kind == b"IHDR":
                ihdr = data
            elif kind == b"IDAT":
                idat.append(data)
            pos += 12 + length
        if self.written == 0:
            self._file.write(b"\x89PNG\r\n\x1a\n")
            self._chunk(b"IHDR", ihdr)
            self._chunk(b"acTL", struct.pack(">II", self.spec.frames, 0))  # frames, loop forever
        # fcTL: sequence, size, offset, delay 1/fps s, dispose none, blend source
        self._chunk(b"fcTL", struct.pack(">IIIIIHHBB", self._sequence, self.spec.width,
                                         self.spec.height, 0, 0, 1, self.spec.fps, 0, 0))
        self._sequence += 1
        for data in idat:
            if self.written == 0:
                self._chunk(b"IDAT", data)
            else:
                self._chunk(b"fdAT", struct.pack(">I", self._sequence) + data)
                self._sequence += 1

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
        if self.suffix == ".png" and self.written != self.spec.frames:
            self.abort()  # the acTL chunk announced spec.frames frames
            raise ValueError(f"{self.written} of the {self.spec.frames} frames were written")
        try:
            if self.suffix == ".gif":
                self._file.write(b";")
                self._file.close()
                self._file = None
            elif self.suffix == ".png":
                self._chunk(b"IEND", b"")
                self._file.close()
                self._file = None
            elif self.suffix == ".webp":
                duration = round(self.written * 1000 / self.spec.fps)
                self._webp.add(None, duration, False, 80, 100, 0)  # flush the last frame
                data = self._webp.assemble(b"", b"", b"")  # ICC profile, EXIF, XMP: none
                self._webp = None
                if data is None:
                    raise OSError("the WebP encoder returned nothing")
                with open(self.tmp, "wb") as f:
                    f.write(data)
            else:
                self._ffmpeg.close()
                self._ffmpeg = None
            _set_mode(self.tmp, self.path)
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
        self._file = self._ffmpeg = self._webp = None
        self.tmp.unlink(missing_ok=True)


def _set_mode(tmp: Path, target: Path) -> None:
    """The permission bits the file would have had if written in place: the existing
    file's, else 0666 less the umask (mkstemp makes 0600)."""
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


_DONE = object()


class FrameEncoder:
    """A writer on its own thread behind a queue of at most ``depth`` frames.

    ``put(frame)`` blocks while the queue is full (``full()`` lets an event loop wait
    instead); ``finish()`` encodes what is queued, closes the file and returns its path;
    ``cancel()`` drops the queue and deletes the partial file. ``encoded`` counts frames
    handed to the writer. An encoder error is raised by the next ``put``/``finish``.
    Peak memory: ``depth + 2`` frames (queued, being encoded, being produced).
    """

    def __init__(self, writer: AnimationWriter, depth: int = 4) -> None:
        self.writer = writer
        self.encoded = 0
        self.path: Path | None = None
        self.error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, depth))
        self._cancelled = threading.Event()
        self._thread = threading.Thread(target=self._work, name="animation-encoder", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while True:
            frame = self._queue.get()
            if self._cancelled.is_set():
                return
            try:
                if frame is _DONE:
                    if self.error is None:
                        self.path = self.writer.close()
                    return
                if self.error is None:
                    self.writer.add(frame)
                    self.encoded += 1
            except BaseException as exc:  # noqa: BLE001 - handed to the producer thread
                self.error = exc
                self.writer.abort()
                if frame is _DONE:
                    return

    @property
    def done(self) -> bool:
        """The thread has ended (file written, failed or cancelled)."""
        return not self._thread.is_alive()

    def full(self) -> bool:
        return self._queue.full()

    def put(self, frame: np.ndarray) -> None:
        if self.error is not None:
            raise self.error
        self._queue.put(frame)

    def finish(self, wait: bool = True) -> Path | None:
        """Close the file after the queued frames; with ``wait``, its path (or the error)."""
        self._queue.put(_DONE)
        if not wait:
            return None
        self._thread.join()
        return self.result()

    def result(self) -> Path:
        """After ``done``: the written file, or the encoder's error raised."""
        if self.error is not None:
            raise self.error
        if self.path is None:
            raise RuntimeError("the animation was cancelled")
        return self.path

    def cancel(self) -> bool:
        """Stop, drop queued frames and delete the partial file (waits for the frame being
        encoded). False when the file had already been completed (it is kept)."""
        self._cancelled.set()
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        try:
            self._queue.put_nowait(_DONE)  # wakes the thread if it waits for a frame
        except queue.Full:
            pass
        self._thread.join()
        self.writer.abort()
        return self.path is None


def animation_bytes(spec: AnimationSpec, suffix: str, depth: int = 4) -> int:
    """Bytes an export holds at its peak beyond the app itself: the frames in flight (queued,
    being encoded, being made: RGB plus the 4-byte-per-pixel images they are painted in) and,
    for WebP, the compressed frames libwebp keeps until the end. Independent of the duration
    except for WebP."""
    frame = spec.width * spec.height
    held = spec.pixels * WEBP_BYTES_PER_PIXEL if suffix == ".webp" else 0
    return int((depth + 3) * frame * 3 + 3 * frame * 4 + held)


def check_animation_path(path: str | os.PathLike, what: str = "--out") -> Path:
    """The output path checked before any work (name, suffix, folder, permission)."""
    from .files import check_output_path

    return check_output_path(path, FORMATS, what)
