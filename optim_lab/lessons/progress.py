"""A learner going through one lesson on a :class:`~optim_lab.session.SurfaceSession`.

``LessonProgress(lesson, session)`` remembers the session's state (an
:class:`~optim_lab.experiment.Experiment`) and applies the first step's setup;
``check()`` evaluates the current step on the session as the learner left it;
``next()`` moves on only when the check passes; ``back()`` and ``reset()`` re-apply
setups; ``leave()`` puts the remembered state back. Qt-free: the app's lessons panel
drives one of these and re-checks when the session's signals fire.
"""

from __future__ import annotations

from ..session import SurfaceSession
from .checks import CheckResult, evaluate
from .model import Lesson, Step

__all__ = ["LessonProgress"]


class LessonProgress:
    def __init__(self, lesson: Lesson, session: SurfaceSession) -> None:
        self.lesson, self.session = lesson, session
        self.before = session.to_experiment()
        self.index = 0
        self.left = False
        self._apply_setup(0)

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
        return evaluate(self.step.check, self.session, lang)

    def _apply_setup(self, index: int) -> None:
        """The setup in force at ``index``: its own, else the nearest earlier one, when going
        back (going forward, a step without setup continues from the learner's state)."""
        for k in range(index, -1, -1):
            setup = self.lesson.steps[k].setup
            if setup is not None:
                self.session.apply(setup)
                return

    def next(self) -> bool:
        """Go to the next step if this one's check passes; False (nothing changes) otherwise."""
        if self.is_last or not self.check().passed:
            return False
        self.index += 1
        if self.step.setup is not None:
            self.session.apply(self.step.setup)
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
            self.session.apply(self.before)
            self.left = True
