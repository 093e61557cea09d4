"""Map benchmarks: basin maps at 64² (live, coarse) and 256² (refined) x 500 steps, beside
the old batched ``sweep`` of the same 65,536 runs (Rastrigin takes the separable path of
:mod:`optim_lab.maps_separable`), a 128² (lr, β) map, the live maps' child process (start
and per-map overhead), and the Surface Lab's slider with a live basin map (GUI-thread p95,
in a fresh offscreen process, beside the same drag with no map) with the coarse maps'
times on the worker."""

from __future__ import annotations

import numpy as np

from optim_lab import get_surface, make_optimizer
from optim_lab.maps import basin_map, hyper_map, run_batch
from optim_lab.sweep import sweep

from .run import Row, timeit


def _numpy_only(fn):
    """``fn()`` with the compiled loop switched off (the numpy loop's time beside it)."""
    from optim_lab import maps_compiled

    kept, maps_compiled._KERNEL = maps_compiled._KERNEL, False
    try:
        return fn()
    finally:
        maps_compiled._KERNEL = kept


def rows() -> list[Row]:
    import time

    from optim_lab import maps_compiled

    t = time.perf_counter()
    ok = maps_compiled.available()  # as the live maps' process does at its start
    out = [Row("compiled map loop (numba): import + load from the disk cache (or compile)",
               f"{time.perf_counter() - t:.2f} s" if ok else "numba not installed")]
    cases = (("himmelblau", make_optimizer("gd", lr=0.01)),
             ("rosenbrock", make_optimizer("momentum", lr=1e-3, momentum=0.9)),
             ("rastrigin", make_optimizer("momentum", lr=0.002, momentum=0.9)))
    for name, opt in cases:
        s = get_surface(name)
        box = s.bounds.ravel()
        coarse = np.median(timeit(lambda s=s, opt=opt, box=box: basin_map(s, opt, box, 64, 500),
                                  repeat=7, warmup=1))
        plain = np.median(_numpy_only(lambda s=s, opt=opt, box=box: timeit(
            lambda: basin_map(s, opt, box, 64, 500), repeat=5, warmup=1)))
        out.append(Row(f"basin map 64² x 500, {opt.name} on {name} (numpy loop "
                       f"{plain * 1e3:.0f} ms)", f"{coarse * 1e3:.0f} ms", "<= 40 ms",
                       coarse <= 0.040))
        fine = np.median(timeit(lambda s=s, opt=opt, box=box: basin_map(s, opt, box, 256, 500),
                                repeat=3, warmup=0))
        xs, ys = np.linspace(box[0], box[1], 256), np.linspace(box[2], box[3], 256)
        XX, YY = np.meshgrid(xs, ys)
        starts = np.column_stack([XX.ravel(), YY.ravel()])
        old = np.median(timeit(lambda s=s, opt=opt, starts=starts: sweep(s, opt, starts, 500),
                               repeat=3, warmup=0))
        every = np.median(timeit(lambda s=s, opt=opt, starts=starts: run_batch(
            s, opt, starts, 500, threads=0), repeat=3, warmup=0))
        plain = np.median(_numpy_only(lambda s=s, opt=opt, box=box: timeit(
            lambda: basin_map(s, opt, box, 256, 500), repeat=1, warmup=0)))
        out.append(Row(f"basin map 256² x 500, {opt.name} on {name} (numpy loop {plain:.2f} s; "
                       f"every core {every:.2f} s; old sweep {old:.2f} s)", f"{fine:.2f} s",
                       "<= 0.5 s", fine <= 0.5))
    s = get_surface("booth")
    lrs, betas = np.geomspace(1e-3, 0.5, 128), np.linspace(0, 0.99, 128)
    hm = np.median(timeit(lambda: hyper_map(s, make_optimizer("momentum"), [-6, -4], lrs, betas,
                                            500), repeat=3, warmup=0))
    out.append(Row("hyper map 128² x 500, momentum on Booth", f"{hm:.2f} s"))
    return out + [process_row()] + gui_rows()


