"""Lessons: bundled files validate; a scripted learner passes every check, the initial state of
each step does not, wrong actions do not; bad files give the validator's message only."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from importlib import resources

import numpy as np
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
from optim_lab.optimizers import make_optimizer
from optim_lab.session import SurfaceSession
from tests.engine.fuzzing import JSON_VALUE


def _limit_lr(s: SurfaceSession, k: int = 0) -> float:
    return s.limit(s.run_ids()[k]).lr


def _lr(s, factor, k=0):
    s.set_lr(s.run_ids()[k], factor * _limit_lr(s, k))


def _dyn(s, **changes):
    """What the row's Dynamics editor does: ``session.set_dynamics`` on the run."""
    s.set_dynamics(s.run_ids()[0], **changes)


WARMUP = "warmup:start_factor=0.01,total_iters=100"


def basin_start(s, near, n=41):
    """A start the learner reads off the basin map (optim_lab.maps.basin_map, what the Maps
    panel draws) in the basin of the known minimum nearest ``near``: the interior cell of that
    basin farthest from its minimum (not the trivial start on the minimum itself)."""
    from optim_lab.maps import basin_map

    r = s.run(s.run_ids()[0])
    b = s.surface.bounds
    return start_in_basin(basin_map(s.surface, make_optimizer(r.optimizer, **r.hyper),
                                    (b[0, 0], b[0, 1], b[1, 0], b[1, 1]), n, s.steps), near)


def start_in_basin(m, near):
    """The interior cell of a BasinMap's basin of the minimum nearest ``near`` farthest from
    that minimum."""
    k = min(range(len(m.minima)), key=lambda i: np.hypot(m.minima[i][0][0] - near[0],
                                                         m.minima[i][0][1] - near[1]))
    lab = m.labels
    inner = np.zeros_like(lab, dtype=bool)
    inner[1:-1, 1:-1] = ((lab[1:-1, 1:-1] == k) & (lab[:-2, 1:-1] == k) & (lab[2:, 1:-1] == k)
                         & (lab[1:-1, :-2] == k) & (lab[1:-1, 2:] == k))
    iy, ix = np.nonzero(inner)
    (mx, my), _ = m.minima[k]
    j = int(np.argmax(np.hypot(m.x[ix] - mx, m.y[iy] - my)))
    return float(m.x[ix[j]]), float(m.y[iy[j]])


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
    "noise_saddle": [lambda s: _dyn(s, noise=1e-4, seed=5)],
    "catapult_warmup": [lambda s: _lr(s, 0.15 / 0.125),  # 0.15 / 0.125 × the limit 2/λ ≈ 0.149
                        lambda s: _dyn(s, schedule=WARMUP)],
    "clipping": [lambda s: _dyn(s, clip=1.0)],
    "basins": [lambda s: s.set_start(*basin_start(s, (-3.78, -3.28))),
               lambda s: s.set_start(*basin_start(s, (-2.81, 3.13)))],
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
    ("noise_saddle", 0): lambda s: s.set_lr(s.run_ids()[0], 0.5),  # a larger rate alone: stalls
    ("catapult_warmup", 0): lambda s: _lr(s, 0.8),  # below the mark: stays at sharpness 16
    ("catapult_warmup", 1): lambda s: s.set_lr(s.run_ids()[0], 0.1),  # converges, but not at 0.3
    ("clipping", 0): lambda s: _dyn(s, clip=1000.0),  # too loose: still far off after 2000 steps
    ("basins", 0): lambda s: s.set_start(3.5, 2.5),  # the basin of (3, 2)
    ("basins", 1): lambda s: s.set_start(*basin_start(s, (3.58, -1.85))),  # a third basin
}
# more wrong moves on the same step
WRONG_MORE = [
    ("noise_saddle", 0, lambda s: _dyn(s, noise=1e-5)),  # below the σ the step asks for
    ("noise_saddle", 0, lambda s: _dyn(s, noise=0.3)),  # so loud it never settles in a ball < 0.01
    ("catapult_warmup", 0, lambda s: s.set_lr(s.run_ids()[0], 0.26)),  # diverges
    ("catapult_warmup", 1, lambda s: _dyn(s, schedule="cosine:T_max=1500")),  # starts at 0.3
    ("clipping", 0, lambda s: s.set_lr(s.run_ids()[0], 0.01)),  # smaller rate alone: diverges
]

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


