"""Map benchmarks: basin maps at 64² (live, coarse) and 256² (refined) x 500 steps, beside
the old batched ``sweep`` of the same 65,536 runs, and a 128² (lr, β) map."""

from __future__ import annotations

import numpy as np

from optim_lab import get_surface, make_optimizer
from optim_lab.maps import basin_map, hyper_map
from optim_lab.sweep import sweep

from .run import Row, timeit


def rows() -> list[Row]:
    out = []
    cases = (("himmelblau", make_optimizer("gd", lr=0.01)),
             ("rosenbrock", make_optimizer("momentum", lr=1e-3, momentum=0.9)),
             ("rastrigin", make_optimizer("momentum", lr=0.002, momentum=0.9)))
    for name, opt in cases:
        s = get_surface(name)
        box = s.bounds.ravel()
        coarse = np.median(timeit(lambda s=s, opt=opt, box=box: basin_map(s, opt, box, 64, 500),
                                  repeat=7, warmup=1))
        out.append(Row(f"basin map 64² x 500, {opt.name} on {name}", f"{coarse * 1e3:.0f} ms",
                       "<= 40 ms", coarse <= 0.040))
        fine = np.median(timeit(lambda s=s, opt=opt, box=box: basin_map(s, opt, box, 256, 500),
                                repeat=3, warmup=0))
        xs, ys = np.linspace(box[0], box[1], 256), np.linspace(box[2], box[3], 256)
        XX, YY = np.meshgrid(xs, ys)
        starts = np.column_stack([XX.ravel(), YY.ravel()])
        old = np.median(timeit(lambda s=s, opt=opt, starts=starts: sweep(s, opt, starts, 500),
                               repeat=3, warmup=0))
        out.append(Row(f"basin map 256² x 500, {opt.name} on {name} (old sweep {old:.2f} s)",
                       f"{fine:.2f} s", "<= 0.5 s", fine <= 0.5))
    s = get_surface("booth")
    lrs, betas = np.geomspace(1e-3, 0.5, 128), np.linspace(0, 0.99, 128)
    hm = np.median(timeit(lambda: hyper_map(s, make_optimizer("momentum"), [-6, -4], lrs, betas,
                                            500), repeat=3, warmup=0))
    out.append(Row("hyper map 128² x 500, momentum on Booth", f"{hm:.2f} s"))
    return out
