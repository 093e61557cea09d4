# ruff: noqa: F811  (pytest fixtures imported from surface_testing are parameters)
"""The maps panel's SVG export: the file reads back as the map on screen (the PNG
export's colours, a legend naming the labels, the theory's boundary lines)."""

from __future__ import annotations

import base64
import io
import json
import math
import xml.etree.ElementTree as ET

import numpy as np
from PIL import Image
from surface_testing import lab, no_qt_warnings  # noqa: F401

SVG = "{http://www.w3.org/2000/svg}"


def parse(path):
    root = ET.parse(path).getroot()
    return root, json.loads(root.find(f"{SVG}metadata").text)


def embedded(root, ident: str):
    im = next(e for e in root.iter(f"{SVG}image") if e.get("id") == ident)
    with Image.open(io.BytesIO(base64.b64decode(im.get("href").split("base64,", 1)[1]))) as p:
        return np.asarray(p.convert("RGB")), im


def texts(root) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def _settle(qtbot, maps, kind: str) -> None:
    maps.refine_now()
    qtbot.waitUntil(lambda: maps._shown[kind] >= maps._latest[kind] >= 0, timeout=60000)


def test_svg_export_reads_back_as_the_map_on_screen(lab, qtbot, tmp_path):
    lab.set_surface("booth")
    lab.recompute_now()
    maps = lab.maps
    box = maps.panel.run_box
    box.setCurrentIndex(next(i for i in range(box.count())
                             if lab.session.run(box.itemData(i)).optimizer == "momentum"))
    maps.panel.basins.setChecked(True)
    maps.panel.hyper.setChecked(True)
    _settle(qtbot, maps, "basins")
    _settle(qtbot, maps, "hyper")
    for kind in ("basins", "hyper"):
        svg, png = tmp_path / f"{kind}.svg", tmp_path / f"{kind}.png"
        assert maps.export_to(kind, str(svg)) is None and maps.export_to(kind, str(png)) is None
        root, meta = parse(svg)
        cells, _ = embedded(root, "cells")
        left, top, w, h = meta["plot_area"]
        with Image.open(png) as p:
            ref = np.asarray(p.convert("RGB"))[top:top + h, left:left + w]
        same = (cells == ref).all(axis=-1)
        assert same.mean() > 0.97  # all but where the PNG drew rings and ticks into cells
        words = " ".join(texts(root))
        if kind == "basins":
            labels = maps.layer.map.labels
            share = 100.0 * (labels == 0).mean()
            assert f"global minimum (1, 3): {share:.0f}%" in words  # Booth's one minimum
        else:
            m = maps.panel.plot.map
            lam = m.lam_max_minimum
            line = next(e for e in root.iter(f"{SVG}polyline") if e.get("id") ==
                        "boundary-minimum")
            (x0, x1), (y0, y1) = meta["x_range"], meta["y_range"]
            for pt in line.get("points").split():
                px, py = map(float, pt.split(","))
                lr = 10 ** (x0 + (px - left) / w * (x1 - x0))
                beta = y1 - (py - top) / h * (y1 - y0)
                assert math.isclose(lr, 2 * (1 + beta) / lam, rel_tol=1e-4)
            assert json.loads(root.find(f"{SVG}metadata").text)["kind"] == "hyper"


def _pixel(view, x: float, y: float) -> np.ndarray:
    """The view's colour at data point (x, y), from a grab of the widget."""
    from PySide6.QtCore import QPointF

    img = view.grab().toImage()
    p = view.mapFromScene(view.vb.mapViewToScene(QPointF(x, y)))
    c = img.pixelColor(int(p.x()), int(p.y()))
    return np.array([c.red(), c.green(), c.blue()], dtype=float)


def test_the_basin_layer_shows_over_the_cached_surface_layer(lab, qtbot):
    """The heat map and contours are one opaque cached layer; the translucent basin colours
    must be painted above it (they were hidden under it), tinting each cell toward its
    minimum's colour, and the opacity slider must change how much."""
    from PySide6.QtGui import QColor

    from optim_lab.maps_png import minimum_colors

    lab.set_surface("himmelblau")
    lab.recompute_now()
    maps = lab.maps
    view = lab.view
    x, y = -4.6, -4.6  # far from the legend, markers and runs: the basin of (−3.78, −3.28)
    plain = _pixel(view, x, y)
    maps.panel.basins.setChecked(True)
    _settle(qtbot, maps, "basins")
    m = maps.layer.map
    ix, iy = np.abs(m.x - x).argmin(), np.abs(m.y - y).argmin()
    label = int(m.labels[iy, ix])
    assert label >= 0
    want = np.array(QColor(minimum_colors(m.minima)[label]).getRgb()[:3], dtype=float)
    qtbot.wait(50)
    tinted = _pixel(view, x, y)
    maps.panel.opacity.setValue(100)
    qtbot.wait(50)
    full = _pixel(view, x, y)
    # 45 % over the surface: the pixel moved from the plain surface toward the basin colour
    assert np.linalg.norm(tinted - plain) > 15
    assert np.linalg.norm(tinted - want) < np.linalg.norm(plain - want)
    assert np.abs(full - want).max() <= 12  # opaque: the basin colour (contour lines aside)
