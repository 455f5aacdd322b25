"""AmountEdit: whole won only; a '.' or a letter is kept as typed and refused, never dropped."""

from __future__ import annotations

import pytest

from portone_desk.api import validation
from portone_desk.api.catalog import operation
from portone_desk.ui.forms import OperationForm
from portone_desk.ui.widgets import WHOLE_WON_HINT, AmountEdit


def type_text(qtbot, edit: AmountEdit, text: str) -> None:
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # QTest cannot type Hangul or full-width digits (a Korean IME can); edit as it would
        edit.setText(edit.text() + text)
        edit.textEdited.emit(edit.text())


@pytest.fixture
def edit(qtbot) -> AmountEdit:
    widget = AmountEdit()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_typed_dot_is_kept_not_dropped(qtbot, edit: AmountEdit) -> None:
    qtbot.keyClicks(edit, "1000.5")
    assert edit.text() == "1,000.5"  # not 10,005
    assert edit.value() == 1000.5
    assert edit.problem() == WHOLE_WON_HINT
    assert edit.toolTip() == WHOLE_WON_HINT and edit.property("invalid") is True


def test_removing_the_dot_makes_it_a_whole_amount_again(qtbot, edit: AmountEdit) -> None:
    edit.setToolTip("발행 금액(원)입니다.")  # the form's help text comes back afterwards
    qtbot.keyClicks(edit, "1000.")
    assert edit.value() == "1,000."
    qtbot.keyClick(edit, "\b")
    assert edit.text() == "1,000" and edit.value() == 1000
    assert edit.problem() == "" and edit.toolTip() == "발행 금액(원)입니다."


@pytest.mark.parametrize("typed", ["1000.0", "10o0", "１０００", "1-0"])
def test_other_text_is_never_turned_into_a_different_number(qtbot, edit: AmountEdit, typed: str) -> None:
    type_text(qtbot, edit, typed)
    assert not isinstance(edit.value(), int), edit.value()
    assert edit.problem()


def test_separators_unit_and_sign_still_fine(qtbot, edit: AmountEdit) -> None:
    type_text(qtbot, edit, "12,000원")
    assert edit.text() == "12,000" and edit.value() == 12000
    edit.clear()
    qtbot.keyClicks(edit, "-500")
    assert edit.value() == -500 and not edit.problem()


def test_set_value_never_rounds(edit: AmountEdit) -> None:
    edit.set_value(1000.5)
    assert edit.text() == "1000.5" and edit.value() == 1000.5
    edit.set_value("1,234")
    assert edit.text() == "1,234" and edit.value() == 1234 and not edit.problem()
    edit.set_value(2000.0)
    assert edit.text() == "2,000" and edit.value() == 2000


def test_form_refuses_a_fraction_at_the_field(qtbot) -> None:
    form = OperationForm(operation("issueExternalReceipt"))
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.widget("amount"), "1000.5")
    qtbot.keyClicks(form.widget("vat_amount"), "90.9")
    assert not form.validate()
    assert "정수로 입력해 주세요" in form.error_text("amount")
    assert "원 단위 정수로 입력해 주세요" in form.error_text("vat_amount")
    # Even without the form, the catalog checks the service runs refuse what was typed.
    issues = validation.validate(operation("issueExternalReceipt"), form.values())
    assert {i.field for i in issues if i.severity == "error"} >= {"amount", "vat_amount"}
