"""The runs drawn on the surface: one trajectory per run, playback markers, escape arrows.

Items are created once per run key and then only updated with ``setData``.
During playback the bold path shows steps 0…k and a faint "ghost" shows the
whole run, so the user sees where it is heading.

Everything drawn is clipped to the view's range (:mod:`app.widgets.clipping`),
re-clipped when the view pans or zooms: a diverging run ends at the view's edge
with an arrow in its colour pointing where it went, and Qt never gets
coordinates (or pixmap caches) that grow with the run.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QTimer
from PySide6.QtGui import QBrush, QColor, QPen

from optim_lab import Trajectory

from ..widgets.clipping import ClippedPath, clip_polyline, inside_box, padded_box
from ..widgets.exit_arrow import make_exit_arrow, place_exit_arrow
from ..widgets.hidpi import device_ratio_of
from ..widgets.layer_cache import CachedLayer
from ..widgets.lean_data_item import LeanDataItem
from ..widgets.lean_scatter import LeanScatter
from ..widgets.moving_spots import MovingSpots
from ..widgets.zigzag_curve import ZIGZAG_MIN, ZigzagCurveItem, use_zigzag_curve, zigzag_reversals
from .playback_paths import GrowingPaths
from .status import end_note

ARROW_PX = 70  # on-screen length of the escape arrow
# While a slider drags a run, its bold path is drawn without antialiasing where the screen
# has at least this device pixel ratio (a 2.5 px pen is 5 device pixels wide there: its
# steps are half a logical pixel; antialiasing it costs ~1.2 ms of a step), and with it
# again DRAFT_SETTLE_MS after the last change.  At every ratio the legend's text of a run
# being edited ("GD · lr 1.2e-3") follows DRAFT_SETTLE_MS after the last change, not on
# every step: a new label re-lays out the legend and repaints it with every label's rich
# text over the layers below (≈ 2 ms, a tenth of a drag step; the row shows the live lr).
DRAFT_MIN_RATIO = 2.0
DRAFT_SETTLE_MS = 200


@dataclass
class RunDraw:
    """What to draw for one run (``traj`` None: nothing yet, e.g. invalid settings)."""

    key: object
    label: str
    color: str
    traj: Trajectory | None
    status: str = ""  # the run's status line, shown when hovering its path


@lru_cache(maxsize=256)
def spot_brush(color: str) -> QBrush:
    """One brush object per colour for scatter spots.

    pyqtgraph's symbol atlas keys its rendered symbols on the *identity* of the pen and brush
    objects: a fresh ``mkBrush`` per playback frame or slider step rendered every marker
    symbol again (and grew the atlas).  The same object keeps the atlas hit."""
    return pg.mkBrush(color)


@lru_cache(maxsize=256)
def spot_pen(color: str, width: float) -> QPen:
    """One pen object per (colour, width) for scatter spots (see :func:`spot_brush`)."""
    return pg.mkPen(color, width=width)


def legend_html(label: str) -> str:
    """A run's legend entry: its first line as is, further lines smaller, text escaped."""
    first, *more = html.escape(label).split("\n")
    return first + "".join(f"<br><small>{line}</small>" for line in more)


def _zigzag(traj: Trajectory | None) -> bool:
    """Whether a run's whole path zig-zags (long overlapping swings near the limit)."""
    return traj is not None and zigzag_reversals(traj.points[:, 0],
                                                 traj.points[:, 1]) >= ZIGZAG_MIN


