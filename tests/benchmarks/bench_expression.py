"""Custom f(x, y) benchmarks: text → ready surface, and runs on it vs the built-in.

``python -m tests.benchmarks.run expression``
"""

from __future__ import annotations

import numpy as np

from optim_lab import get_surface, make_optimizer, run_many
from optim_lab.surfaces.custom import make_expression_surface
from optim_lab.surfaces.expression import compile_expression
from tests.benchmarks.run import Row, timeit

ROSENBROCK = "(1 - x)**2 + 100*(y - x**2)**2"
GOLDSTEIN_PRICE = ("(1+(x+y+1)**2*(19-14*x+3*x**2-14*y+6*x*y+3*y**2))"
                   "*(30+(2*x-3*y)**2*(18-32*x+12*x**2+48*y-36*x*y+27*y**2))")
START = [-1.5, 2.0]
STEPS = 1000


def rows() -> list[Row]:
    compile_expression("x**2 + y")  # sympy's printers imported once
    ready = timeit(lambda: compile_expression(ROSENBROCK), repeat=7, warmup=1)
    full = timeit(lambda: make_expression_surface(ROSENBROCK, (-2, 2, -1, 3)), repeat=7, warmup=1)
    gp = timeit(lambda: make_expression_surface(GOLDSTEIN_PRICE, (-2, 2, -2, 2)), repeat=3,
                warmup=1)
    out = [
        Row("Rosenbrock text -> parse + derivatives + compile (median)",
            f"{np.median(ready) * 1e3:.0f} ms", "<= 150 ms", float(np.median(ready)) <= 0.15),
        Row("  + critical-point search (ready surface, median)",
            f"{np.median(full) * 1e3:.0f} ms"),
        Row("Goldstein-Price text -> ready surface (median)", f"{np.median(gp) * 1e3:.0f} ms"),
    ]
    builtin = get_surface("rosenbrock")
    custom = get_surface("custom", expression=ROSENBROCK, bounds=builtin.bounds.ravel())
    opts = [make_optimizer("gd", lr=1e-3), make_optimizer("momentum", lr=1e-3, momentum=0.9),
            make_optimizer("nesterov", lr=1e-3, momentum=0.9), make_optimizer("adam", lr=1e-2)]
    a, b = [], []
    for _ in range(30):  # interleaved, so load from other processes hits both alike
        a.extend(timeit(lambda: run_many(builtin, opts, START, STEPS), repeat=1, warmup=0))
        b.extend(timeit(lambda: run_many(custom, opts, START, STEPS), repeat=1, warmup=0))
    pa, pb = np.percentile(a, 95), np.percentile(b, 95)
    out += [
        Row("slider recompute, 4 x 1000 steps, built-in Rosenbrock (p95)", f"{pa * 1e3:.2f} ms"),
        Row("  same on the typed Rosenbrock (p95)", f"{pb * 1e3:.2f} ms",
            "within 20% of the built-in", pb <= 1.2 * pa),
        Row("  medians, built-in / typed", f"{np.median(a) * 1e3:.2f} / {np.median(b) * 1e3:.2f} ms"),
    ]
    return out
