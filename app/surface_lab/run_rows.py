"""The optimizer rows as a view of the session's runs: edits go to the session, the
session's values come back to the rows (with signals blocked, so nothing echoes).

A run's training dynamics travel the same way (``set_dynamics``); a run with a
learning-rate schedule also gets its curve (redrawn when its lr, the steps or the
schedule change) and a playback marker at the clock's position."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from PySide6.QtCore import QObject

from optim_lab import Trajectory
from optim_lab.dynamics import Dynamics
from optim_lab.session import SurfaceSession

from ..widgets import OKABE_ITO, OptimizerList, OptimizerRow


def color_hex(color: int | str) -> str:
    """A session colour (palette index or "#rrggbb") as a hex string."""
    return OKABE_ITO[color % len(OKABE_ITO)] if isinstance(color, int) else color


class RunRows(QObject):
    """Keeps one :class:`OptimizerRow` per session run, in run order.

    ``report(text)`` is called when the session refuses an edit (for the status bar).
    """

    def __init__(self, session: SurfaceSession, rows: OptimizerList,
                 report: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.list = rows
        self._report = report
        self._by_id: dict[int, OptimizerRow] = {}
        self._position = 0  # the playback step the schedule curves mark
        rows.addRequested.connect(self._on_add_requested)
        rows.removeRequested.connect(self._on_remove_requested)
        rows.rowChanged.connect(self._on_row_edited)
        rows.rowColorChanged.connect(self._on_row_color_changed)
        rows.rowDynamicsEdited.connect(self._on_row_dynamics_edited)
        session.runs_changed.connect(self.sync)
        session.run_changed.connect(self._on_run_changed)
        session.steps_changed.connect(self._on_steps_changed)
        self.sync()

    def row(self, run_id: int) -> OptimizerRow:
        return self._by_id[run_id]

    def rows(self) -> list[OptimizerRow]:
        return [self._by_id[i] for i in self.session.run_ids() if i in self._by_id]

    def sync(self) -> None:
        """Create and remove rows so they match the session's runs."""
        ids = self.session.run_ids()
        for rid in [i for i in self._by_id if i not in ids]:
            self.list.remove_row(self._by_id.pop(rid))
        for rid in ids:
            if rid not in self._by_id:
                r = self.session.run(rid)
                row = OptimizerRow(r.optimizer, color_hex(r.color), dict(r.hyper), r.enabled,
                                   parent=self.list, dynamics=True)
                row.run_id = rid
                self._by_id[rid] = row
                self.list.insert_row(row)
                self._show_dynamics(rid, row)
        self.list.set_full(len(ids) >= self.list.max_rows())

    # --- model -> rows -------------------------------------------------------------
    def _on_run_changed(self, run_id: int) -> None:
        row = self._by_id.get(run_id)
        if row is not None:
            r = self.session.run(run_id)
            row.show_setting(r.hyper, r.enabled, color_hex(r.color))
            self._show_dynamics(run_id, row)

    def _show_dynamics(self, run_id: int, row: OptimizerRow) -> None:
        r = self.session.run(run_id)
        row.show_dynamics(r.dynamics)  # both O(1) for a run without dynamics (slider drags)
        row.show_schedule(r.hyper["lr"], self.session.steps)
        if row.schedule_curve.isVisibleTo(row):  # a curve just shown marks where playback is
            row.schedule_curve.set_position(self._position)

    def _on_steps_changed(self, _n: int) -> None:
        ids = set(self.session.run_ids())  # a new experiment announces its steps before its runs
        for rid, row in self._by_id.items():
            if rid in ids:
                self._show_dynamics(rid, row)

    def show_result(self, run_id: int, traj: Trajectory | None) -> None:
        """The run's new trajectory: the marker shows the rates it used (``traj.lrs``)."""
        row = self._by_id.get(run_id)
        if row is not None and row.schedule_curve.isVisibleTo(row):
            row.schedule_curve.set_run_lrs(None if traj is None else traj.lrs)

    def show_position(self, k: int) -> None:
        """Playback moved to step ``k``: move the schedule markers (rows with a schedule)."""
        self._position = k
        for row in self._by_id.values():
            if row.schedule_curve.isVisibleTo(row):
                row.schedule_curve.set_position(k)

    # --- rows -> model -------------------------------------------------------------
    def _on_add_requested(self, name: str) -> None:
        try:
            self.session.add_run(name)
        except ValueError as exc:
            self._report(str(exc))

    def _on_remove_requested(self, row: OptimizerRow) -> None:
        if row.run_id in self._by_id:
            self.session.remove_run(row.run_id)

    def _on_row_edited(self, row: OptimizerRow) -> None:
        rid = row.run_id
        if rid not in self._by_id:
            return
        self.session.set_hyper(rid, **row.hyper())
        self.session.set_enabled(rid, row.is_enabled())

    def _on_row_dynamics_edited(self, row: OptimizerRow, d: Dynamics) -> None:
        if row.run_id not in self._by_id:
            return
        try:
            self.session.set_dynamics(row.run_id, **{f.name: getattr(d, f.name)
                                                     for f in fields(d)})
        except ValueError as exc:  # the row keeps the session's last good value
            row.show_dynamics_error(str(exc))

    def _on_row_color_changed(self, row: OptimizerRow) -> None:
        if row.run_id in self._by_id:
            self.session.set_color(row.run_id, row.color())
