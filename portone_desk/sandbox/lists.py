"""Payment lists and the shop's PG settings: getPaymentsByStatus, getPaymentListByImpUid,
getAllPaymentsByMerchantUid, getPgSettingList.

What the spec says, as the sandbox does it:

- ``getPaymentsByStatus``: ``all|ready|paid|cancelled|failed`` (anything else 400); ``page`` from 1,
  ``limit`` 20 by default and at most 1000; ``to`` defaults to now and ``from`` to 90 days before
  ``to``, both inclusive, on the time of each payment's *current* status (started, paid, cancelled
  or failed); a window over 90 days is refused (400), as the docs' "검색기간은 최대 90일"
  says; ``sorting`` as documented (``-started`` default; an unknown code falls back to it like
  every optional enum here). The answer is ``{total, previous, next, list}`` with 0 for no
  previous/next page; a page past the data is 400 (page 1 of nothing is an empty list).
- ``getPaymentListByImpUid``: ``imp_uid[]`` and ``merchant_uid[]`` together at most 100; 200 when
  every id was found, 207 with the found ones when some were not, 404 when none was. Neither
  given is 400. A ``merchant_uid`` answers every payment of that order number.
- ``getAllPaymentsByMerchantUid``: every payment of the order number (paged and sorted like the
  status list; the optional status filters them); 404 when there is none; 400 for an unknown
  status.
- ``getPgSettingList``: the sandbox's channels (see ``demo.CHANNELS``).

Assumptions where the spec is silent (the live API was not observed): ``limit`` over 1000 or
under 1, and ``page`` under 1, are 400 rather than clamped; ``from`` after ``to`` is 400.
"""

from __future__ import annotations

from typing import Any

from portone_desk.api.catalog import MAX_BATCH_LOOKUP, MAX_PAGE_LIMIT, MAX_WINDOW_SECONDS, PAYMENT_STATUSES
from portone_desk.api.catalog_options import PG_NAMES
from portone_desk.sandbox import demo
from portone_desk.sandbox.call import Call, Handler
from portone_desk.sandbox.store import public
from portone_desk.sandbox.wire import ApiFailure, Reply, envelope

_STATUSES = tuple(option.code for option in PAYMENT_STATUSES)
_SORT_COLUMNS = {"started": "k.started_at", "paid": "k.paid_at", "updated": "k.updated_at"}
DEFAULT_LIMIT = 20


def _paging(call: Call) -> tuple[int, int]:
    page = int(call.values.get("page", 1))
    limit = int(call.values.get("limit", DEFAULT_LIMIT))
    if page < 1:
        raise ApiFailure(400, f"page는 1 이상이어야 합니다: {page}")
    if not 1 <= limit <= MAX_PAGE_LIMIT:
        raise ApiFailure(400, f"limit은 1~{MAX_PAGE_LIMIT} 사이여야 합니다: {limit}")
    return page, limit


def _order_by(call: Call) -> str:
    sorting = str(call.value("sorting"))
    column = _SORT_COLUMNS.get(sorting.lstrip("-"), "k.started_at")
    direction = "DESC" if sorting.startswith("-") else "ASC"
    return f"{column} {direction}, k.imp_uid {direction}"


def _paged(call: Call, where: str, params: list[Any]) -> Reply:
    page, limit = _paging(call)
    total, docs = call.store.payment_page(where, params, _order_by(call), limit, (page - 1) * limit)
    if page > 1 and (page - 1) * limit >= total:
        raise ApiFailure(400, f"데이터 범위를 넘어선 page입니다: {page} (전체 {total}건)")
    return envelope(
        200,
        {
            "total": total,
            "previous": page - 1 if page > 1 else 0,
            "next": page + 1 if page * limit < total else 0,
            "list": [public(doc) for doc in docs],
        },
    )


