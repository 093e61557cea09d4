"""``optim-lab animate``: the issue's 6 s, 30 fps, 960 px GIF and MP4 of ``lr_too_large`` made
in a memory-capped process (frame count, frames differ, the diverging run's colour in late
frames, MP4 decodable, peak RSS), streaming (a 60 s export peaks no higher than a 6 s one),
arguments checked before work, Ctrl-C leaves no file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QColor

from app.cli import main
from app.surface_lab.run_rows import color_hex
from app.widgets.animation_frames import frame_step
from optim_lab.experiment import save_experiment
from optim_lab.session import SurfaceSession

ROOT = Path(__file__).resolve().parents[2]
ADDRESS_SPACE = 3 * 2**30  # as the render memory tests: torch-free Qt fits well inside
PEAK_RSS_MB = 500

CHILD = """
import json, resource, sys, time
from app.cli import main
def hwm():  # own peak RSS: ru_maxrss is kept across fork+exec (the pytest parent's size)
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(ln.split()[1]) for ln in f if ln.startswith("VmHWM:")) / 1024
t = time.perf_counter()
code = main(sys.argv[1:])
print(json.dumps({"code": code, "seconds": time.perf_counter() - t,
                  "peak_mb": hwm(),
                  "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _limit_address_space() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def animate_in_child(*args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6")
    p = subprocess.run([sys.executable, "-c", CHILD, "animate", *args], cwd=ROOT, env=env,
                       preexec_fn=_limit_address_space, capture_output=True, text=True,
                       timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    report = json.loads(p.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, p.stderr[-2000:]
    report["stderr"] = p.stderr
    return report


def diverging_colour(scenario: str = "lr_too_large") -> np.ndarray:
    """The drawn colour of the scenario's diverging run (computed by the engine here)."""
    s = SurfaceSession()
    s.load_scenario(scenario)
    diverged = [rid for rid in s.run_ids() if s.result(rid).status == "diverged"]
    assert len(diverged) == 1
    c = QColor(color_hex(s.run(diverged[0]).color))
    return np.array([c.red(), c.green(), c.blue()])


def colour_count(frame: np.ndarray, colour: np.ndarray, tol: int = 40) -> int:
    return int(np.sum(np.max(np.abs(frame.astype(int) - colour), axis=2) <= tol))


def gif_frames(path: Path) -> list[np.ndarray]:
    im = Image.open(path)
    out = []
    for k in range(im.n_frames):
        im.seek(k)
        out.append(np.asarray(im.convert("RGB")))
    return out


def mp4_frames(path: Path) -> list[np.ndarray]:
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    w, h = meta["size"]
    return [np.frombuffer(b, np.uint8).reshape(h, w, 3) for b in reader]


@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
def test_issue_animation_of_lr_too_large(tmp_path, suffix):
    out = tmp_path / f"lr{suffix}"
    r = animate_in_child("--scenario", "lr_too_large", "--out", str(out), "--fps", "30",
                         "--seconds", "6", "--width", "960")
    print(f"{suffix}: {r['seconds']:.1f} s, peak RSS {r['peak_mb']:.0f} MB "
          f"(encoder child {r['children_mb']:.0f} MB)")
    assert r["peak_mb"] <= PEAK_RSS_MB, r["peak_mb"]
    assert "optim-lab animate:" in r["stderr"]  # progress on stderr
    frames = gif_frames(out) if suffix == ".gif" else mp4_frames(out)  # MP4: ffmpeg decodes it
    assert len(frames) == 30 * 6
    if suffix == ".mp4":
        assert imageio_ffmpeg.count_frames_and_secs(str(out))[0] == 180
    assert frames[0].shape == (720, 960, 3)
    s = SurfaceSession()
    s.load_scenario("lr_too_large")
    steps = [frame_step(i, 180, s.steps) for i in range(180)]
    assert steps[0] == 0 and steps[-1] == s.steps
    # the runs move between frames that show different steps (180 frames for 150 steps)
    for i in range(40):
        d = np.abs(frames[i + 1].astype(int) - frames[i]).mean()
        if steps[i + 1] != steps[i]:
            assert d > 0, (i, d)
    colour = diverging_colour()
    first = colour_count(frames[0], colour)
    late = [colour_count(f, colour) for f in frames[-30:]]
    assert min(late) > first + 2000, (first, late[:3])  # the diverging run's path fills in
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_a_long_export_peaks_no_higher_than_a_short_one(tmp_path):
    peaks = {}
    for seconds in (6, 60):
        out = tmp_path / f"s{seconds}.gif"
        r = animate_in_child("--scenario", "lr_too_large", "--out", str(out), "--fps", "10",
                             "--seconds", str(seconds), "--width", "320")
        assert Image.open(out).n_frames == 10 * seconds
        peaks[seconds] = r["peak_mb"]
    print(f"peak RSS 6 s {peaks[6]:.0f} MB, 60 s {peaks[60]:.0f} MB")
    # holding the 540 extra frames would add 540 × 320 × 240 × 3 bytes ≈ 124 MB; allow a few MB
    # of allocator noise (measured: 131 and 133 MB)
    assert peaks[60] - peaks[6] <= 15, peaks


def test_experiment_with_the_loss_plot(tmp_path, qapp):
    s = SurfaceSession()
    s.load_scenario("lr_too_large")
    exp = tmp_path / "e.json"
    save_experiment(exp, s.to_experiment())
    out = tmp_path / "e.png"
    assert main(["animate", "--experiment", str(exp), "--out", str(out), "--fps", "5",
                 "--seconds", "2", "--width", "400", "--loss-plot"]) == 0
    im = Image.open(out)
    assert im.format == "PNG" and im.n_frames == 10
    assert im.size == (400, 300 + 120)  # the plane, then the loss plot (0.3 × width) under it
    colour = diverging_colour()
    plot = []
    for k in (0, 9):
        im.seek(k)
        plot.append(np.asarray(im.convert("RGB"))[300:])
    # the diverging run's loss curve is drawn up to the current step: absent at step 0
    assert colour_count(plot[1], colour, 30) > colour_count(plot[0], colour, 30) + 50


def test_arguments_and_size_are_checked_before_work(tmp_path, capsys, qapp, monkeypatch):
    cases = [
        (["--scenario", "nope", "--out", str(tmp_path / "x.gif")], 2, "unknown scenario 'nope'"),
        (["--scenario", "plateau", "--out", str(tmp_path / "x.avi")], 2, ".gif or .mp4"),
        (["--scenario", "plateau", "--out", str(tmp_path / "no" / "x.gif")], 1,
         "does not exist"),
        (["--scenario", "plateau", "--out", str(tmp_path / "x.mp4"), "--width", "4096",
          "--fps", "60", "--seconds", "600"], 2, "G pixels to render and encode; at most"),
        (["--scenario", "plateau", "--out", str(tmp_path / "x.gif"), "--fps", "0"], 2,
         "invalid fps"),
        (["--experiment", str(tmp_path / "missing.json"), "--out", str(tmp_path / "x.gif")], 1,
         "missing.json"),
    ]
    for args, code, text in cases:
        assert main(["animate", *args]) == code, args
        err = capsys.readouterr().err
        assert text in err, (args, err)
    monkeypatch.setenv("OPTIM_LAB_MEMORY_LIMIT", "10M")
    assert main(["animate", "--scenario", "plateau", "--out", str(tmp_path / "x.gif")]) == 2
    assert "needs ≈" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_exits_130_and_leaves_no_file(tmp_path):
    out = tmp_path / "long.gif"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6")
    p = subprocess.Popen([sys.executable, "-m", "app.cli", "animate", "--scenario",
                          "lr_too_large", "--out", str(out), "--seconds", "120", "--width",
                          "320"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()  # the first progress line: frames are being made
    assert "optim-lab animate:" in line, line
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert "interrupted" in err
    assert list(tmp_path.iterdir()) == []
