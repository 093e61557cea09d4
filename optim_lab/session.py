"""The whole state of a 2-D experiment, and its results computed lazily, only for what changed.

A :class:`SurfaceSession` holds the surface (name and parameters), the shared start,
the runs (each with a stable integer id, optimizer, hyperparameters, enabled flag,
colour and optional own start), the number of steps, title, notes and scenario. It is
what experiment files serialise (:mod:`optim_lab.experiment`), what the Surface Lab
binds to and what ``optim-lab render`` draws; it never imports Qt.

Derived results — one :class:`~optim_lab.runs.Trajectory` and one stability limit per
run — are cached and marked stale by edits:

- a run's hyperparameters (``set_lr``, ``set_hyper``), training dynamics
  (``set_dynamics``: noise, seed, schedule, clipping, AMSGrad) or own start: that run only;
- the shared start: every run that has no start of its own;
- the surface, its parameters or the number of steps: every run;
- enabling, colour, title and notes: nothing (a disabled run keeps its cache).

``result(id)`` / ``limit(id)`` recompute a stale run on demand; ``refresh()``
recomputes every stale enabled run at once and returns their ids. ``job(id)`` hands a stale
run's computation to someone else (the Surface Lab's drag process, :mod:`optim_lab.run_server`)
and ``accept(job, trajectory, error)`` takes the answer back if the run is still as it was.
Observers connect to the ``psygnal`` signals below (headless code needs none)::

    s = SurfaceSession.from_file("assets/experiments/saddle_stall.json")
    gd = s.run_ids()[0]
    s.set_lr(gd, 0.05)
    s.result(gd).status        # 'converged', 'diverged', 'stalled' or 'max_steps'
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from psygnal import Signal

from .advice import limit_for_run, preferred_start, suggested_lr
from .dynamics import PLAIN, Dynamics
from .experiment import (
    MAX_COORDINATE,
    MAX_NOTES,
    MAX_RUNS,
    MAX_STEPS,
    MAX_TITLE,
    PALETTE_SIZE,
    Experiment,
    OptimizerSetting,
    check_surface_params,
    load_experiment,
    save_experiment,
)
from .maps_settings import MapSettings
from .optimizers import OPTIMIZERS, make_optimizer
from .runs import Trajectory, run
from .scenarios import SCENARIOS
from .stability import StabilityLimit
from .surfaces import Surface, get_surface

__all__ = ["MAX_RUNS", "MAX_STEPS", "RunSetting", "SurfaceSession"]

DEFAULT_SURFACE = "rosenbrock"
DEFAULT_OPTIMIZERS = ("gd", "momentum", "nesterov", "adam")
Point = tuple[float, float]


@dataclass(frozen=True)
class RunSetting:
    """One run's settings; ``hyper`` is complete (defaults filled in), ``start`` None: shared."""

    id: int
    optimizer: str
    hyper: Mapping[str, float]
    enabled: bool = True
    color: int | str = 0  # palette index, or "#rrggbb" picked by the user
    start: Point | None = None
    dynamics: Dynamics = PLAIN  # gradient noise, lr schedule, clipping, AMSGrad (checked)

    @property
    def label(self) -> str:
        return OPTIMIZERS[self.optimizer].label


@dataclass
class _Cache:
    traj: Trajectory | None = None
    limit: StabilityLimit | None = None
    error: str | None = None
    stale: bool = True  # trajectory (and error) out of date
    limit_stale: bool = True
    version: int = 0  # the session's edit count when this run was last made stale


@dataclass(frozen=True)
class RunJob:
    """Everything needed to compute one run's trajectory elsewhere (another process), as
    plain picklable values.  ``version`` ties the answer to the edit it answers:
    :meth:`SurfaceSession.accept` takes it only while the run is unchanged since."""

    run_id: int
    version: int
    surface: str
    surface_params: tuple  # sorted (name, value) pairs
    optimizer: str
    hyper: tuple  # sorted (name, value) pairs
    start: Point
    steps: int
    dynamics: Dynamics


