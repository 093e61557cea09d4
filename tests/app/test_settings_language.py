"""View › Language relabels the open window at once; settings survive a restart; bad stores fall back.

Settings live in a temporary INI file per test (never the user's own store).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import QCoreApplication

from app.settings import Remembered, open_settings, read_settings, write_settings
from app.shell import AppShell

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.delenv("OPTIM_LAB_LANG", raising=False)
    path = tmp_path / "optim-lab.ini"
    write_settings(open_settings(path), Remembered(language="en"))  # whatever the machine's locale
    return path


@pytest.fixture
def shells(qapp, qtbot):
    made: list[AppShell] = []

    def make(path) -> AppShell:
        shell = AppShell(qapp, open_settings(path))
        shell.window.show()
        qtbot.waitExposed(shell.window)
        made.append(shell)
        return shell

    yield make
    for shell in made:
        shell.close()
        shell.window.surface_lab.clock.pause()
        shell.window.close()
        shell.window.deleteLater()
    qapp.processEvents()


def menu_titles(shell: AppShell) -> list[str]:
    return [a.text() for a in shell.window.menuBar().actions()]


def test_switching_the_language_relabels_the_window_and_keeps_the_setup(store, shells, qtbot):
    shell = shells(store)
    old = shell.window
    assert menu_titles(shell)[0] == "&File" and old.language_actions["en"].isChecked()
    lab = old.surface_lab
    lab.load_scenario("saddle_stall", play=False)
    lab.clock.seek(37)
    english_action = lab.acts.export_image.text()

    old.language_actions["zh_CN"].trigger()
    new = shell.window
    assert new is not old
    titles = menu_titles(shell)
    assert titles[0] == QCoreApplication.translate("MainWindow", "&File") != "&File"
    assert all(CJK.search(t) for t in titles)
    assert CJK.search(new.tabs.tabText(0)) and CJK.search(new.windowTitle())
    # the labs' own texts too, not only the menus
    assert new.surface_lab.acts.export_image.text() != english_action
    assert CJK.search(new.surface_lab.banner.title.text())
    assert new.language_actions["zh_CN"].isChecked()
    # the state came along
    b = new.surface_lab
    assert b.scenario == "saddle_stall" and b.surface.name == "saddle"
    assert b.clock.position == 37
    assert len(b.trajectories()) > 0
    assert "简体中文" in new.statusBar().currentMessage()
    # remembered at once
    assert read_settings(open_settings(store)).language == "zh_CN"

    new.language_actions["en"].trigger()
    assert menu_titles(shell)[0] == "&File"
    assert shell.window.surface_lab.acts.export_image.text() == english_action


def test_a_changed_setup_survives_the_switch(store, shells):
    shell = shells(store)
    lab = shell.window.surface_lab
    lab.set_surface("himmelblau")
    lab.set_start(-1.25, 2.5)
    gd = lab.rows()[0]
    gd.lr.setValue(0.0123)
    second = lab.session.run_ids()[1]
    lab.session.set_run_start(second, (0.5, -0.5))  # one run with its own start
    lab.recompute_now()
    before = lab.session.to_experiment()
    assert before.optimizers[0].hyperparameters["lr"] == 0.0123
    starts = [t.points[0].tolist() for t in lab.trajectories()]
    shell.window.language_actions["zh_CN"].trigger()
    b = shell.window.surface_lab
    after = b.session.to_experiment()
    assert after == before and after.optimizers[1].start == (0.5, -0.5)
    assert [t.points[0].tolist() for t in b.trajectories()] == starts


def test_settings_survive_a_restart(store, shells, tmp_path, qtbot):
    first = shells(store)
    w = first.window
    w.resize(1100, 700)  # the offscreen screen is 800 x 800: the height fits, the width is re-fitted
    w.tabs.setCurrentIndex(1)  # the N-D Lab
    w.surface_lab.exports.last_folder = str(tmp_path)  # as after an export there
    w.language_actions["zh_CN"].trigger()
    assert first.window.size() == w.size()  # the new window took the old one's place
    saved = first.window.saveGeometry()
    first.close()  # what the end of the app does

    text = store.read_text(encoding="utf-8")
    assert "tab=1" in text and "language=zh_CN" in text  # INI text: reads must be typed
    r = read_settings(open_settings(store))
    assert (r.tab, r.language, r.export_folder) == (1, "zh_CN", str(tmp_path))
    assert isinstance(r.tab, int)
    assert r.geometry == saved

    second = shells(store)
    w2 = second.window
    assert w2.height() == 700  # not the default 800
    assert w2.tabs.currentIndex() == 1
    assert w2.surface_lab.exports.last_folder == str(tmp_path)
    assert w2.surface_lab.files.last_folder == str(tmp_path)  # File › Open starts there too
    assert second.language.code == "zh_CN" and w2.language_actions["zh_CN"].isChecked()
    assert menu_titles(second)[0] != "&File"


def test_a_corrupt_store_falls_back_to_the_defaults(tmp_path, shells, monkeypatch):
    monkeypatch.delenv("OPTIM_LAB_LANG", raising=False)
    path = tmp_path / "broken.ini"
    path.write_bytes(b"[window]\ngeometry=@ByteArray(\xff\xfe)\ntab=banana\n[ui]\nlanguage=klingon\n"
                     b"[export]\nfolder=/no/such/folder\n\x00\x01\x02 garbage")
    r = read_settings(open_settings(path))
    assert replace(r, geometry=None) == Remembered()  # the geometry bytes are refused when applied
    shell = shells(path)
    assert shell.window.tabs.currentIndex() == 0
    assert shell.window.width() > 600  # the default size, not a zero-sized window
    assert shell.language.code == "" and shell.window.language_actions[""].isChecked()


def test_reset_settings_forgets_everything(store, shells):
    shell = shells(store)
    shell.window.tabs.setCurrentIndex(1)
    shell.save()
    assert open_settings(store).allKeys()
    shell.window.reset_settings_action.trigger()
    assert open_settings(store).allKeys() == []
    shell.close()  # the end of the app does not write them back
    assert open_settings(store).allKeys() == []
    assert read_settings(open_settings(store)) == Remembered()


def test_columns_setup_and_animation_choices_survive_a_restart(store, shells):
    from app.widgets.animation_export import AnimationChoice

    first = shells(store)
    w = first.window
    lab = w.surface_lab
    lab.set_surface("himmelblau")
    lab.set_start(-1.25, 2.5)
    lab.rows()[0].lr.setValue(0.0123)
    lab.recompute_now()
    total = sum(lab.splitter.sizes())
    lab.splitter.setSizes([300, total - 300 - 260, 260])
    sizes = lab.splitter.sizes()
    w.animation_export.choice = AnimationChoice(width=640, fps=12, seconds=9, loss_plot=True)
    before = lab.session.to_experiment()
    first.close()

    text = store.read_text(encoding="utf-8")
    assert "loss_plot=true" in text and "fps=12" in text  # INI text: the reads must be typed
    r = read_settings(open_settings(store))
    assert r.splitter == sizes and r.experiment == before
    assert r.animation == {"width": 640, "fps": 12, "seconds": 9, "loss_plot": True}

    second = shells(store)
    lab2 = second.window.surface_lab
    assert lab2.session.to_experiment() == before
    assert lab2.surface.name == "himmelblau" and lab2.rows()[0].lr.value() == 0.0123
    assert len(lab2.trajectories()) == len(before.optimizers)
    assert lab2.splitter.sizes() == sizes
    assert second.window.animation_export.choice == AnimationChoice(640, 12, 9, True)


def test_a_running_lesson_remembers_the_learners_own_setup(store, shells):
    from optim_lab.lessons import bundled_lessons

    shell = shells(store)
    lab = shell.window.surface_lab
    lab.set_surface("rosenbrock")
    lab.recompute_now()
    mine = lab.session.to_experiment()
    shell.window.lessons.start(bundled_lessons()[0])
    assert lab.session.to_experiment() != mine  # the lesson set up its own state
    assert shell.current().experiment == mine


def test_corrupt_new_keys_fall_back_to_the_defaults(tmp_path, shells, monkeypatch):
    monkeypatch.delenv("OPTIM_LAB_LANG", raising=False)
    path = tmp_path / "bad.ini"
    path.write_text("[surface]\nsplitter=a,b,c\nexperiment={\"format\": \"optim-lab-experiment\"\n"
                    "[animation]\nwidth=banana\nfps=9999\nseconds=-3\nloss_plot=maybe\n",
                    encoding="utf-8")
    r = read_settings(open_settings(path))
    assert (r.splitter, r.experiment, r.animation) == (None, None, {})
    # valid JSON naming an unknown surface: refused like a bad experiment file
    s = open_settings(path)
    s.setValue("surface/experiment", '{"format": "optim-lab-experiment", "format_version": 2, '
               '"surface": "nope", "start": [0, 0], "optimizers": []}')
    s.setValue("surface/splitter", "300,-5,200")
    s.sync()
    r = read_settings(open_settings(path))
    assert r.experiment is None and r.splitter is None
    shell = shells(path)
    lab = shell.window.surface_lab
    assert lab.surface.name == "rosenbrock" and len(lab.trajectories()) > 0  # the default setup
