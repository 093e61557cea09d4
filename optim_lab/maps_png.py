"""Pictures of maps and sweeps as PNG, drawn with numpy and Pillow (no Qt).

- :func:`basins_picture` — a basin map document (:mod:`optim_lab.maps_file`): one
  colour per known minimum (the colours of the Surface Lab's minima rings; a single
  global minimum is gold), distinct colours for diverged (red), stalled at a saddle
  (dark grey), not converged (light grey) and another minimum (purple), with a
  legend giving each outcome's share of the starts.
- :func:`lr_picture` — a hyperparameter map or a sweep (:mod:`optim_lab.sweep_file`):
  over log lr × β, the final loss above f_min on a log colour scale (dark = low,
  diverged red) with the stability boundaries of Goh ("Why Momentum Really Works",
  Distill 2017) drawn over it: α < 2/λ_max (GD), α < 2(1+β)/λ_max (heavy ball),
  α < 2(1+β)/((1+2β)λ_max) (Nesterov) — solid at the minimum nearest the start,
  dashed at the start; with one β (a learning-rate sweep) the final loss against lr
  on log-log axes with the limit as a vertical line.

Every picture is sized before drawing (:func:`picture_bytes`), written atomically,
and carries a PNG text chunk ``optim-lab`` (JSON) with its kind and the pixel box
of the plotted data (``plot_area`` = left, top, width, height; ``x_range``,
``y_range`` in data units, log10 for a log axis) so a reader can find any cell.
Pillow is imported only when a picture is drawn; the palette is importable
without it (the GUI takes its colours from here).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .budget import check_memory
from .dynamics import Dynamics
from .files import atomic_write_bytes
from .stability import limit_for

__all__ = [
    "DIVERGED_COLOR", "GLOBAL_COLOR", "LOSS_STOPS", "MINIMUM_COLORS", "NOT_CONVERGED_COLOR",
    "SPECIAL_COLORS", "basins_picture", "loss_colors", "lr_picture", "minimum_colors",
    "PICTURE_SUFFIXES", "picture_bytes", "save_picture", "save_png", "sweep_picture",
]

MINIMUM_COLORS = ("#1F77B4", "#2CA02C", "#9467BD", "#E377C2", "#17BECF", "#8C564B",
                  "#BCBD22", "#FF7F0E")
GLOBAL_COLOR = "#E6A700"
DIVERGED_COLOR = "#B03A2E"
NOT_CONVERGED_COLOR = "#BBBBBB"  # the GUI's layer leaves these cells clear; its legend is grey
# label code -> colour (codes of optim_lab.maps: -1 diverged, -2 stalled, -3 not converged,
# -4 another minimum)
SPECIAL_COLORS = {-1: DIVERGED_COLOR, -2: "#4D4D4D", -3: "#FFFFFF", -4: "#6B4C9A"}
LOSS_STOPS = ((0.0, "#0B3C5D"), (0.35, "#328CC1"), (0.7, "#9FD3C7"), (1.0, "#F5F1D0"))
SPECIAL_NAMES = {-1: "diverged", -2: "stalled at a saddle", -3: "not converged",
                 -4: "another minimum"}
TARGET_PX = 512  # the plotted data is at least this many pixels wide when the grid allows
FONT_SIZE = 13
LEGEND_W, MARGIN_L, MARGIN_B, MARGIN_T = 330, 70, 48, 52


def minimum_colors(minima: Sequence) -> list[str]:
    """One colour per known minimum ((point, is_global) pairs): gold for a single global
    minimum, the palette in order for the others (cycling past eight)."""
    single_global = sum(1 for _, g in minima if g) == 1
    out, k = [], 0
    for _, is_global in minima:
        if is_global and single_global:
            out.append(GLOBAL_COLOR)
        else:
            out.append(MINIMUM_COLORS[k % len(MINIMUM_COLORS)])
            k += 1
    return out


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def loss_colors(frac: np.ndarray) -> np.ndarray:
    """(…, 3) uint8 colours of ``frac`` in [0, 1] on the loss scale (0 dark, 1 light)."""
    pos = [p for p, _ in LOSS_STOPS]
    rgb = np.array([_rgb(c) for _, c in LOSS_STOPS], dtype=float)
    f = np.clip(np.asarray(frac, dtype=float), 0.0, 1.0)
    out = np.stack([np.interp(f, pos, rgb[:, k]) for k in range(3)], axis=-1)
    return np.rint(out).astype(np.uint8)


def _cell_px(n: int) -> int:
    return max(1, TARGET_PX // max(n, 1))


def picture_bytes(nx: int, ny: int) -> int:
    """Peak bytes to draw an ``nx`` x ``ny`` grid: the image (RGB) plus float temporaries."""
    w = nx * _cell_px(nx) + MARGIN_L + LEGEND_W + 20
    h = max(ny * _cell_px(ny), 360) + MARGIN_T + MARGIN_B
    return w * h * 4 * 3 + nx * ny * 8 * 6


# --- drawing ------------------------------------------------------------------------------

class _Canvas:
    """A white picture with a plotting box; data → pixel through two affine maps."""

    def __init__(self, plot_w: int, plot_h: int, title: str) -> None:
        from PIL import Image, ImageDraw, ImageFont

        self.left, self.top = MARGIN_L, MARGIN_T
        self.w, self.h = plot_w, plot_h
        width = MARGIN_L + plot_w + 20 + LEGEND_W
        height = MARGIN_T + max(plot_h, 360) + MARGIN_B
        self.img = Image.new("RGB", (width, height), "white")
        self.draw = ImageDraw.Draw(self.img)
        try:
            self.font = ImageFont.load_default(size=FONT_SIZE)
        except (TypeError, OSError, ImportError):  # Pillow without FreeType: the bitmap font
            self.font = ImageFont.load_default()
        self.draw.text((8, 8), title, fill="#222222", font=self.font)
        self.legend_y = MARGIN_T
        self.meta: dict[str, Any] = {"plot_area": [self.left, self.top, plot_w, plot_h]}

    def ranges(self, x_range, y_range, x_log: bool, y_log: bool) -> None:
        self.xr, self.yr = (float(x_range[0]), float(x_range[1])), (float(y_range[0]),
                                                                    float(y_range[1]))
        self.meta.update(x_range=list(self.xr), y_range=list(self.yr), x_log=x_log, y_log=y_log)

    def px(self, x, y) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.xr, self.yr
        return (self.left + (x - x0) / (x1 - x0) * self.w,
                self.top + (y1 - y) / (y1 - y0) * self.h)

    def paste(self, rgb: np.ndarray, at: tuple[int, int] | None = None) -> None:
        """Put (h, w, 3) uint8 pixels at ``at`` (the plotting box's corner by default)."""
        from PIL import Image

        self.img.paste(Image.fromarray(np.ascontiguousarray(rgb), "RGB"),
                       at or (self.left, self.top))

    def frame(self, x_label: str, y_label: str, x_log: bool, y_log: bool) -> None:
        d, f = self.draw, self.font
        d.rectangle([self.left - 1, self.top - 1, self.left + self.w, self.top + self.h],
                    outline="#777777")
        for v in _ticks(*self.xr, x_log):
            x, _ = self.px(v, self.yr[0])
            d.line([x, self.top + self.h, x, self.top + self.h + 4], fill="#777777")
            text = _tick_text(v, x_log)
            tw = d.textlength(text, font=f)
            d.text((x - tw / 2, self.top + self.h + 6), text, fill="#333333", font=f)
        for v in _ticks(*self.yr, y_log):
            _, y = self.px(self.xr[0], v)
            d.line([self.left - 4, y, self.left, y], fill="#777777")
            text = _tick_text(v, y_log)
            tw = d.textlength(text, font=f)
            d.text((self.left - 6 - tw, y - FONT_SIZE / 2 - 1), text, fill="#333333", font=f)
        tw = d.textlength(x_label, font=f)
        d.text((self.left + self.w / 2 - tw / 2, self.top + self.h + 26), x_label,
               fill="#333333", font=f)
        d.text((4, self.top - 20), y_label, fill="#333333", font=f)

    def legend(self, text: str, color: str | None = None, line: str | None = None) -> None:
        """One legend row: a swatch of ``color`` or a short line (``solid``, ``dashed``,
        ``dotted`` in ``color``), then ``text``."""
        x = self.left + self.w + 20
        y = self.legend_y
        if color is not None and line is None:
            self.draw.rectangle([x, y + 2, x + 12, y + 14], fill=color, outline="#777777")
        elif color is not None:
            _polyline(self.draw, [(x, y + 8), (x + 22, y + 8)], color, 2, line)
        self.draw.text((x + 28, y), text, fill="#222222", font=self.font)
        self.legend_y += FONT_SIZE + 7

    def finish(self) -> bytes:
        return self.png()

    def png(self) -> bytes:
        import io

        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Software", "Optim Lab")
        info.add_text("optim-lab", json.dumps(self.meta, allow_nan=False))
        buf = io.BytesIO()
        self.img.save(buf, "PNG", pnginfo=info, optimize=False)
        return buf.getvalue()


_DASH = {"solid": None, "dashed": (8, 5), "dotted": (2, 4)}


def _polyline(draw, pts, color: str, width: int, style: str | None,
              name: str | None = None) -> None:
    """A polyline, dashed or dotted by walking its length (``name``: its id in an SVG)."""
    if hasattr(draw, "polyline"):  # a vector canvas draws the dashes itself
        draw.polyline([tuple(p) for p in pts], color, width, style or "solid", name)
        return
    dash = _DASH.get(style or "solid")
    if dash is None:
        draw.line([tuple(p) for p in pts], fill=color, width=width)
        return
    on, off = dash
    for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:]):
        seg = math.hypot(x1 - x0, y1 - y0)
        s = 0.0
        while s < seg:
            e = min(s + on, seg)
            a, b = s / seg, e / seg
            draw.line([(x0 + a * (x1 - x0), y0 + a * (y1 - y0)),
                       (x0 + b * (x1 - x0), y0 + b * (y1 - y0))], fill=color, width=width)
            s += on + off


