"""PNG pictures from `optim-lab basins | hyper | sweep --out F.png`: decoded and checked
cell by cell against the data the same command writes as JSON."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from PIL import Image

from optim_lab import get_surface
from optim_lab.cli import main
from optim_lab.maps_file import load_map
from optim_lab.maps_png import (
    DIVERGED_COLOR,
    NOT_CONVERGED_COLOR,
    SPECIAL_COLORS,
    minimum_colors,
)
from optim_lab.stability import lambda_max
from optim_lab.sweep_file import load_sweep


def rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def decode(path):
    with Image.open(path) as im:
        im.load()
        meta = json.loads(im.text["optim-lab"])
        return np.asarray(im.convert("RGB")), meta


def to_px(meta, x, y):
    """Pixel (column, row) of data point (x, y) in the picture's plot area."""
    left, top, w, h = meta["plot_area"]
    (x0, x1), (y0, y1) = meta["x_range"], meta["y_range"]
    return (int(math.floor(left + (x - x0) / (x1 - x0) * w)),
            int(math.floor(top + (y1 - y) / (y1 - y0) * h)))


def cell_colors(img, meta, xs, ys):
    """The picture's colour at every cell centre, [iy][ix]."""
    out = np.zeros((len(ys), len(xs), 3), dtype=np.uint8)
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            c, r = to_px(meta, x, y)
            out[j, i] = img[r, c]
    return out


BASINS = ["--surface", "himmelblau", "--optimizer", "gd", "--grid", "40", "--steps", "400",
          "--range=-6,6,-6,6"]


@pytest.mark.parametrize("lr", [0.01, 0.03])
def test_basin_picture_is_the_labels_in_the_labs_colours(tmp_path, lr):
    png, data = tmp_path / "b.png", tmp_path / "b.json"
    args = ["basins", *BASINS, "--lr", str(lr)]
    assert main([*args, "--out", str(png)]) == 0
    assert main([*args, "--out", str(data)]) == 0
    doc = load_map(data)
    img, meta = decode(png)
    assert meta["kind"] == "basins" and meta["grid"] == [40, 40]
    labels = np.array(doc["labels"])
    minima = [(m["point"], m["is_global"]) for m in doc["minima"]]
    palette = {k: rgb(c) for k, c in enumerate(minimum_colors(minima))}
    palette.update({k: rgb(c) for k, c in SPECIAL_COLORS.items()})
    palette[-3] = rgb(NOT_CONVERGED_COLOR)
    got = cell_colors(img, meta, doc["x"], doc["y"])
    # every cell not under a minimum's ring has its label's colour
    ring_px = [to_px(meta, *p) for p, _ in minima]
    checked = 0
    for j, y in enumerate(doc["y"]):
        for i, x in enumerate(doc["x"]):
            c, r = to_px(meta, x, y)
            if any(abs(c - a) <= 9 and abs(r - b) <= 9 for a, b in ring_px):
                continue
            assert tuple(got[j, i]) == palette[int(labels[j, i])], (x, y, labels[j, i])
            checked += 1
    assert checked >= 0.95 * labels.size
    if lr == 0.01:  # four global minima: four colours, one per quadrant
        quads = {}
        for k, (p, _) in enumerate(minima):
            c, r = to_px(meta, 5.0 * np.sign(p[0]), 5.0 * np.sign(p[1]))
            quads[k] = tuple(img[r, c])
            assert quads[k] == palette[k]
        assert len(set(quads.values())) == 4
    else:  # a large step diverges from the outer starts: red cells where labels say so
        assert (labels == -1).any()
        j, i = np.argwhere(labels == -1)[0]
        c, r = to_px(meta, doc["x"][i], doc["y"][j])
        assert tuple(img[r, c]) == rgb(DIVERGED_COLOR)


