"""Can a Qt window open here?  Checked before ``QApplication`` is built.

When no platform plugin can start, Qt prints a few lines and calls ``abort()``:
exit status 134 and a core dump, with the real cause buried.  On Linux,
``platform_problem()`` looks for the usual causes first and returns a message
saying what to do:

- no display: neither ``DISPLAY`` nor ``WAYLAND_DISPLAY`` is set and
  ``QT_QPA_PLATFORM`` (or ``-platform``) names no platform that needs none
  (``offscreen``, ``minimal``, ``vnc``, ``linuxfb``, ``eglfs``…);
- the xcb plugin cannot load (since Qt 6.5 it needs ``libxcb-cursor0`` and
  friends): the plugin is opened with ``dlopen`` and the loader's error kept;
- the X server named by ``DISPLAY`` does not answer (``xcb_connect`` fails).

Other systems (Windows, macOS) always have their platform plugin.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["platform_problem"]

# Platforms that draw without a display server.
HEADLESS = {"offscreen", "minimal", "vnc", "linuxfb", "eglfs", "minimalegl", "vkkhrdisplay"}

XCB_PACKAGES = ("libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 "
                "libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0")

WHAT_TO_DO = f"""\
What to do:
  - on a desktop, start Optim Lab from inside the graphical session;
  - on a headless Linux machine, give it a virtual display:
      apt-get install xvfb {XCB_PACKAGES}
      xvfb-run -a -s "-screen 0 1280x800x24" optim-lab
  - to run without showing a window (scripts, tests), set QT_QPA_PLATFORM=offscreen;
    `optim-lab render --scenario NAME --out F.png` draws a figure with no window at all."""


def _requested_platforms(env: Mapping[str, str], qt_args: Sequence[str]) -> list[str]:
    """Platform names Qt will try, in order (``-platform`` wins over ``QT_QPA_PLATFORM``)."""
    spec = ""
    args = list(qt_args)
    for i, a in enumerate(args):
        if a in ("-platform", "--platform") and i + 1 < len(args):
            spec = args[i + 1]
        elif a.startswith(("-platform=", "--platform=")):
            spec = a.split("=", 1)[1]
    spec = spec or env.get("QT_QPA_PLATFORM", "")
    names = [s.split(":", 1)[0].strip() for s in spec.split(";") if s.strip()]
    if names:
        return names
    # Qt 6 on Linux: wayland first in a Wayland session, then xcb.
    return ["wayland", "xcb"] if env.get("WAYLAND_DISPLAY") else ["xcb"]


def _xcb_plugin() -> Path | None:
    try:
        from PySide6.QtCore import QLibraryInfo
    except ImportError:
        return None
    plugin = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def _xcb_problem(display: str, plugin: Path | None) -> str | None:
    if plugin is not None:
        try:
            ctypes.CDLL(str(plugin))
        except OSError as exc:
            return (f"Qt's xcb platform plugin cannot be loaded: {exc}.\n"
                    f"Install the X11 libraries Qt needs: apt-get install {XCB_PACKAGES}")
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError as exc:
        return f"the X11 client library cannot be loaded: {exc}."
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        failed = xcb.xcb_connection_has_error(connection)
    finally:
        xcb.xcb_disconnect(connection)
    if failed:
        return (f"cannot connect to the X display {display!r} (DISPLAY): "
                "no X server answers there, or it refuses this user.")
    return None


def platform_problem(env: Mapping[str, str] | None = None, qt_args: Sequence[str] = (),
                     system: str | None = None, xcb_plugin: Path | None = None) -> str | None:
    """Why no Qt window can open here, with what to do; ``None`` if one can (or we cannot tell).

    ``xcb_plugin`` is the plugin file to test-load (default: the one Qt would load).
    ``env``, ``qt_args`` and ``system`` default to this process's.
    """
    env = os.environ if env is None else env
    if not (system or sys.platform).startswith("linux"):
        return None
    reasons = []
    for name in _requested_platforms(env, qt_args):
        if name in HEADLESS:
            return None
        if name.startswith("wayland"):
            if env.get("WAYLAND_DISPLAY") or env.get("WAYLAND_SOCKET"):
                return None  # cannot probe cheaply: let Qt try
            reasons.append("no Wayland display (WAYLAND_DISPLAY is not set).")
        elif name == "xcb":
            display = env.get("DISPLAY", "")
            if not display:
                reasons.append("no display: neither DISPLAY nor WAYLAND_DISPLAY is set, and "
                               "QT_QPA_PLATFORM does not name a platform that needs none.")
                continue
            why = _xcb_problem(display, xcb_plugin or _xcb_plugin())
            if why is None:
                return None
            reasons.append(why)
        else:
            return None  # a platform we do not know how to check
    if not reasons:
        return None
    return "Optim Lab cannot open a window: " + "\n".join(dict.fromkeys(reasons)) + "\n" + WHAT_TO_DO
