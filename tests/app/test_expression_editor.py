# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""The custom f(x, y) editor: live validation, background build, examples, Apply, zh_CN."""

from __future__ import annotations

import pytest
from surface_testing import no_qt_warnings  # noqa: F401

from app.main import install_translators
from app.surface_lab.expression_editor import EXAMPLES, ExpressionDialog, ExpressionEditor
from app.surface_lab.expression_messages import CONSTRUCTS, TEMPLATES, tr_expression_error
from optim_lab.surfaces import ExpressionError, get_surface
from optim_lab.surfaces.expression import compile_expression, parse_bounds


@pytest.fixture
def editor(qtbot, no_qt_warnings):  # noqa: F811
    w = ExpressionEditor()
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()


def _type(editor, qtbot, text, bounds=None):
    if bounds is not None:
        for box, v in zip(editor.bound_boxes, bounds):
            box.setValue(v)
    editor.text.setText(text)
    editor.check_now()
    assert editor.wait_for_check()
    qtbot.wait(20)  # deliver the worker's queued signal


def test_valid_expression_is_built_and_summarised(editor, qtbot):
    _type(editor, qtbot, "(x**2 + y - 11)**2 + (x + y**2 - 7)**2", (-5, 5, -5, 5))
    qtbot.waitUntil(editor.is_ready)
    assert editor.apply_button.isEnabled()
    s = get_surface("custom", expression="(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
                    bounds=(-5, 5, -5, 5))
    kinds = [c.kind for c in s.critical_points]
    text = editor.message.text()
    assert text.startswith("✓")
    for kind, word in (("minimum", "minima"), ("saddle", "saddles"), ("maximum", "maxima")):
        assert f"{word} {kinds.count(kind)}" in text


def test_invalid_expression_shows_the_engines_message_and_blocks_apply(editor, qtbot, tmp_path):
    canary = tmp_path / "canary"
    for text in ("x**2 + foo(y)", "x ^ 2", f"__import__('os').system('touch {canary}')",
                 "9**9**9", "x.__class__", ""):
        _type(editor, qtbot, text)
        with pytest.raises(ExpressionError) as info:
            compile_expression(text)
        assert editor.message.text() == "✗ " + str(info.value)
        assert not editor.apply_button.isEnabled() and not editor.is_ready()
    assert not canary.exists()
    _type(editor, qtbot, "x**2 + foo(y)")
    assert "column 8: 'foo'" in editor.message.text()


def test_bad_range_is_refused_before_building(editor, qtbot):
    _type(editor, qtbot, "x**2 + y**2", (2, 1, -1, 1))
    with pytest.raises(ExpressionError) as info:
        parse_bounds((2, 1, -1, 1))
    assert editor.message.text() == "✗ " + str(info.value)
    assert not editor.apply_button.isEnabled()


def test_undefined_everywhere_is_reported_from_the_worker(editor, qtbot):
    _type(editor, qtbot, "log(-1 - x**2 - y**2)")
    assert "undefined (or overflows) everywhere" in editor.message.text()
    assert not editor.is_ready()


def test_stale_results_are_ignored(editor, qtbot):
    editor.text.setText("x**2 + 3*y**2")
    editor.check_now()  # build queued or running ...
    _type(editor, qtbot, "x +* y")  # ... then the text turns invalid
    qtbot.wait(50)
    assert editor.message.text().startswith("✗ syntax error")
    assert not editor.apply_button.isEnabled()


def test_apply_emits_the_checked_expression_and_remembers_it(editor, qtbot):
    _type(editor, qtbot, "x² + 3·y²", (-2, 2, -1, 1))
    qtbot.waitUntil(editor.is_ready)
    with qtbot.waitSignal(editor.applied) as sig:
        editor.apply_button.click()
    assert sig.args == ["x**2 + 3*y**2", (-2.0, 2.0, -1.0, 1.0)]
    assert editor.history == [("x**2 + 3*y**2", (-2.0, 2.0, -1.0, 1.0))]
    items = [editor.examples.itemText(i) for i in range(editor.examples.count())]
    assert items[-1].endswith("x**2 + 3*y**2") and len(items) == 1 + len(EXAMPLES) + 2


