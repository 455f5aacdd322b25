"""``portone-desk history``: the activity log for scripts, newest first, as text or one JSON array."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

JSON_OUTCOMES = ("ok", "partial", "failed", "unknown", "already")


def add_history_command(commands: Any) -> None:
    history = commands.add_parser(
        "history",
        help="활동 기록(처리 내역)을 보여 줍니다",
        description="예: portone-desk history --since 2026-03-01 --search imp_123 --json",
    )
    history.add_argument("--search", default=None, help="결제번호, 주문번호, 상품주문번호, 메모, 상담원 등")
    history.add_argument("--since", default=None, metavar="YYYY-MM-DD", help="이 날짜(KST)부터")
    history.add_argument("--until", default=None, metavar="YYYY-MM-DD", help="이 날짜(KST)까지 (그날 포함)")
    history.add_argument("--limit", type=int, default=1000, help="최대 행 수 (기본 1000)")
    history.add_argument("--json", action="store_true", help="JSON 배열로 출력합니다")
    history.add_argument(
        "--agent",
        default=None,
        help="팀 모드: 이 상담원(로그인 또는 표시 이름)의 기록만 (PORTONE_DESK_TEAM_DSN)",
    )


def _day_start(text: str) -> float:
    from portone_desk.api.timefmt import parse_kst

    return float(parse_kst(f"{text.strip()} 00:00:00"))


def run_history(args: argparse.Namespace) -> int:
    from portone_desk.api.timefmt import format_kst

    try:
        since = _day_start(args.since) if args.since else None
        until = _day_start(args.until) + 86400 if args.until else None
    except ValueError:
        print("날짜는 YYYY-MM-DD 형식으로 주세요. 예: --since 2026-03-01", file=sys.stderr)
        return 2
    from portone_desk.team.connection import team_dsn

    dsn = team_dsn()
    if args.agent and not dsn:
        print("--agent는 팀 모드(PORTONE_DESK_TEAM_DSN)에서만 쓸 수 있습니다.", file=sys.stderr)
        return 2
    found = _team_rows(dsn, since, until, args) if dsn else _local_rows(since, until, args)
    if isinstance(found, int):
        return found
    rows = found
    if args.json:
        print(json.dumps([_as_json(row) for row in rows], ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        target = row.imp_uid or row.merchant_uid
        print(
            f"{format_kst(row.time)}  {row.agent_name or '-'}  {row.operation}  {target}  "
            f"{row.outcome_label}  {row.message}".rstrip()
        )
    return 0


def _local_rows(since: float | None, until: float | None, args: argparse.Namespace) -> list[Any] | int:
    """This PC's activity log, or an exit status."""
    from portone_desk.cli.connection import tell_if_set_aside
    from portone_desk.store.audit import AuditLog
    from portone_desk.store.paths import AppPaths

    path = AppPaths.default().audit_db
    tell_if_set_aside(path)
    if not path.exists():
        return []
    try:
        with AuditLog(path) as audit:
            rows = audit.query(since=since, until=until, text=args.search, limit=args.limit)
            skipped = audit.skipped_rows
    except Exception as exc:
        print(f"활동 기록을 읽지 못했습니다: {exc}", file=sys.stderr)
        return 1
    if skipped:
        print(f"경고: 손상되어 읽지 못한 기록 {skipped}건을 빼고 보여 줍니다.", file=sys.stderr)
    return rows


def _team_rows(
    dsn: str, since: float | None, until: float | None, args: argparse.Namespace
) -> list[Any] | int:
    """The team log's rows (every agent's, or ``--agent``'s), or an exit status."""
    from portone_desk.store.paths import AppPaths
    from portone_desk.team.connection import open_team_audit
    from portone_desk.team.errors import TeamSetupError, TeamUnavailable

    try:
        with open_team_audit(dsn, AppPaths.default().data_dir, pool_size=1) as audit:
            audit.catch_up()  # this PC's outcomes that waited for the database belong in what is shown
            return audit.query(since=since, until=until, text=args.search, limit=args.limit, agent=args.agent)
    except (TeamUnavailable, TeamSetupError) as exc:
        print(f"팀 기록을 읽지 못했습니다: {exc}", file=sys.stderr)
        return 1


def _as_json(row: Any) -> dict[str, Any]:
    from portone_desk.api.timefmt import format_kst

    outcome = row.outcome if row.outcome in JSON_OUTCOMES else "unknown"  # "sent": still in flight
    return {
        "id": row.id,
        "at": format_kst(row.time),
        "at_unix": row.time,
        "agent": row.agent_name,
        "profile": row.profile_name,
        "operation": row.operation,
        "target": row.imp_uid or row.merchant_uid,
        "order_no": row.merchant_uid,
        "product_order_ids": list(row.product_order_ids),
        "outcome": outcome,
        "http_status": row.http_status,
        "message": row.message,
        "reason": row.reason,
    }