def _ticks(lo: float, hi: float, log: bool) -> list[float]:
    """Tick positions: whole decades on a log10 axis, else 4–7 round numbers."""
    if log:
        ticks = [float(k) for k in range(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1)]
        if len(ticks) > 8:
            step = math.ceil(len(ticks) / 8)
            ticks = ticks[::step]
        return ticks if ticks else [lo, hi]
    span = hi - lo
    raw = span / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    return [first + k * step for k in range(int((hi - first) / step + 1e-9) + 1)]


def _tick_text(v: float, log: bool) -> str:
    if log:
        return f"1e{int(round(v))}" if abs(v - round(v)) < 1e-9 else f"{10 ** v:.2g}"
    return f"{v:.4g}" if abs(v) > 1e-12 else "0"


def _edges(axis: np.ndarray) -> tuple[float, float]:
    """The outer edges of cells centred on ``axis`` (evenly spaced)."""
    if axis.size == 1:
        return float(axis[0]) - 0.5, float(axis[0]) + 0.5
    d = (axis[-1] - axis[0]) / (axis.size - 1) / 2
    return float(axis[0] - d), float(axis[-1] + d)


def _grid_image(colors: np.ndarray) -> np.ndarray:
    """(ny, nx, 3) cell colours, row 0 at the lowest y → pixels, top row = highest y."""
    ny, nx = colors.shape[:2]
    cx, cy = _cell_px(nx), _cell_px(ny)
    return np.repeat(np.repeat(colors[::-1], cy, axis=0), cx, axis=1)


