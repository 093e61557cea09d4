"""How a run ended, as one structure, and its one English sentence.

Every user-facing text about a run's end (the command line, exported files,
the Surface Lab and the N-D Lab, through their Qt translations) is rendered
from an :class:`Outcome`, so they all say the same thing.  The engine decides
*what* happened (:func:`outcome_of`, called when a run finishes); the views only
choose words.

Kinds:

- ``converged``  settled on a minimum (``point`` is the known minimum when one is
  listed, with ``is_global``, or the point of a continuum of minima reached, with its
  ``sharpness``; otherwise the end point).  A noisy run converges in a noise ball of
  radius ``noise_ball`` (see ``diagnosis.settled_center``);
- ``diverged``   left the runaway box or overflowed at step ``step``; ``reason``
  is ``"unbounded"`` when the surface has no minimum to find;
- ``stalled``    sits at or near a saddle, a maximum or a degenerate critical
  point (``critical``), for ``steps_near`` steps; ``resting`` when the
  gradient vanished there and the run stopped;
- ``max_steps``  still moving when the step budget ran out;
- ``not_moving`` could not move at all: ``reason`` ``"lr_zero"`` or ``"no_steps"``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["OUTCOME_KINDS", "Outcome", "describe_outcome", "format_number", "format_point",
           "format_radius"]

OUTCOME_KINDS = ("converged", "diverged", "stalled", "max_steps", "not_moving")


@dataclass(frozen=True)
class Outcome:
    """The end of one run, language-free.  Numbers are as computed (no rounding)."""

    kind: str  # one of OUTCOME_KINDS
    steps: int  # steps taken (points recorded - 1)
    steps_requested: int
    step: int | None  # diverged: the step that blew up; converged: first step for good within reach
    point: tuple[float, ...]  # the point named in the sentence
    point_is_known: bool  # a tabulated critical point (exact coordinates), not the end position
    critical: str | None  # minimum | saddle | maximum | degenerate (what the run sits at), or None
    is_global: bool | None  # for a known minimum
    steps_near: int  # steps spent near the saddle / maximum
    resting: bool  # stopped early on a zero gradient (it can never leave)
    loss: float  # last finite loss
    lr: float
    reason: str | None = None  # diverged: "unbounded"; not_moving: "lr_zero" | "no_steps"
    noise_ball: float | None = None  # converged with gradient noise: RMS radius around the centre
    sharpness: float | None = None  # converged on a continuum of minima: λ_max there

    @property
    def tone(self) -> str:
        """good / warn / bad / normal: how a view should colour the sentence."""
        if self.kind == "converged":
            return "warn" if self.is_global is False else "good"
        if self.kind == "diverged":
            return "warn" if self.reason == "unbounded" else "bad"
        if self.kind == "stalled":
            return "warn"
        return "normal"


def outcome_of(*, status: str, steps: int, steps_requested: int, diverged_at: int | None,
               converged_at: int | None, end_point: np.ndarray, loss: float, lr: float,
               classification: str, minimum, critical_point, steps_near: int,
               has_minimum: bool, noise_ball: float | None = None) -> Outcome:
    """Build the outcome from a finished run's facts (see ``runs._finish``).

    ``minimum`` is the known minimum reached (or None), ``critical_point`` the
    known saddle or maximum the run sits near (or None), ``classification`` the
    Hessian class at the end point; ``lr`` the largest learning rate the run used
    (its schedule's peak); ``noise_ball`` the radius a noisy run settled within.
    """
    end = tuple(float(v) for v in end_point)
    common = dict(steps=steps, steps_requested=steps_requested, loss=float(loss), lr=float(lr))
    if status == "diverged":
        return Outcome("diverged", step=diverged_at, point=end, point_is_known=False,
                       critical=None, is_global=None, steps_near=0, resting=False,
                       reason=None if has_minimum else "unbounded", **common)
    if steps_requested == 0 or lr == 0.0:
        return Outcome("not_moving", step=None, point=end, point_is_known=False, critical=None,
                       is_global=None, steps_near=0, resting=False,
                       reason="no_steps" if steps_requested == 0 else "lr_zero", **common)
    if status == "converged":
        known = minimum is not None
        return Outcome("converged", step=converged_at if converged_at is not None else steps,
                       point=tuple(minimum.point) if known else end, point_is_known=known,
                       critical="minimum", is_global=minimum.is_global if known else None,
                       steps_near=0, resting=False, noise_ball=noise_ball,
                       sharpness=getattr(minimum, "sharpness", None) if known else None,
                       **common)
    if status == "stalled":
        if critical_point is not None:
            kind, point, known = critical_point.kind, tuple(critical_point.point), True
        else:
            kind = classification if classification in ("saddle", "maximum", "degenerate") \
                else "saddle"
            point, known = end, False
        return Outcome("stalled", step=None, point=point, point_is_known=known, critical=kind,
                       is_global=None, steps_near=steps_near,
                       resting=steps < steps_requested, **common)
    return Outcome("max_steps", step=None, point=end, point_is_known=False, critical=None,
                   is_global=None, steps_near=0, resting=False, **common)


# --- the English rendering --------------------------------------------------------

def format_number(v: float, digits: int = 4) -> str:
    """Significant digits, no negative zero."""
    s = f"{v:.{digits}g}"
    return "0" if s in ("-0", "0") else s


def format_point(p: Sequence[float]) -> str:
    return "(" + ", ".join(format_number(float(v)) for v in p) + ")"


def format_radius(v: float) -> str:
    """Two significant digits, small values as 3.1e-4 (no padded exponent): a noise ball."""
    if v == 0 or 0.01 <= abs(v) < 1e4:
        return f"{v:.2g}"
    mantissa, exponent = f"{v:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def format_lr(v: float) -> str:
    """Short, exact-enough text for a learning rate: 0.01, 0.0025, 1.5e-05 (as the sliders)."""
    if v == 0 or 1e-3 <= abs(v) < 1e4:
        return f"{v:.4g}"
    return f"{v:.3g}"


def describe_outcome(o: Outcome, limit: float | None = None,
                     point: Callable[[Sequence[float]], str] = format_point) -> str:
    """One English sentence for logs, files and the command line.

    ``limit`` (the optimizer's stability limit at the start, if known) explains a
    divergence.  The GUI translates the same cases in ``app/outcome_text.py``:
    a new case here needs its translation there.
    """
    p = point(o.point)
    if o.kind == "not_moving":
        if o.reason == "no_steps":
            return "did not move: 0 steps requested"
        return "did not move: the learning rate is 0"
    if o.kind == "diverged":
        k = o.step
        if o.reason == "unbounded":
            return f"ran away at step {k} — this surface has no minimum: f falls without bound"
        if limit is not None and o.lr > limit:
            return (f"diverged at step {k} — learning rate {format_lr(o.lr)} is above the "
                    f"limit {format_lr(limit)}")
        if limit is not None:
            return (f"diverged at step {k} — learning rate {format_lr(o.lr)} is below the limit "
                    f"{format_lr(limit)} at the minimum, but the surface is steeper on the way")
        return f"diverged at step {k} — learning rate {format_lr(o.lr)} is too large here"
    if o.kind == "converged":
        ball = ("" if o.noise_ball is None
                else f", in a noise ball of radius {format_radius(o.noise_ball)}")
        if o.sharpness is not None:
            edge = f"2/lr = {format_number(2.0 / o.lr, 3)}" if o.lr > 0 else ""
            return (f"reached the minimum {p} of sharpness {format_number(o.sharpness, 3)} "
                    f"({edge}) in {o.step} steps{ball}")
        if not o.point_is_known:
            return f"converged to {p} in {o.step} steps{ball}"
        if o.is_global:
            return f"reached the global minimum {p} in {o.step} steps{ball}"
        return f"reached a local minimum {p} (not the global one) in {o.step} steps{ball}"
    if o.kind == "stalled":
        if o.resting:
            return {
                "saddle": f"came to rest on the saddle {p}: the gradient vanishes there",
                "maximum": f"came to rest on the maximum {p}: the gradient vanishes there",
            }.get(o.critical, f"came to rest on a degenerate critical point {p}: the gradient "
                              "vanishes there")
        if o.steps_near == 0:  # ended there without lingering (or flagged by its Hessian only)
            return {
                "saddle": f"stalled near the saddle {p}",
                "maximum": f"stalled near the maximum {p}",
            }.get(o.critical, f"stalled near a degenerate critical point {p}")
        return {
            "saddle": f"stalled near the saddle {p} for {o.steps_near} steps",
            "maximum": f"stalled near the maximum {p} for {o.steps_near} steps",
        }.get(o.critical, f"stalled near a degenerate critical point {p} for {o.steps_near} steps")
    return f"still moving after {o.steps} steps (loss {format_number(o.loss)})"