def process_row() -> Row:
    """The live maps' child process: its start (paid once, on the worker thread, at the
    first map) and one 64² Himmelblau map through the pipe beside the same map here."""
    import time

    from optim_lab.maps_service import MapProcess, MapRequest, run_request

    s = get_surface("himmelblau")
    req = MapRequest("basins", 1, s, make_optimizer("gd", lr=0.01), 500, False,
                     box=tuple(s.bounds.ravel()), n=64)
    t = time.perf_counter()
    proc = MapProcess()
    proc.compute(req, lambda: False)
    first = time.perf_counter() - t
    there = np.median(timeit(lambda: proc.compute(req, lambda: False), repeat=7, warmup=1))
    here = np.median(timeit(lambda: run_request(req, lambda: False), repeat=7, warmup=1))
    proc.close()
    return Row(f"map process: start + first 64² map {first:.2f} s; then a 64² map there "
               f"(here {here * 1e3:.0f} ms)", f"{there * 1e3:.0f} ms")


GUI = "--gui-json"


def _gui_rows() -> list[Row]:
    """The Surface Lab's GD slider dragged as in bench_gui, first with no map, then with
    the live basin map of that run visible (computed on the worker while dragging)."""
    import time

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from app.main_window import MainWindow

    w = MainWindow()
    w.resize(1280, 800)
    w.show()
    for _ in range(5):
        app.processEvents()
    lab = w.surface_lab
    maps = lab.maps
    gd = lab.rows()[0]
    lo, hi = gd.lr.position_for(3e-4), gd.lr.position_for(1.9e-3)
    positions = np.linspace(lo, hi, 120).astype(int)
    sweep_positions = [int(p) for p in positions] + [int(p) for p in positions[::-1]]

    from tests.benchmarks.bench_gui import _hold_slider, _settle, _turns

    def drag() -> tuple[np.ndarray, np.ndarray]:
        _hold_slider(app, lab, gd)  # a drag: the run is computed by the drag process
        for pos in sweep_positions[::6]:  # warm-up
            gd.lr.slider.setValue(pos)
            app.processEvents()
        # mouse moves arrive about every 16 ms during a drag
        wall, cpu = _turns(app, gd, sweep_positions, pause=0.012)
        gd.lr.slider.setSliderDown(False)
        _settle(app, lab)
        return np.asarray(wall) * 1e3, np.asarray(cpu) * 1e3

    plain_wall, plain_cpu = drag()
    from optim_lab.maps_service import map_process

    proc = map_process()  # as after the app's first map: the map process is running
    while not proc.ready():
        time.sleep(0.05)
    box = maps.panel.run_box
    box.setCurrentIndex(0)
    maps.panel.basins.setChecked(True)
    maps.refine_now()
    maps.computer.wait()
    app.processEvents()
    coarse: list[float] = []
    maps.computer.ready.connect(
        lambda r: coarse.append(r.seconds) if r.request.kind == "basins" and not r.request.fine
        and not r.cancelled and r.error is None else None)
    map_wall, map_cpu = drag()
    maps.shutdown()
    w.close()

    def fig(a: np.ndarray, b: np.ndarray) -> str:
        return f"{np.percentile(a, 95):.1f} ms (no map {np.percentile(b, 95):.1f})"

    return [
        Row("slider -> repaint with a live basin map, GUI-thread CPU p95",
            fig(map_cpu, plain_cpu), "<= 16 ms", bool(np.percentile(map_cpu, 95) <= 16)),
        Row("slider -> repaint with a live basin map, event loop p95",
            fig(map_wall, plain_wall), "<= 16 ms", bool(np.percentile(map_wall, 95) <= 16)),
        Row(f"coarse 64² basin maps while dragging (worker), median of {len(coarse)}",
            f"{np.median(coarse) * 1e3:.0f} ms" if coarse else "none arrived", "<= 40 ms",
            bool(coarse) and float(np.median(coarse)) <= 0.040),
    ]


def gui_rows() -> list[Row]:
    """:func:`_gui_rows` in a fresh process (offscreen, ratio 1)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6")
    root = Path(__file__).resolve().parents[2]
    p = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_maps", GUI], cwd=root,
                       env=env, capture_output=True, text=True, timeout=900)
    if p.returncode != 0:
        return [Row("maps GUI rows", "failed: " + p.stderr[-300:], "", False)]
    return [Row(**r) for r in json.loads(p.stdout.strip().splitlines()[-1])]


if __name__ == "__main__":
    import json
    import os
    import sys

    if sys.argv[1:] == [GUI]:
        print(json.dumps([r.__dict__ for r in _gui_rows()]))
        sys.stdout.flush()
        os._exit(0)  # skip Qt teardown