def _fmt_point(p) -> str:
    return "(" + ", ".join(f"{v:.3g}" for v in p) + ")"


# --- basins ------------------------------------------------------------------------------

def basins_picture(doc: dict[str, Any], canvas: type | None = None) -> bytes:
    """PNG bytes of a basin map document (``kind: "basins"``); SVG with
    ``canvas=maps_svg.SvgCanvas``."""
    labels = np.asarray(doc["labels"], dtype=np.int64)
    ny, nx = labels.shape
    x, y = np.asarray(doc["x"], dtype=float), np.asarray(doc["y"], dtype=float)
    minima = [(tuple(m["point"]), bool(m["is_global"])) for m in doc["minima"]]
    colors = minimum_colors(minima)
    codes = sorted(SPECIAL_COLORS)  # -4 .. -1
    specials = {**SPECIAL_COLORS, -3: NOT_CONVERGED_COLOR}
    lut = np.array([_rgb(specials[c]) for c in codes] + [_rgb(c) for c in colors], dtype=np.uint8)
    rgb = lut[labels - codes[0]]
    hyper = ", ".join(f"{k}={v:g}" for k, v in doc.get("hyperparameters", {}).items())
    title = (f"Basins of attraction: {doc['optimizer']} ({hyper}) on {doc['surface']}, "
             f"{doc['steps']} steps, {nx}x{ny} starts")
    c = (canvas or _Canvas)(nx * _cell_px(nx), ny * _cell_px(ny), title)
    c.ranges(_edges(x), _edges(y), False, False)
    c.meta.update(kind="basins", grid=[nx, ny])
    c.paste(_grid_image(rgb))
    for (p, _), col in zip(minima, colors):  # rings of the minimum's colour, as in the lab
        if c.xr[0] <= p[0] <= c.xr[1] and c.yr[0] <= p[1] <= c.yr[1]:
            px, py = c.px(p[0], p[1])
            c.draw.ellipse([px - 7, py - 7, px + 7, py + 7], outline="#222222", width=4)
            c.draw.ellipse([px - 6, py - 6, px + 6, py + 6], outline=col, width=2)
    c.frame("x", "y", False, False)
    vals, counts = np.unique(labels, return_counts=True)
    share = {int(v): 100.0 * k / labels.size for v, k in zip(vals, counts)}
    many = len(minima) > 12
    for i, ((p, is_global), col) in enumerate(zip(minima, colors)):
        if many and not is_global:
            continue
        name = "global minimum" if is_global else "local minimum"
        c.legend(f"{name} {_fmt_point(p)}: {share.get(i, 0.0):.0f}%", col)
    if many:
        local = sum(v for k, v in share.items() if k >= 0 and not minima[k][1])
        n_local = sum(1 for _, g in minima if not g)
        c.legend(f"{n_local} local minima (colours repeat): {local:.0f}%")
    for code in (-1, -2, -3, -4):
        if share.get(code):
            c.legend(f"{SPECIAL_NAMES[code]}: {share[code]:.0f}%", specials[code])
    return c.finish()


