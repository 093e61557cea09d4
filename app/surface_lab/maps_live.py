"""Live maps in the Surface Lab: session edits → map requests → worker → plot items.

Every edit that changes a map (the mapped run's hyperparameters, the surface, the
steps, and for the hyperparameter map the start) asks at once for a coarse map
(:data:`COARSE_BASINS`², :data:`COARSE_HYPER`²) and restarts a short timer; when the
edits pause (a slider or handle released) the full-resolution map
(:data:`FINE_BASINS`², :data:`FINE_HYPER`²) is computed.  The worker
(:mod:`.maps_worker`) only returns arrays; this module, on the GUI thread, calls
``setImage``/``setData`` and drops any result older than the one on screen.
Clicking the hyperparameter map sets the run's lr and β; clicking the surface
already moves the start (the basin under the cursor).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QSplitter

from optim_lab.files import FileFormatError
from optim_lab.maps import BETA_NAMES
from optim_lab.maps_file import map_document, save_map
from optim_lab.optimizers import MAX_LR, make_optimizer
from optim_lab.session import SurfaceSession
from optim_lab.stability import lambda_max

from .maps_panel import BasinLayer, MapsPanel, basin_legend
from .maps_worker import MapComputer, MapRequest, MapResult

COARSE_BASINS, FINE_BASINS = 64, 256
COARSE_HYPER, FINE_HYPER = 40, 128
MAX_MAP_STEPS = 2000  # maps use at most this many steps (the panel says so)
REFINE_DELAY_MS = 250
BETA_RANGE = {"momentum": (0.0, 0.99), "beta1": (0.0, 0.99), "alpha": (0.5, 0.999)}


translate = QCoreApplication.translate  # lupdate recognises translate("Context", "text")


class MapsController(QObject):
    """Binds a :class:`SurfaceSession` to a :class:`MapsPanel`, a :class:`BasinLayer` and a
    :class:`MapComputer`."""

    def __init__(self, session: SurfaceSession, panel: MapsPanel, layer: BasinLayer,
                 parent: QObject | None = None, view_box=None) -> None:
        """``view_box``: the surface plot's ViewBox; the basin grid covers what it shows
        (the surface's plotting box without one)."""
        super().__init__(parent)
        self.session, self.panel, self.layer = session, panel, layer
        self.view_box = view_box
        self.computer = MapComputer(self)
        self.computer.ready.connect(self._on_ready)
        self.computer.progress.connect(self._on_progress)
        self._next_id = 0
        self._shown = {"basins": -1, "hyper": -1}
        self._latest = {"basins": -1, "hyper": -1}
        self._pending: set[str] = set()  # kinds waiting for their fine map
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFINE_DELAY_MS)
        self.timer.timeout.connect(self._refine)
        self.timings: dict[tuple[str, int], float] = {}
        panel.basins.toggled.connect(self._on_basins_toggled)
        panel.hyper.toggled.connect(self._on_hyper_toggled)
        panel.opacity.valueChanged.connect(lambda v: layer.set_opacity(v / 100.0))
        panel.shade.toggled.connect(layer.set_shading)
        panel.color_by.currentIndexChanged.connect(self._redraw_hyper)
        panel.run_box.currentIndexChanged.connect(lambda _i: self._changed(True, True))
        panel.plot.clicked.connect(self._on_hyper_clicked)
        panel.export_basins.clicked.connect(lambda: self._export_dialog("basins"))
        panel.export_hyper.clicked.connect(lambda: self._export_dialog("hyper"))
        self._shown_result: dict[str, MapResult] = {}
        session.surface_changed.connect(lambda: self._changed(True, True))
        session.steps_changed.connect(lambda _n: self._changed(True, True))
        session.runs_changed.connect(self._on_runs_changed)
        session.run_changed.connect(self._on_run_changed)
        session.start_changed.connect(lambda: self._changed(False, True))
        if view_box is not None:  # zoom or pan: the basin grid follows the view
            view_box.sigRangeChanged.connect(lambda *_: self._changed(True, False))
        self._on_runs_changed()

    def basin_box(self) -> tuple[float, float, float, float]:
        """(xmin, xmax, ymin, ymax) of the basin grid: the visible part of the view."""
        if self.view_box is not None:
            (x0, x1), (y0, y1) = self.view_box.viewRange()
            if all(map(math.isfinite, (x0, x1, y0, y1))) and x0 < x1 and y0 < y1:
                return float(x0), float(x1), float(y0), float(y1)
        b = self.session.surface.bounds
        return float(b[0, 0]), float(b[0, 1]), float(b[1, 0]), float(b[1, 1])

    # --- which run -----------------------------------------------------------------
    def run_id(self) -> int | None:
        rid = self.panel.run_box.currentData()
        return rid if rid in self.session.run_ids() else None

    def _on_runs_changed(self) -> None:
        box, keep = self.panel.run_box, self.panel.run_box.currentData()
        with QSignalBlocker(box):
            box.clear()
            for k, r in enumerate(self.session.runs(), start=1):  # numbered as the rows show
                box.addItem(f"{k}. {r.label}", r.id)
            i = box.findData(keep)
            box.setCurrentIndex(i if i >= 0 else 0)
        self._changed(True, True)

    def _on_run_changed(self, rid: int) -> None:
        r = self.session.run(rid)
        i = self.panel.run_box.findData(rid)
        if i >= 0:
            self.panel.run_box.setItemText(i, f"{i + 1}. {r.label}")
        if rid == self.run_id():
            self._changed(True, True)

    # --- requests --------------------------------------------------------------------
    def _on_basins_toggled(self, on: bool) -> None:
        self.layer.set_visible(on and self.layer.map is not None)
        self.panel.basin_legend.setVisible(on)
        self.panel.shade.setVisible(on)
        if not on:
            self.computer.cancel("basins", self._next_id + 1)
        self._changed(True, False)

    def _on_hyper_toggled(self, on: bool) -> None:
        self.panel.show_hyper(on)
        if not on:
            self.computer.cancel("hyper", self._next_id + 1)
        self._changed(False, True)

    def _changed(self, basins: bool, hyper: bool) -> None:
        """Ask for coarse maps now, fine ones when the edits pause."""
        if basins and self.panel.basins.isChecked():
            self._pending.add("basins")
            self._request("basins", fine=False)
        if hyper and self.panel.hyper.isChecked():
            self._pending.add("hyper")
            self._request("hyper", fine=False)
        if self._pending:
            self.timer.start()

    def _refine(self) -> None:
        for kind in sorted(self._pending):
            self._request(kind, fine=True)
        self._pending.clear()

    def refine_now(self) -> None:
        """Skip the pause (tests, export)."""
        self.timer.stop()
        self._refine()

    def _request(self, kind: str, fine: bool) -> None:
        req = self._build(kind, fine)
        if req is None:
            return
        self._latest[kind] = req.id
        # a fine map in progress is out of date now: abandon it
        self.computer.cancel(kind, req.id)
        self.computer.submit(req)
        self.panel.status.setText(translate("Maps", "Computing maps…"))

    def _build(self, kind: str, fine: bool) -> MapRequest | None:
        s, rid = self.session, self.run_id()
        if rid is None or s.settings_error(rid) is not None:
            self.panel.status.setText(translate("Maps", "No run to map: add a run or fix its settings"))
            return None
        r = s.run(rid)
        try:
            opt = make_optimizer(r.optimizer, **r.hyper)
        except ValueError as exc:
            self.panel.status.setText(str(exc))
            return None
        self._next_id += 1
        steps = max(1, min(s.steps, MAX_MAP_STEPS))
        common = dict(id=self._next_id, surface=s.surface, optimizer=opt, steps=steps, fine=fine,
                      run_id=rid)
        if kind == "basins":
            return MapRequest("basins", box=self.basin_box(),
                              n=FINE_BASINS if fine else COARSE_BASINS, **common)
        start = s.start_of(rid)
        lrs, betas = self._axes(r.optimizer, r.hyper, start, FINE_HYPER if fine else COARSE_HYPER)
        return MapRequest("hyper", start=start, lrs=lrs, betas=betas, **common)

    def _axes(self, name: str, hyper, start, n: int):
        """log lr axis around the stability limit (or the current lr), β axis over its range."""
        s = self.session
        center = float(hyper["lr"])
        near = s.surface.nearest(start, "minimum")
        try:
            lam = lambda_max(s.surface, near.point if near is not None and near.smooth else start)
        except (ValueError, ArithmeticError, np.linalg.LinAlgError):
            lam = float("nan")
        if name in ("gd", "momentum", "nesterov") and math.isfinite(lam) and lam > 0:
            center = 2.0 / lam
        hi = min(center * 10.0, MAX_LR)
        lrs = tuple(np.geomspace(hi * 1e-4, hi, n).tolist())
        beta_name = BETA_NAMES.get(name)
        if beta_name is None:
            return lrs, None
        b0, b1 = BETA_RANGE[beta_name]
        return lrs, tuple(np.linspace(b0, b1, n).tolist())

    # --- results (GUI thread) --------------------------------------------------------------
    def _on_progress(self, req: MapRequest, percent: int) -> None:
        if req.id == self._latest.get(req.kind):
            what = (translate("Maps", "Basins") if req.kind == "basins"
                    else translate("Maps", "Hyperparameter map"))
            self.panel.status.setText(translate("Maps", "Computing {kind}: {pct}%").format(
                kind=what, pct=percent))

    def _on_ready(self, res: MapResult) -> None:
        req = res.request
        kind = req.kind
        if res.cancelled or req.id <= self._shown[kind]:
            return  # stale: a newer map is on screen or on its way
        checked = self.panel.basins if kind == "basins" else self.panel.hyper
        if not checked.isChecked():
            return
        if res.error is not None:
            self._shown[kind] = req.id
            self.panel.status.setText(translate("Maps", "Map not computed: {why}").format(why=res.error))
            return
        self._shown[kind] = req.id
        self._shown_result[kind] = res
        (self.panel.export_basins if kind == "basins" else self.panel.export_hyper).setEnabled(True)
        n = req.n if kind == "basins" else len(req.lrs)
        self.timings[(kind, n)] = res.seconds
        if kind == "basins":
            self.layer.set_map(res.map)
            self.layer.set_visible(True)
            self.panel.basin_legend.setText(basin_legend(res.map))
        else:
            self._show_hyper(res.map, req)
        busy = self.computer.busy() or self.timer.isActive()
        what = (translate("Maps", "Basins") if kind == "basins"
                else translate("Maps", "Hyperparameter map"))
        done = translate("Maps", "{kind} {n}² in {t:.2f} s ({steps} steps)").format(
            kind=what, n=n, t=res.seconds, steps=req.steps)
        self.panel.status.setText(done + (" · " + translate("Maps", "refining…") if busy else ""))

    def _show_hyper(self, m, req: MapRequest) -> None:
        s = self.session
        rid = req.run_id
        if rid not in s.run_ids():
            return
        r = s.run(rid)
        g = s.surface.global_minima or s.surface.minima
        f_min = min(c.value for c in g) if g else float(np.nanmin(m.final_losses))
        beta_name = BETA_NAMES.get(r.optimizer)
        beta = float(r.hyper[beta_name]) if beta_name else None
        self.panel.plot.set_map(m, f_min if math.isfinite(f_min) else 0.0,
                                (float(r.hyper["lr"]), beta),
                                by_steps=self.panel.color_by.currentData() == "steps")
        self.panel.describe_hyper(m)

    def _redraw_hyper(self) -> None:
        res = self._shown_result.get("hyper")
        if res is not None and res.map is not None:
            self._show_hyper(res.map, res.request)

    def _on_hyper_clicked(self, lr: float, beta: float) -> None:
        rid = self.run_id()
        if rid is None:
            return
        r = self.session.run(rid)
        changes = {"lr": float(f"{lr:.3g}")}
        beta_name = BETA_NAMES.get(r.optimizer)
        if beta_name and math.isfinite(beta):
            changes[beta_name] = round(beta, 3)
        self.session.set_hyper(rid, **changes)

    # --- export ---------------------------------------------------------------------------
    def export_to(self, kind: str, path: str) -> str | None:
        """Write the map on screen as JSON or CSV; returns an error message or None."""
        res = self._shown_result.get(kind)
        if res is None or res.map is None:
            return translate("Maps", "No map to export yet")
        s = self.session
        params = dict(s.surface_params) if s.surface_name == "custom" else None
        try:
            doc = map_document(res.map, hyperparameters=dict(res.request.optimizer.hyper),
                               surface_params=params)
            save_map(path, doc)
        except (OSError, ValueError, FileFormatError) as exc:
            return str(exc)
        return None

    def _export_dialog(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.panel, translate("Maps", "Export map data"), f"{kind}_map.json",
            translate("Maps", "JSON (*.json);;CSV (*.csv)"))
        if not path:
            return
        why = self.export_to(kind, path)
        self.panel.status.setText(
            translate("Maps", "Map not saved: {why}").format(why=why) if why
            else translate("Maps", "Map saved to {path}").format(path=path))

    def shutdown(self) -> None:
        """Abandon every running and waiting map and wait for the worker."""
        self.timer.stop()
        self.computer.cancel("basins", self._next_id + 1)
        self.computer.cancel("hyper", self._next_id + 1)
        self.computer.wait()


