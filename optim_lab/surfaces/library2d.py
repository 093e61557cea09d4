"""The classic 2-D test surfaces (formulas and minima as in Jamil & Yang, "A literature
survey of benchmark functions for global optimisation problems", 2013),
each written once for floats and arrays.

Every ``*_fg`` returns ``(f, df/dx, df/dy)`` and every ``*_hess`` returns
``(d2f/dx2, d2f/dxdy, d2f/dy2)``; ``m`` is ``math`` or ``numpy``.
"""

from __future__ import annotations

import math

import numpy as np

from .base import CriticalPoint, Surface2D, refine_critical_point

TWO_PI = 2.0 * math.pi


def quadratic_fg(a: float, b: float):
    def fg(x, y, m):
        return 0.5 * (a * x * x + b * y * y), a * x, b * y

    def hess(x, y, m):
        return a + 0.0 * x, 0.0 * x, b + 0.0 * y

    return fg, hess


def booth_fg(x, y, m):
    u = x + 2 * y - 7
    v = 2 * x + y - 5
    return u * u + v * v, 2 * u + 4 * v, 4 * u + 2 * v


def booth_hess(x, y, m):
    return 10.0 + 0.0 * x, 8.0 + 0.0 * x, 10.0 + 0.0 * y


def rosenbrock_fg(x, y, m):
    a = 1 - x
    b = y - x * x
    return a * a + 100 * b * b, -2 * a - 400 * x * b, 200 * b


def rosenbrock_hess(x, y, m):
    return 2 - 400 * y + 1200 * x * x, -400 * x, 200.0 + 0.0 * y


def himmelblau_fg(x, y, m):
    u = x * x + y - 11
    v = x + y * y - 7
    return u * u + v * v, 4 * x * u + 2 * v, 2 * u + 4 * y * v


def himmelblau_hess(x, y, m):
    u = x * x + y - 11
    v = x + y * y - 7
    return 4 * u + 8 * x * x + 2, 4 * x + 4 * y, 2 + 4 * v + 8 * y * y


def beale_fg(x, y, m):
    y2 = y * y
    y3 = y2 * y
    t1 = 1.5 - x + x * y
    t2 = 2.25 - x + x * y2
    t3 = 2.625 - x + x * y3
    f = t1 * t1 + t2 * t2 + t3 * t3
    gx = 2 * (t1 * (y - 1) + t2 * (y2 - 1) + t3 * (y3 - 1))
    gy = 2 * (t1 * x + t2 * 2 * x * y + t3 * 3 * x * y2)
    return f, gx, gy


def beale_hess(x, y, m):
    y2 = y * y
    y3 = y2 * y
    t1 = 1.5 - x + x * y
    t2 = 2.25 - x + x * y2
    t3 = 2.625 - x + x * y3
    hxx = 2 * ((y - 1) ** 2 + (y2 - 1) ** 2 + (y3 - 1) ** 2)
    hxy = 2 * (
        x * (y - 1) + t1 + 2 * x * y * (y2 - 1) + 2 * y * t2 + 3 * x * y2 * (y3 - 1) + 3 * y2 * t3
    )
    hyy = 2 * (x * x + 4 * x * x * y2 + 2 * x * t2 + 9 * x * x * y2 * y2 + 6 * x * y * t3)
    return hxx, hxy, hyy


def rastrigin_fg(x, y, m):
    f = 20 + x * x - 10 * m.cos(TWO_PI * x) + y * y - 10 * m.cos(TWO_PI * y)
    return f, 2 * x + 20 * math.pi * m.sin(TWO_PI * x), 2 * y + 20 * math.pi * m.sin(TWO_PI * y)


def rastrigin_hess(x, y, m):
    k = 40 * math.pi * math.pi
    return 2 + k * m.cos(TWO_PI * x), 0.0 * x, 2 + k * m.cos(TWO_PI * y)


# sqrt(tiny) keeps the Ackley cone differentiable in floating point: at the
# origin the gradient is 0 (its subgradient), elsewhere the change is < 1e-150.
_ACKLEY_TINY = 1e-300


def ackley_fg(x, y, m):
    r = m.sqrt(0.5 * (x * x + y * y) + _ACKLEY_TINY)
    e1 = m.exp(-0.2 * r)
    e2 = m.exp(0.5 * (m.cos(TWO_PI * x) + m.cos(TWO_PI * y)))
    f = -20 * e1 - e2 + math.e + 20
    gx = 2 * e1 * x / r + math.pi * e2 * m.sin(TWO_PI * x)
    gy = 2 * e1 * y / r + math.pi * e2 * m.sin(TWO_PI * y)
    return f, gx, gy


