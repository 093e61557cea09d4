"""Soak test: does memory stay flat through long use?  ``python -m tests.soak [--frames N] [--steps N]``

Kept out of the default pytest run (a few minutes).  In the real main window,
offscreen at 1280 x 800:

- Surface Lab: ``--frames`` (default 10,000) slider-jiggle frames.  A frame sets
  GD's learning-rate slider (back and forth across a range that crosses the red
  stability mark, so diverging runs are drawn too), flushes the recompute and
  repaints the window, as a drag does.
- Deep Stack Lab: ``--steps`` (default 2,000) training steps of the opening
  scenario (plain and residual stacks side by side), played by the lab's own
  training thread and redraw clock.

Resident memory (``/proc/self/statm``, after ``gc.collect()``) is sampled after
a warm-up and then regularly, twice: as it is, and right after ``malloc_trim(0)``
hands the C heap's free pages back (live memory: what a leak would grow).  The
figures are the growth from the post-warm-up sample to the last one, and the
largest growth seen; the target applies to live memory, and both are printed.  The Deep
Stack Lab keeps every step's record by design (its curves show the whole run):
that data is estimated and reported beside the growth.  ``--no-trim`` stops the
app's periodic ``malloc_trim`` (app/memory.py) to show the heap retention it
undoes (measured: +101 MB over 2,000 steps without it).  Target: growth <= 20 MB
in each lab.  Exit status 0 when both are within target, else 1.  Linux only.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

TARGET_MB = 20.0
MB = 1024 * 1024


def rss_bytes() -> int:
    """Resident set size of this process now (not the peak), from /proc/self/statm."""
    with open("/proc/self/statm") as f:
        resident_pages = int(f.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def sample() -> tuple[float, float]:
    """(resident MB now, resident MB once the C heap's free pages are handed back)."""
    from app.memory import release_free_heap

    gc.collect()
    raw = rss_bytes() / MB
    release_free_heap()
    return raw, rss_bytes() / MB


def _shell(settings_path: str):
    """The app as ``optim-lab`` starts it (settings in a temporary file), offscreen."""
    import PySide6  # noqa: F401  (bind pyqtgraph to PySide6)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from app.settings import open_settings
    from app.shell import AppShell

    shell = AppShell(app, open_settings(settings_path))
    w = shell.window
    w.resize(1280, 800)
    w.show()
    for _ in range(5):
        app.processEvents()
    return app, shell


def soak_surface(app, w, frames: int, warmup: int = 500, every: int = 500) -> dict:
    lab = w.surface_lab
    w.tabs.setCurrentWidget(lab)
    gd = lab.rows()[0]
    limit = gd.lr.stabilityLimit()
    hi = 3.0 * limit if limit else 5e-3  # well past the red mark: some frames draw a diverging run
    lo_pos, hi_pos = gd.lr.position_for(1e-4), gd.lr.position_for(hi)
    cycle = np.concatenate([np.arange(lo_pos, hi_pos + 1), np.arange(hi_pos, lo_pos - 1, -1)])

    def frame(k: int) -> None:
        gd.lr.slider.setValue(int(cycle[k % len(cycle)]))
        lab.recompute_now()
        w.repaint()
        app.processEvents()

    for k in range(warmup):
        frame(k)
    samples = [sample()]
    diverged = 0
    t0 = time.perf_counter()
    for k in range(warmup, warmup + frames):
        frame(k)
        result = lab.result_of(gd)
        diverged += result is not None and result.diverged_at is not None
        if (k - warmup + 1) % every == 0:
            samples.append(sample())
    seconds = time.perf_counter() - t0
    lab.clock.pause()
    return {"what": f"Surface Lab: {frames} slider frames ({diverged} with GD diverging)",
            "samples": samples, "seconds": seconds, "kept_mb": 0.0}


def soak_deep(app, w, steps: int, warmup: int = 200, every: int = 200) -> dict:
    from app.deep_lab import DeepStackLab

    index = next(i for i in range(w.tabs.count()) if w.tabs.tabText(i) == w.tr("Deep Stack Lab"))
    w.tabs.setCurrentIndex(index)
    lab = w.tabs.widget(index)
    assert isinstance(lab, DeepStackLab), "the Deep Stack Lab could not be built"
    panel = lab.panel
    # room past the last sample: records arrive in batches, so the warm-up may overshoot a little
    panel.set_config(panel.config(), compare=panel.compare_mode(), max_steps=warmup + steps + 1000)
    lab._rebuild()

    def done() -> int:
        return max((se.n for se in lab._series), default=0)

    def wait_for(n: int, timeout: float) -> None:
        end = time.monotonic() + timeout
        while done() < n:
            if time.monotonic() > end:
                raise RuntimeError(f"Deep Stack Lab stuck at step {done()} of {n}")
            app.processEvents()
            time.sleep(0.002)

    end = time.monotonic() + 120
    while lab._session is None and time.monotonic() < end:  # torch loads in the training thread
        app.processEvents()
        time.sleep(0.005)
    lab.play.setChecked(True)
    wait_for(warmup, 600)
    samples = [sample()]
    first = done()
    t0 = time.perf_counter()
    for target in range(first + every, first + steps + 1, every):
        wait_for(target, 600)
        samples.append(sample())
    seconds = time.perf_counter() - t0
    trained = done() - first
    lab.play.setChecked(False)
    kept = _record_bytes(lab) * trained / max(done(), 1) / MB
    lab.shutdown()
    return {"what": f"Deep Stack Lab: {trained} training steps ({len(lab._series)} stacks)",
            "samples": samples, "seconds": seconds, "kept_mb": kept}


def _record_bytes(lab) -> int:
    """Bytes of numpy data the lab keeps for its recorded steps (GUI series + the worker's records)."""
    total = 0
    seen: set[int] = set()

    def add(obj) -> None:
        nonlocal total
        if isinstance(obj, np.ndarray) and id(obj) not in seen:
            seen.add(id(obj))
            total += obj.nbytes
        elif isinstance(obj, list | tuple):
            for x in obj:
                add(x)
        elif hasattr(obj, "__dict__"):
            for x in vars(obj).values():
                add(x)

    for series in lab._series:
        add(series)
    s = lab._session
    if s is not None:
        for records in s.records:
            add(records)
    return total


def report(result: dict) -> bool:
    """Print both figures; the target applies to live memory (after the heap is trimmed)."""
    samples = np.asarray(result["samples"])
    print(f"{result['what']} in {result['seconds']:.0f} s")
    ok = True
    for column, label in ((1, "live (heap trimmed)"), (0, "resident as sampled")):
        s = samples[:, column]
        growth, worst = s[-1] - s[0], float(np.max(s - s[0]))
        within = growth <= TARGET_MB and worst <= TARGET_MB
        if column == 1:
            ok = within
        print(f"  {label}: {s[0]:.1f} MB after warm-up, {s[-1]:.1f} MB at the end: growth "
              f"{growth:+.1f} MB (largest {worst:+.1f} MB)"
              + (f"; target <= {TARGET_MB:.0f} MB {'ok' if within else 'OVER'}" if column == 1 else ""))
        print("    samples (MB): " + " ".join(f"{x:.0f}" for x in s))
    if result["kept_mb"]:
        print(f"  recorded-step data the lab keeps by design (numpy bytes): about "
              f"{result['kept_mb']:.1f} MB")
    return ok


def main(argv: list[str] | None = None) -> int:
    if not sys.platform.startswith("linux"):
        print("the soak test reads /proc/self/statm: Linux only", file=sys.stderr)
        return 2
    p = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__.splitlines()[0])
    p.add_argument("--frames", type=int, default=10_000, help="Surface Lab slider frames")
    p.add_argument("--steps", type=int, default=2_000, help="Deep Stack Lab training steps")
    p.add_argument("--only", choices=("surface", "deep"), help="run one lab only")
    p.add_argument("--no-trim", action="store_true",
                   help="stop the app's heap trimming (app/memory.py), to see what it saves")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="optim_lab_soak_") as tmp:
        app, shell = _shell(os.path.join(tmp, "settings.ini"))
        if args.no_trim:
            shell.heap.timer.stop()
        w = shell.window
        ok = True
        try:
            if args.only in (None, "surface"):
                ok &= report(soak_surface(app, w, args.frames))
            if args.only in (None, "deep"):
                ok &= report(soak_deep(app, w, args.steps))
        finally:
            shell.close()
            w.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
