"""``optim-lab render``: draw a Surface Lab view to PNG or SVG without showing a window.

    optim-lab render --list
    optim-lab render --scenario saddle_stall --out saddle.png --width 1600 --height 1000
    optim-lab render --surface himmelblau --out himmelblau.svg

Every argument and the output path are checked before anything is built;
exit status 2 for a usage error, 1 when the file cannot be written or the
figure could not be painted (never 0 with something missing).

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


def check_output_path(out: str | os.PathLike) -> Path:
    """The file to write, checked before any work: a .png/.svg name (``ValueError``) in an
    existing, writable folder (``OSError``)."""
    text = os.fspath(out)
    if not text.strip():
        raise ValueError("--out needs a file name, got an empty one")
    if text.endswith(("/", os.sep)):
        raise ValueError(f"--out {text!r} names a folder; give a file ending in .png or .svg")
    path = Path(text)
    if path.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"cannot render to {path.name}: the name must end in .png or .svg")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise IsADirectoryError(f"cannot write {path}: it is a folder")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise PermissionError(f"cannot write {path}: permission denied")
    return path


def check_request(out: str | os.PathLike, scenario: str | None, width: int, height: int,
                  surface: str | None) -> Path:
    """Validate every argument and the output path; nothing is built or drawn here."""
    from optim_lab import surface_names

    from .widgets.export import check_image_size

    if scenario is not None and surface is not None:
        raise ValueError("give --scenario or --surface, not both (a scenario sets its own surface)")
    if not (200 <= width <= 8000 and 150 <= height <= 8000):
        raise ValueError(f"size {width}x{height} is outside 200x150 … 8000x8000 pixels")
    check_image_size(width, height)
    if surface is not None and surface not in surface_names(2):
        raise ValueError(f"unknown surface {surface!r}; choose one of: "
                         f"{', '.join(surface_names(2))}")
    if scenario is not None:
        from .surface_lab.scenarios import SCENARIOS

        if scenario not in SCENARIOS:
            raise ValueError(f"unknown scenario {scenario!r}; choose one of: "
                             f"{', '.join(SCENARIOS)}")
    return check_output_path(out)


def render_view(out: str | Path, scenario: str | None = None,
                width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1],
                surface: str | None = None) -> Path:
    """Render the view to ``out``.

    Raises ``ValueError`` for bad arguments and ``OSError`` for the output (including
    :class:`~app.widgets.export.PaintError` when the figure could not be painted),
    all before the file is touched.
    """
    out = check_request(out, scenario, width, height, surface)
    app = _ensure_app()
    from PySide6.QtCore import Qt

    from optim_lab.session import SurfaceSession

    from .surface_lab import SurfaceLab
    from .widgets.export import export_view

    # The figure is drawn from a headless session: the lab is only its view.
    if scenario is not None:
        session = SurfaceSession()
        session.load_scenario(scenario)
    else:
        session = SurfaceSession.with_default_runs(surface)
    lab = SurfaceLab(session=session)
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
    """Exit status 0 on success, 2 for a usage error, 1 when the file cannot be written."""
    if args.list:
        _ensure_app()
        from .surface_lab import SCENARIOS

        for name, sc in SCENARIOS.items():
            print(f"{name:<18} {sc.tr_title()}")
        return 0
    if args.out is None:
        print("optim-lab render: error: --out FILE is required (or --list)", file=sys.stderr)
        return 2
    try:
        path = render_view(args.out, args.scenario, args.width, args.height, args.surface)
    except ValueError as exc:
        print(f"optim-lab render: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"optim-lab render: error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0