def compute_run(surface: Surface, optimizer: str, hyper: Mapping[str, float], start: Point,
                steps: int, dynamics: Dynamics) -> tuple[Trajectory | None, str | None]:
    """One run's trajectory, or the message saying why it cannot run: what
    :meth:`SurfaceSession.refresh` and the Surface Lab's drag process both compute."""
    try:
        opt = make_optimizer(optimizer, **hyper)
    except ValueError as exc:
        return None, str(exc)
    try:
        return run(surface, opt, start, steps, dynamics=dynamics), None
    except ValueError as exc:
        return None, str(exc)


def build_surface(name: str, params: Mapping[str, Any]) -> Surface:
    """The 2-D surface ``name`` with ``params`` (ValueError with the reason if invalid)."""
    if not isinstance(name, str):
        raise ValueError(f"invalid surface name {name!r}")
    problems = check_surface_params(dict(params))
    if problems:
        raise ValueError("; ".join(problems))
    surface = get_surface(name, **params)
    if surface.dim != 2:
        raise ValueError(f"{name} is not a 2-D surface")
    return surface


def _point(x: float, y: float, what: str = "start") -> Point:
    p = (float(x), float(y))
    return _checked(p, what)


def _as_point(xy, what: str) -> Point:
    try:
        x, y = xy
        p = (float(x), float(y))
    except (TypeError, ValueError):
        raise ValueError(f"invalid {what}: {xy!r} (two numbers x, y)") from None
    return _checked(p, what)


def _checked(p: Point, what: str) -> Point:
    if not all(math.isfinite(v) and abs(v) <= MAX_COORDINATE for v in p):
        raise ValueError(f"invalid {what}: {p} (coordinates must be finite and within "
                         f"±{MAX_COORDINATE:g})")
    return p


