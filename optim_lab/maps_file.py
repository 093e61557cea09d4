"""Map files: a basin map or a hyperparameter map as JSON or CSV, validated on load.

JSON (basins)::

    {"format": "optim-lab-map", "format_version": 1, "kind": "basins",
     "surface": "himmelblau", "optimizer": "gd", "hyperparameters": {"lr": 0.01, ...},
     "steps": 500, "surface_params": {...},             # optional: a custom surface's
     "label_codes": {"diverged": -1, "stalled": -2, "not_converged": -3, "other_minimum": -4},
     "minima": [{"point": [3.0, 2.0], "is_global": true}, ...],
     "x": [...], "y": [...],                            # grid axes
     "labels": [[...], ...],                            # [iy][ix]: index into minima, or a code
     "steps_taken": [[...], ...]}

Maps of runs with training dynamics (format_version 2) also have ``"dynamics"``: the
runs' noise, seed, schedule, clipping and AMSGrad as :meth:`Dynamics.to_dict
<optim_lab.dynamics.Dynamics.to_dict>` writes them (read back equal; absent: plain).

JSON (hyper): ``"kind": "hyper"``, ``start``, ``beta_name`` (null for a learning-rate
sweep), ``lrs``, ``betas``, ``labels`` and ``steps_taken`` [iβ][ilr], ``final_loss``
(null where diverged), ``lam_max_start``, ``lam_max_minimum`` (null if unknown).

CSV: ``# optim-lab-map format_version=1`` then ``# map {metadata as JSON}`` (everything
but the grids), then one row per cell: ``x,y,label,steps_taken`` (basins, y slowest)
or ``lr,beta,label,steps_taken,final_loss`` (hyper, β slowest; empty loss = diverged).

:func:`load_map` returns the same document for both forms (the app reads back exactly
what it wrote) and raises :class:`~optim_lab.files.FileFormatError` naming the file
and the field for anything malformed.  Nothing non-finite is written.
"""

from __future__ import annotations

import csv
import io as _io
import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from .dynamics import PLAIN, Dynamics
from .files import (
    FileFormatError,
    atomic_write_text,
    check_file_size,
    load_json_or_csv,
    read_tagged_csv,
)
from .files import (
    is_int as _is_int,
)
from .files import (
    is_number as _is_number,
)
from .maps import LABEL_NAMES, BasinMap, HyperMap

__all__ = ["MAP_FORMAT", "MAP_SUFFIXES", "load_map", "map_document", "save_map"]

MAP_FORMAT = "optim-lab-map"
FORMAT_VERSION = 2  # 2: "dynamics" (noise, schedule, clipping, AMSGrad)
MAP_SUFFIXES = (".json", ".csv")
LABEL_CODES = {name: code for code, name in sorted(LABEL_NAMES.items(), reverse=True)}
_GRIDS = {"basins": ("labels", "steps_taken"), "hyper": ("labels", "steps_taken", "final_loss")}
_META = {
    "basins": ("format", "format_version", "kind", "surface", "optimizer", "hyperparameters",
               "steps", "dynamics", "surface_params", "label_codes", "minima", "x", "y"),
    "hyper": ("format", "format_version", "kind", "surface", "optimizer", "hyperparameters",
              "steps", "dynamics", "surface_params", "label_codes", "minima", "start",
              "beta_name", "lrs", "betas", "lam_max_start", "lam_max_minimum"),
}
_COLUMNS = {"basins": ("x", "y"), "hyper": ("lr", "beta")}
_AXES = {"basins": ("x", "y"), "hyper": ("lrs", "betas")}


def _num(v: float | None) -> float | None:
    return None if v is None or not math.isfinite(v) else float(v)


def map_document(m: BasinMap | HyperMap, hyperparameters: dict | None = None,
                 surface_params: dict | None = None) -> dict[str, Any]:
    """The file document of a map; ``hyperparameters``: a hyper map's fixed ones."""
    doc: dict[str, Any] = {"format": MAP_FORMAT, "format_version": FORMAT_VERSION}
    if isinstance(m, BasinMap):
        doc.update(kind="basins", surface=m.surface, optimizer=m.optimizer,
                   hyperparameters=dict(m.hyperparameters), steps=m.steps)
    else:
        doc.update(kind="hyper", surface=m.surface, optimizer=m.optimizer,
                   hyperparameters={k: float(v) for k, v in (hyperparameters or {}).items()
                                    if k not in ("lr", m.beta_name)}, steps=m.steps)
    if m.dynamics != PLAIN:
        doc["dynamics"] = m.dynamics.to_dict()
    if surface_params:
        doc["surface_params"] = surface_params
    doc["label_codes"] = dict(LABEL_CODES)
    doc["minima"] = [{"point": [float(v) for v in p], "is_global": bool(g)} for p, g in m.minima]
    if isinstance(m, BasinMap):
        doc.update(x=m.x.tolist(), y=m.y.tolist(), labels=m.labels.tolist(),
                   steps_taken=m.steps_taken.tolist())
    else:
        doc.update(start=list(m.start), beta_name=m.beta_name, lrs=m.lrs.tolist(),
                   betas=m.betas.tolist(), lam_max_start=_num(m.lam_max_start),
                   lam_max_minimum=_num(m.lam_max_minimum), labels=m.labels.tolist(),
                   steps_taken=m.steps_taken.tolist(),
                   final_loss=[[_num(v) for v in row] for row in m.final_losses.tolist()])
    return doc


