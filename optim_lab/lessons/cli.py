"""``optim-lab lessons --list`` (titles in the current language) and ``--check FILE``."""

from __future__ import annotations

import argparse
import os

from .model import bundled_lessons, load_lesson, text_in

__all__ = ["register"]


def current_language() -> str:
    """``$OPTIM_LAB_LANG``, else the locale of ``$LC_ALL`` / ``$LC_MESSAGES`` / ``$LANG``."""
    for var in ("OPTIM_LAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX"):
            return value.split(".")[0]
    return "en"


def _cmd_lessons(args) -> int:
    lang = args.lang or current_language()
    if args.check:
        lesson = load_lesson(args.check)  # a LessonError is a ValueError: exit 2, one line
        print(f"{args.check}: ok — {lesson.id}: {lesson.title_in(lang)} "
              f"({len(lesson.steps)} step{'s' if len(lesson.steps) != 1 else ''})")
        return 0
    for lesson in bundled_lessons():
        print(f"{lesson.id:16s} {lesson.title_in(lang)}  ({len(lesson.steps)})")
        if args.verbose and lesson.summary:
            print(f"{'':16s} {text_in(lesson.summary, lang)}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lessons", help="list the guided lessons or validate a lesson file")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--list", action="store_true", help="list the bundled lessons (the default)")
    g.add_argument("--check", metavar="FILE", help="validate a lesson file (exit 2 naming the problem)")
    p.add_argument("--lang", choices=("en", "zh_CN"), help="language of the titles "
                   "(default: $OPTIM_LAB_LANG or the locale)")
    p.add_argument("-v", "--verbose", action="store_true", help="also print each summary")
    p.set_defaults(func=_cmd_lessons)
