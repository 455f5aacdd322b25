"""API calls: route through the catalog, check the token and the fields, run the handler."""

from __future__ import annotations

from portone_desk.api import catalog
from portone_desk.sandbox import lists, naver_orders, naverpay, params, payments, receipts, tokens
from portone_desk.sandbox.call import Call, Handler
from portone_desk.sandbox.clock import SandboxClock
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.store import SandboxStore
from portone_desk.sandbox.wire import ApiFailure, BodyError, Reply, Request, envelope, failure, parse_body


def _get_token(call: Call) -> Reply:
    if call.values.get("imp_key") != DEMO_IMP_KEY or call.values.get("imp_secret") != DEMO_IMP_SECRET:
        raise ApiFailure(401, "imp_key 또는 imp_secret이 올바르지 않습니다")
    return envelope(200, tokens.issue(call.store, call.now))


HANDLERS: dict[str, Handler] = {
    "getToken": _get_token,
    **payments.HANDLERS,
    **lists.HANDLERS,
    **receipts.HANDLERS,
    **naver_orders.HANDLERS,
    **naverpay.HANDLERS,
}


def handle_api(
    request: Request, store: SandboxStore, clock: SandboxClock, base_url: str, naver_sync_lag: float = 0.0
) -> Reply:
    route = catalog.match_route(request.method, request.path)
    if route is None:
        return failure(404, f"존재하지 않는 API입니다: {request.method} {request.path}")
    op, path_values = route
    if request.body_problem:
        return failure(400, f"{request.body_problem}. 요청을 처리하지 않았습니다")
    handler = HANDLERS.get(op.id)
    if handler is None:
        return failure(501, f"샌드박스가 아직 지원하지 않는 API입니다: {op.id}")
    try:
        body = parse_body(request.header("content-type"), request.body)
        with store.transaction():
            now = clock.now()
            if op.needs_token:
                tokens.check(store, request.header("authorization"), now)
            values = params.gather(op, path_values, request.query, body)
            # A missing key or secret is an authentication failure (401), not a form error.
            if op.id != "getToken":
                params.require(op, values)
            call = Call(op, values, store, now, base_url, request.header("tier"), naver_sync_lag)
            return handler(call)
    except BodyError as error:
        return failure(400, str(error))
    except ApiFailure as error:
        return failure(error.status, error.message, error.code)
