"""The Surface Lab's recompute pipeline: dirty runs -> one coalesced engine pass -> plot items.

Edits mark runs dirty; a zero-timeout single-shot timer coalesces a burst of
events (a slider drag) into one pass per event-loop turn that recomputes only
the dirty runs and updates only their items.
"""

from __future__ import annotations

from optim_lab import run

from ..widgets import OptimizerRow
from ..widgets.lr_slider import format_lr
from .advice import explain_limit, limit_for_row
from .run_layer import RunDraw
from .status import describe, fmt_point


class RecomputeMixin:
    """Mixed into SurfaceLab (needs ``_timer``, ``_dirty``, ``trajs``, ``limits``, ``view``,
    ``curves``, ``surface``, ``row_starts`` and ``start``)."""

    def recompute_now(self) -> None:
        """Flush pending recomputation (tests, export, render)."""
        self._timer.stop()
        self._recompute()

    # --- recompute -------------------------------------------------------------
    def _mark(self, row: OptimizerRow) -> None:
        self._dirty.add(row)
        if not self._loading and not self._timer.isActive():
            self._timer.start()

    def _mark_all(self) -> None:
        for row in self.rows():
            self._dirty.add(row)
        if not self._loading and not self._timer.isActive():
            self._timer.start()

    def _recompute(self) -> None:
        rows = self.rows()
        dirty = [r for r in rows if r in self._dirty]
        self._dirty.clear()
        for row in dirty:
            self._compute_row(row)
        draws = {r: self._draw_for(r) for r in rows}
        starts = self._starts()
        restructured = self._structure_changed
        if restructured:
            self.view.set_runs(list(draws.values()))
            self.curves.keep_only(draws)
            self._structure_changed = False
        else:
            for row in dirty:
                self.view.runs.update_run(draws[row], redraw=False)
            self.view.runs.refresh()
        for row in dirty:
            self.curves.set_run(row, row.color(), self.trajs.get(row))
        self.curves.fit_y()
        self.view.set_starts(starts)
        if restructured:
            self.view.runs.place_legend(list(starts.values()))

    def _compute_row(self, row: OptimizerRow) -> None:
        start = self.start_of(row)
        lim = limit_for_row(self.surface, start, row.name, row.hyper())
        self.limits[row] = lim.lr if lim is not None else None
        row.set_stability_limit(self.limits[row], explain_limit(row.name, lim))
        traj = None
        opt = row.optimizer()
        if not row.is_enabled():
            row.set_status("")
        elif opt is None:
            row.set_status(self.tr("not run: fix the value above"), "bad")
        else:
            try:
                traj = run(self.surface, opt, start, self.steps())
            except ValueError as exc:
                row.set_status(self.tr("not run: {why}").format(why=exc), "bad")
            else:
                row.set_status(*describe(traj, self.limits[row], not self.surface.minima))
        self.trajs[row] = traj

    def _draw_for(self, row: OptimizerRow) -> RunDraw:
        label = f"{row.label()} · lr {format_lr(row.lr.value())}"
        if row in self.row_starts:
            label += " · " + self.tr("from {p}").format(p=fmt_point(self.row_starts[row]))
        return RunDraw(row, label, row.color(), self.trajs.get(row), row.status_text())

    def _starts(self) -> dict:
        shown = [r for r in self.rows() if r.is_enabled()]
        starts = {r: self.row_starts[r] for r in shown if r in self.row_starts}
        if any(r not in self.row_starts for r in shown) or not starts:
            starts[None] = self.start
        return starts
