"""Experiment files: a saved 2-D session (surface, starts, runs, steps, title and notes).

Versioned JSON, validated field by field on load: a corrupt, hostile or hand-edited
file raises one :class:`~optim_lab.io.FileFormatError` naming the file and every bad
field, and nothing else changes. Values are kept exactly: whatever the engine
accepts loads unchanged, so open → save gives back an equal experiment. Version 3::

    {
      "format": "optim-lab-experiment", "format_version": 3,
      "title": "...", "notes": "...", "scenario": null,
      "surface": "rosenbrock", "surface_params": {},
      "start": [-1.5, 2.0], "steps": 1000,
      "optimizers": [
        {"name": "gd", "enabled": true, "color": 0, "start": null,
         "hyperparameters": {"lr": 0.001}}, ...]
    }

Version 1 files (no ``scenario``, no per-run ``color`` / ``start``) and version 2 files
(no per-run ``dynamics``) still open.
An optional top-level ``"map"`` section records which maps are shown, their
resolution, ranges and colouring (:mod:`optim_lab.maps_settings`); files without it
open as before and save without it.
``color`` is a palette index (0–7) or ``"#rrggbb"``; a run's ``start`` null means the
shared start. Hyperparameters are stored complete (defaults filled in).

A run with training dynamics (:class:`~optim_lab.dynamics.Dynamics`) has a ``dynamics``
object, every field written::

    "dynamics": {"noise": 0.001, "noise_relative": false, "seed": 7,
                 "schedule": "LinearLR:start_factor=0.01,end_factor=1.0,total_iters=100",
                 "clip": null, "amsgrad": false}

A plain run has none (files without it are read as plain, and a plain run saves as
before).  ``clip_norm`` / ``amsgrad`` among a run's hyperparameters (how an optimizer
carries them) are read into its ``dynamics``.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dynamics import PLAIN, Dynamics
from .io import FileFormatError, atomic_write_text
from .maps_settings import MapSettings, map_settings_from
from .optimizers import OPTIMIZERS, make_optimizer
from .surfaces import Surface, get_surface

__all__ = [
    "FORMAT_VERSION", "Experiment", "OptimizerSetting", "experiment_from_dict",
    "load_experiment", "save_experiment",
]

FORMAT = "optim-lab-experiment"
FORMAT_VERSION = 3  # 3: per-run training dynamics
MAX_FILE_BYTES = 1_000_000
MAX_TITLE = 200  # characters
MAX_NOTES = 4000
MAX_EXPRESSION = 500  # the one string surface parameter: a custom surface's formula
MAX_STEPS = 100_000  # a 2-D session's longest run (the Surface Lab's steps box)
MAX_RUNS = 8
MAX_COORDINATE = 1e6
PALETTE_SIZE = 8
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_KEYS = {"format", "format_version", "title", "notes", "scenario", "surface", "surface_params",
         "start", "steps", "optimizers", "map"}
_RUN_KEYS = {"name", "enabled", "color", "start", "hyperparameters", "dynamics"}


@dataclass(frozen=True)
class OptimizerSetting:
    """One run of an experiment; ``hyperparameters`` complete, ``start`` None: shared start."""

    name: str
    hyperparameters: Mapping[str, float]
    enabled: bool = True
    color: int | str | None = None
    start: tuple[float, float] | None = None
    dynamics: Dynamics = PLAIN  # noise, schedule, clipping, AMSGrad

    def build(self):
        """The optimizer, with this run's clipping and AMSGrad on (noise and the schedule
        are applied by the run: ``runs.run(..., dynamics=self.dynamics)``)."""
        from .dynamic_steps import optimizer_with

        return optimizer_with(make_optimizer(self.name, **self.hyperparameters),
                              self.dynamics.checked(self.name))


@dataclass(frozen=True)
class Experiment:
    surface: str
    start: tuple[float, ...]
    optimizers: tuple[OptimizerSetting, ...]
    steps: int = 1000
    surface_params: Mapping[str, Any] = field(default_factory=dict)
    title: str = ""
    notes: str = ""
    scenario: str | None = None
    map: MapSettings | None = None  # the optional "map" section

    def build_surface(self) -> Surface:
        return get_surface(self.surface, dim=len(self.start), **self.surface_params)

    def to_dict(self) -> dict[str, Any]:
        return _with_map(self, {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "title": self.title,
            "notes": self.notes,
            "scenario": self.scenario,
            "surface": self.surface,
            "surface_params": dict(self.surface_params),
            "start": list(self.start),
            "steps": self.steps,
            "optimizers": [_run_dict(o) for o in self.optimizers],
        })


def _with_map(exp: Experiment, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with the experiment's ``"map"`` section, if it has one."""
    if exp.map is not None:
        doc["map"] = exp.map.to_dict()
    return doc


