# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""Animation export of the Surface Lab playback: GIF and MP4 read back with the planned frame
count, the diverging run visibly moves, Cancel leaves no file, oversized requests refused."""

from __future__ import annotations

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image
from PySide6.QtWidgets import QMessageBox
from surface_testing import no_qt_warnings  # noqa: F401

from app.main_window import MainWindow


@pytest.fixture
def window(qtbot, no_qt_warnings):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    w.surface_lab.load_scenario("lr_too_large", play=False)
    yield w
    w.surface_lab.clock.pause()


def _export(window, qtbot, path, **kw):
    exp = window.animation_export
    with qtbot.waitSignal(exp.finished, timeout=120_000) as done:
        assert exp.start(str(path), parent=window, **kw)
    return done.args[0]


def test_gif_of_lr_too_large(window, qtbot, tmp_path):
    lab = window.surface_lab
    position = lab.clock.position
    path = tmp_path / "lr.gif"
    assert _export(window, qtbot, path, width=320, fps=10, seconds=2)
    spec = window.animation_export.spec_for(320, 10, 2)
    im = Image.open(path)
    assert im.n_frames == spec.frames == 20
    assert im.size == (spec.width, spec.height)
    frames = []
    for k in range(im.n_frames):
        im.seek(k)
        frames.append(np.asarray(im.convert("RGB"), dtype=np.int16))
    # the runs are drawn growing: early frames differ from each other, and the first from the last
    diffs = [np.abs(b - a).sum() for a, b in zip(frames, frames[1:])]
    assert sum(d > 0 for d in diffs[:5]) == 5
    assert np.abs(frames[-1] - frames[0]).mean() > 1.0
    assert lab.clock.position == position  # the playback position is restored
    assert list(tmp_path.iterdir()) == [path]


def test_mp4_reads_back(window, qtbot, tmp_path):
    path = tmp_path / "lr.mp4"
    assert _export(window, qtbot, path, width=320, fps=8, seconds=2)
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == 16


def test_cancel_leaves_no_file(window, qtbot, tmp_path):
    exp = window.animation_export
    path = tmp_path / "x.gif"
    with qtbot.waitSignal(exp.finished, timeout=60_000) as done:
        assert exp.start(str(path), width=320, fps=30, seconds=20, parent=window)
        qtbot.waitUntil(lambda: exp._index >= 3, timeout=30_000)
        exp.progress.cancel()
    assert done.args == [False]
    assert list(tmp_path.iterdir()) == []


def test_too_large_request_is_refused_with_the_estimate(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    assert not window.animation_export.start(str(tmp_path / "x.mp4"), width=4096, fps=60,
                                             seconds=600, parent=window)
    assert len(shown) == 1 and "G pixels to render and encode; at most" in shown[0]
    assert list(tmp_path.iterdir()) == []
