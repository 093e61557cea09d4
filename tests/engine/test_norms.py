"""Scale-safe norms and refused non-finite starts (issue 8, item 4)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from optim_lab import get_surface, make_optimizer, run
from optim_lab.norms import row_norms, vector_norm
from optim_lab.surfaces import SurfaceND


@pytest.mark.parametrize("scale", [1e-300, 1e-170, 1e-20, 1.0, 1e20, 1e160, 1e300])
def test_row_norms_match_math_hypot_at_every_scale(scale):
    rng = np.random.default_rng(3)
    A = rng.standard_normal((50, 7)) * scale
    expected = np.array([math.hypot(*row) for row in A])  # correctly scaled in CPython
    np.testing.assert_allclose(row_norms(A), expected, rtol=4e-16 * 7)
    with np.errstate(all="ignore"):
        naive = np.sqrt(np.einsum("ij,ij->i", A, A))
    if scale >= 1e160 or scale <= 1e-170:  # the naive square really breaks here
        assert not np.allclose(naive, expected, rtol=1e-6, atol=0.0)


def test_row_norms_of_zero_and_non_finite_rows():
    out = row_norms(np.array([[0.0, 0.0], [np.inf, 1.0], [np.nan, 1.0], [-3.0, 4.0]]))
    assert out[0] == 0.0 and out[1] == np.inf and np.isnan(out[2]) and out[3] == 5.0
    assert vector_norm([3e200, 4e200]) == pytest.approx(5e200, rel=1e-15)


def test_huge_start_on_rosenbrock_3d_reports_a_finite_gradient_norm():
    """Issue 8: --dim 3 --start 1e51,1,1 gave grad_norms[0] = inf (|g|^2 overflowed)."""
    surf = get_surface("rosenbrock", dim=3)
    start = (1e51, 1.0, 1.0)
    traj = run(surf, make_optimizer("gd", lr=1e-3), start, 50)
    g = surf.grad(np.array([start]))[0]
    with np.errstate(over="ignore"):
        assert np.all(np.isfinite(g)) and not np.isfinite(g @ g)  # the case really overflows
    assert np.all(np.isfinite(traj.grad_norms))
    assert traj.grad_norms[0] == pytest.approx(math.hypot(*g), rel=1e-15)
    assert traj.status == "diverged" and traj.diverged_at == 1


def test_a_start_where_f_overflows_is_refused_as_such():
    surf = get_surface("rosenbrock", dim=3)
    with pytest.raises(ValueError, match=r"not finite at the start \(1e\+100, 1, 1\): f = inf"):
        run(surf, make_optimizer("gd", lr=1e-3), (1e100, 1.0, 1.0), 5)


def test_a_start_where_only_the_gradient_overflows_is_refused_as_such():
    def vg(X):
        return np.zeros(len(X)), np.where(X > 1.0, np.inf, X)

    surf = SurfaceND(name="steep", label="steep", dim=2,
                     bounds=np.array([[-2.0, 2.0], [-2.0, 2.0]]), critical_points=(),
                     vg=vg, hess_fn=lambda X: np.zeros((len(X), 2, 2)))
    with pytest.raises(ValueError, match="the gradient of steep is not finite at the start"):
        run(surf, make_optimizer("gd", lr=1e-3), (1.5, 0.0), 5)
    assert run(surf, make_optimizer("gd", lr=1e-3), (0.5, 0.0), 5).steps == 5
