"""With no usable display the app says what to do and exits 1 (Qt alone aborts: exit 134, core dump)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.display import platform_problem

ROOT = Path(__file__).resolve().parents[2]


def _launch(**env_changes: str | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    for key in ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET", "QT_QPA_PLATFORM"):
        env.pop(key, None)
    env.update({k: v for k, v in env_changes.items() if v is not None})
    return subprocess.run([sys.executable, "-m", "app"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def _says_what_to_do(stderr: str) -> None:
    assert "Optim Lab cannot open a window" in stderr
    assert "QT_QPA_PLATFORM=offscreen" in stderr and "xvfb-run" in stderr
    assert "Traceback" not in stderr
    assert "could not be initialized" not in stderr  # Qt's own abort text never appears


def test_no_display_at_all_gives_a_message_and_exit_1():
    p = _launch()
    assert p.returncode == 1, (p.returncode, p.stderr)
    _says_what_to_do(p.stderr)
    assert "neither DISPLAY nor WAYLAND_DISPLAY" in p.stderr


def test_a_display_nobody_serves_gives_a_message_and_exit_1():
    p = _launch(DISPLAY=":4711")  # no X server there (or the xcb libraries are missing)
    assert p.returncode == 1, (p.returncode, p.stderr)
    _says_what_to_do(p.stderr)
    assert "':4711'" in p.stderr or "xcb platform plugin cannot be loaded" in p.stderr


def test_missing_xcb_libraries_are_named(tmp_path):
    broken = tmp_path / "libqxcb.so"
    broken.write_bytes(b"not a shared object")  # dlopen fails just as with a missing libxcb-cursor0
    why = platform_problem({"DISPLAY": ":0"}, system="linux", xcb_plugin=broken)
    assert why is not None and "xcb platform plugin cannot be loaded" in why
    assert str(broken) in why and "apt-get install" in why and "libxcb-cursor0" in why


def test_headless_platforms_and_other_systems_pass():
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}, system="linux") is None
    assert platform_problem({}, qt_args=["-platform", "offscreen"], system="linux") is None
    assert platform_problem({"QT_QPA_PLATFORM": "xcb;minimal"}, system="linux") is None
    assert platform_problem({"WAYLAND_DISPLAY": "wayland-0"}, system="linux") is None
    assert platform_problem({}, system="win32") is None
    assert platform_problem({}, system="darwin") is None
    # -platform on the command line wins over the environment
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}, qt_args=["-platform", "xcb"],
                            system="linux") is not None
    assert platform_problem({}, system="linux") is not None


def test_offscreen_launch_is_not_refused(tmp_path):
    """The check must not block a platform that works: offscreen starts the window (and on
    quitting, the app writes its settings: here to a temporary file)."""
    code = ("import sys; from app.main import launch; from PySide6.QtCore import QTimer\n"
            "QTimer.singleShot(0, lambda: __import__('PySide6.QtWidgets').QtWidgets"
            ".QApplication.instance().quit())\n"
            "sys.exit(launch([]))")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    settings = tmp_path / "settings.ini"
    env.update(QT_QPA_PLATFORM="offscreen", OPTIM_LAB_SETTINGS=str(settings))
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "cannot open a window" not in p.stderr
    assert "tab=0" in settings.read_text(encoding="utf-8")
