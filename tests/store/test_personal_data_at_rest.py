"""A full day of use, then every file under the app's folders is searched for that day's personal
data, secret and tokens — with the databases still open (what a kill -9 would leave), including
``-wal``/``-shm`` files and the exports (xlsx members unzipped): 0 hits."""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import PortOneError
from portone_desk.api.timefmt import parse_kst
from portone_desk.bulk.dryrun import dry_run
from portone_desk.bulk.export import export_results
from portone_desk.bulk.jobstore import FILE_NAME, JobStore
from portone_desk.bulk.kinds import RECEIPT_KIND
from portone_desk.bulk.mapping import guess_mapping
from portone_desk.bulk.rows import build_rows
from portone_desk.bulk.runner import BatchRunner
from portone_desk.bulk.sheet import Sheet
from portone_desk.sandbox.demo import DEMO_CHANNEL_KEY, DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.audit_export import export_csv, export_xlsx
from portone_desk.store.paths import AppPaths
from portone_desk.store.profiles import Profile
from portone_desk.ui.logs import remove_logging, setup_logging

# The day's personal data, each in the shapes it may be written.
PHONES = {
    "010-2468-1357": ["01024681357", "010-2468-1357", "010 2468 1357"],
    "010-1357-2468": ["01013572468", "010-1357-2468"],
    "010-2222-3333": ["01022223333", "010-2222-3333", "010 2222 3333"],
    "010-4444-5555": ["01044445555", "010-4444-5555"],
    "010-6666-7777": ["01066667777", "010-6666-7777"],
}
NAMES = ["박서준", "최지우", "한가인", "정해인"]
EMAILS = ["park.seojun@example.com"]


def _needles(extra: list[str]) -> list[bytes]:
    texts = [shape for shapes in PHONES.values() for shape in shapes] + NAMES + EMAILS + extra
    # UTF-8 as SQLite and text files store it; UTF-16 in case anything writes it that way.
    return [t.encode("utf-8") for t in texts] + [t.encode("utf-16-le") for t in NAMES]


def _contents(path: Path) -> Iterator[tuple[str, bytes]]:
    data = path.read_bytes()
    yield str(path), data
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                yield f"{path}!{member}", archive.read(member)


@pytest.fixture
def day_home(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "desk-home")


@pytest.mark.expect_log(r"처리되지 않은 오류", logger="portone_desk.test")
def test_a_full_day_leaves_no_personal_data_secret_or_token_on_disk(
    sandbox: SandboxServer, day_home: AppPaths
):
    paths = day_home
    handler = setup_logging(paths.log_file, level=logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    audit = AuditLog(paths.audit_db)
    store = JobStore(paths.data_dir / FILE_NAME)
    try:
        service = DeskService(
            Profile.new("하루 상점", base_url=sandbox.url, agent_name="상담원"), client, audit
        )
        tokens = _a_day(service, store, paths)
        logging.getLogger("portone_desk.test").info("통화 메모: 정해인 고객님 010-6666-7777 재문의")
        try:
            raise PortOneError("박서준님 010-2468-1357 요청 처리 중 오류")
        except PortOneError:
            logging.getLogger("portone_desk.test").exception("처리되지 않은 오류")
        handler.flush()

        # Still open, as the running app (or a kill -9) leaves them.
        hits = []
        needles = _needles([DEMO_IMP_SECRET, *tokens])
        files = [
            Path(d) / n for root_dir in paths.all_dirs() for d, _, names in os.walk(root_dir) for n in names
        ]
        assert any(f.name.endswith("-wal") for f in files)  # the WAL files are there to be searched
        assert any(f.suffix == ".xlsx" for f in files) and paths.log_file in files
        for file in files:
            for where, data in _contents(file):
                hits += [(where, needle.decode("utf-8", "replace")) for needle in needles if needle in data]
        assert hits == [], (len(hits), sorted({Path(w.split("!")[0]).name for w, _ in hits}), hits)
    finally:
        root.setLevel(old_level)
        remove_logging(handler)
        store.close()
        audit.close()
        client.close()


def _a_day(service: DeskService, store: JobStore, paths: AppPaths) -> list[str]:
    """Receipts, Naver actions, a bulk batch with phones and notes with names; the day's tokens."""
    call = service.call
    call("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"})
    call(
        "issueReceipt",
        {
            "imp_uid": "imp_demo_vbank_paid",
            "identifier": "010-2468-1357",
            "type": "person",
            "buyer_name": "박서준",
            "buyer_tel": "010-2468-1357",
            "buyer_email": EMAILS[0],
        },
        pg="kcp",
        note=f"박서준 고객님 요청, 010-2468-1357로 발급, 메일 {EMAILS[0]}",
    )
    call("getReceipt", {"imp_uid": "imp_demo_vbank_paid"})
    call(
        "revokeReceipt", {"imp_uid": "imp_demo_vbank_paid"}, note="박서준님 전화로 취소 요청 (010 2468 1357)"
    )
    call(
        "issueExternalReceipt",
        {
            "merchant_uid": "day-phone-1",
            "channel_key": DEMO_CHANNEL_KEY,
            "name": "전화 주문",
            "amount": 23000,
            "identifier": "01013572468",
            "buyer_name": "최지우",
        },
        note="최지우 씨 전화 주문 010-1357-2468",
    )
    with pytest.raises(PortOneError):
        call("getReceipt", {"imp_uid": "imp_does_not_exist"}, note="한가인 고객님 문의")
    orders = call("getProductOrders", {"imp_uid": "imp_demo_naver_three"}).response
    first = orders[0]["product_order_id"]
    call(
        "naverPlaceProductOrder",
        {"imp_uid": "imp_demo_naver_three", "product_order_id": [first]},
        note="최지우 씨 발주 확인 요청",
        product_order_ids=[first],
    )
    call(
        "naverRejectReturnProductOrder",
        {
            "imp_uid": "imp_demo_naver_return_request",
            "memo": "한가인 고객님, 사진을 010 2222 3333으로 보내 주세요.",
        },
        note="한가인님 반품 거절",
    )

    # A bulk receipt batch with phones, run to the end (and so scrubbed), results exported.
    headers = ["결제번호", "주문번호", "금액", "주문명", "휴대폰번호", "용도"]
    sheet = Sheet(
        headers,
        [
            ["imp_demo_trans_paid", "", "", "", "010-4444-5555", "소득공제"],
            ["", "day-bulk-2", "15,000", "전화 주문", "010-6666-7777", ""],
        ],
    )
    rows = build_rows(
        sheet,
        RECEIPT_KIND,
        guess_mapping(RECEIPT_KIND, headers),
        now=parse_kst("2026-03-05 09:00:00"),
        channel_key=DEMO_CHANNEL_KEY,
    )
    dry_run(service, rows)
    batch = store.create_batch("receipt", "receipts.xlsx", rows)
    BatchRunner(service, store, batch).run()
    assert {row.status for row in store.rows(batch)} == {"done"}
    exports = paths.data_dir / "exports"
    exports.mkdir()
    export_results(store.rows(batch), exports / "일괄결과.xlsx")
    day_rows = service.audit.query()  # type: ignore[union-attr]
    assert len(day_rows) >= 8
    export_csv(day_rows, exports / "활동기록.csv")
    export_xlsx(day_rows, exports / "활동기록.xlsx")
    info = service.client.tokens.info
    assert info is not None
    return [info.access_token]
