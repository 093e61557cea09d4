"""Screenshots of the Surface Lab's training-dynamics controls (not collected by pytest).

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m tests.app.screenshot_dynamics_editor \
        [OUT_DIR] [LOCALE]

Writes ``dynamics_*.png`` (default folder ``assets/screenshots``; with LOCALE, e.g. zh_CN,
the names end in ``_zh_CN``): the quartic saddle with a noisy GD run beside the noiseless
one (editor open), the catapult with a warm-up schedule, its curve and the playback
readout early in the run, and the editor with every control set (AdamW on Rosenbrock).
The scenarios themselves: ``tests/app/screenshot_dynamics.py``.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtWidgets import QApplication  # noqa: E402


def _saddle(lab) -> None:
    from optim_lab.dynamics import Dynamics

    s = lab.session
    s.set_surface("quartic_saddle")
    s.clear_runs()
    s.set_start(1.0, 0.0)
    s.set_steps(600)
    s.add_run("gd", lr=0.1)
    s.add_run("gd", lr=0.1, dynamics=Dynamics(noise=1e-3, seed=3))
    lab.recompute_now()
    lab.rows()[1].dynamics_editor()


def _catapult(lab) -> None:
    from optim_lab.dynamics import Dynamics

    s = lab.session
    s.set_surface("catapult")
    s.clear_runs()
    s.set_start(4.0, 0.05)
    s.set_steps(1000)
    s.add_run("gd", lr=0.3)
    s.add_run("gd", lr=0.3, dynamics=Dynamics(
        noise=1e-6, seed=1, schedule="warmup:start_factor=0.01,total_iters=100"))
    s.add_run("adam", lr=0.05, dynamics=Dynamics(schedule="cosine:T_max=1000", clip=1.0,
                                                 amsgrad=True))
    lab.recompute_now()
    lab.clock.seek(60)


def _editor(lab) -> None:
    from optim_lab.dynamics import Dynamics

    s = lab.session
    s.set_surface("rosenbrock")
    s.clear_runs()
    s.add_run("gd")
    s.add_run("adamw", lr=0.05, dynamics=Dynamics(
        noise=0.01, noise_relative=True, seed=123456,
        schedule="warmup_cosine:warmup_iters=100,start_factor=0.01,T_max=900,eta_min=0.0001",
        clip=1.0, amsgrad=True))
    lab.recompute_now()
    lab.rows()[1].dynamics_editor()
    lab.clock.seek(240)


SHOTS = (("dynamics_noise_saddle", _saddle), ("dynamics_warmup_catapult", _catapult),
         ("dynamics_editor", _editor))


def main(out: str, locale: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    from app.language import install_translators
    from app.surface_lab import SurfaceLab

    if locale:
        install_translators(app, locale)
    os.makedirs(out, exist_ok=True)
    for name, setup in SHOTS:
        lab = SurfaceLab()
        lab.resize(1280, 800)
        lab.show()
        app.processEvents()
        setup(lab)
        for _ in range(5):
            app.processEvents()
        suffix = f"_{locale}" if locale else ""
        path = os.path.join(out, f"{name}{suffix}.png")
        lab.grab().save(path)
        print("saved", path)
        lab.close()
        lab.deleteLater()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "assets/screenshots",
                  sys.argv[2] if len(sys.argv) > 2 else None))
