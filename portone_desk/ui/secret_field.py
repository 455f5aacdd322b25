"""A credential input that, once saved, never shows its value again: "저장됨 (••••)" + "변경"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

SAVED_TEXT = "저장됨 (••••)"


class SecretField(QWidget):
    """``edit`` carries the API field name as objectName; ``value()`` is None while the saved one stands."""

    replace_requested = Signal()

    def __init__(self, name: str, label: str, password: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(name)
        self.edit.setAccessibleName(label)
        if password:
            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.saved_label = QLabel(SAVED_TEXT)
        self.saved_label.setObjectName(f"{name}_saved")
        self.change_button = QPushButton("변경")
        self.change_button.setObjectName(f"{name}_change")
        self.change_button.setAccessibleName(f"{label} 변경")
        self.change_button.clicked.connect(self.start_replacing)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.saved_label, 1)
        layout.addWidget(self.change_button)
        self.has_saved = False
        self.set_saved(False)

    def set_saved(self, saved: bool) -> None:
        """``saved``: a value is in the keyring, so show the mask instead of an input."""
        self.has_saved = saved
        # The typed value is wiped as soon as it is stored: it only lives in the keyring now.
        self.edit.clear()
        self.edit.setPlaceholderText("")
        self.edit.setVisible(not saved)
        self.saved_label.setVisible(saved)
        self.change_button.setVisible(saved)

    def start_replacing(self) -> None:
        self.saved_label.setVisible(False)
        self.change_button.setVisible(False)
        self.edit.setVisible(True)
        self.edit.setPlaceholderText("새 값을 입력하세요 (비워 두면 저장된 값을 유지합니다)")
        self.edit.setFocus()
        self.replace_requested.emit()

    def value(self) -> str | None:
        """The new value typed; None keeps the saved one; "" when nothing is saved nor typed."""
        text = self.edit.text().strip()
        if text:
            return text
        return None if self.has_saved else ""
