"""Fast map paths: separable surfaces (1-D sequences per start coordinate) and the
gradient-only step evaluators give exactly what the row-by-row loop gives."""

from __future__ import annotations

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer, surface_names
from optim_lab.maps import MapCancelled, _run_rows, run_batch
from optim_lab.maps_separable import applies, separable_batch
from optim_lab.runs import DEFAULT_SETTINGS, RUNAWAY_FACTOR, RunSettings

FIELDS = ("final_points", "final_losses", "labels", "steps_taken")


def _grid(surface, n: int, widen: float = 1.0) -> np.ndarray:
    (x0, x1), (y0, y1) = surface.center[:, None] + widen * (
        surface.bounds - surface.center[:, None])
    XX, YY = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return np.column_stack([XX.ravel(), YY.ravel()])


def _row_loop(surface, opt, starts, steps, settings=DEFAULT_SETTINGS):
    return _run_rows(surface, opt, starts, steps, settings=settings, should_stop=None,
                     check_every=25, progress=None)


def _assert_same(a, b) -> None:
    for name in FIELDS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


@pytest.mark.parametrize("name, opt, steps, widen", [
    ("rastrigin", make_optimizer("momentum", lr=0.002, momentum=0.9), 400, 1.0),
    ("rastrigin", make_optimizer("gd", lr=0.004), 300, 1.0),
    ("rastrigin", make_optimizer("adam", lr=0.02, amsgrad=True, weight_decay=0.01), 400, 1.0),
    ("quadratic", make_optimizer("nesterov", lr=0.05, momentum=0.3), 300, 1.0),
    ("saddle", make_optimizer("gd", lr=0.1), 40, 1.0),  # stalls on y = 0, diverges elsewhere
    ("styblinski_tang", make_optimizer("rmsprop", lr=0.05, momentum=0.5), 300, 1.0),
    ("two_wells", make_optimizer("adagrad", lr=0.5), 300, 1.0),
    ("two_wells", make_optimizer("gd", lr=0.2), 100, 1.0),  # large steps: some diverge
    ("quartic_saddle", make_optimizer("adamw", lr=0.02), 300, 1.0),
    ("quartic_saddle", make_optimizer("momentum", lr=0.1, momentum=0.5), 1000, 1.0),
    ("quartic_bowl", make_optimizer("gd", lr=0.004), 100, 3.0),  # steep far out: diverges
])
def test_separable_maps_equal_the_row_loop_bit_for_bit(name, opt, steps, widen):
    s = get_surface(name)
    starts = _grid(s, 40, widen)
    assert applies(s, opt, starts)
    fast = separable_batch(s, opt, starts, steps, settings=DEFAULT_SETTINGS)
    assert fast is not None
    slow = _row_loop(s, opt, starts, steps)
    _assert_same(fast, slow)
    # the case is not trivially uniform: several outcomes, or runs ending at many steps
    assert len(np.unique(slow.labels)) >= 2 or len(np.unique(slow.steps_taken)) >= 10
    if name != "quartic_saddle":  # Adam(W) there never meets the early stop in 300 steps
        assert (slow.steps_taken < steps).any()  # early stops or divergence exercised


def test_separable_path_without_early_stop_and_with_odd_starts():
    """Rows in any order, repeated coordinates, −0.0 beside 0.0, a non-finite start."""
    s = get_surface("rastrigin")
    rng = np.random.default_rng(5)
    xs = np.concatenate([rng.uniform(-5, 5, 30), [0.0, -0.0]])
    starts = np.column_stack([rng.choice(xs, 2000), rng.choice(xs, 2000)])
    starts[7] = (np.nan, 1.0)
    starts[8] = (np.inf, 0.0)
    opt = make_optimizer("momentum", lr=0.003, momentum=0.8)
    for settings in (DEFAULT_SETTINGS, RunSettings(stop_on_convergence=False)):
        fast = separable_batch(s, opt, starts, 250, settings=settings)
        assert fast is not None
        _assert_same(fast, _row_loop(s, opt, starts, 250, settings))
    assert fast.steps_taken[7] == 0 and fast.steps_taken[8] == 0


