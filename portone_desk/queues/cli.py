"""``portone-desk queue`` and ``portone-desk find``: the work queues and customer search in a terminal.

``queue [--refresh] [--json] [--profile NAME | --base-url URL]`` prints the count per queue (and
refreshes first with ``--refresh``, or when the cache was never filled); ``--json`` prints one
object ``{"counts": {queue: n}, "items": {queue: [item, …]}, "synced_at": unix}`` (item keys:
``imp_uid, merchant_uid, product_order_id?, deadline?, buyer, product, amount, status, state,
sub, overdue, since, …``). ``find TEXT [--json]`` searches the cache (imp_uid, merchant_uid, masked
buyer, amount, status). Exit codes as every verb: 0 ok, 1 error, 2 input.

With ``--profile`` the saved profile's credentials and cache are used; with ``--base-url`` (or
neither) the credentials come from ``PORTONE_IMP_KEY``/``PORTONE_IMP_SECRET`` and the cache is keyed
by the URL. The cache's hashing key is in the OS keyring either way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

# Only the parsers are built at start-up (the GUI's too): everything else is imported when a
# verb runs.

EXIT_OK, EXIT_ERROR, EXIT_INPUT = 0, 1, 2
ENV_KEY, ENV_SECRET, ENV_BASE_URL = "PORTONE_IMP_KEY", "PORTONE_IMP_SECRET", "PORTONE_BASE_URL"
DEFAULT_BASE_URL = "https://api.iamport.kr"


def secret_store() -> Any:
    """The keyring wrapper (a function so tests can hand in an in-memory keyring)."""
    from portone_desk.store.secrets import SecretStore

    return SecretStore()


def add_parsers(commands: Any) -> None:
    """Add the ``queue`` and ``find`` verbs to the top-level subparsers."""
    queue = commands.add_parser("queue", help="할 일(작업 목록)별 건수를 보여 줍니다")
    queue.add_argument("--refresh", action="store_true", help="포트원에서 새로 받은 뒤 보여 줍니다")
    queue.add_argument("--json", action="store_true", help="건수와 항목을 JSON으로 출력합니다")
    _connection_options(queue)
    find = commands.add_parser(
        "find", help="이름·전화번호·이메일·주문번호 등으로 결제를 찾습니다 (저장된 데이터에서)"
    )
    find.add_argument("text", help="찾을 내용: 구매자 이름, 전화번호(전체 또는 끝 4자리), 이메일, 주문번호 …")
    find.add_argument("--json", action="store_true", help="결과를 JSON으로 출력합니다")
    find.add_argument("--limit", type=int, default=50, help="최대 결과 수 (기본 50)")
    _connection_options(find)


def _connection_options(parser: Any) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--profile", default=None, help="저장된 프로필 이름")
    group.add_argument("--base-url", default=None, help="API 주소 (키는 환경 변수에서 읽습니다)")


def run_queue(args: Any) -> int:
    return _with_desk(args, _queue)


def run_find(args: Any) -> int:
    if not args.text.strip():
        return _fail("찾을 내용을 입력해 주세요.", EXIT_INPUT)
    if args.limit < 1:
        return _fail("--limit은 1 이상이어야 합니다.", EXIT_INPUT)
    return _with_desk(args, _find)


def _queue(desk: Any, args: Any) -> int:
    import json

    from portone_desk.api.errors import PortOneError
    from portone_desk.api.timefmt import format_kst
    from portone_desk.queues.model import QUEUE_KEYS, QUEUE_LABELS

    if args.refresh or desk.synced_at() is None:
        try:
            stats = desk.refresh()
        except PortOneError as exc:
            return _fail(f"작업 목록을 새로 받지 못했습니다: {exc}", EXIT_ERROR)
        if not args.json:
            print(
                f"새로 받았습니다: 결제 {stats.payments_seen:,}건, "
                f"네이버 주문 {stats.orders_checked:,}건 확인 "
                f"(API 호출 {stats.calls:,}회, 필요한 최소 {stats.minimum_calls:,}회)",
                file=sys.stderr,
            )
    items = desk.all_items()
    synced = desk.synced_at()
    if args.json:
        print(
            json.dumps(
                {
                    "counts": {key: len(items[key]) for key in QUEUE_KEYS},
                    "items": {key: [item.to_json() for item in items[key]] for key in QUEUE_KEYS},
                    "synced_at": synced,
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    print(f"할 일 — 마지막 갱신 {format_kst(synced) if synced else '없음'}")
    for key in QUEUE_KEYS:
        overdue = sum(1 for item in items[key] if item.overdue)
        note = f"  (기한 지남 {overdue:,})" if overdue else ""
        print(f"  {QUEUE_LABELS[key]:<14} {len(items[key]):>7,}{note}")
    return EXIT_OK


def _find(desk: Any, args: Any) -> int:
    import json

    from portone_desk.api.timefmt import format_won

    hits = desk.search(args.text, limit=args.limit)
    if args.json:
        print(json.dumps([hit.to_json() for hit in hits], ensure_ascii=False))
        return EXIT_OK
    if not hits:
        print(
            "찾은 결제가 없습니다. 저장된 데이터에서 찾습니다: "
            "'portone-desk queue --refresh'로 새로 받으세요."
        )
        return EXIT_OK
    for hit in hits:
        print(
            f"{hit.imp_uid}\t{hit.merchant_uid}\t{hit.buyer}\t{format_won(hit.amount)}원\t{hit.status_label}"
            + (f"\t상품주문 {hit.product_order_id}" if hit.product_order_id else "")
        )
    return EXIT_OK


def _with_desk(args: Any, action: Callable[[Any, Any], int]) -> int:
    from portone_desk.api.client import PortOneClient
    from portone_desk.queues.desk import QueueDesk, cache_path, server_clock_of
    from portone_desk.queues.privacy import load_or_create_key
    from portone_desk.store.audit import AuditLog
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.secrets import SecretStoreError

    paths = AppPaths.default()
    secrets = secret_store()
    found = _target(args, paths, secrets)
    if isinstance(found, str):
        return _fail(found, EXIT_INPUT)
    cache_id, base_url, imp_key, imp_secret, tier, mandatory = found
    try:
        key = load_or_create_key(secrets, cache_id)
    except SecretStoreError as exc:
        return _fail(f"로컬 데이터를 보호할 키를 키링에서 읽지 못했습니다: {exc}", EXIT_ERROR)
    try:
        client = PortOneClient(base_url, imp_key, imp_secret, tier=tier)
    except ValueError as exc:
        return _fail(str(exc), EXIT_INPUT)
    # Team mode: what the desk did (발주확인, 반품보류) is read from the team log, as every PC sees it.
    from portone_desk.team.connection import open_team_audit, team_dsn

    dsn = team_dsn()
    audit = open_team_audit(dsn, paths.data_dir) if dsn else AuditLog(paths.audit_db)
    desk = QueueDesk(
        cache_path(paths, cache_id),
        key,
        client.call,
        activity=audit,
        mandatory_receipt=mandatory,
        server_clock=server_clock_of(client),
    )
    try:
        return action(desk, args)
    finally:
        desk.close()
        audit.close()
        client.close()


def _target(args: Any, paths: Any, secrets: Any) -> tuple[str, str, str, str, str | None, bool] | str:
    """(cache id, base URL, key, secret, tier, mandatory-issue flag), or a Korean error."""
    import hashlib

    if args.profile:
        from portone_desk.store.profiles import ProfileStore

        try:
            store = ProfileStore(paths, secrets)
            profile = store.get(args.profile) or next(
                (p for p in store.list() if p.display_name.casefold() == args.profile.casefold()), None
            )
            if profile is None:
                return f"'{args.profile}' 프로필이 없습니다."
            credentials = store.credentials(profile.id)
        except Exception as exc:  # keyring problems come in many types; the message is what matters
            return f"키체인에서 '{args.profile}' 프로필의 인증 정보를 읽지 못했습니다: {exc}"
        if credentials is None:
            return f"'{args.profile}' 프로필에 저장된 REST API 키와 시크릿이 없습니다."
        return (
            profile.id,
            profile.base_url,
            credentials.imp_key,
            credentials.imp_secret,
            profile.tier_code,
            bool(getattr(profile, "cash_receipt_mandatory", False)),
        )
    imp_key, imp_secret = os.environ.get(ENV_KEY, ""), os.environ.get(ENV_SECRET, "")
    if not imp_key or not imp_secret:
        return f"인증 정보가 없습니다. --profile 이름이나 환경 변수 {ENV_KEY}, {ENV_SECRET}가 필요합니다."
    base_url = (args.base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")
    # One cache per API address and key, without the key in the file name.
    digest = hashlib.sha256(f"{base_url}\x00{imp_key}".encode()).hexdigest()[:16]
    return f"cli-{digest}", base_url, imp_key, imp_secret, None, False


def _fail(message: str, status: int) -> int:
    print(message, file=sys.stderr)
    return status
