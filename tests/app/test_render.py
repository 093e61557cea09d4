"""``optim-lab render``: offscreen rendering of the Surface Lab view, and ``--list``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from app.cli import main
from app.surface_lab import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]


def test_list_names_every_scenario(capsys):
    assert main(["render", "--list"]) == 0
    out = capsys.readouterr().out
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert names == list(SCENARIOS)


@pytest.mark.parametrize("name", ["lr_too_large", "saddle_stall"])
def test_render_png_at_the_requested_size(tmp_path, qapp, name):
    out = tmp_path / f"{name}.png"
    assert main(["render", "--scenario", name, "--out", str(out),
                 "--width", "900", "--height", "600"]) == 0
    img = QImage(str(out))
    assert (img.width(), img.height()) == (900, 600)
    small = img.scaled(60, 40)
    assert len({small.pixel(x, y) for x in range(60) for y in range(40)}) > 40


def test_render_svg(tmp_path, qapp):
    out = tmp_path / "v.svg"
    assert main(["render", "--scenario", "plateau", "--out", str(out)]) == 0
    assert QSvgRenderer(str(out)).isValid()


def test_bad_arguments_give_a_message_and_exit_code(tmp_path, capsys, qapp):
    assert main(["render", "--scenario", "nope", "--out", str(tmp_path / "x.png")]) == 2
    assert "unknown scenario 'nope'" in capsys.readouterr().err
    assert main(["render", "--scenario", "plateau", "--out", str(tmp_path / "x.gif")]) == 2
    assert ".png or .svg" in capsys.readouterr().err
    assert main(["render", "--scenario", "plateau"]) == 2
    assert list(tmp_path.iterdir()) == []


def test_render_runs_headless_in_a_fresh_process(tmp_path):
    out = tmp_path / "r.png"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no DISPLAY, no QT_QPA_PLATFORM
    code = ("import sys; from app.cli import main; r = main(['render', '--scenario', "
            f"'local_minima', '--out', {str(out)!r}]); print('torch' in sys.modules); sys.exit(r)")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().splitlines()[-1] == "False"  # rendering never imports torch
    assert QImage(str(out)).width() == 1200


def test_render_a_surface_with_the_default_runs(tmp_path, qapp, capsys):
    out = tmp_path / "h.png"
    assert main(["render", "--surface", "himmelblau", "--out", str(out), "--width", "640",
                 "--height", "480"]) == 0
    assert QImage(str(out)).size().toTuple() == (640, 480)
    assert main(["render", "--surface", "nope", "--out", str(tmp_path / "n.png")]) == 2
    assert "unknown surface 'nope'" in capsys.readouterr().err
