"""Sweep files: what ``optim-lab sweep`` writes, as JSON or CSV, validated on load.

JSON::

    {
      "format": "optim-lab-sweep", "format_version": 1,
      "surface": "booth", "dim": 2, "optimizer": "momentum", "start": [0.0, 0.0], "steps": 300,
      "hyperparameters": {"weight_decay": 0.0},        # the scalar (not swept) ones
      "surface_params": {"expression": "x**2 + y**2"}, # optional: a custom surface's parameters
      "axes": {"lr": [...], "momentum": [...]},         # 1 or 2 axes; the grid is their product
      "status_codes": {"converged": 0, "diverged": 1, "stalled": 2, "max_steps": 3},
      "status": [[0, 1, ...], ...],                     # grid of codes, first axis outermost
      "diverged_at": [[-1, 12, ...], ...],              # grid of steps, -1 = did not diverge
      "final_loss": [[1.2e-9, null, ...], ...],         # grid, null where the run diverged
      "counts": {"converged": 10, ...}
    }

CSV: ``#`` lines carry the format version and the same metadata (without the grids)
as JSON; then one row per grid point, first axis slowest::

    lr,momentum,status,diverged_at,final_loss
    0.001,0.0,converged,-1,1.2e-09

:func:`write_sweep` also draws a ``.png`` picture (:mod:`optim_lab.maps_png`): final
loss against lr on log-log axes, or over lr × momentum, with the optimizer's
stability limit (2/λ_max, 2(1+β)/λ_max, …) at the start and at the known minimum
nearest it.

``load_sweep`` gives back the JSON document for either form (the app reads back
exactly what it wrote) and raises :class:`FileFormatError` naming the file and
field for anything malformed.  Nothing non-finite is written (a diverged run's
loss is ``null`` / an empty cell).
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

from .budget import check_memory
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
from .maps_png import picture_bytes, save_png
from .runs import STATUSES
from .stability import lambda_max
from .sweep import STATUS_CODES, SweepResult

__all__ = ["SWEEP_FORMAT", "SWEEP_OUT_SUFFIXES", "SWEEP_SUFFIXES", "check_sweep_picture",
           "load_sweep", "save_sweep", "sweep_document", "write_sweep"]

SWEEP_FORMAT = "optim-lab-sweep"
FORMAT_VERSION = 1
SWEEP_SUFFIXES = (".json", ".csv")
SWEEP_OUT_SUFFIXES = SWEEP_SUFFIXES + (".png",)  # what `optim-lab sweep --out` writes
_GRIDS = ("status", "diverged_at", "final_loss")
_META = ("format", "format_version", "surface", "dim", "optimizer", "start", "steps",
         "hyperparameters", "axes", "status_codes", "counts", "surface_params")


def sweep_document(result: SweepResult, axes: dict[str, Any], start) -> dict[str, Any]:
    """The file's document for a sweep over the grid of ``axes`` (1 or 2 named 1-D axes)."""
    shape = [len(v) for v in axes.values()]
    if int(np.prod(shape)) != result.status.size:
        raise ValueError(f"axes of shape {shape} do not match {result.status.size} runs")
    loss = [None if not math.isfinite(v) else float(v) for v in result.final_losses.tolist()]
    return {
        "format": SWEEP_FORMAT, "format_version": FORMAT_VERSION,
        "surface": result.surface, "dim": int(result.starts.shape[1]), "optimizer": result.optimizer,
        "start": [float(v) for v in np.asarray(start, dtype=float).reshape(-1)],
        "steps": int(result.steps),
        "hyperparameters": {k: float(v) for k, v in result.hyperparameters.items()
                            if k not in axes and np.ndim(v) == 0},
        "axes": {k: [float(x) for x in np.asarray(v, dtype=float)] for k, v in axes.items()},
        "status_codes": dict(STATUS_CODES),
        "status": result.status.reshape(shape).tolist(),
        "diverged_at": result.diverged_at.reshape(shape).tolist(),
        "final_loss": np.array(loss, dtype=object).reshape(shape).tolist(),
        "counts": result.counts(),
    }


def sweep_bytes(rows: int, dim: int) -> int:
    """Peak bytes of a sweep of ``rows`` runs and its file: about 14 arrays of (rows, dim)
    for positions, gradients, optimizer state and temporaries (measured: 80-110 bytes
    per row and dimension), plus ~200 bytes per row for the document and its text."""
    return rows * (dim * 8 * 14 + 8 * 8 + 200)


