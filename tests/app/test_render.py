"""``optim-lab render``: offscreen rendering of the Surface Lab view, and ``--list``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer

from app.cli import main
from app.surface_lab import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]


def test_list_names_every_scenario(capsys):
    assert main(["render", "--list"]) == 0
    out = capsys.readouterr().out
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert names == list(SCENARIOS)


@pytest.mark.parametrize("name", ["lr_too_large", "saddle_stall"])
def test_render_png_at_the_requested_size(tmp_path, qapp, name):
    out = tmp_path / f"{name}.png"
    assert main(["render", "--scenario", name, "--out", str(out),
                 "--width", "900", "--height", "600"]) == 0
    img = QImage(str(out))
    assert (img.width(), img.height()) == (900, 600)
    small = img.scaled(60, 40)
    assert len({small.pixel(x, y) for x in range(60) for y in range(40)}) > 40


def test_render_svg(tmp_path, qapp):
    out = tmp_path / "v.svg"
    assert main(["render", "--scenario", "plateau", "--out", str(out)]) == 0
    assert QSvgRenderer(str(out)).isValid()


def test_bad_arguments_give_a_message_and_exit_code(tmp_path, capsys, qapp):
    assert main(["render", "--scenario", "nope", "--out", str(tmp_path / "x.png")]) == 2
    assert "unknown scenario 'nope'" in capsys.readouterr().err
    assert main(["render", "--scenario", "plateau", "--out", str(tmp_path / "x.gif")]) == 2
    assert ".png or .svg" in capsys.readouterr().err
    assert main(["render", "--scenario", "plateau"]) == 2
    assert list(tmp_path.iterdir()) == []


def test_render_runs_headless_in_a_fresh_process(tmp_path):
    out = tmp_path / "r.png"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no DISPLAY, no QT_QPA_PLATFORM
    code = ("import sys; from app.cli import main; r = main(['render', '--scenario', "
            f"'local_minima', '--out', {str(out)!r}]); print('torch' in sys.modules); sys.exit(r)")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().splitlines()[-1] == "False"  # rendering never imports torch
    assert QImage(str(out)).width() == 1200


def test_render_a_surface_with_the_default_runs(tmp_path, qapp, capsys):
    out = tmp_path / "h.png"
    assert main(["render", "--surface", "himmelblau", "--out", str(out), "--width", "640",
                 "--height", "480"]) == 0
    assert QImage(str(out)).size().toTuple() == (640, 480)
    assert main(["render", "--surface", "nope", "--out", str(tmp_path / "n.png")]) == 2
    assert "unknown surface 'nope'" in capsys.readouterr().err


# --- memory: every figure is painted within a bounded budget ---------------------------------
ADDRESS_SPACE = 3 * 2**30  # the child's whole address space (torch and Qt fit in it)
PEAK_RSS_MB = 600
CHILD = ROOT / "tests" / "app" / "figure_child.py"


def _limit_address_space() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_child(*args: str) -> dict:
    """Run ``figure_child.py`` under the address-space limit; its JSON report."""
    import json
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6")
    p = subprocess.run([sys.executable, str(CHILD), *args], cwd=ROOT, env=env,
                       preexec_fn=_limit_address_space, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    report = json.loads(p.stdout.strip().splitlines()[-1])
    report["stderr"] = p.stderr
    return report


def colour_pixels_near(png: Path, color: str, x: float, y: float, radius: int = 24,
                       tol: int = 30) -> int:
    """Pixels within ``radius`` of (x, y) whose RGB is within ``tol`` of ``color``."""
    from PIL import Image

    img = np.asarray(Image.open(png).convert("RGB"), dtype=int)
    c = QColor(color)
    want = np.array([c.red(), c.green(), c.blue()])
    h, w, _ = img.shape
    x0, x1 = max(int(x) - radius, 0), min(int(x) + radius + 1, w)
    y0, y1 = max(int(y) - radius, 0), min(int(y) + radius + 1, h)
    patch = img[y0:y1, x0:x1]
    return int(np.sum(np.max(np.abs(patch - want), axis=2) <= tol))


def assert_runs_that_left_are_drawn(png: Path, looks: list[dict]) -> None:
    for look in looks:
        near = colour_pixels_near(png, look["color"], look["x"], look["y"])
        assert near >= 40, (look, near)  # the path's end and the exit arrow, in its colour


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_scenario_renders_in_bounded_memory(tmp_path, name):
    out = tmp_path / f"{name}.png"
    r = run_child("render", name, str(out), "1200", "900")  # the default size
    assert r["code"] == 0, r["stderr"]
    assert "Painter not active" not in r["stderr"]
    assert r["peak_mb"] <= PEAK_RSS_MB, r["peak_mb"]
    assert QImage(str(out)).size().toTuple() == (1200, 900)
    if name == "lr_too_large":  # its GD run at lr 0.13 diverges out of the view
        assert len(r["looks"]) == 1
    assert_runs_that_left_are_drawn(out, r["looks"])


def test_surface_lab_export_of_a_diverging_run_in_bounded_memory(tmp_path):
    out = tmp_path / "export.png"
    r = run_child("surface", "lr_too_large", str(out), "800")
    assert r["code"] == 0, r["stderr"]
    assert r["peak_mb"] <= PEAK_RSS_MB, r["peak_mb"]
    assert len(r["looks"]) == 1
    assert_runs_that_left_are_drawn(out, r["looks"])


def test_nd_lab_export_of_a_diverging_run_in_bounded_memory(tmp_path):
    out = tmp_path / "nd.png"
    r = run_child("nd", str(out), "1600")
    assert r["code"] == 0, r["stderr"]
    assert r["peak_mb"] <= PEAK_RSS_MB, r["peak_mb"]
    assert len(r["looks"]) >= 1  # the GD run at twice its stability limit leaves the plane view
    assert_runs_that_left_are_drawn(out, r["looks"])


def test_deep_stack_lab_figures_export_in_bounded_memory(tmp_path):
    out = tmp_path / "deep.png"
    r = run_child("deep", str(out), "1200")
    assert r["code"] == 0, r["stderr"]
    assert r["peak_mb"] <= PEAK_RSS_MB, r["peak_mb"]
    for i in range(3):
        img = QImage(str(tmp_path / f"deep_{i}.png"))
        assert img.width() == 1200 and not img.isNull()


# --- arguments, output path, budget and paint failures: checked before any work ----------------
@pytest.fixture
def no_lab_built(monkeypatch):
    """Fail the test if a Surface Lab is constructed (validation must come first)."""
    import app.surface_lab as sl

    def refuse(*_a, **_k):
        raise AssertionError("the lab was built before the arguments were checked")

    monkeypatch.setattr(sl, "SurfaceLab", refuse)


def test_scenario_and_surface_together_are_refused(tmp_path, capsys, no_lab_built):
    out = tmp_path / "x.png"
    assert main(["render", "--scenario", "plateau", "--surface", "booth", "--out", str(out)]) == 2
    assert "not both" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("out, code, words", [
    ("", 2, "empty"),
    ("dir_name.png/", 2, "names a folder"),
    ("missing/x.png", 1, "does not exist"),
    ("a_folder.png", 1, "is a folder"),
])
def test_output_path_problems_are_refused_first(tmp_path, capsys, no_lab_built, out, code, words):
    (tmp_path / "a_folder.png").mkdir()
    target = f"{tmp_path}/{out}" if out else ""
    assert main(["render", "--scenario", "plateau", "--out", target]) == code
    assert words in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_folder.png"]


def test_an_image_above_the_budget_is_refused_with_its_estimate(tmp_path, capsys, no_lab_built):
    from app.widgets.export import MAX_IMAGE_BYTES, image_bytes

    assert image_bytes(8000, 8000) > MAX_IMAGE_BYTES
    assert main(["render", "--out", str(tmp_path / "big.png"), "--width", "8000",
                 "--height", "8000"]) == 2
    err = capsys.readouterr().err
    assert f"about {round(image_bytes(8000, 8000) / 2**20)} MB" in err
    assert list(tmp_path.iterdir()) == []


def test_a_failed_paint_is_an_error_never_a_silent_image(qapp):
    from PySide6.QtGui import QPainter

    from app.widgets.export import PaintError, painting_checked

    with pytest.raises(PaintError, match="could not be painted"):
        with painting_checked():
            painter = QPainter()
            assert not painter.begin(QImage())  # Qt: "Paint device returned engine == 0"


def test_render_exits_1_when_the_figure_cannot_be_painted(tmp_path, capsys, monkeypatch, qapp):
    import pyqtgraph.exporters as pge

    monkeypatch.setattr(pge.ImageExporter, "export", lambda self, **kw: QImage())  # allocation failed
    out = tmp_path / "x.png"
    assert main(["render", "--scenario", "plateau", "--out", str(out)]) == 1
    assert "could not be painted" in capsys.readouterr().err
    assert not out.exists()


def test_export_restores_pixmap_caches_and_paints_without_them(qapp, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QGraphicsItem

    from app.surface_lab import SurfaceLab
    from app.widgets import export as export_mod

    lab = SurfaceLab()
    lab.load_scenario("lr_too_large", play=False)
    lab.recompute_now()
    scene = lab.view.scene()
    before = {it: it.cacheMode() for it in scene.items()}
    assert any(m != QGraphicsItem.CacheMode.NoCache for m in before.values())
    seen = []
    real = export_mod.pge.ImageExporter.export

    def spy(self, **kw):
        seen.extend(it.cacheMode() for it in scene.items())
        return real(self, **kw)

    monkeypatch.setattr(export_mod.pge.ImageExporter, "export", spy)
    assert lab.export_image_to(tmp_path / "f.png", 400)
    assert seen and all(m == QGraphicsItem.CacheMode.NoCache for m in seen)
    assert {it: it.cacheMode() for it in scene.items()} == before
    lab.deleteLater()


# --- HiDPI: Qt re-renders a device cache on every paint at ratio != 1, so the static layers are
# painted by our own device-resolution pixmaps (CachedLayer, PixmapAxisItem) at every ratio ------
CACHE_MODES = """
import json, os, sys
from PySide6.QtWidgets import QApplication, QGraphicsItem
app = QApplication([])
from app.main_window import MainWindow
from app.widgets.cached_axis import PixmapAxisItem
w = MainWindow(); w.resize(1000, 700); w.show(); app.processEvents()
lab = w.surface_lab
lab.curves._make_live(next(iter(lab.curves.curves)))  # one run dragged, the rest cached
sources = [lab.view.image, lab.view.contours] + [
    c[0].curve for k, c in lab.curves.curves.items() if k != lab.curves.live]
