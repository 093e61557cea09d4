"""Gradient-only batched evaluators of the 2-D library surfaces, for stepping loops.

A batched map (:mod:`optim_lab.maps`) needs the gradient at every step but the value
only to know it is finite.  On these surfaces the value is finite wherever the gradient
is, inside the runaway box (100x the plotting box: polynomials, sines and exponentials
of bounded arguments), so a step needs only ``(gx, gy)``.  Each function below is the
gradient part of the surface's ``*_fg`` in :mod:`optim_lab.surfaces.library2d`, the
same float operations in the same order (so bit for bit the same numbers; tests compare
them), written on numpy arrays with in-place operations where the hot surfaces gain:

- Rastrigin   gx = 2x + 20π sin(2πx)            (no cosines: the value needs them)
- Rosenbrock  gx = −2(1 − x) − 400 x (y − x²),  gy = 200 (y − x²)
- Himmelblau  gx = 4x u + 2v,  gy = 2u + 4y v,  u = x² + y − 11, v = x + y² − 7
- Booth       gx = 2u + 4v,  gy = 4u + 2v,  u = x + 2y − 7, v = 2x + y − 5
"""

from __future__ import annotations

import math

import numpy as np

from .library2d import TWO_PI, TWO_WELLS_TILT

__all__ = ["GRADIENTS"]

_RASTRIGIN_K = 20 * math.pi  # Python folds ``20 * math.pi * sin(...)`` left to right


def rastrigin_g(x, y):
    gx = np.multiply(x, TWO_PI)
    np.sin(gx, out=gx)
    gx *= _RASTRIGIN_K
    gx += 2 * x  # a + b == b + a exactly
    gy = np.multiply(y, TWO_PI)
    np.sin(gy, out=gy)
    gy *= _RASTRIGIN_K
    gy += 2 * y
    return gx, gy


def rosenbrock_g(x, y):
    b = x * x
    np.subtract(y, b, out=b)  # b = y − x²
    gx = 400 * x
    gx *= b
    a2 = np.subtract(1, x)
    a2 *= -2
    np.subtract(a2, gx, out=gx)  # −2a − 400 x b
    b *= 200
    return gx, b


def himmelblau_g(x, y):
    u = x * x
    u += y
    u -= 11
    v = y * y
    np.add(x, v, out=v)  # x + y², in the order of ``x + y * y``
    v -= 7
    gx = 4 * x
    gx *= u
    gx += 2 * v
    gy = 4 * y
    gy *= v
    u *= 2
    u += gy  # 2u + 4yv
    return gx, u


def booth_g(x, y):
    u = x + 2 * y - 7
    v = 2 * x + y - 5
    return 2 * u + 4 * v, 4 * u + 2 * v


def styblinski_g(x, y):
    return 2 * x**3 - 16 * x + 2.5, 2 * y**3 - 16 * y + 2.5


def saddle_g(x, y):
    return 2 * x, -2 * y


def two_wells_g(x, y):
    u = x * x - 1
    return 4 * x * u + TWO_WELLS_TILT, 2 * y


def quartic_saddle_g(x, y):
    return np.array(x, dtype=float), y * y * y - y


def quartic_bowl_g(x, y):
    return 4 * (x * x) * x, 4 * (y * y) * y


GRADIENTS = {
    "rastrigin": rastrigin_g, "rosenbrock": rosenbrock_g, "himmelblau": himmelblau_g,
    "booth": booth_g, "styblinski_tang": styblinski_g, "saddle": saddle_g,
    "two_wells": two_wells_g, "quartic_saddle": quartic_saddle_g,
    "quartic_bowl": quartic_bowl_g,
}