# --- learning rate x beta ----------------------------------------------------------------

def lr_picture(lrs, betas, beta_name: str | None, final_loss, diverged, *, optimizer: str,
               surface: str, steps: int, f_min: float | None = None,
               lam_max_start: float | None = None, lam_max_minimum: float | None = None,
               fixed_beta: float = 0.0, peak_factor: float = 1.0,
               canvas: type | None = None) -> bytes:
    """PNG bytes of final loss over log lr (× β): ``final_loss`` and ``diverged`` are
    (n_beta, n_lr) (one row: a learning-rate sweep at ``fixed_beta``).

    ``peak_factor``: a schedule's largest lr over its base lr
    (:meth:`~optim_lab.dynamics.Dynamics.peak_lr` of 1): the lr axis is the base lr and the
    peak scheduled lr is what must stay below a limit, so limits are drawn divided by it."""
    if not (math.isfinite(peak_factor) and peak_factor > 0):
        raise ValueError(f"peak_factor must be a positive number, got {peak_factor!r}")
    lrs = np.asarray(lrs, dtype=float).reshape(-1)
    betas = np.asarray(betas, dtype=float).reshape(-1)
    loss = np.asarray(final_loss, dtype=float).reshape(betas.size, lrs.size)
    div = np.asarray(diverged, dtype=bool).reshape(loss.shape) | ~np.isfinite(loss)
    ok = ~div
    if f_min is None or not math.isfinite(f_min):
        f_min = float(loss[ok].min()) if ok.any() else 0.0
    logs = np.log10(np.maximum(np.where(ok, loss - f_min, 1.0), 1e-16))
    hi = float(logs[ok].max()) if ok.any() else 0.0
    lo = max(float(logs[ok].min()) if ok.any() else -1.0, hi - 14.0)
    if hi - lo < 1e-9:
        lo = hi - 1.0
    lx = np.log10(lrs)
    beta_title = {"momentum": "beta (momentum)", "beta1": "beta1 (first-moment decay)",
                  "alpha": "alpha (RMSprop smoothing)"}.get(beta_name or "", "beta")
    kind = "sweep" if betas.size == 1 else "map"
    title = (f"{'Learning-rate sweep' if kind == 'sweep' else 'Final loss over lr x beta'}: "
             f"{optimizer} on {surface}, {steps} steps")
    lims = {}
    for at, lam in (("minimum", lam_max_minimum), ("start", lam_max_start)):
        if lam is not None and math.isfinite(lam) and lam > 0:
            lims[at] = lam
    if kind == "map":
        c = (canvas or _Canvas)(lrs.size * _cell_px(lrs.size),
                                betas.size * _cell_px(betas.size), title)
        c.ranges(_edges(lx), _edges(betas), True, False)
        rgb = loss_colors((logs - lo) / (hi - lo))
        rgb[div] = _rgb(DIVERGED_COLOR)
        c.paste(_grid_image(rgb))
        c.meta.update(kind="hyper", grid=[lrs.size, betas.size])
        ys = np.linspace(c.yr[0], c.yr[1], 64)
        for at, style in (("minimum", "solid"), ("start", "dashed")):
            if at in lims:
                b = [limit_for(optimizer, lims[at], float(v)) for v in ys]
                pts = [c.px(math.log10(v / peak_factor), yv) for v, yv in zip(b, ys)
                       if v is not None]
                pts = [p for p in pts if c.left - 2 <= p[0] <= c.left + c.w + 2]
                if len(pts) > 1:
                    c.meta.setdefault("boundaries", {})[at] = [list(p) for p in pts]
                    _polyline(c.draw, pts, "#111111", 2, style, f"boundary-{at}")
        c.frame("learning rate (log)", beta_title, True, False)
        _colorbar(c, lo, hi)
    else:
        c = (canvas or _Canvas)(TARGET_PX + 128, 360, title)
        row, okr = logs[0], ok[0]
        y0 = float(row[okr].min()) if okr.any() else 0.0
        y1 = max(float(row[okr].max()) if okr.any() else 1.0, y0 + 1.0)
        pad = 0.05 * (y1 - y0)
        c.ranges((lx[0], lx[-1]) if lx.size > 1 else (lx[0] - 0.5, lx[0] + 0.5),
                 (y0 - pad, y1 + pad), True, True)
        c.meta.update(kind="sweep", grid=[lrs.size, 1])
        pts = [c.px(a, b) for a, b, k in zip(lx, row, okr) if k]
        if len(pts) > 1:
            _polyline(c.draw, pts, "#0B3C5D", 2, "solid")
        elif pts:
            px, py = pts[0]
            c.draw.ellipse([px - 3, py - 3, px + 3, py + 3], fill="#0B3C5D")
        for a in lx[~okr]:  # diverged: red x along the top
            px, py = c.px(a, y1)
            c.draw.line([px - 4, py - 4, px + 4, py + 4], fill=DIVERGED_COLOR, width=2)
            c.draw.line([px - 4, py + 4, px + 4, py - 4], fill=DIVERGED_COLOR, width=2)
        c.legend("final loss - f_min", "#0B3C5D", "solid")
        if (~okr).any():
            c.legend("x: diverged", DIVERGED_COLOR)
    if kind == "sweep":  # the limit at the sweep's own beta as vertical lines
        for at, style in (("minimum", "solid"), ("start", "dashed")):
            lim = limit_for(optimizer, lims[at], fixed_beta) if at in lims else None
            lim = lim / peak_factor if lim is not None else None
            c.meta.setdefault("limits", {})[at] = lim
            if lim is not None and c.xr[0] <= math.log10(lim) <= c.xr[1]:
                px, _ = c.px(math.log10(lim), 0.0)
                _polyline(c.draw, [(px, c.top), (px, c.top + c.h)], "#111111", 2, style,
                          f"limit-{at}")
    formula = {"gd": "2/lambda_max", "momentum": "2(1+beta)/lambda_max",
               "nesterov": "2(1+beta)/((1+2beta)lambda_max)"}.get(optimizer)
    if formula:
        for at, style in (("minimum", "solid"), ("start", "dashed")):
            if at in lims:
                c.legend(f"stability limit at the {at}:", "#111111", style)
                c.legend(f"  {formula}, lambda_max {lims[at]:.4g}")
        if peak_factor != 1.0:
            c.legend(f"  divided by the schedule's peak factor {peak_factor:.4g}")
    if kind == "sweep":
        c.frame("learning rate (log)", "final loss - f_min (log)", True, True)
    elif div.any():
        c.legend(f"diverged: {100.0 * div.mean():.0f}%", DIVERGED_COLOR)
    return c.finish()


