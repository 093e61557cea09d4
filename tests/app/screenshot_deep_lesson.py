"""Screenshots of the Deep Stack Lab lesson in progress and completed, English and Chinese.

    xvfb-run -a -s "-screen 0 1600x900x24" python tests/app/screenshot_deep_lesson.py OUT_DIR [en|zh_CN]

(or ``QT_QPA_PLATFORM=offscreen``). The learner's actions are the test's
(tests/app/test_deep_lesson.py): press Play, tick the residual box, train.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.language import Language
from app.main_window import MainWindow


def wait(app, until, seconds: float = 90.0) -> None:
    end = time.monotonic() + seconds
    while not until():
        if time.monotonic() > end:
            raise TimeoutError("the lab did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def train(app, lab, panel, steps: int) -> None:
    wait(app, lambda: lab._session is not None and lab._session.generation == lab._generation)
    lab.play.click()
    wait(app, lambda: lab._series and lab._series[0].n >= steps)
    lab.play.click()
    for _ in range(20):
        app.processEvents()
    lab._redraw()
    panel.refresh()


def main(out: Path, lang: str) -> None:
    app = QApplication.instance() or QApplication([])
    Language(app).apply(lang)
    w = MainWindow()
    w.resize(1600, 900)
    w.show()
    w.lessons_action.trigger()
    panel = w.lessons
    panel.start(next(x for x in panel.lessons if x.id == "deep_stacks"))
    lab = w.tabs.currentWidget()
    train(app, lab, panel, 12)  # in progress: trained, but fewer steps than asked
    w.grab().save(str(out / f"deep_lesson_progress_{lang}.png"))
    train(app, lab, panel, 30)
    panel.next()
    lab.panel.residual.click()
    train(app, lab, panel, 30)
    panel.next()
    train(app, lab, panel, 10)
    panel.next()
    lab.panel.residual.click()
    train(app, lab, panel, 10)
    w.grab().save(str(out / f"deep_lesson_complete_{lang}.png"))
    print(panel.passed, panel.progress.index)
    lab.shutdown()
    w.close()


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    main(out, sys.argv[2] if len(sys.argv) > 2 else "en")