class _RunItems:
    def __init__(self, plot: pg.PlotItem, color: str, label: str) -> None:
        self.color = color
        # zig-zag paths (oscillation near the stability limit) are drawn segment by segment
        self.ghost = ZigzagCurveItem(pen=self._pen(color, 1, 70), skipFiniteCheck=True)
        # (no dynamic range limit: the path is clipped to the view's padded box beforehand)
        self.path = LeanDataItem(pen=self._pen(color, 2.5, 255), name=label,
                                 skipFiniteCheck=True, antialias=True, dynamicRangeLimit=None)
        use_zigzag_curve(self.path)
        self.arrow = pg.ArrowItem(pxMode=True, headLen=14, tailLen=ARROW_PX - 14, tailWidth=3,
                                  pen=pg.mkPen("#222222", width=1), brush=pg.mkBrush(color))
        self.note = pg.TextItem("", color="#222222", fill=pg.mkBrush(255, 255, 255, 215),
                                anchor=(0, 1), border=pg.mkPen("#999999"))
        self.ghost.setZValue(2)
        self.path.setZValue(3)
        self.arrow.setZValue(6)
        self.note.setZValue(7)
        plot.addItem(self.path)
        for it in (self.ghost, self.arrow, self.note):
            plot.addItem(it, ignoreBounds=True)
        self.arrow.hide()
        self.note.hide()
        self.exit = make_exit_arrow(plot, color)
        self.traj: Trajectory | None = None
        self.clipped: ClippedPath | None = None
        self.shown_k = -1
        self.ghost_stale = False  # the ghost's data lags ``clipped`` (set when it is shown)
        self.in_legend = True  # PlotItem.addItem listed the named path

    @staticmethod
    def _pen(color: str, width: float, alpha: int):
        c = QColor(color)
        c.setAlpha(alpha)
        return pg.mkPen(c, width=width)

    def set_color(self, color: str) -> None:
        self.color = color
        self.ghost.setPen(self._pen(color, 1, 70))
        self.path.setPen(self._pen(color, 2.5, 255))
        self.arrow.setStyle(brush=pg.mkBrush(color))
        self.exit.setStyle(brush=pg.mkBrush(color))

    def remove(self, plot: pg.PlotItem, cache: CachedLayer) -> None:
        cache.remove_source(self.ghost)
        cache.remove_source(self.path.curve)
        for it in (self.ghost, self.path, self.arrow, self.note, self.exit):
            plot.removeItem(it)