def test_examples_fill_text_and_range(editor, qtbot):
    title, expr, bounds = EXAMPLES[1]
    editor.examples.activated.emit(2)
    assert editor.text.text() == expr and editor.bounds() == bounds
    assert editor.wait_for_check()
    qtbot.waitUntil(editor.is_ready)


def test_dialog_closes_on_apply(qtbot, no_qt_warnings):  # noqa: F811
    d = ExpressionDialog("x**2 - y**2", (-2, 2, -2, 2))
    qtbot.addWidget(d)
    d.show()
    assert d.editor.wait_for_check()
    qtbot.waitUntil(d.editor.is_ready)
    with qtbot.waitSignal(d.applied) as sig:
        d.editor.apply_button.click()
    assert sig.args[0] == "x**2 - y**2" and not d.isVisible()


BAD = ["x**2 + foo(y)", "x ^ 2", "x // 2", "x % 2", "x.real", "x[0]", "lambda: 1", "'a'", "1j",
       "[x]", "x < y", "(z := 1)", "sin(x, y)", "sin(x=1)", "sin(*x)", "9**9**9", "1e20 * x",
       "exp(1000)", "log(0)", "1/0", "q", "sin", "", "x +* y", "a" * 2000, "-" * 399 + "x",
       "(1e12)**40", "log(x - x)", "f'{x}'", "x if y else 1"]


def test_every_engine_message_has_a_translation_entry():
    for text in BAD:
        with pytest.raises(ExpressionError) as info:
            compile_expression(text)
        err = info.value
        assert err.template in TEMPLATES, err.template
        if "what" in err.values:
            assert err.values["what"] in CONSTRUCTS, err.values["what"]
    for bounds in [(1, 0, 0, 1), (0, 1e-12, 0, 1), (0, float("nan"), 0, 1), (1, 2, 3)]:
        with pytest.raises(ExpressionError) as info:
            parse_bounds(bounds)
        assert info.value.template in TEMPLATES


def test_messages_are_shown_in_chinese(qapp, qtbot):
    installed = install_translators(qapp, "zh_CN")
    try:
        assert installed
        w = ExpressionEditor()
        qtbot.addWidget(w)
        _type(w, qtbot, "x**2 + foo(y)")
        assert "未知函数 'foo'" in w.message.text() and "第 8 列" in w.message.text()
        for text in BAD:
            with pytest.raises(ExpressionError) as info:
                compile_expression(text)
            zh = tr_expression_error(info.value)
            assert zh != str(info.value) and any("\u4e00" <= ch <= "\u9fff" for ch in zh), text
        _type(w, qtbot, "x**2 - y**2")
        qtbot.waitUntil(w.is_ready)
        assert "鞍点 1 个" in w.message.text()
        assert w.apply_button.text() == "应用"
        w.shutdown()
    finally:
        for t in installed:
            qapp.removeTranslator(t)


def test_preview_shows_values_undefined_grey_and_critical_points(editor, qtbot):
    import numpy as np

    from app.surface_lab.expression_preview import preview_pixmap, preview_values

    s = get_surface("custom", expression="log(x) + y**2", bounds=(-2, 2, -2, 2))
    v = preview_values(s, 40)
    xs = np.linspace(-2, 2, 40)
    assert np.isnan(v[:, xs < 0]).all()
    assert np.isfinite(v[:, xs > 0]).all() and v[:, xs > 0].min() >= 0 and v[:, xs > 0].max() <= 1
    img = preview_pixmap(v, [(1.0, 1.0, "minimum")], (-2, 2, -2, 2), 80).toImage()
    assert img.pixelColor(5, 40).getRgb()[:3] == (200, 200, 200)  # x < 0: undefined, grey
    assert img.pixelColor(60, 20).getRgb()[:3] == (255, 255, 255)  # the marker at (1, 1)
    _type(editor, qtbot, "x**2 - y**2", (-2, 2, -2, 2))
    qtbot.waitUntil(editor.is_ready)
    pm = editor.preview.pixmap()
    assert not pm.isNull() and pm.width() == editor.preview.width()
    centre = pm.toImage().pixelColor(pm.width() // 2, pm.height() // 2).getRgb()[:3]
    assert centre == (255, 127, 14)  # the saddle at the origin, orange
    _type(editor, qtbot, "x +* y")
    assert editor.preview.pixmap().isNull()
