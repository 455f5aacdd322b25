"""The form builder: widget per field type, names, markers, values, inline validation."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateTimeEdit, QLabel, QLineEdit, QPlainTextEdit, QWidget

from portone_desk.api.catalog import OPERATIONS
from portone_desk.api.model import Field, FieldType, Location, Operation, Option, RequiredWhen
from portone_desk.api.timefmt import KST
from portone_desk.api.validation import Issue
from portone_desk.ui.errors_view import error_text
from portone_desk.ui.forms import OperationForm
from portone_desk.ui.widgets import NOT_SELECTED, AmountEdit, EnumCombo, ListEdit

_B = Location.BODY

# A made-up operation with one field of each kind, so the builder is tested apart from the catalog.
SAMPLE = Operation(
    id="sampleOp",
    method="POST",
    path="/sample/{uid}",
    title="견본",
    fields=(
        Field("uid", Location.PATH, FieldType.STRING, "고유번호", required=True),
        Field("memo", _B, FieldType.STRING, "메모", help="자유롭게 적습니다"),
        Field("amount", _B, FieldType.INTEGER, "금액", required=True),
        Field("ratio", _B, FieldType.NUMBER, "비율 금액"),
        Field("flag", _B, FieldType.BOOLEAN, "표시 여부"),
        Field("when", _B, FieldType.TIMESTAMP, "시각"),
        Field("ids", _B, FieldType.STRING_LIST, "번호 목록"),
        Field("kind", _B, FieldType.STRING, "종류", options=(Option("a", "가형"), Option("b", "나형"))),
        Field(
            "reason",
            _B,
            FieldType.STRING,
            "사유",
            required_when=(RequiredWhen("kind", ("b",)),),
        ),
        Field("old", _B, FieldType.INTEGER, "예전 값", deprecated=True),
        Field("legacy_pg", _B, FieldType.STRING, "옛 PG", legacy=True),
        Field(
            "courier",
            _B,
            FieldType.STRING,
            "택배사",
            options=tuple(Option(f"C{i}", f"택배{i}") for i in range(40)),
        ),
    ),
)


@pytest.fixture
def form(qtbot) -> OperationForm:
    widget = OperationForm(SAMPLE, hidden=("uid",), values={"uid": "u-1"})
    qtbot.addWidget(widget)
    return widget


def test_widget_by_type_with_names(form: OperationForm) -> None:
    expected = {
        "memo": QLineEdit,
        "amount": AmountEdit,
        "ratio": AmountEdit,
        "flag": QCheckBox,
        "when": QDateTimeEdit,
        "ids": QPlainTextEdit,
        "kind": QComboBox,
        "courier": QComboBox,
    }
    for name, kind in expected.items():
        widget = form.findChild(QWidget, name)
        assert isinstance(widget, kind), name
        assert widget.accessibleName() == SAMPLE.field(name).label
    assert form.findChild(QWidget, "memo").toolTip() == "자유롭게 적습니다"
    assert isinstance(form.findChild(QWidget, "ids"), ListEdit)


def test_hidden_and_legacy_fields_have_no_widget(form: OperationForm) -> None:
    assert form.findChild(QWidget, "uid") is None
    assert form.findChild(QWidget, "legacy_pg") is None
    assert form.values()["uid"] == "u-1"  # a hidden value given by the tab is still sent


def test_deprecated_field_sits_collapsed_under_advanced(form: OperationForm) -> None:
    form.show()
    old = form.findChild(QWidget, "old")
    assert old is not None and not old.isVisible()
    form.findChild(QWidget, "advancedToggle").click()
    assert old.isVisible()


def test_enum_labels_codes_and_not_selected(form: OperationForm) -> None:
    combo = form.findChild(EnumCombo, "kind")
    assert [combo.itemText(i) for i in range(combo.count())] == [NOT_SELECTED, "가형", "나형"]
    assert combo.itemData(1) == "a"
    assert "kind" not in form.values()
    combo.setCurrentIndex(2)
    assert form.values()["kind"] == "b"


def test_many_options_make_a_searchable_combo(form: OperationForm) -> None:
    courier = form.findChild(EnumCombo, "courier")
    kind = form.findChild(EnumCombo, "kind")
    assert courier.isEditable() and courier.completer() is not None
    assert not kind.isEditable()
    courier.setEditText("택배17")
    assert form.values()["courier"] == "C17"


def test_amount_thousands_separators_parse_back(form: OperationForm, qtbot) -> None:
    amount = form.findChild(AmountEdit, "amount")
    qtbot.keyClicks(amount, "1234567")
    assert amount.text() == "1,234,567"
    assert form.values()["amount"] == 1234567
    units = [label.text() for label in form.findChildren(QLabel)]
    assert "원" in units


def test_timestamp_is_kst_and_defaults_to_now(form: OperationForm) -> None:
    edit = form.findChild(QDateTimeEdit, "when")
    assert edit.displayFormat() == "yyyy-MM-dd HH:mm:ss"
    now = int(datetime.now(KST).timestamp())
    assert abs(form.values()["when"] - now) < 120
    form.set_values({"when": 1_700_000_000})  # 2023-11-15 07:13:20 KST
    assert edit.text() == "2023-11-15 07:13:20"
    assert form.values()["when"] == 1_700_000_000


def test_list_and_bool_values(form: OperationForm) -> None:
    form.findChild(ListEdit, "ids").setPlainText("A1, A2\nA3\n")
    assert form.values()["ids"] == ["A1", "A2", "A3"]
    assert "flag" not in form.values()
    form.findChild(QCheckBox, "flag").setChecked(True)
    assert form.values()["flag"] is True


def test_set_values_round_trip(form: OperationForm) -> None:
    given = {"memo": "안녕", "amount": 39000, "kind": "a", "ids": ["x", "y"]}
    form.set_values(given)
    values = form.values()
    for name, value in given.items():
        assert values[name] == value


def _label_of(form: OperationForm, name: str) -> str:
    widget = form.findChild(QWidget, name)
    for label in form.findChildren(QLabel):
        if label.buddy() is widget:
            return label.text()
    raise AssertionError(name)


def test_required_marker_follows_the_controlling_enum(form: OperationForm) -> None:
    assert _label_of(form, "amount").endswith("*")
    assert not _label_of(form, "reason").endswith("*")
    form.findChild(EnumCombo, "kind").set_value("b")
    assert _label_of(form, "reason").endswith("*")
    form.findChild(EnumCombo, "kind").set_value("a")
    assert not _label_of(form, "reason").endswith("*")


def test_conditional_field_can_be_hidden_until_relevant(qtbot) -> None:
    form = OperationForm(SAMPLE, hide_irrelevant=True)
    qtbot.addWidget(form)
    form.show()
    reason = form.findChild(QWidget, "reason")
    assert not reason.isVisible()
    form.findChild(EnumCombo, "kind").set_value("b")
    assert reason.isVisible()


def test_pg_specific_required_fields(qtbot) -> None:
    form = OperationForm(OPERATIONS["issueReceipt"], hidden=("imp_uid",))
    qtbot.addWidget(form)
    assert not _label_of(form, "company_tel").endswith("*")
    form.set_pg("daou")
    assert "*" in _label_of(form, "company_tel")
    assert "*" in _label_of(form, "corp_reg_no")
    form.set_pg("kcp")
    assert "*" not in _label_of(form, "company_tel")


def test_validate_shows_issues_at_their_fields_and_focuses_the_first(qtbot) -> None:
    form = OperationForm(OPERATIONS["issueExternalReceipt"], hidden=("merchant_uid",))
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.set_values({"merchant_uid": "m-1", "buyer_email": "not-an-email"})
    assert form.validate() is False
    for name in ("channel_key", "name", "amount", "identifier", "buyer_email"):
        error = form.findChild(QLabel, f"{name}_error")
        assert error.isVisible() and error.text(), name
        assert "#C62828" in error.styleSheet()
    assert form.findChild(QLabel, "buyer_tel_error").text() == ""
    qtbot.waitUntil(lambda: form.findChild(QWidget, "channel_key").hasFocus())
    form.clear_errors()
    assert not form.findChild(QLabel, "amount_error").isVisible()


def test_warnings_are_amber_and_do_not_block(qtbot) -> None:
    form = OperationForm(OPERATIONS["issueReceipt"], hidden=("imp_uid",), values={"imp_uid": "imp_1"})
    qtbot.addWidget(form)
    # A business number for an income-deduction receipt is allowed, with a warning.
    form.set_values({"identifier": "220-81-62517", "type": "person", "buyer_tel": "12"})
    assert form.validate() is True
    warning = form.findChild(QLabel, "identifier_error")
    assert warning.text() and "#8D5A00" in warning.styleSheet()


def test_server_error_at_a_field_or_on_top(form: OperationForm) -> None:
    form.show_server_error("서버가 거절했습니다", "memo")
    assert form.findChild(QLabel, "memo_error").text() == "서버가 거절했습니다"
    form.show_server_error("알 수 없는 오류")
    banner = form.findChild(QLabel, "form_error")
    assert banner.text() == "알 수 없는 오류" and not banner.isHidden()


def test_show_issues_for_unknown_fields_go_to_the_top(form: OperationForm) -> None:
    form.show_issues([Issue("pg", "이 PG사는 지원하지 않습니다", "error")])
    assert form.findChild(QLabel, "form_error").text() == "이 PG사는 지원하지 않습니다"


def test_summary_shows_identifiers_in_full_and_labels_codes(qtbot) -> None:
    form = OperationForm(OPERATIONS["issueReceipt"], hidden=("imp_uid",))
    qtbot.addWidget(form)
    form.set_values({"identifier": "010-1234-5678", "type": "company", "tax_free": 5000})
    rows = dict(form.summary())
    assert rows["식별정보"] == "010-1234-5678"  # the confirmation is where it is checked
    assert rows["발행 용도"] == "지출증빙용(사업자)"
    assert rows["면세금액"] == "5,000원"


def test_every_catalog_operation_builds(qtbot) -> None:
    for op in OPERATIONS.values():
        form = OperationForm(op)
        qtbot.addWidget(form)
        for name in form.field_names():
            widget = form.findChild(QWidget, name)
            assert widget is not None and widget.accessibleName(), (op.id, name)
        form.values()


@pytest.mark.expect_log(r"could not format an error", logger="portone_desk.ui.errors_view")
def test_error_text_never_raises() -> None:
    class Weird(Exception):
        def __str__(self) -> str:
            raise RuntimeError("boom")

    assert error_text(Weird())
