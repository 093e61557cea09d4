"""Child process for the memory tests in ``test_render.py``: render or export one figure
under the address-space limit the parent set, then print one JSON line.

    python tests/app/figure_child.py render   SCENARIO OUT WIDTH HEIGHT
    python tests/app/figure_child.py surface  SCENARIO OUT WIDTH
    python tests/app/figure_child.py nd       OUT WIDTH
    python tests/app/figure_child.py deep     OUT WIDTH

The JSON has ``code`` (exit status / 0 for a successful export), ``peak_mb`` (this
process's peak RSS, read right after the figure was written) and ``looks``: for every
run that left the view, its colour and the PNG pixel where its exit arrow points
from -- where a user looks for it.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
sys.path.insert(0, os.getcwd())


def peak_mb() -> float:
    """This process's peak RSS in MB: ``VmHWM``, the high-water mark of its own memory map.

    Not ``ru_maxrss``: Linux keeps that across fork and exec, so a child forked from a
    pytest process that had grown to 600 MB (torch tests) reported 600 MB before it
    had drawn anything.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux


def app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def scene_to_png(scene, point, width: int) -> tuple[float, float]:
    """Pixel of a scene point in an ImageExporter PNG of ``width`` pixels."""
    import pyqtgraph.exporters as pge

    src = pge.ImageExporter(scene).getSourceRect()
    s = width / src.width()
    return ((point.x() - src.left()) * s, (point.y() - src.top()) * s)


def exits_of(vb, arrows_and_colors, scene, width: int) -> list[dict]:
    out = []
    for arrow, color in arrows_and_colors:
        if arrow.isVisible():
            x, y = scene_to_png(scene, vb.mapViewToScene(arrow.pos()), width)
            out.append({"color": color, "x": x, "y": y})
    return out


def surface_lab_looks(scenario: str, width: int, height: int | None, scene_of=None):
    """A Surface Lab with ``scenario`` laid out like the figure, and its exit points."""
    from PySide6.QtCore import Qt

    from app.surface_lab import SurfaceLab

    a = app()
    lab = SurfaceLab()
    lab.load_scenario(scenario, play=False)
    lab.recompute_now()
    view = lab.view
    if height is not None:  # as ``render`` lays it out
        view.setParent(None)
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        view.resize(width, height)
        view.show()
    else:
        lab.resize(1280, 800)
        lab.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        lab.show()
    a.processEvents()
    view.runs.set_position(lab.clock.steps)
    a.processEvents()
    items = [(it.exit, it.color) for it in view.runs.items.values()]
    return lab, view, items


def main() -> None:
    mode = sys.argv[1]
    looks: list[dict] = []
    if mode == "render":
        scenario, out, w, h = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        from app.cli import main as cli

        code = cli(["render", "--scenario", scenario, "--out", out, "--width", str(w),
                    "--height", str(h)])
        peak = peak_mb()
        if code == 0:
            _, view, items = surface_lab_looks(scenario, w, h)
            looks = exits_of(view.vb, items, view.scene(), w)
    elif mode == "surface":
        scenario, out, w = sys.argv[2], sys.argv[3], int(sys.argv[4])
        lab, view, items = surface_lab_looks(scenario, w, None)
        code = 0 if lab.export_image_to(out, w) else 1
        peak = peak_mb()
        looks = exits_of(view.vb, items, view.scene(), w)
    elif mode == "nd":
        out, w = sys.argv[2], int(sys.argv[3])
        from PySide6.QtCore import Qt

        from app.nd_lab import NDLab

        a = app()
        lab = NDLab()
        lab.resize(1280, 800)
        lab.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        lab.show()
        rows = {r.name: r for r in lab.optimizers.rows()}
        rows["gd"].lr.setValue(0.05)  # above 2/λ_max = 0.02 on the default quadratic: diverges
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            a.processEvents()
            res = lab.result
            if (res is not None and res.generation == lab.generation()
                    and not lab._recompute.isActive() and not lab.computer._busy["runs"]):
                break
            time.sleep(0.01)
        assert any(t.status == "diverged" for t in lab.result.trajectories)
        lab.playback.set_position(lab.playback.slider.maximum())  # the runs' ends
        a.processEvents()
        err = lab.export_figure(out, width=w)
        code = 0 if err is None else 1
        peak = peak_mb()
        plane = lab.figure.plane
        items = [(plane.exits[k], plane.colors[k]) for k in plane.exits]
        looks = exits_of(plane.vb, items, lab.figure.scene(), w)
        if err:
            print(err, file=sys.stderr)
    elif mode == "deep":
        out, w = sys.argv[2], int(sys.argv[3])
        from PySide6.QtCore import Qt

        from app.deep_lab import DeepStackLab
        from app.widgets.export import export_view

        a = app()
        lab = DeepStackLab()
        lab.resize(1280, 800)
        lab.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        lab.show()
        deadline = time.monotonic() + 120
        while lab._session is None and time.monotonic() < deadline:
            a.processEvents()
            time.sleep(0.01)
        for _ in range(3):
            lab.step_button.click()
            a.processEvents()
        t_end = time.monotonic() + 2
        while time.monotonic() < t_end:
            a.processEvents()
            time.sleep(0.01)
        code = 0
        for i, scene in enumerate([v.layout_widget.scene() for v in (*lab.views, lab.curves)]):
            export_view(scene, out.replace(".png", f"_{i}.png"), w)
        peak = peak_mb()
        lab.shutdown()
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps({"code": code, "peak_mb": peak, "looks": looks}))
    sys.stdout.flush()
    os._exit(0)  # skip Qt teardown: the figure is written, the numbers printed


if __name__ == "__main__":
    main()
