"""An order number (merchant_uid) may have several payments (a failed try, then a paid one; or two
paid ones): look them all up in one call and let the agent pick, never silently the first. Qt-free;
the chooser widget is ``payment_chooser.py``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from portone_desk.api.catalog import PAYMENT_STATUSES
from portone_desk.api.catalog_options import pg_name
from portone_desk.api.timefmt import format_kst, format_won
from portone_desk.ui.shared import label_of, response_of

Payment = dict[str, Any]
# One answer holds them all: an order number has a few tries at most in practice.
PAGE_LIMIT = 100
PICK_TEXT = "— 처리할 결제를 고르세요 —"


class CallsApi(Protocol):
    def call(self, op_id: str, values: dict[str, Any], pg: str | None = ...) -> Any: ...


@dataclass(frozen=True)
class OrderChoices:
    """Several payments under one order number: the agent picks one (none is picked for them)."""

    merchant_uid: str
    payments: tuple[Payment, ...]

    def message(self) -> str:
        return (
            f"주문번호 {self.merchant_uid}에 결제가 {len(self.payments)}건 있습니다. "
            "아래 목록에서 처리할 결제를 고르세요."
        )


def payments_of_order(service: CallsApi, merchant_uid: str) -> list[Payment]:
    """Every payment of the order number, newest first (getAllPaymentsByMerchantUid, any status).

    Blocking: run it in a background op. None found is the API's 404 (raised, like a single lookup)."""
    values = {"merchant_uid": merchant_uid, "limit": PAGE_LIMIT, "sorting": "-started"}
    page = response_of(service.call("getAllPaymentsByMerchantUid", values)) or {}
    return [p for p in page.get("list") or [] if isinstance(p, dict) and p.get("imp_uid")]


def one_or_choices(merchant_uid: str, payments: list[Payment]) -> Payment | OrderChoices:
    """The payment when there is exactly one; otherwise the choices."""
    if len(payments) == 1:
        return payments[0]
    return OrderChoices(merchant_uid, tuple(payments))


def choice_label(payment: Payment) -> str:
    """One line per payment: imp_uid · status · amount · paid (or started) time · PG."""
    when = payment.get("paid_at") or payment.get("failed_at") or payment.get("started_at")
    parts = [
        str(payment.get("imp_uid") or ""),
        label_of(PAYMENT_STATUSES, payment.get("status")),
        format_won(payment.get("amount")),
        format_kst(when) if when else "",
        pg_name(payment.get("pg_provider")),
    ]
    return " · ".join(p for p in parts if p)
