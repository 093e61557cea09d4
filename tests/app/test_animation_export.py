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


def _gif(path):
    im = Image.open(path)
    out = []
    for k in range(im.n_frames):
        im.seek(k)
        out.append(np.asarray(im.convert("RGB"), dtype=np.int16))
    return out


def test_frames_are_encoded_off_the_gui_thread_with_the_loss_plot(window, qtbot, tmp_path,
                                                                   monkeypatch):
    import threading

    from optim_lab.animation import AnimationWriter

    threads = []
    add = AnimationWriter.add
    monkeypatch.setattr(AnimationWriter, "add",
                        lambda self, frame: (threads.append(threading.current_thread()),
                                             add(self, frame))[1])
    path = tmp_path / "loss.webp"
    assert _export(window, qtbot, path, width=320, fps=10, seconds=1, loss_plot=True)
    assert len(threads) == 10 and threading.main_thread() not in threads
    exp = window.animation_export
    plain, with_plot = exp.spec_for(320, 10, 1), exp.spec_for(320, 10, 1, loss_plot=True)
    im = Image.open(path)
    assert im.format == "WEBP" and im.n_frames == 10
    assert im.size == (320, with_plot.height) and with_plot.height == plain.height + 96
    strips = []
    for k in (0, 9):
        im.seek(k)
        strips.append(np.asarray(im.convert("RGB"), dtype=int)[plain.height:])
    # the plot fills in: at the last frame the runs' curves cover more non-grey pixels
    coloured = [int(np.sum(s.max(axis=2) - s.min(axis=2) > 60)) for s in strips]
    assert coloured[1] > coloured[0] + 100, coloured


def test_cancel_leaves_no_file_and_the_lab_usable(window, qtbot, tmp_path):
    exp, lab = window.animation_export, window.surface_lab
    lab.clock.seek(40)
    with qtbot.waitSignal(exp.finished, timeout=60_000) as done:
        assert exp.start(str(tmp_path / "x.mp4"), width=320, fps=30, seconds=60, parent=window)
        qtbot.waitUntil(lambda: exp.encoder is not None and exp.encoder.encoded >= 3,
                        timeout=30_000)
        exp.progress.cancel()
    assert done.args == [False] and not exp.running
    assert list(tmp_path.iterdir()) == []
    assert lab.clock.position == 40
    lab.set_start(-5.0, 5.0)  # the lab still answers edits and can export again
    lab.recompute_now()
    assert lab.session.start == (-5.0, 5.0)
    assert _export(window, qtbot, tmp_path / "y.gif", width=200, fps=5, seconds=1)
    assert [p.name for p in tmp_path.iterdir()] == ["y.gif"]


def test_nd_lab_plane_view_animation(window, qtbot, tmp_path):
    window.tabs.setCurrentIndex(1)
    nd = window.tabs.currentWidget()
    qtbot.waitUntil(lambda: nd.result is not None, timeout=30_000)
    exp = window.current_animation_export()
    assert exp is not None and exp is not window.animation_export
    assert window.export_animation_action.isEnabled()
    path = tmp_path / "nd.gif"
    spec = exp.spec_for(320, 10, 1, True)
    w, h = exp.source.size()
    with qtbot.waitSignal(exp.finished, timeout=120_000) as done:
        assert exp.start(str(path), width=320, fps=10, seconds=1, parent=window, loss_plot=True)
    assert done.args == [True]
    frames = _gif(path)
    assert len(frames) == 10
    assert frames[0].shape[:2] == (spec.height, 320)
    assert abs(exp._plane_height / 320 - h / w) < 0.02  # the plane plot's own aspect
    assert np.abs(frames[-1] - frames[0]).mean() > 1.0  # the runs' markers moved
    from PySide6.QtWidgets import QLabel

    window.tabs.setCurrentIndex(window.tabs.addTab(QLabel("no playback"), "other"))
    assert not window.export_animation_action.isEnabled()  # a tab without a playback
    window.tabs.setCurrentIndex(0)
    assert window.current_animation_export() is window.animation_export
    nd.computer.wait()


def test_closing_the_window_cancels_an_export(window, qtbot, tmp_path):
    exp = window.animation_export
    assert exp.start(str(tmp_path / "x.gif"), width=320, fps=30, seconds=60, parent=window)
    qtbot.waitUntil(lambda: exp.encoder is not None and exp.encoder.encoded >= 2, timeout=30_000)
    window.close()
    assert not exp.running
    assert list(tmp_path.iterdir()) == []


def test_loss_panel_draws_curves_up_to_the_step_not_filled_shapes(qapp):
    from PySide6.QtGui import QImage, QPainter

    from app.widgets.animation_frames import LossPanel, LossSeries, image_to_rgb

    steps = 300
    k = np.arange(steps + 1, dtype=float)
    series = [LossSeries("#E69F00", 1.0 + 0.0 * k), LossSeries("#0072B2", 1.0 - (k / 30) ** 2)]
    panel = LossPanel(series, steps, 640, 200, "loss f")
    assert not panel.log  # negative values: a linear axis

    def pixels(step):
        img = QImage(640, 200, QImage.Format.Format_RGB32)
        p = QPainter(img)
        panel.paint(p, 0, step)
        p.end()
        rgb = image_to_rgb(img).astype(int)
        return [int(np.sum(np.max(np.abs(rgb - c), axis=2) <= 40))
                for c in ((0xE6, 0x9F, 0x00), (0x00, 0x72, 0xB2))]

    half, full = pixels(150), pixels(steps)
    width = panel.plot.width()
    assert full[0] > half[0] * 1.6  # drawn up to the current step
    assert full[0] < 6 * width and full[1] < 8 * width  # lines ~2 px wide, not filled areas
