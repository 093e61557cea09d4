"""The engine's run outcome in the user's language: the one translation of
:func:`optim_lab.outcome.describe_outcome` for every lab.

Each case below mirrors one English sentence of ``describe_outcome`` (same
words, same placeholders), through ``QCoreApplication.translate`` with literal
texts so ``lupdate`` sees them.  Only the point format differs per lab.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication

from optim_lab.outcome import Outcome, format_lr, format_number, format_radius

translate = QCoreApplication.translate  # lupdate recognises translate("Context", "text")


def _num(v: float) -> str:
    return format_number(v).replace("-", "−")


def fmt_point(p: Sequence[float]) -> str:
    """(3, 2), (−2.805, 3.131): four significant digits, real minus signs."""
    return "(" + ", ".join(_num(float(v)) for v in p) + ")"


def _lr(v: float) -> str:
    return format_lr(v).replace("-", "−")


def outcome_text(o: Outcome, limit: float | None = None,
                 point: Callable[[Sequence[float]], str] = fmt_point) -> tuple[str, str]:
    """One translated status line and its tone (good, warn, bad, normal)."""
    return _sentence(o, limit, point), o.tone


def _sentence(o: Outcome, limit: float | None, point) -> str:
    p = point(o.point)
    if o.kind == "not_moving":
        if o.reason == "no_steps":
            return translate("RunStatus", "did not move: 0 steps requested")
        return translate("RunStatus", "did not move: the learning rate is 0")
    if o.kind == "diverged":
        k = o.step
        if o.reason == "unbounded":
            return translate(
                "RunStatus",
                "ran away at step {k} — this surface has no minimum: f falls without bound",
            ).format(k=k)
        if limit is not None and o.lr > limit:
            return translate(
                "RunStatus", "diverged at step {k} — learning rate {lr} is above the limit {limit}"
            ).format(k=k, lr=_lr(o.lr), limit=_lr(limit))
        if limit is not None:
            return translate(
                "RunStatus", "diverged at step {k} — learning rate {lr} is below the limit {limit} "
                "at the minimum, but the surface is steeper on the way",
            ).format(k=k, lr=_lr(o.lr), limit=_lr(limit))
        return translate(
            "RunStatus", "diverged at step {k} — learning rate {lr} is too large here"
        ).format(k=k, lr=_lr(o.lr))
    if o.kind == "converged":
        return _converged(o, p) + _noise_ball(o)
    if o.kind == "stalled":
        return _stalled(o, p)
    return translate("RunStatus", "still moving after {n} steps (loss {loss})").format(
        n=o.steps, loss=_num(o.loss))


def _converged(o: Outcome, p: str) -> str:
    if o.sharpness is not None:  # a continuum of minima: which one, by its sharpness vs 2/lr
        edge = "2/lr = " + _num3(2.0 / o.lr) if o.lr > 0 else ""
        return translate(
            "RunStatus", "reached the minimum {point} of sharpness {sharpness} ({edge}) in {n} "
            "steps").format(point=p, sharpness=_num3(o.sharpness), edge=edge, n=o.step)
    if not o.point_is_known:
        return translate("RunStatus", "converged to {point} in {n} steps").format(
            point=p, n=o.step)
    if o.is_global:
        return translate("RunStatus", "reached the global minimum {point} in {n} steps").format(
            point=p, n=o.step)
    return translate(
        "RunStatus", "reached a local minimum {point} (not the global one) in {n} steps"
    ).format(point=p, n=o.step)


def _noise_ball(o: Outcome) -> str:
    """A noisy run settles in a ball around the minimum, not on it: its radius."""
    if o.noise_ball is None:
        return ""
    return translate("RunStatus", ", in a noise ball of radius {radius}").format(
        radius=format_radius(o.noise_ball))  # > 0: a "-" is an exponent's, as in the CLI


def _num3(v: float) -> str:
    return format_number(v, 3)  # sharpness and 2/lr are > 0


def _stalled(o: Outcome, p: str) -> str:
    n = o.steps_near
    if o.resting:
        if o.critical == "saddle":
            text = translate("RunStatus", "came to rest on the saddle {point}: the gradient "
                             "vanishes there")
        elif o.critical == "maximum":
            text = translate("RunStatus", "came to rest on the maximum {point}: the gradient "
                             "vanishes there")
        else:
            text = translate("RunStatus", "came to rest on a degenerate critical point {point}: "
                             "the gradient vanishes there")
        return text.format(point=p)
    if n == 0:
        if o.critical == "saddle":
            text = translate("RunStatus", "stalled near the saddle {point}")
        elif o.critical == "maximum":
            text = translate("RunStatus", "stalled near the maximum {point}")
        else:
            text = translate("RunStatus", "stalled near a degenerate critical point {point}")
        return text.format(point=p)
    if o.critical == "saddle":
        text = translate("RunStatus", "stalled near the saddle {point} for {n} steps")
    elif o.critical == "maximum":
        text = translate("RunStatus", "stalled near the maximum {point} for {n} steps")
    else:
        text = translate("RunStatus", "stalled near a degenerate critical point {point} for {n} "
                         "steps")
    return text.format(point=p, n=n)
