"""The sandbox applies the catalog's text and amount limits like the desk does (400, nothing done)."""

from __future__ import annotations

from support.sandbox import Api, assert_error

EXTERNAL = {
    "channel_key": "channel-key-sandbox",
    "name": "상담 주문",
    "amount": 11000,
    "identifier": "01000001234",
}


def test_control_characters_in_a_name_are_refused_and_not_echoed(api: Api) -> None:
    body = assert_error(
        api.post("/receipts/external/ext-limit-1", {**EXTERNAL, "name": "a\r\nX-Evil: 1"}), 400
    )
    assert "name" in body["message"] and "\r" not in body["message"] and "\n" not in body["message"]
    assert_error(api.get("/receipts/external/ext-limit-1"), 404)  # nothing was issued


def test_dot_segment_identifiers_are_refused(api: Api) -> None:
    response = api.http.delete(
        f"{api.url}/receipts/%2e%2e", headers={"Authorization": f"Bearer {api.token()}"}, timeout=10
    )
    assert_error(response, 400)


def test_oversized_amounts_and_text_are_refused(api: Api) -> None:
    assert_error(api.post("/receipts/external/ext-limit-2", {**EXTERNAL, "amount": 2**63}), 400)
    assert_error(api.post("/receipts/external/ext-limit-3", {**EXTERNAL, "name": "가" * 201}), 400)
    assert api.post("/receipts/external/ext-limit-4", {**EXTERNAL, "name": "가" * 200}).status_code == 200


def test_memo_keeps_its_newlines(api: Api) -> None:
    response = api.post(
        "/payments/imp_demo_naver_return_request/naver/reject-return",
        {"memo": "수거 상태 확인 필요.\n사진을 보내 주세요."},
    )
    assert response.status_code == 200, response.text
