"""SVG pictures from `optim-lab basins | hyper --out F.svg`: parsed back with xml.etree; the
embedded cells decode to the PNG picture's colours, the legend names the labels, and the
stability boundary lines lie where the theory puts them."""

from __future__ import annotations

import base64
import io
import json
import math
import xml.etree.ElementTree as ET

import numpy as np
from PIL import Image

from optim_lab.cli import main
from optim_lab.maps_file import load_map

SVG = "{http://www.w3.org/2000/svg}"
BASINS = ["--surface", "himmelblau", "--optimizer", "gd", "--grid", "40", "--steps", "400",
          "--range=-6,6,-6,6"]


def parse(path):
    root = ET.parse(path).getroot()
    meta = json.loads(root.find(f"{SVG}metadata").text)
    return root, meta


def embedded(root, ident: str):
    im = next(e for e in root.iter(f"{SVG}image") if e.get("id") == ident)
    data = im.get("href").split("base64,", 1)[1]
    with Image.open(io.BytesIO(base64.b64decode(data))) as pic:
        return np.asarray(pic.convert("RGB")), im


def texts(root) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_basins_svg_reads_back_with_the_png_colours_and_a_legend_of_its_labels(tmp_path):
    for name, lr in (("a", "0.01"), ("b", "0.04")):  # 0.04: many runs diverge
        svg, png, js = (tmp_path / f"{name}.{ext}" for ext in ("svg", "png", "json"))
        for out in (svg, png, js):
            assert main(["basins", *BASINS, "--lr", lr, "--out", str(out)]) == 0
        root, meta = parse(svg)
        cells, im = embedded(root, "cells")
        with Image.open(png) as p:
            png_px = np.asarray(p.convert("RGB"))
            png_meta = json.loads(p.text["optim-lab"])
        left, top, w, h = meta["plot_area"]
        assert meta["plot_area"] == png_meta["plot_area"] and meta["kind"] == "basins"
        assert (float(im.get("x")), float(im.get("y"))) == (left, top)
        assert cells.shape[:2] == (h, w)
        # the PNG drew its minimum rings and tick marks into these pixels; the SVG has
        # them as vectors over the image: compare everywhere else
        doc = load_map(js)
        rows, cols = np.mgrid[0:h, 0:w]
        free = cols > 0  # the y ticks reach the first column
        for m in doc["minima"]:
            (mx, my) = m["point"]
            cx = (mx - meta["x_range"][0]) / np.ptp(meta["x_range"]) * w
            cy = (meta["y_range"][1] - my) / np.ptp(meta["y_range"]) * h
            free &= np.hypot(cols - cx, rows - cy) > 9
        assert free.mean() > 0.95
        np.testing.assert_array_equal(cells[free], png_px[top:top + h, left:left + w][free])
        # the legend names every label present, with its share of the starts
        labels = np.asarray(doc["labels"])
        words = " ".join(texts(root))
        for code, share in zip(*np.unique(labels, return_counts=True)):
            pct = f"{100.0 * share / labels.size:.0f}%"
            if code >= 0:
                p = doc["minima"][code]["point"]
                assert f"global minimum ({p[0]:.3g}, {p[1]:.3g}): {pct}" in words
            else:
                name_of = {-1: "diverged", -2: "stalled at a saddle", -3: "not converged",
                           -4: "another minimum"}[int(code)]
                assert f"{name_of}: {pct}" in words
    assert (labels == -1).any()  # the second map had diverged starts to name


