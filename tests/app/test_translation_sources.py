"""Every translated string must be visible to ``pyside6-lupdate``.

lupdate only reads ``translate("Context", "literal")`` / ``tr("literal")`` calls: a helper
such as ``def _tr(text): return translate("Ctx", text)`` hides every string passed to it,
and the zh_CN catalogue then looks complete while the interface shows English.  A module
may translate a variable only if it also lists its texts with ``QT_TRANSLATE_NOOP``.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"


def _translates_a_parameter(fn: ast.FunctionDef) -> bool:
    params = {a.arg for a in fn.args.args}
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "translate", "tr") and len(node.args) >= 2:
            text = node.args[1]
            if isinstance(text, ast.Name) and text.id in params:
                return True
    return False


def test_no_helper_hides_literal_strings_from_lupdate() -> None:
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "QT_TRANSLATE_NOOP" in source:
            continue  # its texts are listed for lupdate
        tree = ast.parse(source)
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef) and _translates_a_parameter(fn):
                callers = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                           and getattr(n.func, "id", None) == fn.name
                           and n.args and isinstance(n.args[0], ast.Constant)]
                if callers:
                    offenders.append(f"{path.relative_to(APP.parent)}: {fn.name}() "
                                     f"called with {len(callers)} literal(s)")
    assert not offenders, offenders
