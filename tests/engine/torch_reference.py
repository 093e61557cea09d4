"""torch.optim reference trajectories on torch's portable CPU kernels (run as a script).

``python tests/engine/torch_reference.py OUT.npz`` with ``ATEN_CPU_CAPABILITY=default``
in the environment (``test_torch_bitwise.py`` starts it so) writes one array of
positions per job in :data:`JOBS`.  Why a separate interpreter: torch picks its
CPU kernels once, at import.  Its AVX2/AVX-512 kernels fuse ``add(alpha=)``,
``addcmul`` and ``lerp`` into fused multiply-adds (measured: 4-25% of results
differ by an ulp from two rounded operations); the portable ("default") kernels
round every elementary operation once, as IEEE-754 and the engine do.

One more substitution, and only this one: float64 ``Tensor.sqrt`` in this torch
build goes through MKL's ``vdSqrt``, which is faithful (< 1 ulp) but not
correctly rounded (about 1.3% of inputs differ from IEEE ``sqrt``, whatever the
MKL mode).  The script replaces ``Tensor.sqrt``/``sqrt_`` by numpy's IEEE
``sqrt``; everything else is torch.optim's own single-tensor code
(``foreach=False``): operation order, lerp branches, bias corrections, buffers.

The gradient torch receives at each step is the engine's gradient at torch's own
current point (``p.grad`` assignment), through the same function the engine
path under test calls: ``fg(x, y, math)`` for the 2-D float path, the batched
``value_grad`` for the N-D path.  So any difference is the update rule's.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np
from optim_table import CASES, CHAOTIC, OptimCase

from optim_lab import get_surface
from optim_lab.surfaces import Surface2D, SurfaceND

TABLE_STEPS = 400
CHAOTIC_STEPS = 2000
# Learning-rate scale per surface (table rates are for Rosenbrock from (-1.2, 1)).
SURFACES = {"rosenbrock": ((-1.2, 1.0), 1.0), "himmelblau": ((1.0, 1.0), 10.0)}


@dataclass(frozen=True)
class Job:
    key: str
    case: OptimCase
    surface: str
    start: tuple[float, float]
    steps: int
    lr_scale: float
    path: str  # "float" (Surface2D.fg on floats) or "batched" (value_grad on (1, D))


def as_batched(s: Surface2D) -> SurfaceND:
    """The same 2-D maths behind the batched (numpy, per-row) run loop."""
    return SurfaceND(
        name=s.name, label=s.label, dim=2, bounds=s.bounds, critical_points=s.critical_points,
        vg=s.value_grad, hess_fn=s.hessian,
    )


def _jobs() -> list[Job]:
    jobs = []
    for path in ("float", "batched"):
        # the batched path on Rosenbrock only: the rule code is shared, the loop is not
        surfaces = SURFACES if path == "float" else ("rosenbrock",)
        for surface in surfaces:
            start, scale = SURFACES[surface]
            for case in CASES:
                key = f"{case.id}:{surface}:{path}"
                jobs.append(Job(key, case, surface, start, TABLE_STEPS, scale, path))
        for case, start in CHAOTIC:
            jobs.append(Job(f"{case.id}:rosenbrock:{path}", case, "rosenbrock", start,
                            CHAOTIC_STEPS, 1.0, path))
    return jobs


JOBS = _jobs()


def grad_function(job: Job):
    """(x, y) -> (gx, gy) exactly as the engine path of ``job`` computes it."""
    s2 = get_surface(job.surface)
    if job.path == "float":
        def grad(x: float, y: float):
            _, gx, gy = s2.fg(x, y, math)
            return gx, gy
        return grad
    snd = as_batched(s2)

    def grad_batched(x: float, y: float):
        g = snd.value_grad(np.array([[x, y]]))[1][0]
        return float(g[0]), float(g[1])
    return grad_batched


def _use_ieee_sqrt(torch) -> None:
    def sqrt(t):
        return torch.from_numpy(np.sqrt(t.detach().numpy()))

    def sqrt_(t):
        t.copy_(sqrt(t))
        return t

    torch.Tensor.sqrt = sqrt
    torch.Tensor.sqrt_ = sqrt_


def torch_positions(torch, job: Job) -> np.ndarray:
    grad = grad_function(job)
    p = torch.tensor(job.start, dtype=torch.float64)
    opt = job.case.make_torch([p], job.lr_scale)
    for group in opt.param_groups:
        group["foreach"] = False  # the single-tensor code path, explicitly
    out = np.empty((job.steps + 1, 2))
    out[0] = job.start
    for k in range(1, job.steps + 1):
        x, y = p.tolist()
        p.grad = torch.tensor(grad(x, y), dtype=torch.float64)
        if job.case.clip_norm is not None:
            torch.nn.utils.clip_grad_norm_([p], job.case.clip_norm)
        opt.step()
        out[k] = p.tolist()
        if not np.all(np.isfinite(out[k])):
            return out[: k + 1]
    return out


def main(argv: list[str]) -> int:
    import torch

    capability = torch.backends.cpu.get_cpu_capability()
    if capability != "DEFAULT":
        print(f"expected ATEN_CPU_CAPABILITY=default, torch runs {capability}", file=sys.stderr)
        return 2
    _use_ieee_sqrt(torch)
    results = {job.key: torch_positions(torch, job) for job in JOBS}
    np.savez(argv[1], **results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
