"""Screenshots of the Surface Lab's maps (not collected by pytest).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.app.screenshot_maps [OUT_DIR] [LOCALE]

Writes ``maps_*.png`` (default folder ``assets/screenshots``; with LOCALE, e.g. zh_CN,
the names end in ``_zh_CN``): Himmelblau basins, Rastrigin basins, the Booth
(lr, β) map with its stability boundaries and the Rosenbrock learning-rate sweep of
every run at once (one curve and one limit line per run, in the run's colour).
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtWidgets import QApplication  # noqa: E402

SHOTS = (  # file, surface, optimizer of the mapped run, basins, hyper plot ("map"/"sweep_all")
    ("maps_himmelblau_basins", "himmelblau", "gd", True, None),
    ("maps_rastrigin_basins", "rastrigin", "momentum", True, None),
    ("maps_booth_hyper", "booth", "momentum", False, "map"),
    ("maps_rosenbrock_lr_sweep", "rosenbrock", "gd", False, "sweep_all"),
)


def main(out: str, locale: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    from app.language import install_translators
    from app.surface_lab import SurfaceLab

    if locale:
        install_translators(app, locale)
    os.makedirs(out, exist_ok=True)
    for name, surface, optimizer, basins, hyper in SHOTS:
        lab = SurfaceLab()
        lab.resize(1400, 860)
        lab.show()
        lab.set_surface(surface)
        lab.recompute_now()
        maps = lab.maps
        box = maps.panel.run_box
        for i in range(box.count()):
            if lab.session.run(box.itemData(i)).optimizer == optimizer:
                box.setCurrentIndex(i)
                break
        maps.panel.basins.setChecked(basins)
        if hyper:
            maps.panel.hyper_kind.setCurrentIndex(maps.panel.hyper_kind.findData(hyper))
        maps.panel.hyper.setChecked(hyper is not None)
        for _ in range(400):
            maps.refine_now()
            maps.computer.wait()
            app.processEvents()
            if all(maps._shown[k] >= maps._latest[k] for k in ("basins", "hyper")):
                break
        time.sleep(0.1)
        app.processEvents()
        suffix = f"_{locale}" if locale else ""
        path = os.path.join(out, f"{name}{suffix}.png")
        lab.grab().save(path)
        print("saved", path, maps.timings)
        lab.close()
        lab.deleteLater()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "assets/screenshots",
                  sys.argv[2] if len(sys.argv) > 2 else None))
