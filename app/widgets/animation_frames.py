"""What an animation frame shows: a lab's plane (a grabbed widget) and, if asked, the loss plot.

A frame source names a lab's playback clock, the widget to grab and the runs' loss
curves: :class:`SurfaceLabFrames` (the Surface Lab's surface view) and
:class:`NDLabFrames` (the N-D Lab's plane view). :class:`LossPanel` paints the loss of
every run against the step with the current step marked, under the plane; its axes,
ticks and faint full curves are painted once, each frame only adds the curves up to the
current step, the marker line and the dots. Frame ``i`` of ``n`` shows step
``round(i · steps / (n − 1))``. GUI thread only (widgets are grabbed and painted).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

__all__ = ["LossPanel", "LossSeries", "NDLabFrames", "SurfaceLabFrames", "compose_frame",
           "frame_heights", "frame_step", "image_to_rgb"]

PLOT_SHARE = 0.3  # loss plot height / frame width
FLOOR = 1e-18  # a log axis shows f − f* clipped here (it can be exactly 0), as the loss plots do


def image_to_rgb(image: QImage) -> np.ndarray:
    """A copy of ``image`` as a height × width × 3 uint8 array."""
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = img.width(), img.height(), img.bytesPerLine()
    buf = np.frombuffer(img.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    return buf[:, : 3 * w].reshape(h, w, 3).copy()


def frame_step(i: int, frames: int, steps: int) -> int:
    """The playback step frame ``i`` of ``frames`` shows (first frame 0, last ``steps``)."""
    return steps if frames == 1 else int(round(i * steps / (frames - 1)))


def frame_heights(width: int, aspect: float, loss_plot: bool) -> tuple[int, int]:
    """(plane height, loss plot height), both even (H.264 needs even sizes)."""
    plane = max(16, int(round(width * aspect / 2)) * 2)
    plot = max(16, int(round(width * PLOT_SHARE / 2)) * 2) if loss_plot else 0
    return plane, plot


@dataclass(frozen=True)
class LossSeries:
    color: str
    losses: np.ndarray  # the plotted quantity per step (f − f* where f* is known), finite


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    span = hi - lo
    if not math.isfinite(span) or span <= 0:
        return [lo]
    raw = span / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    return [first + k * step for k in range(int((hi - first) / step) + 1)]


class LossPanel:
    """Loss vs step of every run, painted into a ``width`` × ``height`` strip; log y when
    every value is positive (``log10`` of the loss, ticks at whole decades), else linear."""

    def __init__(self, series: list[LossSeries], steps: int, width: int, height: int,
                 title: str) -> None:
        self.steps = max(1, int(steps))
        self.width, self.height = width, height
        px = max(10, width // 80)
        self.font = QFont()
        self.font.setPixelSize(px)
        self.left, self.right, self.top, self.bottom = 5 * px, 2 * px, int(1.8 * px), int(1.9 * px)
        self.plot = QRectF(self.left, self.top, width - self.left - self.right,
                           height - self.top - self.bottom)
        values = [np.asarray(s.losses, float) for s in series]
        finite = [v[np.isfinite(v)] for v in values]
        self.log = all(len(v) == 0 or float(v.min()) > 0 for v in finite)
        ys = [self._y(v) for v in values]
        flat = np.concatenate([y[np.isfinite(y)] for y in ys] + [np.zeros(0)])
        lo, hi = (float(flat.min()), float(flat.max())) if len(flat) else (0.0, 1.0)
        if hi - lo < 1e-12:
            lo, hi = lo - 0.5, hi + 0.5
        pad = 0.04 * (hi - lo)
        self.lo, self.hi = lo - pad, hi + pad
        self.colors = [QColor(s.color) for s in series]
        self.points = []  # per run: (steps, x pixels, y pixels) at most ~2 points per pixel column
        for y in ys:
            n = len(y)
            keep = np.unique(np.linspace(0, n - 1, min(n, 2 * int(self.plot.width()) + 2))
                             .astype(int)) if n else np.zeros(0, int)
            keep = keep[np.isfinite(y[keep])]
            self.points.append((keep, self._px(keep.astype(float)), self._py(y[keep])))
        self.background = self._paint_background(title)

    def _y(self, v: np.ndarray) -> np.ndarray:
        return np.log10(np.maximum(v, FLOOR)) if self.log else v

    def _px(self, k: np.ndarray) -> np.ndarray:
        return self.plot.left() + k / self.steps * self.plot.width()

    def _py(self, y: np.ndarray) -> np.ndarray:
        y = np.clip(y, self.lo, self.hi)
        return self.plot.bottom() - (y - self.lo) / (self.hi - self.lo) * self.plot.height()

    def _paint_background(self, title: str) -> QImage:
        img = QImage(self.width, self.height, QImage.Format.Format_RGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(self.font)
        grid, text = QPen(QColor(225, 225, 225)), QColor("#333333")
        ticks = ([float(d) for d in range(math.ceil(self.lo), math.floor(self.hi) + 1)]
                 if self.log else _nice_ticks(self.lo, self.hi))
        if self.log and len(ticks) > 6:
            every = math.ceil(len(ticks) / 6)
            ticks = ticks[::every]
        for t in ticks:
            y = float(self._py(np.array([t]))[0])
            p.setPen(grid)
            p.drawLine(QPointF(self.plot.left(), y), QPointF(self.plot.right(), y))
            p.setPen(text)
            label = f"1e{int(t)}" if self.log else f"{t:.3g}"
            p.drawText(QRectF(0, y - self.font.pixelSize(), self.left - 4,
                              2 * self.font.pixelSize()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        for k in _nice_ticks(0, self.steps, 4):
            x = float(self._px(np.array([k]))[0])
            p.setPen(text)
            half = 4 * self.font.pixelSize()
            left = min(x - half, self.width - 2 * half)  # the last label stays inside the image
            p.drawText(QRectF(left, self.plot.bottom() + 2, 2 * half, self.bottom - 2),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, f"{k:g}")
        p.setPen(QPen(QColor("#888888")))
        p.drawRect(self.plot)
        p.setPen(text)
        p.drawText(QRectF(self.left, 0, self.plot.width(), self.top),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        for color, (_k, xs, ys) in zip(self.colors, self.points):
            faint = QColor(color)
            faint.setAlpha(60)
            p.setPen(QPen(faint, 1))
            p.drawPath(self._path(xs, ys))
        p.end()
        return img

    @staticmethod
    def _path(xs: np.ndarray, ys: np.ndarray) -> QPainterPath:
        path = QPainterPath()
        if len(xs):
            path.moveTo(float(xs[0]), float(ys[0]))
            for x, y in zip(xs[1:].tolist(), ys[1:].tolist()):
                path.lineTo(x, y)
        return path

    def paint(self, p: QPainter, top: int, step: int) -> None:
        """Paint the strip with its top at ``top``, runs drawn up to ``step``."""
        p.drawImage(0, top, self.background)
        p.save()
        p.translate(0, top)
        p.setClipRect(self.plot.adjusted(-4, -4, 4, 4))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        x_now = float(self._px(np.array([float(min(step, self.steps))]))[0])
        p.setPen(QPen(QColor("#444444"), 1, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x_now, self.plot.top()), QPointF(x_now, self.plot.bottom()))
        r = max(3.0, self.font.pixelSize() / 3)
        for color, (ks, xs, ys) in zip(self.colors, self.points):
            upto = int(np.searchsorted(ks, step, side="right"))
            if upto == 0:
                continue
            p.setPen(QPen(color, 2))
            p.setBrush(Qt.BrushStyle.NoBrush)  # a curve, not a filled shape
            p.drawPath(self._path(xs[:upto], ys[:upto]))
            p.setBrush(color)
            p.setPen(QPen(QColor("#222222"), 1))
            p.drawEllipse(QPointF(float(xs[upto - 1]), float(ys[upto - 1])), r, r)
        p.restore()


def compose_frame(plane: QImage, panel: LossPanel | None, step: int, width: int,
                  plane_height: int, height: int) -> np.ndarray:
    """The frame as RGB: ``plane`` scaled to ``width`` × ``plane_height``, the panel under it."""
    frame = QImage(width, height, QImage.Format.Format_RGB888)
    frame.fill(QColor("white"))
    p = QPainter(frame)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    p.drawImage(QRect(0, 0, width, plane_height), plane)
    if panel is not None:
        panel.paint(p, plane_height, step)
    p.end()
    return image_to_rgb(frame)


def _title(shift: float | None) -> str:
    if shift is None:
        return QCoreApplication.translate("AnimationExport", "loss f")
    if shift:
        return QCoreApplication.translate("AnimationExport", "loss f − f*  (f* = {v})") \
            .format(v=f"{shift:.4g}")
    return QCoreApplication.translate("AnimationExport", "loss f − f*")


class SurfaceLabFrames:
    """The Surface Lab's surface view and its runs."""

    def __init__(self, lab) -> None:
        self.lab = lab
        self.clock = lab.clock

    def prepare(self) -> None:
        self.lab.recompute_now()

    def ready(self) -> bool:
        return True

    def widget(self) -> QWidget:
        return self.lab.view

    def size(self) -> tuple[int, int]:
        return self.lab.view.width(), self.lab.view.height()

    def grab(self) -> QImage:
        return self.lab.view.grab().toImage()

    def loss_panel(self, width: int, height: int) -> LossPanel:
        lab, curves = self.lab, self.lab.curves
        series = []
        for rid in lab.session.run_ids():
            traj, item = lab.session.result(rid), lab.view.runs.items.get(rid)
            if traj is not None and item is not None and lab.session.run(rid).enabled:
                series.append(LossSeries(item.color, curves.loss_values(traj)))
        return LossPanel(series, self.clock.steps, width, height, _title(curves.shift))


