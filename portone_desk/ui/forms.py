"""Catalog operation → form: one input per field, with required markers, tooltips and inline errors.

``OperationForm(op)`` is the one way a tab asks an agent for an operation's values. Every input's
``objectName`` is its API field name and its ``accessibleName`` its Korean label; the error line under
it is ``f"{name}_error"``. Values come back typed for ``validation.validate`` and the client.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portone_desk.api import josa, validation
from portone_desk.api.identifiers import format_identifier
from portone_desk.api.masking import mask_identifier
from portone_desk.api.model import Check, Field, FieldType, Operation
from portone_desk.api.timefmt import format_kst, format_won
from portone_desk.ui import keyboard
from portone_desk.ui.style import ERROR_COLOR, MUTED_COLOR, WARNING_COLOR
from portone_desk.ui.widgets import (
    AmountEdit,
    BoolCheck,
    EnumCombo,
    KstDateTimeEdit,
    ListEdit,
    TextEdit,
    with_suffix,
)

REQUIRED_MARK = " *"
ADVANCED_TITLE = "고급"


def make_input(f: Field) -> QWidget:
    """The input widget for one catalog field (without label or error line)."""
    if f.is_enum:
        widget: QWidget = EnumCombo(f.options, optional=not f.required or f.must_choose)
    elif f.type in (FieldType.INTEGER, FieldType.NUMBER):
        widget = AmountEdit()
    elif f.type is FieldType.BOOLEAN:
        widget = BoolCheck(f.label)
    elif f.type is FieldType.TIMESTAMP:
        widget = KstDateTimeEdit()
    elif f.type is FieldType.STRING_LIST:
        widget = ListEdit()
    else:
        widget = TextEdit()
    widget.setObjectName(f.name)
    widget.setAccessibleName(f.label)
    if f.help:
        widget.setToolTip(f.help)
        widget.setAccessibleDescription(f.help)
    if f.default is not None and not f.must_choose:
        widget.set_value(f.default)  # type: ignore[attr-defined]
    return widget


def must_choose_issues(op: Operation, values: Mapping[str, object]) -> list[validation.Issue]:
    """The desk's own rule: a reason the buyer sees is chosen by the agent, never left to a default."""
    return [
        validation.Issue(f.name, f"{josa.obj(f.label)} 골라 주세요.")
        for f in op.fields
        if f.must_choose and values.get(f.name) in (None, "")
    ]


_MASKED_CHECKS = (Check.RECEIPT_IDENTIFIER, Check.PHONE)


def display_value(f: Field, value: object, *, masked: bool = True) -> str:
    """How a typed value reads: labels for codes, won, KST, identifiers masked unless ``masked`` is
    False (the confirmation, where the agent reads the number back to the customer)."""
    if value is None:
        return ""
    if f.is_enum:
        if isinstance(value, list):
            return ", ".join(f.option_label(str(v)) for v in value)
        return f.option_label(str(value))
    if f.type in (FieldType.INTEGER, FieldType.NUMBER) and isinstance(value, int | float):
        return format_won(value)
    if f.type is FieldType.TIMESTAMP and isinstance(value, int):
        return format_kst(value)
    if f.type is FieldType.BOOLEAN:
        return "예" if value else "아니오"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if any(check in _MASKED_CHECKS for check in f.checks):
        return mask_identifier(str(value)) if masked else format_identifier(str(value))
    return str(value)


@dataclass
class _Row:
    field: Field
    label: QLabel
    input: QWidget
    container: QWidget  # input + error line, the form row's right-hand side
    error: QLabel
    advanced: bool


