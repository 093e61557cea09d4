"""Every lab says what the command line says: one outcome, one sentence per language.

In English (no translator) the GUI's rendering of an outcome must equal the
engine's ``describe_outcome`` word for word (only the minus sign differs: the
GUI prints a real minus); with zh_CN loaded every sentence must be translated
and keep its numbers.
"""

from __future__ import annotations

import numpy as np
import pytest

from app.main import install_translators
from app.nd_lab.status import describe_nd
from app.outcome_text import fmt_point, outcome_text
from app.surface_lab.status import describe
from optim_lab import RunSettings, get_surface, make_optimizer, run
from optim_lab.dynamics import Dynamics
from optim_lab.outcome import describe_outcome

NO_STOP = RunSettings(stop_on_convergence=False)
MX = float(np.sort(np.roots([2.0, 0.0, -16.0, 2.5]).real)[1])  # Styblinski–Tang's maximum


def _runs():
    """(trajectory, limit) covering every sentence of describe_outcome."""
    booth, sty = get_surface("booth"), get_surface("styblinski_tang", dim=3)
    gd = lambda lr: make_optimizer("gd", lr=lr)  # noqa: E731
    return [
        (run(booth, gd(0.05), (-4.0, 7.0), 500), None),  # converged, known global minimum
        (run(get_surface("himmelblau"), gd(0.01), (-1.0, 1.0), 500), None),
        (run(get_surface("six_hump_camel"), gd(0.01), (2.0, 1.0), 800), None),  # maybe local
        (run(booth, gd(0.2), (-4.0, 7.0), 100), None),  # diverged, no limit
        (run(booth, gd(0.2), (-4.0, 7.0), 100), 2 / 18),  # above the limit
        (run(booth, gd(0.2), (-4.0, 7.0), 100), 0.5),  # below the limit
        (run(get_surface("saddle"), gd(0.1), (1.0, 1e-3), 400), None),  # ran away
        (run(get_surface("saddle"), gd(0.1), (1.0, 0.0), 300), None),  # rests on the saddle
        (run(get_surface("saddle"), gd(0.1), (1.0, 0.0), 300, NO_STOP), None),  # n steps
        (run(sty, gd(0.01), [MX] * 3, 100), None),  # rests on a maximum
        (run(sty, gd(0.01), [MX] * 3, 100, NO_STOP), None),  # near a maximum for n steps
        (run(get_surface("rosenbrock"), gd(1e-4), (-1.2, 1.0), 30), None),  # still moving
        (run(booth, gd(0.0), (-4.0, 7.0), 30), None),  # lr 0
        (run(booth, gd(0.05), (-4.0, 7.0), 0), None),  # 0 steps
        # training dynamics: a noise ball; a continuum of minima named by its sharpness
        (run(booth, gd(0.05), (-4.0, 7.0), 2000, dynamics=Dynamics(noise=1e-2, seed=1)), None),
        (run(get_surface("catapult"), gd(0.05), (4.0, 0.05), 2000), None),
        (run(get_surface("catapult"), gd(0.15), (4.0, 0.05), 2000,
             dynamics=Dynamics(noise=1e-4, seed=1)), None),
    ]


RUNS = _runs()


def test_the_cases_cover_every_kind_and_stall_variant():
    kinds = {(t.outcome.kind, t.outcome.critical, t.outcome.resting, t.outcome.reason)
             for t, _ in RUNS}
    assert {k[0] for k in kinds} == {"converged", "diverged", "stalled", "max_steps", "not_moving"}
    assert ("stalled", "maximum", True, None) in kinds and ("stalled", "saddle", True, None) in kinds
    assert ("stalled", "maximum", False, None) in kinds
    assert len({describe_outcome(t.outcome, lim) for t, lim in RUNS}) >= 12
    assert any(t.outcome.noise_ball is not None and t.outcome.sharpness is None for t, _ in RUNS)
    assert any(t.outcome.sharpness is not None and t.outcome.noise_ball is None for t, _ in RUNS)
    assert any(t.outcome.sharpness is not None and t.outcome.noise_ball is not None
               for t, _ in RUNS)


@pytest.mark.parametrize("i", range(len(RUNS)))
def test_english_gui_sentence_equals_the_engine_sentence(qapp, i):
    traj, limit = RUNS[i]
    engine = describe_outcome(traj.outcome, limit, point=fmt_point)
    text, tone = outcome_text(traj.outcome, limit)
    assert text == engine
    assert tone == traj.outcome.tone
    # the Surface Lab's entry point says the same, and the CLI's summary differs only in minus signs
    assert describe(traj, limit)[0] == text
    assert traj.summary(limit) == text.replace("−", "-")


def test_nd_lab_says_the_same_with_abbreviated_points(qapp):
    traj, _ = RUNS[10]  # near the Styblinski–Tang maximum in 3-D: points are not abbreviated
    assert describe_nd(traj)[0] == outcome_text(traj.outcome)[0]
    s = get_surface("nd_saddle", dim=8, negative=8)
    far = run(s, make_optimizer("gd", lr=0.05), np.zeros(8), 20)
    text = describe_nd(far)[0]
    assert text == "came to rest on the maximum (0, …, 0): the gradient vanishes there"


def test_every_sentence_is_translated_in_zh_cn(qapp):
    english = {i: outcome_text(t.outcome, lim)[0] for i, (t, lim) in enumerate(RUNS)}
    installed = install_translators(qapp, "zh_CN")
    try:
        assert installed
        for i, (traj, limit) in enumerate(RUNS):
            zh = outcome_text(traj.outcome, limit)[0]
            assert zh != english[i], english[i]
            assert not any(w in zh for w in ("stalled", "diverged", "moving", "minimum", "rest",
                                             "noise", "sharpness"))
            for num in (str(traj.outcome.step), fmt_point(traj.outcome.point)):
                if num in english[i]:
                    assert num in zh  # the numbers survive translation
    finally:
        for t in installed:
            qapp.removeTranslator(t)
