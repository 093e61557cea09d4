"""Remembered settings: window geometry, last tab, language, last-used export folder, the
Surface Lab's column sizes and last setup (surface, start, runs, steps: the experiment it
would save), and the animation export's size, frame rate, duration and loss-plot choice.

Stored with ``QSettings`` in INI format: by default in the user's configuration
folder (``~/.config/Optim Lab/optim-lab.ini`` on Linux); the environment
variable ``OPTIM_LAB_SETTINGS`` names another file (tests point it at a
temporary path).  Every read is typed (``value(key, default, type=...)``:
without ``type=`` an INI store hands back strings such as ``'1'`` or
``'true'``) and validated, so a corrupt or hand-edited store falls back to the
defaults key by key instead of breaking the start-up.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["LANGUAGES", "Remembered", "open_settings", "read_settings", "write_settings"]

# Language codes the app offers; "" follows the system locale.
LANGUAGES = ("", "en", "zh_CN")

GEOMETRY, TAB, LANGUAGE, EXPORT_FOLDER = "window/geometry", "window/tab", "ui/language", "export/folder"
SPLITTER, EXPERIMENT = "surface/splitter", "surface/experiment"
ANIMATION = "animation/"  # width, fps, seconds, loss_plot
MAX_EXPERIMENT_TEXT = 200_000  # characters of the remembered setup (a few runs: ~2 kB)


@dataclass
class Remembered:
    geometry: QByteArray | None = None  # QWidget.saveGeometry(); None: the default size
    tab: int = 0
    language: str = ""  # one of LANGUAGES
    export_folder: str = ""  # where the last file was opened, saved or exported ("" = none)
    splitter: list[int] | None = None  # the Surface Lab's three column widths; None: default
    experiment: object | None = None  # the Surface Lab's last setup (an Experiment); None: default
    animation: dict = field(default_factory=dict)  # AnimationChoice fields that were valid


def open_settings(path: str | os.PathLike | None = None) -> QSettings:
    """The settings store: ``path``, else ``$OPTIM_LAB_SETTINGS``, else the user's own."""
    path = path or os.environ.get("OPTIM_LAB_SETTINGS")
    if path:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Optim Lab", "optim-lab")


def _typed(settings: QSettings, key: str, default, kind):
    try:
        value = settings.value(key, default, type=kind)
    except (TypeError, ValueError, RuntimeError):  # a value the type cannot hold
        return default
    return value if isinstance(value, kind) else default


def read_settings(settings: QSettings) -> Remembered:
    """What was remembered; anything missing, of the wrong type or out of range is the default."""
    r = Remembered()
    geometry = _typed(settings, GEOMETRY, QByteArray(), QByteArray)
    r.geometry = geometry if not geometry.isEmpty() else None
    r.tab = max(0, _typed(settings, TAB, 0, int))
    language = _typed(settings, LANGUAGE, "", str)
    r.language = language if language in LANGUAGES else ""
    folder = _typed(settings, EXPORT_FOLDER, "", str)
    r.export_folder = folder if folder and "\0" not in folder and Path(folder).is_dir() else ""
    r.splitter = _splitter(_typed(settings, SPLITTER, "", str))
    r.experiment = _experiment(_typed(settings, EXPERIMENT, "", str))
    r.animation = _animation(settings)
    return r


def _splitter(text: str) -> list[int] | None:
    """``"330,600,340"``: three widths from 0 to 20000 pixels with one above 0, else None."""
    try:
        sizes = [int(v) for v in text.split(",")]
    except ValueError:
        return None
    ok = len(sizes) == 3 and all(0 <= v <= 20000 for v in sizes) and sum(sizes) > 0
    return sizes if ok else None


def _experiment(text: str):
    """The remembered setup, validated as an experiment file is; None when absent or broken."""
    if not text or len(text) > MAX_EXPERIMENT_TEXT:
        return None
    from optim_lab.experiment import experiment_from_dict
    from optim_lab.files import parse_json_text

    try:
        return experiment_from_dict(parse_json_text(text, "remembered setup"), "remembered setup",
                                    dim=2)
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def _animation(settings: QSettings) -> dict:
    """The animation choices that are present and in range (``AnimationChoice`` fields)."""
    out: dict = {}
    limits = {"width": (160, 4096), "fps": (1, 60), "seconds": (1, 600)}
    for name, (lo, hi) in limits.items():
        v = _typed(settings, ANIMATION + name, -1, int)
        if lo <= v <= hi:
            out[name] = v
    if settings.contains(ANIMATION + "loss_plot"):
        v = _typed(settings, ANIMATION + "loss_plot", False, bool)
        raw = str(settings.value(ANIMATION + "loss_plot", "")).lower()
        if raw in ("true", "false"):  # bool() would read any text as True
            out["loss_plot"] = v
    return out


def write_settings(settings: QSettings, r: Remembered) -> None:
    if r.geometry is not None:
        settings.setValue(GEOMETRY, r.geometry)
    settings.setValue(TAB, int(r.tab))
    settings.setValue(LANGUAGE, r.language if r.language in LANGUAGES else "")
    settings.setValue(EXPORT_FOLDER, r.export_folder)
    if r.splitter is not None:
        settings.setValue(SPLITTER, ",".join(str(int(v)) for v in r.splitter))
    if r.experiment is not None:
        settings.setValue(EXPERIMENT, json.dumps(r.experiment.to_dict(), allow_nan=False,
                                                 ensure_ascii=False))
    for name, value in r.animation.items():
        settings.setValue(ANIMATION + name, value)
    settings.sync()
