"""Lessons: bundled files validate; a scripted learner passes every check, the initial state of
each step does not, wrong actions do not; bad files give the validator's message only."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optim_lab.lessons import (
    LessonError,
    LessonProgress,
    bundled_lessons,
    evaluate,
    load_lesson,
    parse_lesson,
)
from optim_lab.session import SurfaceSession
from tests.engine.fuzzing import JSON_VALUE


def _limit_lr(s: SurfaceSession, k: int = 0) -> float:
    return s.limit(s.run_ids()[k]).lr


def _lr(s, factor, k=0):
    s.set_lr(s.run_ids()[k], factor * _limit_lr(s, k))


def _start_in_other_well(s):
    x, y = s.start
    s.set_start(-x, y)


# What a learner does at each step (computed from the state, not typed-in answers) ...
ACTIONS = {
    "lr_too_large": [lambda s: _lr(s, 1.17), lambda s: _lr(s, 0.95)],
    "lr_too_small": [lambda s: _lr(s, 0.45)],
    "local_minima": [_start_in_other_well,
                     lambda s: s.set_hyper(s.run_ids()[0], momentum=0.9)],
    "saddle_points": [lambda s: s.set_start(s.start[0], 0.5)],
    "momentum_adam": [lambda s: s.set_hyper(s.run_ids()[0], momentum=0.9),
                      lambda s: s.set_enabled(s.run_ids()[1], True)],
}
# ... and a plausible wrong move that must not pass.
WRONG = {
    ("lr_too_large", 0): lambda s: _lr(s, 0.9),
    ("lr_too_large", 1): lambda s: _lr(s, 0.5),
    ("lr_too_small", 0): lambda s: _lr(s, 1.2),  # fast, but diverges
    ("local_minima", 0): lambda s: s.set_start(2.0, 1.2),
    ("local_minima", 1): lambda s: s.set_hyper(s.run_ids()[0], momentum=0.5),
    ("saddle_points", 0): lambda s: s.set_start(s.start[0], 2e-4),
    ("momentum_adam", 0): lambda s: s.set_lr(s.run_ids()[0], 2 * s.run(s.run_ids()[0]).hyper["lr"]),
    ("momentum_adam", 1): lambda s: s.set_lr(s.run_ids()[0], 0.3),
}

LESSONS = {lesson.id: lesson for lesson in bundled_lessons()}


def test_bundled_lessons_validate_and_are_bilingual():
    # the Deep Stack Lab lesson has its own learner (tests/app/test_deep_lesson.py)
    assert {k for k, v in LESSONS.items() if v.lab == "surface"} == set(ACTIONS)
    assert {k for k, v in LESSONS.items() if v.lab == "deep"} == {"deep_stacks"}
    for lesson in LESSONS.values():
        if lesson.lab == "surface":
            assert len(ACTIONS[lesson.id]) == len(lesson.steps)
        for text in [lesson.title, lesson.summary] + [t for st_ in lesson.steps
                                                      for t in (st_.text, st_.success)]:
            assert set(text) == {"en", "zh_CN"}


@pytest.mark.parametrize("lesson_id", list(ACTIONS))
def test_scripted_learner_passes_every_step_and_leave_restores(lesson_id):
    session = SurfaceSession.with_default_runs("himmelblau")
    before = session.to_experiment()
    p = LessonProgress(LESSONS[lesson_id], session)
    for k, act in enumerate(ACTIONS[lesson_id]):
        assert p.index == k
        assert not p.check().passed, f"step {k + 1} passes before the learner acted"
        assert not p.next()  # a failing check does not advance
        act(session)
        result = p.check()
        assert result.passed, result.feedback()
        assert p.check("zh_CN").passed
        if k < len(ACTIONS[lesson_id]) - 1:
            assert p.next()
    p.leave()
    assert session.to_experiment() == before


@pytest.mark.parametrize("lesson_id, step", list(WRONG))
def test_a_wrong_action_does_not_pass(lesson_id, step):
    session = SurfaceSession()
    p = LessonProgress(LESSONS[lesson_id], session)
    for k in range(step):
        ACTIONS[lesson_id][k](session)
        assert p.next()
    WRONG[lesson_id, step](session)
    result = p.check()
    assert not result.passed, result.feedback()
    assert not p.next() and p.index == step


def test_feedback_states_the_computed_numbers_in_both_languages():
    session = SurfaceSession()
    p = LessonProgress(LESSONS["lr_too_large"], session)
    rid = session.run_ids()[0]
    limit = session.limit(rid)
    session.set_lr(rid, 1.2 * limit.lr)
    traj = session.result(rid)
    assert traj.status == "diverged"
    for lang in ("en", "zh_CN"):
        text = p.check(lang).feedback(lang)
        assert f"{limit.lr:.4g}" in text and f"{limit.lam_max:.4g}" in text
        assert str(traj.diverged_at) in text and f"{1.2 * limit.lr:.4g}" in text
    assert "diverged at step" in p.check("en").feedback("en")
    assert "发散" in p.check("zh_CN").feedback("zh_CN")


def test_reset_and_back_reapply_setups():
    session = SurfaceSession()
    p = LessonProgress(LESSONS["momentum_adam"], session)
    session.set_hyper(session.run_ids()[0], momentum=0.9)
    assert p.next() and session.surface_name == "plateau"
    assert p.back() and session.surface_name == "rosenbrock"
    assert session.run(session.run_ids()[0]).hyper["momentum"] == 0.0
    p.reset()
    assert p.index == 0 and not p.check().passed


def _doc(lesson_id="lr_too_large"):
    name = {"lr_too_large": "01_lr_too_large.json"}[lesson_id]
    return json.loads(resources.files("optim_lab.lessons").joinpath("bundled", name).read_text())


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d.pop("title"), "title"),
    (lambda d: d.__setitem__("format", "x"), "format"),
    (lambda d: d["steps"][0].pop("setup"), "step 1: setup: the first step needs a setup"),
    (lambda d: d["steps"][1]["check"].__setitem__("all", []), "step 2: check.all"),
    (lambda d: d["steps"][0]["check"]["all"][0].__setitem__("run", 1),
     "step 1: check.all[0].run: no run 1"),
    (lambda d: d["steps"][0]["check"]["all"][0].__setitem__("status", "exploded"),
     "step 1: check.all[0].status"),
    (lambda d: d["steps"][0]["check"].__setitem__("all", [{"run": 0, "__import__": "os"}]),
     "unknown condition '__import__'"),
    (lambda d: d["steps"][0]["setup"]["runs"][0].__setitem__("lr", -1.0), "step 1: setup"),
    (lambda d: d["steps"][0]["setup"]["runs"][0].__setitem__("momentum", 0.9),
     "setup.runs[0].momentum"),
    (lambda d: d["steps"][0]["setup"].__setitem__("surface", "nowhere"), "step 1: setup"),
    (lambda d: d["steps"][0]["setup"]["runs"][0].__setitem__("optimizer", []),  # found by fuzzing
     "step 1: setup.runs[0].optimizer"),
    (lambda d: d["steps"][0]["text"].__setitem__("fr", "bonjour"), "step 1: text: unknown language"),
    (lambda d: d["steps"][0].__setitem__("setup", {"scenario": "nope"}), "setup.scenario"),
])
def test_broken_lessons_name_the_problem(mutate, expected, tmp_path):
    doc = _doc()
    mutate(doc)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert str(path) in str(info.value) and expected in str(info.value)


def test_unreadable_files_give_a_lesson_error(tmp_path):
    for name, data in [("nan.json", b'{"version": NaN}'), ("bin.json", b"\xff\xfe\x00"),
                       ("deep.json", b"[" * 100_000), ("big.json", b" " * 300_000)]:
        (tmp_path / name).write_bytes(data)
        with pytest.raises(LessonError, match=name):
            load_lesson(tmp_path / name)
    with pytest.raises(LessonError, match="cannot read"):
        load_lesson(tmp_path / "missing.json")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzzed_lessons_give_only_lesson_errors(data):
    doc = _doc()
    # replace one randomly chosen value somewhere in a real lesson by a hostile one
    paths = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))
    walk(doc, ())
    path = data.draw(st.sampled_from(paths[1:]))
    value = data.draw(JSON_VALUE)
    broken = copy.deepcopy(doc)
    node = broken
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    for candidate in (broken, value):
        try:
            lesson = parse_lesson(candidate, "fuzz.json")
        except LessonError as exc:
            assert str(exc).startswith("fuzz.json: ")
        else:
            session = SurfaceSession()
            for step in lesson.steps:  # a lesson that validates also evaluates
                if step.setup is not None:
                    session.apply(step.setup)
                evaluate(step.check, session)


def test_cli_list_and_check(tmp_path):
    def cli(*args, env_lang="en"):
        import os
        env = {**os.environ, "OPTIM_LAB_LANG": env_lang}
        return subprocess.run([sys.executable, "-m", "app.cli", "lessons", *args],
                              capture_output=True, text=True, env=env)
    out = cli("--list")
    assert out.returncode == 0
    for lesson in LESSONS.values():
        assert lesson.id in out.stdout and lesson.title_in("en") in out.stdout
    zh = cli("--list", env_lang="zh_CN")
    assert all(lesson.title_in("zh_CN") in zh.stdout for lesson in LESSONS.values())
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_doc()), encoding="utf-8")
    assert cli("--check", str(good)).returncode == 0
    bad_doc = _doc()
    bad_doc["steps"][0]["check"] = {"run": 0, "status": "boom"}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_doc), encoding="utf-8")
    out = cli("--check", str(bad))
    assert out.returncode == 2
    assert "step 1: check.status" in out.stderr and "bad.json" in out.stderr
    assert "Traceback" not in out.stderr
