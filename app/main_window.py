"""The main window: tabs for the Surface Lab, N-D Lab and Deep Stack Lab, menus, toolbar, status bar.

The N-D and Deep Stack labs are built the first time their tab is opened, so
start-up stays fast and torch is only imported when the Deep Stack Lab needs it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from .lessons import LessonsPanel
from .surface_lab import SurfaceLab
from .widgets.animation_export import AnimationExport
from .widgets.animation_frames import NDLabFrames

LAZY_TABS = (
    ("app.nd_lab", "NDLab", "N-D Lab"),
    ("app.deep_lab", "DeepStackLab", "Deep Stack Lab"),
)


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


class MainWindow(QMainWindow):
    """Tabs, menus, toolbar and status bar.  ``app.shell.AppShell`` answers the two requests."""

    language_requested = Signal(str)  # "" (system), "en" or "zh_CN": View › Language
    reset_settings_requested = Signal()  # View › Reset settings

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Optim Lab"))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.surface_lab = SurfaceLab(self)
        self.tabs.addTab(self.surface_lab, self.tr("Surface Lab"))
        self._lazy: dict[int, Callable[[], QWidget]] = {}
        self._lazy_titles: dict[int, str] = {}  # untranslated titles of the tabs not built yet
        titles = {"N-D Lab": self.tr("N-D Lab"), "Deep Stack Lab": self.tr("Deep Stack Lab")}
        for module, cls, title in LAZY_TABS:
            if not _importable(module):
                continue
            holder = QLabel(self.tr("Loading {title}…").format(title=titles[title]), self)
            holder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            index = self.tabs.addTab(holder, titles[title])
            self._lazy[index] = lambda m=module, c=cls: getattr(importlib.import_module(m), c)()
            self._lazy_titles[index] = title
        self.setCentralWidget(self.tabs)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.surface_lab.message.connect(self._on_message)
        self.pointer_label = QLabel(self)
        self.pointer_label.setMinimumWidth(self.pointer_label.fontMetrics().horizontalAdvance(
            "x = −0.0000   y = −0.0000   f = −0.00000e+00"))
        self.statusBar().addPermanentWidget(self.pointer_label)
        self.surface_lab.pointer.connect(self.pointer_label.setText)
        self._build_lessons_dock()
        self._build_menus()
        self._build_toolbar()
        self.statusBar().showMessage(
            self.tr("Drag a learning-rate slider, click the surface to move the start, "
                    "press Space to play."), 10000)

    # --- tabs -----------------------------------------------------------------
    def _on_tab_changed(self, index: int) -> None:
        make = self._lazy.pop(index, None)
        if make is not None:
            title = self.tabs.tabText(index)
            try:
                widget = make()
            except Exception as exc:  # a broken lab must not take the window down
                widget = QLabel(self.tr("{title} could not be opened:\n{why}")
                                .format(title=title, why=exc), self)
                widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
                widget.setWordWrap(True)
            old = self.tabs.widget(index)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, title)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
            old.deleteLater()
            if hasattr(widget, "message"):
                widget.message.connect(self._on_message)
        on_surface = self.tabs.currentWidget() is self.surface_lab
        for a in self.surface_lab.acts.all():
            a.setEnabled(on_surface)
        if hasattr(self, "export_animation_action"):
            self.export_animation_action.setEnabled(self.current_animation_export() is not None)
        self.toolbar_surface.setVisible(on_surface)
        if not on_surface:
            self.statusBar().clearMessage()  # the start-up hint is about the Surface Lab

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Let every lab stop its timers and join its worker threads before the window goes."""
        for export in (self.animation_export, self._nd_animation):
            if export is not None and export.running:
                export.cancel()  # no partial animation file is left behind
        self.surface_lab.clock.pause()
        self.surface_lab.loop.shutdown()  # its drag process
        for i in range(self.tabs.count()):
            w = self.tabs.widget(i)
            if w is not self.surface_lab and w is not None:
                w.close()  # the labs' closeEvent stops their workers
        super().closeEvent(event)

    def open_tab(self, title: str) -> QWidget | None:
        """Select a tab by its (translated) title, building it if needed."""
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == title:
                self.tabs.setCurrentIndex(i)
                return self.tabs.widget(i)
        return None

    def _on_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # --- lessons ----------------------------------------------------------------
    def _build_lessons_dock(self) -> None:
        """The lessons panel, docked on the right; hidden until View › Lessons."""
        self.lessons = LessonsPanel(self.surface_lab, self, deep_lab=self.open_deep_lab)
        dock = QDockWidget(QCoreApplication.translate("MainWindow", "Lessons"), self)
        dock.setObjectName("LessonsDock")
        dock.setWidget(self.lessons)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        self.lessons_dock = dock
        self.lessons.active_changed.connect(self._on_lesson_active)

    def _on_lesson_active(self, active: bool) -> None:
        if active and self.lessons.progress is not None and not self.lessons.progress.deep:
            self.tabs.setCurrentWidget(self.surface_lab)

    def open_deep_lab(self) -> QWidget | None:
        """Open the Deep Stack Lab's tab (building it the first time) and return the lab; None
        when it is not available."""
        for i in range(self.tabs.count()):
            if i in self._lazy and self._lazy_titles.get(i) == "Deep Stack Lab":
                self.tabs.setCurrentIndex(i)  # builds it
            w = self.tabs.widget(i)
            if hasattr(w, "deep_state"):
                self.tabs.setCurrentIndex(i)
                return w
        return None

    # --- menus and toolbar ----------------------------------------------------
    def _build_menus(self) -> None:
        acts = self.surface_lab.acts
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(acts.open_experiment)
        file_menu.addAction(acts.save_experiment)
        file_menu.addSeparator()
        file_menu.addAction(acts.export_image)
        file_menu.addAction(acts.export_data)
        self.animation_export = AnimationExport(self.surface_lab, self)
        self.animation_export.message.connect(self._on_message)
        self._nd_animation: AnimationExport | None = None
        animate = QAction(QCoreApplication.translate("MainWindow", "Export &animation…"), self)
        animate.setStatusTip(QCoreApplication.translate(
            "MainWindow", "Save the playback (Surface Lab, or the N-D Lab's plane view) as a GIF, "
                          "MP4, WebP or animated PNG"))
        animate.triggered.connect(self._on_export_animation)
        file_menu.addAction(animate)
        self.export_animation_action = animate
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(acts.reset_zoom)
        for i in range(self.tabs.count()):
            title = self.tabs.tabText(i)
            a = QAction(title, self)
            a.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            a.triggered.connect(lambda _=False, k=i: self.tabs.setCurrentIndex(k))
            view_menu.addAction(a)

        view_menu.addSeparator()
        lessons_action = self.lessons_dock.toggleViewAction()
        lessons_action.setText(QCoreApplication.translate("MainWindow", "&Lessons"))
        lessons_action.setShortcut(QKeySequence("Ctrl+L"))
        view_menu.addAction(lessons_action)
        self.lessons_action = lessons_action
        self._build_language_menu(view_menu)
        reset = QAction(QCoreApplication.translate("MainWindow", "Reset settings"), self)
        reset.setStatusTip(QCoreApplication.translate(
            "MainWindow", "Forget the window size, last tab, language and export folder"))
        reset.triggered.connect(self.reset_settings_requested.emit)
        view_menu.addAction(reset)
        self.reset_settings_action = reset

        play_menu = bar.addMenu(self.tr("&Playback"))
        for key in ("play", "step", "back", "reset", "end"):
            play_menu.addAction(acts.playback[key])

        self.scenario_menu = bar.addMenu(self.tr("&Scenarios"))
        for a in acts.scenarios:
            self.scenario_menu.addAction(a)

        help_menu = bar.addMenu(self.tr("&Help"))
        keys = QAction(self.tr("Keyboard shortcuts"), self)
        keys.setShortcut(QKeySequence.StandardKey.HelpContents)
        keys.triggered.connect(self._show_shortcuts)
        help_menu.addAction(keys)
        about = QAction(self.tr("About Optim Lab"), self)
        about.triggered.connect(self._show_about)
        help_menu.addAction(about)

    def current_animation_export(self) -> AnimationExport | None:
        """The animation export of the open tab: the Surface Lab's, or the N-D Lab's plane view
        (made the first time, sharing the Surface Lab's size choices); None for other tabs."""
        w = self.tabs.currentWidget()
        if w is self.surface_lab:
            return self.animation_export
        if not (hasattr(w, "figure") and hasattr(w, "playback") and hasattr(w, "result")):
            return None
        if self._nd_animation is None or self._nd_animation.source.lab is not w:
            self._nd_animation = AnimationExport(NDLabFrames(w), self)
            self._nd_animation.message.connect(self._on_message)
        return self._nd_animation

    def _on_export_animation(self) -> None:
        export = self.current_animation_export()
        if export is None:
            return
        if export is not self.animation_export:  # one set of choices and one folder
            export.choice, export.folder = self.animation_export.choice, self.animation_export.folder
        export.dialog(self)
        if export is not self.animation_export:
            self.animation_export.choice, self.animation_export.folder = export.choice, export.folder

    def _build_language_menu(self, view_menu) -> None:
        menu = view_menu.addMenu(QCoreApplication.translate("MainWindow", "&Language"))
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        # Each language is named in itself, so it can be found whatever the current language.
        for code, name in (("", QCoreApplication.translate("MainWindow", "System language")),
                           ("en", "English"), ("zh_CN", "简体中文")):
            a = QAction(name, self)
            a.setCheckable(True)
            a.setData(code)
            a.triggered.connect(lambda _=False, c=code: self.language_requested.emit(c))
            group.addAction(a)
            menu.addAction(a)
            self.language_actions[code] = a
        self.language_menu = menu

    def set_language_checked(self, code: str) -> None:
        action = self.language_actions.get(code, self.language_actions[""])
        action.setChecked(True)

    def _build_toolbar(self) -> None:
        acts = self.surface_lab.acts
        tb = QToolBar(self.tr("Surface Lab"), self)
        tb.setObjectName("SurfaceToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for key in ("reset", "back", "play", "step", "end"):
            tb.addAction(acts.playback[key])
        for key in ("reset", "back", "step", "end"):
            w = tb.widgetForAction(acts.playback[key])
            if isinstance(w, QToolButton):
                w.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        tb.addSeparator()
        scen = QToolButton(tb)
        scen.setText(self.tr("Scenarios"))
        scen.setToolTip(self.tr("Load a one-click demonstration of a pathology"))
        scen.setMenu(self.scenario_menu)
        scen.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        tb.addWidget(scen)
        tb.addSeparator()
        tb.addAction(acts.export_image)
        tb.addAction(acts.export_data)
        tb.addSeparator()
        tb.addAction(self.lessons_action)
        self.addToolBar(tb)
        self.toolbar_surface = tb

    def _show_shortcuts(self) -> None:
        lines = []
        for a in self.surface_lab.acts.all():
            if not a.shortcut().isEmpty():
                key = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                lines.append(f"{key}\t{a.text().replace('&', '')}")
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), "\n".join(lines))

    def _show_about(self) -> None:
        QMessageBox.about(self, self.tr("About Optim Lab"), self.tr(
            "Optim Lab: watch gradient-descent optimizers succeed and fail on loss surfaces, "
            "in many dimensions and in deep stacks."))
