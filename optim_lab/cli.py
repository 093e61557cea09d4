"""Headless command line: ``optim-lab run | sweep | critical | surfaces | optimizers``.

``build_parser()`` returns the engine's parser; ``app.cli`` adds the GUI
commands (``render``) on top and launches the window when no command is given.
Errors go to stderr with exit status 2 (bad input) or 1 (I/O).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Sequence

import numpy as np

from . import io as olio
from .optimizers import OPTIMIZERS, make_optimizer
from .runs import run
from .surfaces import get_surface, nd_surface_names, surface_names
from .sweep import STATUS_CODES, grid, sweep

__all__ = ["CliError", "build_parser", "dispatch", "has_module", "main"]


class CliError(Exception):
    """A user error: printed as one line to stderr, exit status ``code``."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def _floats(text: str, what: str, count: int | None = None) -> list[float]:
    try:
        vals = [float(v) for v in text.replace(" ", "").split(",") if v != ""]
    except ValueError:
        raise CliError(f"{what} must be comma-separated numbers, got {text!r}") from None
    if not vals or (count is not None and len(vals) != count):
        need = f"{count} numbers" if count else "at least one number"
        raise CliError(f"{what} needs {need}, got {text!r}")
    if not all(np.isfinite(vals)):
        raise CliError(f"{what} must be finite, got {text!r}")
    return vals


def _range(text: str, what: str, log: bool) -> np.ndarray:
    parts = text.split(":")
    if len(parts) != 3:
        raise CliError(f"{what} must be START:STOP:COUNT, got {text!r}")
    a, b = _floats(parts[0], what, 1)[0], _floats(parts[1], what, 1)[0]
    try:
        n = int(parts[2])
    except ValueError:
        raise CliError(f"{what}: COUNT must be an integer, got {parts[2]!r}") from None
    if not 1 <= n <= 4096:
        raise CliError(f"{what}: COUNT must be from 1 to 4096, got {n}")
    if log:
        if a <= 0 or b <= 0:
            raise CliError(f"{what}: a log-spaced range needs positive ends")
        return np.geomspace(a, b, n)
    return np.linspace(a, b, n)


def _custom_params(args) -> dict:
    params = {"expression": args.expr}
    if getattr(args, "range", None):
        params["bounds"] = _floats(args.range, "--range", 4)
    return params


def _surface(args):
    if getattr(args, "expr", None) is not None:
        return get_surface("custom", dim=args.dim, **_custom_params(args))
    params = {}
    if getattr(args, "kappa", None) is not None:
        params["kappa"] = args.kappa
    if getattr(args, "negative", None) is not None:
        params["negative"] = args.negative
    return get_surface(args.surface, dim=args.dim, **params)


def _hyper(args) -> dict:
    h = {}
    if args.lr is not None:
        h["lr"] = args.lr
    if args.momentum is not None:
        h["momentum"] = args.momentum
    if args.betas is not None:
        h["betas"] = tuple(_floats(args.betas, "--betas", 2))
    if args.eps is not None:
        h["eps"] = args.eps
    if args.weight_decay is not None:
        h["weight_decay"] = args.weight_decay
    if args.alpha is not None:
        h["alpha"] = args.alpha
    return h


def _cmd_run(args) -> int:
    surface = _surface(args)
    opt = make_optimizer(args.optimizer, **_hyper(args))
    start = _floats(args.start, "--start") if args.start else list(surface.default_start())
    traj = run(surface, opt, start, args.steps)
    if args.out:
        extra = surface.params if args.expr is not None else None
        olio.save_trajectories(args.out, [traj], extra=extra, every=args.every)
    print(f"{opt.describe()} on {surface.label}: {traj.summary()}  [{traj.status}]")
    if args.out:
        print(f"wrote {args.out}")
    return 0


def _cmd_sweep(args) -> int:
    surface = _surface(args)
    axes = {"lr": _range(args.lr_range, "--lr-range", log=True)}
    if args.momentum_range:
        axes["momentum"] = _range(args.momentum_range, "--momentum-range", log=False)
    flat = grid(**axes)
    base = _hyper(args)
    base.pop("lr", None)
    opt = make_optimizer(args.optimizer, **{**base, **flat})
    start = _floats(args.start, "--start") if args.start else list(surface.default_start())
    res = sweep(surface, opt, start, args.steps)
    shape = [len(v) for v in axes.values()]
    doc = {
        "format": "optim-lab-sweep", "format_version": 1,
        "surface": surface.name, **getattr(surface, "params", {}), "dim": surface.dim,
        "optimizer": opt.name, "start": start,
        "steps": args.steps, "axes": {k: v.tolist() for k, v in axes.items()},
        "status_codes": STATUS_CODES,
        "status": res.status.reshape(shape).tolist(),
        "diverged_at": res.diverged_at.reshape(shape).tolist(),
        "final_loss": [None if not np.isfinite(v) else float(v) for v in res.final_losses],
        "counts": res.counts(),
    }
    olio.atomic_write_text(args.out, json.dumps(doc, allow_nan=False))
    print(f"{res.status.size} runs: " + ", ".join(f"{k} {v}" for k, v in res.counts().items()))
    print(f"wrote {args.out}")
    return 0


def _cmd_surfaces(args) -> int:
    for name in surface_names(2):
        s = get_surface(name)
        nd = " (also N-D)" if name in nd_surface_names() else ""
        print(f"{name:<16} {s.label}{nd}: {s.description}")
    for name in nd_surface_names():
        if name not in surface_names(2):
            print(f"{name:<16} N-D only")
    return 0


