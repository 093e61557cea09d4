"""Print the benchmark table: ``python -m tests.benchmarks.run [AREA ...]``.

Each ``bench_<area>.py`` beside this file exposes ``rows() -> list[Row]``;
kept out of the default pytest run. Timings are medians of repeated runs in
this process, with ratios against a reference measured in the same process.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Row:
    what: str
    figure: str
    target: str = ""
    ok: bool | None = None


def timeit(fn, repeat: int = 20, warmup: int = 2) -> np.ndarray:
    """Seconds per call, one sample per repeat (after warm-up calls)."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return np.asarray(out)


def main(argv: list[str] | None = None) -> int:
    areas = set(argv if argv is not None else sys.argv[1:])
    here = Path(__file__).parent
    rows: list[Row] = []
    for mod in sorted(m.name for m in pkgutil.iter_modules([str(here)])):
        if not mod.startswith("bench_"):
            continue
        if areas and mod.removeprefix("bench_") not in areas:
            continue
        module = importlib.import_module(f"tests.benchmarks.{mod}")
        print(f"# {mod} ...", file=sys.stderr, flush=True)
        rows.extend(module.rows())
    w1 = max([len(r.what) for r in rows] + [4])
    w2 = max([len(r.figure) for r in rows] + [6])
    print(f"{'what':<{w1}}  {'figure':<{w2}}  target")
    print(f"{'-' * w1}  {'-' * w2}  ------")
    for r in rows:
        mark = "" if r.ok is None else (" ok" if r.ok else " MISSED")
        print(f"{r.what:<{w1}}  {r.figure:<{w2}}  {r.target}{mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
