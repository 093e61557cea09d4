"""Trajectory files: a versioned JSON format and a CSV form, validated on load.

JSON, one run (what ``optim-lab run`` writes)::

    {
      "format": "optim-lab-trajectory", "format_version": 1,
      "surface": "rosenbrock", "dim": 2,
      "optimizer": "adam", "hyperparameters": {"lr": 0.01, ...},
      "start": [-1.5, 2.0], "steps_requested": 1000, "every": 1,
      "steps": [0, 1, 2, ...],          # step index of each recorded point
      "points": [[x, y], ...],          # the start, then one per step (or every K-th, and the last)
      "losses": [...], "grad_norms": [...],
      "status": "converged" | "diverged" | "stalled" | "max_steps",
      "diverged_at": null | k, "converged_at": null | k, "steps_near_saddle": n,
      "end": {"classification": "minimum" | "saddle" | "maximum" | "degenerate" | "unknown",
              "nearest_minimum": [..] | null, "is_global": true | false | null,
              "eigenvalues": [..] | null, "escape_direction": [..] | null, "saddle": [..] | null},
      "summary": "reached the global minimum (1, 1) in 512 steps"
    }

A run with training dynamics also has ``"dynamics": {"noise": σ, "noise_relative": false,
"seed": S, "schedule": "SPEC", "clip": C | null, "amsgrad": false}`` (every field, see
:class:`~optim_lab.dynamics.Dynamics`) and ``"noise_ball": r | null``; a plain run is
written exactly as before.  The lr of every step follows from the schedule and
``hyperparameters.lr`` (``optim_lab.schedules``), so it is not stored per point.

Several runs (GUI exports): ``{"format": "optim-lab-trajectories", "format_version": 1,
"runs": [<one run as above>, ...], ...extra}``.

CSV: ``#`` comment lines carry the format version and each run's metadata as
JSON; the table has columns ``run, optimizer, step, x0 … x{D-1}, loss, grad_norm``.

Nothing non-finite is written: a run with an ``inf`` or ``NaN`` anywhere is refused
with a ``ValueError`` naming the run and field.  Writes are atomic (see
:mod:`optim_lab.files`): a failed export leaves no partial file and raises
``OSError`` naming the path.  Loading checks every field; anything malformed
raises :class:`FileFormatError` naming the file and field, never another error.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from .dynamics import Dynamics
from .files import (
    FileFormatError,
    atomic_write_bytes,
    atomic_write_stream,
    atomic_write_text,
    check_file_size,
    check_output_path,
    parse_json_text,
    read_json,
    read_text,
)
from .runs import STATUSES, Trajectory

__all__ = [
    "FORMAT_VERSION",
    "TRAJECTORY_SUFFIXES",
    "FileFormatError",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_path",
    "load_trajectories",
    "read_json",
    "read_text",
    "read_trajectory_file",
    "save_trajectories",
    "trajectory_to_dict",
]

FORMAT_VERSION = 1
RUN_FORMAT = "optim-lab-trajectory"
MULTI_FORMAT = "optim-lab-trajectories"
CLASSIFICATIONS = ("minimum", "saddle", "maximum", "degenerate", "unknown")
TRAJECTORY_SUFFIXES = (".json", ".csv")
_ARRAYS = ("points", "losses", "grad_norms", "steps")


def _thin(n_points: int, every: int) -> np.ndarray:
    idx = np.arange(0, n_points, every)
    if idx[-1] != n_points - 1:
        idx = np.append(idx, n_points - 1)
    return idx


def trajectory_to_dict(traj: Trajectory, every: int = 1) -> dict[str, Any]:
    """The JSON object of one run; ``every`` keeps every K-th point (and the last).

    ``traj`` is a :class:`~optim_lab.runs.Trajectory` or a run recorded with a stride
    (:class:`~optim_lab.recording.RecordedRun`, whose ``step_index`` gives the step of
    each kept point).
    """
    meta, arrays = _run_parts(traj, every)
    return {**meta, **{k: a.tolist() for k, a in arrays.items()}}


def _run_parts(traj: Trajectory, every: int) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The run's fields without its arrays, and the (thinned) arrays."""
    if isinstance(every, bool) or not isinstance(every, (int, np.integer)) or every < 1:
        raise ValueError(f"invalid every: {every!r} (must be a positive integer)")
    idx = _thin(len(traj.points), int(every))
    step_index = getattr(traj, "step_index", None)
    steps = idx if step_index is None else np.asarray(step_index)[idx]
    if int(every) == 1:  # no copy of the path
        idx = slice(None)
    arrays = {"steps": steps, "points": traj.points[idx], "losses": traj.losses[idx],
              "grad_norms": traj.grad_norms[idx]}
    end = traj.end
    meta = {
        "format": RUN_FORMAT,
        "format_version": FORMAT_VERSION,
        "surface": traj.surface,
        "dim": traj.dim,
        "optimizer": traj.optimizer,
        "hyperparameters": dict(traj.hyperparameters),
        "start": list(traj.start),
        "steps_requested": traj.steps_requested,
        "every": int(every) * int(getattr(traj, "every", 1)),
        "status": traj.status,
        "diverged_at": traj.diverged_at,
        "converged_at": traj.converged_at,
        "steps_near_saddle": traj.steps_near_saddle,
        "end": {
            "classification": end.classification,
            "nearest_minimum": list(end.nearest_minimum.point) if end.nearest_minimum else None,
            "is_global": end.is_global,
            "eigenvalues": list(end.eigenvalues) if end.eigenvalues is not None else None,
            "escape_direction": (list(end.escape_direction)
                                 if end.escape_direction is not None else None),
            "saddle": list(end.saddle.point) if end.saddle else None,
        },
        "summary": traj.summary(),
    }
    dyn = getattr(traj, "dynamics", None)
    if dyn is not None and dyn != Dynamics():
        meta["dynamics"] = dyn.to_dict()
        meta["noise_ball"] = traj.noise_ball
    return meta, arrays


