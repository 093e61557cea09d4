"""A learner going through one lesson on a :class:`~optim_lab.session.SurfaceSession`.

``LessonProgress(lesson, session)`` remembers the session's state (an
:class:`~optim_lab.experiment.Experiment`) and applies the first step's setup;
``check()`` evaluates the current step on the session as the learner left it;
``next()`` moves on only when the check passes; ``back()`` and ``reset()`` re-apply
setups; ``leave()`` puts the remembered state back. Qt-free: the app's lessons panel
drives one of these and re-checks when the session's signals fire.

A Deep Stack Lab lesson (``lesson.lab == "deep"``) runs on a :class:`DeepTarget` instead of
a session: anything that reports a :class:`~optim_lab.deep.state.DeepStackState`, takes a
:class:`~optim_lab.deep.state.DeepSetup` and gives back the one in force (the app's Deep
Stack Lab; a plain object in tests).
"""

from __future__ import annotations

from typing import Protocol

from ..deep.state import DeepSetup, DeepStackState
from ..session import SurfaceSession
from .checks import CheckResult, evaluate
from .model import Lesson, Step

__all__ = ["DeepTarget", "LessonProgress"]


class DeepTarget(Protocol):
    def deep_state(self) -> DeepStackState: ...
    def deep_snapshot(self) -> DeepSetup: ...
    def apply_deep_setup(self, setup: DeepSetup) -> None: ...


class LessonProgress:
    def __init__(self, lesson: Lesson, session: SurfaceSession | DeepTarget) -> None:
        self.lesson, self.session = lesson, session
        self.before = self._snapshot()
        self.index = 0
        self.left = False
        self._apply_setup(0)

    @property
    def deep(self) -> bool:
        return self.lesson.lab == "deep"

    def _snapshot(self):
        return self.session.deep_snapshot() if self.deep else self.session.to_experiment()

    def _apply(self, setup) -> None:
        if self.deep:
            self.session.apply_deep_setup(setup)
        else:
            self.session.apply(setup)

    @classmethod
    def resume(cls, other: LessonProgress, session: SurfaceSession) -> LessonProgress:
        """The same lesson, step and remembered state on ``session`` (already in the learner's
        state: nothing is applied) — a rebuilt window taking a running lesson over."""
        p = cls.__new__(cls)
        p.lesson, p.session, p.before = other.lesson, session, other.before
        p.index, p.left = other.index, False
        return p

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    @property
    def count(self) -> int:
        return len(self.lesson.steps)

    @property
    def is_last(self) -> bool:
        return self.index == self.count - 1

    def check(self, lang: str = "en") -> CheckResult:
        if self.deep:
            from .deep_checks import evaluate_deep

            return evaluate_deep(self.step.check, self.session.deep_state(), lang)
        return evaluate(self.step.check, self.session, lang)

    def _apply_setup(self, index: int) -> None:
        """The setup in force at ``index``: its own, else the nearest earlier one, when going
        back (going forward, a step without setup continues from the learner's state)."""
        for k in range(index, -1, -1):
            setup = self.lesson.steps[k].setup
            if setup is not None:
                self._apply(setup)
                return

    def reapply(self) -> None:
        """Apply the setup in force at the current step again (a rebuilt lab taking over)."""
        self._apply_setup(self.index)

    def next(self) -> bool:
        """Go to the next step if this one's check passes; False (nothing changes) otherwise."""
        if self.is_last or not self.check().passed:
            return False
        self.index += 1
        if self.step.setup is not None:
            self._apply(self.step.setup)
        return True

    def back(self) -> bool:
        if self.index == 0:
            return False
        self.index -= 1
        self._apply_setup(self.index)
        return True

    def reset(self) -> None:
        self.index = 0
        self._apply_setup(0)

    def leave(self) -> None:
        """Restore the session as it was before the lesson."""
        if not self.left:
            self._apply(self.before)
            if not self.deep:  # maps the learner turned on go too (apply keeps them: a file
                # without a "map" section leaves the maps as they are)
                self.session.set_map_settings(self.before.map)
            self.left = True