def save_map(path: str | os.PathLike, doc: dict[str, Any]) -> Path:
    """Write a map document as ``.json`` or ``.csv`` (by suffix), atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in MAP_SUFFIXES:
        raise ValueError(f"cannot write {path.name}: a map file ends in .json or .csv")
    _validate(doc, path.name)  # the writer refuses what the reader would refuse
    kind = doc["kind"]
    cells = len(doc[_AXES[kind][0]]) * len(doc[_AXES[kind][1]])
    check_file_size(cells * (2 + len(_GRIDS[kind])), path.name, "use a coarser grid")
    text = json.dumps(doc, allow_nan=False) if suffix == ".json" else _to_csv(doc)
    atomic_write_text(path, text)
    return path


def _to_csv(doc: dict[str, Any]) -> str:
    kind = doc["kind"]
    buf = _io.StringIO()
    buf.write(f"# {MAP_FORMAT} format_version={FORMAT_VERSION}\n")
    meta = {k: doc[k] for k in _META[kind] if k in doc}
    buf.write("# map " + json.dumps(meta, allow_nan=False) + "\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(_COLUMNS[kind]) + list(_GRIDS[kind]))
    a0, a1 = (doc[k] for k in _AXES[kind])
    for j, v1 in enumerate(a1):
        for i, v0 in enumerate(a0):
            row = [repr(float(v0)), repr(float(v1)), doc["labels"][j][i], doc["steps_taken"][j][i]]
            if kind == "hyper":
                loss = doc["final_loss"][j][i]
                row.append("" if loss is None else repr(loss))
            w.writerow(row)
    return buf.getvalue()


def load_map(path: str | os.PathLike) -> dict[str, Any]:
    """The document of a ``.json`` or ``.csv`` map file (see the module docstring)."""
    return load_json_or_csv(path, _from_csv, _validate)


def _from_csv(text: str, name: str) -> dict[str, Any]:
    meta, table = read_tagged_csv(text, "map", name, "map")
    kind = meta.get("kind")
    if kind not in _GRIDS:
        raise FileFormatError(f"{name}: the '# map' header must name a kind of map")
    header = list(_COLUMNS[kind]) + list(_GRIDS[kind])
    if table[0] != header:
        raise FileFormatError(f"{name}: the columns must be {', '.join(header)}")
    a0, a1 = (meta.get(k) for k in _AXES[kind])
    if not (isinstance(a0, list) and isinstance(a1, list)):
        raise FileFormatError(f"{name}: the header must give the grid axes")
    rows = table[1:]
    if len(rows) != len(a0) * len(a1):
        raise FileFormatError(f"{name}: {len(rows)} rows for a {len(a1)} x {len(a0)} grid")
    grids: dict[str, list] = {g: [] for g in _GRIDS[kind]}
    for k, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise FileFormatError(f"{name}: row {k} has {len(row)} fields, expected {len(header)}")
        j, i = divmod(k - 2, len(a0))
        try:
            where_ok = float(row[0]) == a0[i] and float(row[1]) == a1[j]
            grids["labels"].append(int(row[2]) if len(row[2]) <= 6 else int("x"))
            grids["steps_taken"].append(int(row[3]) if len(row[3]) <= 18 else int("x"))
            if kind == "hyper":
                grids["final_loss"].append(None if row[4] == "" else float(row[4]))
        except (ValueError, TypeError):
            raise FileFormatError(f"{name}: row {k} has a value that is not a number") from None
        if not where_ok:
            raise FileFormatError(f"{name}: row {k} does not match the grid in the header")
    shape = (len(a1), len(a0))
    return {**meta, **{g: np.array(v, dtype=object).reshape(shape).tolist()
                       for g, v in grids.items()}}


def _fail(name: str, why: str):
    raise FileFormatError(f"{name}: {why}")


def _grid(doc, key: str, shape: tuple[int, int], name: str) -> list:
    g = doc.get(key)
    if not isinstance(g, list) or len(g) != shape[0] or not all(
            isinstance(r, list) and len(r) == shape[1] for r in g):
        _fail(name, f"field {key!r} must be a grid of shape {shape[0]} x {shape[1]}")
    return [v for r in g for v in r]


def _validate(doc: Any, name: str) -> None:
    if not isinstance(doc, dict):
        _fail(name, "expected a JSON object at the top level")
    if doc.get("format") != MAP_FORMAT:
        _fail(name, f"field 'format' must be {MAP_FORMAT!r}")
    v = doc.get("format_version")
    if not _is_int(v) or v < 1:
        _fail(name, "missing or bad field 'format_version'")
    if v > FORMAT_VERSION:
        _fail(name, f"format_version {v} is newer than this Optim Lab reads ({FORMAT_VERSION})")
    kind = doc.get("kind")
    if kind not in _GRIDS:
        _fail(name, "field 'kind' must be 'basins' or 'hyper'")
    extra = set(doc) - set(_META[kind]) - set(_GRIDS[kind])
    if extra:
        _fail(name, f"unknown field {sorted(extra)[0]!r}")
    for key in ("surface", "optimizer"):
        if not isinstance(doc.get(key), str):
            _fail(name, f"field {key!r} must be text")
    if not _is_int(doc.get("steps")) or doc["steps"] < 0:
        _fail(name, "field 'steps' must be a non-negative integer")
    if "dynamics" in doc:
        try:
            Dynamics.from_dict(doc["dynamics"])
        except ValueError as exc:
            _fail(name, f"field 'dynamics': {exc}")
    hyper = doc.get("hyperparameters")
    if not isinstance(hyper, dict) or not all(map(_is_number, hyper.values())):
        _fail(name, "field 'hyperparameters' must map names to finite numbers")
    if doc.get("label_codes") != LABEL_CODES:
        _fail(name, f"field 'label_codes' must be {LABEL_CODES}")
    minima = doc.get("minima")
    if not isinstance(minima, list) or not all(
            isinstance(m, dict) and set(m) == {"point", "is_global"}
            and isinstance(m["is_global"], bool) and isinstance(m["point"], list)
            and len(m["point"]) == 2 and all(map(_is_number, m["point"])) for m in minima):
        _fail(name, "field 'minima' must list {'point': [x, y], 'is_global': true/false}")
    params = doc.get("surface_params", {})
    if not isinstance(params, dict) or not all(
            isinstance(k, str) and (isinstance(p, str) or _is_number(p)
                                    or (isinstance(p, list) and all(map(_is_number, p))))
            for k, p in params.items()):
        _fail(name, "field 'surface_params' must map names to numbers, lists of numbers or text")
    k0, k1 = _AXES[kind]
    for key in (k0, k1):
        a = doc.get(key)
        if not isinstance(a, list) or not a or not all(map(_is_number, a)):
            _fail(name, f"field {key!r} must be a non-empty list of finite numbers")
    if kind == "hyper":
        start = doc.get("start")
        if not isinstance(start, list) or len(start) != 2 or not all(map(_is_number, start)):
            _fail(name, "field 'start' must be 2 finite numbers")
        if doc.get("beta_name") is not None and not isinstance(doc["beta_name"], str):
            _fail(name, "field 'beta_name' must be text or null")
        if not all(x > 0 for x in doc[k0]):
            _fail(name, "field 'lrs' must hold positive learning rates")
        for key in ("lam_max_start", "lam_max_minimum"):
            if doc.get(key) is not None and not _is_number(doc[key]):
                _fail(name, f"field {key!r} must be a finite number or null")
    shape = (len(doc[k1]), len(doc[k0]))
    lo = min(LABEL_CODES.values())
    if not all(_is_int(x) and lo <= x < len(minima) for x in _grid(doc, "labels", shape, name)):
        _fail(name, f"field 'labels' must hold minimum indices (0 to {len(minima) - 1}) "
                    f"or codes {sorted(LABEL_CODES.values())}")
    if not all(_is_int(x) and 0 <= x <= doc["steps"]
               for x in _grid(doc, "steps_taken", shape, name)):
        _fail(name, f"field 'steps_taken' must hold steps from 0 to {doc['steps']}")
    if kind == "hyper" and not all(x is None or _is_number(x)
                                   for x in _grid(doc, "final_loss", shape, name)):
        _fail(name, "field 'final_loss' must hold finite numbers or null")
