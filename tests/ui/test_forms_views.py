"""The shared views: result rows, error texts, the confirmation dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from portone_desk.api.catalog import RESPONSE_MODELS
from portone_desk.api.errors import (
    ApiError,
    AuthFailed,
    NetworkError,
    OutcomeUnknown,
    UnsupportedPg,
    ValidationFailed,
)
from portone_desk.api.validation import Issue
from portone_desk.ui import confirm, result_view
from portone_desk.ui.errors_view import ErrorBanner, error_summary, error_text
from portone_desk.ui.result_view import ResultView

RECEIPT = {
    "imp_uid": "imp_123",
    "apply_num": "123456789",
    "type": "company",
    "amount": 110000,
    "vat": 10000,
    "receipt_url": "https://example.com/r/1",
    "applied_at": 1_700_000_000,
    "cancelled_at": 0,
}


def test_result_view_formats_and_copies(qtbot, monkeypatch) -> None:
    view = ResultView()
    qtbot.addWidget(view)
    view.render(RECEIPT, RESPONSE_MODELS["Receipt"])
    assert view.findChild(QLabel, "amount_value").text() == "110,000원"
    assert view.findChild(QLabel, "type_value").text() == "지출증빙용(사업자)"
    assert view.findChild(QLabel, "type_value").toolTip() == "company"
    assert view.findChild(QLabel, "applied_at_value").text() == "2023-11-15 07:13:20"
    assert view.findChild(QLabel, "cancelled_at_value") is None  # 0 means never: not shown
    copy = view.findChild(QPushButton, "copy_apply_num")
    copy.click()
    assert QGuiApplication.clipboard().text() == "123456789"
    assert copy.text() == "복사됨"
    opened: list[str] = []
    monkeypatch.setattr(result_view, "open_url", opened.append)
    view.findChild(QLabel, "receipt_url_value").linkActivated.emit(RECEIPT["receipt_url"])
    assert opened == ["https://example.com/r/1"]
    assert view.text_of("receipt_url") == "https://example.com/r/1"


def test_result_view_bool_masked_and_rerender(qtbot) -> None:
    view = ResultView()
    qtbot.addWidget(view)
    payment = {"imp_uid": "imp_1", "escrow": True, "buyer_tel": "010-1234-5678", "status": "paid"}
    view.render(payment, RESPONSE_MODELS["Payment"], ["imp_uid", "escrow", "buyer_tel", "status"], columns=2)
    assert view.findChild(QLabel, "escrow_value").text() == "예"
    assert view.findChild(QLabel, "buyer_tel_value").text() == "010-****-**78"
    assert view.findChild(QLabel, "status_value").text() == "결제완료"
    view.render({"imp_uid": "imp_2"}, RESPONSE_MODELS["Payment"], ["imp_uid"])
    assert view.findChild(QLabel, "escrow_value") is None
    assert len(view.findChildren(QPushButton, "copy_imp_uid")) == 1


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ValidationFailed([Issue("identifier", "식별정보를 입력해 주세요.")]), "식별정보를 입력해 주세요."),
        (AuthFailed("unauthorized", http_status=401), "API 키 또는 시크릿이 올바르지 않습니다"),
        (
            ApiError("이미 발급됨", operation="issueReceipt", http_status=400, code=-1),
            "HTTP 400",
        ),
        (UnsupportedPg("no", operation="issueReceipt", http_status=501), "지원하지 않습니다"),
        (NetworkError("connection refused"), "통신하지 못했습니다"),
        (OutcomeUnknown("read timeout", operation="issueReceipt"), "다시 보내지 말고"),
        (RuntimeError("boom"), "예상하지 못한 오류"),
    ],
)
def test_error_text_per_type(error: BaseException, expected: str) -> None:
    text = error_text(error)
    assert expected in text
    assert error_summary(error)


def test_api_error_text_has_the_server_message_and_meaning() -> None:
    text = error_text(ApiError("이미 발급됨", operation="issueReceipt", http_status=400, code=-1))
    assert "이미 발급됨" in text and "코드 -1" in text
    assert "이미 발급된 현금영수증이 있거나" in text  # the catalog's meaning of 400


def test_banner_kinds(qtbot) -> None:
    banner = ErrorBanner()
    qtbot.addWidget(banner)
    banner.show_error(OutcomeUnknown("x"))
    assert banner.kind == "warning" and not banner.isHidden()
    banner.show_error(NetworkError("x"))
    assert banner.kind == "error"
    banner.clear()
    assert banner.isHidden() and banner.text() == ""


def test_confirm_dialog_returns_the_note(qtbot) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, confirm.ConfirmDialog)
        dialog.note.setPlainText("고객 요청")
        dialog.findChild(QPushButton, "confirmOk").click()

    QTimer.singleShot(50, answer)
    result = confirm.confirm(None, "확인", [("내용", [("주문번호", "order-1")])], note_label="메모")
    assert result == confirm.Confirmation(note="고객 요청")


def test_confirm_dialog_back_out_returns_none(qtbot) -> None:
    def answer() -> None:
        QApplication.activeModalWidget().findChild(QPushButton, "confirmCancel").click()

    QTimer.singleShot(50, answer)
    assert confirm.confirm(None, "확인", [("", [("a", "b")])], danger=True) is None
