"""Naver sheets with the shop's order number (주문번호, merchant_uid) instead of PortOne's imp_uid:
the dry run finds each order number's payment once, before anything is sent."""

from __future__ import annotations

from pathlib import Path

from support.bulk import FAST_SETTLE, NOW, order_states
from support.sandbox import control_of, place_posts, request_log, ship_posts

from portone_desk.bulk.dryrun import dry_run
from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.kinds import PLACE_KIND, SHIP_KIND, JobKind
from portone_desk.bulk.mapping import guess_mapping, missing_required
from portone_desk.bulk.rows import DONE, FLAGGED, INVALID, PENDING, BulkRow, build_rows
from portone_desk.bulk.runner import BatchRunner
from portone_desk.bulk.sheet import Sheet
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService

ORDER_NO_PATH = "/payments/findAll/"
SHIP_HEADERS = ["주문번호", "상품주문번호", "택배사", "송장번호"]
PLACE_HEADERS = ["주문번호", "상품주문번호"]


def naver_order(url: str, merchant_uid: str, count: int) -> tuple[str, list[str]]:
    """A naverco payment of ``count`` PAYED product orders under the shop's ``merchant_uid``."""
    data = control_of(url).add_payment(
        merchant_uid=merchant_uid,
        pay_method="naverpay",
        pg_provider="naverco",
        amount=10000 * count,
        status="paid",
        product_orders=[{"product_order_status": "PAYED"} for _ in range(count)],
    )
    assert data["merchant_uid"] == merchant_uid
    return data["imp_uid"], data["product_order_ids"]


def rows_of(kind: JobKind, headers: list[str], lines: list[list[str]]) -> list[BulkRow]:
    mapping = guess_mapping(kind, headers)
    assert mapping["imp_uid"] is None and mapping["merchant_uid"] == 0
    assert missing_required(kind, mapping) == []
    return build_rows(Sheet(headers, lines), kind, mapping, now=NOW)


def lookups_by_order_no(url: str) -> list[str]:
    return [r["path"] for r in request_log(url) if r["method"] == "GET" and ORDER_NO_PATH in r["path"]]


def test_ship_sheet_with_order_numbers_dry_run_and_run(
    sandbox: SandboxServer, service: DeskService, store: JobStore
) -> None:
    url = sandbox.url
    imp_a, ids_a = naver_order(url, "WH-20260305-001", 2)
    imp_b, ids_b = naver_order(url, "WH-20260305-002", 1)
    rows = rows_of(
        SHIP_KIND,
        SHIP_HEADERS,
        [
            ["WH-20260305-001", ids_a[0], "CJ대한통운", "611111111111"],
            ["WH-20260305-002", ids_b[0], "CJ대한통운", "622222222222"],
            ["WH-20260305-001", ids_a[1], "CJ대한통운", "611111111111"],  # same box as the first
            ["WH-NO-SUCH-ORDER", "2099000000000001", "CJ대한통운", "633333333333"],
            ["order-1001", "2099000000000002", "CJ대한통운", "644444444444"],  # kcp vbank, not Naver
            ["", "2099000000000003", "CJ대한통운", "655555555555"],  # neither number
        ],
    )
    assert [r.status for r in rows] == [PENDING] * 5 + [INVALID]
    assert "주문번호" in rows[5].message and "결제번호" in rows[5].message

    summary = dry_run(service, rows)

    assert [r.imp_uid for r in rows[:3]] == [imp_a, imp_b, imp_a]  # filled in
    assert [r.status for r in rows] == [PENDING, PENDING, PENDING, FLAGGED, FLAGGED, INVALID]
    assert "WH-NO-SUCH-ORDER" in rows[3].message and "찾을 수 없습니다" in rows[3].message
    assert "order-1001" in rows[4].message and "네이버페이 주문형 결제가 아닙니다" in rows[4].message
    assert summary.sendable == 3 and summary.calls == 2  # one call per payment (and waybill)
    # Each distinct order number looked up once, nothing sent.
    assert sorted(lookups_by_order_no(url)) == sorted(
        f"{ORDER_NO_PATH}{n}"
        for n in ("WH-20260305-001", "WH-20260305-002", "WH-NO-SUCH-ORDER", "order-1001")
    )
    assert not ship_posts(url)  # nothing sent

    batch = store.create_batch("ship", "창고.xlsx", rows)
    logged = len(request_log(url))
    final = BatchRunner(service, store, batch, concurrency=2, settle=FAST_SETTLE).run()

    assert final.counts.get(DONE) == 3
    posts = ship_posts(url)
    assert sorted(p["path"] for p in posts) == sorted(
        [f"/payments/{imp_a}/naver/ship", f"/payments/{imp_b}/naver/ship"]
    )
    assert sorted(posts[-2]["body"]["product_order_id"] + posts[-1]["body"]["product_order_id"]) == sorted(
        ids_a + ids_b
    )
    assert all("merchant_uid" not in p["body"] for p in posts)
    assert not lookups_by_order_no(url)[4:]  # the run did not look the numbers up again
    assert not [r for r in request_log(url)[logged:] if ORDER_NO_PATH in r["path"]]
    states = {**order_states(service, imp_a), **order_states(service, imp_b)}
    assert {states[i]["product_order_status"] for i in ids_a + ids_b} == {"DELIVERING"}
    stored = {row.row_no: row for row in store.rows(batch)}
    assert stored[5].status == FLAGGED and stored[6].status == FLAGGED
    # The log finds the calls by the number the customer quotes.
    assert service.audit is not None
    logged_ships = service.audit.query(operation="naverShipProductOrder")
    assert {r.merchant_uid for r in logged_ships} == {"WH-20260305-001", "WH-20260305-002"}


