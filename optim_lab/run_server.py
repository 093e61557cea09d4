"""The Surface Lab's drag process: recomputes runs while a slider is dragged (Qt-free).

A drag step's run (1000 plain-float steps, about 3 ms; long runs far more) is computed here
while the GUI process draws the previous answer, on the machine's other core.  A thread
would not help: the run loop is Python and holds the GIL, which every Python callback of
the GUI's repaint needs.

Protocol (pickled tuples, see :mod:`optim_lab.child_io`): the parent sends
``("run", job)`` with a :class:`~optim_lab.session.RunJob` and ``("quit",)``; this process
answers ``("ready",)`` once and then ``("result", job, trajectory, error)`` per job, in
order.  The answer is computed by :func:`~optim_lab.session.compute_run`, the function the
session itself uses, so it is the same trajectory, bit for bit; the parent sends a job only
when no other is in flight, and :meth:`SurfaceSession.accept` drops answers to edits that have
moved on.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable

from .child_io import lower_priority, serve_stdio
from .session import RunJob, build_surface, compute_run
from .surfaces import Surface

__all__ = ["answer", "main"]

_SURFACES_KEPT = 4


def answer(job: RunJob, surfaces: dict) -> tuple:
    """The ``("result", ...)`` event for ``job``; ``surfaces`` caches built surfaces."""
    key = (job.surface, job.surface_params)
    surface: Surface | None = surfaces.get(key)
    if surface is None:
        try:
            surface = build_surface(job.surface, dict(job.surface_params))
        except ValueError as exc:
            return ("result", job, None, str(exc))
        if len(surfaces) >= _SURFACES_KEPT:
            surfaces.pop(next(iter(surfaces)))
        surfaces[key] = surface
    traj, error = compute_run(surface, job.optimizer, dict(job.hyper), job.start, job.steps,
                              job.dynamics)
    return ("result", job, traj, error)


def _serve(stdin, emit: Callable[[tuple], None]) -> None:
    lower_priority(2)  # the GUI thread draws the answers: it goes first
    emit(("ready",))
    surfaces: dict = {}
    while True:
        try:
            cmd = pickle.load(stdin)
        except (EOFError, OSError, pickle.UnpicklingError):
            return  # the GUI process has gone
        if cmd[0] == "quit":
            return
        if cmd[0] == "run":
            try:
                emit(answer(cmd[1], surfaces))
            except Exception as exc:  # never leave the GUI waiting for an answer
                emit(("result", cmd[1], None, f"{type(exc).__name__}: {exc}"))


def main() -> None:
    serve_stdio(_serve)


if __name__ == "__main__":
    # the module's own copy (not ``__main__``): pickles must name optim_lab classes
    from optim_lab import run_server

    run_server.main()
