"""Screenshots of a lesson in progress and completed, English and Chinese.

    QT_QPA_PLATFORM=offscreen python tests/app/screenshot_lessons.py OUT_DIR [en|zh_CN] [LESSON]

LESSON is ``lr_too_large`` (the default) or ``catapult_warmup`` (training dynamics: the
schedule is set with ``session.set_dynamics``, the call the run row's dynamics editor makes).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.language import Language
from app.main_window import MainWindow


def _settle(app) -> None:
    for _ in range(5):
        app.processEvents()


def catapult(out: Path, lang: str) -> None:
    app = QApplication.instance() or QApplication([])
    Language(app).apply(lang)
    w = MainWindow()
    w.resize(1500, 860)
    w.show()
    w.lessons_action.trigger()
    panel, lab = w.lessons, w.surface_lab
    panel.start(next(x for x in panel.lessons if x.id == "catapult_warmup"))
    row = lab.rows()[0]
    row.lr.slider.setValue(row.lr.position_for(1.2 * row.lr.stabilityLimit()))
    _settle(app)
    panel.refresh()
    w.grab().save(str(out / f"lesson_catapult_step1_done_{lang}.png"))
    panel.next()
    _settle(app)
    panel.refresh()
    w.grab().save(str(out / f"lesson_warmup_start_{lang}.png"))
    lab.session.set_dynamics(lab.rows()[0].run_id, schedule="warmup:start_factor=0.01,total_iters=100")
    _settle(app)
    panel.refresh()
    w.grab().save(str(out / f"lesson_warmup_complete_{lang}.png"))
    w.close()


def main(out: Path, lang: str) -> None:
    app = QApplication.instance() or QApplication([])
    Language(app).apply(lang)
    w = MainWindow()
    w.resize(1500, 860)
    w.show()
    w.lessons_action.trigger()
    panel, lab = w.lessons, w.surface_lab
    panel.start(next(x for x in panel.lessons if x.id == "lr_too_large"))
    for _ in range(5):
        app.processEvents()
    w.grab().save(str(out / f"lesson_start_{lang}.png"))
    row = lab.rows()[0]
    row.lr.slider.setValue(row.lr.position_for(1.17 * row.lr.stabilityLimit()))
    for _ in range(5):
        app.processEvents()
    panel.refresh()
    w.grab().save(str(out / f"lesson_step1_done_{lang}.png"))
    panel.next()
    row.lr.slider.setValue(row.lr.position_for(0.95 * row.lr.stabilityLimit()))
    for _ in range(5):
        app.processEvents()
    panel.refresh()
    w.grab().save(str(out / f"lesson_complete_{lang}.png"))
    w.close()


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    language = sys.argv[2] if len(sys.argv) > 2 else "en"
    if len(sys.argv) > 3 and sys.argv[3] == "catapult_warmup":
        catapult(out, language)
    else:
        main(out, language)
