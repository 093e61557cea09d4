"""Which maps an experiment shows: the optional top-level ``"map"`` section of an
experiment file (:mod:`optim_lab.experiment`).

::

    "map": {
      "run": 0,                        # position of the mapped run in "optimizers"
      "basins": true,                  # basin layer shown
      "basin_grid": 256,               # its full resolution, N x N starts
      "basin_range": [-5, 5, -5, 5],   # box of starts (the view); null: the plotting box
      "opacity": 0.45, "shade_steps": false,
      "hyper": true,                   # hyperparameter plot shown
      "hyper_kind": "map",             # "map": lr x beta of the mapped run;
                                       # "sweep_all": final loss against lr, every run
      "hyper_grid": 128,               # its full resolution per axis
      "lr_range": [1e-5, 0.01],        # null: automatic, around the stability limit
      "beta_range": [0.0, 0.99],       # null: the hyperparameter's whole range
      "color_by": "loss"               # "loss" (final loss, log) or "steps" (steps taken)
    }

Every key is optional on load (the defaults above, ranges null); a file without the
section still opens.  :func:`map_settings_from` names each bad field.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["HYPER_KINDS", "COLOR_BY", "MapSettings", "map_settings_from"]

HYPER_KINDS = ("map", "sweep_all")
COLOR_BY = ("loss", "steps")
BASIN_GRIDS = (64, 128, 256, 512)  # what the Surface Lab offers; files may hold any 2..2048
HYPER_GRIDS = (32, 64, 128, 256)
MAX_GRID = 2048
MAX_RUN = 7  # experiments hold at most 8 runs


@dataclass(frozen=True)
class MapSettings:
    """The maps panel's state (see the module docstring for each field)."""

    run: int = 0
    basins: bool = False
    basin_grid: int = 256
    basin_range: tuple[float, float, float, float] | None = None
    opacity: float = 0.45
    shade_steps: bool = False
    hyper: bool = False
    hyper_kind: str = "map"
    hyper_grid: int = 128
    lr_range: tuple[float, float] | None = None
    beta_range: tuple[float, float] | None = None
    color_by: str = "loss"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("basin_range", "lr_range", "beta_range"):
            d[k] = None if d[k] is None else [float(v) for v in d[k]]
        return d


def _finite(v: Any) -> bool:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:
        return False


def _whole(v: Any, lo: int, hi: int) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def _range(v: Any, n: int, key: str, problems: list[str], positive: bool = False):
    if v is None:
        return None
    if (not isinstance(v, list) or len(v) != n or not all(map(_finite, v))
            or any(float(v[k]) >= float(v[k + 1]) for k in range(0, n, 2))
            or (positive and any(float(x) <= 0 for x in v))):
        what = "xmin < xmax, ymin < ymax" if n == 4 else "low < high"
        sign = ", positive" if positive else ""
        problems.append(f"field 'map.{key}' must be null or {n} finite numbers ({what}{sign})")
        return None
    return tuple(float(x) for x in v)


def map_settings_from(doc: Any, problems: list[str], runs: int | None = None
                      ) -> MapSettings | None:
    """The ``"map"`` section of an experiment, or None if absent; each bad field is
    appended to ``problems`` (and replaced by its default).  ``runs``: how many runs the
    experiment lists (``run`` must index one of them)."""
    if doc is None:
        return None
    if not isinstance(doc, dict):
        problems.append("field 'map' must be an object")
        return None
    known = set(MapSettings.__dataclass_fields__)
    extra = set(doc) - known
    if extra:
        problems.append(f"field 'map' has unknown keys {sorted(str(k)[:40] for k in extra)[:5]}")
    d = MapSettings()
    kw: dict[str, Any] = {}
    top = MAX_RUN if runs is None else max(0, runs - 1)
    checks = {
        "run": (lambda v: _whole(v, 0, top), f"a run position from 0 to {top}"),
        "basins": (lambda v: isinstance(v, bool), "true or false"),
        "shade_steps": (lambda v: isinstance(v, bool), "true or false"),
        "hyper": (lambda v: isinstance(v, bool), "true or false"),
        "basin_grid": (lambda v: _whole(v, 2, MAX_GRID), f"a whole number from 2 to {MAX_GRID}"),
        "hyper_grid": (lambda v: _whole(v, 2, MAX_GRID), f"a whole number from 2 to {MAX_GRID}"),
        "opacity": (lambda v: _finite(v) and 0.1 <= float(v) <= 1.0, "a number from 0.1 to 1"),
        "hyper_kind": (lambda v: v in HYPER_KINDS, " or ".join(map(repr, HYPER_KINDS))),
        "color_by": (lambda v: v in COLOR_BY, " or ".join(map(repr, COLOR_BY))),
    }
    for key, (ok, what) in checks.items():
        if key in doc:
            if ok(doc[key]):
                kw[key] = float(doc[key]) if key == "opacity" else doc[key]
            else:
                problems.append(f"field 'map.{key}' must be {what}")
    kw["basin_range"] = _range(doc.get("basin_range"), 4, "basin_range", problems)
    kw["lr_range"] = _range(doc.get("lr_range"), 2, "lr_range", problems, positive=True)
    kw["beta_range"] = _range(doc.get("beta_range"), 2, "beta_range", problems)
    if kw["beta_range"] is not None and not (0.0 <= kw["beta_range"][0]
                                             and kw["beta_range"][1] < 1.0):
        problems.append("field 'map.beta_range' must lie in [0, 1)")
        kw["beta_range"] = None
    return MapSettings(**{**asdict(d), **kw})
