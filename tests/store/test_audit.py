from __future__ import annotations

import csv
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portone_desk.store import audit_export
from portone_desk.store.audit import OUTCOME_LABELS, AuditLog, AuditRow
from portone_desk.store.audit_export import HEADERS
from portone_desk.store.audit_redact import redact_fields, scrub_text

PHONE = "010-9876-5432"
PHONE_DIGITS = "01098765432"
RRN = "900101-1234567"
CARD = "1234-5678-9012-3456"
SECRET = "Zx9SECRETvalue0123456789abcdefABCDEFsecret"
TOKEN = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "audit.sqlite3"


def _all_bytes(db: Path) -> bytes:
    # The WAL and shared-memory files may hold rows not yet checkpointed into the main file.
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_begin_then_finish(db: Path) -> None:
    with AuditLog(db, os_user="agent-pc") as log:
        row_id = log.begin(
            "naver_ship",
            {"imp_uid": "imp_1", "product_order_id": ["po1", "po2"], "tracking_number": "123456789012"},
            profile_name="본점",
            agent_name="김상담",
        )
        sent = log.get(row_id)
        assert sent is not None
        assert sent.outcome == "sent" and sent.outcome_label == "전송됨"
        assert not sent.interrupted
        log.finish(
            row_id,
            "partial",
            http_status=207,
            code=0,
            message="일부 실패",
            succeeded_ids=["po1"],
            failed_ids=["po2"],
        )
        row = log.get(row_id)
    assert isinstance(row, AuditRow)
    assert row.outcome == "partial" and row.outcome_label == "일부 완료"
    assert row.os_user == "agent-pc" and row.agent_name == "김상담" and row.profile_name == "본점"
    assert row.imp_uid == "imp_1"
    assert row.product_order_ids == ("po1", "po2")
    assert row.succeeded_ids == ("po1",) and row.failed_ids == ("po2",)
    assert row.http_status == 207 and row.code == 0
    assert row.mutating
    assert row.duration_ms is not None and row.duration_ms >= 0
    assert row.details["tracking_number"] == "123456789012"  # ids are kept whole
    assert row.time_kst.startswith(datetime.now().strftime("%Y")[:2])


def test_default_os_user(db: Path) -> None:
    import getpass

    with AuditLog(db) as log:
        row = log.get(log.begin("get_payment", mutating=False))
    assert row is not None and row.os_user == getpass.getuser()


def test_unfinished_row_reads_unknown_after_reopen(db: Path) -> None:
    log = AuditLog(db)
    row_id = log.begin("issue_receipt", {"imp_uid": "imp_9"})
    log.close()  # the app was killed before finish()

    with AuditLog(db) as reopened:
        row = reopened.get(row_id)
        assert row is not None
        assert row.outcome == "unknown"
        assert row.outcome_label == "결과 미확인"
        assert row.interrupted
        assert [r.id for r in reopened.query(outcome="unknown")] == [row_id]
        assert reopened.query(outcome="sent") == []
        # The real state found later by a lookup may complete the row.
        reopened.finish(row_id, "ok")
        assert reopened.get(row_id).outcome == "ok"  # type: ignore[union-attr]


def test_identifiers_masked_and_secrets_never_stored(db: Path) -> None:
    values = {
        "imp_uid": "imp_123456789012",
        "identifier": PHONE,
        "buyer_tel": PHONE_DIGITS,
        "buyer_name": "홍길동",
        "buyer_email": "hong@example.com",
        "imp_secret": SECRET,
        "access_token": TOKEN,
        "memo": f"고객 요청 {PHONE_DIGITS}, 주민 {RRN}",
        "reason": f"카드 {CARD} 재발급",
        "amount": 11000,
    }
    with AuditLog(db) as log:
        row_id = log.begin("issue_receipt", values, profile_name="본점")
        log.finish(row_id, "failed", 400, -1, f"identifier {PHONE} 오류, token {TOKEN}")
        row = log.get(row_id)
        raw = _all_bytes(db)
    for needle in (PHONE, PHONE_DIGITS, RRN, CARD, "5678-9012", SECRET, TOKEN, "홍길동", "hong@example.com"):
        assert needle.encode() not in raw, needle
    assert row is not None
    assert row.details["identifier"] == "010-****-**32"
    assert "imp_secret" not in row.details and "access_token" not in row.details
    assert "buyer_name" not in row.details
    assert row.details["amount"] == 11000
    assert "010-****-**32" in row.message
    assert row.imp_uid == "imp_123456789012"


def test_redact_fields_rules() -> None:
    safe = redact_fields(
        {
            "imp_uid": "imp_1",
            "merchant_uid": "order-1",
            "product_order_id": ["2024010112345678"],
            "delivery_company": "CJGLS",
            "tracking_number": "123456789012",
            "imp_key": "k",
            "client_secret": "s",
            "refresh_token": "t",
            "identifier": "123-45-67890",
            "corp_reg_no": "1234567890",
            "company_name": "회사",
            "vat_amount": 1000,
        }
    )
    assert safe == {
        "imp_uid": "imp_1",
        "merchant_uid": "order-1",
        "product_order_id": ["2024010112345678"],
        "delivery_company": "CJGLS",
        "tracking_number": "123456789012",
        "identifier": "123-**-***90",
        "corp_reg_no": "123*****90",
        "vat_amount": 1000,
    }