def ackley_hess(x, y, m):
    r = m.sqrt(0.5 * (x * x + y * y) + _ACKLEY_TINY)
    e1 = m.exp(-0.2 * r)
    e2 = m.exp(0.5 * (m.cos(TWO_PI * x) + m.cos(TWO_PI * y)))
    qx, qy = x / r, y / r  # bounded by sqrt(2): keeps r**3 from underflowing
    sx, sy = m.sin(TWO_PI * x), m.sin(TWO_PI * y)
    cx, cy = m.cos(TWO_PI * x), m.cos(TWO_PI * y)
    p2 = math.pi * math.pi
    hxx = 2 * e1 * (-0.1 * qx * qx + 1 / r - 0.5 * qx * qx / r) + p2 * e2 * (2 * cx - sx * sx)
    hyy = 2 * e1 * (-0.1 * qy * qy + 1 / r - 0.5 * qy * qy / r) + p2 * e2 * (2 * cy - sy * sy)
    hxy = 2 * e1 * (-0.1 * qx * qy - 0.5 * qx * qy / r) - p2 * e2 * sx * sy
    return hxx, hxy, hyy


def _gp_parts(x, y):
    s = x + y + 1
    d = 2 * x - 3 * y
    P = 19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y
    Q = 18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y
    Pd = -14 + 6 * x + 6 * y  # dP/dx == dP/dy
    Qx = -32 + 24 * x - 36 * y
    Qy = 48 - 36 * x + 54 * y
    A = 1 + s * s * P
    B = 30 + d * d * Q
    Ad = 2 * s * P + s * s * Pd  # dA/dx == dA/dy
    Bx = 4 * d * Q + d * d * Qx
    By = -6 * d * Q + d * d * Qy
    return s, d, P, Q, Pd, Qx, Qy, A, B, Ad, Bx, By


def goldstein_price_fg(x, y, m):
    *_, A, B, Ad, Bx, By = _gp_parts(x, y)
    return A * B, Ad * B + A * Bx, Ad * B + A * By


def goldstein_price_hess(x, y, m):
    s, d, P, Q, Pd, Qx, Qy, A, B, Ad, Bx, By = _gp_parts(x, y)
    A2 = 2 * P + 4 * s * Pd + 6 * s * s  # all second derivatives of A are equal
    Bxx = 8 * Q + 8 * d * Qx + 24 * d * d
    Bxy = -12 * Q + 4 * d * Qy - 6 * d * Qx - 36 * d * d
    Byy = 18 * Q - 12 * d * Qy + 54 * d * d
    hxx = A2 * B + 2 * Ad * Bx + A * Bxx
    hxy = A2 * B + Ad * By + Ad * Bx + A * Bxy
    hyy = A2 * B + 2 * Ad * By + A * Byy
    return hxx, hxy, hyy


