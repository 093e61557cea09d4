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

Several runs (GUI exports): ``{"format": "optim-lab-trajectories", "format_version": 1,
"runs": [<one run as above>, ...], ...extra}``.

CSV: ``#`` comment lines carry the format version and each run's metadata as
JSON; the table has columns ``run, optimizer, step, x0 … x{D-1}, loss, grad_norm``.

Writes are atomic (temporary file, then rename): a failed export leaves no
partial file and raises ``OSError`` with a message naming the path.
"""

from __future__ import annotations

import csv
import io as _io
import json
import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .runs import STATUSES, Trajectory

__all__ = [
    "FORMAT_VERSION",
    "FileFormatError",
    "atomic_write_bytes",
    "atomic_write_text",
    "load_trajectories",
    "save_trajectories",
    "trajectory_to_dict",
]

FORMAT_VERSION = 1
RUN_FORMAT = "optim-lab-trajectory"
MULTI_FORMAT = "optim-lab-trajectories"
CLASSIFICATIONS = ("minimum", "saddle", "maximum", "degenerate", "unknown")


class FileFormatError(ValueError):
    """A trajectory or experiment file that cannot be read; the message says why."""


def _thin(n_points: int, every: int) -> np.ndarray:
    idx = np.arange(0, n_points, every)
    if idx[-1] != n_points - 1:
        idx = np.append(idx, n_points - 1)
    return idx


def trajectory_to_dict(traj: Trajectory, every: int = 1) -> dict[str, Any]:
    """The JSON object of one run; ``every`` keeps every K-th point (and the last)."""
    if isinstance(every, bool) or int(every) != every or every < 1:
        raise ValueError(f"invalid every: {every!r} (must be a positive integer)")
    idx = _thin(len(traj.points), int(every))
    end = traj.end
    return {
        "format": RUN_FORMAT,
        "format_version": FORMAT_VERSION,
        "surface": traj.surface,
        "dim": traj.dim,
        "optimizer": traj.optimizer,
        "hyperparameters": dict(traj.hyperparameters),
        "start": list(traj.start),
        "steps_requested": traj.steps_requested,
        "every": int(every),
        "steps": idx.tolist(),
        "points": traj.points[idx].tolist(),
        "losses": traj.losses[idx].tolist(),
        "grad_norms": traj.grad_norms[idx].tolist(),
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


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically: see :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` via a temporary file in the same folder, then rename: a failure
    leaves no partial file and raises ``OSError("cannot write PATH: reason")``."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OSError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an export is an ordinary file
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OSError(f"cannot write {path}: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_trajectories(path: str | os.PathLike, trajectories: Sequence[Trajectory],
                      extra: dict[str, Any] | None = None, every: int = 1) -> Path:
    """Write runs as ``.json`` or ``.csv`` (by suffix). One run in JSON is written at top level."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise ValueError(f"cannot export to {path.name}: the name must end in .json or .csv")
    if not trajectories:
        raise ValueError("nothing to export: no runs")
    runs = [trajectory_to_dict(t, every) for t in trajectories]
    if suffix == ".json":
        if len(runs) == 1 and not extra:
            doc: dict[str, Any] = runs[0]
        else:
            doc = {"format": MULTI_FORMAT, "format_version": FORMAT_VERSION, **(extra or {}),
                   "runs": runs}
        text = json.dumps(doc, indent=1, allow_nan=False)
    else:
        text = _to_csv(runs, extra)
    atomic_write_text(path, text)
    return path