class RunLayer:
    """All run items on one PlotItem, keyed by the caller's run keys."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.vb = plot.getViewBox()
        self.legend = plot.addLegend(offset=(-8, 8), brush=pg.mkBrush(255, 255, 255, 220),
                                     pen=pg.mkPen("#999999"), labelTextColor="#222222",
                                     labelTextSize="9pt", verSpacing=-4)
        self.items: dict[object, _RunItems] = {}
        # Runs that are not changing (every run but the one a slider drags, and only whole
        # paths: a path growing during playback is drawn directly) are painted from one
        # device-resolution pixmap; the heat map's layer sits below it.
        self.cache = CachedLayer(self.vb, z=2.5)
        self.live: object | None = None  # the key of the run being edited, drawn directly
        self.order: list[object] = []
        self.labels: dict[object, str] = {}
        # Playback: growing paths repaint only what changed (playback_paths).
        self.paths = GrowingPaths(self.vb, below=self.cache)
        self.markers = MovingSpots(self.vb, size=11, pxMode=True)  # a move repaints around it
        self.markers.setZValue(8)
        self.ends = LeanScatter(size=13, pxMode=True, symbol="x", hide_empty=True)
        self.ends.setZValue(5)
        plot.addItem(self.markers, ignoreBounds=True)
        plot.addItem(self.ends, ignoreBounds=True)
        self.position = 0
        self._avoid: list[tuple[float, float]] = []
        self._shown_spots: dict[str, tuple] = {}  # what each scatter item holds (skip re-sets)
        self.box = padded_box(*self.vb.viewRange())
        self.vb.sigTransformChanged.connect(self._place_arrows)
        self.vb.sigRangeChanged.connect(self._on_view_range_changed)
        self.vb.sigResized.connect(lambda *_: self.place_legend())
        self._draft_keys: set = set()  # runs whose paths are drawn without antialiasing
        self._pending_labels: dict[object, str] = {}  # legend texts waiting for the pause
        self._settle = QTimer(self.vb)  # dies with the view: never fires into deleted items
        self._settle.setSingleShot(True)
        self._settle.setInterval(DRAFT_SETTLE_MS)
        self._settle.timeout.connect(self.end_draft)

    # --- runs ---------------------------------------------------------------
    def set_runs(self, runs: list[RunDraw]) -> None:
        """Show exactly these runs (create, update or remove items)."""
        keys = [r.key for r in runs]
        for key in [k for k in self.items if k not in keys]:
            self.paths.forget(key)
            self.items.pop(key).remove(self.plot, self.cache)
            self.legend.removeItem(self.labels.pop(key, ""))
        for r in runs:
            self.update_run(r, redraw=False)
        self.live = None  # a whole new set: nothing is being dragged
        self.end_draft()
        self.order = keys
        self._draw_ends()
        self.set_position(self.position)

    def place_legend(self, avoid: list[tuple[float, float]] | None = None) -> None:
        """Put the legend in the corner of the view that hides the least of the runs
        (and of the points in ``avoid``, e.g. the start handles)."""
        if avoid is not None:
            self._avoid = list(avoid)
        avoid = self._avoid
        (x0, x1), (y0, y1) = self.vb.viewRange()
        vw, vh = max(self.vb.width(), 1.0), max(self.vb.height(), 1.0)
        br = self.legend.boundingRect()
        w = (br.width() + 16) * (x1 - x0) / vw
        h = (br.height() + 16) * (y1 - y0) / vh
        pts = [t.points[:: max(1, len(t.points) // 400)] for t in self.trajectories()]
        pts += [t.points[:1] for t in self.trajectories() for _ in range(30)]  # starts weigh more
        if avoid:
            pts.append(np.repeat(np.asarray(avoid, dtype=float).reshape(-1, 2), 30, axis=0))
        P = np.concatenate(pts) if pts else np.zeros((0, 2))
        best, best_count = (1, 0), None
        for cx, cy in ((1, 0), (0, 0), (1, 1), (0, 1)):  # (right?, bottom?) in screen terms
            lx = x1 - w if cx else x0
            ly = y0 if cy else y1 - h
            inside = ((P[:, 0] >= lx) & (P[:, 0] <= lx + w) & (P[:, 1] >= ly) & (P[:, 1] <= ly + h))
            count = int(inside.sum())
            if best_count is None or count < best_count:
                best, best_count = (cx, cy), count
        cx, cy = best
        self.legend.anchor(itemPos=(cx, cy), parentPos=(cx, cy),
                           offset=(-8 if cx else 8, -8 if cy else 8))

    def update_run(self, r: RunDraw, redraw: bool = True) -> None:
        """Replace one run's trajectory (the slider-drag path: nothing else is touched)."""
        it = self.items.get(r.key)
        legend = legend_html(r.label)
        if it is None:
            it = self.items[r.key] = _RunItems(self.plot, r.color, legend)
            self.labels[r.key] = legend
        elif it.color != r.color:
            it.set_color(r.color)
            self.cache.invalidate()
        self._make_live(r.key)
        self._draft(r.key, r.traj)
        if self.labels.get(r.key) == legend:
            self._pending_labels.pop(r.key, None)
        elif not it.in_legend:  # not listed yet: list it with the right text at once
            self._relabel(r.key, legend)
        else:  # an edit, maybe one step of a drag: the legend follows when it pauses
            self._pending_labels[r.key] = legend
            self._settle.start()
        it.traj = r.traj
        it.clipped = clip_polyline(r.traj.points, self.box) if r.traj is not None else None
        it.shown_k = -1
        tip = f"{r.label}\n{r.status}" if r.status else r.label
        if it.path.curve.toolTip() != tip:
            it.path.curve.setToolTip(tip)
        visible = r.traj is not None
        if it.path.isVisible() != visible:
            it.path.setVisible(visible)
            self.cache.invalidate()
        if visible != it.in_legend:  # the legend lists only the runs that are drawn
            if visible:
                self.legend.addItem(it.path, self.labels[r.key])
            else:
                self.legend.removeItem(it.path)
            it.in_legend = visible
        if visible:
            # The ghost (the whole run, shown behind a playback position) is hidden at the
            # end of the run, where a slider drag sits: its data waits until it is shown.
            it.ghost_stale = True
            if it.ghost.isVisible():
                self._sync_ghost(it)
        else:
            it.ghost_stale = False
            it.ghost.setData([], [], connect="all")
            it.path.setData([], [], connect="all")
            it.exit.hide()
        self._setup_arrow(it)
        if redraw:
            self.refresh()

    # --- draft drawing during a drag --------------------------------------------------
    def _draft(self, key, traj: Trajectory | None) -> None:
        """Draw ``key``'s path without antialiasing until the edits pause (at a high device
        pixel ratio, or at any ratio when the path zig-zags: hundreds of long overlapping
        segments cost 80–250 ms a frame antialiased, a sixth of that without).  Every run
        an edit changes stays drafted until the pause: a start drag moves them all (their
        answers arrive over several passes), and antialiased at ratio 2 the three runs not
        being dragged took ≈ 15 ms of a step.  Whether ``traj`` zig-zags is only asked below
        that ratio (at ratio 2 every drag step had counted its reversals for nothing)."""
        if device_ratio_of(self.vb) < DRAFT_MIN_RATIO and not _zigzag(traj):
            if key in self._draft_keys:  # no longer a zig-zag: antialiased again now
                self._end_draft_of({key})
            return
        self._draft_keys.add(key)
        self._set_antialias(self.items[key], False)
        self._settle.start()

    def _end_draft_of(self, keys: set) -> None:
        for key in keys:
            self._draft_keys.discard(key)
            if key in self.items:
                self._set_antialias(self.items[key], True)
                self.paths.repaint(key)  # a growing path is painted by the playback layer

    def end_draft(self) -> None:
        """Antialias the drafted paths again and bring the legend's texts up to date (the
        drag paused, or a new set of runs)."""
        self._settle.stop()
        self.settle_labels()
        self._end_draft_of(set(self._draft_keys))

    @staticmethod
    def _set_antialias(it: _RunItems, on: bool) -> None:
        # PlotDataItem passes its own option to the curve on every setData: set both
        if it.path.opts["antialias"] != on or it.path.curve.opts["antialias"] != on:
            it.path.opts["antialias"] = on
            it.path.curve.opts["antialias"] = on
            it.path.curve.update()

    def settle_labels(self) -> None:
        """Give the legend the texts that waited for the edits to pause (export, render)."""
        pending, self._pending_labels = self._pending_labels, {}
        for key, label in pending.items():
            if key in self.items and self.labels.get(key) != label:
                self._relabel(key, label)

    def _relabel(self, key, label: str) -> None:
        self.labels[key] = label
        for sample, text in self.legend.items:
            if sample.item is self.items[key].path:
                text.setText(label)
                break
        self.items[key].path.opts["name"] = label

    def refresh(self) -> None:
        """Redraw end marks and playback after ``update_run(..., redraw=False)`` calls."""
        self._draw_ends()
        self.set_position(self.position)

    def _on_view_range_changed(self, *_args) -> None:
        box = padded_box(*self.vb.viewRange())
        if box == self.box:
            return
        self.box = box
        for it in self.items.values():
            if it.traj is None:
                continue
            it.clipped = clip_polyline(it.traj.points, box)
            it.ghost_stale = True
            if it.ghost.isVisible():
                self._sync_ghost(it)
            it.shown_k = -1
            self._setup_arrow(it)
        self.refresh()

    def trajectories(self) -> list[Trajectory]:
        return [self.items[k].traj for k in self.order if self.items[k].traj is not None]

    # --- playback -----------------------------------------------------------
    def set_position(self, k: int) -> None:
        """Draw every run up to step k (runs that ended earlier stay at their end)."""
        self.position = k
        spots_x, spots_y, brushes = [], [], []
        for key in self.order:
            it = self.items[key]
            t = it.traj
            if t is None:
                self.paths.forget(key)
                continue
            c = it.clipped
            n = len(t.points) - 1
            j = min(k, n)
            if j != it.shown_k:
                x, y, conn = c.until(j)
                it.path.setData(x, y, connect=conn)
                it.shown_k = j
            self._sync_cache(key, it, j == n)
            self.paths.show(key, it.path.curve, c, j, n)
            if j < n and it.ghost_stale:
                self._sync_ghost(it)
            it.ghost.setVisible(j < n)
            if c.outside[j]:  # left the view: an arrow where it left instead of the marker
                place_exit_arrow(it.exit, self.vb, c.marker[j], c.exit_direction(t.points, j))
                continue
            it.exit.hide()
            spots_x.append(c.marker[j, 0])
            spots_y.append(c.marker[j, 1])
            brushes.append(it.color)
        self._set_markers(spots_x, spots_y, brushes)

    def _set_markers(self, xs: list, ys: list, colors: list[str]) -> None:
        """The playback markers at (xs, ys) in ``colors``.  When only positions changed (a
        slider step moves the dragged run's end; a playback frame moves every marker), the
        spots are moved in place: ``setData`` rebuilds every spot and its symbol lookup."""
        before = self._shown_spots.get("markers")
        if not self._changed("markers", xs, ys, colors):
            return
        m = self.markers
        if (before is not None and tuple(colors) == before[2] and len(m.data) == len(xs)
                and len(xs)):
            m.move_spots(xs, ys)  # repaints around the moved spots only
            return
        m.setData(xs, ys, brush=[spot_brush(c) for c in colors], pen=spot_pen("w", 1.5))

    @staticmethod
    def _sync_ghost(it: _RunItems) -> None:
        x, y, conn = it.clipped.drawn()
        it.ghost.setData(x, y, connect=conn)
        it.ghost_stale = False

    def _changed(self, name: str, *data) -> bool:
        """Whether a scatter item's spots differ from what it holds (ScatterPlotItem.setData
        rebuilds every spot: skipped when a slider step leaves the marks where they were)."""
        key = tuple(tuple(float(v) if not isinstance(v, str) else v for v in d) for d in data)
        if self._shown_spots.get(name) == key:
            return False
        self._shown_spots[name] = key
        return True

    def end_edit(self) -> None:
        """Nothing is being edited (playback moved on): the last dragged run's ghost and whole
        path go back to the cache instead of being stroked on every frame, and the legend
        shows its current texts."""
        self.settle_labels()
        self._make_live(None)

    def _make_live(self, key) -> None:
        """Draw run ``key`` directly (it is being edited); the previous one goes to the cache."""
        if key == self.live:
            return
        old, self.live = self.live, key
        if old in self.items:
            it = self.items[old]
            self._sync_cache(old, it, it.shown_k == len(it.traj.points) - 1 if it.traj else True)
        it = self.items.get(key)
        if it is not None:
            self.cache.remove_source(it.ghost)
            self.cache.remove_source(it.path.curve)

    def _sync_cache(self, key, it: _RunItems, whole: bool) -> None:
        """Ghost and (whole) path of a run that is not being edited are painted by the cache."""
        if key == self.live:
            return
        self.cache.add_source(it.ghost)
        if whole:
            self.cache.add_source(it.path.curve)
        else:
            self.cache.remove_source(it.path.curve)

    def _draw_ends(self) -> None:
        xs, ys, pens = [], [], []
        for key in self.order:
            t = self.items[key].traj
            if (t is not None and t.status == "diverged"
                    and inside_box(t.points[-1:], self.box)[0]):
                xs.append(t.points[-1, 0])
                ys.append(t.points[-1, 1])
                pens.append(self.items[key].color)
        if self._changed("ends", xs, ys, pens):
            self.ends.setData(xs, ys, pen=[spot_pen(c, 3) for c in pens], brush=None)

    # --- escape arrows ------------------------------------------------------
    def _setup_arrow(self, it: _RunItems) -> None:
        t = it.traj
        show = (t is not None and t.status == "stalled"
                and t.end.escape_direction is not None
                and bool(inside_box(t.points[-1:], self.box)[0]))
        it.arrow.setVisible(show)
        it.note.setVisible(show)
        if show:
            note = end_note(t)
            if it.note.textItem.toPlainText() != note:  # re-laying text out costs a relayout
                it.note.setText(note)
            self._place_arrow(it)

    def _place_arrows(self, *_args) -> None:
        for it in self.items.values():
            if it.arrow.isVisible():
                self._place_arrow(it)
            if it.exit.isVisible() and it.clipped is not None:
                j = min(self.position, len(it.traj.points) - 1)
                place_exit_arrow(it.exit, self.vb, it.clipped.marker[j],
                                 it.clipped.exit_direction(it.traj.points, j))

    def _place_arrow(self, it: _RunItems) -> None:
        t = it.traj
        end = t.points[-1]
        d = np.asarray(t.end.escape_direction, dtype=float)
        # Point the arrow away from the saddle the run sits near (either way is downhill).
        ref = t.end.saddle.as_array() if t.end.saddle is not None else end
        if float(np.dot(end - ref, d)) < 0:
            d = -d
        p0 = self.vb.mapViewToScene(QPointF(float(end[0]), float(end[1])))
        p1 = self.vb.mapViewToScene(QPointF(float(end[0] + d[0]), float(end[1] + d[1])))
        sx, sy = p1.x() - p0.x(), p1.y() - p0.y()
        norm = math.hypot(sx, sy)
        if not math.isfinite(norm) or norm == 0:
            return
        tip_scene = QPointF(p0.x() + ARROW_PX * sx / norm, p0.y() + ARROW_PX * sy / norm)
        tip = self.vb.mapSceneToView(tip_scene)
        it.arrow.setStyle(angle=math.degrees(math.atan2(-sy, -sx)))
        it.arrow.setPos(tip)
        # The note continues beyond the tip along the arrow, kept inside the view.
        ux, uy = sx / norm, sy / norm
        ax, ay = 0.5 - 0.5 * ux, 0.5 - 0.5 * uy
        br = it.note.boundingRect()
        w, h = max(br.width(), 1.0), max(br.height(), 1.0)
        r = self.vb.sceneBoundingRect()
        ax = min(max(ax, (tip_scene.x() + w - r.right()) / w), (tip_scene.x() - r.left()) / w)
        ay = min(max(ay, (tip_scene.y() + h - r.bottom()) / h), (tip_scene.y() - r.top()) / h)
        it.note.setAnchor((min(max(ax, 0.0), 1.0), min(max(ay, 0.0), 1.0)))
        it.note.setPos(tip)