def _refuse_non_finite(traj: Any, where: str) -> None:
    """ValueError naming the first non-finite value of a run (nothing is written then)."""
    for key in ("points", "losses", "grad_norms"):
        a = np.asarray(getattr(traj, key), dtype=float)
        bad = np.argwhere(~np.isfinite(a))
        if bad.size:
            i = tuple(int(v) for v in bad[0])
            raise ValueError(f"cannot write {where}: {key}{list(i)} is {float(a[i])!r}; "
                             "only finite numbers are written")
    for key, vals in (("start", traj.start), ("hyperparameters", traj.hyperparameters.values())):
        if not np.all(np.isfinite(np.asarray(list(vals), dtype=float))):
            raise ValueError(f"cannot write {where}: {key} is not finite")


def save_trajectories(path: str | os.PathLike, trajectories: Sequence[Trajectory],
                      extra: dict[str, Any] | None = None, every: int = 1) -> Path:
    """Write runs as ``.json`` or ``.csv`` (by suffix). One run in JSON is written at top level.

    Refused with ``ValueError`` (before anything is written) for another suffix, no runs,
    or a non-finite value; ``OSError`` if the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TRAJECTORY_SUFFIXES:
        raise ValueError(f"cannot export to {path.name}: the name must end in .json or .csv")
    if not trajectories:
        raise ValueError("nothing to export: no runs")
    for i, t in enumerate(trajectories):
        _refuse_non_finite(t, f"run {i} ({t.optimizer})")
    parts = [_run_parts(t, every) for t in trajectories]
    check_file_size(sum(a["points"].size + 3 * len(a["steps"]) for _, a in parts), path.name,
                    "keep every K-th point (every=K)")
    try:  # a non-finite value in extra or the end diagnosis: refused before writing
        head = json.dumps({"format": MULTI_FORMAT, "format_version": FORMAT_VERSION, **(extra or {})},
                          allow_nan=False)
        metas = [json.dumps(m, allow_nan=False) for m, _ in parts]
    except ValueError as exc:
        raise ValueError(f"cannot write {path.name}: {exc}") from None
    if suffix == ".csv":
        atomic_write_stream(path, lambda fh: _write_csv(fh, parts, extra))
    elif len(parts) == 1 and not extra:
        atomic_write_stream(path, lambda fh: _write_run_json(fh, metas[0], parts[0][1]))
    else:
        def write(fh):
            fh.write(head[:-1] + ', "runs": [\n')
            for i, (meta, (_, arrays)) in enumerate(zip(metas, parts)):
                fh.write(",\n" if i else "")
                _write_run_json(fh, meta, arrays)
            fh.write("]}\n")

        atomic_write_stream(path, write)
    return path


def _rows_per_block(width: int) -> int:
    return max(1, 65536 // max(1, width))


def _write_run_json(fh: IO[str], meta_json: str, arrays: dict[str, np.ndarray]) -> None:
    """One run object: its metadata, then the arrays a block of rows at a time, one point
    a line (numbers as ``repr(float)``, exactly what ``json`` writes)."""
    fh.write(meta_json[:-1])
    for key in _ARRAYS:
        a = arrays[key]
        fh.write(f', \n"{key}": [')
        block = _rows_per_block(a.shape[1] if a.ndim == 2 else 1)
        for i0 in range(0, len(a), block):
            rows = a[i0:i0 + block].tolist()
            if a.ndim == 2:
                text = ",\n".join("[" + ", ".join(map(repr, r)) + "]" for r in rows)
            else:
                text = ", ".join(map(repr, rows))
            fh.write((",\n" if i0 else "") + text)
        fh.write("]")
    fh.write("}\n")


def _write_csv(fh: IO[str], parts: list, extra: dict | None) -> None:
    fh.write(f"# {MULTI_FORMAT} format_version={FORMAT_VERSION}\n")
    if extra:
        fh.write("# extra " + json.dumps(extra, allow_nan=False) + "\n")
    dim = max(m["dim"] for m, _ in parts)
    for i, (meta, _) in enumerate(parts):
        fh.write(f"# run {i} " + json.dumps(meta, allow_nan=False) + "\n")
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["run", "optimizer", "step"] + [f"x{j}" for j in range(dim)] + ["loss", "grad_norm"])
    for i, (meta, a) in enumerate(parts):
        pad = [""] * (dim - meta["dim"])
        block = _rows_per_block(dim)
        for i0 in range(0, len(a["steps"]), block):
            sl = slice(i0, i0 + block)
            for s, p, f, g in zip(a["steps"][sl].tolist(), a["points"][sl].tolist(),
                                  a["losses"][sl].tolist(), a["grad_norms"][sl].tolist()):
                w.writerow([i, meta["optimizer"], s, *map(repr, p), *pad, repr(f), repr(g)])


# --- loading --------------------------------------------------------------------

def _need(obj: dict, key: str, kind: type | tuple, where: str) -> Any:
    if key not in obj:
        raise FileFormatError(f"{where}: missing field {key!r}")
    v = obj[key]
    if isinstance(v, bool) and kind is not bool or not isinstance(v, kind):
        raise FileFormatError(f"{where}: field {key!r} has the wrong type ({type(v).__name__})")
    return v


def _number_array(v: Any, key: str, where: str, ndim: int, integer: bool = False) -> np.ndarray:
    """A finite float (or integer) array of ``ndim`` dimensions, else FileFormatError."""
    kind = "integers" if integer else "numbers"
    if not isinstance(v, list):
        raise FileFormatError(f"{where}: field {key!r} must be a list of {kind}")
    try:
        a = np.asarray(v)
    except (TypeError, ValueError, OverflowError):
        a = None
    if a is None or a.ndim != ndim or a.dtype.kind not in ("iu" if integer else "iuf") or (
        a.size == 0 and ndim == 2
    ):
        shape = (f"a list of {kind}" if ndim == 1
                 else "a list of points, each with the same number of coordinates")
        raise FileFormatError(f"{where}: field {key!r} must be {shape}")
    if integer:
        return a.astype(np.int64)
    a = a.astype(float)
    if not np.all(np.isfinite(a)):
        raise FileFormatError(f"{where}: field {key!r} holds a number that is not finite")
    return a


def _optional_index(r: dict, key: str, where: str) -> None:
    v = r.get(key)
    if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
        raise FileFormatError(f"{where}: field {key!r} must be a step index or null")


def _validate_end(end: Any, where: str) -> None:
    if not isinstance(end, dict):
        raise FileFormatError(f"{where}: field 'end' must be an object")
    if end.get("classification", "unknown") not in CLASSIFICATIONS:
        raise FileFormatError(f"{where}: end.classification must be one of {', '.join(CLASSIFICATIONS)}")
    for key in ("nearest_minimum", "eigenvalues", "escape_direction", "saddle"):
        if end.get(key) is not None:
            _number_array(end[key], f"end.{key}", where, 1)
    if end.get("is_global") is not None and not isinstance(end["is_global"], bool):
        raise FileFormatError(f"{where}: end.is_global must be true, false or null")


def _validate_run(r: Any, where: str) -> dict[str, Any]:
    if not isinstance(r, dict):
        raise FileFormatError(f"{where}: a run must be a JSON object")
    for key in ("surface", "optimizer", "status"):
        _need(r, key, str, where)
    if r["status"] not in STATUSES:
        raise FileFormatError(f"{where}: field 'status' must be one of {', '.join(STATUSES)}")
    dim = _need(r, "dim", int, where)
    if dim < 1:
        raise FileFormatError(f"{where}: field 'dim' must be at least 1")
    hyper = _need(r, "hyperparameters", dict, where)
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in hyper.values()):
        raise FileFormatError(f"{where}: field 'hyperparameters' must map names to numbers")
    out = dict(r)
    for key, ndim in (("start", 1), ("points", 2), ("losses", 1), ("grad_norms", 1)):
        out[key] = _number_array(_need(r, key, list, where), key, where, ndim)
    n = len(out["points"])
    if out["points"].shape[1] != dim or len(out["start"]) != dim:
        raise FileFormatError(f"{where}: fields 'points' and 'start' must have {dim} coordinates")
    if len(out["losses"]) != n or len(out["grad_norms"]) != n:
        raise FileFormatError(f"{where}: fields 'points', 'losses' and 'grad_norms' differ in length")
    steps = r.get("steps", list(range(n)))
    out["steps"] = _number_array(steps, "steps", where, 1, integer=True)
    if len(out["steps"]) != n:
        raise FileFormatError(f"{where}: fields 'steps' and 'points' differ in length")
    if out["steps"][0] < 0 or np.any(np.diff(out["steps"]) <= 0):
        raise FileFormatError(f"{where}: field 'steps' must be increasing step indices from 0")
    for key in ("diverged_at", "converged_at", "steps_near_saddle", "steps_requested"):
        _optional_index(r, key, where)
    every = r.get("every", 1)
    if isinstance(every, bool) or not isinstance(every, int) or every < 1:
        raise FileFormatError(f"{where}: field 'every' must be a positive integer")
    _validate_end(r.get("end", {}), where)
    if "dynamics" in r:
        try:
            Dynamics.from_dict(r["dynamics"])
        except ValueError as exc:
            raise FileFormatError(f"{where}: field 'dynamics': {exc}") from None
    ball = r.get("noise_ball")
    if ball is not None and (isinstance(ball, bool) or not isinstance(ball, (int, float))
                             or not np.isfinite(ball) or ball < 0):
        raise FileFormatError(f"{where}: field 'noise_ball' must be a number >= 0 or null")
    for key in ("summary", "format"):
        if key in r and not isinstance(r[key], str):
            raise FileFormatError(f"{where}: field {key!r} must be text")
    return out


def load_trajectories(path: str | os.PathLike) -> list[dict[str, Any]]:
    """Read a ``.json`` or ``.csv`` trajectory file; raise ``FileFormatError`` if it is not one."""
    return read_trajectory_file(path)[0]


def read_trajectory_file(path: str | os.PathLike) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The runs of a trajectory file and the extra fields saved with them (``{}`` if none)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _from_csv(read_text(path), path.name)
    return _runs_from_doc(read_json(path), path.name)


def _check_version(version: Any, name: str) -> None:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise FileFormatError(f"{name}: missing or bad field 'format_version'")
    if version > FORMAT_VERSION:
        raise FileFormatError(
            f"{name}: format_version {version} is newer than this Optim Lab reads ({FORMAT_VERSION})"
        )


def _runs_from_doc(doc: Any, name: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    if not isinstance(doc, dict):
        raise FileFormatError(f"{name}: expected a JSON object at the top level")
    _check_version(doc.get("format_version"), name)
    if "runs" in doc:
        runs = doc["runs"]
        if not isinstance(runs, list) or not runs:
            raise FileFormatError(f"{name}: field 'runs' must be a non-empty list")
        extra = {k: v for k, v in doc.items() if k not in ("format", "format_version", "runs")}
        return [_validate_run(r, f"{name}, run {i}") for i, r in enumerate(runs)], extra
    return [_validate_run(doc, name)], {}


def _csv_headers(lines: list[str], name: str) -> tuple[dict[int, dict], dict, list[str]]:
    metas: dict[int, dict] = {}
    extra: dict = {}
    body = []
    for ln in lines:
        if ln.startswith("# run "):
            head, _, js = ln[len("# run "):].partition(" ")
            if not _is_index(head, 6):
                raise FileFormatError(f"{name}: bad run header {ln[:40]!r}")
            meta = parse_json_text(js, f"{name}, header of run {head}")
            if not isinstance(meta, dict) or int(head) in metas:
                raise FileFormatError(f"{name}: run header {head} must be one JSON object, once")
            metas[int(head)] = meta
        elif ln.startswith("# extra "):
            extra = parse_json_text(ln[len("# extra "):], f"{name}, extra header")
            if not isinstance(extra, dict):
                raise FileFormatError(f"{name}: the extra header must be a JSON object")
        elif ln.startswith("#"):
            if "format_version=" in ln:
                v = ln.rsplit("format_version=", 1)[1].strip()
                if not _is_index(v, 6):
                    raise FileFormatError(f"{name}: bad format_version line")
                _check_version(int(v), name)
        elif ln.strip():
            body.append(ln)
    if not metas or not body:
        raise FileFormatError(f"{name}: not an Optim Lab CSV export (no run headers or rows)")
    return metas, extra, body


def _from_csv(text: str, name: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    metas, extra, body = _csv_headers(text.splitlines(), name)
    try:
        table = list(csv.reader(body))
    except csv.Error as exc:
        raise FileFormatError(f"{name}: not readable as CSV ({exc})") from None
    header = table[0]
    if header[:3] != ["run", "optimizer", "step"] or header[-2:] != ["loss", "grad_norm"]:
        raise FileFormatError(f"{name}: unexpected columns {header[:4]}")
    rows: dict[int, list] = {i: [] for i in metas}
    for k, row in enumerate(table[1:], start=2):
        if len(row) != len(header):
            raise FileFormatError(f"{name}: row {k} has {len(row)} fields, expected {len(header)}")
        if not _is_index(row[0], 6) or int(row[0]) not in rows:
            raise FileFormatError(f"{name}: row {k} names an unknown run {row[0][:20]!r}")
        rows[int(row[0])].append(row)
    out = []
    for i, meta in sorted(metas.items()):
        where = f"{name}, run {i}"
        dim = meta.get("dim")
        if isinstance(dim, bool) or not isinstance(dim, int) or not 1 <= dim <= len(header) - 5:
            raise FileFormatError(f"{where}: field 'dim' must be an integer from 1 to {len(header) - 5}")
        if not rows[i]:
            raise FileFormatError(f"{where}: no rows")
        try:
            steps = [_csv_int(r[2]) for r in rows[i]]
            pts = [[float(v) for v in r[3:3 + dim]] for r in rows[i]]
            losses = [float(r[-2]) for r in rows[i]]
            gns = [float(r[-1]) for r in rows[i]]
        except ValueError:
            raise FileFormatError(
                f"{where}: a step, coordinate, loss or grad_norm is not a number") from None
        doc = {**meta, "steps": steps, "points": pts, "losses": losses, "grad_norms": gns}
        out.append(_validate_run(doc, where))
    return out, extra


def _is_index(text: str, digits: int) -> bool:
    """ASCII digits only (str.isdigit also accepts '²'), at most ``digits`` of them."""
    return 0 < len(text) <= digits and text.isascii() and text.isdigit()


def _csv_int(text: str) -> int:
    if not _is_index(text, 18):
        raise ValueError(text)
    return int(text)