def test_hyper_svg_boundary_lines_follow_the_theory(tmp_path):
    """Booth: H = [[10, 8], [8, 10]], λ_max = 18 everywhere; heavy ball is stable for
    α < 2(1 + β)/λ_max (Goh 2017).  The drawn line, read back from the SVG's pixels through
    the axes in its metadata, must give that α at every β."""
    out = tmp_path / "h.svg"
    assert main(["hyper", "--surface", "booth", "--optimizer", "momentum", "--start=-6,-4",
                 "--lr-range", "0.001:0.5:48", "--beta-range", "0:0.99:40", "--steps", "300",
                 "--out", str(out)]) == 0
    root, meta = parse(out)
    left, top, w, h = meta["plot_area"]
    (x0, x1), (y0, y1) = meta["x_range"], meta["y_range"]
    assert meta["x_log"] and not meta["y_log"]
    seen = 0
    for ident in ("boundary-minimum", "boundary-start"):
        line = next(e for e in root.iter(f"{SVG}polyline") if e.get("id") == ident)
        pts = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
        assert len(pts) > 10
        for px, py in pts:
            log_lr = x0 + (px - left) / w * (x1 - x0)
            beta = y1 - (py - top) / h * (y1 - y0)
            # points are written to 0.01 px: 1e-4 relative is a fraction of that here
            assert math.isclose(10 ** log_lr, 2 * (1 + beta) / 18.0, rel_tol=1e-4)
            seen += 1
        assert (line.get("stroke-dasharray") is None) == (ident == "boundary-minimum")
    assert seen > 20
    assert any("stability limit at the minimum" in t for t in texts(root))


def test_sweep_svg_limit_line_is_two_over_lambda(tmp_path):
    out = tmp_path / "s.svg"
    assert main(["hyper", "--surface", "booth", "--optimizer", "gd", "--start=-6,-4",
                 "--lr-range", "0.001:0.5:40", "--steps", "300", "--out", str(out)]) == 0
    root, meta = parse(out)
    left, _top, w, _h = meta["plot_area"]
    (x0, x1), _ = meta["x_range"], meta["y_range"]
    line = next(e for e in root.iter(f"{SVG}line") if e.get("id") == "limit-minimum")
    log_lr = x0 + (float(line.get("x1")) - left) / w * (x1 - x0)
    assert math.isclose(10 ** log_lr, 2 / 18.0, rel_tol=1e-3)  # to the 2-decimal pixel


def test_svg_outputs_are_checked_before_work(tmp_path, capsys):
    assert main(["basins", *BASINS, "--lr", "0.01", "--out", str(tmp_path / "no" / "b.svg")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["basins", *BASINS, "--lr", "0.01", "--out", str(tmp_path / "b.svgz")]) == 2
    assert ".svg" in capsys.readouterr().err


def test_scheduled_hyper_picture_draws_the_boundary_in_base_lr_terms(tmp_path):
    """With LinearLR at a constant 0.5 of the base lr the peak scheduled lr is half the
    base lr, so the drawn boundary (on the base-lr axis) is 2(1 + β)/λ_max / 0.5, as
    :meth:`HyperMap.boundary` says."""
    schedule = "LinearLR:start_factor=0.5,end_factor=0.5,total_iters=10"
    args = ["hyper", "--surface", "booth", "--optimizer", "momentum", "--start=-6,-4",
            "--lr-range", "0.001:0.9:24", "--beta-range", "0:0.9:12", "--steps", "200",
            "--schedule", schedule]
    out, doc_path = tmp_path / "h.svg", tmp_path / "h.json"
    assert main([*args, "--out", str(out)]) == 0
    assert main([*args, "--out", str(doc_path)]) == 0
    assert load_map(doc_path)["dynamics"]["schedule"].startswith("LinearLR")
    root, meta = parse(out)
    left, top, w, h = meta["plot_area"]
    (x0, x1), (y0, y1) = meta["x_range"], meta["y_range"]
    line = next(e for e in root.iter(f"{SVG}polyline") if e.get("id") == "boundary-minimum")
    pts = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    assert len(pts) > 10
    for px, py in pts:
        log_lr = x0 + (px - left) / w * (x1 - x0)
        beta = y1 - (py - top) / h * (y1 - y0)
        assert math.isclose(10 ** log_lr, 2 * (1 + beta) / 18.0 / 0.5, rel_tol=1e-4)
    assert any("peak factor 0.5" in t for t in texts(root))
