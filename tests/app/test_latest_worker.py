"""The shared latest-request worker: one job per kind, only the newest waiting request
computed, errors turned into results, results on the GUI thread."""

from __future__ import annotations

import threading

import pytestqt  # noqa: F401 - a hard import: without pytest-qt this file must fail, not skip
from PySide6.QtCore import QThread

from app.widgets.latest_worker import LatestWorker

TIMEOUT = 10000


def _worker(qtbot, **kw):
    w = LatestWorker(**kw)
    got = []
    w.finished.connect(lambda kind, req, res: got.append(
        (kind, req, res, QThread.currentThread() is w.thread())))
    return w, got


def _gated(result=lambda req: req):
    """A job that holds request 1 until ``gate`` is set; ``computed``: the requests it ran,
    in order."""
    gate = threading.Event()
    computed = []

    def job(req):
        if req == 1:
            assert gate.wait(5)
        computed.append(req)
        return result(req)

    return gate, computed, job


def test_only_the_newest_waiting_request_is_computed(qtbot):
    w, got = _worker(qtbot)
    gate, computed, job = _gated(lambda req: req * 10)

    w.submit("a", 1, job)
    assert w.running("a") == 1 and w.busy("a") and w.busy() and not w.busy("b")
    for req in (2, 3, 4):  # arrive while 1 runs: only 4 is kept
        w.submit("a", req, job)
    assert w.pending("a") == 4
    gate.set()
    qtbot.waitUntil(lambda: len(got) == 2, timeout=TIMEOUT)
    assert computed == [1, 4]
    assert [(k, r, res) for k, r, res, _ in got] == [("a", 1, 10), ("a", 4, 40)]
    assert all(on_gui for *_, on_gui in got)  # delivered on the owner's (GUI) thread
    assert not w.busy() and w.running("a") is None and w.pending("a") is None
    assert w.wait()


def test_kinds_wait_for_their_own_kind_only_and_errors_become_results(qtbot):
    w, got = _worker(qtbot, on_error=lambda kind, req, msg: ("error", kind, req, msg))
    gate = threading.Event()

    def slow(req):
        assert gate.wait(5)
        return "slow done"

    def bad(req):
        raise ValueError(f"bad {req}")

    w.submit("a", "x", slow)
    w.submit("b", "y", bad)  # another kind: not held back as a pending "a"
    assert w.running("b") == "y" and w.pending("a") is None
    gate.set()
    qtbot.waitUntil(lambda: len(got) == 2, timeout=TIMEOUT)
    by_kind = {k: res for k, _, res, _ in got}
    assert by_kind["a"] == "slow done"
    assert by_kind["b"] == ("error", "b", "y", "ValueError: bad y")


def test_dropped_pending_request_is_never_computed_and_tasks_are_reported(qtbot):
    w, got = _worker(qtbot)
    gate, computed, job = _gated()

    w.submit("a", 1, job)
    w.submit("a", 2, job)
    w.drop_pending("a", lambda r: r < 2)  # keeps 2
    assert w.pending("a") == 2
    w.drop_pending("a", lambda r: r < 3)
    assert w.pending("a") is None
    w.task("export", lambda: "written")
    gate.set()
    qtbot.waitUntil(lambda: len(got) == 2, timeout=TIMEOUT)
    assert computed == [1]
    assert ("task:export", None, "written") in [(k, r, res) for k, r, res, _ in got]
    assert not w.busy()


def test_a_result_handler_can_hold_the_next_request_until_it_resumes(qtbot):
    w, got = _worker(qtbot)
    gate, computed, job = _gated()

    w.finished.connect(lambda kind, req, res: w.defer_next(kind) if req == 1 else None)
    w.submit("a", 1, job)
    w.submit("a", 2, job)  # waits behind 1
    gate.set()
    qtbot.waitUntil(lambda: len(got) == 1, timeout=TIMEOUT)
    assert w.running("a") is None and w.pending("a") == 2  # held by the handler
    w.submit("a", 3, job)  # still held: replaces 2
    w.submit("b", 9, job)  # other kinds run as usual
    qtbot.waitUntil(lambda: 9 in computed, timeout=TIMEOUT)
    assert w.pending("a") == 3 and 2 not in computed and 3 not in computed
    w.resume("a")
    qtbot.waitUntil(lambda: 3 in computed, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not w.busy(), timeout=TIMEOUT)
    assert computed == [1, 9, 3]
    w.resume("a")  # nothing waiting: nothing happens
    assert not w.busy()
    assert w.wait()
