"""Every optimizer against its ``torch.optim`` class, step by step in float64.

Two kinds of torch reference run for every row of ``optim_table.CASES``:

- *p.grad assignment*: torch gets the engine's gradient at its own current
  point; this isolates the update rule (all surfaces);
- *autograd*: torch computes the gradient from its own copy of the surface
  formula (written here from the published formula); this checks rule and gradient
  together (Rosenbrock and Himmelblau; N-D gradients are checked against
  autograd in test_surfaces.py).

Each reference is compared with the engine's 2-D float path (``run`` on a
Surface2D) and its batched numpy path (``run_many`` on an N-D surface, all
table rows in one batch). Tolerance: max over steps of
||x_engine - x_torch||_inf / max(||x_torch||_inf, 1) <= 1e-10 (positions here
are O(1), so the floor of 1 only makes the test stricter near the origin).

Horizon and learning rates: 500 steps with rates well inside each method's
stability region from these starts (GD/momentum below 2/lambda_max and
2(1+beta)/lambda_max along the path). The runs contract or drift along a
valley, so rounding differences (torch fuses some multiply-adds; autograd
rounds differently from the analytic gradient) stay at 1e-16. Adaptive methods
are the exception, see ``ADAPTIVE`` below: their rates keep the 500 steps out
of the chaotic regime rather than shortening the horizon.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
import torch
from optim_table import CASE_IDS, CASES, PER_ROW, ROWS, OptimCase, covered_optimizers

from optim_lab import RunSettings, get_surface, make_optimizer, optimizer_names, run, run_many
from optim_lab.surfaces import Surface2D, SurfaceND
from optim_lab.surfaces.library_nd import make_rosenbrock_nd

STEPS = 500
TOL = 1e-10
NO_STOP = RunSettings(stop_on_convergence=False)


# --- torch formulas (published formulas, not from the engine) ----------------------------

def t_rosenbrock(p: torch.Tensor) -> torch.Tensor:
    x = p[..., :-1]
    y = p[..., 1:]
    return (100 * (y - x**2) ** 2 + (1 - x) ** 2).sum(-1)


def t_booth(p: torch.Tensor) -> torch.Tensor:
    x, y = p[..., 0], p[..., 1]
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def t_himmelblau(p: torch.Tensor) -> torch.Tensor:
    x, y = p[..., 0], p[..., 1]
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def _as_batched(s: Surface2D) -> SurfaceND:
    """The same maths behind the batched (numpy, per-row) run loop."""
    return SurfaceND(
        name=s.name, label=s.label, dim=2, bounds=s.bounds, critical_points=s.critical_points,
        vg=s.value_grad, hess_fn=s.hessian,
    )


# Adaptive methods normalise the gradient per coordinate, so near a minimum or
# across a narrow valley they jitter with steps ~lr whatever the curvature: that
# regime is chaotic (a 1-ulp difference in a gradient grows to 1e-3 within a
# few hundred steps; measured). Their rates are chosen so that the 500 steps end
# before it (Booth: lr 0.01 does not reach the bottom; Rosenbrock 5-D: a start
# on the outer slopes, away from the valley floor).
ADAPTIVE = frozenset({"adam", "adamw", "rmsprop", "adagrad"})


def lr_scale(case: OptimCase, surface_key: str) -> float:
    plain, adaptive = SURFACES[surface_key][3]
    return adaptive if case.name in ADAPTIVE else plain


# name -> (2-D surface or None, batched surface, start, (lr scale plain, adaptive), formula)
def _surfaces():
    rosen2 = get_surface("rosenbrock")
    booth = get_surface("booth")
    himmel = get_surface("himmelblau")
    return {
        "rosenbrock": (rosen2, make_rosenbrock_nd(2), (-1.2, 1.0), (1.0, 1.0), t_rosenbrock),
        "booth": (booth, _as_batched(booth), (-4.0, 7.0), (10.0, 1.0), t_booth),
        "himmelblau": (himmel, _as_batched(himmel), (1.0, 1.0), (10.0, 10.0), t_himmelblau),
        # 5-D: the chain couples every coordinate; only the batched path exists.
        "rosenbrock5": (None, get_surface("rosenbrock", dim=5), (-2.0, 2.5, -1.0, 2.5, -0.5),
                        (0.5, 0.1), t_rosenbrock),
    }


SURFACES = _surfaces()
AUTOGRAD_SURFACES = ("rosenbrock", "himmelblau")  # the N-D gradient: test_surfaces.py


@cache
def torch_trajectory(case_id: str, surface_key: str, mode: str) -> np.ndarray:
    """Positions (STEPS+1, D) of the torch.optim run; mode 'grad' or 'autograd'."""
    case = next(c for c in CASES if c.id == case_id)
    s2, snd, start, _, formula = SURFACES[surface_key]
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = case.make_torch([p], lr_scale(case, surface_key))
    out = np.empty((STEPS + 1, len(start)))
    out[0] = start
    for k in range(1, STEPS + 1):
        if mode == "grad":
            g = snd.grad(p.detach().numpy()[None, :])[0]
            p.grad = torch.from_numpy(np.ascontiguousarray(g))
        else:
            opt.zero_grad()
            formula(p).backward()
        if case.clip_norm is not None:
            torch.nn.utils.clip_grad_norm_([p], case.clip_norm)
        opt.step()
        out[k] = p.detach().numpy()
    assert np.all(np.isfinite(out))
    return out


@cache
def batched_runs(surface_key: str) -> dict[str, np.ndarray]:
    """All table rows as one batched ``run_many``: rows must not interfere."""
    _, snd, start, _, _ = SURFACES[surface_key]
    opts = [c.engine(lr_scale(c, surface_key)) for c in CASES]
    trajs = run_many(snd, opts, start, STEPS, NO_STOP)
    return {c.id: t for c, t in zip(CASES, trajs)}


def max_rel_dev(a: np.ndarray, b: np.ndarray) -> float:
    assert a.shape == b.shape, f"engine ran {a.shape[0] - 1} steps, torch {b.shape[0] - 1}"
    num = np.max(np.abs(a - b), axis=1)
    den = np.maximum(np.max(np.abs(b), axis=1), 1.0)
    return float(np.max(num / den))


def _check_moved(ref: np.ndarray) -> None:
    # A run that barely moves would pass any tolerance: insist on real progress.
    assert np.linalg.norm(ref[-1] - ref[0]) > 0.05


def test_table_covers_every_optimizer():
    assert covered_optimizers() == set(optimizer_names())
    # weight decay is exercised for every optimizer that takes it
    with_wd = {c.name for c in CASES if c.uses_weight_decay or c.name == "adamw"}
    assert with_wd == set(optimizer_names())
    assert any(c.name == "rmsprop" and c.hyper.get("momentum") for c in CASES)


@pytest.mark.parametrize("surface_key", ["rosenbrock", "booth", "himmelblau"])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_float_path_matches_torch_grad_assigned(case: OptimCase, surface_key: str):
    s2, _, start, _, _ = SURFACES[surface_key]
    ref = torch_trajectory(case.id, surface_key, "grad")
    traj = run(s2, case.engine(lr_scale(case, surface_key)), start, STEPS, NO_STOP)
    assert traj.status != "diverged"
    _check_moved(ref)
    assert max_rel_dev(traj.points, ref) <= TOL


@pytest.mark.parametrize("surface_key", ["rosenbrock", "booth", "himmelblau", "rosenbrock5"])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_batched_path_matches_torch_grad_assigned(case: OptimCase, surface_key: str):
    ref = torch_trajectory(case.id, surface_key, "grad")
    traj = batched_runs(surface_key)[case.id]
    assert traj.status != "diverged"
    _check_moved(ref)
    assert max_rel_dev(traj.points, ref) <= TOL


@pytest.mark.parametrize("surface_key", AUTOGRAD_SURFACES)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_matches_torch_autograd(case: OptimCase, surface_key: str):
    """Rule and gradient together: torch differentiates its own formula."""
    s2, _, start, _, _ = SURFACES[surface_key]
    ref = torch_trajectory(case.id, surface_key, "autograd")
    _check_moved(ref)
    batched = batched_runs(surface_key)[case.id]
    assert max_rel_dev(batched.points, ref) <= TOL
    if s2 is not None:
        traj = run(s2, case.engine(lr_scale(case, surface_key)), start, STEPS, NO_STOP)
        assert max_rel_dev(traj.points, ref) <= TOL


def test_float_and_batched_paths_agree_on_nd_rosenbrock_at_dim_2():
    """The 2-D Rosenbrock and the N-D one at D = 2 are the same function and runs."""
    s2, snd, start, _, _ = SURFACES["rosenbrock"]
    for case in CASES:
        a = run(s2, case.engine(), start, STEPS, NO_STOP).points
        b = batched_runs("rosenbrock")[case.id].points
        assert max_rel_dev(a, b) <= 1e-12, case.id


# --- per-row hyperparameters -------------------------------------------------------

def _scalar_row(name: str, i: int):
    return make_optimizer(name, **{k: float(v[i]) for k, v in PER_ROW[name].items()})


@pytest.mark.parametrize("name", list(PER_ROW))
def test_rows_of_a_batch_carry_their_own_hyperparameters(name: str):
    """``update`` on (B, D) with per-row values == B separate scalar runs."""
    surf = get_surface("rosenbrock", dim=3)
    # one start for every row: any difference between rows comes from the hyperparameters
    W0 = np.tile([-1.2, 1.0, 0.5], (ROWS, 1))
    opt = make_optimizer(name, **PER_ROW[name]).batched(ROWS)
    W, state = W0.copy(), opt.init(W0)
    singles = [_scalar_row(name, i) for i in range(ROWS)]
    w1 = [W0[i : i + 1].copy() for i in range(ROWS)]
    s1 = [o.init(w) for o, w in zip(singles, w1)]
    for t in range(1, 201):
        W, state = opt.update(W, surf.grad(W), state, t, np.sqrt)
        for i in range(ROWS):
            w1[i], s1[i] = singles[i].update(w1[i], surf.grad(w1[i]), s1[i], t, np.sqrt)
    assert W.shape == (ROWS, 3) and np.all(np.isfinite(W))
    # bitwise: per-row switches (momentum 0 in some RMSprop rows) follow torch row by row
    np.testing.assert_array_equal(W, np.vstack(w1))
    # rows really differ: each used its own values, not one row's broadcast
    assert len({tuple(np.round(r, 9)) for r in W}) == ROWS


@pytest.mark.parametrize("name", list(PER_ROW))
def test_one_batched_update_equals_row_updates_bitwise(name: str):
    """One step on 4 x 2000 random numbers: per-row switches (momentum 0 in some
    RMSprop rows, beta1 <= 0.5 in some Adam rows) must take each row's own torch
    formula; a 1-ulp difference anywhere fails."""
    rng = np.random.default_rng(7)
    W = rng.standard_normal((ROWS, 2000))
    G = rng.standard_normal((ROWS, 2000))
    opt = make_optimizer(name, **PER_ROW[name]).batched(ROWS)
    state = tuple(np.abs(rng.standard_normal((ROWS, 2000))) for _ in opt.init(W))
    for t in (1, 5):
        W1, S1 = opt.update(W, G, state, t, np.sqrt)
        for i in range(ROWS):
            single = _scalar_row(name, i)
            w, s = single.update(W[i], G[i], tuple(x[i] for x in state), t, np.sqrt)
            np.testing.assert_array_equal(W1[i], w, err_msg=f"row {i}, t={t}")
            for a, b in zip(S1, s):
                np.testing.assert_array_equal(a[i], b, err_msg=f"state, row {i}, t={t}")


def test_momentum_rows_match_torch_per_row():
    """The brief's example: per-row lr and momentum against one torch.SGD per row."""
    lrs = np.array([1e-4, 2e-4, 5e-5])
    betas = np.array([0.0, 0.5, 0.9])
    surf = make_rosenbrock_nd(2)
    opt = make_optimizer("momentum", lr=lrs, momentum=betas).batched(3)
    W = np.tile([-1.2, 1.0], (3, 1))
    state = opt.init(W)
    params = [torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True) for _ in lrs]
    topts = [torch.optim.SGD([p], lr=float(a), momentum=float(b)) for p, a, b in
             zip(params, lrs, betas)]
    for t in range(1, STEPS + 1):
        W, state = opt.update(W, surf.grad(W), state, t, np.sqrt)
        for p, o in zip(params, topts):
            o.zero_grad()
            t_rosenbrock(p).backward()
            o.step()
    ref = np.vstack([p.detach().numpy() for p in params])
    assert max_rel_dev(W, ref) <= TOL