def _colorbar(c: _Canvas, lo: float, hi: float) -> None:
    """A vertical bar of the loss colours with its decades, in the legend column."""
    x = c.left + c.w + 20
    top, h = c.legend_y + 30, 150
    c.draw.text((x, top - 20), "final loss - f_min", fill="#222222", font=c.font)
    frac = np.linspace(1.0, 0.0, h)
    bar = np.repeat(loss_colors(frac)[:, None, :], 16, axis=1)
    c.paste(bar, (x, top))
    for v in _ticks(lo, hi, True):
        y = top + (hi - v) / (hi - lo) * (h - 1)
        c.draw.line([x + 16, y, x + 20, y], fill="#777777")
        c.draw.text((x + 24, y - FONT_SIZE / 2 - 1), _tick_text(v, True), fill="#333333",
                    font=c.font)
    c.legend_y = top + h + 10


def hyper_doc_picture(doc: dict[str, Any], f_min: float | None = None,
                      canvas: type | None = None) -> bytes:
    """PNG bytes of a hyperparameter map document (``kind: "hyper"``)."""
    loss = np.array([[np.nan if v is None else v for v in row] for row in doc["final_loss"]],
                    dtype=float)
    labels = np.asarray(doc["labels"], dtype=np.int64)
    beta_name = doc.get("beta_name")
    fixed = float(doc["hyperparameters"].get(beta_name, 0.0)) if beta_name else 0.0
    if beta_name and len(doc["betas"]) == 1:
        fixed = float(doc["betas"][0])
    peak = Dynamics.from_dict(doc["dynamics"]).peak_lr(1.0) if "dynamics" in doc else 1.0
    return lr_picture(doc["lrs"], doc["betas"], beta_name, loss, labels == -1,
                      optimizer=doc["optimizer"], surface=doc["surface"], steps=doc["steps"],
                      f_min=f_min, lam_max_start=doc.get("lam_max_start"),
                      lam_max_minimum=doc.get("lam_max_minimum"), fixed_beta=fixed,
                      peak_factor=peak, canvas=canvas)


