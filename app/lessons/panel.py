"""A side panel that walks the learner through a lesson on the Surface Lab's session.

The panel owns a :class:`optim_lab.lessons.LessonProgress` while a lesson runs. It
re-evaluates the step's check one event-loop turn after any change of the session
(its psygnal signals), shows the computed feedback and enables Next only when the
check passes. Leave restores the lab's state from before the lesson.

A Deep Stack Lab lesson (``"lab": "deep"``) runs on the Deep Stack Lab, which the window
opens through the ``deep_lab`` callable; the panel re-checks when that lab's
``state_changed`` fires (training steps drawn, configuration changed, training stopped).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from optim_lab.lessons import Lesson, LessonError, LessonProgress, bundled_lessons, load_lesson, text_in


def lesson_language() -> str:
    """The language of lesson texts: that of the interface translation in force."""
    # Translators: not shown; the language code of lesson texts ("zh_CN" in Chinese).
    code = QCoreApplication.translate("LessonsPanel", "lesson-language-en")
    return "zh_CN" if code == "zh_CN" else "en"


class LessonsPanel(QWidget):
    """Choose a lesson, read the step, act in the Surface Lab, go on when the check passes."""

    active_changed = Signal(bool)

    def __init__(self, lab, parent: QWidget | None = None,
                 deep_lab: Callable[[], object | None] | None = None) -> None:
        super().__init__(parent)
        self.lab = lab
        self.deep_lab = deep_lab  # opens the Deep Stack Lab and returns it (None: not available)
        self._watched: list = []  # deep labs whose state_changed re-checks
        self.session = lab.session
        self.progress: LessonProgress | None = None
        self.lessons: list[Lesson] = bundled_lessons()
        self.passed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        self._build()
        for sig in (self.session.surface_changed, self.session.start_changed,
                    self.session.steps_changed, self.session.runs_changed,
                    self.session.run_changed):
            sig.connect(self._on_session_changed)
        self._retranslate()
        self._show()

    # --- building ---------------------------------------------------------------------
    def _build(self) -> None:
        self.chooser = QComboBox(self)
        self.start_button = QPushButton(self)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.summary = QLabel(self)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.counter = QLabel(self)
        self.text = QLabel(self)
        self.feedback = QLabel(self)
        self.feedback.setFrameShape(QFrame.Shape.StyledPanel)
        self.feedback.setMargin(6)
        for label in (self.summary, self.title, self.text, self.feedback):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.back_button, self.next_button = QPushButton(self), QPushButton(self)
        self.reset_button, self.leave_button = QPushButton(self), QPushButton(self)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.reset_button.clicked.connect(self.reset)
        self.leave_button.clicked.connect(self.leave)

        lay = QVBoxLayout(self)
        self.choose_box = QWidget(self)
        c = QVBoxLayout(self.choose_box)
        c.setContentsMargins(0, 0, 0, 0)
        c.addWidget(self.chooser)
        c.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.open_button)
        c.addLayout(row)
        lay.addWidget(self.choose_box)
        self.step_box = QWidget(self)
        s = QVBoxLayout(self.step_box)
        s.setContentsMargins(0, 0, 0, 0)
        s.addWidget(self.title)
        s.addWidget(self.counter)
        s.addWidget(self.text)
        s.addWidget(self.feedback)
        nav = QHBoxLayout()
        for b in (self.back_button, self.next_button, self.reset_button, self.leave_button):
            nav.addWidget(b)
        s.addLayout(nav)
        lay.addWidget(self.step_box)
        lay.addStretch(1)
        self.chooser.currentIndexChanged.connect(self._show_summary)
        self.setMinimumWidth(260)

    def _retranslate(self) -> None:
        lang = lesson_language()
        current = self.chooser.currentIndex()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for lesson in self.lessons:
            self.chooser.addItem(lesson.title_in(lang))
        self.chooser.setCurrentIndex(max(current, 0))
        self.chooser.blockSignals(False)
        self.start_button.setText(QCoreApplication.translate("LessonsPanel", "Start lesson"))
        self.open_button.setText(QCoreApplication.translate("LessonsPanel", "Open lesson file…"))
        self.open_button.setToolTip(QCoreApplication.translate(
            "LessonsPanel", "Load a lesson written as a JSON file"))
        self.back_button.setText(QCoreApplication.translate("LessonsPanel", "Back"))
        self.next_button.setText(QCoreApplication.translate("LessonsPanel", "Next"))
        self.reset_button.setText(QCoreApplication.translate("LessonsPanel", "Reset"))
        self.reset_button.setToolTip(QCoreApplication.translate(
            "LessonsPanel", "Start the lesson again from its first step"))
        self.leave_button.setText(QCoreApplication.translate("LessonsPanel", "Leave"))
        self.leave_button.setToolTip(QCoreApplication.translate(
            "LessonsPanel", "End the lesson and restore the lab as it was before"))
        self._show_summary()
        self._show()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # --- commands -----------------------------------------------------------------------
    def start(self, lesson: Lesson) -> None:
        """Begin ``lesson`` (leaving any running one first, which restores the lab)."""
        if self.progress is not None:
            self.leave()
        if lesson.lab == "deep":
            target = self._deep_target()
            if target is None:
                return
            self.progress = LessonProgress(lesson, target)
        else:
            self.progress = LessonProgress(lesson, self.session)
        self._after_setup()
        self.active_changed.emit(True)

    def _deep_target(self):
        """The Deep Stack Lab (opened), watched for changes; None with a message if absent."""
        target = self.deep_lab() if self.deep_lab is not None else None
        if target is None or not hasattr(target, "deep_state"):
            QMessageBox.warning(self, QCoreApplication.translate("LessonsPanel", "Lesson"),
                                QCoreApplication.translate(
                                    "LessonsPanel", "This lesson needs the Deep Stack Lab, which "
                                    "is not available here (PyTorch missing?)."))
            return None
        if target not in self._watched:
            target.state_changed.connect(self._on_session_changed)
            self._watched.append(target)
        return target

    def take_over(self, other: LessonsPanel) -> None:
        """Continue ``other``'s running lesson here (the language switch rebuilds the window;
        the session state was carried over already)."""
        if other.progress is not None:
            if other.progress.deep:  # the new window's Deep Stack Lab starts afresh
                target = self._deep_target()
                if target is None:
                    other.progress = None
                    return
                self.progress = LessonProgress.resume(other.progress, target)
                self.progress.reapply()
            else:
                self.progress = LessonProgress.resume(other.progress, self.session)
            other.progress = None
            self.refresh()
            self.active_changed.emit(True)

    def start_index(self, index: int) -> None:
        self.start(self.lessons[index])

    def next(self) -> None:
        if self.progress is not None and self.progress.next():
            self._after_setup()

    def back(self) -> None:
        if self.progress is not None and self.progress.back():
            self._after_setup()

    def reset(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self._after_setup()

    def leave(self) -> None:
        if self.progress is None:
            return
        deep = self.progress.deep
        self.progress.leave()
        self.progress = None
        self._after_setup(deep)
        self.active_changed.emit(False)

    def refresh(self) -> None:
        """Re-evaluate the current step's check and show the result."""
        self._timer.stop()
        self._show()

    # --- handlers -------------------------------------------------------------------------
    def _on_start_clicked(self) -> None:
        if self.lessons:
            self.start_index(self.chooser.currentIndex())

    def _on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, QCoreApplication.translate("LessonsPanel", "Open lesson file"), "",
            QCoreApplication.translate("LessonsPanel", "Lessons (*.json)"))
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> bool:
        """Start a lesson from a file; a bad file gives the validator's message, nothing else."""
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            QMessageBox.warning(self, QCoreApplication.translate("LessonsPanel", "Lesson file"),
                                QCoreApplication.translate(
                                    "LessonsPanel", "This lesson file cannot be used:\n{why}")
                                .format(why=exc))
            return False
        self.start(lesson)
        return True

    def _on_session_changed(self, *args) -> None:
        if self.progress is not None:
            self._timer.start()

    def _after_setup(self, deep: bool | None = None) -> None:
        if deep is None:
            deep = self.progress is not None and self.progress.deep
        if not deep:
            lab = self.lab
            lab.clock.pause()
            lab.recompute_now()
            lab.clock.seek(lab.clock.steps)
        self.refresh()

    # --- showing -------------------------------------------------------------------------
    def _show_summary(self) -> None:
        i = self.chooser.currentIndex()
        ok = 0 <= i < len(self.lessons)
        self.summary.setText(text_in(self.lessons[i].summary, lesson_language()) if ok else "")

    def _show(self) -> None:
        p = self.progress
        self.choose_box.setVisible(p is None)
        self.step_box.setVisible(p is not None)
        if p is None:
            self.passed = False
            return
        lang = lesson_language()
        result = p.check(lang)
        self.passed = result.passed
        self.title.setText(p.lesson.title_in(lang))
        self.counter.setText(QCoreApplication.translate("LessonsPanel", "Step {k} of {n}")
                             .format(k=p.index + 1, n=p.count))
        self.text.setText(text_in(p.step.text, lang))
        facts = result.feedback(lang)
        stop = "." if lang == "en" else "。"
        if result.passed:
            done = (QCoreApplication.translate("LessonsPanel", "Lesson complete!") if p.is_last
                    else QCoreApplication.translate("LessonsPanel", "Well done."))
            lines = ["✓ " + done]
            lines.append(facts + stop)
            if p.step.success:
                lines.append(text_in(p.step.success, lang))
            if not p.is_last:
                lines.append(QCoreApplication.translate("LessonsPanel", "Press Next to go on."))
            self.feedback.setStyleSheet("QLabel { background: #e3f4e1; color: #1d4d1a; }")
        else:
            not_yet = QCoreApplication.translate("LessonsPanel", "Not yet:")
            lines = [f"{not_yet} {facts}{stop}"]
            self.feedback.setStyleSheet("QLabel { background: #f4f1e6; color: #4a4434; }")
        self.feedback.setText("\n".join(lines))
        self.back_button.setEnabled(p.index > 0)
        self.next_button.setEnabled(result.passed and not p.is_last)
