"""``optim-lab basins | hyper`` (also ``optim-lab map basins | hyper``): maps from the
command line, written as JSON, CSV or a PNG picture.

    optim-lab basins --surface himmelblau --optimizer gd --lr 0.01 --grid 256 \\
        --range -5,5,-5,5 --steps 500 --out basins.png
    optim-lab hyper --surface booth --optimizer momentum --start=-6,-4 \\
        --lr-range 0.001:0.5:128 --beta-range 0:0.99:64 --steps 1000 --out hyper.csv

``basins --range`` is the box of starts (with ``--expr`` also the plotting range of
the expression); ``map basins`` calls it ``--box`` and keeps ``--range`` for the
expression alone.  ``hyper`` without ``--beta-range`` is a learning-rate sweep at the
optimizer's own β.  Both take ``run``'s training-dynamics flags (``--noise``,
``--noise-relative``, ``--seed``, ``--schedule``, ``--clip``, ``--amsgrad``): every cell
is the single run with them (one seed for all cells), and the file records them.  The
output path is checked and the request sized against the
memory budget before any work; the data formats are :mod:`optim_lab.maps_file`, the
pictures :mod:`optim_lab.maps_png` (the Surface Lab's colours).
"""

from __future__ import annotations

import argparse
import sys

from .budget import check_memory
from .maps import BETA_NAMES, MAX_GRID, basin_map, estimate_bytes, hyper_map
from .maps_dynamics import noise_window
from .maps_file import MAP_SUFFIXES, map_document, save_map
from .maps_png import picture_bytes, save_png

OUT_SUFFIXES = MAP_SUFFIXES + (".png",)

__all__ = ["register"]


def _cli():
    """The running ``optim_lab.cli`` (also under ``python -m optim_lab.cli``, where it is
    ``__main__``), so its errors are the class its ``dispatch`` catches."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name == "optim_lab.cli":
        return main
    from . import cli

    return cli


def _common(p: argparse.ArgumentParser, range_is_box: bool = False) -> None:
    if range_is_box:
        which = p.add_mutually_exclusive_group(required=True)
        which.add_argument("--surface", help="surface name (see `optim-lab surfaces`)")
        which.add_argument("--expr", help='your own f(x, y), e.g. "x**2 + 3*y**2"')
        p.add_argument("--range", help="box of starts XMIN,XMAX,YMIN,YMAX (default: the "
                       "plotting box; with --expr also its plotting range, default -3,3,-3,3)")
    else:
        _cli()._add_surface_options(p)
    p.add_argument("--kappa", type=float, help="condition number of the quadratic")
    p.add_argument("--optimizer", required=True, help="optimizer name (see `optim-lab optimizers`)")
    p.add_argument("--lr", type=float, help="learning rate (basins)")
    p.add_argument("--momentum", type=float, help="momentum beta (momentum, nesterov, rmsprop)")
    p.add_argument("--betas", help="Adam betas B1,B2")
    p.add_argument("--eps", type=float, help="epsilon (adaptive methods)")
    p.add_argument("--weight-decay", type=float, dest="weight_decay")
    p.add_argument("--alpha", type=float, help="RMSprop smoothing constant")
    p.add_argument("--steps", type=int, default=500, help="steps per run (default 500)")
    p.add_argument("--out", required=True, help="output .json, .csv or .png (a picture)")
    _cli()._add_dynamics_options(p)
    p.set_defaults(dim=2, negative=None)


def _basins_parser(parent, top_level: bool) -> None:
    b = parent.add_parser("basins", help="where every start of a grid ends (basins of attraction)")
    _common(b, range_is_box=top_level)
    b.add_argument("--grid", type=int, default=128, help="N: an N x N grid of starts (default 128)")
    if not top_level:
        b.add_argument("--box", help="grid box XMIN,XMAX,YMIN,YMAX (default: the plotting box)")
    b.set_defaults(func=_cmd_basins, range_is_box=top_level)


def _hyper_parser(parent) -> None:
    h = parent.add_parser("hyper", help="outcome over log learning rate x beta from one start")
    _common(h)
    h.add_argument("--start", help="start point X,Y (use --start=-1,2 for negatives)")
    h.add_argument("--lr-range", required=True, help="log-spaced START:STOP:COUNT")
    h.add_argument("--beta-range", help="linear START:STOP:COUNT of the optimizer's beta "
                   "(momentum, beta1 or alpha); omit for a learning-rate sweep")
    h.set_defaults(func=_cmd_hyper)


def register(sub) -> None:
    """Add ``basins``, ``hyper`` and ``map basins|hyper`` to the engine's parser."""
    _basins_parser(sub, top_level=True)
    _hyper_parser(sub)
    p = sub.add_parser("map", help="basins of attraction or a (learning rate, beta) map")
    kinds = p.add_subparsers(dest="map_kind", metavar="KIND", required=True)
    _basins_parser(kinds, top_level=False)
    _hyper_parser(kinds)