@pytest.mark.parametrize("lesson_id, step, wrong",
                         [(k[0], k[1], v) for k, v in WRONG.items()] + WRONG_MORE)
def test_a_wrong_action_does_not_pass(lesson_id, step, wrong):
    session = SurfaceSession()
    p = LessonProgress(LESSONS[lesson_id], session)
    for k in range(step):
        ACTIONS[lesson_id][k](session)
        assert p.next()
    wrong(session)
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


# --- lessons on training dynamics: every figure their texts claim, computed -------------------

def _on_step(lesson_id, step=0):
    session = SurfaceSession()
    p = LessonProgress(LESSONS[lesson_id], session)
    for k in range(step):
        ACTIONS[lesson_id][k](session)
        assert p.next()
    return session, session.run_ids()[0], p


def _text(lesson_id, step, field="text"):
    st_ = LESSONS[lesson_id].steps[step]
    return getattr(st_, field)["en"] + " " + getattr(st_, field)["zh_CN"]


def test_noise_saddle_figures():
    s, rid, _ = _on_step("noise_saddle")
    assert s.result(rid).status == "stalled"  # "slides into the saddle and stays"
    for lr in (0.3, 0.5, 0.9):  # "a larger learning rate does not help"
        s.set_lr(rid, lr)
        assert s.result(rid).status == "stalled" and s.result(rid).final_point[1] == 0.0
    s.set_lr(rid, 0.1)
    hess = np.asarray(s.surface.hessian(np.array([0.0, 0.0]))).reshape(2, 2)
    # curvature along y at the saddle: −1, so a GD step multiplies y by 1 − lr·(−1) = 1.1
    assert hess[1, 1] == pytest.approx(-1.0) and 1 - 0.1 * hess[1, 1] == pytest.approx(1.1)
    for seed in range(10):  # "leaves in fewer than 200 steps, then settles at (0, ±1)"
        s.set_dynamics(rid, noise=1e-4, seed=seed)
        t = s.result(rid)
        assert t.status == "converged" and t.converged_at < 200, seed
        assert abs(t.final_point[0]) < 1e-3 and abs(abs(t.final_point[1]) - 1) < 1e-3
        assert t.noise_ball < 0.01
    for text in ("200", "0.0001", "0.01", "1.1"):
        assert text in _text("noise_saddle", 0) + _text("noise_saddle", 0, "success")


def test_catapult_figures():
    s, rid, _ = _on_step("catapult_warmup")
    lim = s.limit(rid)
    assert round(lim.lam_max) == 16 and f"{2 / 16:.3f}" == "0.125"  # "sharpness about 16", 2/16
    t = s.result(rid)  # lr 0.05 "settles right there"
    assert t.status == "converged" and round(t.outcome.sharpness) == 16
    s.set_lr(rid, 0.15)  # "lr 0.15 lands at sharpness 9.3 < 2/0.15 = 13.3"
    t = s.result(rid)
    assert t.status == "converged" and f"{t.outcome.sharpness:.1f}" == "9.3"
    assert f"{2 / 0.15:.1f}" == "13.3" and "9.3" in _text("catapult_warmup", 0, "success")
    assert np.max(t.losses) > 5 * t.losses[0]  # "the loss spikes" (0.32 -> 2.99)
    for lr in (0.2, 0.23, 0.2399):  # below 0.24 (the step's bound) it still lands
        s.set_lr(rid, lr)
        assert s.result(rid).status == "converged"
        assert s.result(rid).outcome.sharpness < 2 / lr
    for lr in (0.25, 0.3, 0.5):  # "from lr 0.25 on, the run diverges"
        s.set_lr(rid, lr)
        assert s.result(rid).status == "diverged"


def test_warmup_figures():
    s, rid, _ = _on_step("catapult_warmup", 1)
    t = s.result(rid)
    assert t.status == "diverged" and t.diverged_at <= 5  # "diverges within 5 steps"
    s.set_dynamics(rid, schedule=WARMUP)
    t = s.result(rid)
    assert t.lrs[0] == pytest.approx(0.003) and t.lrs[100] == pytest.approx(0.3)
    assert t.status == "converged"
    assert round(float(np.max(t.losses))) == 17  # "the loss spikes to about 17"
    assert f"{t.outcome.sharpness:.1f}" == "2.9" and f"{2 / 0.3:.1f}" == "6.7"
    success = _text("catapult_warmup", 1, "success")
    assert "17" in success and "2.9" in success and "6.7" in success


