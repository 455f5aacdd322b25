"""The confirmation-summary dialog shown before anything is sent that changes money or receipts.

Tabs call ``confirm.confirm(...)`` through the module (not ``from … import confirm``) so tests can
replace it with an auto-answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from portone_desk.ui.style import ERROR_COLOR

# A summary is (section title, rows) blocks; a section title may be "" for a plain list.
Rows = Sequence[tuple[str, str]]
Sections = Sequence[tuple[str, Rows]]


@dataclass(frozen=True)
class Confirmation:
    """The agent said yes; ``note`` is the optional memo they typed (for the activity log)."""

    note: str = ""


class ConfirmDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        sections: Sections,
        *,
        message: str = "",
        ok_text: str = "보내기",
        danger: bool = False,
        note_label: str | None = None,
        note_required: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        if message:
            text = QLabel(message)
            text.setObjectName("confirmMessage")
            text.setWordWrap(True)
            if danger:
                text.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
            layout.addWidget(text)
        for heading, rows in sections:
            holder: QWidget = QGroupBox(heading) if heading else QWidget()
            grid = QFormLayout(holder)
            for label, value in rows:
                shown = QLabel(value or "—")
                shown.setWordWrap(True)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addRow(f"{label}:", shown)
            layout.addWidget(holder)
        self.note: QPlainTextEdit | None = None
        if note_label:
            layout.addWidget(QLabel(note_label))
            self.note = QPlainTextEdit()
            self.note.setObjectName("confirmNote")
            self.note.setAccessibleName(note_label)
            self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
            self.note.setTabChangesFocus(True)
            layout.addWidget(self.note)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("confirmOk")
        cancel = buttons.addButton("돌아가기", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("confirmCancel")
        # A destructive action must not be one Enter press away.
        cancel.setDefault(danger)
        ok.setDefault(not danger)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._ok = ok
        if note_required and self.note is not None:
            # The why goes to the activity log (who cancelled, and why): no answer without it.
            ok.setToolTip("사유를 입력해야 보낼 수 있습니다.")
            self.note.textChanged.connect(self._require_note)
            self._require_note()
            self.note.setFocus()

    def _require_note(self) -> None:
        self._ok.setEnabled(bool(self.note_text()))

    def note_text(self) -> str:
        return self.note.toPlainText().strip() if self.note is not None else ""


def confirm(
    parent: QWidget | None,
    title: str,
    sections: Sections,
    *,
    message: str = "",
    ok_text: str = "보내기",
    danger: bool = False,
    note_label: str | None = None,
    note_required: bool = False,
) -> Confirmation | None:
    """Ask before sending; ``None`` when the agent backs out. With ``note_required`` the memo (a
    reason for the history) must be filled before the send button works."""
    dialog = ConfirmDialog(
        parent,
        title,
        sections,
        message=message,
        ok_text=ok_text,
        danger=danger,
        note_label=note_label,
        note_required=note_required,
    )
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return Confirmation(note=dialog.note_text())
    finally:
        dialog.deleteLater()
