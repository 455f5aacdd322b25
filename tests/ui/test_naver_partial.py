"""Reading PortOne's 207/500 message into one reason per failed product order."""

from __future__ import annotations

from portone_desk.ui.naver.partial import parse_failures


def test_reasons_per_failed_order() -> None:
    message = "5건 중 2건 처리 실패: 1001: 이미 취소된 상품주문입니다 / 1002: 이미 발송된 상품주문입니다"
    assert parse_failures(message, ["1001", "1002"]) == {
        "1001": "이미 취소된 상품주문입니다",
        "1002": "이미 발송된 상품주문입니다",
    }


def test_unknown_shape_gives_empty_reason() -> None:
    assert parse_failures("네이버페이 서버 오류", ["1001"]) == {"1001": ""}
    assert parse_failures("", ["1001"]) == {"1001": ""}


def test_an_id_inside_another_reason_is_not_confused() -> None:
    message = "2건 모두 처리 실패: 10: 사유 A / 100: 사유 B"
    assert parse_failures(message, ["100"]) == {"100": "사유 B"}
    assert parse_failures("1건 처리 실패: 2100: 사유 C", ["100"]) == {"100": ""}
