"""Screenshots of the custom f(x, y) editor and a custom surface (not collected by pytest).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.app.screenshot_custom_surface [LANG] [OUT_DIR]

Writes ``custom_*.png`` (default folder ``assets/screenshots``; ``LANG`` ``en`` or
``zh_CN``): the editor with a valid expression (preview and critical points), with an
invalid one (the message names the offending part), and the Surface Lab on the typed
Himmelblau function with its found minima, saddles and maximum marked.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtWidgets import QApplication  # noqa: E402

HIMMELBLAU = "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"


def _settle(app, n: int = 30) -> None:
    for _ in range(n):
        app.processEvents()


def main(lang: str, out: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    from app.main import _ui_font, install_translators

    if lang != "en":
        install_translators(app, lang)
        _ui_font(app, lang)
    from app.surface_lab import SurfaceLab
    from app.surface_lab.expression_editor import ExpressionDialog

    suffix = "" if lang == "en" else f"_{lang}"
    for name, text, bounds in (("valid", HIMMELBLAU, (-5, 5, -5, 5)),
                               ("invalid", "x**2 + 3*foo(y)", (-3, 3, -3, 3))):
        d = ExpressionDialog(text, bounds)
        d.show()
        d.editor.wait_for_check()
        _settle(app)
        d.grab().save(os.path.join(out, f"custom_editor_{name}{suffix}.png"))
        d.reject()
    lab = SurfaceLab()
    lab.resize(1280, 760)
    lab.show()
    lab.controls.customApplied.emit(HIMMELBLAU, (-5.0, 5.0, -5.0, 5.0))
    lab.recompute_now()
    lab.clock.pause()
    lab.clock.seek(lab.clock.steps)
    _settle(app)
    lab.grab().save(os.path.join(out, f"custom_surface{suffix}.png"))
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    raise SystemExit(main(args[0] if args else "en", args[1] if len(args) > 1 else "assets/screenshots"))
