"""Streaming GIF / MP4 / APNG / WebP writers: frame counts read back, the moving mark moves,
budget refusals, atomic writes (a cancelled export leaves nothing), the encoder thread."""

from __future__ import annotations

import os
import stat

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from optim_lab.animation import (
    FORMATS,
    MAX_PIXELS,
    AnimationSpec,
    AnimationWriter,
    FrameEncoder,
    animation_bytes,
)

RUN_COLOUR = (230, 120, 0)


def _frame(spec: AnimationSpec, k: int) -> np.ndarray:
    """A grey-blue background with a run-coloured square moving left to right."""
    f = np.empty((spec.height, spec.width, 3), np.uint8)
    f[...] = np.linspace(60, 200, spec.width, dtype=np.uint8)[None, :, None]
    x = 4 + k * (spec.width - 24) // max(spec.frames - 1, 1)
    f[spec.height // 2 - 8: spec.height // 2 + 8, x: x + 16] = RUN_COLOUR
    return f


def _run_x(rgb: np.ndarray) -> float:
    mask = np.all(np.abs(rgb.astype(int) - RUN_COLOUR) < 30, axis=-1)
    assert mask.any()
    return float(np.nonzero(mask)[1].mean())


def _write(path, spec):
    w = AnimationWriter(path, spec)
    for k in range(spec.frames):
        w.add(_frame(spec, k))
    return w.close()


def test_gif_has_every_frame_and_the_run_moves(tmp_path):
    spec = AnimationSpec(240, 136, fps=12, seconds=1.5)
    path = _write(tmp_path / "a.gif", spec)
    im = Image.open(path)
    assert im.n_frames == spec.frames == 18
    assert abs(im.info["duration"] - 1000 / spec.fps) <= 5  # GIF delays: 1/100 s
    xs = []
    for k in range(im.n_frames):
        im.seek(k)
        xs.append(_run_x(np.asarray(im.convert("RGB"))))
    assert all(b > a for a, b in zip(xs, xs[1:]))
    assert xs[-1] - xs[0] > spec.width / 2
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left


def test_mp4_reads_back_with_the_right_frame_count(tmp_path):
    spec = AnimationSpec(320, 180, fps=10, seconds=2)
    path = _write(tmp_path / "a.mp4", spec)
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == spec.frames
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert tuple(meta["size"]) == (spec.width, spec.height)
    xs = [_run_x(np.frombuffer(b, np.uint8).reshape(spec.height, spec.width, 3)) for b in reader]
    assert len(xs) == spec.frames and xs[-1] - xs[0] > spec.width / 2


@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
def test_abort_leaves_no_file(tmp_path, suffix):
    spec = AnimationSpec(64, 64, fps=5, seconds=2)
    w = AnimationWriter(tmp_path / f"x{suffix}", spec)
    for k in range(3):
        w.add(_frame(spec, k))
    w.abort()
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_kept_until_the_new_one_is_complete(tmp_path):
    target = tmp_path / "x.gif"
    target.write_bytes(b"old")
    spec = AnimationSpec(64, 64, fps=5, seconds=1)
    w = AnimationWriter(target, spec)
    w.add(_frame(spec, 0))
    assert target.read_bytes() == b"old"
    w.abort()
    assert target.read_bytes() == b"old"


def test_requests_are_sized_before_work():
    spec = AnimationSpec(960, 540, fps=30, seconds=6)
    assert spec.frames == 180 and spec.pixels == 180 * 960 * 540
    pattern = r"36000 frames × 4096×4096 = .* G pixels to render and encode; at most"
    with pytest.raises(ValueError, match=pattern) as info:
        AnimationSpec(4096, 4096, fps=60, seconds=600)
    frames = 36000
    assert f"{frames * 4096 * 4096 / 1e9:.2f} G" in str(info.value)
    assert 36000 * 4096 * 4096 > MAX_PIXELS
    for bad in [dict(width=0, height=100), dict(width=100, height=100, fps=0),
                dict(width=100, height=100, seconds=float("nan")), dict(width=True, height=100)]:
        with pytest.raises(ValueError):
            AnimationSpec(**bad)


def test_bad_frames_and_formats_are_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown animation format"):
        AnimationWriter(tmp_path / "x.avi", AnimationSpec(64, 64))
    spec = AnimationSpec(64, 64, fps=1, seconds=1)
    w = AnimationWriter(tmp_path / "x.gif", spec)
    with pytest.raises(ValueError, match="expected"):
        w.add(np.zeros((32, 64, 3), np.uint8))
    w.add(_frame(spec, 0))
    with pytest.raises(ValueError, match="more than the 1 frames"):
        w.add(_frame(spec, 0))
    assert w.close().exists()


@pytest.mark.parametrize("suffix", [".png", ".webp"])
def test_apng_and_webp_have_every_frame_and_the_run_moves(tmp_path, suffix):
    spec = AnimationSpec(240, 136, fps=12, seconds=1.5)
    path = _write(tmp_path / f"a{suffix}", spec)
    im = Image.open(path)
    assert im.format == ("PNG" if suffix == ".png" else "WEBP")
    assert im.is_animated and im.n_frames == spec.frames
    if suffix == ".png":  # fcTL delay 1/fps s, as Pillow reads it back (ms)
        assert im.info["duration"] == pytest.approx(1000 / spec.fps)
    xs = []
    for k in range(im.n_frames):
        im.seek(k)
        xs.append(_run_x(np.asarray(im.convert("RGB"))))
    assert all(b > a for a, b in zip(xs, xs[1:]))
    assert list(tmp_path.iterdir()) == [path]


def test_apng_frames_are_lossless(tmp_path):
    spec = AnimationSpec(64, 48, fps=5, seconds=1)
    frames = [np.random.default_rng(k).integers(0, 256, (48, 64, 3), dtype=np.uint8)
              for k in range(spec.frames)]
    w = AnimationWriter(tmp_path / "r.png", spec)
    for f in frames:
        w.add(f)
    im = Image.open(w.close())
    for k, f in enumerate(frames):
        im.seek(k)
        assert np.array_equal(np.asarray(im.convert("RGB")), f)


def test_an_apng_must_get_the_frames_it_announced(tmp_path):
    spec = AnimationSpec(64, 64, fps=5, seconds=1)
    w = AnimationWriter(tmp_path / "x.png", spec)
    w.add(_frame(spec, 0))
    with pytest.raises(ValueError, match="1 of the 5 frames"):
        w.close()
    assert list(tmp_path.iterdir()) == []


def test_a_long_webp_is_refused_with_the_estimate(tmp_path):
    spec = AnimationSpec(1920, 1080, fps=30, seconds=30)
    with pytest.raises(ValueError, match=r"may hold ≈ \d+ MiB of compressed frames"):
        AnimationWriter(tmp_path / "x.webp", spec)
    assert list(tmp_path.iterdir()) == []
    AnimationWriter(tmp_path / "x.gif", spec).abort()  # the same request is fine as GIF
    assert animation_bytes(spec, ".webp") > animation_bytes(spec, ".gif")
    assert animation_bytes(AnimationSpec(320, 240, seconds=60), ".gif") == \
        animation_bytes(AnimationSpec(320, 240, seconds=6), ".gif")  # streamed: no duration term


@pytest.mark.parametrize("suffix", FORMATS)
def test_encoder_thread_writes_the_file_and_cancel_leaves_none(tmp_path, suffix):
    spec = AnimationSpec(96, 64, fps=10, seconds=1)
    enc = FrameEncoder(AnimationWriter(tmp_path / f"a{suffix}", spec), depth=2)
    for k in range(spec.frames):
        enc.put(_frame(spec, k))
    path = enc.finish()
    assert enc.done and enc.encoded == spec.frames and path.exists()
    enc = FrameEncoder(AnimationWriter(tmp_path / f"b{suffix}", spec), depth=2)
    for k in range(4):
        enc.put(_frame(spec, k))
    assert enc.cancel()
    assert enc.done
    assert sorted(tmp_path.iterdir()) == [path]


def test_encoder_errors_reach_the_producer_and_remove_the_file(tmp_path):
    spec = AnimationSpec(64, 64, fps=5, seconds=1)
    enc = FrameEncoder(AnimationWriter(tmp_path / "x.gif", spec), depth=1)
    enc.put(np.zeros((10, 10, 3), np.uint8))  # wrong size: the worker's writer refuses it
    with pytest.raises(ValueError, match="expected"):
        for k in range(spec.frames):
            enc.put(_frame(spec, k))
        enc.finish()
    assert enc.done or enc.cancel() or True
    enc._thread.join(5)
    assert list(tmp_path.iterdir()) == []


def test_written_files_get_the_usual_permission_bits(tmp_path):
    old = os.umask(0o022)
    try:
        path = _write(tmp_path / "m.gif", AnimationSpec(64, 64, fps=2, seconds=1))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's 0600