def save_sweep(path: str | os.PathLike, doc: dict[str, Any]) -> Path:
    """Write a sweep document as ``.json`` or ``.csv`` (by suffix), atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SWEEP_SUFFIXES:
        raise ValueError(f"cannot write {path.name}: a sweep file ends in .json or .csv")
    _validate(doc, path.name)  # the writer refuses what the reader would refuse
    rows = len(_flatten(doc["status"], [len(a) for a in doc["axes"].values()], "status", path.name))
    check_file_size(rows * (3 + len(doc["axes"])), path.name, "use fewer grid points")
    if suffix == ".json":
        text = json.dumps(doc, allow_nan=False)
    else:
        text = _to_csv(doc)
    atomic_write_text(path, text)
    return path


def _to_csv(doc: dict[str, Any]) -> str:
    buf = _io.StringIO()
    buf.write(f"# {SWEEP_FORMAT} format_version={FORMAT_VERSION}\n")
    meta = {k: doc[k] for k in _META if k in doc}
    buf.write("# sweep " + json.dumps(meta, allow_nan=False) + "\n")
    names = list(doc["axes"])
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(names + list(_GRIDS))
    mesh = np.meshgrid(*[np.asarray(doc["axes"][n]) for n in names], indexing="ij")
    cols = [m.reshape(-1).tolist() for m in mesh]
    flat = {g: np.array(doc[g], dtype=object).reshape(-1).tolist() for g in _GRIDS}
    for i in range(len(flat["status"])):
        loss = flat["final_loss"][i]
        w.writerow([repr(c[i]) for c in cols] + [
            STATUSES[flat["status"][i]], flat["diverged_at"][i], "" if loss is None else repr(loss)])
    return buf.getvalue()


def check_sweep_picture(path: str | os.PathLike, shape: list[int]) -> None:
    """Size a ``.png`` picture of a sweep of ``shape`` (lr[, momentum]) before any work."""
    if Path(path).suffix.lower() == ".png":
        nx, ny = (list(shape) + [1])[:2]
        check_memory(picture_bytes(nx, ny), f"a {nx}x{ny} picture", "use fewer grid points")


def write_sweep(path: str | os.PathLike, doc: dict[str, Any], surface=None) -> Path:
    """Write ``doc`` as data (``.json``/``.csv``, :func:`save_sweep`) or as a ``.png``
    picture; ``surface`` gives the picture its f_min and stability limits."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        return save_sweep(path, doc)
    _validate(doc, path.name)
    theory: dict[str, float | None] = {}
    if surface is not None:
        start = np.asarray(doc["start"], dtype=float)
        with np.errstate(all="ignore"):
            theory["lam_max_start"] = _finite(lambda_max(surface, start))
            near = surface.nearest(start, "minimum")
            if near is not None and near.smooth:
                theory["lam_max_minimum"] = _finite(lambda_max(surface, near.as_array()))
        best = surface.global_minima or surface.minima
        theory["f_min"] = min((float(c.value) for c in best), default=None)
    return save_png(path, doc, **theory)


