"""Headless command line: ``optim-lab run | sweep | critical | surfaces | optimizers``.

``build_parser()`` returns the engine's parser; ``app.cli`` adds the GUI
commands (``render``) on top and launches the window when no command is given.

Every command checks all its arguments and the output path, then sizes the
request (:mod:`optim_lab.budget`: 1 GiB unless ``OPTIM_LAB_MEMORY_LIMIT`` says
otherwise) before any work; long work prints its progress to stderr about once
a second.  Errors are one line on stderr with exit status 2 (bad input,
request too large) or 1 (I/O); Ctrl-C exits with status 130 and one line.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
import time
from collections.abc import Sequence

import numpy as np

from . import io as olio
from .budget import DEFAULT_LIMIT, check_memory, format_bytes
from .dynamics import Dynamics
from .files import FILE_BYTES_PER_NUMBER, MAX_READ_BYTES, check_output_path
from .optimizers import OPTIMIZERS, Optimizer, make_optimizer
from .recording import record_run, run_bytes
from .runs import MAX_STEPS, _check_start
from .surfaces import Surface, get_surface, nd_surface_names, surface_names
from .sweep import grid, sweep
from .sweep_file import (
    SWEEP_OUT_SUFFIXES,
    check_sweep_picture,
    sweep_bytes,
    sweep_document,
    write_sweep,
)

__all__ = ["CliError", "Progress", "build_parser", "dispatch", "has_module", "main"]

MAX_GRID = 4096  # points per sweep axis


class CliError(Exception):
    """A user error: printed as one line to stderr, exit status ``code``."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


class Progress:
    """``label: 42% (420/1000 steps)`` on stderr, at most once a ``interval`` seconds;
    nothing at all for work that ends within the first interval."""

    def __init__(self, label: str, unit: str = "steps", interval: float = 1.0, stream=None):
        self.label, self.unit, self.interval = label, unit, interval
        self.stream = sys.stderr if stream is None else stream
        self.next = time.monotonic() + interval
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now < self.next:
            return
        self.next = now + self.interval
        pct = 100.0 * done / total if total else 100.0
        self.stream.write(f"{self.label}: {pct:3.0f}% ({done}/{total} {self.unit})\n")
        self.stream.flush()
        self.shown = True


def _floats(text: str, what: str, count: int | None = None) -> list[float]:
    try:
        vals = [float(v) for v in text.replace(" ", "").split(",") if v != ""]
    except ValueError:
        raise CliError(f"{what} must be comma-separated numbers, got {text!r}") from None
    if not vals or (count is not None and len(vals) != count):
        need = f"{count} numbers" if count else "at least one number"
        raise CliError(f"{what} needs {need}, got {text!r}")
    if not all(math.isfinite(v) for v in vals):
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
    if not 1 <= n <= MAX_GRID:
        raise CliError(f"{what}: COUNT must be from 1 to {MAX_GRID}, got {n}")
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


def _surface(args) -> Surface:
    """The surface, with its parameters checked against the surfaces that take them."""
    if getattr(args, "expr", None) is not None:
        for flag, value in (("--kappa", args.kappa), ("--negative", args.negative)):
            if value is not None:
                raise CliError(f"{flag} does not apply to --expr")
        try:
            return get_surface("custom", dim=args.dim, **_custom_params(args))
        except (TypeError, ValueError) as exc:
            raise CliError(str(exc)) from None
    key = args.surface.strip().lower().replace("-", "_").replace(" ", "_")
    params = {}
    if args.kappa is not None:
        if key != "quadratic":
            raise CliError(f"--kappa applies to the quadratic surface only, not {args.surface!r}")
        if not (math.isfinite(args.kappa) and args.kappa >= 1):
            raise CliError(f"--kappa must be a finite number >= 1, got {args.kappa!r}")
        params["kappa"] = args.kappa
    if args.negative is not None:
        if key != "nd_saddle":
            raise CliError(f"--negative applies to nd_saddle only, not {args.surface!r}")
        params["negative"] = args.negative
    if not 2 <= args.dim <= 100_000:
        raise CliError(f"--dim must be from 2 to 100000, got {args.dim}")
    try:
        return get_surface(args.surface, dim=args.dim, **params)
    except (TypeError, ValueError) as exc:
        raise CliError(str(exc)) from None


def _hyper(args) -> dict:
    h = {}
    for name in ("lr", "momentum", "eps", "weight_decay", "alpha"):
        v = getattr(args, name)
        if v is not None:
            if not math.isfinite(v):
                raise CliError(f"--{name.replace('_', '-')} must be finite, got {v!r}")
            h[name] = v
    if args.betas is not None:
        h["betas"] = tuple(_floats(args.betas, "--betas", 2))
    return h


