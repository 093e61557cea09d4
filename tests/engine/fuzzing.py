"""Hostile inputs for the loaders and the command line, shared by the fuzz tests.

Strategies mutate real files the app writes (replace, delete or re-nest a field,
deep nesting, 401-digit integers, NaN literals, a UTF-8 BOM, truncation, random
bytes) and build random ``optim-lab run|sweep`` argument lists.  ``outcome``
sorts what a call did into ok / clean / unclean.

Count unclean outcomes per target (for a before/after table)::

    python -m tests.engine.fuzzing 300      # 300 inputs per target
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

DEEP = "__deep__"
BIG_INT = "__bigint__"

JSON_LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=12),
    st.sampled_from([DEEP, BIG_INT, -1, 0, 1e308, "nan", "converged", "minimum", [], {}]),
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)
CELL = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["inf", "-inf", "nan", "1e400", "", "-0", "1" * 401, "0x10", "1_0", " 1"]),
)


def _paths(obj: Any, prefix: tuple = ()):
    """Paths to the values of a document (only the ends of long lists)."""
    if prefix:
        yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        idx = range(len(obj)) if len(obj) <= 4 else [0, 1, len(obj) - 1]
        for i in idx:
            yield from _paths(obj[i], prefix + (i,))


def _at(doc: Any, path: tuple) -> Any:
    for p in path:
        doc = doc[p]
    return doc


def _text_tweaks(draw, data: bytes) -> bytes:
    tweak = draw(st.sampled_from(["none", "none", "bom", "truncate", "wrap_deep", "latin1"]))
    if tweak == "bom":
        return b"\xef\xbb\xbf" + data
    if tweak == "truncate":
        return data[: draw(st.integers(0, max(0, len(data) - 1)))]
    if tweak == "wrap_deep":
        n = draw(st.sampled_from([50, 5000, 200_000]))
        return b"[" * n + data + b"]" * n
    if tweak == "latin1":
        return data + "é".encode("latin-1")
    return data


def _expand(text: str, draw) -> str:
    n = draw(st.sampled_from([10, 3000, 100_000]))
    text = text.replace(json.dumps(DEEP), "[" * n + "]" * n)
    return text.replace(json.dumps(BIG_INT), "9" * draw(st.sampled_from([25, 401, 5000])))


@st.composite
def mutated_json(draw, base: dict) -> bytes:
    """A valid document with 1-3 fields replaced, deleted or wrapped, then maybe text-tweaked."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _at(doc, path[:-1]), path[-1]
        op = draw(st.sampled_from(["replace", "replace", "delete", "wrap"]))
        if op == "replace":
            parent[key] = draw(JSON_VALUE)
        elif op == "delete":
            del parent[key]
        else:
            parent[key] = [parent[key]]
    text = _expand(json.dumps(doc, allow_nan=True), draw)
    return _text_tweaks(draw, text.encode("utf-8"))


@st.composite
def mutated_csv(draw, base: str) -> bytes:
    """A valid CSV export with lines replaced, cells changed, lines dropped or duplicated."""
    lines = base.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["line", "header", "cell", "cell", "delete", "dup"]))
        if op == "line":
            lines[i] = draw(st.text(max_size=40))
        elif op == "header":
            head = draw(st.sampled_from(["0", "1", "-1", "x", "99999999999999999999999", ""]))
            lines[i] = f"# run {head} " + _expand(json.dumps(draw(JSON_VALUE)), draw)
        elif op == "cell" and not lines[i].startswith("#"):
            cells = lines[i].split(",")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(CELL)
            lines[i] = ",".join(cells)
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
    return _text_tweaks(draw, ("\n".join(lines) + "\n").encode("utf-8"))


RAW_BYTES = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda s: s.encode("utf-8")),
    st.sampled_from([b"", b"\xef\xbb\xbf", b"{}", b"[]", b"null", b"NaN", b"1e999", b"9" * 401,
                     b"[" * 100_000, b'{"a":' * 50_000]),
)


