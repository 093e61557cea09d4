# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""The main window around the Surface Lab: tabs built lazily, shortcuts, start-up without torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from surface_testing import no_qt_warnings  # noqa: F401

from app.main import install_translators
from app.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, no_qt_warnings):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.surface_lab.clock.pause()


def test_tabs_and_lazy_labs(window):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[0] == "Surface Lab"
    assert window.tabs.currentWidget() is window.surface_lab
    # the other labs are not built until their tab is opened
    assert set(window._lazy) == set(range(1, window.tabs.count()))


def test_space_plays_and_right_steps(window, qtbot):
    lab = window.surface_lab
    lab.clock.seek(10)
    window.activateWindow()
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert lab.clock.position == 11
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert lab.clock.position == 10
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert lab.clock.is_playing()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not lab.clock.is_playing()
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert lab.clock.position == 0


def test_scenario_menu_loads_scenarios(window):
    acts = {a.data(): a for a in window.scenario_menu.actions()}
    acts["saddle_stall"].trigger()
    lab = window.surface_lab
    assert lab.surface.name == "saddle" and lab.scenario == "saddle_stall"
    assert "Saddle stall" in window.statusBar().currentMessage()


def test_menus_have_shortcuts(window):
    acts = window.surface_lab.acts
    assert acts.play.shortcut().toString() == "Space"
    assert acts.step.shortcut().toString() == "Right"
    assert acts.export_image.shortcut().toString() == "Ctrl+E"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&View", "&Playback", "&Scenarios", "&Help"]


def test_building_the_window_does_not_import_torch_sympy_or_encoders():
    """Start-up stays fast: torch (≈ 3 s), sympy (≈ 0.8 s, custom f(x, y)) and the animation
    encoders load only when a lab or dialog needs them."""
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from app.main_window import MainWindow\n"
            "w = MainWindow(); w.show(); app.processEvents()\n"
            "print(sorted(m for m in ('torch', 'sympy', 'PIL', 'imageio_ffmpeg') if m in sys.modules))")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().splitlines()[-1] == "[]"


def test_translator_loads_only_when_a_qm_exists(qapp):
    assert install_translators(qapp, "xx_XX") == []


def test_chinese_translation_translates_the_window(qapp, qtbot):
    from PySide6.QtCore import QCoreApplication

    installed = install_translators(qapp, "zh_CN")
    try:
        assert installed, "assets/translations/optim_lab_zh_CN.qm should load for zh_CN"
        w = MainWindow()
        qtbot.addWidget(w)
        assert w.tabs.tabText(0) == QCoreApplication.translate("MainWindow", "Surface Lab")
        assert w.tabs.tabText(0) != "Surface Lab"
        lab = w.surface_lab
        lab.load_scenario("lr_too_large", play=False)
        bad = lab.rows()[2]
        assert f"{lab.result_of(bad).diverged_at}" in bad.status_text()
        assert "diverged" not in bad.status_text()  # the status line is translated too
        lab.clock.pause()
    finally:
        for t in installed:
            qapp.removeTranslator(t)


def test_focused_slider_keeps_its_arrow_keys(window, qtbot):
    lab = window.surface_lab
    lab.clock.seek(10)
    slider = lab.rows()[0].lr.slider
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    before = slider.value()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert slider.value() == before + slider.singleStep()
    assert lab.clock.position == 10  # the playback shortcut did not fire


def test_status_bar_shows_the_value_under_the_mouse(window, qtbot):
    lab = window.surface_lab
    lab.set_surface("quadratic")  # smooth: the 4-digit coordinates shown give f to ~1e-3
    lab.recompute_now()
    view = lab.view
    qtbot.mouseMove(view.viewport(), view.click_view(1.0, 1.0))
    qtbot.waitUntil(lambda: window.pointer_label.text() != "")
    text = window.pointer_label.text()
    x = float(text.split("x = ")[1].split()[0].replace("−", "-"))
    y = float(text.split("y = ")[1].split()[0].replace("−", "-"))
    f = float(text.split("f = ")[1].split()[0].replace("−", "-"))
    assert (x, y) == pytest.approx((1.0, 1.0), abs=0.05)
    assert f == pytest.approx(float(lab.surface.value([[x, y]])[0]), rel=2e-3)


def test_translations_keep_every_placeholder():
    """A translated text with a missing or renamed {placeholder} would raise in str.format."""
    import re
    import xml.etree.ElementTree as ET

    ts = ROOT / "assets" / "translations" / "optim_lab_zh_CN.ts"
    checked = 0
    for msg in ET.parse(ts).getroot().iter("message"):
        src, tr = msg.findtext("source"), msg.find("translation")
        if tr is None or tr.get("type") == "unfinished" or not tr.text:
            continue
        fields = lambda s: sorted(re.findall(r"\{[^{}]*\}", s))  # noqa: E731
        assert fields(tr.text) == fields(src), (src, tr.text)
        checked += 1
    assert checked > 150