class NDLabFrames:
    """The N-D Lab's plane view (the plane plot of its figure) and its runs."""

    def __init__(self, lab) -> None:
        self.lab = lab
        self.clock = lab.playback.clock

    def prepare(self) -> None:
        pass  # the N-D Lab draws each result as it arrives

    def ready(self) -> bool:
        res = self.lab.result
        return res is not None and bool(res.trajectories)

    def _rect(self) -> QRect:
        fig = self.lab.figure
        return fig.mapFromScene(fig.plane_plot.sceneBoundingRect()).boundingRect() \
            .intersected(fig.rect())

    def widget(self) -> QWidget:
        return self.lab.figure

    def size(self) -> tuple[int, int]:
        r = self._rect()
        return r.width(), r.height()

    def grab(self) -> QImage:
        return self.lab.figure.grab(self._rect()).toImage()

    def loss_panel(self, width: int, height: int) -> LossPanel:
        res = self.lab.result
        series = []
        shift = None if res is None else res.f_star
        if res is not None:
            for key, traj in zip(res.keys, res.trajectories):
                v = np.asarray(traj.losses, float)
                v = v if shift is None else np.maximum(v - shift, FLOOR)
                series.append(LossSeries(key.color(), v))
        return LossPanel(series, self.clock.steps, width, height, _title(shift))
