"""A response payload shown as labelled rows: won, KST, 예/아니오, enum labels, links and copy buttons.

``ResultView.render(data, model)`` is how every tab shows what the API returned. Value labels are
``f"{name}_value"``, copy buttons ``f"copy_{name}"``; URLs open in the browser.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from portone_desk.api import josa
from portone_desk.api.masking import MASK_FORMATS
from portone_desk.api.model import ResponseField, ResponseModel
from portone_desk.api.timefmt import format_kst, format_won
from portone_desk.ui.style import MUTED_COLOR

YES, NO = "예", "아니오"
COPY_TEXT, COPIED_TEXT = "복사", "복사됨"


def lookup(data: Mapping[str, object], name: str) -> object:
    """A dotted name ("orderer.name") read through nested objects."""
    value: object = data
    for part in name.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def format_value(f: ResponseField, value: object) -> str:
    """The text an agent sees for one value; empty for missing values."""
    if value is None or value == "":
        return ""
    try:
        # Personal data: masked the way the catalog's format says (names, addresses, numbers …).
        if (mask := MASK_FORMATS.get(f.format)) is not None:
            return mask(str(value))
        match f.format:
            case "won":
                return format_won(value)  # type: ignore[arg-type]
            case "kst":
                return format_kst(value)  # type: ignore[arg-type]
            case "bool":
                return YES if value else NO
            case "enum":
                code = str(value)
                for option in f.options:
                    if option.code == code:
                        return option.label
                return code
            case "json":
                return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, OverflowError):
        pass  # odd server data: show it raw rather than fail
    return str(value)


def default_copyable(name: str) -> bool:
    """Ids and links an agent pastes elsewhere (SMS, chat, another system)."""
    leaf = name.rsplit(".", 1)[-1]
    return leaf.endswith(("_uid", "_id", "_tid")) or leaf in ("apply_num", "receipt_url")


def copy_to_clipboard(text: str, button: QPushButton | None = None) -> None:
    QGuiApplication.clipboard().setText(text)
    if button is not None:
        button.setText(COPIED_TEXT)
        QTimer.singleShot(1500, lambda: _restore(button))


def _restore(button: QPushButton) -> None:
    with contextlib.suppress(RuntimeError):  # the view may have been cleared meanwhile
        button.setText(COPY_TEXT)


class ResultView(QWidget):
    """Labelled rows for one response object."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setColumnStretch(1, 1)
        self._values: dict[str, str] = {}
        self._columns = 1
        self._empty = QLabel()
        self._empty.setObjectName("resultEmpty")
        self._empty.setStyleSheet(f"color: {MUTED_COLOR};")
        self._grid.addWidget(self._empty, 0, 0, 1, 3)

    def clear(self, message: str = "") -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self._empty:
                # Nameless at once so lookups by objectName never find the old rows; not detached,
                # since a parentless widget is a window of its own (and may take the activation).
                widget.hide()
                widget.setObjectName("")
                widget.deleteLater()
        self._values.clear()
        self._empty.setText(message)
        self._empty.setVisible(bool(message))
        self._grid.addWidget(self._empty, 0, 0, 1, 3 * self._columns)

    # Not QWidget.render (painting to a device): the name predates mypy here and every tab uses it.
    def render(  # type: ignore[override]
        self,
        data: Mapping[str, object] | None,
        model: ResponseModel,
        fields: Sequence[str] | None = None,
        *,
        copyable: Iterable[str] | None = None,
        extra: Sequence[tuple[str, str]] = (),
        skip_empty: bool = True,
        columns: int = 1,
    ) -> None:
        """Show ``data`` by ``model``: all its fields, or ``fields`` in that order, then ``extra`` rows.

        ``columns`` > 1 lays the rows out side by side (filled left to right), for short values.
        """
        self.clear()
        self._columns = max(columns, 1)
        for group in range(self._columns):
            self._grid.setColumnStretch(group * 3 + 1, 1)
        self._empty.setVisible(False)
        if not isinstance(data, Mapping):
            self.clear("표시할 내용이 없습니다")
            return
        copy_set = set(copyable) if copyable is not None else None
        names = list(fields) if fields is not None else [f.name for f in model.fields]
        row = 0
        for name in names:
            f = model.field(name) or ResponseField(name, name)
            raw = lookup(data, name)
            text = format_value(f, raw)
            if not text and skip_empty:
                continue
            can_copy = name in copy_set if copy_set is not None else default_copyable(name)
            self._add_row(row, f, text, raw, can_copy and bool(text))
            row += 1
        for label, text in extra:
            self._add_row(row, ResponseField(f"extra_{row}", label), text, text, False)
            row += 1

    def _add_row(self, index: int, f: ResponseField, text: str, raw: object, can_copy: bool) -> None:
        row, group = divmod(index, self._columns)
        base = group * 3
        key = f.name.replace(".", "_")
        name_label = QLabel(f.label)
        name_label.setStyleSheet(f"color: {MUTED_COLOR};")
        value = QLabel()
        value.setObjectName(f"{key}_value")
        value.setAccessibleName(f.label)
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if f.format == "url":
            url = str(raw)
            value.setText(f'<a href="{escape(url, quote=True)}">{escape(url)}</a>')
            value.setTextFormat(Qt.TextFormat.RichText)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByMouse
            )
            value.setOpenExternalLinks(False)  # we open it ourselves so tests can intercept
            value.linkActivated.connect(lambda link: open_url(link))
            value.setToolTip("클릭하면 브라우저에서 엽니다")
        else:
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setText(text)
            if f.format == "enum" and raw is not None:
                value.setToolTip(str(raw))
        name_label.setBuddy(value)
        self._grid.addWidget(name_label, row, base, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(value, row, base + 1)
        if can_copy:
            button = copy_button(f.name, str(raw), f.label)
            self._grid.addWidget(button, row, base + 2, Qt.AlignmentFlag.AlignTop)
        self._values[f.name] = text if f.format != "url" else str(raw)

    def text_of(self, name: str) -> str:
        """The shown text of one field (the URL itself for links)."""
        return self._values.get(name, "")


def copy_button(name: str, text: str, label: str = "") -> QPushButton:
    """A small "복사" button putting ``text`` on the clipboard; objectName ``copy_{name}``."""
    button = QPushButton(COPY_TEXT)
    button.setObjectName(f"copy_{name.replace('.', '_')}")
    button.setAccessibleName(f"{label or name} 복사")
    button.setToolTip(f"{josa.obj(label or name)} 클립보드에 복사합니다")
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    # Small, so a column of them does not outweigh the values they copy.
    button.setStyleSheet("QPushButton { padding: 1px 10px; }")
    button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
    # Never squeezed to "복." at 150 %: the layout takes the space from the value beside it.
    button.setMinimumWidth(button.sizeHint().width())
    button.clicked.connect(lambda: copy_to_clipboard(text, button))
    return button


def open_url(url: str) -> bool:
    """Open a link in the agent's browser (module-level so tests can replace it)."""
    return QDesktopServices.openUrl(QUrl(url))