def _setup(args):
    cli = _cli()
    surface = cli._surface(args)
    opt = cli._optimizer(args.optimizer, cli._hyper(args))
    dynamics = cli._dynamics(args, opt.name)
    steps = cli._steps(args.steps)
    if steps < 1:
        raise cli.CliError("--steps must be at least 1 for a map")
    out = cli._out(args.out, OUT_SUFFIXES)
    params = surface.params if args.expr is not None else None
    return surface, opt, dynamics, steps, out, params


def _cmd_basins(args) -> int:
    cli = _cli()
    surface, opt, dynamics, steps, out, params = _setup(args)
    if not 2 <= args.grid <= MAX_GRID:
        raise cli.CliError(f"--grid must be from 2 to {MAX_GRID}, got {args.grid}")
    flag = "--range" if args.range_is_box else "--box"
    text = args.range if args.range_is_box else args.box
    box = cli._floats(text, flag, 4) if text else surface.bounds.ravel().tolist()
    if not (box[0] < box[1] and box[2] < box[3]):
        raise cli.CliError(f"{flag} must be XMIN,XMAX,YMIN,YMAX with XMIN < XMAX and YMIN < YMAX")
    check_memory(estimate_bytes(args.grid ** 2, noise_window(dynamics, steps)),
                 f"a {args.grid}x{args.grid} basin map", "use a smaller --grid")
    _check_picture(out, args.grid, args.grid)
    m = basin_map(surface, opt, box, args.grid, steps, dynamics=dynamics)
    _write(out, map_document(m, surface_params=params), surface)
    counts = m.counts()
    names = {-1: "diverged", -2: "stalled", -3: "not converged", -4: "other minimum"}
    parts = [(f"minimum {tuple(round(v, 4) for v in m.minima[k][0])}" if k >= 0 else names[k])
             + f" {n}" for k, n in sorted(counts.items(), reverse=True)]
    print(f"{m.labels.size} starts{_with(dynamics)}: " + ", ".join(parts))
    print(f"wrote {out}")
    return 0


def _cmd_hyper(args) -> int:
    cli = _cli()
    surface, opt, dynamics, steps, out, params = _setup(args)
    lrs = cli._range(args.lr_range, "--lr-range", log=True)
    beta_name = BETA_NAMES.get(opt.name)
    betas = None
    if args.beta_range:
        if beta_name is None:
            raise cli.CliError(f"{opt.name} has no beta; omit --beta-range for a learning-rate sweep")
        betas = cli._range(args.beta_range, "--beta-range", log=False)
        for end in (0, -1):  # the optimizer validates the axes' corners
            cli._optimizer(opt.name, {**opt.hyper, "lr": float(lrs[end]),
                                      beta_name: float(betas[end])})
    else:
        cli._optimizer(opt.name, {**opt.hyper, "lr": float(lrs[-1])})
    start = cli._start(args, surface)
    if len(start) != 2:
        raise cli.CliError("--start needs 2 numbers for a map")
    rows = len(lrs) * (len(betas) if betas is not None else 1)
    check_memory(estimate_bytes(rows, noise_window(dynamics, steps)), f"a map of {rows:,} runs",
                 "use fewer grid points")
    _check_picture(out, len(lrs), len(betas) if betas is not None else 1)
    m = hyper_map(surface, opt, start, lrs, betas, steps, dynamics=dynamics)
    _write(out, map_document(m, hyperparameters=dict(opt.hyper), surface_params=params), surface)
    div = int((m.labels == -1).sum())
    print(f"{m.labels.size} settings{_with(dynamics)}: {div} diverged, "
          f"{m.labels.size - div} did not")
    print(f"wrote {out}")
    return 0


def _with(dynamics) -> str:
    return "" if dynamics.is_plain() else f" with {dynamics.describe()}"


def _check_picture(out: str, nx: int, ny: int) -> None:
    if out.lower().endswith(".png"):
        check_memory(picture_bytes(nx, ny), f"a {nx}x{ny} picture", "use a coarser grid")


def f_min_of(surface) -> float | None:
    """The lowest known minimum value (the loss scale's zero), or None."""
    best = surface.global_minima or surface.minima
    vals = [float(c.value) for c in best if c.value is not None]
    return min(vals) if vals else None


def _write(out: str, doc: dict, surface) -> None:
    if out.lower().endswith(".png"):
        save_png(out, doc, **({} if doc["kind"] == "basins" else {"f_min": f_min_of(surface)}))
    else:
        save_map(out, doc)