def outcome(call: Callable[[], Any], clean: tuple[type[BaseException], ...]) -> str:
    """"ok" (returned), "clean" (raised one of ``clean``) or "unclean: <what>"."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            call()
        except clean:
            result = "clean"
        except Exception as exc:  # noqa: BLE001 - sorting every escape is the point
            return f"unclean: {type(exc).__name__}: {str(exc)[:80]}"
        else:
            result = "ok"
    runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if runtime:
        return f"unclean: RuntimeWarning: {runtime[0].message}"
    return result


def load_file(loader: Callable[[Path], Any], folder: Path, suffix: str,
              data: bytes) -> Callable[[], Any]:
    path = folder / f"fuzz{suffix}"
    path.write_bytes(data)
    return lambda: loader(path)


# --- command lines ----------------------------------------------------------------

VALUES = {
    "--surface": ["rosenbrock", "booth", "quadratic", "nd_saddle", "rastrigin", "nope", "", "Booth"],
    "--optimizer": ["gd", "adam", "momentum", "rmsprop", "sgdx", ""],
    "--dim": ["2", "3", "5", "0", "-1", "100000", "x", "2.5", "99999999999999999999"],
    "--kappa": ["10", "0", "-1", "inf", "nan", "1e400", "x"],
    "--negative": ["1", "2", "0", "5", "x"],
    "--lr": ["0.01", "0", "-1", "inf", "nan", "1e300", "x"],
    "--momentum": ["0.9", "1", "-0.1", "x"],
    "--betas": ["0.9,0.999", "0.9", "a,b", "1,1", "0.9,1.5", ""],
    "--eps": ["1e-8", "0", "-1", "nan"],
    "--weight-decay": ["0", "0.1", "-1"],
    "--alpha": ["0.99", "2", "x"],
    "--start": ["1,1", "-1.5,2", "1e300,1", "nan,1", "inf,0", "1", "1,2,3", "a,b", "", ",",
                "1e51,1,1", "0,0,0,0,0"],
    "--steps": ["0", "1", "20", "-5", "abc", "1e3", "1000001", "99999999999999999999999", ""],
    "--every": ["1", "3", "0", "-1", "x", "1000000"],
    "--lr-range": ["1e-3:0.3:4", "0:1:4", "1:2", "a:b:c", "1e-3:0.3:0", "1e-3:0.3:5000",
                   "1e-3:0.3:4096", "-1:1:3", "1e300:1e308:3"],
    "--momentum-range": ["0:0.9:3", "0:0.9:4096", "0:2:3", "x"],
    "--expr": ["x**2 + 3*y**2", "x**", "__import__('os')", "x" * 5000, "1/x", "exp(1000*x) + y",
               "(" * 200 + "x" + ")" * 200, "x**99999", ""],
    "--range": ["-3,3,-3,3", "3,-3,0,1", "0,0,0,0", "nan,1,2,3", "1,2", "-1e300,1e300,-1,1"],
}
OUT_NAMES = ["", "x.json/", "o.json", "o.csv", "missing/o.json", "o.txt", "o.JSON", ".", "afile/o.json"]


BASE_ARGS = {
    "run": ["--surface", "booth", "--optimizer", "gd", "--steps", "20"],
    "sweep": ["--surface", "booth", "--optimizer", "gd", "--lr-range", "1e-3:0.3:4", "--steps", "20"],
    "critical": ["--expr", "x**2 - y**2"],
}


@st.composite
def command_line(draw, folder: Path) -> list[str]:
    """``run``, ``sweep`` or ``critical``: a valid base (or nothing) with 0-4 options set to
    random values, sometimes a stray token."""
    cmd = draw(st.sampled_from(["run", "sweep", "run", "sweep", "critical"]))
    opts: dict[str, str] = {}
    if draw(st.integers(0, 3)):
        base = BASE_ARGS[cmd]
        opts = dict(zip(base[::2], base[1::2]))
        opts["--out"] = str(folder / f"{cmd}.json")
    for key in draw(st.lists(st.sampled_from(sorted(VALUES) + ["--out"]), max_size=4, unique=True)):
        if key == "--out":
            name = draw(st.sampled_from(OUT_NAMES))
            opts[key] = "" if name == "" else str(folder / name)
        else:
            opts[key] = draw(st.sampled_from(VALUES[key]))
    argv = [cmd] + [x for kv in opts.items() for x in kv]
    if draw(st.integers(0, 9)) == 0:
        argv.insert(draw(st.integers(0, len(argv))), draw(st.text(max_size=8)))
    return argv


def cli_outcome(main: Callable[[list[str]], int], argv: list[str]) -> str:
    """Like :func:`outcome`; a clean end is an exit status 0/1/2 and no traceback on stderr."""
    err = io.StringIO()
    box: dict[str, Any] = {}

    def call():
        try:
            box["rc"] = main(argv)
        except SystemExit as exc:
            box["rc"] = exc.code

    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        result = outcome(call, ())
    if result != "ok":
        return result
    if box["rc"] not in (0, 1, 2):
        return f"unclean: exit status {box['rc']!r}"
    if "Traceback" in err.getvalue():
        return "unclean: traceback on stderr"
    if box["rc"] != 0 and not err.getvalue().strip():
        return "unclean: failed with no message"
    if box["rc"] == 0 and "--out" in argv:
        out = argv[argv.index("--out") + 1]
        if not out or out.endswith("/") or not Path(out).is_file():
            return f"unclean: exit 0 for --out {Path(out).name!r}"
        if out.lower().endswith(".csv") and Path(out).read_text().startswith("{"):
            return "unclean: JSON written to a .csv"
    return "clean" if box["rc"] else "ok"


# --- counting (python -m tests.engine.fuzzing N) ------------------------------------

def _bases(folder: Path) -> dict[str, tuple[str, Any, Callable]]:
    """target name -> (suffix, strategy, loader)."""
    from optim_lab import get_surface, make_optimizer, run_many
    from optim_lab.experiment import load_experiment
    from optim_lab.io import load_trajectories, save_trajectories

    runs = run_many(get_surface("himmelblau"), [make_optimizer("gd", lr=0.01),
                                               make_optimizer("adam", lr=0.05)], [1.0, 1.0], 12)
    save_trajectories(folder / "base.json", runs[:1])
    save_trajectories(folder / "base.csv", runs, extra={"scene": "fuzz"})
    exp = json.loads((Path(__file__).parents[2] / "assets/experiments/saddle_stall.json").read_text())
    targets = {
        "trajectory JSON": (".json", mutated_json(json.loads((folder / "base.json").read_text())),
                            load_trajectories),
        "trajectory CSV": (".csv", mutated_csv((folder / "base.csv").read_text()), load_trajectories),
        "experiment": (".json", mutated_json(exp), load_experiment),
        "raw bytes as trajectory": (".json", RAW_BYTES, load_trajectories),
    }
    try:
        from optim_lab.sweep_file import load_sweep, sweep_document
    except ImportError:
        return targets
    from optim_lab.sweep import sweep
    from optim_lab.sweep_file import save_sweep

    lrs = [0.01, 0.2, 0.05]
    res = sweep(get_surface("booth"), make_optimizer("gd", lr=np.array(lrs)), [0.0, 0.0], 20)
    doc = sweep_document(res, {"lr": lrs}, [0.0, 0.0])

    save_sweep(folder / "base_sweep.json", doc)
    save_sweep(folder / "base_sweep.csv", doc)
    targets["sweep JSON"] = (".json", mutated_json(json.loads((folder / "base_sweep.json").read_text())),
                             load_sweep)
    targets["sweep CSV"] = (".csv", mutated_csv((folder / "base_sweep.csv").read_text()), load_sweep)
    return targets


def count(n: int) -> dict[str, tuple[int, dict[str, int]]]:
    from hypothesis import HealthCheck, Phase, given, settings

    from optim_lab.cli import main
    from optim_lab.io import FileFormatError

    folder = Path(tempfile.mkdtemp(prefix="optim-lab-fuzz-"))
    (folder / "afile").write_text("x")
    table: dict[str, tuple[int, dict[str, int]]] = {}
    cfg = settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
                   suppress_health_check=list(HealthCheck))
    def probe_loader(suffix, strategy, loader, tally):
        @cfg
        @given(strategy)
        def probe(data):
            r = outcome(load_file(loader, folder, suffix, data), (FileFormatError,))
            key = r.split(":")[0] if not r.startswith("unclean") else r.split(":")[1].strip()
            tally[key] = tally.get(key, 0) + 1

        probe()

    for name, (suffix, strategy, loader) in _bases(folder).items():
        tally: dict[str, int] = {}
        probe_loader(suffix, strategy, loader, tally)
        table[name] = (sum(tally.values()), tally)
    tally = {}

    @cfg
    @given(command_line(folder))
    def probe_cli(argv):
        r = cli_outcome(main, argv)
        key = r if r in ("ok", "clean") else r.split(":", 1)[1].strip()[:60]
        tally[key] = tally.get(key, 0) + 1

    probe_cli()
    table["command line"] = (sum(tally.values()), tally)
    return table


if __name__ == "__main__":
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    for name, (total, tally) in count(int(sys.argv[1]) if len(sys.argv) > 1 else 200).items():
        bad = sum(v for k, v in tally.items() if k not in ("ok", "clean"))
        print(f"{name:<24} {total:5d} inputs, {bad:4d} unclean  {tally}")
