"""A run's learning-rate schedule as a small curve (lr against step) with a playback marker.

The curve is sampled at no more than :data:`MAX_SAMPLES` steps, whatever the run's length,
from the schedules' closed forms (numpy, microseconds), which equal
``optim_lab.schedules``' recursive (torch) values to rounding::

    constant            lr_t = lr
    StepLR              lr_t = lr · γ^⌊t / step_size⌋
    ExponentialLR       lr_t = lr · γ^t
    CosineAnnealingLR   lr_t = η_min + (lr − η_min) · (1 + cos(π t / T_max)) / 2
    LinearLR            lr_t = lr · (s + (e − s) · min(t, n) / n)      s, e, n: start, end, total
    warmup_cosine       LinearLR(s, 1, w) for t < w, then the cosine at t − w

The y axis is logarithmic when the rates span decades so that a linear axis would squash a
quarter of the run or more into its bottom 1 % (an exponential decay over several decades;
not a cosine down to 0, whose tail is short). The marker and
the text "lr … at step k" show the rate the run really used (``Trajectory.lrs``) at the
playback position; the widget is created once and only repainted.
"""

from __future__ import annotations

import math

import numpy as np
from pyqtgraph.functions import create_qpolygonf, ndarray_from_qpolygonf
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from optim_lab.schedules import Schedule

from .lr_slider import format_lr

MAX_SAMPLES = 400
SQUASHED = 0.01  # below this fraction of the largest rate a linear axis shows nothing
SQUASHED_SHARE = 0.25  # log axis when at least this share of the samples would be squashed
HEIGHT = 40
TEXT_COLOR = QColor("#555555")


def sample_steps(steps: int, max_samples: int = MAX_SAMPLES) -> np.ndarray:
    """Step indices 0 … steps−1 (all of them, or ``max_samples`` spread evenly, ends included)."""
    if steps <= max_samples:
        return np.arange(steps, dtype=np.int64)
    return np.unique(np.linspace(0, steps - 1, max_samples).round().astype(np.int64))


def schedule_lrs_at(schedule: Schedule, base_lr: float, t: np.ndarray) -> np.ndarray:
    """The learning rate at steps ``t`` by the closed forms of the module docstring."""
    t = np.asarray(t, dtype=np.float64)
    p = dict(schedule.params)
    name = schedule.name
    if name == "StepLR":
        return base_lr * p["gamma"] ** np.floor(t / p["step_size"])
    if name == "ExponentialLR":
        return base_lr * p["gamma"] ** t
    if name == "CosineAnnealingLR":
        return _cosine(base_lr, p["eta_min"], p["T_max"], t)
    if name == "LinearLR":
        s, e, n = p["start_factor"], p["end_factor"], p["total_iters"]
        return base_lr * (s + (e - s) * np.minimum(t, n) / n)
    if name == "warmup_cosine":
        w, s = p["warmup_iters"], p["start_factor"]
        warm = base_lr * (s + (1.0 - s) * t / w)
        return np.where(t < w, warm, _cosine(base_lr, p["eta_min"], p["T_max"], t - w))
    return np.full(t.shape, float(base_lr))


def _cosine(base: float, eta_min: float, period: int, t: np.ndarray) -> np.ndarray:
    return eta_min + (base - eta_min) * (1.0 + np.cos(math.pi * t / period)) / 2.0