def _run_dict(o: OptimizerSetting) -> dict[str, Any]:
    d = {"name": o.name, "enabled": o.enabled, "color": o.color,
         "start": None if o.start is None else list(o.start),
         "hyperparameters": dict(o.hyperparameters)}
    if o.dynamics != PLAIN:  # a plain run is written as before
        d["dynamics"] = o.dynamics.to_dict()
    return d


def save_experiment(path: str | os.PathLike, exp: Experiment) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".json":
        raise ValueError(f"cannot save to {path.name}: an experiment file ends in .json")
    atomic_write_text(path, json.dumps(exp.to_dict(), indent=1, allow_nan=False,
                                       ensure_ascii=False))
    return path


def finite_number(v: Any) -> bool:
    """A JSON number that is a finite float (no bool, no NaN, no 400-digit integer)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:
        return False


def check_surface_params(params: Any) -> list[str]:
    """Problems with a ``surface_params`` mapping: numbers, except a custom surface's text
    ``expression`` and its ``bounds`` (four numbers: xmin, xmax, ymin, ymax)."""
    if not isinstance(params, dict):
        return ["field 'surface_params' must be an object mapping names to numbers"]
    out = []
    for k, v in params.items():
        if k == "expression" and isinstance(v, str):
            if len(v) > MAX_EXPRESSION:
                out.append(f"field 'surface_params.expression' has {len(v)} characters "
                           f"(at most {MAX_EXPRESSION})")
        elif k == "bounds" and isinstance(v, (list, tuple)):
            if len(v) != 4 or not all(finite_number(x) for x in v):
                out.append("field 'surface_params.bounds' must be four finite numbers")
        elif not finite_number(v):
            out.append(f"field 'surface_params.{k[:40]}' must be a finite number")
    return out


def check_point(v: Any, what: str, dim: int | None = 2) -> list[str]:
    if (not isinstance(v, list) or not v or not all(finite_number(x) for x in v)
            or (dim is not None and len(v) != dim)):
        n = f"{dim} " if dim is not None else ""
        return [f"field '{what}' must be a list of {n}finite numbers"]
    if any(abs(float(x)) > MAX_COORDINATE for x in v):
        return [f"field '{what}' has a coordinate beyond ±{MAX_COORDINATE:g}"]
    return []


def _check_text(doc: dict, key: str, cap: int, problems: list[str]) -> str:
    v = doc.get(key, "")
    if v is None:
        v = ""
    if not isinstance(v, str):
        problems.append(f"field '{key}' must be text")
        return ""
    if len(v) > cap:
        problems.append(f"field '{key}' has {len(v)} characters (at most {cap})")
        return ""
    return v


def _run_from(o: Any, i: int, version: int, problems: list[str]) -> OptimizerSetting | None:
    where = f"optimizers[{i}]"
    if not isinstance(o, dict) or not isinstance(o.get("name"), str):
        problems.append(f"field '{where}' must be an object with a name")
        return None
    if o["name"] not in OPTIMIZERS:
        problems.append(f"field '{where}.name': unknown optimizer {o['name'][:40]!r}; "
                        f"choose one of: {', '.join(OPTIMIZERS)}")
        return None
    extra = set(o) - _RUN_KEYS
    if extra:
        problems.append(f"field '{where}' has unknown keys {sorted(str(k)[:40] for k in extra)[:5]}")
    hyper = o.get("hyperparameters", {})
    if not isinstance(hyper, dict) or not all(
            finite_number(x) or (k == "amsgrad" and isinstance(x, bool))
            for k, x in hyper.items()):
        problems.append(f"field '{where}.hyperparameters' must map names to finite numbers")
        return None
    dynamics = PLAIN
    if "dynamics" in o:
        try:
            dynamics = Dynamics.from_dict(o["dynamics"])
        except ValueError as exc:
            problems.append(f"field '{where}.dynamics': {exc}")
            return None
    hyper = dict(hyper)
    if "clip_norm" in hyper or "amsgrad" in hyper:  # optimizer settings kept as dynamics
        moved = {}
        if "clip_norm" in hyper:
            moved["clip"] = hyper.pop("clip_norm")
        if "amsgrad" in hyper:
            moved["amsgrad"] = bool(hyper.pop("amsgrad"))
        try:
            dynamics = dynamics.with_changes(**moved)._validated()
        except ValueError as exc:
            problems.append(f"field '{where}.hyperparameters': {exc}")
            return None
    enabled = o.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(f"field '{where}.enabled' must be true or false")
    color = o.get("color")
    if color is not None and not (
            (isinstance(color, int) and not isinstance(color, bool) and 0 <= color < PALETTE_SIZE)
            or (isinstance(color, str) and _HEX.fullmatch(color))):
        problems.append(f"field '{where}.color' must be 0…{PALETTE_SIZE - 1} or \"#rrggbb\"")
        color = None
    start = o.get("start")
    if start is not None:
        bad = check_point(start, f"{where}.start")
        problems.extend(bad)
        start = None if bad else (float(start[0]), float(start[1]))
    try:
        opt = make_optimizer(o["name"], **{str(k): float(v) for k, v in hyper.items()})
    except ValueError as exc:
        problems.append(f"field '{where}.hyperparameters': {exc}")
        return None
    try:
        dynamics = dynamics.checked(o["name"])
    except ValueError as exc:
        problems.append(f"field '{where}.dynamics': {exc}")
        return None
    full = {k: float(v) for k, v in opt.hyper.items()}
    if isinstance(color, str):
        color = color.lower()
    if color is None:  # version 1 had no colours: the palette in run order
        color = i % PALETTE_SIZE
    return OptimizerSetting(o["name"], full, enabled is True, color, start, dynamics)


def experiment_from_dict(doc: Any, name: str = "experiment", dim: int | None = None
                         ) -> Experiment:
    """Validate a parsed document; every problem names the field. ``dim`` (e.g. 2) refuses
    experiments of another dimension."""
    def fail(problems: list[str]):
        shown = problems[:8] + ([f"… and {len(problems) - 8} more"] if len(problems) > 8 else [])
        raise FileFormatError(f"{name}: " + "; ".join(shown))

    if not isinstance(doc, dict):
        fail(["expected a JSON object"])
    if doc.get("format") != FORMAT:
        fail([f"not an Optim Lab experiment (field 'format' is {str(doc.get('format'))[:40]!r})"])
    v = doc.get("format_version")
    if not isinstance(v, int) or isinstance(v, bool) or v < 1:
        fail(["missing or bad field 'format_version'"])
    if v > FORMAT_VERSION:
        fail([f"format_version {v} is newer than this Optim Lab reads ({FORMAT_VERSION})"])
    problems: list[str] = []
    extra = set(doc) - _KEYS
    if extra:
        problems.append(f"unknown fields {sorted(str(k)[:40] for k in extra)[:5]}")
    title = _check_text(doc, "title", MAX_TITLE, problems)
    notes = _check_text(doc, "notes", MAX_NOTES, problems)
    scenario = doc.get("scenario")
    if scenario is not None and not (isinstance(scenario, str) and len(scenario) <= 100):
        problems.append("field 'scenario' must be a scenario name or null")
        scenario = None
    surface = doc.get("surface")
    if not isinstance(surface, str) or len(surface) > 100:
        problems.append("field 'surface' must be a surface name")
    params = doc.get("surface_params", {})
    problems += check_surface_params(params)
    start = doc.get("start")
    problems += check_point(start, "start", dim)
    steps = doc.get("steps", 1000)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        problems.append(f"field 'steps' must be a whole number from 1 to {MAX_STEPS}")
    opts = doc.get("optimizers")
    settings: list[OptimizerSetting] = []
    if not isinstance(opts, list) or not opts:
        problems.append("field 'optimizers' must be a non-empty list")
    elif len(opts) > MAX_RUNS:
        problems.append(f"field 'optimizers' lists {len(opts)} runs (at most {MAX_RUNS})")
    else:
        for i, o in enumerate(opts):
            s = _run_from(o, i, v, problems)
            if s is not None:
                settings.append(s)
    map_settings = _map_section(doc, opts, problems)
    if problems:
        fail(problems)
    exp = Experiment(
        surface=surface, start=tuple(float(x) for x in start), optimizers=tuple(settings),
        steps=steps, surface_params=dict(params), title=title, notes=notes, scenario=scenario,
        map=map_settings)
    try:
        surf = exp.build_surface()
    except (ValueError, TypeError, ArithmeticError) as exc:
        fail([f"field 'surface': {exc}"])
    if len(start) != surf.dim:
        fail([f"field 'start' has {len(start)} coordinates; {surface} needs {surf.dim}"])
    return exp


def _map_section(doc: dict, opts: Any, problems: list[str]) -> MapSettings | None:
    """The validated ``"map"`` section (None if absent); its run indexes ``optimizers``."""
    runs = len(opts) if isinstance(opts, list) and 0 < len(opts) <= MAX_RUNS else None
    return map_settings_from(doc.get("map"), problems, runs)


def read_experiment_json(path: Path) -> Any:
    """Parsed JSON of an experiment file: size-capped, BOM tolerated, parser errors named."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileFormatError(f"{path.name}: {size / 1e6:.1f} MB is too large for an "
                                  f"experiment file (at most {MAX_FILE_BYTES / 1e6:.0f} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise OSError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileFormatError(f"{path.name}: not a text file (UTF-8 expected)") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            f"{path.name}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise FileFormatError(f"{path.name}: not an experiment (nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise FileFormatError(f"{path.name}: not valid JSON ({exc})") from None


def load_experiment(path: str | os.PathLike, dim: int | None = None) -> Experiment:
    path = Path(path)
    return experiment_from_dict(read_experiment_json(path), path.name, dim)