def _cmd_optimizers(args) -> int:
    for name, spec in OPTIMIZERS.items():
        defaults = ", ".join(f"{k}={v:g}" for k, v in spec.defaults.items())
        print(f"{name:<9} {spec.label:<9} torch.optim.{spec.torch_class:<8} {defaults}")
    return 0


def _add_surface_options(p: argparse.ArgumentParser, with_names: bool = True) -> None:
    which = p.add_mutually_exclusive_group(required=True)
    if with_names:
        which.add_argument("--surface", help="surface name (see `optim-lab surfaces`)")
    which.add_argument("--expr", help='your own f(x, y), e.g. "x**2 + 3*y**2"')
    p.add_argument("--range", help="plotting range XMIN,XMAX,YMIN,YMAX of --expr "
                   "(default -3,3,-3,3)")


def _cmd_critical(args) -> int:
    surface = get_surface("custom", **_custom_params(args))
    search = surface.search
    doc = {
        "format": "optim-lab-critical-points", "format_version": 1, "surface": "custom",
        "expression": surface.expression, "range": surface.params["bounds"],
        "complete": search.complete, "non_isolated": search.non_isolated,
        "critical_points": [c.to_dict() for c in search.points],
    }
    for c in search.points:
        flag = " (global minimum in range)" if c.is_global else ""
        eig = ", ".join(f"{v:.4g}" for v in c.eigenvalues)
        print(f"{c.kind:<8} ({c.point[0]:.6g}, {c.point[1]:.6g})  f = {c.value:.6g}  "
              f"Hessian eigenvalues {eig}{flag}")
    if not search.points:
        print("no isolated critical points in the range")
    if args.out:
        olio.atomic_write_text(args.out, json.dumps(doc, indent=1, allow_nan=False))
        print(f"wrote {args.out}")
    return 0


def _add_run_options(p: argparse.ArgumentParser, sweep_mode: bool) -> None:
    _add_surface_options(p)
    p.add_argument("--optimizer", required=True, help="optimizer name (see `optim-lab optimizers`)")
    p.add_argument("--dim", type=int, default=2, help="dimension for N-D surfaces (default 2)")
    p.add_argument("--kappa", type=float, help="condition number of the quadratic")
    p.add_argument("--negative", type=int, help="escape directions of nd_saddle")
    if not sweep_mode:
        p.add_argument("--lr", type=float, help="learning rate")
    p.add_argument("--momentum", type=float, help="momentum beta (momentum, nesterov, rmsprop)")
    p.add_argument("--betas", help="Adam betas B1,B2")
    p.add_argument("--eps", type=float, help="epsilon (adaptive methods)")
    p.add_argument("--weight-decay", type=float, dest="weight_decay")
    p.add_argument("--alpha", type=float, help="RMSprop smoothing constant")
    p.add_argument("--start", help="start point X,Y[,...] (use --start=-1,2 for negatives)")
    p.add_argument("--steps", type=int, default=1000, help="number of steps (default 1000)")
    if sweep_mode:
        p.add_argument("--lr-range", required=True, help="log-spaced START:STOP:COUNT")
        p.add_argument("--momentum-range", help="linear START:STOP:COUNT")
        p.add_argument("--out", required=True, help="output .json")
        p.set_defaults(lr=None)
    else:
        p.add_argument("--every", type=int, default=1, help="keep every K-th point (default 1)")
        p.add_argument("--out", help="write the trajectory to PATH (.json or .csv)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="optim-lab",
        description="Watch gradient-descent optimizers succeed and fail. "
        "With no command, opens the desktop app.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("run", help="run one optimizer and write its trajectory")
    _add_run_options(p, sweep_mode=False)
    p.set_defaults(func=_cmd_run)
    p = sub.add_parser("sweep", help="run a grid of learning rates (x momentum) in one batch")
    _add_run_options(p, sweep_mode=True)
    p.set_defaults(func=_cmd_sweep)
    p = sub.add_parser("critical", help="list the critical points of your own f(x, y)")
    _add_surface_options(p, with_names=False)
    p.add_argument("--out", help="write them to PATH (.json)")
    p.set_defaults(func=_cmd_critical)
    sub.add_parser("surfaces", help="list the surfaces").set_defaults(func=_cmd_surfaces)
    sub.add_parser("optimizers", help="list the optimizers").set_defaults(func=_cmd_optimizers)
    if has_module("optim_lab.deep.cli"):
        from .deep import cli as deep_cli  # its module imports torch lazily

        deep_cli.register(sub)
    parser._optim_lab_sub = sub  # lets app.cli add the GUI commands
    return parser


def has_module(name: str) -> bool:
    """True when ``name`` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


_JOINED = ("--start", "--betas", "--expr", "--range")


def _join_negative_values(argv: Sequence[str]) -> list[str]:
    """Let `--start -1.5,2` work: argparse would read -1.5,2 as an option."""
    out, it = [], iter(argv)
    for a in it:
        if a in _JOINED:
            nxt = next(it, None)
            out.append(a if nxt is None else f"{a}={nxt}")
        else:
            out.append(a)
    return out


def dispatch(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    args = parser.parse_args(_join_negative_values(sys.argv[1:] if argv is None else argv))
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"optim-lab {args.command}: error: {exc}", file=sys.stderr)
        return exc.code
    except ValueError as exc:
        print(f"optim-lab {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"optim-lab {args.command}: error: {exc}", file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch(build_parser(), argv)


if __name__ == "__main__":
    raise SystemExit(main())