def by_status(call: Call) -> Reply:
    status = call.values["payment_status"]
    if status != "all" and status not in _STATUSES:
        raise ApiFailure(400, f"유효하지 않은 payment_status입니다: {status}")
    to = int(call.values.get("to", call.now))
    since = int(call.values.get("from", to - MAX_WINDOW_SECONDS))
    if since > to:
        raise ApiFailure(400, "검색 시작 시각(from)이 종료 시각(to)보다 늦습니다")
    if to - since > MAX_WINDOW_SECONDS:
        raise ApiFailure(400, "검색기간은 최대 90일까지입니다")
    where = "k.status_at BETWEEN ? AND ?"
    params: list[Any] = [since, to]
    if status != "all":
        where += " AND k.status = ?"
        params.append(status)
    return _paged(call, where, params)


def by_ids(call: Call) -> Reply:
    imp_uids = list(dict.fromkeys(call.values.get("imp_uid") or []))
    merchant_uids = list(dict.fromkeys(call.values.get("merchant_uid") or []))
    if not imp_uids and not merchant_uids:
        raise ApiFailure(400, "imp_uid[] 또는 merchant_uid[]를 하나 이상 보내 주세요")
    if len(imp_uids) + len(merchant_uids) > MAX_BATCH_LOOKUP:
        raise ApiFailure(400, f"한 번에 최대 {MAX_BATCH_LOOKUP}건까지 조회할 수 있습니다")
    found: dict[str, dict[str, Any]] = {}
    missing = 0
    for imp_uid in imp_uids:
        doc = call.store.payment(imp_uid)
        if doc is None:
            missing += 1
        else:
            found.setdefault(doc["imp_uid"], public(doc))
    for merchant_uid in merchant_uids:
        docs = call.store.payments_by_merchant_uid(merchant_uid)
        if not docs:
            missing += 1
        for doc in sorted(docs, key=lambda d: (d.get("started_at") or 0, d["imp_uid"]), reverse=True):
            found.setdefault(doc["imp_uid"], public(doc))
    if not found:
        raise ApiFailure(404, "해당되는 결제건을 찾지 못하였습니다")
    if missing:
        asked = len(imp_uids) + len(merchant_uids)
        return envelope(207, list(found.values()), f"요청한 {asked}건 중 {missing}건을 찾지 못했습니다")
    return envelope(200, list(found.values()))


def by_merchant_uid(call: Call) -> Reply:
    merchant_uid = call.values["merchant_uid"]
    status = call.values.get("payment_status")
    if status is not None and status not in _STATUSES:
        raise ApiFailure(400, f"유효하지 않은 payment_status입니다: {status}")
    imp_uids = [doc["imp_uid"] for doc in call.store.payments_by_merchant_uid(merchant_uid)]
    if not imp_uids:
        raise ApiFailure(404, f"유효하지 않은 merchant_uid입니다: {merchant_uid}")
    marks = ", ".join("?" for _ in imp_uids)
    where = f"k.imp_uid IN ({marks})"
    params: list[Any] = list(imp_uids)
    if status is not None:
        where += " AND k.status = ?"
        params.append(status)
        if not call.store.payment_page(where, params, "k.imp_uid", 1, 0)[0]:
            raise ApiFailure(404, f"해당 상태의 결제내역이 없습니다: {merchant_uid} ({status})")
    return _paged(call, where, params)


def pg_settings(call: Call) -> Reply:
    return envelope(
        200,
        [
            {
                "pg_provider": pg,
                "pg_id": f"{pg}_sandbox_mid",
                "sandbox": True,
                "type": "payment",
                "channel_name": f"{PG_NAMES.get(pg, pg)} 연습 채널",
                "channel_key": key,
            }
            for key, pg in demo.CHANNELS.items()
        ],
    )


HANDLERS: dict[str, Handler] = {
    "getPaymentsByStatus": by_status,
    "getPaymentListByImpUid": by_ids,
    "getAllPaymentsByMerchantUid": by_merchant_uid,
    "getPgSettingList": pg_settings,
}