def attach_maps(lab) -> MapsController:
    """Add the maps panel under the lab's curves and the basin layer to its surface view."""
    panel = MapsPanel(lab)
    layer = BasinLayer(lab.view.plot)
    right = QSplitter(Qt.Orientation.Vertical, lab)
    index = lab.splitter.indexOf(lab.curves)
    lab.splitter.replaceWidget(index, right)
    right.addWidget(lab.curves)
    right.addWidget(panel)
    right.setStretchFactor(0, 1)
    right.setStretchFactor(1, 0)
    right.setChildrenCollapsible(False)

    def fit_panel(hyper_shown: bool) -> None:
        """Curves get the room unless the hyperparameter plot is shown (then about half)."""
        total = sum(right.sizes()) or 900
        panel_h = int(0.55 * total) if hyper_shown else panel.minimumSizeHint().height()
        right.setSizes([max(total - panel_h, 200), panel_h])

    fit_panel(False)
    panel.hyper.toggled.connect(fit_panel)
    lab.maps_splitter = right
    controller = MapsController(lab.session, panel, layer, lab, view_box=lab.view.vb)
    app = QCoreApplication.instance()
    if app is not None:  # a long fine map stops within 25 steps instead of delaying exit
        app.aboutToQuit.connect(controller.shutdown)
    return controller
