"""Screenshots of the training-dynamics scenarios in a real window (not collected by pytest).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.app.screenshot_dynamics \
        [OUT_DIR] [LOCALE]

Writes ``scenario_<name>.png`` (default folder ``assets/screenshots``; with LOCALE, e.g.
zh_CN, the names end in ``_zh_CN``) for noise_escapes_saddle, catapult, warmup and
clipping: the whole main window with the scenario loaded and played to its last step.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtWidgets import QApplication  # noqa: E402

SCENARIOS = ("noise_escapes_saddle", "catapult", "warmup", "clipping")


def main(out: str, locale: str | None) -> int:
    if locale:
        os.environ["OPTIM_LAB_LANG"] = locale
    app = QApplication.instance() or QApplication(sys.argv)
    from app.settings import open_settings
    from app.shell import AppShell

    shell = AppShell(app, open_settings(os.path.join(tempfile.mkdtemp(), "settings.ini")))
    os.makedirs(out, exist_ok=True)
    suffix = f"_{locale}" if locale else ""
    for name in SCENARIOS:
        w = shell.window
        w.resize(1500, 940)
        w.show()
        lab = w.surface_lab
        lab.load_scenario(name, play=False)
        for _ in range(20):
            app.processEvents()
            time.sleep(0.02)
        path = os.path.join(out, f"scenario_{name}{suffix}.png")
        w.screen().grabWindow(w.winId()).save(path)
        print("saved", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "assets/screenshots",
                  sys.argv[2] if len(sys.argv) > 2 else None))
