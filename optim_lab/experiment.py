"""Experiment files: a saved Surface Lab setup (surface, start, optimizers, steps).

Versioned JSON, validated field by field on load, so a corrupt or hand-edited
file gives one clear message and nothing else changes::

    {
      "format": "optim-lab-experiment", "format_version": 1,
      "surface": "rosenbrock", "surface_params": {},
      "start": [-1.5, 2.0], "steps": 1000,
      "optimizers": [{"name": "gd", "enabled": true, "hyperparameters": {"lr": 0.001}}, ...],
      "title": "...", "notes": "..."
    }
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .io import FileFormatError, atomic_write_text, read_json
from .optimizers import Optimizer, make_optimizer
from .runs import MAX_STEPS
from .surfaces import Surface, get_surface

__all__ = ["Experiment", "OptimizerSetting", "load_experiment", "save_experiment"]

FORMAT = "optim-lab-experiment"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class OptimizerSetting:
    name: str
    hyperparameters: dict[str, float]
    enabled: bool = True

    def build(self) -> Optimizer:
        return make_optimizer(self.name, **self.hyperparameters)


@dataclass(frozen=True)
class Experiment:
    surface: str
    start: tuple[float, ...]
    optimizers: tuple[OptimizerSetting, ...]
    steps: int = 1000
    surface_params: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    notes: str = ""

    def build_surface(self) -> Surface:
        return get_surface(self.surface, dim=len(self.start), **self.surface_params)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "title": self.title,
            "notes": self.notes,
            "surface": self.surface,
            "surface_params": dict(self.surface_params),
            "start": list(self.start),
            "steps": self.steps,
            "optimizers": [
                {"name": o.name, "enabled": o.enabled, "hyperparameters": dict(o.hyperparameters)}
                for o in self.optimizers
            ],
        }


def save_experiment(path: str | os.PathLike, exp: Experiment) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".json":
        raise ValueError(f"cannot save to {path.name}: an experiment file ends in .json")
    atomic_write_text(path, json.dumps(exp.to_dict(), indent=1, allow_nan=False))
    return path


def _fail(name: str, why: str):
    raise FileFormatError(f"{name}: {why}")


def _number(v: Any) -> bool:
    return not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(v)


def experiment_from_dict(doc: Any, name: str = "experiment") -> Experiment:
    """Validate a parsed document; every problem names the field."""
    if not isinstance(doc, dict):
        _fail(name, "expected a JSON object")
    if doc.get("format") != FORMAT:
        _fail(name, f"not an Optim Lab experiment (format is {doc.get('format')!r})")
    v = doc.get("format_version")
    if not isinstance(v, int) or isinstance(v, bool) or v < 1:
        _fail(name, "missing or bad format_version")
    if v > FORMAT_VERSION:
        _fail(name, f"format_version {v} is newer than this Optim Lab reads ({FORMAT_VERSION})")
    surface = doc.get("surface")
    if not isinstance(surface, str):
        _fail(name, "field 'surface' must be a surface name")
    params = doc.get("surface_params", {})
    if not isinstance(params, dict) or not all(_number(x) for x in params.values()):
        _fail(name, "field 'surface_params' must map names to numbers")
    start = doc.get("start")
    if not isinstance(start, list) or not start or not all(_number(x) for x in start):
        _fail(name, "field 'start' must be a list of finite numbers")
    steps = doc.get("steps", 1000)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        _fail(name, f"field 'steps' must be an integer from 1 to {MAX_STEPS}")
    opts = doc.get("optimizers")
    if not isinstance(opts, list) or not opts:
        _fail(name, "field 'optimizers' must be a non-empty list")
    settings = []
    for i, o in enumerate(opts):
        if not isinstance(o, dict) or not isinstance(o.get("name"), str):
            _fail(name, f"optimizer {i} must be an object with a name")
        hyper = o.get("hyperparameters", {})
        if not isinstance(hyper, dict) or not all(_number(x) for x in hyper.values()):
            _fail(name, f"optimizer {i}: hyperparameters must be finite numbers")
        s = OptimizerSetting(o["name"], {k: float(x) for k, x in hyper.items()},
                             bool(o.get("enabled", True)))
        try:
            s.build()
        except ValueError as exc:
            _fail(name, f"optimizer {i}: {exc}")
        settings.append(s)
    exp = Experiment(
        surface=surface, start=tuple(float(x) for x in start), optimizers=tuple(settings),
        steps=steps, surface_params=dict(params), title=str(doc.get("title", "")),
        notes=str(doc.get("notes", "")),
    )
    try:
        surf = exp.build_surface()
    except ValueError as exc:
        _fail(name, str(exc))
    if len(start) != surf.dim:
        _fail(name, f"start has {len(start)} coordinates; {surface} needs {surf.dim}")
    return exp


def load_experiment(path: str | os.PathLike) -> Experiment:
    path = Path(path)
    return experiment_from_dict(read_json(path), path.name)