_DYNAMICS_FLAGS = {"noise": "--noise", "noise_relative": "--noise-relative", "seed": "--seed",
                   "schedule": "--schedule", "clip": "--clip", "amsgrad": "--amsgrad"}


def _dynamics(args, optimizer: str) -> Dynamics:
    """The run's training dynamics from the flags (:func:`_add_dynamics_options`), checked
    (one line naming the flag)."""
    d = Dynamics(noise=0.0 if args.noise is None else args.noise,
                 noise_relative=bool(args.noise_relative), seed=args.seed,
                 schedule=args.schedule or "constant", clip=args.clip, amsgrad=bool(args.amsgrad))
    try:
        d = d.checked(optimizer)
    except ValueError as exc:
        text = str(exc)
        field = text.removeprefix("invalid ").split(" ", 1)[0].rstrip(":")
        flag = _DYNAMICS_FLAGS.get(field)
        raise CliError(f"{flag}: {text}" if flag else text) from None
    if d.noise_relative and not d.has_noise:
        raise CliError("--noise-relative needs --noise SIGMA > 0")
    return d


def _optimizer(name: str, hyper: dict) -> Optimizer:
    try:
        return make_optimizer(name, **hyper)
    except (TypeError, ValueError) as exc:
        raise CliError(str(exc)) from None


def _steps(steps: int) -> int:
    if not 0 <= steps <= MAX_STEPS:
        raise CliError(f"--steps must be from 0 to {MAX_STEPS}, got {steps}")
    return steps


def _start(args, surface: Surface) -> list[float]:
    """The start point, refused unless the loss and the squared gradient norm are finite there
    (the same check for ``run`` and ``sweep``)."""
    start = _floats(args.start, "--start") if args.start else list(surface.default_start())
    try:
        with np.errstate(all="ignore"):
            x0 = _check_start(surface, start)
            _, G = surface.value_grad(x0[None, :])
            g2 = float(np.einsum("ij,ij->i", G, G)[0])
    except (TypeError, ValueError, OverflowError) as exc:
        raise CliError(str(exc)) from None
    if not math.isfinite(g2):
        raise CliError(f"{surface.name}: the gradient at the start {start} is too large to square "
                       "(|∇f|² overflows); choose a start nearer the plotting box")
    return start


def _out(path: str | None, suffixes: Sequence[str]) -> str | None:
    if path is None:
        return None
    check_output_path(path, suffixes)  # ValueError (name) -> 2, OSError (folder) -> 1
    return path


def _cmd_run(args) -> int:
    surface = _surface(args)
    opt = _optimizer(args.optimizer, _hyper(args))
    dynamics = _dynamics(args, opt.name)
    start = _start(args, surface)
    steps = _steps(args.steps)
    if args.every < 1:
        raise CliError(f"--every must be a positive integer, got {args.every}")
    out = _out(args.out, olio.TRAJECTORY_SUFFIXES)
    kept = steps // args.every + 2
    what = f"{kept:,} recorded points of dimension {surface.dim}"
    check_memory(run_bytes(surface.dim, steps, args.every), what, "use --every K or fewer steps")
    file_bytes = kept * (surface.dim + 3) * FILE_BYTES_PER_NUMBER
    if out and file_bytes > MAX_READ_BYTES:
        raise CliError(f"the file would be ≈ {format_bytes(file_bytes)} for {what}; files are "
                       f"limited to {format_bytes(MAX_READ_BYTES)} (what the app reads back); "
                       "use --every K or fewer steps")
    progress = Progress(f"optim-lab run ({opt.name} on {surface.name})")
    traj = record_run(surface, opt, start, steps, args.every, progress=progress,
                      dynamics=dynamics)
    if out:
        olio.save_trajectories(out, [traj], extra=surface.params if args.expr is not None else None)
    extra = f" with {dynamics.describe()}" if not dynamics.is_plain() else ""
    print(f"{opt.describe()}{extra} on {surface.label}: {traj.summary()}  [{traj.status}]")
    if out:
        print(f"wrote {out}")
    return 0


