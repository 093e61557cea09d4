"""Pixmap caches of plot items that stay a saving on HiDPI screens.

``QGraphicsItem.DeviceCoordinateCache`` halves a frame at device pixel ratio 1
(a slider drag repaints only the run that changed).  At ratio 2 Qt renders the
cache again on every paint of the item, at device resolution, and then draws
it: measured on the Surface Lab (offscreen, ``QT_SCALE_FACTOR=2``), every cached
item -- heat map, contours, four axes, all curves -- repainted on every slider
step, 73 ms of CPU a step against 42 ms with no cache at all.  So an item asks
for the cache through :func:`set_device_cache`, which grants it only where the
item is shown at ratio 1, and :class:`DeviceCacheGuard` re-decides when a view
moves to a screen with another ratio.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache
NO_CACHE = QGraphicsItem.CacheMode.NoCache
_WANTS = "_optim_lab_wants_device_cache"


def device_ratio_of(item: QGraphicsItem) -> float:
    """The highest device pixel ratio the item is shown at (the primary screen's if unshown)."""
    scene = item.scene()
    views = scene.views() if scene is not None else []
    if views:
        return max(v.devicePixelRatioF() for v in views)
    screen = QGuiApplication.primaryScreen()
    return screen.devicePixelRatio() if screen is not None else 1.0


def set_device_cache(item: QGraphicsItem, on: bool = True) -> None:
    """Ask for (or drop) a device pixmap cache; granted only at device pixel ratio 1."""
    setattr(item, _WANTS, bool(on))
    mode = CACHE if on and device_ratio_of(item) == 1.0 else NO_CACHE
    if item.cacheMode() != mode:
        item.setCacheMode(mode)


def refresh_device_caches(view: QGraphicsView) -> None:
    """Re-decide every item of the view's scene that asked for a cache."""
    scene = view.scene()
    if scene is None:
        return
    for item in scene.items():
        if getattr(item, _WANTS, False):
            set_device_cache(item, True)


def lean_repaints(view: QGraphicsView) -> None:
    """Cheaper partial repaints for a view whose items change on every slider step.

    - The scene keeps no BSP index of its items (``NoIndex``): every geometry change of a
      moving item (a run's path, its marker, a curve) updated the tree, and a view of a
      hundred items finds the exposed ones faster by a linear pass.
    - The view does not widen each exposed rectangle by 2 pixels for antialiasing
      (``DontAdjustForAntialiasing``): the repainted region stays the items' own bounds, a
      simpler clip for every blit and stroke.  The items' bounding rectangles include their
      pen widths and symbol sizes, so nothing is drawn outside them; the tests compare what
      partial repaints leave on screen with a full repaint (slider, start handle, playback).

    Measured in-process, A/B, on a held-slider drag of the Surface Lab at device pixel
    ratio 2: each about 9-10 % of the GUI thread's time per step.  Output is unchanged.
    """
    scene = view.scene()
    if scene is not None:
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
    view.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)


def _restoring(paint):
    """``paint`` between ``painter.save()`` and ``painter.restore()``."""
    def wrapped(self, painter, *args):
        painter.save()
        try:
            return paint(self, painter, *args)
        finally:
            painter.restore()
    wrapped.__wrapped__ = paint
    return wrapped


def _with_view_hints(paint):
    """``paint`` starting from the view's own render hints, whatever the item before it left
    (and restoring the painter after it)."""
    def wrapped(self, painter, option, widget=None):
        view = widget.parent() if widget is not None else None
        painter.save()
        try:
            if isinstance(view, QGraphicsView):
                painter.setRenderHints(painter.renderHints(), False)
                painter.setRenderHints(view.renderHints(), True)
            return paint(self, painter, option, widget)
        finally:
            painter.restore()
    wrapped.__wrapped__ = paint
    return wrapped


def _restore_state_of_leaky_items() -> None:
    """Make the pyqtgraph items that leave painter state behind, or depend on the state they
    find, safe in a view that does not save the painter around each item (once):

    - ``AxisItem`` replays a ``QPicture`` that ends with a clip to the axis: restored after it
      (the colour bar's axis; :class:`~app.widgets.cached_axis.PixmapAxisItem` restores its
      own replay);
    - ``LegendItem`` (its frame) and ``TargetItem`` (a start handle) draw with whatever
      antialiasing the item before them left (an antialiased run path): they start from the
      view's hints.
    """
    import pyqtgraph as pg

    if not hasattr(pg.AxisItem.paint, "__wrapped__"):
        pg.AxisItem.paint = _restoring(pg.AxisItem.paint)
    for cls in (pg.LegendItem, pg.TargetItem):
        if not hasattr(cls.paint, "__wrapped__"):
            cls.paint = _with_view_hints(cls.paint)


def own_painter_state(view: QGraphicsView) -> None:
    """Let the items of ``view`` keep the painter's state between them.

    By default the view saves and restores the painter around every item; restoring the
    clip of a partial repaint (a region of several rectangles, at device pixel ratio 2)
    made that about a tenth of a slider step's GUI-thread time (in-process A/B, held-slider
    drag, ratio 2: median 7-11 % and p95 1.5-1.9 ms lower).  Qt still sets each item's
    transform and opacity; the items of the Surface Lab's views set their own pen, brush and
    hints, and the few pyqtgraph items that do not (or leave a clip behind) are made to
    restore theirs (:func:`_restore_state_of_leaky_items`, done once when this module is
    imported).  The tests render every scenario with and without this and compare the pixels.
    """
    view.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)


_restore_state_of_leaky_items()  # before any of them is made


class DeviceCacheGuard(QObject):
    """Watches a view: when it is shown or its device pixel ratio changes, the items that
    asked for a cache get it or lose it to match."""

    _EVENTS = (QEvent.Type.Show, QEvent.Type.DevicePixelRatioChange, QEvent.Type.ScreenChangeInternal)

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)
        self.view = view
        view.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if obj is self.view and event.type() in self._EVENTS:
            refresh_device_caches(self.view)
        return False