def _to_csv(runs: list[dict], extra: dict | None) -> str:
    buf = _io.StringIO()
    buf.write(f"# {MULTI_FORMAT} format_version={FORMAT_VERSION}\n")
    if extra:
        buf.write("# extra " + json.dumps(extra, allow_nan=False) + "\n")
    dim = max(r["dim"] for r in runs)
    for i, r in enumerate(runs):
        meta = {k: v for k, v in r.items() if k not in ("points", "losses", "grad_norms", "steps")}
        buf.write(f"# run {i} " + json.dumps(meta, allow_nan=False) + "\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["run", "optimizer", "step"] + [f"x{j}" for j in range(dim)] + ["loss", "grad_norm"])
    for i, r in enumerate(runs):
        for s, p, f, g in zip(r["steps"], r["points"], r["losses"], r["grad_norms"]):
            w.writerow([i, r["optimizer"], s] + [repr(float(v)) for v in p]
                       + [""] * (dim - len(p)) + [repr(float(f)), repr(float(g))])
    return buf.getvalue()


# --- loading --------------------------------------------------------------------

def _need(obj: dict, key: str, kind, where: str):
    if key not in obj:
        raise FileFormatError(f"{where}: missing field {key!r}")
    v = obj[key]
    if kind is float:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise FileFormatError(f"{where}: field {key!r} must be a finite number, got {v!r}")
    elif not isinstance(v, kind):
        raise FileFormatError(f"{where}: field {key!r} has the wrong type ({type(v).__name__})")
    return v


def _array(obj: dict, key: str, where: str, ndim: int) -> np.ndarray:
    v = _need(obj, key, list, where)
    try:
        a = np.asarray(v, dtype=float)
    except (TypeError, ValueError):
        raise FileFormatError(
            f"{where}: field {key!r} must be a rectangular array of numbers (same coordinates per point)"
        ) from None
    if a.ndim != ndim or not np.all(np.isfinite(a)):
        raise FileFormatError(f"{where}: field {key!r} must be a finite {ndim}-D array of numbers")
    return a


def _validate_run(r: Any, where: str) -> dict[str, Any]:
    if not isinstance(r, dict):
        raise FileFormatError(f"{where}: a run must be a JSON object")
    for key in ("surface", "optimizer", "status"):
        _need(r, key, str, where)
    if r["status"] not in STATUSES:
        raise FileFormatError(f"{where}: unknown status {r['status']!r}")
    dim = _need(r, "dim", int, where)
    _need(r, "hyperparameters", dict, where)
    out = dict(r)
    out["start"] = _array(r, "start", where, 1)
    out["points"] = _array(r, "points", where, 2)
    out["losses"] = _array(r, "losses", where, 1)
    out["grad_norms"] = _array(r, "grad_norms", where, 1)
    n = len(out["points"])
    if n == 0 or out["points"].shape[1] != dim or len(out["start"]) != dim:
        raise FileFormatError(f"{where}: points and start must have {dim} coordinates")
    if len(out["losses"]) != n or len(out["grad_norms"]) != n:
        raise FileFormatError(f"{where}: points, losses and grad_norms differ in length")
    out["steps"] = np.asarray(r.get("steps", list(range(n))), dtype=int)
    if len(out["steps"]) != n:
        raise FileFormatError(f"{where}: steps and points differ in length")
    d = r.get("diverged_at")
    if d is not None and (isinstance(d, bool) or not isinstance(d, int)):
        raise FileFormatError(f"{where}: diverged_at must be a step index or null")
    end = r.get("end", {})
    if not isinstance(end, dict) or end.get("classification", "unknown") not in CLASSIFICATIONS:
        raise FileFormatError(f"{where}: bad end classification")
    return out


def load_trajectories(path: str | os.PathLike) -> list[dict[str, Any]]:
    """Read a ``.json`` or ``.csv`` trajectory file; raise ``FileFormatError`` if it is not one."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _from_csv(read_text(path), path.name)
    return _runs_from_doc(read_json(path), path.name)


def read_text(path: Path) -> str:
    """The file's text; a clear ``OSError`` / ``FileFormatError`` if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FileFormatError(f"{path.name}: not a text file") from None
    except OSError as exc:
        raise OSError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_json(path: Path) -> Any:
    """Parsed JSON of a file, with the line of the first syntax error in the message."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"{path.name}: not valid JSON ({exc.msg}, line {exc.lineno})") from None


def _runs_from_doc(doc: Any, name: str) -> list[dict[str, Any]]:
    if not isinstance(doc, dict):
        raise FileFormatError(f"{name}: expected a JSON object at the top level")
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FileFormatError(f"{name}: missing format_version")
    if version > FORMAT_VERSION:
        raise FileFormatError(
            f"{name}: format_version {version} is newer than this Optim Lab reads ({FORMAT_VERSION})"
        )
    if "runs" in doc:
        runs = doc["runs"]
        if not isinstance(runs, list) or not runs:
            raise FileFormatError(f"{name}: 'runs' must be a non-empty list")
        return [_validate_run(r, f"{name}, run {i}") for i, r in enumerate(runs)]
    return [_validate_run(doc, name)]


def _from_csv(text: str, name: str) -> list[dict[str, Any]]:
    metas: dict[int, dict] = {}
    lines = text.splitlines()
    body = []
    for ln in lines:
        if ln.startswith("# run "):
            head, _, js = ln[len("# run "):].partition(" ")
            try:
                metas[int(head)] = json.loads(js)
            except (ValueError, json.JSONDecodeError):
                raise FileFormatError(f"{name}: unreadable run header: {ln[:60]!r}") from None
        elif ln.startswith("#"):
            if "format_version=" in ln:
                try:
                    v = int(ln.rsplit("format_version=", 1)[1])
                except ValueError:
                    raise FileFormatError(f"{name}: bad format_version line") from None
                if v > FORMAT_VERSION:
                    raise FileFormatError(f"{name}: format_version {v} is newer than supported")
        elif ln.strip():
            body.append(ln)
    if not metas or not body:
        raise FileFormatError(f"{name}: not an Optim Lab CSV export (no run headers or rows)")
    reader = csv.reader(body)
    header = next(reader)
    if header[:3] != ["run", "optimizer", "step"] or header[-2:] != ["loss", "grad_norm"]:
        raise FileFormatError(f"{name}: unexpected columns {header[:4]}…")
    rows: dict[int, list] = {i: [] for i in metas}
    for k, row in enumerate(reader, start=2):
        if len(row) != len(header):
            raise FileFormatError(f"{name}: row {k} has {len(row)} fields, expected {len(header)}")
        try:
            i = int(row[0])
            rows[i].append(row)
        except (ValueError, KeyError):
            raise FileFormatError(f"{name}: row {k} names an unknown run {row[0]!r}") from None
    out = []
    for i, meta in sorted(metas.items()):
        dim = meta.get("dim")
        if not isinstance(dim, int) or not rows[i]:
            raise FileFormatError(f"{name}: run {i} has no dim or no rows")
        try:
            steps = [int(r[2]) for r in rows[i]]
            pts = [[float(v) for v in r[3:3 + dim]] for r in rows[i]]
            losses = [float(r[-2]) for r in rows[i]]
            gns = [float(r[-1]) for r in rows[i]]
        except ValueError:
            raise FileFormatError(f"{name}: run {i} has a non-numeric value") from None
        doc = {**meta, "steps": steps, "points": pts, "losses": losses, "grad_norms": gns}
        out.append(_validate_run(doc, f"{name}, run {i}"))
    return out
