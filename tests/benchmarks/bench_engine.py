"""Engine benchmarks: interactive recompute, torch.optim reference, batched sweep."""

from __future__ import annotations

import numpy as np

from optim_lab import get_surface, make_optimizer, run_many
from optim_lab.sweep import grid, sweep
from tests.benchmarks.run import Row, timeit

START = [-1.5, 2.0]
STEPS = 1000


def _four():
    return [
        make_optimizer("gd", lr=1e-3),
        make_optimizer("momentum", lr=1e-3, momentum=0.9),
        make_optimizer("nesterov", lr=1e-3, momentum=0.9),
        make_optimizer("adam", lr=1e-2),
    ]


def _torch_four(steps: int) -> None:
    import torch

    specs = [
        (torch.optim.SGD, {"lr": 1e-3}),
        (torch.optim.SGD, {"lr": 1e-3, "momentum": 0.9}),
        (torch.optim.SGD, {"lr": 1e-3, "momentum": 0.9, "nesterov": True}),
        (torch.optim.Adam, {"lr": 1e-2}),
    ]
    for cls, kw in specs:
        p = torch.tensor(START, dtype=torch.float64, requires_grad=True)
        opt = cls([p], **kw)
        for _ in range(steps):
            opt.zero_grad()
            x, y = p[0], p[1]
            loss = (1 - x) ** 2 + 100 * (y - x * x) ** 2
            loss.backward()
            opt.step()


def rows() -> list[Row]:
    import torch

    torch.set_num_threads(1)
    surface = get_surface("rosenbrock")
    opts = _four()
    ours = timeit(lambda: run_many(surface, opts, START, STEPS), repeat=30)
    ref_steps = 200  # torch is slow: time 200 steps and scale to 1000
    ref = timeit(lambda: _torch_four(ref_steps), repeat=3, warmup=1) * (STEPS / ref_steps)
    med, ref_med = float(np.median(ours)), float(np.median(ref))
    out = [
        Row("4 optimizers x 1000 steps, Rosenbrock 2-D (median)", f"{med * 1e3:.2f} ms",
            "<= 4 ms", med <= 4e-3),
        Row("  same, p95", f"{np.percentile(ours, 95) * 1e3:.2f} ms"),
        Row("  same work in torch.optim + autograd (median)", f"{ref_med * 1e3:.0f} ms"),
        Row("  speed-up over torch.optim", f"{ref_med / med:.0f}x", ">= 300x", ref_med / med >= 300),
    ]
    axes = grid(lr=np.geomspace(1e-5, 1e-2, 256), momentum=np.linspace(0.0, 0.99, 256))
    opt = make_optimizer("momentum", **axes)
    sw = timeit(lambda: sweep(surface, opt, START, 500), repeat=5, warmup=1)
    sw_med = float(np.median(sw))
    out.append(Row("sweep 65,536 runs x 500 steps, momentum on Rosenbrock (median)",
                   f"{sw_med:.3f} s", "<= 0.5 s", sw_med <= 0.5))
    out.append(Row("  per point-step", f"{sw_med / (65536 * 500) * 1e9:.1f} ns"))
    nd = get_surface("rosenbrock", dim=100)
    t = timeit(lambda: run_many(nd, opts, np.full(100, -0.5), STEPS), repeat=5, warmup=1)
    out.append(Row("4 optimizers x 1000 steps, Rosenbrock D=100 (median)",
                   f"{np.median(t) * 1e3:.1f} ms"))
    out += _dynamics_rows(surface, opts, med)
    return out


def _dynamics_rows(surface, opts, plain_med: float) -> list[Row]:
    """Training dynamics (issue 11): a plain run must cost what it did.  Noise wraps the fast
    2-D closure (measured ≈ 1.4x); a schedule needs the generic rule per coordinate, whose lr
    changes every step (≈ 3-4x)."""
    from optim_lab.dynamics import Dynamics

    def timed(dyn):
        t = timeit(lambda: run_many(surface, opts, START, STEPS, dynamics=dyn), repeat=30)
        return float(np.median(t)), float(np.percentile(t, 95))

    plain, plain95 = timed(Dynamics())  # the Surface Lab passes each run's (plain) Dynamics
    noisy, _ = timed(Dynamics(noise=1e-3, seed=1))
    sched, _ = timed(Dynamics(schedule="cosine:T_max=1000"))
    clip, _ = timed(Dynamics(clip=1.0))
    return [
        Row("  same 4 runs with Dynamics() (plain; median, p95)",
            f"{plain * 1e3:.2f} / {plain95 * 1e3:.2f} ms", "within 5% of no dynamics",
            plain <= 1.05 * plain_med),
        Row("  with gradient noise (median)", f"{noisy * 1e3:.2f} ms ({noisy / plain:.1f}x)"),
        Row("  with a cosine schedule (median)", f"{sched * 1e3:.2f} ms ({sched / plain:.1f}x)"),
        Row("  with clipping only (fast path, median)", f"{clip * 1e3:.2f} ms ({clip / plain:.1f}x)"),
    ]
