"""열 연결: one combo per target of the job kind, preset with the guesses from the headers."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from portone_desk.bulk.kinds import JobKind
from portone_desk.bulk.mapping import Mapping
from portone_desk.ui.style import MUTED_COLOR
from portone_desk.ui.widgets import guard_wheel

NOT_MAPPED = "(시트에 없음)"


class MappingPanel(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("열 연결", parent)
        self.setObjectName("bulkMapping")
        self._form = QFormLayout(self)
        self._combos: dict[str, QComboBox] = {}
        self._hint = QLabel("시트를 불러오면 열 제목을 보고 자동으로 연결합니다. 틀린 곳만 고쳐 주세요.")
        self._hint.setWordWrap(True)
        self._hint.setStyleSheet(f"color: {MUTED_COLOR};")
        self._form.addRow(self._hint)

    def show_kind(self, kind: JobKind, headers: Sequence[str], mapping: Mapping) -> None:
        while self._form.rowCount() > 1:
            self._form.removeRow(1)
        self._combos.clear()
        for target in kind.targets:
            combo = guard_wheel(QComboBox(objectName=f"bulkMap_{target.name}"))
            combo.addItem(NOT_MAPPED, None)
            for index, header in enumerate(headers):
                combo.addItem(header, index)
            chosen = mapping.get(target.name)
            combo.setCurrentIndex(0 if chosen is None else chosen + 1)
            combo.setAccessibleName(target.label)
            if target.help:
                combo.setToolTip(target.help)
            combo.currentIndexChanged.connect(lambda _=0: self.changed.emit())
            self._combos[target.name] = combo
            self._form.addRow(f"{target.label}{' *' if target.required else ''}", combo)

    def mapping(self) -> Mapping:
        return {name: combo.currentData() for name, combo in self._combos.items()}

    def combo(self, target: str) -> QComboBox:
        return self._combos[target]
