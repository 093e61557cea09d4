"""The labs' one playback clock and bar (``app.widgets.playback``)."""

from __future__ import annotations

import pytest

from app.widgets.playback import RUN_SECONDS, PlaybackBar, PlaybackClock


@pytest.fixture
def clock(qapp):
    c = PlaybackClock()
    c.set_steps(500)
    yield c
    c.pause()


def test_rate_is_absolute_or_relative_to_the_run(clock):
    clock.speed = 30.0
    assert clock.rate() == 30.0
    clock.relative = True
    clock.speed = 4.0
    assert clock.rate() == pytest.approx(4.0 * 500 / RUN_SECONDS)  # the run in RUN_SECONDS / 4


def test_seek_clamps_and_announces_only_changes(clock):
    seen = []
    clock.positionChanged.connect(seen.append)
    clock.seek(900)
    clock.seek(900)
    clock.seek(-3)
    assert seen == [500, 0]
    clock.set_steps(100)
    clock.seek(80)
    clock.set_steps(50)  # fewer steps: the position follows
    assert clock.position == 50


def test_bar_with_its_own_actions_follows_and_drives_the_clock(qtbot, clock):
    bar = PlaybackBar(clock, relative=True)
    qtbot.addWidget(bar)
    assert [bar.speed.itemData(i) for i in range(bar.speed.count())] == [0.25, 1.0, 4.0]
    assert clock.speed == 1.0 and clock.relative
    clock.seek(120)
    assert bar.slider.maximum() == 500 and bar.slider.value() == 120
    assert "120" in bar.label.text() and "500" in bar.label.text()
    bar.play.setChecked(True)
    assert clock.is_playing()
    bar.slider.setValue(30)  # scrubbing pauses and seeks
    assert not clock.is_playing() and clock.position == 30 and not bar.play.isChecked()
    bar.actions_by_key["step"].trigger()
    assert clock.position == 31
    bar.actions_by_key["back"].trigger()
    bar.actions_by_key["back"].trigger()
    assert clock.position == 29
    bar.actions_by_key["reset"].trigger()
    assert clock.position == 0
    bar.speed.setCurrentIndex(2)
    assert clock.speed == 4.0


def test_bar_plays_to_the_end_and_unchecks_play(qtbot, clock):
    bar = PlaybackBar(clock)  # steps per second
    qtbot.addWidget(bar)
    clock.set_steps(20)
    bar.speed.setCurrentIndex(bar.speed.count() - 1)  # the fastest
    bar.play.setChecked(True)
    qtbot.waitUntil(lambda: not clock.is_playing(), timeout=5000)
    assert clock.position == 20 and bar.slider.value() == 20 and not bar.play.isChecked()


def test_seeking_asks_no_parent_for_a_new_layout(qtbot, clock):
    """The bar's step label has a fixed size: a frame's ``setText`` must not post a layout
    request up the window (that layout pass repainted the whole window on every frame)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    bar = PlaybackBar(clock, parent=window)
    QVBoxLayout(window).addWidget(bar)
    window.show()
    qtbot.waitExposed(window)

    class Count(QObject):
        n = 0

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
            if event.type() == QEvent.Type.LayoutRequest:
                self.n += 1
            return False

    qtbot.wait(20)  # the first layout after show
    counter = Count()
    for w in (window, bar):
        w.installEventFilter(counter)
    for k in (1, 9, 99, 499, 7):  # texts of different widths
        clock.seek(k)
        qtbot.wait(1)
    assert bar.label.text().startswith("step 7 ")
    assert counter.n == 0
    clock.set_steps(10 ** 7)  # a text wider than the label: it grows once, to fit
    clock.seek(10 ** 7 - 1)
    assert bar.label.width() >= bar.label.fontMetrics().horizontalAdvance(bar.label.text())
