"""``optim-lab render``: draw a Surface Lab view to PNG or SVG without showing a window.

    optim-lab render --list
    optim-lab render --scenario saddle_stall --out saddle.png --width 1600 --height 1000
    optim-lab render --surface himmelblau --out himmelblau.svg

The view is the same widget the app shows (heatmap, contours, runs, legend,
colour bar), laid out offscreen at the requested size.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_SIZE = (1200, 900)


def register(subparsers) -> argparse.ArgumentParser:
    """Add the ``render`` subcommand to an argparse subparsers object."""
    p = subparsers.add_parser(
        "render", help="render a Surface Lab scenario to PNG/SVG (no window)",
        description="Render the Surface Lab view of a scenario to a PNG or SVG file, offscreen.")
    p.add_argument("--scenario", metavar="NAME",
                   help="scenario to render (see --list); omit for the default view")
    p.add_argument("--surface", metavar="NAME",
                   help="without --scenario: the surface to show with the default optimizers")
    p.add_argument("--out", metavar="FILE", help="output file ending in .png or .svg")
    p.add_argument("--width", type=int, default=DEFAULT_SIZE[0], help="width in pixels")
    p.add_argument("--height", type=int, default=DEFAULT_SIZE[1], help="height in pixels")
    p.add_argument("--list", action="store_true", help="list the scenarios and exit")
    p.set_defaults(func=run_render)
    return p


def _ensure_app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import PySide6  # noqa: F401
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["optim-lab-render"])


def render_view(out: str | Path, scenario: str | None = None,
                width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1],
                surface: str | None = None) -> Path:
    """Render the view to ``out``; raises ValueError/OSError with a clear message."""
    out = Path(out)
    if out.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"cannot render to {out.name}: the name must end in .png or .svg")
    if not (200 <= width <= 8000 and 150 <= height <= 8000):
        raise ValueError(f"size {width}x{height} is outside 200x150 … 8000x8000 pixels")
    app = _ensure_app()
    from PySide6.QtCore import Qt

    from optim_lab import surface_names

    from .surface_lab import SCENARIOS, SurfaceLab
    from .widgets.export import export_view

    if scenario is not None and scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; choose one of: {', '.join(SCENARIOS)}")
    if surface is not None and surface not in surface_names(2):
        raise ValueError(f"unknown surface {surface!r}; choose one of: "
                         f"{', '.join(surface_names(2))}")
    lab = SurfaceLab()
    if scenario is not None:
        lab.load_scenario(scenario, play=False)
    elif surface is not None:
        lab.set_surface(surface)
    lab.recompute_now()
    view = lab.view
    view.setParent(None)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(width, height)
    view.show()
    app.processEvents()
    lab.view.runs.set_position(lab.clock.steps)
    app.processEvents()
    try:
        return export_view(view.scene(), out, width)
    finally:
        import shiboken6

        # Delete now, while Python is alive (PySide6 can crash deleting widgets at exit).
        shiboken6.delete(view)
        shiboken6.delete(lab)


def run_render(args: argparse.Namespace) -> int:
    if args.list:
        _ensure_app()
        from .surface_lab import SCENARIOS

        for name, sc in SCENARIOS.items():
            print(f"{name:<18} {sc.tr_title()}")
        return 0
    if not args.out:
        print("optim-lab render: --out FILE is required (or --list)", file=sys.stderr)
        return 2
    try:
        path = render_view(args.out, args.scenario, args.width, args.height, args.surface)
    except (ValueError, OSError) as exc:
        print(f"optim-lab render: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0
