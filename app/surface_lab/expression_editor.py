"""Editor for the user's own surface f(x, y): text, plotting range, examples, Apply.

As the user types, the text is checked against the engine's allow-list at once
(no code is ever run; see :mod:`optim_lab.surfaces.expression`) and the message
under the field says what is wrong and where.  A text that passes is then
differentiated, compiled and searched for critical points on a worker thread
(50–500 ms), through ``get_surface("custom", ...)`` whose cache the Surface Lab
then hits.  ``applied(expression, bounds)`` is emitted only for a surface that
was built successfully; ``bounds`` is ``(xmin, xmax, ymin, ymax)``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from optim_lab.surfaces import DEFAULT_BOUNDS, ExpressionError, get_surface
from optim_lab.surfaces.expression import FUNCTIONS, MAX_BOUND, parse_bounds, parse_expression

from .expression_messages import tr_expression_error
from .expression_preview import preview_pixmap, preview_values

CHECK_DELAY_MS = 150  # typing pause before a check
PREVIEW_SIZE = 120  # pixels
HISTORY_SIZE = 8

# (title, expression, bounds): starting points, shown in the examples list
EXAMPLES = (
    ("Narrow valley", "0.5*(x**2 + 25*y**2)", (-3.0, 3.0, -3.0, 3.0)),
    ("Rosenbrock", "(1 - x)**2 + 100*(y - x**2)**2", (-2.0, 2.0, -1.0, 3.0)),
    ("Himmelblau", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2", (-5.0, 5.0, -5.0, 5.0)),
    ("Saddle", "x**2 - y**2", (-2.0, 2.0, -2.0, 2.0)),
    ("Monkey saddle", "x**3 - 3*x*y**2", (-1.5, 1.5, -1.5, 1.5)),
    ("Two wells", "(x**2 - 1)**2 + 0.3*x + y**2", (-2.0, 2.0, -1.5, 1.5)),
    ("Ripples", "x**2 + y**2 + 2*sin(3*x)*sin(3*y)", (-3.0, 3.0, -3.0, 3.0)),
)


def _example_title(title: str) -> str:
    titles = {
        "Narrow valley": QCoreApplication.translate("ExpressionEditor", "Narrow valley"),
        "Rosenbrock": QCoreApplication.translate("ExpressionEditor", "Rosenbrock"),
        "Himmelblau": QCoreApplication.translate("ExpressionEditor", "Himmelblau"),
        "Saddle": QCoreApplication.translate("ExpressionEditor", "Saddle"),
        "Monkey saddle": QCoreApplication.translate("ExpressionEditor", "Monkey saddle"),
        "Two wells": QCoreApplication.translate("ExpressionEditor", "Two wells"),
        "Ripples": QCoreApplication.translate("ExpressionEditor", "Ripples"),
    }
    return titles.get(title, title)


class _BuildSignals(QObject):
    done = Signal(int, object, object)  # generation, surface or None, ExpressionError or None


class _BuildJob(QRunnable):
    """Build the custom surface on a pool thread (the engine bounds its CPU time)."""

    def __init__(self, generation: int, text: str, bounds: tuple):
        super().__init__()
        self.generation, self.text, self.bounds = generation, text, bounds
        self.signals = _BuildSignals()

    def run(self) -> None:
        try:
            surface = get_surface("custom", expression=self.text, bounds=self.bounds)
        except ExpressionError as exc:
            self.signals.done.emit(self.generation, None, exc)
            return
        values = preview_values(surface)  # numbers only: the pixmap is made on the GUI thread
        self.signals.done.emit(self.generation, (surface, values), None)


class ExpressionEditor(QWidget):
    """f(x, y) text with live validation, range boxes, examples, history and Apply."""

    applied = Signal(str, object)  # expression text (normalised), (xmin, xmax, ymin, ymax)

    def __init__(
        self, expression: str = "", bounds=DEFAULT_BOUNDS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._generation = 0
        self._ready: tuple[str, tuple] | None = None
        self.history: list[tuple[str, tuple]] = []
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)

        lay = QVBoxLayout(self)
        self.examples = QComboBox(self)
        self.examples.setToolTip(
            QCoreApplication.translate(
                "ExpressionEditor", "Start from an example or a recent expression"
            )
        )
        lay.addWidget(self.examples)
        row = QHBoxLayout()
        row.addWidget(QLabel("f(x, y) =", self))
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(
            QCoreApplication.translate("ExpressionEditor", "e.g. x**2 + 3*y**2")
        )
        self.text.setClearButtonEnabled(True)
        row.addWidget(self.text, 1)
        lay.addLayout(row)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setMinimumHeight(2 * self.fontMetrics().height() + 4)
        lay.addWidget(self.message)

        grid = QGridLayout()
        self.bound_boxes: list[QDoubleSpinBox] = []
        for i, axis in enumerate("xy"):
            grid.addWidget(
                QLabel(
                    QCoreApplication.translate("ExpressionEditor", "{axis} from").format(axis=axis), self
                ),
                i,
                0,
            )
            for j in range(2):
                box = QDoubleSpinBox(self)
                box.setRange(-MAX_BOUND, MAX_BOUND)
                box.setDecimals(3)
                box.setKeyboardTracking(False)
                box.valueChanged.connect(self._on_input_changed)
                self.bound_boxes.append(box)
                grid.addWidget(box, i, 1 + 2 * j)
            grid.addWidget(QLabel(QCoreApplication.translate("ExpressionEditor", "to"), self), i, 2)
        grid.setColumnStretch(4, 1)
        middle = QHBoxLayout()
        middle.addLayout(grid, 1)
        self.preview = QLabel(self)
        self.preview.setFixedSize(PREVIEW_SIZE, PREVIEW_SIZE)
        self.preview.setToolTip(
            QCoreApplication.translate(
                "ExpressionEditor",
                "Preview: low values dark, high values yellow, undefined grey; white dots are "
                "minima, orange saddles, red maxima",
            )
        )
        middle.addWidget(self.preview)
        lay.addLayout(middle)
        names = ", ".join(f"{n}({', '.join('ab'[: f.arity])})" for n, f in FUNCTIONS.items())
        helper = QLabel(
            QCoreApplication.translate(
                "ExpressionEditor", "Use x, y, pi, e, + − * / ** and {functions}."
            ).format(functions=names),
            self,
        )
        helper.setWordWrap(True)
        helper.setEnabled(False)
        lay.addWidget(helper)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.apply_button = QPushButton(QCoreApplication.translate("ExpressionEditor", "Apply"), self)
        self.apply_button.setEnabled(False)
        self.apply_button.setDefault(True)
        buttons.addWidget(self.apply_button)
        lay.addLayout(buttons)

        self._fill_examples()
        self.set_expression(expression, bounds)
        self.text.textChanged.connect(self._on_input_changed)
        self.text.returnPressed.connect(self._on_apply_clicked)
        self.examples.activated.connect(self._on_example_chosen)
        self.apply_button.clicked.connect(self._on_apply_clicked)

    # --- public -----------------------------------------------------------------
    def set_expression(self, expression: str, bounds=DEFAULT_BOUNDS) -> None:
        """Show ``expression`` and ``bounds`` and check them."""
        b = [float(v) for v in parse_bounds(bounds).ravel()]
        for box, v in zip(self.bound_boxes, b):
            box.blockSignals(True)
            box.setValue(v)
            box.blockSignals(False)
        self.text.blockSignals(True)
        self.text.setText(expression)
        self.text.blockSignals(False)
        self.check_now()

    def bounds(self) -> tuple[float, float, float, float]:
        return tuple(box.value() for box in self.bound_boxes)

    def is_ready(self) -> bool:
        return self._ready is not None

    def wait_for_check(self, msecs: int = 10_000) -> bool:
        """Block until the background build is done (tests, screenshots)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Drop queued builds and wait for the running one (bounded by the engine's deadline)."""
        self._timer.stop()
        self._pool.clear()
        self._pool.waitForDone(5000)

    # --- checking ---------------------------------------------------------------
    def _on_input_changed(self, *_args) -> None:
        self._generation += 1  # results of older checks are ignored
        self._ready = None
        self.apply_button.setEnabled(False)
        self._timer.start()

    def check_now(self) -> None:
        """Fast allow-list check here; derivatives and critical points on the pool."""
        self._timer.stop()
        self._generation += 1
        self._ready = None
        self.apply_button.setEnabled(False)
        self.preview.clear()
        text, bounds = self.text.text(), self.bounds()
        try:
            parse_bounds(bounds)
            parse_expression(text)
        except ExpressionError as exc:
            self._show(tr_expression_error(exc), ok=False)
            return
        self._show(
            QCoreApplication.translate("ExpressionEditor", "Checking derivatives and critical points…"),
            ok=None,
        )
        job = _BuildJob(self._generation, text, bounds)
        job.signals.done.connect(self._on_build_done)
        self._pool.clear()
        self._pool.start(job)

    def _on_build_done(self, generation: int, result, error) -> None:
        if generation != self._generation:
            return
        if error is not None:
            self._show(tr_expression_error(error), ok=False)
            return
        surface, values = result
        self._ready = (surface.expression, self.bounds())
        points = [(c.point[0], c.point[1], c.kind) for c in surface.critical_points]
        self.preview.setPixmap(preview_pixmap(values, points, self.bounds(), PREVIEW_SIZE))
        self.apply_button.setEnabled(True)
        kinds = [c.kind for c in surface.critical_points]
        msg = QCoreApplication.translate(
            "ExpressionEditor",
            "Ready. Critical points in the range: minima {minima}, saddles {saddles}, maxima {maxima}.",
        ).format(  # noqa: E501
            minima=kinds.count("minimum"), saddles=kinds.count("saddle"), maxima=kinds.count("maximum")
        )
        if not surface.search.complete:
            msg += " " + QCoreApplication.translate(
                "ExpressionEditor", "(search stopped early: there may be more)"
            )
        if surface.search.non_isolated:
            msg += " " + QCoreApplication.translate(
                "ExpressionEditor", "Some critical points lie on lines or curves."
            )
        self._show(msg, ok=True)

    def _show(self, text: str, ok: bool | None) -> None:
        colour = {True: "#1b7f3b", False: "#b00020", None: "palette(mid)"}[ok]
        mark = {True: "✓ ", False: "✗ ", None: ""}[ok]
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setText(mark + text)

    # --- examples, history, apply -------------------------------------------------
    def _fill_examples(self) -> None:
        self.examples.clear()
        self.examples.addItem(QCoreApplication.translate("ExpressionEditor", "Examples…"), None)
        for title, expr, bounds in EXAMPLES:
            self.examples.addItem(f"{_example_title(title)}: {expr}", (expr, bounds))
        if self.history:
            self.examples.insertSeparator(self.examples.count())
            for expr, bounds in self.history:
                self.examples.addItem(
                    QCoreApplication.translate("ExpressionEditor", "Recent: {expression}").format(
                        expression=expr
                    ),
                    (expr, bounds),
                )

    def _on_example_chosen(self, index: int) -> None:
        data = self.examples.itemData(index)
        self.examples.setCurrentIndex(0)
        if data:
            self.set_expression(*data)

    def _on_apply_clicked(self) -> None:
        if self._ready is None:
            return
        expr, bounds = self._ready
        self.history = [(expr, bounds)] + [h for h in self.history if h != (expr, bounds)]
        del self.history[HISTORY_SIZE:]
        self._fill_examples()
        self.applied.emit(expr, bounds)


class ExpressionDialog(QDialog):
    """The editor in a dialog: Apply emits ``applied`` and closes it."""

    applied = Signal(str, object)

    def __init__(
        self, expression: str = "", bounds=DEFAULT_BOUNDS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("ExpressionEditor", "Custom f(x, y)"))
        lay = QVBoxLayout(self)
        self.editor = ExpressionEditor(expression, bounds, self)
        lay.addWidget(self.editor)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        close.rejected.connect(self.reject)
        lay.addWidget(close)
        self.editor.applied.connect(self._on_applied)
        self.resize(560, self.sizeHint().height())

    def _on_applied(self, expression: str, bounds) -> None:
        self.applied.emit(expression, bounds)
        self.accept()

    def done(self, result: int) -> None:
        self.editor.shutdown()
        super().done(result)