def camel_fg(x, y, m):
    x2, y2 = x * x, y * y
    f = (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2
    gx = 8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y
    gy = x - 8 * y + 16 * y2 * y
    return f, gx, gy


def camel_hess(x, y, m):
    x2 = x * x
    return 8 - 25.2 * x2 + 10 * x2 * x2, 1.0 + 0.0 * x, -8 + 48 * y * y


def styblinski_fg(x, y, m):
    f = 0.5 * (x**4 - 16 * x * x + 5 * x + y**4 - 16 * y * y + 5 * y)
    return f, 2 * x**3 - 16 * x + 2.5, 2 * y**3 - 16 * y + 2.5


def styblinski_hess(x, y, m):
    return 6 * x * x - 16, 0.0 * x, 6 * y * y - 16


def saddle_fg(x, y, m):
    return x * x - y * y, 2 * x, -2 * y


def saddle_hess(x, y, m):
    return 2.0 + 0.0 * x, 0.0 * x, -2.0 + 0.0 * y


def monkey_fg(x, y, m):
    return x**3 - 3 * x * y * y, 3 * x * x - 3 * y * y, -6 * x * y


def monkey_hess(x, y, m):
    return 6 * x, -6 * y, -6 * x


TWO_WELLS_TILT = 0.3


def two_wells_fg(x, y, m):
    u = x * x - 1
    return u * u + TWO_WELLS_TILT * x + y * y, 4 * x * u + TWO_WELLS_TILT, 2 * y


def two_wells_hess(x, y, m):
    return 12 * x * x - 4, 0.0 * x, 2.0 + 0.0 * y


def plateau_fg(x, y, m):
    e = m.exp(-(x * x + y * y))
    return 1 - e, 2 * x * e, 2 * y * e


def plateau_hess(x, y, m):
    e = m.exp(-(x * x + y * y))
    return e * (2 - 4 * x * x), -4 * x * y * e, e * (2 - 4 * y * y)


def quartic_saddle_fg(x, y, m):
    return 0.5 * x * x + 0.25 * y**4 - 0.5 * y * y, x, y * y * y - y


def quartic_saddle_hess(x, y, m):
    return 1.0 + 0.0 * x, 0.0 * x, 3 * y * y - 1


def quartic_bowl_fg(x, y, m):
    x2, y2 = x * x, y * y
    return x2 * x2 + y2 * y2, 4 * x2 * x, 4 * y2 * y


def quartic_bowl_hess(x, y, m):
    return 12 * x * x, 0.0 * x, 12 * y * y


def catapult_fg(x, y, m):
    r = x * y - 1
    return 0.5 * r * r, r * y, r * x


def catapult_hess(x, y, m):
    return y * y, 2 * x * y - 1, x * x


def catapult_nearest_minimum(P: np.ndarray) -> np.ndarray:
    """The points of the hyperbola uv = 1 nearest to the rows (a, b) of ``P`` (B, 2).

    On (u, 1/u), d/du [(u − a)² + (1/u − b)²] = 0 is u⁴ − a u³ + b u − 1 = 0 (times u³/2):
    its roots are the eigenvalues of the companion matrix (batched); of the real ones (both
    branches) the nearest point wins, then one Newton step on the quartic polishes it.
    """
    P = np.asarray(P, dtype=float).reshape(-1, 2)
    a, b = P[:, 0], P[:, 1]
    C = np.zeros((len(P), 4, 4))
    C[:, 0, 0], C[:, 0, 2], C[:, 0, 3] = a, -b, 1.0  # monic u⁴ − a u³ + 0 u² + b u − 1
    C[:, 1, 0] = C[:, 2, 1] = C[:, 3, 2] = 1.0
    with np.errstate(all="ignore"):
        roots = np.linalg.eigvals(C)
        real = np.abs(roots.imag) <= 1e-7 * np.maximum(1.0, np.abs(roots))
        u = np.where(real & (roots.real != 0.0), roots.real, np.nan)
        d = np.hypot(u - a[:, None], 1.0 / u - b[:, None])
        d = np.where(np.isnan(d), np.inf, d)
        k = np.argmin(d, axis=1)
        uu = u[np.arange(len(P)), k]
        if np.any(~np.isfinite(uu)):  # no root came out real: the nearest real part
            fallback = roots.real[np.arange(len(P)), k]
            uu = np.where(np.isfinite(uu), uu, fallback)
        deriv = 4 * uu**3 - 3 * a * uu * uu + b
        step = (uu**4 - a * uu**3 + b * uu - 1) / deriv
        uu = np.where(np.isfinite(step), uu - step, uu)
    return np.column_stack([uu, 1.0 / uu])


# --- known critical points ------------------------------------------------------

def styblinski_roots_1d() -> np.ndarray:
    """Roots of d/dx ½(x⁴-16x²+5x): [global min, local max, local min]."""
    return np.sort(np.roots([2.0, 0.0, -16.0, 2.5]).real)


def rastrigin_min_1d(k: int) -> float:
    """The 1-D Rastrigin minimiser next to the integer k (Newton on the derivative)."""
    x = float(k)
    for _ in range(60):
        g = 2 * x + 20 * math.pi * math.sin(TWO_PI * x)
        h = 2 + 40 * math.pi**2 * math.cos(TWO_PI * x)
        x -= g / h
    return x


def _points(surface: Surface2D, table) -> tuple[CriticalPoint, ...]:
    """Polish (guess, kind) pairs by Newton, evaluate, and flag the global minima."""
    pts = []
    for guess, kind in table:
        p = refine_critical_point(surface, guess)
        pts.append((tuple(float(v) for v in p), float(surface.value(p)[0]), kind))
    mins = [v for _, v, k in pts if k == "minimum"]
    best = min(mins) if mins else None
    tol = 1e-9 * (1 + abs(best)) if best is not None else 0.0
    return tuple(
        CriticalPoint(p, v, k, is_global=(k == "minimum" and v <= best + tol)) for p, v, k in pts
    )


def _mk(name, label, fg, hess, bounds, table, *, log_color=False, description="",
        separable=False):
    s = Surface2D(
        name=name,
        label=label,
        dim=2,
        bounds=np.asarray(bounds, dtype=float),
        log_color=log_color,
        description=description,
        fg=fg,
        hess=hess,
        separable=separable,
    )
    s.critical_points = _points(s, table)
    return s


def make_quadratic(kappa: float = 10.0) -> Surface2D:
    kappa = float(kappa)
    if not (math.isfinite(kappa) and kappa >= 1):
        raise ValueError(f"invalid kappa: {kappa!r} (condition number must be >= 1)")
    fg, hess = quadratic_fg(1.0, kappa)
    return _mk(
        "quadratic", "Quadratic bowl", fg, hess, [[-2, 2], [-2, 2]], [((0, 0), "minimum")],
        description=f"½(x² + κ y²) with κ = {kappa:g}: Hessian eigenvalues 1 and κ.",
        separable=True,
    )


SEPARABLE_2D = ("quadratic", "rastrigin", "styblinski_tang", "saddle", "two_wells",
                "quartic_saddle", "quartic_bowl")


def build_2d() -> dict[str, Surface2D]:
    st = styblinski_roots_1d()
    lo, mx, hi = st
    rast = [
        ((rastrigin_min_1d(i), rastrigin_min_1d(j)), "minimum")
        for i in range(-5, 6)
        for j in range(-5, 6)
    ]
    surfaces = [
        make_quadratic(),
        _mk("booth", "Booth", booth_fg, booth_hess, [[-10, 10], [-10, 10]],
            [((1, 3), "minimum")], log_color=True,
            description="(x+2y−7)² + (2x+y−5)²: a tilted bowl, Hessian eigenvalues 2 and 18."),
        _mk("rosenbrock", "Rosenbrock", rosenbrock_fg, rosenbrock_hess, [[-2, 2], [-1, 3]],
            [((1, 1), "minimum")], log_color=True,
            description="(1−x)² + 100(y−x²)²: a curved, badly conditioned valley."),
        _mk("himmelblau", "Himmelblau", himmelblau_fg, himmelblau_hess, [[-5, 5], [-5, 5]],
            [((3, 2), "minimum"), ((-2.805118, 3.131312), "minimum"),
             ((-3.779310, -3.283186), "minimum"), ((3.584428, -1.848126), "minimum"),
             ((-0.270845, -0.923039), "maximum"),
             ((0.086678, 2.884255), "saddle"), ((-3.073025, -0.081353), "saddle"),
             ((3.385154, 0.073852), "saddle"), ((-0.127961, -1.953715), "saddle")],
            log_color=True,
            description="(x²+y−11)² + (x+y²−7)²: four equal minima; the start decides."),
        _mk("beale", "Beale", beale_fg, beale_hess, [[-4.5, 4.5], [-4.5, 4.5]],
            [((3, 0.5), "minimum"), ((0, 1), "saddle"), ((0.100538, -2.644514), "saddle")],
            log_color=True,
            description="Sharp ridges and flat plains; one minimum at (3, 0.5)."),
        _mk("rastrigin", "Rastrigin", rastrigin_fg, rastrigin_hess, [[-5.12, 5.12], [-5.12, 5.12]],
            rast, description="A bowl covered in local minima, one per integer lattice point."),
        _mk("ackley", "Ackley", ackley_fg, ackley_hess, [[-5, 5], [-5, 5]],
            [((0, 0), "minimum")],
            description="A needle-shaped global minimum in a field of ripples."),
        _mk("goldstein_price", "Goldstein–Price", goldstein_price_fg, goldstein_price_hess,
            [[-2, 2], [-2, 2]],
            [((0, -1), "minimum"), ((-0.6, -0.4), "minimum"), ((1.8, 0.2), "minimum"),
             ((1.2, 0.8), "minimum"),
             ((-0.4, -0.6), "saddle"), ((0.6, 0.4), "saddle"), ((1.2, -0.2), "saddle"),
             ((1.4, 0.6), "saddle"), ((0.8, 0.2), "maximum")],
            log_color=True, description="Values from 3 to 10⁶: needs a log colour scale."),
        _mk("six_hump_camel", "Six-hump camel", camel_fg, camel_hess, [[-3, 3], [-2, 2]],
            [((0.0898, -0.7126), "minimum"), ((-0.0898, 0.7126), "minimum"),
             ((1.7036, -0.7961), "minimum"), ((-1.7036, 0.7961), "minimum"),
             ((1.6071, 0.5687), "minimum"), ((-1.6071, -0.5687), "minimum"),
             ((0, 0), "saddle"), ((1.109205, -0.768268), "saddle"),
             ((-1.109205, 0.768268), "saddle"), ((1.296070, 0.605084), "saddle"),
             ((-1.296070, -0.605084), "saddle"), ((1.638068, 0.228674), "saddle"),
             ((-1.638068, -0.228674), "saddle"), ((1.230230, 0.162335), "maximum"),
             ((-1.230230, -0.162335), "maximum")],
            description="Two global and four local minima."),
        _mk("styblinski_tang", "Styblinski–Tang", styblinski_fg, styblinski_hess,
            [[-5, 5], [-5, 5]],
            [((a, b), "minimum") for a in (lo, hi) for b in (lo, hi)]
            + [((a, mx), "saddle") for a in (lo, hi)] + [((mx, b), "saddle") for b in (lo, hi)]
            + [((mx, mx), "maximum")],
            description="Four minima, one global; saddles between them."),
        _mk("saddle", "Saddle x² − y²", saddle_fg, saddle_hess, [[-2, 2], [-2, 2]],
            [((0, 0), "saddle")],
            description="x² − y²: a saddle at the origin, unbounded below along y."),
        _mk("monkey_saddle", "Monkey saddle", monkey_fg, monkey_hess, [[-1.5, 1.5], [-1.5, 1.5]],
            [], description="x³ − 3xy²: a degenerate saddle (Hessian 0) at the origin."),
        _mk("two_wells", "Two wells", two_wells_fg, two_wells_hess, [[-2, 2], [-1.5, 1.5]],
            [((-1.04, 0), "minimum"), ((0.96, 0), "minimum"), ((0.075, 0), "saddle")],
            description="A shallow local minimum beside a deeper global one."),
        _mk("plateau", "Plateau", plateau_fg, plateau_hess, [[-3, 3], [-3, 3]],
            [((0, 0), "minimum")],
            description="1 − exp(−x²−y²): almost flat far from the minimum."),
        _mk("quartic_saddle", "Quartic saddle", quartic_saddle_fg, quartic_saddle_hess,
            [[-1.5, 1.5], [-1.5, 1.5]],
            [((0, 1), "minimum"), ((0, -1), "minimum"), ((0, 0), "saddle")],
            description="½x² + ¼y⁴ − ½y²: a saddle at 0 between minima at (0, ±1)."),
        _mk("catapult", "Catapult ½(uv − 1)²", catapult_fg, catapult_hess, [[-6, 6], [-6, 6]],
            [((0, 0), "saddle")], log_color=True,
            description="½(uv − 1)²: a hyperbola of minima uv = 1, sharpness u² + v² there."),
        _mk("quartic_bowl", "Quartic bowl x⁴ + y⁴", quartic_bowl_fg, quartic_bowl_hess,
            [[-12, 12], [-12, 12]], [], log_color=True,
            description="x⁴ + y⁴: a flat bottom; the gradient grows like distance³."),
    ]
    by_name = {s.name: s for s in surfaces}
    # f(x, y) = p(x) + q(y): maps run one 1-D sequence per start coordinate
    for name in SEPARABLE_2D:
        by_name[name].separable = True
    from .gradients2d import GRADIENTS  # needs this module's constants

    for name, grad in GRADIENTS.items():  # maps step on the gradient alone
        by_name[name].grad_fn = grad
    # Ackley's minimum is the tip of a cone: the gradient jumps there, no Hessian exists.
    by_name["ackley"].critical_points = tuple(
        CriticalPoint(c.point, c.value, c.kind, c.is_global, smooth=False)
        for c in by_name["ackley"].critical_points
    )
    # Its minima form the curve uv = 1 (no list): the nearest one is found by projection.
    by_name["catapult"].minimum_set = catapult_nearest_minimum
    # Newton cannot polish a degenerate point (H = 0): tabulate it directly.
    by_name["monkey_saddle"].critical_points = (CriticalPoint((0.0, 0.0), 0.0, "saddle"),)
    by_name["quartic_bowl"].critical_points = (
        CriticalPoint((0.0, 0.0), 0.0, "minimum", is_global=True),)
    return by_name