def test_basins_command_equals_map_basins_with_box(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    common = ["--surface", "himmelblau", "--optimizer", "gd", "--lr", "0.01", "--grid", "16",
              "--steps", "200"]
    assert main(["basins", *common, "--range=-4,4,-3,5", "--out", str(a)]) == 0
    assert main(["map", "basins", *common, "--box=-4,4,-3,5", "--out", str(b)]) == 0
    da, db = load_map(a), load_map(b)
    assert da == db and da["x"][0] == -4 and da["y"][-1] == 5


def test_sweep_picture_draws_the_gd_limit_and_marks_divergence_beyond_it(tmp_path):
    png, data = tmp_path / "s.png", tmp_path / "s.json"
    args = ["sweep", "--surface", "booth", "--optimizer", "gd", "--lr-range", "0.01:0.5:48",
            "--start=-6,-4", "--steps", "400"]
    assert main([*args, "--out", str(png)]) == 0
    assert main([*args, "--out", str(data)]) == 0
    img, meta = decode(png)
    surface = get_surface("booth")
    limit = 2.0 / lambda_max(surface, [1.0, 3.0])
    assert meta["kind"] == "sweep" and meta["limits"]["minimum"] == pytest.approx(limit)
    doc = load_sweep(data)
    lrs = np.array(doc["axes"]["lr"])
    diverged = np.array(doc["status"]) == doc["status_codes"]["diverged"]
    # theory and the runs agree (Booth is a quadratic), and the picture says so:
    assert not diverged[lrs < 0.97 * limit].any() and diverged[lrs > 1.03 * limit].all()
    left, top, w, h = meta["plot_area"]
    col, _ = to_px(meta, math.log10(limit), 0.0)
    line = img[top + 5: top + h - 5, col - 1: col + 2]
    assert (line.min(axis=-1) < 60).any(axis=1).mean() > 0.95  # the dark vertical line
    red = np.all(img[top: top + h, left: left + w] == rgb(DIVERGED_COLOR), axis=-1)
    red_cols = np.flatnonzero(red.any(axis=0)) + left
    assert red_cols.size and red_cols.min() >= to_px(meta, math.log10(lrs[~diverged].max()),
                                                     0.0)[0]


def test_two_axis_sweep_and_hyper_pictures_are_red_exactly_where_runs_diverge(tmp_path):
    for cmd, beta_flag in (("sweep", "--momentum-range"), ("hyper", "--beta-range")):
        png, data = tmp_path / f"{cmd}.png", tmp_path / f"{cmd}.json"
        args = [cmd, "--surface", "booth", "--optimizer", "momentum", "--start=-6,-4",
                "--lr-range", "0.01:0.6:24", beta_flag, "0:0.9:10", "--steps", "300"]
        assert main([*args, "--out", str(png)]) == 0
        assert main([*args, "--out", str(data)]) == 0
        img, meta = decode(png)
        assert meta["kind"] == "hyper" and meta["grid"] == [24, 10]
        if cmd == "sweep":
            doc = load_sweep(data)
            lrs, betas = doc["axes"]["lr"], doc["axes"]["momentum"]
            div = (np.array(doc["status"]) == doc["status_codes"]["diverged"]).T
        else:
            doc = load_map(data)
            lrs, betas = doc["lrs"], doc["betas"]
            div = np.array(doc["labels"]) == -1
        assert div.any() and not div.all()
        got = cell_colors(img, meta, np.log10(lrs), betas)
        is_red = np.all(got == rgb(DIVERGED_COLOR), axis=-1)
        # the boundary line is drawn over cells next to it: compare the others
        lam = lambda_max(get_surface("booth"), [1.0, 3.0])
        near_line = np.abs(np.log10(np.array(lrs))[None, :]
                           - np.log10(2 * (1 + np.array(betas))[:, None] / lam)) < 0.05
        assert (is_red == div)[~near_line].all()


def test_pictures_are_sized_and_checked_before_work(tmp_path, capsys, monkeypatch):
    assert main(["basins", *BASINS, "--lr", "0.01", "--out", str(tmp_path / "no" / "b.png")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["basins", *BASINS, "--lr", "0.01", "--out", str(tmp_path / "b.gif")]) == 2
    assert ".png" in capsys.readouterr().err
    monkeypatch.setenv("OPTIM_LAB_MEMORY_LIMIT", "3M")
    out = tmp_path / "big.png"
    assert main(["sweep", "--surface", "booth", "--optimizer", "gd", "--lr-range",
                 "0.01:0.5:1500", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "picture" in err and "limit" in err and not out.exists()
