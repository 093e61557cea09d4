"""The interface language: Qt translators for our .qm and Qt's own strings, and a CJK font.

``Language.apply(code)`` removes the translators it installed before and
installs the ones for ``code`` ("" = the system locale, "en", "zh_CN").  Qt then
sends every widget a ``LanguageChange`` event.  The .qm files are package data
(``app.resources``), so an installed app finds them too.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from .resources import translations_folder

__all__ = ["Language", "install_translators", "locale_for"]

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC")


def locale_for(code: str) -> str:
    """The locale name a language code means: ``$OPTIM_LAB_LANG`` or the system's for ""."""
    return code or os.environ.get("OPTIM_LAB_LANG") or QLocale.system().name()


def install_translators(app: QApplication, locale_name: str | None = None) -> list[QTranslator]:
    """Load ``optim_lab_<locale>.qm`` (and Qt's own strings) if they exist for the locale."""
    locale = QLocale(locale_name) if locale_name else QLocale.system()
    installed: list[QTranslator] = []
    folder = translations_folder()
    if folder is None:
        return installed
    own = QTranslator(app)
    if own.load(locale, "optim_lab", "_", str(folder)):
        app.installTranslator(own)
        installed.append(own)
        qt = QTranslator(app)
        if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            installed.append(qt)
    return installed


class Language:
    """The translators and font of one running app, switchable while it runs."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.code = ""
        self.translators: list[QTranslator] = []
        self._default_font = QFont(app.font())

    def apply(self, code: str) -> bool:
        """Switch to ``code``; True if a translation was found (English needs none)."""
        self.remove()
        self.code = code
        name = locale_for(code)
        if not name.startswith("en"):
            self.translators = install_translators(self.app, name)
        self._set_font(name)
        return bool(self.translators) or name.startswith("en")

    def remove(self) -> None:
        for t in self.translators:
            self.app.removeTranslator(t)
        self.translators = []

    def _set_font(self, locale_name: str) -> None:
        """Chinese needs a CJK font; pick Noto Sans CJK SC (or a kin) when installed."""
        if locale_name.startswith("zh"):
            families = QFontDatabase.families()
            for family in CJK_FAMILIES:
                if family in families:
                    f = QFont(family)
                    f.setPointSize(self._default_font.pointSize())
                    self.app.setFont(f)
                    return
        self.app.setFont(self._default_font)
