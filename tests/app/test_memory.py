"""The app hands freed heap memory back on a timer (the soak test measures what that saves)."""

from __future__ import annotations

import sys

import pytest

from app import memory
from app.memory import HeapTrimmer, release_free_heap


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_release_free_heap_calls_glibc():
    assert memory._TRIM is not None  # Debian/Ubuntu: glibc
    assert release_free_heap() is True


def test_the_trimmer_calls_it_periodically(qtbot, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(memory, "_TRIM", lambda pad: calls.append(pad) or 1)
    trimmer = HeapTrimmer(interval_ms=5)
    assert trimmer.timer.isActive()
    qtbot.waitUntil(lambda: len(calls) >= 3, timeout=5000)
    assert set(calls) == {0}
    trimmer.timer.stop()


def test_without_malloc_trim_nothing_runs(qtbot, monkeypatch):
    monkeypatch.setattr(memory, "_TRIM", None)
    assert release_free_heap() is False
    assert not HeapTrimmer(interval_ms=5).timer.isActive()