def test_clipping_figures():
    s, rid, _ = _on_step("clipping")
    g = np.asarray(s.surface.grad(np.array([10.0, 2.0]))).ravel()  # "the gradient is (4000, 32)"
    assert tuple(float(v) for v in g) == (4000.0, 32.0)
    t = s.result(rid)
    assert t.points[1][0] == pytest.approx(-190.0) and t.status == "diverged"
    s.set_dynamics(rid, clip=1.0)
    t = s.result(rid)
    assert t.status == "converged"
    assert np.max(t.step_lengths) <= 0.05 * (1 + 1e-12)  # "no step is longer than lr × 1"


def test_dynamics_feedback_states_the_computed_facts():
    s, rid, p = _on_step("catapult_warmup")
    s.set_lr(rid, 0.15)
    lam = s.result(rid).outcome.sharpness
    assert p.check().passed
    en, zh = p.check("en").feedback("en"), p.check("zh_CN").feedback("zh_CN")
    assert f"ended where the sharpness is {lam:.4g}, below 2/lr = {2 / 0.15:.4g}" in en
    assert f"锐度为 {lam:.4g}" in zh and f"{2 / 0.15:.4g}" in zh
    s2, r2, p2 = _on_step("noise_saddle")
    assert "gradient noise is σ = 0" in p2.check().feedback()
    s2.set_dynamics(r2, noise=1e-4, seed=5)
    ball = s2.result(r2).noise_ball
    text = p2.check().feedback()
    assert "σ = 0.0001" in text and f"noise ball of radius {ball:.4g}" in text
    assert "噪声球" in p2.check("zh_CN").feedback("zh_CN")
    s3, r3, p3 = _on_step("clipping")
    assert "does not clip the gradient" in p3.check().feedback()
    s3.set_dynamics(r3, clip=0.5)
    assert "clips the gradient at norm 0.5" in p3.check().feedback()


def test_amsgrad_and_schedule_atoms():
    doc = {"format": "optim-lab-lesson", "version": 1, "id": "ams", "title": {"en": "t"},
           "steps": [{"setup": {"surface": "booth", "start": [-7, 8], "steps": 100,
                                "runs": [{"optimizer": "adam", "lr": 0.1,
                                          "dynamics": {"amsgrad": True,
                                                       "schedule": "cosine:T_max=100"}}]},
                      "text": {"en": "x"},
                      "check": {"all": [{"run": 0, "amsgrad": True},
                                        {"run": 0, "schedule": "CosineAnnealingLR"}]}}]}
    lesson = parse_lesson(doc)
    session = SurfaceSession()
    p = LessonProgress(lesson, session)
    d = session.run(session.run_ids()[0]).dynamics
    assert d.amsgrad and d.schedule.startswith("CosineAnnealingLR")  # the setup set them
    assert p.check().passed and "uses AMSGrad" in p.check().feedback()
    session.set_dynamics(session.run_ids()[0], amsgrad=False)
    assert not p.check().passed and "does not use AMSGrad" in p.check().feedback()


def test_scenario_setups_keep_the_scenarios_dynamics():
    from optim_lab.lessons.model import _setup, _Where
    from optim_lab.scenarios import SCENARIOS

    exp, n = _setup({"scenario": "warmup"}, _Where(""))
    assert [o.dynamics for o in exp.optimizers] == [r.dynamics for r in SCENARIOS["warmup"].runs]


