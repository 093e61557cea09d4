"""``optim-lab deep``: train one deep stack headless and write its per-layer gradient record.

Imports torch only when the command runs, so ``optim-lab --help`` and the other commands stay
fast.  Errors go to stderr with a non-zero exit status (2 bad input, 1 file error).
"""

from __future__ import annotations

import argparse
import json
import sys

from .config import ACTIVATIONS, BRANCHES, DATASETS, INITS, OPTIMIZERS, DeepConfig

__all__ = ["FORMAT", "FORMAT_VERSION", "register", "run_deep"]

FORMAT = "optim-lab-deep"
FORMAT_VERSION = 1

_EPILOG = """\
The JSON file holds the configuration, how the run ended (status max_steps or diverged, with the
step and reason) and, per recorded step: loss, batch accuracy, first/last gradient ratio and the
per-layer lists act_grad_norms (||dL/dh_l||), weight_grad_norms (||dL/dW_l||) and update_ratios
(||dW_l|| / ||W_l||), layer 1 first; "underflow" lists the layers whose activation gradient was
exactly 0 in float32.

example:  optim-lab deep --depth 30 --width 32 --activation sigmoid --steps 50 --out deep.json
"""


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``deep`` subcommand; its ``func(args)`` returns the exit status."""
    p = subparsers.add_parser(
        "deep",
        help="train a deep MLP (plain or residual) and record per-layer gradient norms",
        description="Train a deep MLP on a synthetic 2-D data set and write, per step, the "
        "loss and the per-layer activation- and weight-gradient norms.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    d = DeepConfig()
    p.add_argument("--depth", type=int, required=True, help="hidden layers, 1-200")
    p.add_argument("--width", type=int, required=True, help="units per hidden layer, 4-256")
    p.add_argument("--activation", required=True, metavar="NAME",
                   help=f"one of {', '.join(ACTIVATIONS)}")
    p.add_argument("--init", default=d.init, metavar="NAME",
                   help=f"one of {', '.join(INITS)} (default {d.init})")
    p.add_argument("--gain", type=float, default=d.gain,
                   help="multiplies the initial weights (default 1)")
    p.add_argument("--residual", action="store_true", help="add skip connections")
    p.add_argument("--branch", default=d.branch, metavar="NAME",
                   help=f"residual branch: {', '.join(BRANCHES)} (default {d.branch})")
    p.add_argument("--layernorm", action="store_true", help="LayerNorm before each activation")
    p.add_argument("--steps", type=int, required=True, help="training steps, 1-1000000")
    p.add_argument("--seed", type=int, default=d.seed, help="seed for data, init and batches")
    p.add_argument("--lr", type=float, default=d.lr, help=f"learning rate (default {d.lr})")
    p.add_argument("--optimizer", default=d.optimizer, metavar="NAME",
                   help=f"one of {', '.join(OPTIMIZERS)} (default {d.optimizer})")
    p.add_argument("--momentum", type=float, default=d.momentum,
                   help=f"momentum coefficient for --optimizer momentum (default {d.momentum})")
    p.add_argument("--batch-size", type=int, default=d.batch_size,
                   help=f"mini-batch size (default {d.batch_size})")
    p.add_argument("--dataset", default=d.dataset, metavar="NAME",
                   help=f"one of {', '.join(DATASETS)} (default {d.dataset})")
    p.add_argument("--samples", type=int, default=d.n_samples,
                   help=f"data set size (default {d.n_samples})")
    p.add_argument("--every", type=int, default=1, help="record every K-th step (and the last)")
    p.add_argument("--out", required=True, metavar="FILE.json", help="where to write the record")
    p.set_defaults(func=run_deep)
    return p


def _config_from_args(args: argparse.Namespace) -> DeepConfig:
    return DeepConfig(
        depth=args.depth, width=args.width, activation=args.activation.lower(),
        init=args.init.lower(), gain=args.gain, residual=bool(args.residual),
        branch=args.branch.lower(), layernorm=bool(args.layernorm),
        optimizer=args.optimizer.lower(), lr=args.lr, momentum=args.momentum,
        batch_size=args.batch_size, dataset=args.dataset.lower(), n_samples=args.samples,
        seed=args.seed,
    )


def run_deep(args: argparse.Namespace) -> int:
    """Validate, train, write the JSON; returns 0, or 2 (bad input) / 1 (file error)."""
    try:
        config = _config_from_args(args)
        if args.every < 1:
            raise ValueError(f"--every must be at least 1, got {args.every}")
        if not str(args.out).lower().endswith(".json"):
            raise ValueError(f"--out must name a .json file, got {args.out!r}")
    except ValueError as exc:
        print(f"optim-lab deep: error: {exc}", file=sys.stderr)
        return 2
    try:
        from .training import train  # torch loads here, not at CLI start-up

        history = train(config, args.steps)
    except ValueError as exc:
        print(f"optim-lab deep: error: {exc}", file=sys.stderr)
        return 2
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, **history.to_dict()}
    steps = data["steps"]
    keep = [s for s in steps if (s["step"] - 1) % args.every == 0 or s is steps[-1]]
    data["steps"] = keep
    data["steps_requested"] = args.steps
    data["every"] = args.every
    try:
        from ..io import atomic_write_text

        atomic_write_text(args.out, json.dumps(data, allow_nan=False) + "\n")
    except OSError as exc:
        print(f"optim-lab deep: error: {exc}", file=sys.stderr)
        return 1
    tail = f"diverged at step {history.diverged_at}" if history.diverged_at else "finished"
    print(f"{config.depth}-layer {'residual' if config.residual else 'plain'} "
          f"{config.activation} stack {tail}; wrote {len(keep)} steps to {args.out}")
    return 0
