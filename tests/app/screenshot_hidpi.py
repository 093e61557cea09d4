"""Screenshots of the three labs at the device pixel ratio Qt starts with (not collected by pytest).

    QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 1920x1200x24" \\
        .venv/bin/python -m tests.app.screenshot_hidpi OUT_DIR

Writes ``surface_rN.png``, ``surface_playing_rN.png`` (playback at step 400), ``nd_rN.png`` and
``deep_rN.png`` (N: the ratio) of the main window
at 1280 x 800 logical pixels: at ratio 2 the files are 2560 x 1600 device pixels, to check that
nothing is blurred (cached layers drawn 1:1 on device pixels), no hairline is lost and text is sharp.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtWidgets import QApplication  # noqa: E402


def wait(app: QApplication, condition, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main(out: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from app.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    win = MainWindow()
    win.resize(1280, 800)
    win.show()
    ratio = f"r{win.devicePixelRatioF():g}"
    wait(app, lambda: False, timeout=1.0)
    gd = win.surface_lab.rows()[0]
    gd.lr.slider.setValue(gd.lr.position_for(1.5e-3))  # a drag: one run live, the rest cached
    win.surface_lab.recompute_now()
    wait(app, lambda: False, timeout=0.5)
    win.grab().save(str(out / f"surface_{ratio}.png"))
    clock = win.surface_lab.clock  # mid-playback: growing paths drawn from their pixmaps + tail
    for k in range(0, 401, 4):
        clock.seek(k)
        app.processEvents()
    win.grab().save(str(out / f"surface_playing_{ratio}.png"))
    for title, name in (("N-D Lab", "nd"), ("Deep Stack Lab", "deep")):
        idx = [i for i in range(win.tabs.count()) if win.tabs.tabText(i) == title][0]
        win.tabs.setCurrentIndex(idx)
        wait(app, lambda: False, timeout=1.0)
        lab = win.tabs.currentWidget()
        if name == "nd":
            wait(app, lambda lab=lab: lab.result is not None
                 and lab.result.generation == lab.generation())
            lab.playback.set_position(120)
        else:
            wait(app, lambda lab=lab: lab._session is not None)
            lab.play.setChecked(True)
            wait(app, lambda lab=lab: bool(lab._series) and max(s.n for s in lab._series) >= 120)
            lab.play.setChecked(False)
        wait(app, lambda: False, timeout=1.0)
        win.grab().save(str(out / f"{name}_{ratio}.png"))
        if name == "deep":
            lab.shutdown()
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
