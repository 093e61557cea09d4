"""``optim-lab animate``: the Surface Lab playback as a GIF, MP4, WebP or animated PNG, headless.

    optim-lab animate --scenario lr_too_large --out lr.gif
    optim-lab animate --experiment my.json --out my.mp4 --fps 30 --seconds 6 --width 960 --loss-plot

Every argument, the output path and the request's size (pixels to encode, memory at the
peak: :func:`optim_lab.animation.animation_bytes` against ``OPTIM_LAB_MEMORY_LIMIT``) are
checked before anything is built; progress goes to stderr about once a second; Ctrl-C
exits with status 130 and leaves no partial file. Exit status 2 for a usage error, 1 when
the file cannot be written.

The plane is the Surface Lab's own view laid out offscreen at ``--width`` × ``--height``
(default 3/4 of the width); ``--loss-plot`` adds the loss of every run against the step,
the current step marked, under it. Frames are made on this thread and encoded on another
behind a queue of four frames (:class:`optim_lab.animation.FrameEncoder`).
"""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

__all__ = ["animate", "register"]

QUEUE_DEPTH = 4


def register(subparsers) -> argparse.ArgumentParser:
    """Add the ``animate`` subcommand to an argparse subparsers object."""
    p = subparsers.add_parser(
        "animate", help="write a Surface Lab playback as GIF/MP4/WebP/APNG (no window)",
        description="Animate a scenario or experiment file's runs on their surface, offscreen. "
                    "The format follows --out: .gif, .mp4, .webp or .png (animated PNG).")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--scenario", metavar="NAME", help="scenario to animate (see render --list)")
    what.add_argument("--experiment", metavar="FILE", help="experiment file (.json) to animate")
    p.add_argument("--out", metavar="FILE", required=True,
                   help="output file ending in .gif, .mp4, .webp or .png")
    p.add_argument("--fps", type=int, default=30, help="frames per second (1 to 60)")
    p.add_argument("--seconds", type=float, default=6.0, help="duration in seconds")
    p.add_argument("--width", type=int, default=960, help="width in pixels (even)")
    p.add_argument("--height", type=int, default=None,
                   help="height of the surface in pixels (default: 3/4 of the width)")
    p.add_argument("--loss-plot", action="store_true",
                   help="draw the loss of every run against the step under the surface")
    p.set_defaults(func=run_animate)
    return p


def _plan(args: argparse.Namespace):
    """Check everything (no Qt yet): the session's experiment, spec, output path."""
    from optim_lab.animation import (
        MAX_SIDE,
        AnimationSpec,
        animation_bytes,
        check_animation_path,
    )
    from optim_lab.budget import check_memory
    from optim_lab.experiment import load_experiment

    from .widgets.animation_frames import frame_heights

    width = args.width
    if not 160 <= width <= MAX_SIDE:
        raise ValueError(f"--width {width} is outside 160 … {MAX_SIDE} pixels")
    width = width // 2 * 2
    height = args.height if args.height is not None else int(round(width * 0.75))
    if not 120 <= height <= MAX_SIDE:
        raise ValueError(f"--height {height} is outside 120 … {MAX_SIDE} pixels")
    plane, plot = frame_heights(width, height / width, args.loss_plot)
    spec = AnimationSpec(width, plane + plot, args.fps, args.seconds)
    experiment = None
    if args.scenario is not None:
        from .surface_lab.scenarios import SCENARIOS

        if args.scenario not in SCENARIOS:
            raise ValueError(f"unknown scenario {args.scenario!r}; choose one of: "
                             f"{', '.join(SCENARIOS)}")
    elif args.experiment is not None:
        experiment = load_experiment(args.experiment, dim=2)  # FileFormatError: exit 2
    out = check_animation_path(args.out)
    suffix = out.suffix.lower()
    spec.check_format(suffix)
    check_memory(animation_bytes(spec, suffix, QUEUE_DEPTH), f"a {spec.frames}-frame "
                 f"{spec.width}×{spec.height} animation", "lower --width or --seconds")
    return out, spec, plane, experiment


def animate(args: argparse.Namespace, progress=None) -> Path:
    """Write the animation ``args`` describe; returns its path."""
    out, spec, plane_height, experiment = _plan(args)
    from .render import _ensure_app

    app = _ensure_app()
    import shiboken6
    from PySide6.QtCore import Qt

    from optim_lab.animation import AnimationWriter, FrameEncoder
    from optim_lab.session import SurfaceSession

    from .surface_lab import SurfaceLab
    from .widgets.animation_frames import SurfaceLabFrames, compose_frame, frame_step

    session = SurfaceSession()
    if args.scenario is not None:
        session.load_scenario(args.scenario)
    elif experiment is not None:
        session.apply(experiment)
    else:
        session = SurfaceSession.with_default_runs()
    lab = SurfaceLab(session=session)
    lab.recompute_now()
    view = lab.view
    view.setParent(None)  # the lab is only the view's model here, as in `render`
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(spec.width, plane_height)
    view.show()
    app.processEvents()
    source = SurfaceLabFrames(lab)
    panel = (source.loss_panel(spec.width, spec.height - plane_height)
             if spec.height > plane_height else None)
    encoder = FrameEncoder(AnimationWriter(out, spec), QUEUE_DEPTH)
    # Ctrl-C only sets a flag: a KeyboardInterrupt raised inside Qt's painting (a Python
    # override called from C++) is swallowed there or crashes the interpreter.
    interrupted: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda *_: interrupted.append(1)) \
        if threading.current_thread() is threading.main_thread() else None
    try:
        for i in range(spec.frames):
            if interrupted:
                raise KeyboardInterrupt
            step = frame_step(i, spec.frames, lab.clock.steps)
            lab.clock.seek(step)
            app.processEvents()
            encoder.put(compose_frame(source.grab(), panel, step, spec.width, plane_height,
                                      spec.height))
            if progress is not None:
                progress(encoder.encoded, spec.frames)
        if interrupted:
            raise KeyboardInterrupt
        return encoder.finish()
    except BaseException:  # Ctrl-C, an encoder or paint error: no partial file
        encoder.cancel()
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        shiboken6.delete(view)  # now, while Python is alive (PySide6 can crash at exit)
        shiboken6.delete(lab)


def run_animate(args: argparse.Namespace) -> int:
    """Exit status 0 on success; ``ValueError`` (2) and ``OSError`` (1) go to the dispatcher."""
    from optim_lab.cli import Progress

    path = animate(args, Progress("optim-lab animate", unit="frames"))
    print(path)
    return 0
