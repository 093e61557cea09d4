"""Screenshots of every Deep Stack Lab scenario (run under Xvfb, not collected by pytest).

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m tests.app.screenshot_deep_lab \
        [SCENARIO ...] [--zh_CN]

Each scenario is loaded, trained (or swept) for a fixed number of steps and the window saved to
``assets/screenshots/deep_<scenario>.png``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from app.deep_lab import DeepStackLab  # noqa: E402
from app.deep_lab.scenarios import SCENARIOS  # noqa: E402

STEPS = {"vanishing": 200, "skips": 200, "exploding": 200, "healthy": 200,
         "batchnorm_explodes": 12, "edge_of_stability": 800}
OUT = Path(__file__).resolve().parents[2] / "assets" / "screenshots"


def wait(app: QApplication, condition, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main(keys: list[str]) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    suffix = ""
    if "--zh_CN" in keys:  # the lab in Simplified Chinese: deep_<scenario>_zh_CN.png
        from PySide6.QtCore import QTranslator

        keys = [k for k in keys if k != "--zh_CN"]
        translator = QTranslator(app)
        qm = OUT.parent / "translations" / "optim_lab_zh_CN.qm"
        if not translator.load(str(qm)):
            raise SystemExit(f"cannot load {qm}")
        app.installTranslator(translator)
        suffix = "_zh_CN"
    win = QMainWindow()
    lab = DeepStackLab()
    win.setCentralWidget(lab)
    win.resize(1280, 800)
    win.setWindowTitle("Optim Lab — Deep Stack Lab")
    win.show()
    OUT.mkdir(parents=True, exist_ok=True)
    for i, s in enumerate(SCENARIOS, start=1):
        if keys and s.key not in keys:
            continue
        lab.scenario.setCurrentIndex(i)
        lab._on_scenario_changed(i)
        if s.sweep:
            wait(app, lambda: lab.curves.sweep_plain.getData()[0] is not None
                 and len(lab.curves.sweep_plain.getData()[0]) > 0)
            lab.play.setChecked(False)
        else:
            target = STEPS[s.key]
            wait(app, lambda t=target: bool(lab._series) and max(x.n for x in lab._series) >= t
                 or not lab._playing)
            lab.play.setChecked(False)
        wait(app, lambda: False, timeout=0.8)  # let the last frame and boundary land
        path = OUT / f"deep_{s.key}{suffix}.png"
        win.grab().save(str(path))
        print(path)
    lab.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