class ScheduleCurve(QWidget):
    """lr against step for one run; ``set_schedule`` recomputes only when its inputs change."""

    def __init__(self, color: str = "#333333", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(HEIGHT)
        self._color = QColor(color)
        self._key: tuple | None = None
        self._x = np.zeros(0, dtype=np.int64)
        self._y = np.zeros(0)
        self._steps = 0
        self._log = False
        self._lo = self._hi = 0.0
        self._u = self._v = np.zeros(0)  # the samples as fractions of the plot's width, height
        self._polygon: QPolygonF | None = None  # in pixels, built on the first paint
        self._polygon_size: tuple[int, int] = (0, 0)
        self._run_lrs: np.ndarray | None = None
        self._position = 0
        self._readout = ""

    # --- data ----------------------------------------------------------------
    def set_schedule(self, schedule: Schedule, base_lr: float, steps: int) -> bool:
        """Sample ``schedule`` from ``base_lr`` over ``steps`` steps; False if nothing changed."""
        key = (schedule, float(base_lr), int(steps))
        if key == self._key:
            return False
        self._key = key
        if int(steps) != self._steps or not self._x.size:
            self._steps = int(steps)
            self._x = sample_steps(self._steps)
        y = schedule_lrs_at(schedule, float(base_lr), self._x)
        self._y = np.where(np.isfinite(y), y, 0.0)
        positive = self._y[self._y > 0]
        hi = float(self._y.max()) if self._y.size else 0.0
        lo = float(positive.min()) if positive.size else 0.0
        self._log = bool(positive.size == self._y.size and hi > 0
                         and np.mean(self._y < SQUASHED * hi) >= SQUASHED_SHARE)
        self._lo, self._hi = lo if self._log else min(0.0, float(self._y.min(initial=0.0))), hi
        self._u = self._x / max(1, self._steps - 1)
        self._v = self._fraction(self._y)
        self._polygon = None
        self._update_readout()
        self.setToolTip(QCoreApplication.translate(
            "ScheduleCurve", "Learning rate at each step, from {lo} to {hi} ({axis})").format(
            hi=format_lr(hi), lo=format_lr(float(self._y.min(initial=0.0))),
            axis=QCoreApplication.translate("ScheduleCurve", "log scale") if self._log
            else QCoreApplication.translate("ScheduleCurve", "linear scale")))
        self.update()
        return True

    def set_run_lrs(self, lrs: np.ndarray | None) -> None:
        """The rates the run used, step by step (its trajectory's ``lrs``), for the marker."""
        self._run_lrs = None if lrs is None or len(lrs) == 0 else np.asarray(lrs)
        self._update_readout()
        self.update()

    def set_position(self, k: int) -> None:
        """Playback position: the marker moves to step ``k``."""
        k = max(0, int(k))
        if k != self._position:
            self._position = k
            self._update_readout()
            self.update()

    def set_color(self, color: str) -> None:
        if QColor(color) != self._color:
            self._color = QColor(color)
            self.update()

    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        """The drawn samples: steps and learning rates."""
        return self._x.copy(), self._y.copy()

    def is_log(self) -> bool:
        return self._log

    def marker(self) -> tuple[int, float] | None:
        """(step, lr) under the marker: the run's own rate at the playback position."""
        if self._run_lrs is None:
            return None
        k = min(self._position, len(self._run_lrs) - 1)
        return k, float(self._run_lrs[k])

    def readout(self) -> str:
        return self._readout

    def _update_readout(self) -> None:
        m = self.marker()
        self._readout = "" if m is None else QCoreApplication.translate(
            "ScheduleCurve", "lr {lr} at step {k}").format(lr=format_lr(m[1]), k=m[0])

    # --- painting --------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(160, HEIGHT)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(80, HEIGHT)

    def _plot_rect(self) -> QRectF:
        text_h = self.fontMetrics().height()
        return QRectF(2.0, text_h + 1.0, max(1.0, self.width() - 4.0),
                      max(1.0, self.height() - text_h - 3.0))

    def _fraction(self, lr: np.ndarray) -> np.ndarray:
        """Heights of learning rates as fractions of the plot (0 bottom, 1 top)."""
        if self._log:
            lo, hi = math.log10(self._lo), math.log10(self._hi)
            v = np.log10(np.maximum(lr, self._lo))
        else:
            lo, hi, v = self._lo, self._hi, np.asarray(lr, dtype=float)
        if hi <= lo:
            return np.full(np.shape(v), 0.5)
        return np.clip((v - lo) / (hi - lo), 0.0, 1.0)

    def _map(self, rect: QRectF, step: float, lr: float) -> QPointF:
        u = step / max(1, self._steps - 1)
        v = float(self._fraction(np.array([lr]))[0])
        return QPointF(rect.left() + rect.width() * u, rect.bottom() - rect.height() * v)

    def _curve_polygon(self, rect: QRectF) -> QPolygonF:
        """The samples in pixels, rebuilt only after new data or a resize."""
        size = (self.width(), self.height())
        if self._polygon is None or size != self._polygon_size:
            polygon = create_qpolygonf(len(self._u))  # filled in place: no QPointF per sample
            xy = ndarray_from_qpolygonf(polygon)
            xy[:, 0] = rect.left() + rect.width() * self._u
            xy[:, 1] = rect.bottom() - rect.height() * self._v
            self._polygon, self._polygon_size = polygon, size
        return self._polygon

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt name)
        if not self._y.size:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self._plot_rect()
        p.fillRect(rect, QColor("#F4F4F4"))
        p.setPen(TEXT_COLOR)
        top = QRectF(2.0, 0.0, self.width() - 4.0, rect.top())
        p.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self._readout)
        if self._log:
            p.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       QCoreApplication.translate("ScheduleCurve", "log"))
        p.setPen(QPen(self._color, 1.5))
        p.drawPolyline(self._curve_polygon(rect))
        m = self.marker()
        if m is not None:
            pt = self._map(rect, m[0], m[1])
            p.setPen(QPen(QColor("#888888"), 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(pt.x(), rect.top()), QPointF(pt.x(), rect.bottom()))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self._color)
            p.drawEllipse(pt, 3.0, 3.0)
        p.end()
