"""A column of :class:`OptimizerRow` with an "Add optimizer" menu; new rows get the next free colour."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QToolButton, QVBoxLayout, QWidget

from optim_lab import OPTIMIZERS

from .optimizer_row import OptimizerRow
from .palette import OKABE_ITO


class OptimizerList(QWidget):
    """Rows of optimizer controls.

    Signals carry the row: ``rowChanged(row)`` (any edit, including slider
    drags), ``rowAdded(row)``, ``rowRemoved(row)`` (after it left the list),
    ``rowColorChanged(row)``, ``rowDynamicsEdited(row, dynamics)``.

    ``managed=False`` makes the list a pure view of a model: the "Add" menu emits
    ``addRequested(name)`` and a row's ✕ emits ``removeRequested(row)``; the owner
    then adds or removes rows with :meth:`add_row` / :meth:`remove_row`.
    """

    rowChanged = Signal(object)
    rowAdded = Signal(object)
    rowRemoved = Signal(object)
    rowColorChanged = Signal(object)
    rowDynamicsEdited = Signal(object, object)  # row, a checked optim_lab.dynamics.Dynamics
    addRequested = Signal(str)
    removeRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None, max_rows: int = 8,
                 managed: bool = True) -> None:
        super().__init__(parent)
        self._rows: list[OptimizerRow] = []
        self._max_rows = max_rows
        self._managed = managed
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.add_button = QToolButton(self)
        self.add_button.setText(self.tr("＋ Add optimizer"))
        self.add_button.setToolTip(
            self.tr("Add another run (any optimizer, several of the same allowed)"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        for name, spec in OPTIMIZERS.items():
            act = menu.addAction(spec.label)
            act.triggered.connect(lambda _=False, n=name: self._on_add_chosen(n))
        self.add_button.setMenu(menu)
        self._layout.addWidget(self.add_button)
        self._layout.addStretch(1)

    def rows(self) -> list[OptimizerRow]:
        return list(self._rows)

    def enabled_rows(self) -> list[OptimizerRow]:
        return [r for r in self._rows if r.is_enabled()]

    def next_color(self) -> str:
        used = {r.color().lower() for r in self._rows}
        for c in OKABE_ITO:
            if c.lower() not in used:
                return c
        return OKABE_ITO[len(self._rows) % len(OKABE_ITO)]

    def add_row(self, name: str, hyper: dict | None = None, enabled: bool = True,
                color: str | None = None) -> OptimizerRow | None:
        """Append a row (None when the list is full)."""
        if len(self._rows) >= self._max_rows:
            return None
        row = OptimizerRow(name, color or self.next_color(), hyper, enabled, parent=self)
        self.insert_row(row)
        return row

    def insert_row(self, row: OptimizerRow) -> None:
        """Append a row built by the caller (a view of its model)."""
        self._rows.append(row)
        self._layout.insertWidget(len(self._rows) - 1, row)
        row.changed.connect(lambda r=row: self.rowChanged.emit(r))
        row.colorChanged.connect(lambda _c, r=row: self.rowColorChanged.emit(r))
        row.dynamicsEdited.connect(lambda d, r=row: self.rowDynamicsEdited.emit(r, d))
        row.removeRequested.connect(lambda r=row: self._on_remove_clicked(r))
        self.add_button.setEnabled(len(self._rows) < self._max_rows)
        self.rowAdded.emit(row)

    def max_rows(self) -> int:
        return self._max_rows

    def set_full(self, full: bool) -> None:
        self.add_button.setEnabled(not full)

    def remove_row(self, row: OptimizerRow) -> None:
        if row not in self._rows:
            return
        self._rows.remove(row)
        self._layout.removeWidget(row)
        row.hide()
        row.setParent(None)
        row.deleteLater()
        self.add_button.setEnabled(True)
        self.rowRemoved.emit(row)

    def _on_add_chosen(self, name: str) -> None:
        if self._managed:
            self.add_row(name)
        else:
            self.addRequested.emit(name)

    def _on_remove_clicked(self, row: OptimizerRow) -> None:
        if self._managed:
            self.remove_row(row)
        else:
            self.removeRequested.emit(row)

    def clear(self) -> None:
        for row in list(self._rows):
            self.remove_row(row)
