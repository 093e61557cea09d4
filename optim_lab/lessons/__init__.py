"""Guided lessons: data files with steps that set up a Surface Lab session, say what to do
and check, with a small declarative predicate language, that the learner did it.

The format is documented in :mod:`optim_lab.lessons.model`; checks in
:mod:`optim_lab.lessons.checks`; a learner's way through a lesson in
:mod:`optim_lab.lessons.progress`. Bundled lessons live in ``bundled/*.json`` (package
data). Qt-free.
"""

from __future__ import annotations

from .checks import CheckResult, evaluate
from .model import (
           LANGUAGES,
           Lesson,
           LessonError,
           Step,
           bundled_lessons,
           load_lesson,
           parse_lesson,
           text_in,
)
from .progress import LessonProgress

__all__ = ["LANGUAGES", "CheckResult", "Lesson", "LessonError", "LessonProgress", "Step",
           "bundled_lessons", "evaluate", "load_lesson", "parse_lesson", "text_in"]
