"""SVG pictures of maps and sweeps (no Qt): the drawing of :mod:`optim_lab.maps_png`, in
vectors.

:class:`SvgCanvas` takes the place of the PNG canvas in ``basins_picture``,
``lr_picture`` (and so ``hyper_doc_picture``, ``sweep_picture``): every line, ring,
frame, tick, label and legend row becomes an SVG element; the grid of cells (and the
loss colour bar) is the PNG canvas's very pixels, embedded as a base64 PNG
``<image>`` with ``image-rendering: pixelated`` so cells stay sharp when scaled.
Lines have ids a reader can find: ``boundary-minimum``/``boundary-start`` (the
stability boundaries α = 2(1+β)/λ_max …), ``limit-minimum``/``limit-start`` (a
sweep's vertical limits); the picture's facts (plot area in pixels, data ranges,
boundary points) are the JSON in ``<metadata id="optim-lab">``, as in the PNG's text
chunk.  Text is measured with Pillow's font (the PNG's), drawn as ``<text>`` in a
sans-serif font.
"""

from __future__ import annotations

import base64
import io
import json
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from .maps_png import _Canvas

__all__ = ["SvgCanvas"]

_DASH = {"solid": None, "dashed": "8 5", "dotted": "2 4"}


def _n(v: float) -> str:
    return f"{float(v):.2f}".rstrip("0").rstrip(".")


class _SvgDraw:
    """The subset of ``PIL.ImageDraw`` the map pictures use, recorded as SVG elements."""

    def __init__(self, font) -> None:
        self.items: list[str] = []
        self.font = font

    def textlength(self, text: str, font=None) -> float:
        return float((font or self.font).getlength(text))

    def line(self, xy, fill: str = "#000000", width: int = 1) -> None:
        pts = list(xy)
        if pts and not isinstance(pts[0], (tuple, list)):
            pts = [(pts[i], pts[i + 1]) for i in range(0, len(pts), 2)]
        self.polyline(pts, fill, width, "solid")

    def polyline(self, pts, color: str, width: int, style: str, name: str | None = None) -> None:
        dash = _DASH.get(style)
        ident = f" id={quoteattr(name)}" if name else ""
        attrs = (f' fill="none" stroke="{color}" stroke-width="{width}"'
                 + (f' stroke-dasharray="{dash}"' if dash else ""))
        if len(pts) == 2:
            (x0, y0), (x1, y1) = pts
            self.items.append(f'<line{ident} x1="{_n(x0)}" y1="{_n(y0)}" x2="{_n(x1)}" '
                              f'y2="{_n(y1)}"{attrs}/>')
        else:
            text = " ".join(f"{_n(x)},{_n(y)}" for x, y in pts)
            self.items.append(f'<polyline{ident} points="{text}"{attrs}/>')

    def rectangle(self, box, fill: str | None = None, outline: str | None = None,
                  width: int = 1) -> None:
        x0, y0, x1, y1 = box
        self.items.append(
            f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" '
            f'fill="{fill or "none"}" stroke="{outline or "none"}" stroke-width="{width}"/>')

    def ellipse(self, box, fill: str | None = None, outline: str | None = None,
                width: int = 1) -> None:
        x0, y0, x1, y1 = box
        # PIL draws the outline inside the box: the stroke's centre is width/2 in
        r = (x1 - x0) / 2 - (width / 2 if outline else 0)
        self.items.append(
            f'<circle cx="{_n((x0 + x1) / 2)}" cy="{_n((y0 + y1) / 2)}" r="{_n(max(r, 0.5))}" '
            f'fill="{fill or "none"}" stroke="{outline or "none"}" stroke-width="{width}"/>')

    def text(self, xy, text: str, fill: str = "#000000", font=None) -> None:
        x, y = xy
        ascent = (font or self.font).getmetrics()[0]
        self.items.append(f'<text x="{_n(x)}" y="{_n(y + ascent)}" fill="{fill}">'
                          f"{escape(text)}</text>")


class SvgCanvas(_Canvas):
    """The PNG canvas's layout with an SVG recorder for a drawing surface."""

    def __init__(self, plot_w: int, plot_h: int, title: str) -> None:
        super().__init__(plot_w, plot_h, "")  # the PNG canvas: font, size, metadata
        self.width, self.height = self.img.size
        self.draw = _SvgDraw(self.font)
        self.draw.text((8, 8), title, fill="#222222", font=self.font)

    def paste(self, rgb: np.ndarray, at: tuple[int, int] | None = None) -> None:
        from PIL import Image

        x, y = at or (self.left, self.top)
        pixels = np.ascontiguousarray(rgb)
        buf = io.BytesIO()
        Image.fromarray(pixels, "RGB").save(buf, "PNG")
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        h, w = pixels.shape[:2]
        ident = "cells" if at is None else "colorbar"
        self.draw.items.append(
            f'<image id="{ident}" x="{x}" y="{y}" width="{w}" height="{h}" '
            f'preserveAspectRatio="none" image-rendering="optimizeSpeed" '
            f'style="image-rendering:pixelated" href="data:image/png;base64,{data}" '
            f'xlink:href="data:image/png;base64,{data}"/>')

    def finish(self) -> bytes:
        """The SVG document (UTF-8)."""
        meta = escape(json.dumps(self.meta, allow_nan=False))
        head = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<svg xmlns="http://www.w3.org/2000/svg" '
                f'xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
                f'width="{self.width}" height="{self.height}" '
                f'viewBox="0 0 {self.width} {self.height}" '
                f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="13">\n'
                f'<metadata id="optim-lab">{meta}</metadata>\n'
                f'<rect width="{self.width}" height="{self.height}" fill="#FFFFFF"/>\n')
        return (head + "\n".join(self.draw.items) + "\n</svg>\n").encode("utf-8")