def test_run_batch_takes_the_separable_path_only_where_it_is_exact():
    s = get_surface("rastrigin")
    starts = _grid(s, 32)
    per_row = make_optimizer("gd", lr=np.full(len(starts), 0.01))
    clipped = make_optimizer("gd", lr=0.01, clip_norm=1.0)  # couples x and y
    assert not applies(s, per_row, starts) and not applies(s, clipped, starts)
    assert not applies(get_surface("himmelblau"), make_optimizer("gd"), starts)
    few_shared = np.random.default_rng(0).uniform(-5, 5, (500, 2))  # no shared coordinates
    assert separable_batch(s, make_optimizer("gd"), few_shared, 10,
                           settings=DEFAULT_SETTINGS) is None
    for opt in (per_row, clipped):
        _assert_same(run_batch(s, opt, starts, 120), _row_loop(s, opt, starts, 120))


def test_separable_path_reports_progress_and_can_be_cancelled():
    s = get_surface("rastrigin")
    opt = make_optimizer("gd", lr=0.01)
    seen: list[int] = []
    run_batch(s, opt, _grid(s, 32), 100, progress=lambda t, n: seen.append(t))
    assert seen == [25, 50, 75, 100]
    with pytest.raises(MapCancelled):
        run_batch(s, opt, _grid(s, 32), 100, should_stop=lambda: True)


def _library_with(attr: str) -> list:
    return [n for n in surface_names() if getattr(get_surface(n), attr, None)]


def _points_in_runaway_box(s, n: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    lo = s.center - RUNAWAY_FACTOR * 0.5 * (s.bounds[:, 1] - s.bounds[:, 0])
    hi = 2 * s.center - lo
    P = rng.uniform(lo, hi, (n, 2))
    near = rng.uniform(s.bounds[:, 0], s.bounds[:, 1], (n, 2))  # where runs live
    corners = np.array([[lo[0], lo[1]], [lo[0], hi[1]], [hi[0], lo[1]], [hi[0], hi[1]]])
    specials = np.array([[0.0, -0.0], [-0.0, 0.0], [1e-300, -1e-300]])
    P = np.vstack([P, near, corners, specials])
    return P[:, 0].copy(), P[:, 1].copy()


@pytest.mark.parametrize("name", _library_with("grad_fn"))
def test_gradient_only_evaluators_are_fg_bit_for_bit_and_the_value_stays_finite(name):
    s = get_surface(name)
    x, y = _points_in_runaway_box(s)
    with np.errstate(all="ignore"):
        f, gx, gy = s.fg(x, y, np)
        hx, hy = s.grad_fn(x.copy(), y.copy())
        # outside the box too, and at non-finite points: still fg's gradient bits
        big = np.array([1e200, -1e200, np.inf, np.nan, 1e155])
        _, bx, by = s.fg(big, big[::-1].copy(), np)
        cx, cy = s.grad_fn(big, big[::-1].copy())
    for want, got in ((gx, hx), (gy, hy), (bx, cx), (by, cy)):
        np.testing.assert_array_equal(np.broadcast_to(got, np.shape(want)).view(np.int64),
                                      np.broadcast_to(want, np.shape(want)).view(np.int64))
    finite_g = np.isfinite(gx) & np.isfinite(gy)
    assert finite_g.all() and np.isfinite(f).all()  # the contract step_fg relies on
    assert s.step_fg(x, y)[0] == 0.0


@pytest.mark.parametrize("name", _library_with("separable"))
def test_separable_surfaces_have_per_coordinate_gradients(name):
    """gx must not depend on y (nor gy on x), bit for bit, and ∂²f/∂x∂y = 0."""
    s = get_surface(name)
    x, y = _points_in_runaway_box(s, 500)
    rng = np.random.default_rng(2)
    with np.errstate(all="ignore"):
        _, gx1, gy1 = s.fg(x, y, np)
        _, gx2, _ = s.fg(x, rng.permutation(y), np)
        _, _, gy2 = s.fg(rng.permutation(x), y, np)
        _, hxy, _ = s.hess(x, y, np)
    np.testing.assert_array_equal(np.broadcast_to(gx1, x.shape), np.broadcast_to(gx2, x.shape))
    np.testing.assert_array_equal(np.broadcast_to(gy1, x.shape), np.broadcast_to(gy2, x.shape))
    assert np.all(np.asarray(hxy) == 0.0)