def sweep_picture(doc: dict[str, Any], f_min: float | None = None,
                  lam_max_start: float | None = None,
                  lam_max_minimum: float | None = None, canvas: type | None = None) -> bytes:
    """PNG bytes of a sweep document (:mod:`optim_lab.sweep_file`): lr (× momentum)."""
    axes = doc["axes"]
    names = list(axes)
    if names[0] != "lr" or len(names) > 2:
        raise ValueError("a sweep picture needs the lr axis first and at most one more axis")
    loss = np.array([np.nan if v is None else v for v in np.ravel(doc["final_loss"])], dtype=float)
    diverged = np.ravel(doc["status"]) == doc["status_codes"]["diverged"]
    n_lr = len(axes["lr"])
    if len(names) == 2:
        nb = len(axes[names[1]])
        loss, diverged = loss.reshape(n_lr, nb).T, diverged.reshape(n_lr, nb).T
        betas, beta_name, fixed = axes[names[1]], names[1], 0.0
    else:
        fixed = float(doc["hyperparameters"].get("momentum", 0.0))
        betas, beta_name = [fixed], None
    return lr_picture(axes["lr"], betas, beta_name, loss, diverged, optimizer=doc["optimizer"],
                      surface=doc["surface"], steps=doc["steps"], f_min=f_min,
                      lam_max_start=lam_max_start, lam_max_minimum=lam_max_minimum,
                      fixed_beta=fixed, canvas=canvas)


def save_png(path: str | os.PathLike, doc: dict[str, Any], **kwargs) -> Path:
    """Draw a map or sweep document as PNG at ``path``, sized first, written atomically."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ValueError(f"cannot write {path.name}: a picture ends in .png")
    return save_picture(path, doc, **kwargs)


PICTURE_SUFFIXES = (".png", ".svg")


def save_picture(path: str | os.PathLike, doc: dict[str, Any], **kwargs) -> Path:
    """Draw a map or sweep document at ``path``: PNG, or SVG (:mod:`optim_lab.maps_svg`:
    the same picture, the cells an embedded PNG, axes, ticks, legend and boundary lines
    as vectors), sized first, written atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PICTURE_SUFFIXES:
        raise ValueError(f"cannot write {path.name}: a picture ends in .png or .svg")
    if doc.get("format") == "optim-lab-sweep":
        shape = [len(v) for v in doc["axes"].values()] + [1]
        nx, ny, draw = shape[0], shape[1], sweep_picture
    elif doc.get("kind") == "basins":
        nx, ny, draw = len(doc["x"]), len(doc["y"]), basins_picture
    else:
        nx, ny, draw = len(doc["lrs"]), len(doc["betas"]), hyper_doc_picture
    check_memory(picture_bytes(nx, ny), f"a {nx}x{ny} picture", "use a coarser grid")
    if suffix == ".svg":
        from .maps_svg import SvgCanvas

        kwargs = dict(kwargs, canvas=SvgCanvas)
    atomic_write_bytes(path, draw(doc, **kwargs))
    return path