no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
axes = [lab.view.plot.getAxis("left"), lab.view.plot.getAxis("bottom"),
        lab.curves.loss.getAxis("left"), lab.curves.grad.getAxis("bottom")]
print(json.dumps({"ratio": w.devicePixelRatioF(),
                  "source_modes": [int(it.cacheMode().value) for it in sources],
                  "no_contents": [bool(it.flags() & no_contents) for it in sources],
                  "pixmap_axes": [isinstance(a, PixmapAxisItem) for a in axes],
                  "colorbar_axis": int(lab.view.colorbar.getAxis("right").cacheMode().value)}))
sys.stdout.flush(); os._exit(0)
"""


@pytest.mark.parametrize("scale", ["1", "2"])
def test_pixmap_caches_only_where_they_pay(scale):
    import json
    import os

    from PySide6.QtWidgets import QGraphicsItem

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6",
               QT_SCALE_FACTOR=scale)
    p = subprocess.run([sys.executable, "-c", CACHE_MODES], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    r = json.loads(p.stdout.strip().splitlines()[-1])
    assert r["ratio"] == float(scale)
    none = int(QGraphicsItem.CacheMode.NoCache.value)
    assert len(r["source_modes"]) >= 3
    assert r["source_modes"] == [none] * len(r["source_modes"])  # painted by a CachedLayer
    assert all(r["no_contents"])
    assert all(r["pixmap_axes"])
    want = (QGraphicsItem.CacheMode.DeviceCoordinateCache if scale == "1"
            else QGraphicsItem.CacheMode.NoCache)
    assert r["colorbar_axis"] == int(want.value)  # Qt's cache only where it pays