def test_resume_does_not_resolve_again(sandbox: SandboxServer, service: DeskService, tmp_path: Path) -> None:
    """The imp_uid found in the dry run is stored with the batch: a resume (a new store, as after a
    restart) sends with it and never asks for the order number again."""
    url = sandbox.url
    imp, ids = naver_order(url, "WH-RESUME-1", 3)
    rows = rows_of(PLACE_KIND, PLACE_HEADERS, [["WH-RESUME-1", oid] for oid in ids])
    dry_run(service, rows)
    path = tmp_path / "resume.sqlite3"
    with _Closing(JobStore(path)) as first:
        batch = first.create_batch("place", "창고.csv", rows)
    assert len(lookups_by_order_no(url)) == 1

    with _Closing(JobStore(path)) as again:
        stored = again.rows(batch)
        assert [(r.imp_uid, r.order_no) for r in stored] == [(imp, "WH-RESUME-1")] * 3
        final = BatchRunner(service, again, batch, settle=FAST_SETTLE).run()

    assert final.counts.get(DONE) == 3
    assert len(lookups_by_order_no(url)) == 1
    assert [p["path"] for p in place_posts(url)] == [f"/payments/{imp}/naver/place"]  # one call


def test_a_sheet_with_both_numbers_uses_the_imp_uid(sandbox: SandboxServer, service: DeskService) -> None:
    url = sandbox.url
    imp, ids = naver_order(url, "WH-BOTH-1", 1)
    headers = ["결제번호", "주문번호", "상품주문번호"]
    mapping = guess_mapping(PLACE_KIND, headers)
    rows = build_rows(
        Sheet(headers, [[imp, "WH-BOTH-1", ids[0]], ["", "WH-BOTH-1", "2099000000000009"]]),
        PLACE_KIND,
        mapping,
        now=NOW,
    )
    dry_run(service, rows)
    assert rows[0].status == PENDING and rows[0].imp_uid == imp
    assert rows[1].imp_uid == imp and rows[1].status == FLAGGED  # found, but not this payment's order
    assert len(lookups_by_order_no(url)) == 1  # only the row without an imp_uid asked


def test_order_number_with_several_paid_payments_is_flagged_not_guessed(
    sandbox: SandboxServer, service: DeskService
) -> None:
    url = sandbox.url
    first, ids_first = naver_order(url, "WH-TWICE-1", 1)
    second, ids_second = naver_order(url, "WH-TWICE-1", 1)
    rows = rows_of(PLACE_KIND, PLACE_HEADERS, [["WH-TWICE-1", ids_first[0]], ["WH-TWICE-1", ids_second[0]]])
    summary = dry_run(service, rows)
    assert [r.status for r in rows] == [FLAGGED, FLAGGED]
    for row in rows:
        assert "주문번호에 결제가 여러 건입니다 — 결제번호(imp_uid)를 적어 주세요" in row.message
        assert first in row.message and second in row.message  # the agent sees which to write
        assert not row.imp_uid
    assert summary.sendable == 0
    assert lookups_by_order_no(url) == [f"{ORDER_NO_PATH}WH-TWICE-1"]  # one call for both rows
    assert not [r for r in request_log(url) if "/naver/product-orders" in r["path"]]


def test_one_paid_among_failed_tries_is_taken_and_said(sandbox: SandboxServer, service: DeskService) -> None:
    url = sandbox.url
    control = control_of(url)
    failed = control.add_payment(
        merchant_uid="WH-RETRY-1", pay_method="naverpay", pg_provider="naverco", amount=10000, status="failed"
    )
    cancelled = control.add_payment(
        merchant_uid="WH-RETRY-1",
        pay_method="naverpay",
        pg_provider="naverco",
        amount=10000,
        status="cancelled",
    )
    paid, ids = naver_order(url, "WH-RETRY-1", 1)
    rows = rows_of(PLACE_KIND, PLACE_HEADERS, [["WH-RETRY-1", ids[0]]])
    summary = dry_run(service, rows)
    [row] = rows
    assert row.status == PENDING and row.imp_uid == paid
    [note] = [w for w in row.warnings if "WH-RETRY-1" in w]
    assert "3건 중 결제완료된" in note and paid in note
    assert "결제실패 1건" in note and "취소" in note
    assert failed["imp_uid"] not in note and cancelled["imp_uid"] not in note
    assert summary.sendable == 1
    assert lookups_by_order_no(url) == [f"{ORDER_NO_PATH}WH-RETRY-1"]


class _Closing:
    def __init__(self, store: JobStore) -> None:
        self.store = store

    def __enter__(self) -> JobStore:
        return self.store

    def __exit__(self, *exc: object) -> None:
        self.store.close()


def test_which_payment_an_order_number_means() -> None:
    from portone_desk.bulk.dryrun import pick_order_payment

    paid = {"imp_uid": "imp_p", "status": "paid"}
    failed = {"imp_uid": "imp_f", "status": "failed"}
    ready = {"imp_uid": "imp_r", "status": "ready"}
    assert pick_order_payment("A-1", [])[0] is None
    assert pick_order_payment("A-1", [failed]) == (failed, "", "")  # one: as before (its state decides)
    chosen, problem, note = pick_order_payment("A-1", [failed, paid, ready])
    assert chosen is paid and not problem and "결제실패 1건" in note and "미결제 1건" in note
    chosen, problem, _ = pick_order_payment("A-1", [failed, ready])  # several, none paid: ask
    assert chosen is None and "여러 건" in problem and "imp_f" in problem and "imp_r" in problem
    chosen, problem, _ = pick_order_payment("A-1", [paid, {**paid, "imp_uid": "imp_p2"}])
    assert chosen is None and "imp_p2" in problem
