"""Remembered settings: window geometry, last tab, language, last-used export folder.

Stored with ``QSettings`` in INI format: by default in the user's configuration
folder (``~/.config/Optim Lab/optim-lab.ini`` on Linux); the environment
variable ``OPTIM_LAB_SETTINGS`` names another file (tests point it at a
temporary path).  Every read is typed (``value(key, default, type=...)``:
without ``type=`` an INI store hands back strings such as ``'1'`` or
``'true'``) and validated, so a corrupt or hand-edited store falls back to the
defaults key by key instead of breaking the start-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["LANGUAGES", "Remembered", "open_settings", "read_settings", "write_settings"]

# Language codes the app offers; "" follows the system locale.
LANGUAGES = ("", "en", "zh_CN")

GEOMETRY, TAB, LANGUAGE, EXPORT_FOLDER = "window/geometry", "window/tab", "ui/language", "export/folder"


@dataclass
class Remembered:
    geometry: QByteArray | None = None  # QWidget.saveGeometry(); None: the default size
    tab: int = 0
    language: str = ""  # one of LANGUAGES
    export_folder: str = ""  # where the last file was opened, saved or exported ("" = none)


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
    return r


def write_settings(settings: QSettings, r: Remembered) -> None:
    if r.geometry is not None:
        settings.setValue(GEOMETRY, r.geometry)
    settings.setValue(TAB, int(r.tab))
    settings.setValue(LANGUAGE, r.language if r.language in LANGUAGES else "")
    settings.setValue(EXPORT_FOLDER, r.export_folder)
    settings.sync()