def test_scrub_text_keeps_ids_and_dates() -> None:
    text = "imp_123456789012 order-20240101123 2024-01-01 12:00 3건 2024.01.01 1,000,000원"
    assert scrub_text(text) == text
    assert scrub_text(f"전화 {PHONE}") == "전화 010-****-**32"
    assert scrub_text("전화 010 9876 5432.") == "전화 010 **** **32."
    assert scrub_text(f"번호:{PHONE_DIGITS}") == "번호:010******32"
    assert scrub_text(f"주민 {RRN}") == "주민 900***-*****67"
    assert SECRET not in scrub_text(f'{{"imp_secret": "{SECRET}"}}')


def test_query_filters(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_700_000_000.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    with AuditLog(db) as log:
        a = log.begin("issue_receipt", {"imp_uid": "imp_a"}, mutating=True)
        log.finish(a, "ok")
        clock[0] += 3600
        b = log.begin("get_receipt", {"imp_uid": "imp_b"}, mutating=False)
        log.finish(b, "failed", 404, 1, "영수증이 없습니다")
        clock[0] += 3600
        c = log.begin(
            "naver_ship", {"imp_uid": "imp_c", "product_order_id": ["PO_77"], "memo": "택배 분실 50%"}
        )
        log.finish(c, "partial", 207, 0, "", ["PO_77"], [])

        assert [r.id for r in log.query()] == [c, b, a]  # newest first
        assert [r.id for r in log.query(since=1_700_000_000 + 1)] == [c, b]
        assert [r.id for r in log.query(until=1_700_000_000 + 3600)] == [a]
        assert [r.id for r in log.query(operation="get_receipt")] == [b]
        assert [r.id for r in log.query(operation=["get_receipt", "naver_ship"])] == [c, b]
        assert [r.id for r in log.query(outcome="failed")] == [b]
        assert [r.id for r in log.query(text="imp_a")] == [a]
        assert [r.id for r in log.query(text="없습니다")] == [b]
        assert [r.id for r in log.query(text="PO_77")] == [c]
        assert [r.id for r in log.query(text="분실")] == [c]
        assert [r.id for r in log.query(text="50%")] == [c]
        assert log.query(text="분%실") == []  # wildcards are literal
        assert [r.id for r in log.query(limit=1)] == [c]


def test_finish_rejects_bad_input(db: Path) -> None:
    with AuditLog(db) as log:
        row_id = log.begin("get_payment", mutating=False)
        with pytest.raises(ValueError):
            log.finish(row_id, "sent")
        with pytest.raises(KeyError):
            log.finish(row_id + 100, "ok")


def test_safe_from_worker_threads(db: Path) -> None:
    with AuditLog(db) as log:

        def work(n: int) -> None:
            for i in range(20):
                row_id = log.begin("get_payment", {"imp_uid": f"imp_{n}_{i}"}, mutating=False)
                log.finish(row_id, "ok", 200, 0)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rows = log.query(limit=1000)
    assert len(rows) == 160
    assert {r.outcome for r in rows} == {"ok"}


def _sample(db: Path) -> list[AuditRow]:
    with AuditLog(db, os_user="상담PC") as log:
        a = log.begin("issue_receipt", {"imp_uid": "imp_1", "reason": "=HYPERLINK(1)"}, agent_name="김상담")
        log.finish(a, "ok", 200, 0, "발급 완료")
        b = log.begin("naver_ship", {"imp_uid": "imp_2", "product_order_id": ["2024010112345678", "2"]})
        log.finish(b, "partial", 207, 0, "", ["2024010112345678"], ["2"])
        return log.query()


def test_csv_export(db: Path, tmp_path: Path) -> None:
    rows = _sample(db)
    out = tmp_path / "기록.csv"
    audit_export.export_csv(rows, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert tuple(table[0]) == HEADERS
    assert "시간(KST)" in table[0] and "결과" in table[0]
    by_header = [dict(zip(table[0], line, strict=True)) for line in table[1:]]
    assert by_header[0]["결과"] == OUTCOME_LABELS["partial"]
    assert by_header[0]["상품주문번호"] == "2024010112345678, 2"
    assert by_header[1]["시간(KST)"] == rows[1].time_kst
    assert by_header[1]["사유/메모"] == "'=HYPERLINK(1)"  # not run as a formula
    assert by_header[1]["상담원"] == "김상담"


def test_xlsx_export(db: Path, tmp_path: Path) -> None:
    rows = _sample(db)
    out = tmp_path / "기록.xlsx"
    audit_export.export_xlsx(rows, out)
    sheet = load_workbook(out).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert tuple(values[0]) == HEADERS
    record = dict(zip(values[0], values[2], strict=True))
    assert record["결과"] == "완료"
    assert "OS 사용자" not in record and "상담PC" not in values[2]  # the login is not who did it
    assert record["구분"] == "변경"
    assert isinstance(record["시간(KST)"], datetime)
    assert record["시간(KST)"].strftime("%Y-%m-%d %H:%M:%S") == rows[1].time_kst
    assert record["사유/메모"] == "'=HYPERLINK(1)"
    partial = dict(zip(values[0], values[1], strict=True))
    assert partial["성공한 주문"] == "2024010112345678"  # long ids stay text


def test_export_names_the_operation_in_korean(db: Path, tmp_path: Path) -> None:
    """A team lead's sheet reads 현금영수증 발급, not an API operation id."""
    with AuditLog(db) as log:
        row = log.begin("issueReceipt", {"imp_uid": "imp_1", "merchant_uid": "order-1"})
        log.finish(row, "ok", 200, 0, "")
        rows = log.query()
    out = tmp_path / "기록.csv"
    audit_export.export_csv(rows, out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header, line = list(csv.reader(handle))
    record = dict(zip(header, line, strict=True))
    assert record["작업"] == "현금영수증 발급 (포트원 거래)"
    assert record["결제번호(imp_uid)"] == "imp_1" and record["주문번호(merchant_uid)"] == "order-1"


def test_resolve_completes_only_a_row_not_known_to_have_worked(db: Path) -> None:
    with AuditLog(db) as log:
        lost = log.begin("issueReceipt", {"imp_uid": "imp_1"}, agent_name="김상담")
        log.finish(lost, "unknown", message="응답 없음")
        done = log.begin("issueReceipt", {"imp_uid": "imp_2"})
        log.finish(done, "ok")
        refused = log.begin("issueReceipt", {"imp_uid": "imp_3"})
        log.finish(refused, "failed", message="이미 발급된 영수증")
        log.resolve([lost], "ok", "영수증 조회로 확인: 발급됨")
        log.resolve([done], "failed", "never applied to a known outcome")
        log.resolve([refused], "already", "조회해 보니 이미 발급됨")
        settled, known, already = log.get(lost), log.get(done), log.get(refused)
        assert settled is not None and known is not None and already is not None
        assert settled.outcome == "ok" and settled.settled_how == "영수증 조회로 확인: 발급됨"
        assert settled.settled_at is not None and settled.outcome_label.startswith("완료 (확인됨 ")
        assert known.outcome == "ok" and known.settled_at is None and known.message == ""
        assert already.outcome == "already" and already.message.startswith("이미 발급된 영수증 → ")
        with pytest.raises(ValueError):
            log.resolve([lost], "maybe", "no")


def test_an_old_log_gains_the_settle_columns(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with AuditLog(path) as log:
        log.finish(log.begin("getReceipt", {"imp_uid": "imp_1"}, mutating=False), "none")
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE audit DROP COLUMN settled_at")
    conn.execute("ALTER TABLE audit DROP COLUMN settled_how")
    conn.close()
    with AuditLog(path) as log:
        [row] = log.query()
        assert row.outcome == "none" and row.outcome_label == "없음" and row.settled_at is None


def test_notes_are_masked_like_identifiers(tmp_path):
    from portone_desk.store.audit_redact import scrub_text

    text = scrub_text("김민수 고객님 010-1234-5678로 연락, 메일 kim.ms@example.com / 이영희씨 02 123 4567")
    assert "김민수" not in text and "이영희" not in text and "1234-5678" not in text
    assert "kim.ms@" not in text and "123 4567" not in text
    assert "김** 고객님" in text and "@example.com" in text
    # Ids glued to a word, the words before an honorific that are not names: kept.
    kept = scrub_text("imp_123456789012 고객님께 택배기사님 편으로")
    assert kept == "imp_123456789012 고객님께 택배기사님 편으로"


def test_an_old_raw_reason_code_reads_as_its_label(db: Path) -> None:
    from portone_desk.store.audit_export import reason_text

    with AuditLog(db) as log:
        row_id = log.begin(
            "naverWithholdReturnProductOrder", {"imp_uid": "i"}, reason="RETURN_DELIVERYFEE / 3,000원"
        )
        log.finish(row_id, "ok")
        row = log.get(row_id)
    assert row is not None and reason_text(row).endswith(" / 3,000원")
    assert "RETURN_DELIVERYFEE" not in reason_text(row)


def test_a_bulk_resolve_is_settled_like_a_desk_verification(db: Path) -> None:
    with AuditLog(db) as log:
        row_id = log.begin("naverShipProductOrder", {"imp_uid": "imp_1"})
        log.finish(row_id, "unknown", message="응답 없음")
        log.resolve([row_id], "already", "조회해 보니 이미 발송됨")
        row = log.get(row_id)
    assert row is not None and row.outcome == "already"
    assert row.settled_at is not None and row.settled_how == "조회해 보니 이미 발송됨"
    assert row.outcome_label.startswith("이미 반영됨 (확인됨 ")
