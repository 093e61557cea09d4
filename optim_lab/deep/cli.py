"""``optim-lab deep``: train one deep stack headless and write its per-layer gradient record.

Everything is checked before any work: the arguments, the output path (its folder exists and
takes a file) and the memory the run will need (refused above the budget, with the estimate in
the message).  Only the records ``--every`` asks for are kept while training.  Runs that take
more than a few seconds print their progress on stderr.  Imports torch only when the command
runs, so ``optim-lab --help`` and the other commands stay fast.  Errors go to stderr with a
non-zero exit status (2 bad input, 1 file error).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from .budget import DEFAULT_MEMORY_BUDGET, estimate_memory, format_bytes, kept_records
from .config import (
    ACTIVATIONS,
    BRANCHES,
    DATASETS,
    INITS,
    LOSSES,
    NORM_POSITIONS,
    NORMS,
    OPTIMIZERS,
    DeepConfig,
    config_from_dict,
)
from .scenarios import DEEP_SCENARIOS, deep_scenario

__all__ = ["FORMAT", "FORMAT_VERSION", "register", "run_deep"]

FORMAT = "optim-lab-deep"
FORMAT_VERSION = 2
MAX_STEPS = 1_000_000
PROGRESS_AFTER = 2.0  # seconds of training before progress lines start
PROGRESS_PERIOD = 2.0  # seconds between progress lines

_EPILOG = """\
The JSON file holds the configuration, how the run ended (status max_steps or diverged, with the
step and reason), the fraction of steps whose gradient was clipped and, per recorded step: loss,
batch accuracy, lr (after the schedule), clipped (true/false), grad_norm (before clipping),
sharpness (lambda_max of the training-loss Hessian, null where not measured) and its relative
residual, the first/last gradient ratio and the per-layer lists act_grad_norms (||dL/dh_l||),
weight_grad_norms (||dL/dW_l||) and update_ratios (||dW_l|| / ||W_l||), layer 1 first;
"underflow" lists the layers whose activation gradient was exactly 0 in float32.

--schedule takes NAME[:key=value,...] as in torch.optim.lr_scheduler: constant,
StepLR:step_size=100,gamma=0.5, ExponentialLR:gamma=0.99, CosineAnnealingLR:T_max=1000,
LinearLR:start_factor=0.1,total_iters=100, warmup_cosine:warmup_iters=100,T_max=900.

--scenario NAME starts from one of the Deep Stack Lab's scenarios; options given explicitly
override its settings.  Side-by-side scenarios run their plain stack (add --residual for the
other one).  Scenarios: {names}.

examples:
  optim-lab deep --depth 30 --width 32 --activation sigmoid --steps 50 --out deep.json
  optim-lab deep --scenario edge_of_stability --out eos.json
