"""Small helpers the Naver panels share: the audited background call and "no profile" text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from portone_desk.ui.context import DeskContext
from portone_desk.ui.worker import BackgroundOp

NO_PROFILE_TEXT = "프로필이 선택되지 않았습니다. 위의 도구 모음에서 프로필을 고르거나 연습 모드로 시작하세요."


def call_op(
    ctx: DeskContext,
    op_id: str,
    values: Mapping[str, object],
    pg: str | None = None,
    note: str = "",
    product_order_ids: Iterable[str] | None = None,
) -> BackgroundOp:
    """Like ``ctx.call_op`` but also hands the activity log the agent's note and the order ids."""
    service = ctx.service
    ids = list(product_order_ids) if product_order_ids is not None else None
    values = dict(values)
    return ctx.background(
        lambda: service.call(op_id, values, pg=pg, note=note or None, product_order_ids=ids)
    )


def response_of(result: Any) -> Any:
    return getattr(result, "response", result)