class OperationForm(QWidget):
    """A form for one catalog operation.

    ``hidden`` fields get no widget (the tab supplies them, e.g. ``imp_uid``); values for them given
    in ``values`` or ``set_values`` are kept and returned by ``values()``. Deprecated and ``advanced``
    fields sit in a collapsed "고급" section; legacy fields are left out.
    """

    changed = Signal()

    def __init__(
        self,
        op: Operation,
        parent: QWidget | None = None,
        hidden: Iterable[str] = (),
        values: Mapping[str, object] | None = None,
        *,
        hide_irrelevant: bool = False,
    ) -> None:
        super().__init__(parent)
        self.op = op
        self.setObjectName(f"{op.id}Form")
        self._hidden = set(hidden)
        self._fixed: dict[str, object] = {}
        self._pg: str | None = None
        self._hide_irrelevant = hide_irrelevant
        self._rows: dict[str, _Row] = {}
        # Event times (발송일시) may not precede this (the payment's paid time, set by the tab).
        self._earliest: int | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._banner = QLabel()
        self._banner.setObjectName("form_error")
        self._banner.setWordWrap(True)
        self._banner.setVisible(False)
        outer.addWidget(self._banner)

        self._main = QFormLayout()
        self._main.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self._main)

        self._advanced_toggle = QToolButton()
        self._advanced_toggle.setObjectName("advancedToggle")
        self._advanced_toggle.setCheckable(True)
        self._advanced_toggle.setText(f"▸ {ADVANCED_TITLE}")
        self._advanced_toggle.setAutoRaise(True)
        self._advanced_box = QWidget()
        self._advanced = QFormLayout(self._advanced_box)
        self._advanced.setContentsMargins(12, 0, 0, 0)
        self._advanced_box.setVisible(False)
        self._advanced_toggle.toggled.connect(self._toggle_advanced)
        outer.addWidget(self._advanced_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(self._advanced_box)
        # Fields stay packed at the top when the form is taller than its rows (e.g. in a scroll area).
        outer.addStretch(1)

        # Required fields first, in catalog order; then the optional ones; 고급 last (below).
        shown = [f for f in op.fields if f.name not in self._hidden and not f.legacy]
        for f in sorted(shown, key=lambda f: not (f.required or f.must_choose)):
            self._add_row(f)
        self._advanced_toggle.setVisible(any(r.advanced for r in self._rows.values()))
        keyboard.chain(*self.focus_chain())
        if values:
            self.set_values(values)
        self._refresh_required()

    # --- building ---------------------------------------------------------------------------

    def _add_row(self, f: Field) -> None:
        advanced = f.advanced or f.deprecated
        widget = make_input(f)
        label = QLabel()
        label.setBuddy(widget)
        if f.help:
            label.setToolTip(f.help)
        error = QLabel()
        error.setObjectName(f"{f.name}_error")
        error.setWordWrap(True)
        error.setVisible(False)
        container = QWidget()
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        unit = "원" if f.type in (FieldType.INTEGER, FieldType.NUMBER) else ""
        box.addWidget(with_suffix(widget, unit) if unit else widget)
        box.addWidget(error)
        if f.deprecated:
            # Still usable by an agent who knows why, but visibly not the normal path.
            label.setStyleSheet(f"color: {MUTED_COLOR};")
            widget.setStyleSheet(f"color: {MUTED_COLOR};")
        (self._advanced if advanced else self._main).addRow(label, container)
        widget.changed.connect(self._on_changed)  # type: ignore[attr-defined]
        # An error line describes the value it was found in; once the agent edits that value it is
        # stale (a corrected number must not still read "wrong"). The next validate checks again.
        widget.changed.connect(lambda name=f.name: self._clear_error(name))  # type: ignore[attr-defined]
        if Check.EVENT_TIME in f.checks:
            # A date outside the payment's life is refused at the field as it is set, not at sending.
            widget.changed.connect(lambda name=f.name: self._check_event_time(name))  # type: ignore[attr-defined]
        self._rows[f.name] = _Row(f, label, widget, container, error, advanced)

    def _toggle_advanced(self, open_: bool) -> None:
        self._advanced_box.setVisible(open_)
        self._advanced_toggle.setText(f"{'▾' if open_ else '▸'} {ADVANCED_TITLE}")

    def _on_changed(self) -> None:
        self._refresh_required()
        self.changed.emit()

    def _refresh_required(self) -> None:
        """Required markers (and visibility of conditional fields) from the current values and PG."""
        current = self._raw_values()
        for row in self._rows.values():
            f = row.field
            required = f.must_choose or f.is_required(current, self._pg)
            text = f.label + (REQUIRED_MARK if required else "")
            if f.required_for_pgs and self._pg in f.required_for_pgs and not f.required:
                text += " (PG사 필수)"
            row.label.setText(text)
            row.input.setProperty("required", required)
            note = "필수 항목" if required else ""
            row.input.setAccessibleDescription(f"{f.help} {note}".strip())
            if self._hide_irrelevant and f.required_when and not f.required:
                relevant = required or current.get(f.name) is not None
                self._set_row_visible(row, relevant)

    def _set_row_visible(self, row: _Row, visible: bool) -> None:
        layout = self._advanced if row.advanced else self._main
        layout.setRowVisible(row.container, visible)

    # --- values -----------------------------------------------------------------------------

    def _raw_values(self) -> dict[str, object]:
        out: dict[str, object] = dict(self._fixed)
        for name, row in self._rows.items():
            value = row.input.value()  # type: ignore[attr-defined]
            f = row.field
            if f.type is FieldType.BOOLEAN and not value and not f.required and not f.default:
                continue  # an unticked optional box means "not given" unless it overrides a default
            if value is not None and value != []:
                out[name] = value
        return out

    def values(self) -> dict[str, object]:
        """Typed values keyed by API field name; empty optional fields left out."""
        return self._raw_values()

    def set_values(self, values: Mapping[str, object]) -> None:
        for name, value in values.items():
            row = self._rows.get(name)
            if row is None:
                # Hidden or unknown to the form: kept and sent as given (path ids from the tab).
                if value is None:
                    self._fixed.pop(name, None)
                else:
                    self._fixed[name] = value
            else:
                row.input.set_value(value)  # type: ignore[attr-defined]
        self._refresh_required()

    def reset(self) -> None:
        """Back to the catalog defaults (for the next customer); kept hidden values stay."""
        for row in self._rows.values():
            f = row.field
            row.input.set_value(None if f.must_choose else f.default)  # type: ignore[attr-defined]
        self.clear_errors()
        self._refresh_required()

    def summary(self) -> list[tuple[str, str]]:
        """(label, text) of every filled field for a confirmation dialog, numbers in full to check."""
        rows = []
        for name, value in self.values().items():
            row = self._rows.get(name)
            if row is None:
                continue  # hidden values (imp_uid, the selection) are the tab's to show, once
            rows.append((row.field.label, display_value(row.field, value, masked=False)))
        return rows

    def focus_chain(self) -> list[QWidget]:
        """The inputs in the order Tab visits them: the main fields as shown, then 고급 and its fields."""
        main = [r.input for r in self._rows.values() if not r.advanced]
        advanced = [r.input for r in self._rows.values() if r.advanced]
        return [*main, self._advanced_toggle, *advanced] if advanced else main

    def widget(self, name: str) -> QWidget | None:
        row = self._rows.get(name)
        return row.input if row else None

    def field_names(self) -> list[str]:
        return list(self._rows)

    def label_of(self, name: str) -> str:
        try:
            return self.op.field(name).label
        except KeyError:
            return name

    # --- PG ---------------------------------------------------------------------------------

    def set_pg(self, pg: str | None) -> None:
        """Mark the fields this PG requires; open "고급" if one of them lives there."""
        self._pg = pg or None
        self._refresh_required()
        if any(r.advanced and r.field.is_required(self._raw_values(), self._pg) for r in self._rows.values()):
            self._advanced_toggle.setChecked(True)

    @property
    def pg(self) -> str | None:
        return self._pg

    # --- event times ----------------------------------------------------------------------

    def set_earliest_event_time(self, earliest: int | None) -> None:
        """Event-time fields may not precede ``earliest`` (UNIX seconds; the payment's paid time)."""
        self._earliest = int(earliest) if earliest else None

    def event_window(self) -> validation.EventWindow:
        return validation.EventWindow(now=int(time.time()), earliest=self._earliest)

    def _check_event_time(self, name: str) -> None:
        for issue in validation.event_time_issues(self.op, self.values(), self.event_window()):
            row = self._rows.get(issue.field)
            if issue.field == name and row is not None:
                self._append(row.error, issue.message, issue.severity)

    # --- errors -----------------------------------------------------------------------------

    def validate(self, pg: str | None = None) -> bool:
        """Run the catalog checks, show each issue at its field; True when nothing blocks sending."""
        pg = pg if pg is not None else self._pg
        issues = validation.validate(self.op, self.values(), pg, window=self.event_window())
        issues = [self._typed_choice_issue(issue) for issue in issues]
        issues += must_choose_issues(self.op, self.values())
        self.show_issues(issues)
        return not any(i.severity == "error" for i in issues)

    def _typed_choice_issue(self, issue: validation.Issue) -> validation.Issue:
        """For text typed into a searchable list, name the few options it could be (by their Korean
        names), not the API's codes."""
        row = self._rows.get(issue.field)
        combo = row.input if row is not None else None
        if not isinstance(combo, EnumCombo) or not combo.searchable or not issue.is_error:
            return issue
        text = combo.currentText().strip()
        found = combo.matches(text)
        label = row.field.label if row is not None else issue.field
        if len(found) > 1:
            names = ", ".join(o.label for o in found[:8]) + (" 등" if len(found) > 8 else "")
            message = f"'{text}'에 해당하는 {josa.subj(label)} 여럿입니다: {names}. 하나를 고르세요."
        elif not found and text:
            message = f"'{text}'에 해당하는 {josa.subj(label)} 없습니다. 목록에서 고르세요."
        else:
            return issue
        return validation.Issue(issue.field, message, issue.severity)

    def show_issues(self, issues: Iterable[validation.Issue]) -> None:
        self.clear_errors()
        loose: list[str] = []
        first: QWidget | None = None
        for issue in issues:
            row = self._rows.get(issue.field)
            if row is None:
                loose.append(issue.message)
                continue
            self._append(row.error, issue.message, issue.severity)
            if issue.severity == "error":
                if row.advanced:
                    self._advanced_toggle.setChecked(True)
                if first is None:
                    first = row.input
        if loose:
            self._banner.setText("\n".join(loose))
            self._banner.setStyleSheet(f"color: {ERROR_COLOR};")
            self._banner.setVisible(True)
        if first is not None:
            first.setFocus()

    @staticmethod
    def _append(label: QLabel, message: str, severity: str) -> None:
        # An error outranks a warning on the same field: the line turns red once any error is there.
        is_error = severity == "error" or label.property("severity") == "error"
        label.setProperty("severity", "error" if is_error else "warning")
        text = f"{label.text()}\n{message}" if label.text() else message
        label.setText(text)
        label.setStyleSheet(f"color: {ERROR_COLOR if is_error else WARNING_COLOR};")
        label.setVisible(True)

    def clear_errors(self) -> None:
        for name in self._rows:
            self._clear_error(name)
        self._banner.clear()
        self._banner.setVisible(False)

    def _clear_error(self, name: str) -> None:
        row = self._rows.get(name)
        if row is None:
            return
        row.error.clear()
        row.error.setProperty("severity", None)
        row.error.setVisible(False)

    def show_server_error(self, message: str, field: str | None = None, severity: str = "error") -> None:
        """The server's own words, at the field it names or at the top of the form."""
        row = self._rows.get(field) if field else None
        if row is None:
            color = ERROR_COLOR if severity == "error" else WARNING_COLOR
            self._banner.setText(message)
            self._banner.setStyleSheet(f"color: {color};")
            self._banner.setVisible(True)
        else:
            self._append(row.error, message, severity)
            row.input.setFocus()

    def error_text(self, field: str) -> str:
        row = self._rows.get(field)
        return row.error.text() if row else ""
