"""Input widgets for catalog field types, each with ``value()`` / ``set_value()`` and a ``changed`` signal.

Shared by the operation forms of every tab. Values are the API's types: amounts ``int`` won,
timestamps UNIX seconds, lists ``list[str]``, enum codes ``str``; ``None`` means "not given".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from PySide6.QtCore import QDateTime, QStringListModel, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolTip,
    QWidget,
)

from portone_desk.api.model import Option
from portone_desk.api.timefmt import KST
from portone_desk.ui.style import ERROR_COLOR
from portone_desk.ui.wheel_guard import WHEEL_GUARD_PROPERTY, WHEEL_GUARDED, guard_wheel, guard_wheels_in

__all__ = ["WHEEL_GUARDED", "WHEEL_GUARD_PROPERTY", "guard_wheel", "guard_wheels_in"]

NOT_SELECTED = "선택 안 함"
# Above this many options a combo gets type-to-search (e.g. the 40 couriers).
SEARCHABLE_THRESHOLD = 12

_NON_DIGITS = re.compile(r"[^0-9]")
_SEARCH_NOISE = re.compile(r"[\s_\-.()]+")


def _search_key(text: str) -> str:
    return _SEARCH_NOISE.sub("", text).lower()


# What may surround the digits of an amount without changing it: separators, spaces, the unit.
_AMOUNT_DECORATION = re.compile(r"[,\s원₩]")
_CLEAN_AMOUNT = re.compile(r"-?[0-9]*")
WHOLE_WON_HINT = "원 단위 정수로 입력해 주세요 (소수점이나 문자는 넣을 수 없습니다)."


def _clean_amount(text: str) -> str | None:
    """``text`` without separators, spaces and "원" if what is left is an optional '-' and digits."""
    bare = _AMOUNT_DECORATION.sub("", text)
    return bare if _CLEAN_AMOUNT.fullmatch(bare) else None


class AmountEdit(QLineEdit):
    """Whole won with thousands separators as the agent types; ``value()`` is an ``int``.

    Anything else typed (a '.', a letter) is kept exactly as typed and marked, never dropped: dropping
    the '.' of "1000.5" would turn it into 10,005원. ``value()`` then returns what was typed (a
    ``float`` for a fraction, else the text), which the catalog checks refuse before sending.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("0")
        self._plain_tooltip = ""
        self._plain_style = ""
        self._invalid = False
        self.textEdited.connect(self._reformat)

    def _reformat(self, text: str) -> None:
        if _clean_amount(text) is None:
            self._mark(True, popup=True)  # leave the text alone so the agent sees what is wrong
            self.changed.emit()
            return
        # Keep the caret after the same number of digits it followed before regrouping.
        digits_before = len(_NON_DIGITS.sub("", text[: self.cursorPosition()]))
        negative = text.strip().startswith("-")
        digits = _NON_DIGITS.sub("", text)
        shown = ("-" if negative else "") + (f"{int(digits):,}" if digits else "")
        self.setText(shown)
        caret = 1 if negative else 0
        seen = 0
        for index, ch in enumerate(shown):
            if seen >= digits_before:
                break
            if ch.isdigit():
                seen += 1
            caret = index + 1
        self.setCursorPosition(caret)
        self._mark(False)
        self.changed.emit()

    def problem(self) -> str:
        """The hint shown while the text is not a whole-won amount, else ""."""
        return WHOLE_WON_HINT if self._invalid else ""

    def _mark(self, invalid: bool, *, popup: bool = False) -> None:
        if invalid == self._invalid:
            return
        if invalid:
            # Remember the form's own tooltip/style (help text, muted deprecated fields) to restore.
            self._plain_tooltip, self._plain_style = self.toolTip(), self.styleSheet()
            self.setToolTip(WHOLE_WON_HINT)
            self.setStyleSheet(f"{self._plain_style} border: 1px solid {ERROR_COLOR};".strip())
            if popup and self.isVisible():
                QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), WHOLE_WON_HINT, self)
        else:
            self.setToolTip(self._plain_tooltip)
            self.setStyleSheet(self._plain_style)
            QToolTip.hideText()
        self._invalid = invalid
        self.setProperty("invalid", invalid)

    def value(self) -> int | float | str | None:
        text = self.text().strip()
        bare = _clean_amount(text)
        if bare is None:
            return self._as_typed(text)
        digits = _NON_DIGITS.sub("", bare)
        if not digits:
            return None
        return -int(digits) if bare.startswith("-") else int(digits)

    @staticmethod
    def _as_typed(text: str) -> float | str:
        # A fraction as a float, so the amount check can say "원 단위 정수로"; anything else (a
        # letter, "1000.0") as text, which no amount field accepts. Never a rounded or trimmed int.
        try:
            number = float(_AMOUNT_DECORATION.sub("", text))
        except ValueError:
            return text
        return number if math.isfinite(number) and not number.is_integer() else text

    def set_value(self, value: object) -> None:
        if value is None or value == "":
            self.clear()
            self._mark(False)
        elif isinstance(value, bool):
            raise TypeError("an amount cannot be a bool")
        elif isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            self.setText(f"{int(value):,}")
            self._mark(False)
        else:
            text = str(value)
            bare = _clean_amount(text)
            if bare is not None and _NON_DIGITS.sub("", bare):
                self.setText(f"{int(bare):,}")
                self._mark(False)
            else:
                self.setText(text)  # a fraction or text from elsewhere: shown as is and refused
                self._mark(bare is None)
        self.changed.emit()