class SurfaceSession:
    """A 2-D experiment: settings plus lazily recomputed results. See the module docstring."""

    surface_changed = Signal()  # surface name or parameters (every run is stale)
    start_changed = Signal()  # the shared start
    steps_changed = Signal(int)
    runs_changed = Signal()  # a run was added or removed
    run_changed = Signal(int)  # one run's settings (hyperparameters, enabled, colour, own start)
    text_changed = Signal()  # title, notes or scenario
    map_changed = Signal()  # the maps shown (set_map_settings, or a file with a "map" section)

    def __init__(self, surface: str = DEFAULT_SURFACE, start: Point | None = None,
                 steps: int = 1000, **surface_params: Any) -> None:
        self._surface_name = surface
        self._surface_params: dict[str, Any] = {}
        self._surface = self._build_surface(surface, surface_params)
        self._surface_params = dict(surface_params)
        self._start = _as_point(start, "start") if start is not None \
            else preferred_start(self._surface)
        self._steps = self._check_steps(steps)
        self._runs: dict[int, RunSetting] = {}
        self._cache: dict[int, _Cache] = {}
        self._next_id = 0
        self.title = ""
        self.notes = ""
        self.scenario: str | None = None
        self.computed = 0  # trajectories computed so far (tests watch the dirty logic with it)
        self._edits = 0  # stale-making edits so far (a RunJob's version)
        self.map_settings: MapSettings | None = None  # saved as the file's "map" section

    @classmethod
    def with_default_runs(cls, surface: str | None = None) -> SurfaceSession:
        """The Surface Lab's opening state: GD, momentum, Nesterov and Adam at suggested rates
        (on ``surface``, default Rosenbrock)."""
        s = cls(surface or DEFAULT_SURFACE)
        for name in DEFAULT_OPTIMIZERS:
            s.add_run(name)
        return s

    # --- reading ---------------------------------------------------------------
    @property
    def surface(self) -> Surface:
        return self._surface

    @property
    def surface_name(self) -> str:
        return self._surface_name

    @property
    def surface_params(self) -> dict[str, Any]:
        return dict(self._surface_params)

    @property
    def start(self) -> Point:
        return self._start

    @property
    def steps(self) -> int:
        return self._steps

    def run_ids(self) -> list[int]:
        return list(self._runs)

    def runs(self) -> list[RunSetting]:
        return list(self._runs.values())

    def run(self, run_id: int) -> RunSetting:
        try:
            return self._runs[run_id]
        except KeyError:
            raise KeyError(f"no run with id {run_id!r}") from None

    def start_of(self, run_id: int) -> Point:
        own = self.run(run_id).start
        return own if own is not None else self._start

    def stale_runs(self) -> set[int]:
        """Ids whose trajectory is out of date (computed on the next ``result``/``refresh``)."""
        return {i for i, c in self._cache.items() if c.stale}

    # --- results ---------------------------------------------------------------
    def result(self, run_id: int) -> Trajectory | None:
        """The run's trajectory; None when disabled or not runnable (``error`` says why)."""
        r = self.run(run_id)
        if not r.enabled:
            return None
        c = self._cache[run_id]
        if c.stale:
            self._compute(r, c)
        return c.traj

    def error(self, run_id: int) -> str | None:
        """Why an enabled run has no trajectory (an invalid value), else None."""
        self.result(run_id)
        return self._cache[run_id].error if self.run(run_id).enabled else None

    def settings_error(self, run_id: int) -> str | None:
        """Why the run's hyperparameters are invalid (the engine's message), else None."""
        r = self.run(run_id)
        try:
            make_optimizer(r.optimizer, **r.hyper)
        except ValueError as exc:
            return str(exc)
        return None

    def limit(self, run_id: int) -> StabilityLimit | None:
        """The run's stability limit at the minimum nearest its start (None: adaptive method)."""
        r = self.run(run_id)
        c = self._cache[run_id]
        if c.limit_stale:
            c.limit = limit_for_run(self._surface, self.start_of(run_id), r.optimizer, r.hyper)
            c.limit_stale = False
        return c.limit

    def results(self) -> list[Trajectory]:
        """Trajectories of the enabled, runnable runs, in run order."""
        return [t for i in self._runs if (t := self.result(i)) is not None]

    def refresh(self, skip: Iterable[int] = ()) -> list[int]:
        """Recompute every stale enabled run (and stale limits) except those in ``skip``
        (computed elsewhere, see :meth:`job`); the ids recomputed."""
        done = []
        skip = set(skip)
        for i, r in self._runs.items():
            c = self._cache[i]
            if c.limit_stale:
                self.limit(i)
            if r.enabled and c.stale and i not in skip:
                self._compute(r, c)
                done.append(i)
        return done

    def _compute(self, r: RunSetting, c: _Cache) -> None:
        c.traj, c.error = compute_run(self._surface, r.optimizer, r.hyper, self.start_of(r.id),
                                      self._steps, r.dynamics)
        self.computed += 1
        c.stale = False

    def job(self, run_id: int) -> RunJob | None:
        """The computation a stale, enabled run waits for, to be done elsewhere (the Surface
        Lab's drag process, :mod:`optim_lab.run_server`) and handed back to :meth:`accept`;
        None when the run is up to date or disabled."""
        r, c = self.run(run_id), self._cache[run_id]
        if not (r.enabled and c.stale):
            return None
        params = tuple(sorted((k, tuple(np.ravel(v).tolist()) if np.ndim(v) else v)
                              for k, v in self._surface_params.items()))
        return RunJob(run_id, c.version, self._surface_name, params, r.optimizer,
                      tuple(sorted(r.hyper.items())), self.start_of(run_id), self._steps,
                      r.dynamics)

    def accept(self, job: RunJob, traj: Trajectory | None, error: str | None) -> bool:
        """Take the answer to ``job`` as the run's result if the run has not changed since
        the job was made (and was not computed here meanwhile); whether it was taken.
        The arrays of ``traj`` are made read-only, as :func:`~optim_lab.runs.run` leaves them."""
        c = self._cache.get(job.run_id)
        if c is None or not c.stale or c.version != job.version \
                or not self._runs[job.run_id].enabled:
            return False
        if traj is not None:
            for a in (traj.points, traj.losses, traj.grad_norms, traj.step_lengths,
                      traj.near_saddle, traj.lrs):
                if a is not None:
                    a.setflags(write=False)
        c.traj, c.error = traj, error
        self.computed += 1
        c.stale = False
        return True

    def previews(self, job: RunJob) -> bool:
        """Whether an answer to ``job`` that :meth:`accept` refused can stand in for the run's
        result on screen until the current one arrives: the run is still waiting and differs
        from ``job`` only in hyperparameters, dynamics or start (a slider or a start handle
        was dragged on meanwhile), not in surface, optimizer or steps.  Nothing is stored."""
        if job.run_id not in self._runs:
            return False
        cur = self.job(job.run_id)
        return cur is not None and replace(job, version=cur.version, hyper=cur.hyper,
                                           dynamics=cur.dynamics, start=cur.start) == cur

    def _invalidate(self, ids, limits: bool = True) -> None:
        for i in ids:
            c = self._cache[i]
            self._edits += 1
            c.stale, c.version = True, self._edits
            if limits:
                c.limit_stale = True

    # --- editing: surface, start, steps --------------------------------------------
    _build_surface = staticmethod(build_surface)

    def set_surface(self, name: str, **params: Any) -> None:
        """Change the surface. A different surface starts fresh: its preferred start, no own
        starts, suggested learning rates, no scenario/title/notes. The same surface with new
        parameters (the quadratic's κ) keeps starts and rates, so the limits visibly move."""
        surface = self._build_surface(name, params)
        # a new custom f(x, y) is a different surface too (a new range alone is not)
        fresh = surface.name != self._surface.name or (
            params.get("expression") != self._surface_params.get("expression"))
        self._surface, self._surface_name, self._surface_params = surface, name, dict(params)
        if fresh:
            self._start = preferred_start(surface)
            for i, r in self._runs.items():
                hyper = {**r.hyper, "lr": suggested_lr(surface, self._start, r.optimizer, r.hyper)}
                self._runs[i] = replace(r, start=None, hyper=hyper)
            self._set_text("", "", None)
        self._invalidate(self._runs)
        self.surface_changed.emit()
        if fresh:
            self.start_changed.emit()
            for i in self._runs:
                self.run_changed.emit(i)

    def set_surface_params(self, **params: Any) -> None:
        """New parameters for the current surface (starts and learning rates kept)."""
        self.set_surface(self._surface_name, **params)

    def set_start(self, x: float, y: float) -> None:
        """Move the shared start; every run starts there (own starts are dropped)."""
        self._start = _point(x, y)
        own = [i for i, r in self._runs.items() if r.start is not None]
        for i in own:
            self._runs[i] = replace(self._runs[i], start=None)
        self._invalidate(self._runs)
        self.start_changed.emit()
        for i in own:
            self.run_changed.emit(i)

    def move_shared_start(self, x: float, y: float) -> None:
        """Move the shared start only: runs with their own start keep it (a handle drag)."""
        self._start = _point(x, y)
        self._invalidate([i for i, r in self._runs.items() if r.start is None])
        self.start_changed.emit()

    def set_run_start(self, run_id: int, xy: Point | None) -> None:
        """Give one run its own start (None: back to the shared start)."""
        r = self.run(run_id)
        start = None if xy is None else _as_point(xy, "run start")
        if start != r.start:
            self._runs[run_id] = replace(r, start=start)
            self._invalidate([run_id])
            self.run_changed.emit(run_id)

    @staticmethod
    def _check_steps(n: int) -> int:
        if isinstance(n, bool) or int(n) != n or not 1 <= int(n) <= MAX_STEPS:
            raise ValueError(f"invalid steps: {n!r} (a whole number from 1 to {MAX_STEPS})")
        return int(n)

    def set_steps(self, n: int) -> None:
        n = self._check_steps(n)
        if n != self._steps:
            self._steps = n
            self._invalidate(self._runs, limits=False)
            self.steps_changed.emit(n)

    # --- editing: runs -----------------------------------------------------------
    def _next_color(self) -> int:
        used = {r.color for r in self._runs.values()}
        free = [c for c in range(PALETTE_SIZE) if c not in used]
        return free[0] if free else len(self._runs) % PALETTE_SIZE

    def add_run(self, optimizer: str, *, enabled: bool = True, color: int | str | None = None,
                start: Point | None = None, dynamics: Dynamics | None = None,
                **hyper: float) -> int:
        """Add a run and return its id; without ``lr`` it gets a suggested learning rate.

        ``dynamics`` (None: plain) is checked first (ValueError naming the bad field)."""
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {optimizer!r}; choose one of: "
                             f"{', '.join(OPTIMIZERS)}")
        if len(self._runs) >= MAX_RUNS:
            raise ValueError(f"at most {MAX_RUNS} runs")
        dyn = PLAIN if dynamics is None else dynamics.checked(optimizer)
        full = {**OPTIMIZERS[optimizer].defaults, **{k: float(v) for k, v in hyper.items()}}
        own = None if start is None else _as_point(start, "run start")
        if "lr" not in hyper:
            full["lr"] = suggested_lr(self._surface, own or self._start, optimizer, full)
        run_id = self._next_id
        self._next_id += 1
        self._runs[run_id] = RunSetting(run_id, optimizer, full, bool(enabled),
                                        self._next_color() if color is None else color, own,
                                        dyn)
        self._cache[run_id] = _Cache()
        self.runs_changed.emit()
        return run_id

    def remove_run(self, run_id: int) -> None:
        self.run(run_id)
        del self._runs[run_id]
        del self._cache[run_id]
        self.runs_changed.emit()

    def clear_runs(self) -> None:
        if self._runs:
            self._runs.clear()
            self._cache.clear()
            self.runs_changed.emit()

    def set_lr(self, run_id: int, lr: float) -> None:
        self.set_hyper(run_id, lr=lr)

    def set_hyper(self, run_id: int, **hyper: float) -> None:
        """Change hyperparameters of one run (stored as given; ``error`` explains bad ones)."""
        r = self.run(run_id)
        unknown = set(hyper) - set(OPTIMIZERS[r.optimizer].defaults)
        if unknown:
            raise ValueError(f"{r.label} has no hyperparameter {', '.join(sorted(unknown))}")
        new = {**r.hyper, **{k: float(v) for k, v in hyper.items()}}
        changed = {k for k in hyper if new[k] != r.hyper.get(k)}
        if not changed:
            return
        self._runs[run_id] = replace(r, hyper=new)
        # The limit depends on momentum only; the learning rate changes just the trajectory.
        self._invalidate([run_id], limits=bool(changed - {"lr"}))
        self.run_changed.emit(run_id)

    def set_dynamics(self, run_id: int, **changes) -> None:
        """Change a run's training dynamics (fields of :class:`Dynamics`: noise,
        noise_relative, seed, schedule, clip, amsgrad).  Checked first (ValueError naming
        the field and value; nothing changes); recomputes that run only; no-op if equal."""
        r = self.run(run_id)
        new = r.dynamics.with_changes(**changes).checked(r.optimizer)
        if new == r.dynamics:
            return
        self._runs[run_id] = replace(r, dynamics=new)
        self._invalidate([run_id], limits=False)  # the limit does not depend on them
        self.run_changed.emit(run_id)

    def set_enabled(self, run_id: int, enabled: bool) -> None:
        r = self.run(run_id)
        if bool(enabled) != r.enabled:
            self._runs[run_id] = replace(r, enabled=bool(enabled))
            self.run_changed.emit(run_id)

    def set_color(self, run_id: int, color: int | str) -> None:
        r = self.run(run_id)
        if color != r.color:
            self._runs[run_id] = replace(r, color=color)
            self.run_changed.emit(run_id)

    # --- text and scenarios ---------------------------------------------------------
    def set_text(self, title: str = "", notes: str = "", scenario: str | None = None) -> None:
        if len(title) > MAX_TITLE or len(notes) > MAX_NOTES:
            raise ValueError(f"title at most {MAX_TITLE} and notes at most {MAX_NOTES} characters")
        self._set_text(title, notes, scenario)

    def _set_text(self, title: str, notes: str, scenario: str | None) -> None:
        if (title, notes, scenario) != (self.title, self.notes, self.scenario):
            self.title, self.notes, self.scenario = title, notes, scenario
            self.text_changed.emit()

    def load_scenario(self, name: str) -> None:
        """Replace everything with a scenario's surface, starts, runs and steps."""
        if name not in SCENARIOS:
            raise ValueError(f"unknown scenario {name!r}; choose one of: {', '.join(SCENARIOS)}")
        sc = SCENARIOS[name]
        settings = tuple(OptimizerSetting(r.optimizer, {**OPTIMIZERS[r.optimizer].defaults,
                                                        **r.hyper}, start=r.start,
                                          dynamics=r.dynamics)
                         for r in sc.runs)
        self.apply(Experiment(sc.surface, sc.start, settings, sc.steps, scenario=name))

    # --- experiments --------------------------------------------------------------
    def apply(self, exp: Experiment) -> None:
        """Replace the whole state by ``exp`` (validated first: a bad one changes nothing)."""
        if len(exp.start) != 2:
            raise ValueError(f"this is a {len(exp.start)}-dimensional experiment; "
                             "a surface session is 2-D")
        surface = self._build_surface(exp.surface, exp.surface_params)
        start = _as_point(exp.start, "start")
        steps = self._check_steps(exp.steps)
        if len(exp.optimizers) > MAX_RUNS:
            raise ValueError(f"{len(exp.optimizers)} runs; at most {MAX_RUNS}")
        runs: dict[int, RunSetting] = {}
        for k, o in enumerate(exp.optimizers):
            if o.name not in OPTIMIZERS:
                raise ValueError(f"unknown optimizer {o.name!r}")
            rid = self._next_id + k
            runs[rid] = RunSetting(
                rid, o.name, {**OPTIMIZERS[o.name].defaults, **o.hyperparameters}, o.enabled,
                k % PALETTE_SIZE if o.color is None else o.color,
                None if o.start is None else _as_point(o.start, "run start"),
                o.dynamics.checked(o.name))
        self._next_id += len(exp.optimizers)
        self._surface, self._surface_name = surface, exp.surface
        self._surface_params = dict(exp.surface_params)
        self._start, self._steps, self._runs = start, steps, runs
        self._cache = {i: _Cache() for i in runs}
        self.title, self.notes, self.scenario = exp.title, exp.notes, exp.scenario
        self.surface_changed.emit()
        self.start_changed.emit()
        self.steps_changed.emit(steps)
        self.runs_changed.emit()
        self.text_changed.emit()
        if exp.map is not None:  # a file without a "map" section leaves the maps as they are
            self.set_map_settings(exp.map)

    def set_map_settings(self, settings: MapSettings | None) -> None:
        """Record which maps are shown (the maps panel keeps this up to date)."""
        if settings != self.map_settings:
            self.map_settings = settings
            self.map_changed.emit()

    def to_experiment(self) -> Experiment:
        return Experiment(
            surface=self._surface_name, start=self._start,
            optimizers=tuple(OptimizerSetting(r.optimizer, dict(r.hyper), r.enabled, r.color,
                                              r.start, r.dynamics)
                             for r in self._runs.values()),
            steps=self._steps, surface_params=dict(self._surface_params), title=self.title,
            notes=self.notes, scenario=self.scenario, map=self.map_settings)

    @classmethod
    def from_experiment(cls, exp: Experiment) -> SurfaceSession:
        s = cls()
        s.apply(exp)
        return s

    @classmethod
    def from_file(cls, path: str | os.PathLike) -> SurfaceSession:
        """Open an experiment file (``FileFormatError`` naming the file and field if bad)."""
        return cls.from_experiment(load_experiment(path, dim=2))

    def to_file(self, path: str | os.PathLike) -> Path:
        """Save as an experiment file; refuses (ValueError) while a run has an invalid value."""
        bad = []
        for r in self._runs.values():
            try:
                make_optimizer(r.optimizer, **r.hyper)
            except ValueError as exc:
                bad.append(f"run {self.run_ids().index(r.id) + 1} ({r.label}): {exc}")
        if bad:
            raise ValueError("; ".join(bad))
        if not self._runs:
            raise ValueError("nothing to save: there is no run")
        return save_experiment(path, self.to_experiment())