def _cmd_sweep(args) -> int:
    surface = _surface(args)
    axes = {"lr": _range(args.lr_range, "--lr-range", log=True)}
    if args.momentum_range:
        axes["momentum"] = _range(args.momentum_range, "--momentum-range", log=False)
    base = _hyper(args)
    base.pop("lr", None)
    rows = int(np.prod([len(v) for v in axes.values()]))
    # the optimizer is validated on the axes' ends before the grid is built
    for end in (0, -1):
        corner = {k: float(v[end]) for k, v in axes.items()}
        _optimizer(args.optimizer, {**base, **corner})
    start = _start(args, surface)
    steps = _steps(args.steps)
    out = _out(args.out, SWEEP_OUT_SUFFIXES)
    shape = " x ".join(str(len(v)) for v in axes.values())
    check_memory(sweep_bytes(rows, surface.dim),
                 f"a {shape} sweep ({rows:,} runs of dimension {surface.dim})",
                 "use fewer grid points (COUNT) or a smaller --dim")
    check_sweep_picture(out, [len(v) for v in axes.values()])
    opt = _optimizer(args.optimizer, {**base, **grid(**axes)})
    progress = Progress(f"optim-lab sweep ({rows:,} runs)")
    res = sweep(surface, opt, start, steps, progress=progress, report_every=max(1, min(25, steps)))
    doc = sweep_document(res, axes, start)
    if args.expr is not None:
        doc["surface_params"] = surface.params
    write_sweep(out, doc, surface)
    print(f"{res.status.size} runs: " + ", ".join(f"{k} {v}" for k, v in res.counts().items()))
    print(f"wrote {out}")
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
    out = _out(args.out, (".json",))
    try:
        surface = get_surface("custom", **_custom_params(args))
    except (TypeError, ValueError) as exc:
        raise CliError(str(exc)) from None
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
    if out:
        olio.atomic_write_text(out, json.dumps(doc, indent=1, allow_nan=False))
        print(f"wrote {out}")
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
        p.add_argument("--out", required=True,
                       help="output .json, .csv or .png (final loss against lr, with the "
                       "stability limit)")
        p.set_defaults(lr=None)
    else:
        p.add_argument("--every", type=int, default=1,
                       help="keep only every K-th point (and the last) in memory and in the file "
                       "(default 1)")
        p.add_argument("--out", help="write the trajectory to PATH (.json or .csv)")
        _add_dynamics_options(p)


def _add_dynamics_options(p: argparse.ArgumentParser) -> None:
    """--noise, --noise-relative, --seed, --schedule, --clip, --amsgrad (read by
    :func:`_dynamics`); ``run`` and the map commands share them."""
    g = p.add_argument_group(
        "training dynamics",
        "gradient noise, learning-rate schedule, clipping and AMSGrad (see optim_lab.dynamics)")
    g.add_argument("--noise", type=float, metavar="SIGMA",
                   help="add Gaussian noise of std SIGMA to every gradient (default 0)")
    g.add_argument("--noise-relative", action="store_true", dest="noise_relative",
                   help="scale the noise by |grad f(x)|")
    g.add_argument("--seed", type=int, default=0, metavar="S",
                   help="noise seed, 0 <= S < 2**63 (default 0): the same seed, the same path")
    g.add_argument("--schedule", metavar="SPEC",
                   help="learning-rate schedule NAME[:key=value,...] as torch.optim."
                   "lr_scheduler: constant, step:step_size=100,gamma=0.5, exponential:gamma=0.99,"
                   " cosine:T_max=500,eta_min=0.0001, warmup:start_factor=0.01,total_iters=100,"
                   " warmup_cosine:warmup=100,T_max=900")
    g.add_argument("--clip", type=float, metavar="C",
                   help="clip the gradient to norm C (torch.nn.utils.clip_grad_norm_)")
    g.add_argument("--amsgrad", action="store_true", help="AMSGrad (adam and adamw)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="optim-lab",
        description="Watch gradient-descent optimizers succeed and fail. "
        "With no command, opens the desktop app.",
        epilog="Requests are sized before any work and refused above a memory limit of "
        f"{format_bytes(DEFAULT_LIMIT)} (set OPTIM_LAB_MEMORY_LIMIT, e.g. 4G, to change it).",
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
    from . import maps_cli  # `optim-lab map basins|hyper`

    maps_cli.register(sub)
    if has_module("optim_lab.deep.cli"):
        from .deep import cli as deep_cli  # its module imports torch lazily

        deep_cli.register(sub)
    if has_module("optim_lab.lessons"):
        from .lessons import cli as lessons_cli

        lessons_cli.register(sub)
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
    """Parse and run; every failure becomes one line on stderr and an exit status."""
    command = "optim-lab"
    try:
        args = parser.parse_args(_join_negative_values(sys.argv[1:] if argv is None else argv))
        if getattr(args, "func", None) is None:
            parser.print_help()
            return 2
        command = f"optim-lab {args.command}"
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print(f"\n{command}: interrupted", file=sys.stderr)
        return 130
    except CliError as exc:
        return _fail(command, exc, exc.code)
    except ValueError as exc:  # engine validation: bad input
        return _fail(command, exc, 2)
    except OSError as exc:
        return _fail(command, exc, 1)
    except MemoryError:
        return _fail(command, "ran out of memory (lower the request or OPTIM_LAB_MEMORY_LIMIT)", 1)


def _fail(command: str, message, code: int) -> int:
    print(f"{command}: error: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch(build_parser(), argv)


if __name__ == "__main__":
    raise SystemExit(main())
