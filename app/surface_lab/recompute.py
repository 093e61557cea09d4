"""Session results → the views: one coalesced pass per event-loop turn.

Session edits announce which runs changed; a zero-timeout single-shot timer
coalesces a burst of them (a slider drag) into one pass that asks the session to
recompute its stale runs (only those) and updates only their rows, plot items and
curves. No reference to the lab: it is given the session and the views it feeds.

While a slider or a start handle is held (``dragging()``), the runs it changes are computed by
the drag process (:mod:`app.surface_lab.drag_worker`) instead, and drawn when their answer
arrives: the GUI thread only draws (at a device pixel ratio of 2 a drag step's GUI-thread time
went from about 19 to 15 ms median, see ``tests/benchmarks/bench_gui.py``), and long runs no
longer hold the window during a drag (20,000 steps: 100 -> 41 ms a step).  ``flush`` (export,
render, tests) computes whatever is still out, here and now.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from optim_lab.session import SurfaceSession

from ..widgets.dynamics_texts import dynamics_summary
from ..widgets.lr_slider import format_lr
from .advice import explain_limit
from .curves import CurvesView
from .drag_worker import DragWorker
from .run_layer import RunDraw
from .run_rows import RunRows, color_hex
from .status import describe, fmt_point
from .surface_view import SurfaceView

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
LIVE_STEPS = 20_000  # up to this many steps a slider drag recomputes on every event



class RecomputeLoop(QObject):
    """Feeds rows (status, limit marks), run items and curves from ``session``."""

    def __init__(self, session: SurfaceSession, rows: RunRows, view: SurfaceView,
                 curves: CurvesView, parent: QObject | None = None,
                 dragging: Callable[[], bool] = lambda: False) -> None:
        super().__init__(parent)
        self.session, self.rows, self.view, self.curves = session, rows, view, curves
        self.dragging = dragging
        self.worker = DragWorker(self)
        self.worker.answered.connect(self._on_answered)
        self.worker.lost.connect(self._on_worker_lost)
        self._touched: set[int] = set()
        self._lost = False  # the drag process ended during the current drag
        # run id -> (trajectory, error): overtaken answers to draw until the current ones
        self._previews: dict[int, tuple] = {}
        self._restructure = True
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._pass)
        session.surface_changed.connect(self._on_structure_changed)
        session.runs_changed.connect(self._on_structure_changed)
        session.start_changed.connect(self.schedule)
        session.steps_changed.connect(self._on_steps_changed)
        session.run_changed.connect(self._on_run_changed)

    def schedule(self) -> None:
        if not self.timer.isActive():
            self.timer.start()

    def flush(self) -> None:
        """Run the pending pass now, computing here what the drag process has not answered
        yet, and settle the legend's texts (tests, export, render)."""
        self.timer.stop()
        self.worker.cancel()
        self._pass(offload=False)
        self.view.runs.settle_labels()

    def shutdown(self) -> None:
        """Stop the drag process (the lab is closing)."""
        self.worker.shutdown()

    def _on_structure_changed(self) -> None:
        self._restructure = True
        self.schedule()

    def _on_run_changed(self, run_id: int) -> None:
        self._touched.add(run_id)
        self.schedule()

    def _on_steps_changed(self, n: int) -> None:
        # Short runs recompute on the next event-loop turn; very long ones (~2 ms per 1000
        # steps and run) wait for a pause in the drag so the window stays responsive.
        self.timer.setInterval(0 if n <= LIVE_STEPS else 150)
        self.schedule()

    def _to_offload(self) -> set[int]:
        """Runs a drag (a learning-rate slider, a start handle) has made stale, for the drag
        process to compute."""
        if not self.dragging():
            self._lost = False  # the next drag may start a new process
            return set()
        if self._restructure or self._lost:
            return set()
        if not self.worker.ready:
            self.worker.start()  # for the next steps of this drag
            return set()
        return self.session.stale_runs()

    def _on_answered(self, job, traj, error) -> None:
        """An answer of the drag process: the run's result, or (overtaken by a later edit of
        the same drag) a stand-in until the current one arrives.  Drawn at once when no other
        job is out, else by the next pass, which takes every answer that has arrived by then
        (a start drag changes every run)."""
        s = self.session
        if s.accept(job, traj, error):
            self._previews.pop(job.run_id, None)
        elif s.previews(job):
            self._previews[job.run_id] = (traj, error)
        elif job.run_id not in s.stale_runs():
            return  # the run is up to date (computed here meanwhile): nothing to draw
        # (else an answer to settings that are gone, e.g. other steps: unless another job for
        # the run is out, the pass computes it here)
        self._touched.add(job.run_id)
        if self.worker.busy:
            self.schedule()  # more answers are coming: one pass draws them together
        else:  # the last one out: draw it now, not one event-loop turn later
            self.timer.stop()
            self._pass()

    def _on_worker_lost(self) -> None:
        self._lost = True  # the rest of this drag computes here
        self._touched |= self.session.stale_runs()  # computed here on the next pass
        self.schedule()

    # --- the pass ------------------------------------------------------------------
    def _pass(self, offload: bool = True) -> None:
        s = self.session
        for rid in self._to_offload() if offload else ():
            job = s.job(rid)
            if job is not None:
                self.worker.submit(job)
        away = self.worker.pending_runs() if offload and not self._restructure else set()
        recomputed = s.refresh(skip=away)
        stale = s.stale_runs()
        previews = {k: v for k, v in self._previews.items() if k in stale}
        self._previews.clear()
        ids = s.run_ids()
        touched = set(ids) if self._restructure else (self._touched | set(recomputed)) & set(ids)
        touched -= away - set(previews)  # drawn when their answer arrives
        self._touched.clear()
        for rid in ids:
            if rid in touched:
                self._show_row(rid, previews.get(rid))
        draws = {rid: self._draw_for(rid, previews.get(rid)) for rid in ids
                 if rid in touched or self._restructure}
        if self._restructure:
            self.view.set_runs(list(draws.values()))
            self.curves.keep_only(set(ids))
        else:
            for d in draws.values():
                self.view.runs.update_run(d, redraw=False)
            self.view.runs.refresh()
        for rid, d in draws.items():
            self.curves.set_run(rid, d.color, d.traj)
        self.curves.fit_y(hold=self.dragging())
        starts = self.starts()
        self.view.set_starts(starts)
        if self._restructure:
            self.view.runs.place_legend(list(starts.values()))
            self._restructure = False

    def _show_row(self, rid: int, preview: tuple | None = None) -> None:
        s, row = self.session, self.rows.row(rid)
        r = s.run(rid)
        lim = s.limit(rid)
        lr_limit = lim.lr if lim is not None else None
        row.set_stability_limit(lr_limit, explain_limit(r.optimizer, lim))
        traj = s.result(rid) if preview is None else preview[0]
        if not r.enabled:
            row.set_status("")
        elif traj is not None:
            row.set_status(*describe(traj, lr_limit, not s.surface.has_minimum))
        elif preview is None and s.settings_error(rid) is not None:
            row.set_status(translate("SurfaceLab", "not run: fix the value above"), "bad")
        else:
            why = s.error(rid) if preview is None else preview[1]
            row.set_status(translate("SurfaceLab", "not run: {why}").format(why=why), "bad")
        self.rows.show_result(rid, traj)  # the schedule curve's marker (runs with a schedule)

    def _draw_for(self, rid: int, preview: tuple | None = None) -> RunDraw:
        r = self.session.run(rid)
        label = f"{r.label} · lr {format_lr(r.hyper['lr'])}"
        if r.start is not None:
            label += " · " + translate("SurfaceLab", "from {p}").format(p=fmt_point(r.start))
        if not r.dynamics.is_plain():  # noise, schedule, clip or AMSGrad: say which, on a
            # second line (the legend draws it smaller: one line ran wider than the plot)
            label += "\n" + dynamics_summary(r.dynamics)
        traj = self.session.result(rid) if preview is None else preview[0]
        return RunDraw(rid, label, color_hex(r.color), traj, self.rows.row(rid).status_text())

    def starts(self) -> dict:
        """Start handles: one per run with its own start, plus the shared one (key None)."""
        shown = [r for r in self.session.runs() if r.enabled]
        starts = {r.id: r.start for r in shown if r.start is not None}
        if any(r.start is None for r in shown) or not starts:
            starts[None] = self.session.start
        return starts