def _finite(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None


def load_sweep(path: str | os.PathLike) -> dict[str, Any]:
    """The document of a ``.json`` or ``.csv`` sweep file (see the module docstring)."""
    return load_json_or_csv(path, _from_csv, _validate)


def _from_csv(text: str, name: str) -> dict[str, Any]:
    meta, table = read_tagged_csv(text, "sweep", name, "sweep")
    axes = meta.get("axes")
    if not isinstance(axes, dict) or not axes:
        raise FileFormatError(f"{name}: field 'axes' must name 1 or 2 axes")
    names = list(axes)
    if table[0] != names + list(_GRIDS):
        raise FileFormatError(f"{name}: the columns must be {', '.join(names + list(_GRIDS))}")
    rows = table[1:]
    status, diverged, loss, coords = [], [], [], []
    for k, row in enumerate(rows, start=2):
        if len(row) != len(table[0]):
            raise FileFormatError(f"{name}: row {k} has {len(row)} fields, expected {len(table[0])}")
        try:
            coords.append([float(v) for v in row[:len(names)]])
            diverged.append(int(row[-2]) if len(row[-2]) <= 18 else int("x"))
            loss.append(None if row[-1] == "" else float(row[-1]))
        except ValueError:
            raise FileFormatError(f"{name}: row {k} has a value that is not a number") from None
        if row[-3] not in STATUSES:
            raise FileFormatError(f"{name}: row {k}: status must be one of {', '.join(STATUSES)}")
        status.append(STATUS_CODES[row[-3]])
    try:
        shape = [len(v) for v in axes.values()]
        expected = np.stack([m.reshape(-1) for m in np.meshgrid(
            *[np.asarray(v, dtype=float) for v in axes.values()], indexing="ij")], axis=1)
    except (TypeError, ValueError, OverflowError):
        raise FileFormatError(f"{name}: field 'axes' must map names to lists of numbers") from None
    if len(rows) != len(expected) or not np.array_equal(np.asarray(coords).reshape(expected.shape),
                                                        expected):
        raise FileFormatError(f"{name}: the rows do not match the grid of the axes in the header")
    return {**meta, "status": np.reshape(status, shape).tolist(),
            "diverged_at": np.reshape(diverged, shape).tolist(),
            "final_loss": np.array(loss, dtype=object).reshape(shape).tolist()}


def _fail(name: str, why: str):
    raise FileFormatError(f"{name}: {why}")


def _flatten(v: Any, shape: list[int], key: str, name: str) -> list:
    """The values of a nested list of exactly ``shape``, row-major."""
    if not shape:
        return [v]
    if not isinstance(v, list) or len(v) != shape[0]:
        _fail(name, f"field {key!r} must be a grid of shape {' x '.join(map(str, shape))}")
    out = []
    for item in v:
        out.extend(_flatten(item, shape[1:], key, name))
    return out


def _validate(doc: Any, name: str) -> None:
    if not isinstance(doc, dict):
        _fail(name, "expected a JSON object at the top level")
    if doc.get("format") != SWEEP_FORMAT:
        _fail(name, f"field 'format' must be {SWEEP_FORMAT!r}")
    v = doc.get("format_version")
    if not _is_int(v) or v < 1:
        _fail(name, "missing or bad field 'format_version'")
    if v > FORMAT_VERSION:
        _fail(name, f"format_version {v} is newer than this Optim Lab reads ({FORMAT_VERSION})")
    for key in ("surface", "optimizer"):
        if not isinstance(doc.get(key), str):
            _fail(name, f"field {key!r} must be text")
    dim = doc.get("dim")
    if not _is_int(dim) or dim < 1:
        _fail(name, "field 'dim' must be a positive integer")
    start = doc.get("start")
    if not isinstance(start, list) or len(start) != dim or not all(map(_is_number, start)):
        _fail(name, f"field 'start' must be {dim} finite numbers")
    if not _is_int(doc.get("steps")) or doc["steps"] < 0:
        _fail(name, "field 'steps' must be a non-negative integer")
    hyper = doc.get("hyperparameters", {})
    if not isinstance(hyper, dict) or not all(map(_is_number, hyper.values())):
        _fail(name, "field 'hyperparameters' must map names to finite numbers")
    axes = doc.get("axes")
    if not isinstance(axes, dict) or not 1 <= len(axes) <= 2:
        _fail(name, "field 'axes' must name 1 or 2 axes")
    for k, a in axes.items():
        if not isinstance(a, list) or not a or not all(map(_is_number, a)):
            _fail(name, f"axis {k!r} must be a non-empty list of finite numbers")
    if doc.get("status_codes") != STATUS_CODES:
        _fail(name, f"field 'status_codes' must be {STATUS_CODES}")
    shape = [len(a) for a in axes.values()]
    codes = set(STATUS_CODES.values())
    if not all(_is_int(s) and s in codes for s in _flatten(doc.get("status"), shape, "status", name)):
        _fail(name, f"field 'status' must hold status codes {sorted(codes)}")
    steps = doc["steps"]
    if not all(_is_int(d) and -1 <= d <= steps
               for d in _flatten(doc.get("diverged_at"), shape, "diverged_at", name)):
        _fail(name, f"field 'diverged_at' must hold steps from 1 to {steps}, or -1")
    if not all(x is None or _is_number(x)
               for x in _flatten(doc.get("final_loss"), shape, "final_loss", name)):
        _fail(name, "field 'final_loss' must hold finite numbers or null")
    counts = doc.get("counts", {})
    if not isinstance(counts, dict) or not all(_is_int(c) and c >= 0 for c in counts.values()):
        _fail(name, "field 'counts' must map statuses to counts")
    params = doc.get("surface_params", {})
    if not isinstance(params, dict) or not all(
            isinstance(k, str) and (isinstance(v, str) or _is_number(v)
                                    or (isinstance(v, list) and all(map(_is_number, v))))
            for k, v in params.items()):
        _fail(name, "field 'surface_params' must map names to numbers, lists of numbers or text")
    extra = set(doc) - set(_META) - set(_GRIDS)
    if extra:
        _fail(name, f"unknown field {sorted(extra)[0]!r}")
