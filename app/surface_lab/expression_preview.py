"""A small picture of a custom surface for the expression editor: colours and critical points.

Values come from the worker thread as a plain array (``preview_values``, Qt-free
work); the GUI thread turns them into a pixmap (``preview_pixmap``).  Undefined
points (NaN) are drawn grey; nothing non-finite reaches the painter.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap

PREVIEW_GRID = 96

# viridis at five stops: dark blue (low) to yellow (high)
_STOPS = np.array([[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]],
                  dtype=float)
_UNDEFINED = (200, 200, 200)
_MARKERS = {"minimum": "#ffffff", "saddle": "#ff7f0e", "maximum": "#d62728"}


def preview_values(surface, n: int = PREVIEW_GRID) -> np.ndarray:
    """Colour positions in [0, 1] on an n x n grid (row 0 = lowest y), NaN where undefined."""
    _, _, Z = surface.value_grid(n)
    ok = np.isfinite(Z)
    out = np.full(Z.shape, np.nan)
    if not ok.any():
        return out
    z = Z[ok]
    if surface.log_color:
        z = np.log10(z - z.min() + 1e-12 * max(1.0, float(np.abs(z).max())))
    lo, hi = np.percentile(z, [1, 99]) if z.size > 50 else (z.min(), z.max())
    out[ok] = np.clip((z - lo) / (hi - lo), 0.0, 1.0) if hi > lo else 0.5
    return out


def preview_pixmap(values: np.ndarray, points, bounds, size: int) -> QPixmap:
    """Pixmap of ``values`` (from :func:`preview_values`) with critical ``points`` marked.

    ``points``: (x, y, kind) tuples; ``bounds``: (xmin, xmax, ymin, ymax).
    """
    t = np.nan_to_num(values, nan=-1.0)
    pos = np.clip(t, 0.0, 1.0) * (len(_STOPS) - 1)
    i = np.minimum(pos.astype(int), len(_STOPS) - 2)
    frac = (pos - i)[..., None]
    rgb = _STOPS[i] * (1 - frac) + _STOPS[i + 1] * frac
    rgb[t < 0] = _UNDEFINED
    rgb = np.ascontiguousarray(rgb[::-1].astype(np.uint8))  # image row 0 is the top (max y)
    h, w, _ = rgb.shape
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    pix = QPixmap.fromImage(image.scaled(size, size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation))
    xmin, xmax, ymin, ymax = bounds
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for x, y, kind in points:
        px = (x - xmin) / (xmax - xmin) * size
        py = (ymax - y) / (ymax - ymin) * size
        if not (np.isfinite(px) and np.isfinite(py)):
            continue
        painter.setPen(QPen(QColor("#000000"), 1))
        painter.setBrush(QBrush(QColor(_MARKERS.get(kind, "#888888"))))
        painter.drawEllipse(QPointF(px, py), 3.5, 3.5)
    painter.end()
    return pix