def with_suffix(widget: QWidget, suffix: str) -> QWidget:
    """``widget`` followed by a small unit label ("원"), as one row."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(widget, 1)
    unit = QLabel(suffix)
    unit.setBuddy(widget)
    row.addWidget(unit)
    return box


class EnumCombo(QComboBox):
    """Korean labels shown, API codes as item data (and tooltips); optional → "선택 안 함" first."""

    changed = Signal()

    def __init__(
        self,
        options: Sequence[Option],
        *,
        optional: bool = True,
        searchable: bool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        guard_wheel(self)
        self._options = tuple(options)
        if optional:
            self.addItem(NOT_SELECTED, None)
        for option in self._options:
            self.addItem(option.label, option.code)
            self.setItemData(self.count() - 1, option.code, Qt.ItemDataRole.ToolTipRole)
        if searchable is None:
            searchable = len(self._options) > SEARCHABLE_THRESHOLD
        self.searchable = searchable
        if searchable:
            self.setEditable(True)
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            # The popup lists the options whose name or alias contains what was typed ("우체국" →
            # 우체국택배, "롯데" → 롯데택배 whose code is HYUNDAI), not only label prefixes.
            self._matches_model = QStringListModel(self)
            completer = QCompleter(self._matches_model, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            self.setCompleter(completer)
            edit = self.lineEdit()
            assert edit is not None  # an editable combo has one
            # While the list is open it has the keyboard: Tab there completes too, then moves on.
            popup = completer.popup()
            assert popup is not None  # a completer always has its list
            popup.installEventFilter(self)
            edit.setPlaceholderText("입력해서 찾기 (이름 일부도 됩니다)")
            edit.textEdited.connect(self._offer_matches)
            # Leaving the box (Tab) with text that names one option chooses it.
            edit.editingFinished.connect(self._complete_unique)
            # "Nothing chosen" reads as an empty box to type in, not as text to type after.
            self.currentIndexChanged.connect(self._blank_when_unchosen)
            self._blank_when_unchosen()
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # Tab (or a click elsewhere) out of the box completes what was typed, as Return does.
        if self.searchable and event.reason() != Qt.FocusReason.PopupFocusReason:
            self._complete_unique()
            completer = self.completer()
            popup = completer.popup() if completer is not None else None
            if popup is not None:
                popup.hide()
        super().focusOutEvent(event)

    def _blank_when_unchosen(self, *_: object) -> None:
        if self.currentData() is None and self.currentText() == NOT_SELECTED:
            self.setEditText("")

    # --- type-to-search ---------------------------------------------------------------------

    def matches(self, text: str) -> list[Option]:
        """The options ``text`` names: an exact name, code or alias; else every option one of whose
        names contains it (spaces and case ignored)."""
        key = _search_key(text)
        if not key:
            return []
        exact = [o for o in self._options if key in {_search_key(n) for n in (o.code, o.label, *o.aliases)}]
        if exact:
            return exact
        return [o for o in self._options if any(key in _search_key(n) for n in (o.label, *o.aliases))]

    def _offer_matches(self, text: str) -> None:
        self._matches_model.setStringList([o.label for o in self.matches(text)])
        self.changed.emit()

    def _complete_unique(self) -> None:
        text = self.currentText().strip()
        if not text or self.findText(text) >= 0:
            return
        found = self.matches(text)
        if len(found) == 1:
            self.setCurrentIndex(self.findData(found[0].code))
            self.setEditText(found[0].label)
            self.changed.emit()

    def value(self) -> str | None:
        if self.searchable:
            # Typed text that names one option (label, code, alias or a part of one) counts; text
            # naming several or none is returned as typed, and the check lists the few it could be.
            text = self.currentText().strip()
            if not text or text == NOT_SELECTED:
                return None
            found = self.matches(text)
            return found[0].code if len(found) == 1 else text
        data = self.currentData()
        return None if data is None else str(data)

    def set_value(self, value: object) -> None:
        index = self.findData(None if value in (None, "") else str(value))
        if index < 0 and value not in (None, ""):
            # Unknown code (newer API value): show it rather than silently dropping it.
            self.addItem(str(value), str(value))
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))
        if self.searchable and index < 0:
            self.setEditText("")


class BoolCheck(QCheckBox):
    changed = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.toggled.connect(lambda _c: self.changed.emit())

    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: object) -> None:
        self.setChecked(bool(value))


class KstDateTimeEdit(QDateTimeEdit):
    """Date and time as Korea sees it, whatever the computer's time zone; ``value()`` is UNIX seconds."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        guard_wheel(self)
        self.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.setCalendarPopup(True)
        self.set_value(int(datetime.now(KST).timestamp()))
        self.dateTimeChanged.connect(lambda _d: self.changed.emit())

    def focusNextPrevChild(self, next_: bool) -> bool:
        # Tab leaves the field like any other (the arrow keys move between its parts), so the
        # keyboard does not get stuck in six date sections on the way to 택배사.
        return QWidget.focusNextPrevChild(self, next_)

    def value(self) -> int:
        # The edit holds naive wall-clock KST; attach the offset ourselves (no tz database needed).
        naive = self.dateTime().toPython()
        assert isinstance(naive, datetime)
        return int(naive.replace(tzinfo=KST).timestamp())

    def set_value(self, value: object) -> None:
        if value in (None, "", 0):
            value = int(datetime.now(KST).timestamp())
        wall = datetime.fromtimestamp(int(value), KST).replace(tzinfo=None)  # type: ignore[call-overload]
        self.setDateTime(QDateTime(wall))  # type: ignore[call-overload]  # PySide6 takes a datetime; its stubs miss it


_LIST_SPLIT = re.compile(r"[,\n]")


class ListEdit(QPlainTextEdit):
    """Several values, separated by commas or new lines (pasting a column from a sheet works)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("여러 개는 쉼표나 줄바꿈으로 구분")
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.textChanged.connect(self.changed.emit)

    def value(self) -> list[str] | None:
        items = [part.strip() for part in _LIST_SPLIT.split(self.toPlainText()) if part.strip()]
        return items or None

    def set_value(self, value: object) -> None:
        if value in (None, ""):
            self.setPlainText("")
        elif isinstance(value, str):
            self.setPlainText(value)
        else:
            self.setPlainText("\n".join(str(v) for v in value) if isinstance(value, Iterable) else str(value))


class TextEdit(QLineEdit):
    """Plain text; surrounding spaces are dropped (they break ids pasted from chat)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.textChanged.connect(lambda _t: self.changed.emit())

    def value(self) -> str | None:
        text = self.text().strip()
        return text or None

    def set_value(self, value: object) -> None:
        self.setText("" if value is None else str(value))