""".format(names=", ".join(s.key for s in DEEP_SCENARIOS if not s.sweep))

# option dest -> DeepConfig field, for the options that map one to one
_FIELDS = {
    "depth": "depth", "width": "width", "activation": "activation", "init": "init",
    "gain": "gain", "branch": "branch", "norm": "norm", "norm_position": "norm_position",
    "optimizer": "optimizer", "lr": "lr", "momentum": "momentum", "batch_size": "batch_size",
    "dataset": "dataset", "samples": "n_samples", "seed": "seed", "loss": "loss",
    "clip": "clip", "schedule": "schedule", "sharpness_every": "sharpness_every",
}
_LOWER = {"activation", "init", "branch", "norm", "norm_position", "optimizer", "dataset", "loss"}


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``deep`` subcommand; its ``func(args)`` returns the exit status."""
    p = subparsers.add_parser(
        "deep",
        help="train a deep MLP (plain or residual) and record per-layer gradient norms",
        description="Train a deep MLP on a synthetic 2-D data set and write, per step, the "
        "loss, learning rate, sharpness and the per-layer activation- and weight-gradient norms.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    d = DeepConfig()
    p.add_argument("--scenario", metavar="NAME", help="start from a Deep Stack Lab scenario")
    p.add_argument("--depth", type=int, help="hidden layers, 1-200 (required without --scenario)")
    p.add_argument("--width", type=int, help="units per hidden layer, 4-256 (required without "
                   "--scenario)")
    p.add_argument("--activation", metavar="NAME",
                   help=f"one of {', '.join(ACTIVATIONS)} (required without --scenario)")
    p.add_argument("--init", metavar="NAME", help=f"one of {', '.join(INITS)} (default {d.init})")
    p.add_argument("--gain", type=float, help="multiplies the initial weights (default 1)")
    p.add_argument("--residual", action="store_true", default=None, help="add skip connections")
    p.add_argument("--branch", metavar="NAME",
                   help=f"residual branch: {', '.join(BRANCHES)} (default {d.branch})")
    p.add_argument("--norm", metavar="NAME",
                   help=f"normalisation in every hidden layer: {', '.join(NORMS)} (default none)")
    p.add_argument("--norm-position", metavar="WHERE",
                   help=f"{' or '.join(NORM_POSITIONS)}: before or after the activation "
                   "(default pre)")
    p.add_argument("--layernorm", action="store_true", help="same as --norm layer")
    p.add_argument("--steps", type=int, help=f"training steps, 1-{MAX_STEPS} (required without "
                   "--scenario)")
    p.add_argument("--seed", type=int, help="seed for data, init and batches (default 0)")
    p.add_argument("--lr", type=float, help=f"learning rate (default {d.lr})")
    p.add_argument("--schedule", metavar="SPEC", help="learning-rate schedule (default constant)")
    p.add_argument("--optimizer", metavar="NAME",
                   help=f"one of {', '.join(OPTIMIZERS)} (default {d.optimizer})")
    p.add_argument("--momentum", type=float,
                   help=f"momentum coefficient for --optimizer momentum (default {d.momentum})")
    p.add_argument("--clip", type=float, help="clip the gradient to this global norm "
                   "(torch clip_grad_norm_; default 0 = off)")
    p.add_argument("--loss", metavar="NAME", help=f"{' or '.join(LOSSES)}: cross-entropy or "
                   "1/2 ||logits - one_hot||^2 (default ce)")
    p.add_argument("--batch-size", type=int, help=f"mini-batch size (default {d.batch_size})")
    p.add_argument("--full-batch", action="store_true", default=None,
                   help="every step on the whole data set (full-batch gradient descent)")
    p.add_argument("--sharpness-every", type=int, metavar="K",
                   help="estimate lambda_max of the training-loss Hessian every K steps "
                   "(default 0 = never)")
    p.add_argument("--dataset", metavar="NAME",
                   help=f"one of {', '.join(DATASETS)} (default {d.dataset})")
    p.add_argument("--samples", type=int, help=f"data set size (default {d.n_samples})")
    p.add_argument("--every", type=int, default=1, help="keep every K-th step's record "
                   "(and the last)")
    p.add_argument("--memory-budget", type=float, default=DEFAULT_MEMORY_BUDGET / 1024**3,
                   metavar="GIB", help="refuse runs estimated above this (default 2 GiB)")
    p.add_argument("--out", required=True, metavar="FILE.json", help="where to write the record")
    p.set_defaults(func=run_deep)
    return p


class _Refused(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _config_and_steps(args: argparse.Namespace) -> tuple[DeepConfig, int]:
    base: dict = {}
    steps = args.steps
    if args.scenario is not None:
        scenario = deep_scenario(args.scenario.strip().lower())
        if scenario.sweep:
            raise ValueError("the sweep scenario is a depth sweep, not a training run")
        base = scenario.config.to_dict()
        steps = scenario.steps if steps is None else steps
    else:
        missing = [f"--{n}" for n in ("depth", "width", "activation", "steps")
                   if getattr(args, n) is None]
        if missing:
            raise ValueError(f"{', '.join(missing)} required (or give --scenario NAME)")
    for dest, name in _FIELDS.items():
        value = getattr(args, dest)
        if value is not None:
            base[name] = value.strip().lower() if dest in _LOWER else value
    if args.layernorm:
        if args.norm not in (None, "layer"):
            raise ValueError("--layernorm contradicts --norm " + args.norm)
        base["norm"] = "layer"
    if args.residual:
        base["residual"] = True
    if args.full_batch:
        base["full_batch"] = True
    if not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"--steps must be between 1 and {MAX_STEPS}, got {steps}")
    return config_from_dict(base), steps


def _check_out(out: str) -> Path:
    """The output path, or _Refused: exit 2 for a bad name, 1 for a folder that cannot take it."""
    text = str(out)
    if not text.strip() or text.endswith(("/", os.sep)) or not text.lower().endswith(".json"):
        raise _Refused(f"--out must name a .json file, got {out!r}", 2)
    path = Path(text)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise _Refused(f"cannot write {path}: the folder {folder} does not exist", 1)
    if path.is_dir():
        raise _Refused(f"cannot write {path}: it is a folder", 1)
    try:  # the folder takes a new file (permissions, read-only file systems, even as root)
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise _Refused(f"cannot write {path}: {exc.strerror or exc}", 1) from None
    return path


def _progress_printer():
    start = time.monotonic()
    last = [start]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - start >= PROGRESS_AFTER and (now - last[0] >= PROGRESS_PERIOD or done == total):
            last[0] = now
            rate = done / (now - start)
            left = (total - done) / rate if rate > 0 else float("inf")
            print(f"optim-lab deep: step {done}/{total} ({100 * done / total:.0f}%), "
                  f"about {left:.0f} s left", file=sys.stderr, flush=True)

    return progress


def run_deep(args: argparse.Namespace) -> int:
    """Validate, size, train, write the JSON; returns 0, or 2 (bad input) / 1 (file error)."""
    try:
        config, steps = _config_and_steps(args)
        if args.every < 1:
            raise ValueError(f"--every must be at least 1, got {args.every}")
        budget = args.memory_budget
        if not 0 < budget <= 1024:
            raise ValueError(f"--memory-budget must be between 0 and 1024 GiB, got {budget}")
        path = _check_out(args.out)
        need = estimate_memory(config, steps, args.every)
        if need > budget * 1024**3:
            raise ValueError(
                f"this run needs about {format_bytes(need)} (depth {config.depth}, width "
                f"{config.width}, {kept_records(steps, args.every)} records kept), over the "
                f"{format_bytes(budget * 1024**3)} budget: raise --every, lower --steps or the "
                "size, or raise --memory-budget")
    except ValueError as exc:
        print(f"optim-lab deep: error: {exc}", file=sys.stderr)
        return 2
    except _Refused as exc:
        print(f"optim-lab deep: error: {exc}", file=sys.stderr)
        return exc.code
    from .training import train  # torch loads here, not at CLI start-up

    try:
        history = train(config, steps, every=args.every, progress=_progress_printer())
    except KeyboardInterrupt:
        print("optim-lab deep: interrupted; nothing written", file=sys.stderr)
        return 130
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, **history.to_dict()}
    data["steps_requested"] = steps
    data["every"] = args.every
    if args.scenario is not None:
        data["scenario"] = args.scenario.strip().lower()
    try:
        from ..io import atomic_write_text

        atomic_write_text(path, json.dumps(data, allow_nan=False) + "\n")
    except OSError as exc:
        print(f"optim-lab deep: error: {exc}", file=sys.stderr)
        return 1
    tail = f"diverged at step {history.diverged_at}" if history.diverged_at else "finished"
    print(f"{config.depth}-layer {'residual' if config.residual else 'plain'} "
          f"{config.activation} stack {tail}; wrote {len(data['steps'])} steps to {path}")
    return 0
