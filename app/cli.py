"""The ``optim-lab`` console script: no command opens the app; commands run headless.

The engine's commands (run, sweep, surfaces, optimizers, deep) come from
``optim_lab.cli``; this module adds ``gui``, ``render`` and ``animate``, which need Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from optim_lab.cli import build_parser, dispatch, has_module

__all__ = ["main"]


def _launch(args) -> int:
    from app.main import launch

    return launch(args.qt_args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["gui"]
    parser = build_parser()
    sub = parser._optim_lab_sub
    g = sub.add_parser("gui", help="open the desktop app (the default)")
    g.add_argument("qt_args", nargs=argparse_remainder(), help="arguments passed to Qt")
    g.set_defaults(func=_launch)
    if has_module("app.render"):
        from app import render  # imports Qt only when a render runs

        render.register(sub)
    if has_module("app.animate"):
        from app import animate  # imports Qt only when an animation is made

        animate.register(sub)
    return dispatch(parser, argv)


def argparse_remainder() -> str:
    import argparse

    return argparse.REMAINDER


if __name__ == "__main__":
    raise SystemExit(main())
