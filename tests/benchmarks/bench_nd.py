"""N-D benchmarks: batched runs at D = 1000, loss on a 128 x 128 plane, spectra, the lab's worker job."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from optim_lab import get_surface, make_optimizer, run_loops, run_many
from optim_lab.inplace_steps import inplace_step
from optim_lab.planes import hessian_spectrum, plane_grid, plane_values_direct, random_plane
from optim_lab.runs import RunSettings
from optim_lab.stability import best_rates
from tests.benchmarks.run import Row, timeit

DIM = 1000
STEPS = 1000
EXTENT = (-3.0, 2.0, -1.0, 4.0)


def _ms(samples: np.ndarray) -> float:
    return float(np.median(samples)) * 1e3


def _three(kappa: float = 100.0):
    r = best_rates(1.0, kappa)
    return [make_optimizer("gd", lr=r["gd_lr"]),
            make_optimizer("momentum", lr=r["momentum_lr"], momentum=r["momentum_beta"]),
            make_optimizer("adam", lr=0.01)]


def _cpu_ms(fn, repeat: int = 9) -> float:
    """Median thread CPU time of ``fn`` in ms (less at the mercy of other processes than
    wall time on a shared machine)."""
    fn()
    out = []
    for _ in range(repeat):
        c = time.thread_time()
        fn()
        out.append(time.thread_time() - c)
    return float(np.median(out)) * 1e3


def _floor_rows(surf, opts, x0, settings) -> list[Row]:
    """Where the time of the 3 x 1000-step run goes, in CPU time, interleaved: the floor of
    the approach is one value+gradient call and one numpy update per row and step."""
    from optim_lab.runs import checked_dynamics, optimizer_with

    dyns = checked_dynamics(opts, None)
    plain = [optimizer_with(o, d) for o, d in zip(opts, dyns)]
    X = np.tile(x0, (len(opts), 1))
    G = surf.grad(X)
    W = X.copy()
    steps = [inplace_step(o, W[k]) for k, o in enumerate(plain)]

    def updates():
        for t in range(1, STEPS + 1):
            for k, step in enumerate(steps):
                step(G[k], t)

    parts = {"run": [], "loop": [], "vg": [], "upd": []}
    for _ in range(5):  # alternately, so the machine's load hits all alike
        parts["run"].append(_cpu_ms(lambda: run_many(surf, opts, x0, STEPS, settings), 1))
        parts["loop"].append(_cpu_ms(lambda: run_loops.loop_batched(
            surf, plain, x0, STEPS, settings, dyns), 1))
        parts["vg"].append(_cpu_ms(lambda: [surf.vg(X) for _ in range(STEPS)], 1))
        parts["upd"].append(_cpu_ms(updates, 1))
    m = {k: float(np.median(v)) for k, v in parts.items()}
    load = f"load {os.getloadavg()[0]:.1f}"
    return [
        Row(f"  CPU time: whole run / loop / {STEPS} value+gradient / 3x{STEPS} updates / "
            "end diagnosis (run - loop)",
            f"{m['run']:.1f} / {m['loop']:.1f} / {m['vg']:.1f} / {m['upd']:.1f} / "
            f"{m['run'] - m['loop']:.1f} ms ({load})"),
        Row("  floor of the approach: value+gradient + updates (loop bookkeeping "
            f"{m['loop'] - m['vg'] - m['upd']:.1f} ms on top)",
            f"{m['vg'] + m['upd']:.1f} ms CPU", "<= 50 ms", m["vg"] + m["upd"] <= 50),
    ]


_BLAS_PROBE = """
import numpy as np
from optim_lab import get_surface, run_many
from optim_lab.runs import RunSettings
from tests.benchmarks.bench_nd import DIM, STEPS, _three
from tests.benchmarks.run import timeit
surf = get_surface("quadratic", dim=DIM, kappa=100.0)
x0 = np.random.default_rng(0).uniform(-1.0, 1.0, DIM)
opts, every = _three(), RunSettings(stop_on_convergence=False)
import time
cpu = time.process_time()
wall = float(np.median(timeit(lambda: run_many(surf, opts, x0, STEPS, every), repeat=15)))
print(wall, (time.process_time() - cpu) / 17)  # 2 warm-up calls + 15
"""


def _blas_thread_rows() -> list[Row]:
    """The D=1000 run in fresh processes with one OpenBLAS thread (the app's setting,
    ``app/__init__.py``) and with two (numpy's default on this 2-core machine), alternately."""
    root = Path(__file__).resolve().parents[2]
    got: dict[str, list[tuple[float, float]]] = {"1": [], "2": []}
    for _ in range(3):
        for n in got:
            env = dict(os.environ, OPENBLAS_NUM_THREADS=n, PYTHONPATH=str(root))
            p = subprocess.run([sys.executable, "-c", _BLAS_PROBE], env=env, cwd=root,
                               capture_output=True, text=True, timeout=600)
            if p.returncode != 0:
                return [Row("  same run, 1 vs 2 OpenBLAS threads", "failed: " + p.stderr[-200:])]
            wall, cpu = map(float, p.stdout.strip().splitlines()[-1].split())
            got[n].append((wall * 1e3, cpu * 1e3))
    (w1, c1), (w2, c2) = (np.median(np.array(v), axis=0) for v in got.values())
    return [Row("  same run with 1 / 2 OpenBLAS threads (fresh processes, alternately; the app "
                "uses 1): wall (process CPU)", f"{w1:.1f} ({c1:.1f}) / {w2:.1f} ({c2:.1f}) ms")]


def rows() -> list[Row]:
    out: list[Row] = []
    a = np.random.default_rng(1).standard_normal((3, DIM))
    ref = float(np.median(timeit(lambda: a * a, repeat=2000, warmup=50))) * 1e6
    out.append(Row(f"reference: one numpy multiply on a (3, {DIM}) batch", f"{ref:.2f} µs"))
    surf = get_surface("quadratic", dim=DIM, kappa=100.0)
    x0 = np.random.default_rng(0).uniform(-1.0, 1.0, DIM)
    opts = _three()
    every_step = RunSettings(stop_on_convergence=False)
    samples = timeit(lambda: run_many(surf, opts, x0, STEPS, every_step), repeat=15)
    t, best = _ms(samples), float(samples.min()) * 1e3
    out.append(Row(f"D={DIM} quadratic, GD+momentum+Adam x {STEPS} steps (all 3000 steps)",
                   f"{t:.1f} ms (best {best:.1f})", "<= 50 ms", t <= 50))
    X = np.tile(x0, (3, 1))
    t_vg = _ms(timeit(lambda: [surf.value_grad(X) for _ in range(STEPS)], repeat=5))
    states = [o.init(X[k]) for k, o in enumerate(opts)]
    t_up = _ms(timeit(lambda: [o.update(X[k], X[k], states[k], 3, np.sqrt)
                               for _ in range(STEPS) for k, o in enumerate(opts)], repeat=5))
    W = X.copy()
    fused = [inplace_step(o, W[k]) for k, o in enumerate(opts)]
    t_in = _ms(timeit(lambda: [step(X[k], 3) for _ in range(STEPS)
                               for k, step in enumerate(fused)], repeat=5))
    out.append(Row(f"  of which: {STEPS} batched value+gradient calls / 3x{STEPS} optimizer updates"
                   " (generic rules / in place, the loop's path)",
                   f"{t_vg:.1f} / {t_up:.1f} / {t_in:.1f} ms"))
    generic = []
    real = run_loops.inplace_step
    for _ in range(7):  # alternately, so the machine's load hits both alike
        run_loops.inplace_step = lambda o, w: None
        generic.append(float(timeit(lambda: run_many(surf, opts, x0, STEPS, every_step),
                                    repeat=1, warmup=0)[0]))
        run_loops.inplace_step = real
        generic.append(-float(timeit(lambda: run_many(surf, opts, x0, STEPS, every_step),
                                     repeat=1, warmup=0)[0]))
    g = np.median([v for v in generic if v > 0])
    f = np.median([-v for v in generic if v < 0])
    out.append(Row("  same run, generic rules vs in-place steps (same process, alternating)",
                   f"{g * 1e3:.1f} / {f * 1e3:.1f} ms (x{f / g:.2f})"))
    t = _ms(timeit(lambda: run_many(surf, opts, x0, STEPS), repeat=15))
    out.append(Row("  same with early stop at convergence (what the lab runs)", f"{t:.1f} ms"))
    out += _blas_thread_rows()
    out += _floor_rows(surf, opts, x0, every_step)
    plane = random_plane(x0, 1)
    worst = 0.0
    for name, params in (("quadratic", {"kappa": 100.0}), ("rosenbrock", {}), ("rastrigin", {}),
                         ("styblinski_tang", {}), ("nd_saddle", {"negative": 3})):
        s = get_surface(name, dim=DIM, **params)
        t = _ms(timeit(lambda s=s: plane_grid(s, plane, EXTENT, 128), repeat=15))
        worst = max(worst, t)
        out.append(Row(f"plane contours 128x128 at D={DIM}: {name}", f"{t:.1f} ms", "<= 100 ms",
                       t <= 100))
    rosen = get_surface("rosenbrock", dim=DIM)
    us = np.linspace(*EXTENT[:2], 128)
    vs = np.linspace(*EXTENT[2:], 128)
    t = _ms(timeit(lambda: plane_values_direct(rosen, plane, us, vs), repeat=3, warmup=1))
    out.append(Row("  direct evaluation of the 16384 plane points (Rosenbrock), for comparison",
                   f"{t:.0f} ms"))
    t = _ms(timeit(lambda: hessian_spectrum(surf, x0), repeat=10))
    out.append(Row(f"Hessian spectrum at D={DIM} (80 Lanczos steps on hvp)", f"{t:.1f} ms"))
    s300 = get_surface("rosenbrock", dim=300)
    t = _ms(timeit(lambda: hessian_spectrum(s300, np.ones(300)), repeat=10))
    out.append(Row("Hessian spectrum at D=300 (dense eigvalsh)", f"{t:.1f} ms"))
    try:
        from app.nd_lab.compute import PlaneSpec, RunRequest, StartSpec, SurfaceSpec, compute_runs
    except ImportError:
        return out
    req = RunRequest(1, SurfaceSpec("quadratic", DIM, (("kappa", 100.0),)), StartSpec(), STEPS,
                     tuple((i, o) for i, o in enumerate(opts)), PlaneSpec("pca"))
    t = _ms(timeit(lambda: compute_runs(req), repeat=8, warmup=1))
    out.append(Row(f"N-D Lab worker job at D={DIM} (runs, PCA plane, contours, distances, λ_max)",
                   f"{t:.0f} ms"))
    return out
