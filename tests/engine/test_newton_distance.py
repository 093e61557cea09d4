"""The Newton-step distance ‖H⁻¹g‖ of the stall check: the 2 x 2 adjugate route against the
pseudo-inverse it replaced, and whole-run diagnoses unchanged by it."""

from __future__ import annotations

import numpy as np
import pytest

from optim_lab import OPTIMIZERS, diagnosis, get_surface, make_optimizer, run, surface_names


def _pinv_reference(H: np.ndarray, G: np.ndarray) -> np.ndarray:
    return np.linalg.norm(np.einsum("bij,bj->bi", np.linalg.pinv(H), G), axis=1)


def test_adjugate_matches_the_pseudo_inverse_well_conditioned_and_near_singular():
    rng = np.random.default_rng(7)
    A = rng.normal(size=(400, 2, 2))
    H = A + A.transpose(0, 2, 1)  # symmetric, as Hessians are
    H[:50] *= 10.0 ** rng.uniform(-8, 8, size=(50, 1, 1))  # any scale
    lam = rng.uniform(-1, 1, size=(100, 2))
    lam[:, 1] = lam[:, 0] * 10.0 ** rng.uniform(-18, -4, size=100)  # condition 1e4 ... 1e18
    Q = np.linalg.qr(rng.normal(size=(100, 2, 2)))[0]
    H[100:200] = np.einsum("bij,bj,bkj->bik", Q, lam, Q)
    H[200:210] = 0.0  # singular: the pseudo-inverse gives 0
    H[210:220] = [[1.0, 1.0], [1.0, 1.0]]  # rank one
    G = rng.normal(size=(400, 2))
    got = diagnosis._newton_distance(H, G)
    want = _pinv_reference(H, G)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=0)
    used_adjugate = np.abs(np.linalg.det(H)) > 1e-8 * np.abs(H).sum(axis=(1, 2)) ** 2
    assert 150 < used_adjugate.sum() < 400  # both routes were exercised


def test_non_finite_hessians_take_the_old_route():
    H = np.array([[[np.inf, 0.0], [0.0, 1.0]], [[2.0, 0.0], [0.0, 3.0]]])
    G = np.array([[1.0, 1.0], [2.0, 3.0]])
    with np.errstate(all="ignore"):
        try:
            want = _pinv_reference(H[:1], G[:1])
        except np.linalg.LinAlgError:
            want = None
        if want is None:
            with pytest.raises(np.linalg.LinAlgError):
                diagnosis._newton_distance(H, G)
        else:
            got = diagnosis._newton_distance(H, G)
            np.testing.assert_array_equal(np.isnan(got[:1]), np.isnan(want))
            assert got[1] == pytest.approx(np.hypot(1.0, 1.0))


SURFACES = surface_names(2)


@pytest.mark.parametrize("name", SURFACES)
def test_every_outcome_is_the_one_the_pseudo_inverse_gives(name, monkeypatch):
    """Runs of every optimizer at small to unstable rates: status, outcome, flags and end
    diagnosis equal with the adjugate route and with the pseudo-inverse everywhere."""
    s = get_surface(name)
    lo, hi = s.bounds[:, 0], s.bounds[:, 1]
    starts = [lo + f * (hi - lo) for f in (0.2, 0.55, 0.8)]
    cases = [(opt, lr, tuple(x0)) for opt in OPTIMIZERS for lr in (1e-3, 1e-2, 0.1)
             for x0 in starts]
    fast = [run(s, make_optimizer(o, lr=lr), x0, 300) for o, lr, x0 in cases]
    monkeypatch.setattr(diagnosis, "_newton_distance", _pinv_reference)
    slow = [run(s, make_optimizer(o, lr=lr), x0, 300) for o, lr, x0 in cases]
    for (o, lr, _), a, b in zip(cases, fast, slow, strict=True):
        assert a.outcome == b.outcome, (o, lr)
        assert a.end == b.end, (o, lr)
        np.testing.assert_array_equal(a.near_saddle, b.near_saddle)
