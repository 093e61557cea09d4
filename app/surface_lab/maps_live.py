"""Live maps in the Surface Lab: session edits → map requests → worker → plot items.

Every edit that changes a map (the mapped run's hyperparameters, the surface, the
steps, and for the hyperparameter map the start) asks at once for a coarse map
(:data:`COARSE_BASINS`², :data:`COARSE_HYPER`²) and restarts a short timer; when the
edits pause (a slider or handle released) the full-resolution map
(:data:`FINE_BASINS`², :data:`FINE_HYPER`²) is computed.  The worker
(:mod:`.maps_worker`) only returns arrays; this module, on the GUI thread, calls
``setImage``/``setData`` and drops any result older than the one on screen.
Clicking the hyperparameter map sets the run's lr and β; clicking the surface
already moves the start (the basin under the cursor).  A run's training dynamics are
mapped (noise with its seed, schedule, clipping, AMSGrad): every cell is the run the
lab would draw from that start or with that lr (:mod:`optim_lab.maps_dynamics`).  The
hyperparameter plot can instead show a learning-rate sweep for every enabled run at once.

The panel's state (which run, which maps, resolutions, ranges, colouring) is kept in
the session's ``map_settings`` (the experiment file's ``"map"`` section) whenever the
user changes it, and a file that carries one restores the panel.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QSplitter

from optim_lab.dynamic_steps import optimizer_with
from optim_lab.files import FileFormatError
from optim_lab.maps import BETA_NAMES
from optim_lab.maps_cli import f_min_of
from optim_lab.maps_file import map_document, save_map
from optim_lab.maps_png import PICTURE_SUFFIXES, save_picture
from optim_lab.maps_settings import MapSettings
from optim_lab.optimizers import MAX_LR, make_optimizer
from optim_lab.session import SurfaceSession
from optim_lab.stability import lambda_max

from .maps_panel import BasinLayer, MapsPanel, basin_legend
from .maps_sweeps import sweeps_legend
from .maps_worker import MapComputer, MapRequest, MapResult
from .run_rows import color_hex

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
        panel.hyper_kind.currentIndexChanged.connect(lambda _i: self._changed(False, True))
        panel.basin_grid.currentIndexChanged.connect(lambda _i: self._changed(True, False))
        panel.hyper_grid.currentIndexChanged.connect(lambda _i: self._changed(False, True))
        panel.fix_axes.toggled.connect(self._on_fix_axes)
        self._fixed: tuple[tuple[float, float], tuple[float, float] | None] | None = None
        self._restoring = False
        for signal in (panel.basins.toggled, panel.hyper.toggled, panel.shade.toggled,
                       panel.opacity.valueChanged, panel.color_by.currentIndexChanged,
                       panel.run_box.activated, panel.hyper_kind.currentIndexChanged,
                       panel.basin_grid.currentIndexChanged, panel.hyper_grid.currentIndexChanged,
                       panel.fix_axes.toggled):
            signal.connect(self._record)
        session.map_changed.connect(self._on_map_changed)
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
        elif self.every_run():  # every run's sweep is on the plot
            self._changed(False, True)

    def every_run(self) -> bool:
        """The hyperparameter plot shows a learning-rate sweep for every enabled run."""
        return self.panel.hyper_kind.currentData() == "sweep_all"

    # --- the panel's state, kept in the session (the experiment file's "map" section) ---------
    def settings(self) -> MapSettings:
        p = self.panel
        show_basins = p.basins.isChecked()
        lr_range, beta_range = self._fixed if self._fixed is not None else (None, None)
        return MapSettings(
            run=max(0, p.run_box.currentIndex()), basins=show_basins,
            basin_grid=int(p.basin_grid.currentData()),
            basin_range=self.basin_box() if self.view_box is not None else None,
            opacity=p.opacity.value() / 100.0, shade_steps=p.shade.isChecked(),
            hyper=p.hyper.isChecked(), hyper_kind=p.hyper_kind.currentData(),
            hyper_grid=int(p.hyper_grid.currentData()), lr_range=lr_range,
            beta_range=beta_range, color_by=p.color_by.currentData())

    def _record(self, *_args) -> None:
        if not self._restoring:
            self.session.set_map_settings(self.settings())

    def _record_box(self, box) -> None:
        """Keep the recorded basin range in step with the view (pans and zooms)."""
        ms = self.session.map_settings
        if ms is None or self._restoring:
            return
        if ms.basin_range is not None and np.allclose(ms.basin_range, box, rtol=1e-9, atol=0):
            return
        self.session.set_map_settings(dataclasses.replace(ms, basin_range=tuple(box)))

    def _on_map_changed(self) -> None:
        ms = self.session.map_settings
        if self._restoring:
            return
        if ms is None:  # no maps recorded (a lesson left, restoring the lab before it): none shown
            self._restoring = True
            try:
                self.panel.basins.setChecked(False)
                self.panel.hyper.setChecked(False)
            finally:
                self._restoring = False
            return
        current = self.settings()
        if ms == current:
            return
        self.restore(ms)

    def restore(self, ms: MapSettings) -> None:
        """Set the panel (and the view, for the basin range) from ``ms``."""
        p = self.panel
        self._restoring = True
        try:
            if 0 <= ms.run < p.run_box.count():
                p.run_box.setCurrentIndex(ms.run)
            for box, value in ((p.basin_grid, ms.basin_grid), (p.hyper_grid, ms.hyper_grid),
                               (p.hyper_kind, ms.hyper_kind), (p.color_by, ms.color_by)):
                i = box.findData(value)
                if i < 0 and box in (p.basin_grid, p.hyper_grid):  # a size the box lacks
                    box.addItem(f"{value}²" if box is p.basin_grid else str(value), value)
                    i = box.count() - 1
                box.setCurrentIndex(max(i, 0))
            p.opacity.setValue(int(round(ms.opacity * 100)))
            p.shade.setChecked(ms.shade_steps)
            self._fixed = ((ms.lr_range, ms.beta_range) if ms.lr_range is not None else None)
            p.fix_axes.setChecked(self._fixed is not None)
            if ms.basin_range is not None and self.view_box is not None:
                x0, x1, y0, y1 = ms.basin_range
                self.view_box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            p.basins.setChecked(ms.basins)
            p.hyper.setChecked(ms.hyper)
        finally:
            self._restoring = False
        self.session.set_map_settings(ms)  # what the file said, not the view's rounding
        self._changed(True, True)

    def _on_fix_axes(self, on: bool) -> None:
        if self._restoring:
            return
        if not on:
            self._fixed = None
        else:
            res = self._shown_result.get("hyper")
            req = res.request if res is not None else None
            if req is not None and req.lrs:
                betas = (float(req.betas[0]), float(req.betas[-1])) if req.betas else None
                self._fixed = ((float(req.lrs[0]), float(req.lrs[-1])), betas)
            else:  # nothing shown yet: the automatic axes of now
                rid = self.run_id()
                if rid is None:
                    return
                r = self.session.run(rid)
                lrs, betas = self._axes(r.optimizer, r.hyper, self.session.start_of(rid), 2)
                self._fixed = ((lrs[0], lrs[-1]), (betas[0], betas[-1]) if betas else None)
        self._changed(False, True)

    # --- requests --------------------------------------------------------------------
    def _on_basins_toggled(self, on: bool) -> None:
        self.layer.set_visible(on and self.layer.map is not None)
        self.panel.show_basin_options(on)
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
        if kind == "basins" and fine:
            self._record_box(req.box)
        # a fine map in progress is out of date now: abandon it; a running coarse one
        # (tens of ms) finishes, so a drag keeps showing maps; the newest request waits
        running = self.computer.running(kind)
        if fine or running is None or running.fine:
            self.computer.cancel(kind, req.id)
        self.computer.submit(req)
        if fine or self._shown_result.get(kind) is None:
            self._status(translate("Maps", "Computing maps…"))
        # (a coarse map during a drag: the status keeps the last map's line, "refining…",
        # instead of flipping to "Computing maps…" and back on every step)

    def _status(self, text: str) -> None:
        """Set the status line only when it changes (each change relays out the panel)."""
        if self.panel.status.text() != text:
            self.panel.status.setText(text)

    def _build(self, kind: str, fine: bool) -> MapRequest | None:
        s, rid = self.session, self.run_id()
        if rid is None or s.settings_error(rid) is not None:
            self.panel.status.setText(translate("Maps", "No run to map: add a run or fix its settings"))
            return None
        r = s.run(rid)
        try:
            opt = optimizer_with(make_optimizer(r.optimizer, **r.hyper), r.dynamics)
        except ValueError as exc:
            self.panel.status.setText(str(exc))
            return None
        self._next_id += 1
        steps = max(1, min(s.steps, MAX_MAP_STEPS))
        common = dict(id=self._next_id, surface=s.surface, optimizer=opt, steps=steps, fine=fine,
                      run_id=rid, dynamics=r.dynamics)
        if kind == "basins":
            n_fine = int(self.panel.basin_grid.currentData() or FINE_BASINS)
            return MapRequest("basins", box=self.basin_box(),
                              n=n_fine if fine else min(COARSE_BASINS, n_fine), **common)
        n_fine = int(self.panel.hyper_grid.currentData() or FINE_HYPER)
        n = n_fine if fine else min(COARSE_HYPER, n_fine)
        if self.every_run():
            return self._sweeps_request(n, common)
        start = s.start_of(rid)
        lrs, betas = self._axes(r.optimizer, r.hyper, start, n)
        return MapRequest("hyper", start=start, lrs=lrs, betas=betas, **common)

    def _sweeps_request(self, n: int, common: dict) -> MapRequest | None:
        """Every enabled run with valid settings, swept over one lr axis spanning them all."""
        s = self.session
        jobs, dyns, lo, hi = [], [], math.inf, 0.0
        for r in s.runs():
            if not r.enabled or s.settings_error(r.id) is not None:
                continue
            start = s.start_of(r.id)
            jobs.append((r.id, optimizer_with(make_optimizer(r.optimizer, **r.hyper),
                                              r.dynamics), start))
            dyns.append(r.dynamics)
            lrs, _ = self._axes(r.optimizer, r.hyper, start, 2, fixed=False)
            lo, hi = min(lo, lrs[0]), max(hi, lrs[-1])
        if not jobs:
            self.panel.status.setText(translate("Maps", "No enabled run to sweep"))
            return None
        if self._fixed is not None:
            lo, hi = self._fixed[0]
        else:
            lo = min(lo * 10.0, hi * 1e-4)  # at least four decades; the runs' spans joined
        lrs = tuple(np.geomspace(lo, hi, n).tolist())
        return MapRequest("hyper", lrs=lrs, sweeps=tuple(jobs),
                          **{**common, "sweep_dynamics": tuple(dyns)})

    def _axes(self, name: str, hyper, start, n: int, fixed: bool = True):
        """log lr axis around the stability limit (or the current lr), β axis over its range;
        the fixed axes instead when the panel keeps them (and ``fixed``)."""
        s = self.session
        beta_name = BETA_NAMES.get(name)
        if fixed and self._fixed is not None:
            (lo, hi), brange = self._fixed
            lrs = tuple(np.geomspace(lo, hi, n).tolist())
            if beta_name is None:
                return lrs, None
            b0, b1 = brange if brange is not None else BETA_RANGE[beta_name]
            return lrs, tuple(np.linspace(b0, b1, n).tolist())
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
        if beta_name is None:
            return lrs, None
        b0, b1 = BETA_RANGE[beta_name]
        return lrs, tuple(np.linspace(b0, b1, n).tolist())

    # --- results (GUI thread) --------------------------------------------------------------
    def _on_progress(self, req: MapRequest, percent: int) -> None:
        # coarse maps take tens of ms: a label relaid out 40 times each would cost the
        # drag more GUI time than the map itself
        if req.fine and req.id == self._latest.get(req.kind):
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
            legend, before = basin_legend(res.map), self.panel.basin_legend.text()
            if legend != before:
                self.panel.basin_legend.setText(legend)
                if legend.count("<br>") != before.count("<br>"):  # refit only when it grows
                    self.panel.needs_room.emit()  # or shrinks, not for new percentages
        elif req.sweeps:
            self._show_sweeps(res.map, req)
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

    def _show_sweeps(self, maps, req: MapRequest) -> None:
        s = self.session
        ids = s.run_ids()
        shown = [(m, rid) for m, (rid, _o, _p) in zip(maps, req.sweeps) if rid in ids]
        if not shown:
            return
        colors, limits, currents, entries = [], [], [], []
        for _m, rid in shown:
            r = s.run(rid)
            color = color_hex(r.color)
            lim = s.limit(rid)
            # in base-lr terms (the axis): a schedule's peak lr is what must stay below it
            limit = lim.lr / r.dynamics.peak_lr(1.0) if lim is not None else None
            colors.append(color)
            limits.append(limit)
            currents.append(float(r.hyper["lr"]))
            entries.append((f"{ids.index(rid) + 1}. {r.label}", color, limit,
                            float(r.hyper["lr"]), r.optimizer in ("gd", "momentum", "nesterov")))
        f_min = f_min_of(s.surface)
        by_steps = self.panel.color_by.currentData() == "steps"
        self.panel.plot.set_sweeps([m for m, _ in shown], colors, limits, currents,
                                   f_min if f_min is not None and math.isfinite(f_min) else 0.0,
                                   by_steps=by_steps)
        self.panel.hyper_legend.setText(sweeps_legend(entries, req.steps))

    def _redraw_hyper(self) -> None:
        res = self._shown_result.get("hyper")
        if res is not None and res.map is not None:
            if res.request.sweeps:
                self._show_sweeps(res.map, res.request)
            else:
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
        """Write the map on screen as JSON, CSV or a PNG or SVG picture (in the engine's drawing,
        the lab's colours); with every run's sweep shown, the chosen run's sweep (or the
        first).  Returns an error message or None."""
        res = self._shown_result.get(kind)
        if res is None or res.map is None:
            return translate("Maps", "No map to export yet")
        m, opt = res.map, res.request.optimizer
        if isinstance(m, tuple):
            ids = [rid for rid, _o, _p in res.request.sweeps]
            k = ids.index(self.run_id()) if self.run_id() in ids else 0
            m, opt = m[k], res.request.sweeps[k][1]
        s = self.session
        params = dict(s.surface_params) if s.surface_name == "custom" else None
        try:
            doc = map_document(m, hyperparameters=dict(opt.hyper), surface_params=params)
            if path.lower().endswith(PICTURE_SUFFIXES):  # PNG or SVG (maps_svg)
                extra = {} if kind == "basins" else {"f_min": f_min_of(s.surface)}
                save_picture(path, doc, **extra)
            else:
                save_map(path, doc)
        except (OSError, ValueError, FileFormatError) as exc:
            return str(exc)
        return None

    def _export_dialog(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.panel, translate("Maps", "Export map"), f"{kind}_map.json",
            translate("Maps", "JSON (*.json);;CSV (*.csv);;PNG picture (*.png);;"
                      "SVG picture (*.svg)"))
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

    def fit_panel(*_args) -> None:
        """Curves get the room unless the hyperparameter plot is shown (then about half);
        the panel always gets what its controls and legends need."""
        total = sum(right.sizes()) or 900
        lay = panel.layout()
        lay.activate()
        need = max(panel.minimumSizeHint().height(),
                   lay.totalHeightForWidth(panel.width()) if lay.hasHeightForWidth() else 0)
        panel_h = max(int(0.55 * total), need) if panel.hyper.isChecked() else need
        right.setSizes([max(total - panel_h, 200), panel_h])

    fit_panel()
    panel.hyper.toggled.connect(fit_panel)
    panel.basins.toggled.connect(fit_panel)
    panel.needs_room.connect(fit_panel)
    lab.maps_splitter = right
    controller = MapsController(lab.session, panel, layer, lab, view_box=lab.view.vb)
    app = QCoreApplication.instance()
    if app is not None:  # a long fine map stops within 25 steps instead of delaying exit
        app.aboutToQuit.connect(controller.shutdown)
    return controller
