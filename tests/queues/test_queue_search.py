"""Customer search by each key, and what the cache keeps of personal data."""

from __future__ import annotations

import re
from pathlib import Path

from queue_support import Desk

from portone_desk.queues.privacy import phone_digits


def _paid(desk: Desk) -> list[dict]:
    return [p for p in desk.sandbox_docs("payments") if p["status"] == "paid"]


def _found(desk: Desk, text: str, key: str | None = None) -> set[str]:
    return {hit.imp_uid for hit in desk.desk.search(text, limit=200) if key is None or hit.matched == key}


def test_name_any_part(desk: Desk) -> None:
    desk.desk.refresh()
    payment = next(p for p in _paid(desk) if len(p["buyer_name"]) == 3)
    name = payment["buyer_name"]
    for text in (name, name[:2], name[1:], f" {name} "):
        assert payment["imp_uid"] in _found(desk, text, "name"), text
    hit = next(h for h in desk.desk.search(name) if h.imp_uid == payment["imp_uid"])
    assert hit.buyer == name[0] + "**"
    assert hit.amount == payment["amount"] and hit.status == "paid" and hit.status_label == "결제완료"
    same = {p["imp_uid"] for p in desk.sandbox_docs("payments") if name in p["buyer_name"]}
    assert _found(desk, name, "name") == same


def test_phone_full_in_any_format_or_last_four(desk: Desk) -> None:
    desk.desk.refresh()
    payment = _paid(desk)[3]
    tel = payment["buyer_tel"]  # 010-1234-5678
    digits = phone_digits(tel)
    for text in (tel, digits, f"+82 {digits[1:3]}-{digits[3:7]}-{digits[7:]}", tel.replace("-", " ")):
        assert _found(desk, text, "phone") == {
            p["imp_uid"] for p in desk.sandbox_docs("payments") if phone_digits(p["buyer_tel"]) == digits
        }, text
    last4 = _found(desk, digits[-4:], "phone")
    assert payment["imp_uid"] in last4
    assert all(
        phone_digits(p["buyer_tel"]).endswith(digits[-4:])
        for p in desk.sandbox_docs("payments")
        if p["imp_uid"] in last4
    )


def test_email_whole_address_any_case(desk: Desk) -> None:
    desk.desk.refresh()
    payment = _paid(desk)[5]
    assert _found(desk, payment["buyer_email"].upper(), "email") == {payment["imp_uid"]}
    assert not _found(desk, payment["buyer_email"][:-1], "email")


def test_identifiers_by_prefix(desk: Desk) -> None:
    desk.desk.refresh()
    payment = _paid(desk)[7]
    assert payment["imp_uid"] in _found(desk, payment["merchant_uid"], "merchant_uid")
    assert payment["imp_uid"] in _found(desk, payment["imp_uid"], "imp_uid")
    assert _found(desk, payment["merchant_uid"][:-1], "merchant_uid") >= {payment["imp_uid"]}
    order = next(o for o in desk.sandbox_docs("product_orders") if o["product_order_status"] == "PAYED")
    hits = [h for h in desk.desk.search(order["product_order_id"]) if h.matched == "product_order_id"]
    assert [(h.imp_uid, h.product_order_id, h.is_naver) for h in hits] == [
        (order["_imp_uid"], order["product_order_id"], True)
    ]
    assert desk.desk.search("") == [] and desk.desk.search("  ") == []
    assert desk.desk.search("zz") == []  # too short for an identifier, no name like it


def test_tracking_number_from_the_activity_log(desk: Desk) -> None:
    desk.desk.refresh()
    unplaced = {o["product_order_id"] for o in desk.sandbox_docs("product_orders") if not o["_placed"]}
    item = next(i for i in desk.desk.items("place") if i.product_order_id in unplaced)
    desk.service.call(
        "naverShipProductOrder",
        {
            "imp_uid": item.imp_uid,
            "product_order_id": [item.product_order_id],
            "delivery_method": "DELIVERY",
            "delivery_company": "CJGLS",
            "tracking_number": "612345678901",
            "dispatched_at": 1_790_000_000,
        },
    )
    desk.desk.forget_activity()
    for text in ("612345678901", "6123456"):
        hits = [h for h in desk.desk.search(text) if h.matched == "tracking_number"]
        assert [(h.imp_uid, h.product_order_id) for h in hits] == [(item.imp_uid, item.product_order_id)]


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def test_no_full_phone_email_or_name_in_any_file_after_a_sync(desk: Desk) -> None:
    stats = desk.desk.refresh()
    assert stats.payments_seen == 600
    payments = desk.sandbox_docs("payments")
    blobs = [path.read_bytes() for path in _files(desk.paths.data_root)]
    assert any(path.name.endswith(".sqlite3") for path in _files(desk.paths.data_root))
    everything = b"".join(blobs)
    for payment in payments:
        tel = payment["buyer_tel"]
        for form in (tel, phone_digits(tel), tel.replace("-", "")):
            assert form.encode() not in everything, "phone in clear"
        assert payment["buyer_email"].encode() not in everything, "e-mail in clear"
        assert payment["buyer_email"].split("@")[0].encode() not in everything, "mailbox in clear"
        if len(payment["buyer_name"]) == 3:
            assert payment["buyer_name"].encode() not in everything, "name in clear"
    # what is kept: last four digits and masks
    assert re.search(rb"\d{4}", everything)


def test_the_hashes_need_the_key(desk: Desk, shop, tmp_path) -> None:
    """Another key (another PC without the keyring entry) cannot match: the cache starts over."""
    desk.desk.refresh()
    payment = _paid(desk)[0]
    assert _found(desk, payment["buyer_tel"], "phone")
    from portone_desk.queues import QueueDesk

    path = desk.desk.cache.path
    desk.desk.close()
    other = QueueDesk(path, b"x" * 32, desk.client.call)
    try:
        assert other.search(payment["buyer_tel"]) == []
        assert other.counts()["place"] == 0  # wiped, not mixed
    finally:
        other.close()
