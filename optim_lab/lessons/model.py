"""Lesson files: the format, the validator and the bundled lessons.

A lesson is a JSON object (UTF-8, at most 200 kB)::

    {
      "format": "optim-lab-lesson", "version": 1,
      "id": "lr_too_large",                       # letters, digits, "_" and "-"
      "title":   {"en": "...", "zh_CN": "..."},   # every text: "en" required, "zh_CN" optional
      "summary": {"en": "...", "zh_CN": "..."},   # optional
      "steps": [                                  # 1 to 20 steps
        {
          "setup": {"scenario": "lr_too_large"},  # or an explicit state, see below;
                                                  # the first step must have one, later ones
                                                  # may omit it to continue from the learner's state
          "text":  {"en": "Drag GD's learning rate past the red mark.", "zh_CN": "..."},
          "check": {"all": [{"run": 0, "status": "diverged"},
                            {"run": 0, "lr_above_limit": true}]},
          "success": {"en": "Every step overshoots more than the last.", "zh_CN": "..."}
        }
      ]
    }

A lesson on the Deep Stack Lab has ``"lab": "deep"`` (the default is ``"surface"``); its
setups name a Deep Stack Lab scenario or configuration and its checks read the stacks'
training (``{"stack": 0, "ratio_below": 1e-3}``): see :mod:`optim_lab.lessons.deep_checks`.

An explicit setup: ``{"surface": "booth", "surface_params": {}, "start": [-7, 8],
"steps": 150, "runs": [{"optimizer": "gd", "lr": 0.05, "start": [1, 2],
"enabled": true}]}`` — every run key other than ``optimizer``, ``start``, ``enabled`` and
``dynamics`` is a hyperparameter (missing ones take the optimizer's defaults).  A run's
optional ``"dynamics"`` sets its training dynamics as in an experiment file
(:class:`~optim_lab.dynamics.Dynamics`): ``{"noise": 1e-6, "seed": 3, "schedule":
"warmup:start_factor=0.01,total_iters=100", "clip": 1.0, "amsgrad": false}``, any subset;
a scenario setup takes the scenario's own dynamics.

A check is a small declarative predicate, never evaluated as code:

- ``{"all": [check, ...]}``, ``{"any": [check, ...]}``, ``{"not": check}``;
- an atom: ``{"run": i, <one condition>}`` where ``i`` counts the session's runs from 0
  in order, and the condition is one of (see :mod:`optim_lab.lessons.checks`)
  ``"status"`` (a status or a list of them: converged, diverged, stalled, max_steps),
  ``"reached"`` ("global", "local" or "any" minimum), ``"converged_within"`` (steps),
  ``"diverged_within"`` (steps), ``"stalled_steps_below"`` (steps),
  ``"lr_above_limit"`` (true/false: lr above the stability limit, e.g. 2/λ for GD),
  ``"lr_above"`` / ``"lr_below"`` (numbers), ``"hyper_at_least"`` /
  ``"hyper_at_most"`` ({name: number}), ``"final_loss_below"`` (number),
  ``"enabled"`` (true/false), ``"optimizer"`` (a name);
  on the run's training dynamics: ``"noise_at_least"`` (σ ≥ number),
  ``"schedule"`` (a schedule name or a list of them: constant, StepLR, ExponentialLR,
  CosineAnnealingLR, LinearLR, warmup_cosine; "warmup" is LinearLR),
  ``"clip_at_most"`` (clipping on, at a norm ≤ number), ``"amsgrad"`` (true/false),
  ``"end_sharpness_below"`` (converged where λ_max < number, on a surface with a curve of
  minima), ``"noise_ball_below"`` (a noisy run settled in a ball of RMS radius < number);
  ``"reached_minimum_near"`` ([x, y]: converged to the known minimum nearest that point,
  i.e. the start lies in that minimum's basin of attraction).

:func:`parse_lesson` / :func:`load_lesson` raise :class:`LessonError` naming the file,
the step and the field of the first problem; nothing else escapes for any input.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..deep.state import DeepSetup
from ..dynamics import Dynamics
from ..experiment import MAX_COORDINATE, MAX_RUNS, MAX_STEPS, Experiment, OptimizerSetting
from ..files import is_number as _is_number
from ..optimizers import OPTIMIZERS, make_optimizer
from ..runs import STATUSES
from ..scenarios import SCENARIOS
from ..schedules import SCHEDULE_NAMES

__all__ = ["LANGUAGES", "Lesson", "LessonError", "Step", "bundled_lessons", "load_lesson",
           "parse_lesson", "text_in"]

FORMAT = "optim-lab-lesson"
VERSION = 1
LANGUAGES = ("en", "zh_CN")
LABS = ("surface", "deep")
MAX_LESSON_BYTES = 200_000
MAX_STEPS_PER_LESSON = 20
MAX_TEXT = 2000
MAX_CHECK_DEPTH = 6
MAX_CHECK_ITEMS = 12
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
RUN_KEYS = {"optimizer", "start", "enabled", "dynamics"}
HYPER_NAMES = sorted({k for o in OPTIMIZERS.values() for k in o.defaults})

# condition -> kind of value (validated by _check_value)
CONDITIONS: Mapping[str, str] = {
    "status": "statuses", "reached": "reached", "converged_within": "count",
    "diverged_within": "count", "stalled_steps_below": "count", "lr_above_limit": "bool",
    "lr_above": "number", "lr_below": "number", "hyper_at_least": "hypers",
    "hyper_at_most": "hypers", "final_loss_below": "number", "enabled": "bool",
    "optimizer": "optimizer",
    # training dynamics (optim_lab.dynamics)
    "noise_at_least": "nonneg", "schedule": "schedules", "clip_at_most": "positive",
    "amsgrad": "bool", "end_sharpness_below": "positive", "noise_ball_below": "positive",
    "reached_minimum_near": "point",
}
REACHED = ("global", "local", "any")

Text = Mapping[str, str]


class LessonError(ValueError):
    """A lesson file that cannot be used; the message names the file, step and field."""


@dataclass(frozen=True)
class Step:
    text: Text
    check: Mapping[str, Any]
    setup: Experiment | DeepSetup | None = None  # None: continue from the learner's state
    success: Text | None = None


@dataclass(frozen=True)
class Lesson:
    id: str
    title: Text
    steps: tuple[Step, ...]
    summary: Text | None = None
    source: str = ""
    lab: str = "surface"  # "surface" or "deep" (the Deep Stack Lab)

    def title_in(self, lang: str) -> str:
        return text_in(self.title, lang)


def text_in(text: Text | None, lang: str) -> str:
    """The text in ``lang`` ("zh_CN", "zh", "en"...), English when it has none."""
    if not text:
        return ""
    if lang in text:
        return text[lang]
    for code in text:
        if lang and code.split("_")[0] == lang.split("_")[0]:
            return text[code]
    return text["en"]


class _Where:
    def __init__(self, source: str) -> None:
        self.source = source
        self.step: int | None = None

    def fail(self, field: str, why: str) -> LessonError:
        where = f"{self.source}: " if self.source else ""
        if self.step is not None:
            where += f"step {self.step + 1}: "
        return LessonError(f"{where}{field}: {why}")


def _is_count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_STEPS


def _text(raw: Any, field: str, w: _Where, required: bool = True) -> Text | None:
    if raw is None and not required:
        return None
    if not isinstance(raw, dict):
        raise w.fail(field, 'expected {"en": "...", "zh_CN": "..."}')
    unknown = set(raw) - set(LANGUAGES)
    if unknown:
        raise w.fail(field, f"unknown language {sorted(map(str, unknown))[0]!r} "
                     f"(use {', '.join(LANGUAGES)})")
    if "en" not in raw:
        raise w.fail(field, "an English text ('en') is required")
    for code, t in raw.items():
        if not isinstance(t, str) or not t.strip():
            raise w.fail(f"{field}.{code}", "expected a non-empty text")
        if len(t) > MAX_TEXT:
            raise w.fail(f"{field}.{code}", f"{len(t)} characters; at most {MAX_TEXT}")
    return dict(raw)


def _point(raw: Any, field: str, w: _Where) -> tuple[float, float]:
    if (not isinstance(raw, list) or len(raw) != 2
            or not all(_is_number(v) and abs(v) <= MAX_COORDINATE for v in raw)):
        raise w.fail(field, f"expected [x, y], finite numbers within ±{MAX_COORDINATE:g}")
    return float(raw[0]), float(raw[1])


def _setup(raw: Any, w: _Where) -> tuple[Experiment, int]:
    """The setup as an experiment (validated by a scratch session) and its number of runs."""
    if not isinstance(raw, dict):
        raise w.fail("setup", 'expected {"scenario": NAME} or {"surface": ..., "runs": [...]}')
    if "scenario" in raw:
        if set(raw) != {"scenario"}:
            raise w.fail("setup", "a scenario setup has only the key 'scenario'")
        name = raw["scenario"]
        if not isinstance(name, str) or name not in SCENARIOS:
            raise w.fail("setup.scenario", f"unknown scenario {name!r}; choose one of: "
                         f"{', '.join(SCENARIOS)}")
        sc = SCENARIOS[name]
        runs = tuple(OptimizerSetting(r.optimizer, {**OPTIMIZERS[r.optimizer].defaults, **r.hyper},
                                      start=r.start, dynamics=r.dynamics) for r in sc.runs)
        return Experiment(sc.surface, sc.start, runs, sc.steps, scenario=name), len(runs)
    unknown = set(raw) - {"surface", "surface_params", "start", "steps", "runs"}
    if unknown:
        raise w.fail("setup", f"unknown key {sorted(map(str, unknown))[0]!r}")
    surface = raw.get("surface")
    if not isinstance(surface, str):
        raise w.fail("setup.surface", "expected a surface name")
    params = raw.get("surface_params", {})
    if not isinstance(params, dict) or not all(_is_number(v) for v in params.values()):
        raise w.fail("setup.surface_params", "expected {name: number}")
    start = _point(raw.get("start"), "setup.start", w)
    steps = raw.get("steps")
    if not (_is_count(steps) and steps >= 1):
        raise w.fail("setup.steps", f"expected a whole number from 1 to {MAX_STEPS}")
    runs_raw = raw.get("runs")
    if not isinstance(runs_raw, list) or not 1 <= len(runs_raw) <= MAX_RUNS:
        raise w.fail("setup.runs", f"expected a list of 1 to {MAX_RUNS} runs")
    runs = []
    for k, r in enumerate(runs_raw):
        f = f"setup.runs[{k}]"
        if not isinstance(r, dict) or not isinstance(r.get("optimizer"), str) \
                or r["optimizer"] not in OPTIMIZERS:
            raise w.fail(f"{f}.optimizer", f"expected one of: {', '.join(OPTIMIZERS)}")
        opt = OPTIMIZERS[r["optimizer"]]
        hyper = {}
        for key, v in r.items():
            if key in RUN_KEYS:
                continue
            if key not in opt.defaults:
                raise w.fail(f"{f}.{key}", f"{opt.label} has no hyperparameter {key!r} "
                             f"(it has {', '.join(opt.defaults)})")
            if not _is_number(v):
                raise w.fail(f"{f}.{key}", "expected a finite number")
            hyper[key] = float(v)
        enabled = r.get("enabled", True)
        if not isinstance(enabled, bool):
            raise w.fail(f"{f}.enabled", "expected true or false")
        own = None if r.get("start") is None else _point(r["start"], f"{f}.start", w)
        try:
            dyn = Dynamics.from_dict(r.get("dynamics", {})).checked(r["optimizer"])
        except ValueError as exc:
            raise w.fail(f"{f}.dynamics", str(exc)[:300]) from None
        runs.append(OptimizerSetting(r["optimizer"], {**opt.defaults, **hyper}, enabled, None, own,
                                     dyn))
    exp = Experiment(surface, start, tuple(runs), steps, surface_params=dict(params))
    from ..session import SurfaceSession  # imported here: the session imports nothing of ours

    try:
        SurfaceSession().apply(exp)  # the engine's own validation, without computing
        for o in runs:
            make_optimizer(o.name, **o.hyperparameters)
    except (ValueError, KeyError, TypeError) as exc:
        raise w.fail("setup", str(exc)) from None
    return exp, len(runs)


def _check_value(cond: str, v: Any, field: str, w: _Where) -> None:
    kind = CONDITIONS[cond]
    ok = {
        "statuses": lambda: (v in STATUSES if isinstance(v, str) else isinstance(v, list)
                             and 1 <= len(v) <= len(STATUSES)
                             and all(isinstance(s, str) and s in STATUSES for s in v)),
        "reached": lambda: isinstance(v, str) and v in REACHED,
        "count": lambda: _is_count(v),
        "bool": lambda: isinstance(v, bool),
        "number": lambda: _is_number(v),
        "nonneg": lambda: _is_number(v) and v >= 0,
        "point": lambda: (isinstance(v, list) and len(v) == 2
                          and all(_is_number(x) and abs(x) <= MAX_COORDINATE for x in v)),
        "positive": lambda: _is_number(v) and v > 0,
        "schedules": lambda: (v in SCHEDULE_NAMES if isinstance(v, str) else isinstance(v, list)
                              and 1 <= len(v) <= len(SCHEDULE_NAMES)
                              and all(isinstance(x, str) and x in SCHEDULE_NAMES for x in v)),
        "hypers": lambda: (isinstance(v, dict) and 1 <= len(v) <= len(HYPER_NAMES)
                           and all(k in HYPER_NAMES and _is_number(x) for k, x in v.items())),
        "optimizer": lambda: isinstance(v, str) and v in OPTIMIZERS,
    }[kind]()
    if not ok:
        expected = {
            "statuses": f"one of {', '.join(STATUSES)} (or a list of them)",
            "reached": f"one of {', '.join(REACHED)}", "count": "a whole number ≥ 0",
            "bool": "true or false", "number": "a finite number",
            "nonneg": "a finite number ≥ 0", "positive": "a finite number > 0",
            "point": f"[x, y], finite numbers within ±{MAX_COORDINATE:g}",
            "schedules": f"one of {', '.join(SCHEDULE_NAMES)} (or a list of them)",
            "hypers": f"{{name: number}} with names among {', '.join(HYPER_NAMES)}",
            "optimizer": f"one of {', '.join(OPTIMIZERS)}",
        }[kind]
        raise w.fail(field, f"expected {expected}, got {v!r}"[:300])


def _check(raw: Any, field: str, runs: int, w: _Where, depth: int = 0, lab: str = "surface"
           ) -> dict:
    if depth > MAX_CHECK_DEPTH:
        raise w.fail(field, f"nested more than {MAX_CHECK_DEPTH} levels")
    if not isinstance(raw, dict) or not raw:
        raise w.fail(field, 'expected {"run": i, CONDITION: value} or {"all"/"any": [...]} '
                     'or {"not": ...}')
    for key in ("all", "any"):
        if key in raw:
            items = raw[key]
            if len(raw) != 1 or not isinstance(items, list) or not 1 <= len(items) <= MAX_CHECK_ITEMS:
                raise w.fail(f"{field}.{key}", f"expected a list of 1 to {MAX_CHECK_ITEMS} checks, "
                             "and no other key")
            return {key: [_check(c, f"{field}.{key}[{k}]", runs, w, depth + 1, lab)
                          for k, c in enumerate(items)]}
    if "not" in raw:
        if len(raw) != 1:
            raise w.fail(f"{field}.not", "a 'not' check has no other key")
        return {"not": _check(raw["not"], f"{field}.not", runs, w, depth + 1, lab)}
    if lab == "deep":
        from .deep_checks import validate_deep_atom

        return validate_deep_atom(raw, field, w.fail)
    run = raw.get("run")
    if not (isinstance(run, int) and not isinstance(run, bool)):
        raise w.fail(f"{field}.run", "expected the run's number, counted from 0")
    if not 0 <= run < runs:
        raise w.fail(f"{field}.run", f"no run {run}: the setup has {runs} run"
                     f"{'s' if runs != 1 else ''} (counted from 0)")
    conds = [k for k in raw if k != "run"]
    if len(conds) != 1 or conds[0] not in CONDITIONS:
        bad = next((k for k in conds if k not in CONDITIONS), None)
        why = (f"unknown condition {str(bad)[:60]!r}" if bad is not None
               else "expected exactly one condition")
        raise w.fail(field, f"{why}; conditions: {', '.join(CONDITIONS)}")
    _check_value(conds[0], raw[conds[0]], f"{field}.{conds[0]}", w)
    return dict(raw)


def parse_lesson(doc: Any, source: str = "") -> Lesson:
    """Validate a decoded JSON document; :class:`LessonError` names the first problem."""
    w = _Where(source)
    if not isinstance(doc, dict):
        raise w.fail("lesson", "expected a JSON object")
    if doc.get("format") != FORMAT:
        raise w.fail("format", f"expected {FORMAT!r}")
    if doc.get("version") != VERSION or isinstance(doc.get("version"), bool):
        raise w.fail("version", f"expected {VERSION}, got {doc.get('version')!r}"[:200])
    unknown = set(doc) - {"format", "version", "id", "title", "summary", "steps", "lab"}
    if unknown:
        raise w.fail("lesson", f"unknown key {sorted(map(str, unknown))[0]!r}")
    lab = doc.get("lab", "surface")
    if lab not in LABS:
        raise w.fail("lab", f"expected one of {', '.join(LABS)}, got {str(lab)[:60]!r}")
    lid = doc.get("id")
    if not isinstance(lid, str) or not ID_PATTERN.match(lid):
        raise w.fail("id", "expected 1 to 60 letters, digits, '_' or '-'")
    title = _text(doc.get("title"), "title", w)
    summary = _text(doc.get("summary"), "summary", w, required=False)
    steps_raw = doc.get("steps")
    if not isinstance(steps_raw, list) or not 1 <= len(steps_raw) <= MAX_STEPS_PER_LESSON:
        raise w.fail("steps", f"expected a list of 1 to {MAX_STEPS_PER_LESSON} steps")
    steps, runs = [], 0
    for k, raw in enumerate(steps_raw):
        w.step = k
        if not isinstance(raw, dict):
            raise w.fail("step", "expected a JSON object")
        unknown = set(raw) - {"setup", "text", "check", "success"}
        if unknown:
            raise w.fail("step", f"unknown key {sorted(map(str, unknown))[0]!r}")
        setup = None
        if "setup" in raw:
            if lab == "deep":
                from .deep_checks import deep_setup

                setup = deep_setup(raw["setup"], w.fail)
            else:
                setup, runs = _setup(raw["setup"], w)
        elif k == 0:
            raise w.fail("setup", "the first step needs a setup")
        text = _text(raw.get("text"), "text", w)
        check = _check(raw.get("check"), "check", runs, w, lab=lab)
        success = _text(raw.get("success"), "success", w, required=False)
        steps.append(Step(text, check, setup, success))
    return Lesson(lid, title, tuple(steps), summary, source, lab)


def load_lesson(path: str | os.PathLike) -> Lesson:
    """Read and validate a lesson file."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_LESSON_BYTES:
            raise LessonError(f"{p}: {size} bytes; a lesson file is at most {MAX_LESSON_BYTES}")
        data = p.read_bytes()
    except OSError as exc:
        raise LessonError(f"{p}: cannot read: {exc.strerror or exc}") from None
    return _decode(data, str(p))


def _decode(data: bytes, source: str) -> Lesson:
    if len(data) > MAX_LESSON_BYTES:
        raise LessonError(f"{source}: {len(data)} bytes; a lesson file is at most "
                          f"{MAX_LESSON_BYTES}")
    try:
        doc = json.loads(data.decode("utf-8"),
                         parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    except UnicodeDecodeError:
        raise LessonError(f"{source}: not UTF-8 text") from None
    except RecursionError:
        raise LessonError(f"{source}: JSON nested too deeply") from None
    except ValueError as exc:
        raise LessonError(f"{source}: not valid JSON ({exc})"[:300]) from None
    return parse_lesson(doc, source)


def bundled_lessons() -> list[Lesson]:
    """The lessons shipped with the package (``optim_lab/lessons/bundled/*.json``), in order."""
    folder = resources.files(__package__).joinpath("bundled")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    return [_decode(f.read_bytes(), f"bundled/{f.name}") for f in files]
