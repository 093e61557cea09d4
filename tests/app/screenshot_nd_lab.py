"""Screenshots of the N-D Lab in the real main window (run under Xvfb, not collected by pytest).

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m tests.app.screenshot_nd_lab [OUT_DIR]

Writes ``nd_*.png`` (default folder ``assets/screenshots``): the default quadratic,
the best-settings theory check, an N-D saddle, Rastrigin on two coordinates and
Rosenbrock at D = 1000 on a random plane.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main(out: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    from app.main_window import MainWindow
    from app.nd_lab import NDLab

    win = MainWindow()
    win.resize(1280, 800)
    win.show()
    idx = [i for i in range(win.tabs.count()) if "N-D" in win.tabs.tabText(i)][0]
    win.tabs.setCurrentIndex(idx)

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    spin(300)
    lab = win.tabs.currentWidget()
    assert isinstance(lab, NDLab), type(lab)

    def settle() -> None:
        for _ in range(600):
            spin(50)
            if (lab.result is not None and lab.result.generation == lab.generation()
                    and not lab._recompute.isActive() and not lab.computer.busy()):
                spin(250)
                return
        print("timed out waiting for the lab", file=sys.stderr)

    os.makedirs(out, exist_ok=True)

    def shot(name: str) -> None:
        settle()
        path = os.path.join(out, name)
        if not win.grab().save(path):
            raise SystemExit(f"could not write {path}")
        print("saved", path)

    shot("nd_default.png")
    lab.best_button.click()
    settle()
    lab.playback.set_position(60)
    shot("nd_best_settings.png")
    lab.setup.set_surface("nd_saddle")
    lab.setup.dim.setValue(50)
    lab.setup.negative.setValue(3)
    lab.setup.start_spread.setValue(0.05)
    settle()
    lab.playback.set_position(5)
    shot("nd_saddle.png")
    rows = {r.name: r for r in lab.optimizers.rows()}
    rows["gd"].set_hyper(lr=0.003)
    rows["momentum"].set_hyper(lr=0.002, momentum=0.9)
    rows["adam"].set_hyper(lr=0.05)
    lab.setup.set_surface("rastrigin")
    lab.setup.dim.setValue(10)
    lab.setup.start_spread.setValue(0.3)
    lab.plane_panel.set_mode("coordinates")
    lab.plane_panel.i.setValue(0)
    lab.plane_panel.j.setValue(1)
    shot("nd_rastrigin_coordinates.png")
    lab.setup.set_surface("rosenbrock")
    lab.setup.dim.setValue(1000)
    lab.plane_panel.set_mode("random")
    shot("nd_rosenbrock_1000_random_plane.png")
    lab.computer.wait()
    win.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "assets/screenshots"))