def _dyn_doc():
    return json.loads(resources.files("optim_lab.lessons").joinpath(
        "bundled", "08_catapult_warmup.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["steps"][1]["check"]["all"][1].__setitem__("schedule", "warmupp"),
     "step 2: check.all[1].schedule: expected one of constant, StepLR"),
    (lambda d: d["steps"][1]["check"]["all"][1].__setitem__("schedule", []),
     "step 2: check.all[1].schedule"),
    (lambda d: d["steps"][0]["check"]["all"][3].__setitem__("end_sharpness_below", -1),
     "step 1: check.all[3].end_sharpness_below: expected a finite number > 0, got -1"),
    (lambda d: d["steps"][0]["check"]["all"][3].__setitem__("end_sharpness_below", "2/lr"),
     "check.all[3].end_sharpness_below: expected a finite number > 0"),
    (lambda d: d["steps"][0]["check"].__setitem__("all", [{"run": 0, "noise_at_least": -0.1}]),
     "check.all[0].noise_at_least: expected a finite number ≥ 0"),
    (lambda d: d["steps"][0]["check"].__setitem__("all", [{"run": 0, "clip_at_most": 0}]),
     "check.all[0].clip_at_most: expected a finite number > 0"),
    (lambda d: d["steps"][0]["check"].__setitem__("all", [{"run": 0, "amsgrad": "yes"}]),
     "check.all[0].amsgrad: expected true or false"),
    (lambda d: d["steps"][0]["check"].__setitem__("all", [{"run": 0, "noise_ball_below": None}]),
     "check.all[0].noise_ball_below"),
    (lambda d: d["steps"][0]["check"].__setitem__("all", [{"run": 0, "noise_above": 1}]),
     "unknown condition 'noise_above'"),
    (lambda d: d["steps"][1]["setup"]["runs"][0]["dynamics"].__setitem__("noise", -1),
     "step 2: setup.runs[0].dynamics: invalid noise: -1"),
    (lambda d: d["steps"][1]["setup"]["runs"][0]["dynamics"].__setitem__("sigma", 1),
     "step 2: setup.runs[0].dynamics: dynamics has unknown keys ['sigma']"),
    (lambda d: d["steps"][1]["setup"]["runs"][0].__setitem__("dynamics", [1]),
     "step 2: setup.runs[0].dynamics: dynamics must be an object"),
    (lambda d: d["steps"][1]["setup"]["runs"][0]["dynamics"].__setitem__("schedule", "cosine"),
     "step 2: setup.runs[0].dynamics: invalid schedule 'cosine'"),
    (lambda d: d["steps"][1]["setup"]["runs"][0]["dynamics"].__setitem__("amsgrad", True),
     "step 2: setup.runs[0].dynamics: invalid amsgrad: True for 'gd'"),
])
def test_broken_dynamics_in_lessons_name_the_problem(mutate, expected, tmp_path):
    doc = _dyn_doc()
    mutate(doc)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert str(path) in str(info.value) and expected in str(info.value)


def test_basins_figures_and_feedback():
    from optim_lab.maps import basin_map

    s, rid, p = _on_step("basins")
    minima = [m.point for m in s.surface.minima]
    assert len(minima) == 4  # "four minima"
    t = s.result(rid)  # "from (0, 0) GD ends at the one at (3, 2)"
    assert t.status == "converged" and t.outcome.point == (3.0, 2.0)
    for near, text in (((-3.78, -3.28), "(−3.78, −3.28)"), ((-2.81, 3.13), "(−2.81, 3.13)")):
        m = min(minima, key=lambda q: np.hypot(q[0] - near[0], q[1] - near[1]))
        assert f"({m[0]:.2f}, {m[1]:.2f})".replace("-", "−") == text  # the text's rounding
    assert "it ended at the minimum (3, 2); the minimum asked for is (-3.779, -3.283)" \
        in p.check().feedback()
    s.set_start(*basin_start(s, (-3.78, -3.28)))
    assert p.check().passed and "it ended at the minimum (-3.779, -3.283)" in p.check().feedback()
    assert "它停在最小值 (-3.779, -3.283)" in p.check("zh_CN").feedback("zh_CN")
    # "the basins change with the optimizer": the same grid with momentum 0.9 labels differently
    box, r = (-5, 5, -5, 5), s.run(rid)
    plain = basin_map(s.surface, make_optimizer("gd", lr=0.01), box, 31, 300)
    heavy = basin_map(s.surface, make_optimizer("momentum", lr=0.01, momentum=0.9), box, 31, 300)
    assert r.hyper["lr"] == 0.01 and (plain.labels != heavy.labels).mean() > 0.05


def test_reached_minimum_near_is_validated():
    doc = json.loads(resources.files("optim_lab.lessons").joinpath(
        "bundled", "10_basins.json").read_text(encoding="utf-8"))
    for bad in ([1], [1, "x"], [1, 1e9], "(1, 2)", None):
        doc["steps"][0]["check"]["reached_minimum_near"] = bad
        with pytest.raises(LessonError, match=r"step 1: check.reached_minimum_near: expected \[x, y\]"):
            parse_lesson(doc, "b.json")


def test_leave_also_restores_the_maps_shown_before():
    from optim_lab.maps_settings import MapSettings

    session = SurfaceSession()
    p = LessonProgress(LESSONS["basins"], session)
    session.set_map_settings(MapSettings(basins=True))  # the learner ticks "Basins of attraction"
    p.leave()
    assert session.map_settings is None and session.to_experiment().map is None
