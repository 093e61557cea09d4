"""Animation export of the lr_too_large scenario: encoding time and peak RSS (one process per run).

    QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.bench_animation OUT.gif|OUT.mp4 [SECONDS]

Prints frames, size, seconds taken and the process's peak RSS; with a longer duration the peak
RSS stays put (frames are streamed to the encoder, never all held).
"""

from __future__ import annotations

import resource
import sys
import time

from PySide6.QtWidgets import QApplication

from app.main_window import MainWindow


def main(out: str, seconds: float = 6.0, width: int = 960, fps: int = 30) -> None:
    app = QApplication.instance() or QApplication([])
    w = MainWindow()
    w.resize(1500, 900)
    w.show()
    w.surface_lab.load_scenario("lr_too_large", play=False)
    app.processEvents()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    exp = w.animation_export
    done = []
    exp.finished.connect(done.append)
    t0 = time.perf_counter()
    assert exp.start(out, width, fps, seconds, w)
    while not done:
        app.processEvents()
    dt = time.perf_counter() - t0
    spec = exp.spec_for(width, fps, seconds)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{out}: ok={done[0]} {spec.frames} frames {spec.width}x{spec.height} "
          f"in {dt:.1f} s ({1000 * dt / spec.frames:.0f} ms/frame); peak RSS {rss:.0f} MB "
          f"(before export {rss0:.0f} MB)")
    w.close()


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 6.0)
