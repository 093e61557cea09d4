"""Session results → the views: one coalesced pass per event-loop turn.

Session edits announce which runs changed; a zero-timeout single-shot timer
coalesces a burst of them (a slider drag) into one pass that asks the session to
recompute its stale runs (only those) and updates only their rows, plot items and
curves. No reference to the lab: it is given the session and the views it feeds.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from optim_lab.session import SurfaceSession

from ..widgets.dynamics_texts import dynamics_summary
from ..widgets.lr_slider import format_lr
from .advice import explain_limit
from .curves import CurvesView
from .run_layer import RunDraw
from .run_rows import RunRows, color_hex
from .status import describe, fmt_point
from .surface_view import SurfaceView

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
LIVE_STEPS = 20_000  # up to this many steps a slider drag recomputes on every event



class RecomputeLoop(QObject):
    """Feeds rows (status, limit marks), run items and curves from ``session``."""

    def __init__(self, session: SurfaceSession, rows: RunRows, view: SurfaceView,
                 curves: CurvesView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.rows, self.view, self.curves = session, rows, view, curves
        self._touched: set[int] = set()
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
        """Run the pending pass now and settle the legend's texts (tests, export, render)."""
        self.timer.stop()
        self._pass()
        self.view.runs.settle_labels()

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

    # --- the pass ------------------------------------------------------------------
    def _pass(self) -> None:
        s = self.session
        recomputed = s.refresh()
        ids = s.run_ids()
        touched = set(ids) if self._restructure else (self._touched | set(recomputed)) & set(ids)
        self._touched.clear()
        for rid in ids:
            if rid in touched:
                self._show_row(rid)
        draws = {rid: self._draw_for(rid) for rid in ids if rid in touched or self._restructure}
        if self._restructure:
            self.view.set_runs(list(draws.values()))
            self.curves.keep_only(set(ids))
        else:
            for d in draws.values():
                self.view.runs.update_run(d, redraw=False)
            self.view.runs.refresh()
        for rid, d in draws.items():
            self.curves.set_run(rid, d.color, d.traj)
        self.curves.fit_y()
        starts = self.starts()
        self.view.set_starts(starts)
        if self._restructure:
            self.view.runs.place_legend(list(starts.values()))
            self._restructure = False

    def _show_row(self, rid: int) -> None:
        s, row = self.session, self.rows.row(rid)
        r = s.run(rid)
        lim = s.limit(rid)
        lr_limit = lim.lr if lim is not None else None
        row.set_stability_limit(lr_limit, explain_limit(r.optimizer, lim))
        traj = s.result(rid)
        if not r.enabled:
            row.set_status("")
        elif traj is not None:
            row.set_status(*describe(traj, lr_limit, not s.surface.has_minimum))
        elif s.settings_error(rid) is not None:
            row.set_status(translate("SurfaceLab", "not run: fix the value above"), "bad")
        else:
            why = s.error(rid)
            row.set_status(translate("SurfaceLab", "not run: {why}").format(why=why), "bad")
        self.rows.show_result(rid, traj)  # the schedule curve's marker (runs with a schedule)

    def _draw_for(self, rid: int) -> RunDraw:
        r = self.session.run(rid)
        label = f"{r.label} · lr {format_lr(r.hyper['lr'])}"
        if r.start is not None:
            label += " · " + translate("SurfaceLab", "from {p}").format(p=fmt_point(r.start))
        if not r.dynamics.is_plain():  # noise, schedule, clip or AMSGrad: say which, on a
            # second line (the legend draws it smaller: one line ran wider than the plot)
            label += "\n" + dynamics_summary(r.dynamics)
        return RunDraw(rid, label, color_hex(r.color), self.session.result(rid),
                       self.rows.row(rid).status_text())

    def starts(self) -> dict:
        """Start handles: one per run with its own start, plus the shared one (key None)."""
        shown = [r for r in self.session.runs() if r.enabled]
        starts = {r.id: r.start for r in shown if r.start is not None}
        if any(r.start is None for r in shown) or not starts:
            starts[None] = self.session.start
        return starts
