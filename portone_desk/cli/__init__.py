"""``portone-desk``: the GUI by default, plus ``sandbox``, ``api``, ``queue`` and ``find`` commands.

Exit status of ``api``: 0 success, 1 the API or network refused, 2 bad input (nothing sent),
3 Naver partial success (JSON printed, failures on stderr), 4 outcome unknown (look it up).
"""

from __future__ import annotations

# Only what deciding the mode needs: the GUI's start-up time counts from here
# (benchmarks/startup.py). argparse and logging come with PySide6 anyway.
import argparse
import logging
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_ERROR, EXIT_INPUT, EXIT_PARTIAL, EXIT_UNKNOWN = 0, 1, 2, 3, 4


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portone-desk",
        description="PortOne Desk: 상담원용 현금영수증·네이버페이 주문 처리 도구 (PortOne REST API V1)",
    )
    parser.add_argument("--sandbox", action="store_true", help="연습용 샌드박스에 연결해서 앱을 엽니다")
    parser.add_argument("--self-test", action="store_true", help="앱을 열어 스스로 점검한 뒤 닫습니다")
    commands = parser.add_subparsers(dest="command", metavar="명령")

    sandbox = commands.add_parser("sandbox", help="샌드박스 서버를 이 창에서 실행합니다")
    sandbox.add_argument("--port", type=int, default=None, help="포트 번호 (기본 8977)")
    sandbox.add_argument("--db", default=None, help="상태를 저장할 SQLite 파일 (없으면 메모리)")
    sandbox.add_argument(
        "--generate", type=int, default=0, metavar="N", help="결제 N건의 가상 상점을 만듭니다"
    )
    sandbox.add_argument("--days", type=int, default=30, help="가상 상점 결제의 기간(일, 기본 30)")
    sandbox.add_argument("--seed", type=int, default=0, help="가상 상점의 시드 (같은 시드는 같은 상점)")

    api = commands.add_parser(
        "api",
        help="API를 한 번 호출합니다 (예: api GET /payments/imp_123)",
        description="예: portone-desk api POST /payments/imp_1/naver/place product_order_id=a,b",
    )
    api.add_argument("method", help="GET, POST 또는 DELETE")
    api.add_argument("path", help="API 경로, 예: /receipts/imp_123")
    api.add_argument("fields", nargs="*", metavar="항목=값", help="보낼 값 (목록은 쉼표로: a,b)")
    from portone_desk.cli.connection import add_connection_options

    add_connection_options(api)
    api.add_argument("--pg", default=None, help="결제의 PG사 코드 (PG별 필수 항목을 미리 확인합니다)")

    from portone_desk.cli.bulk import add_bulk_commands
    from portone_desk.cli.history import add_history_command

    add_history_command(commands)
    add_bulk_commands(commands)

    from portone_desk.team.cli import add_parser as add_team_parser

    add_team_parser(commands)

    from portone_desk.queues.cli import add_parsers as add_queue_parsers

    add_queue_parsers(commands)
    return parser


# The GUI's own flags: with nothing else on the line the subcommands' parsers (and their modules)
# are not built, since the GUI's start-up time counts from here.
GUI_FLAGS = frozenset({"--sandbox", "--self-test"})


def _gui_only(argv: list[str]) -> argparse.Namespace | None:
    if not set(argv) <= GUI_FLAGS:
        return None
    return argparse.Namespace(command=None, sandbox="--sandbox" in argv, self_test="--self-test" in argv)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(argv) if argv is not None else sys.argv[1:]
    args = _gui_only(words) or _parser().parse_args(words)
    _setup_logging()
    if args.command == "sandbox":
        shop = {"payments": args.generate, "days": args.days, "seed": args.seed} if args.generate else None
        return _run_sandbox(args.port, args.db, shop)
    if args.command == "api":
        return _run_api(args)
    if args.command == "history":
        from portone_desk.cli.history import run_history

        return run_history(args)
    if args.command == "bulk":
        from portone_desk.cli.bulk import run_bulk

        return run_bulk(args)
    if args.command == "team":
        from portone_desk.team.cli import run as run_team

        return run_team(args)
    if args.command in ("queue", "find"):
        from portone_desk.queues import cli as queue_cli

        return queue_cli.run_queue(args) if args.command == "queue" else queue_cli.run_find(args)
    if args.self_test:
        # Headless end-to-end check, mainly for the built executable (issue 6).
        from portone_desk.selftest import run_self_test

        return run_self_test()
    return _run_gui(args.sandbox)


def _setup_logging() -> None:
    from portone_desk.api.redact import install_log_filter

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    install_log_filter()


def _run_sandbox(port: int | None, db: str | None, shop: dict[str, int] | None = None) -> int:
    from portone_desk.sandbox.foreground import DEFAULT_PORT, run_foreground

    return run_foreground(DEFAULT_PORT if port is None else port, db, generate=shop)


def _run_gui(sandbox: bool) -> int:
    try:
        from portone_desk.ui.app import run
    except ImportError as exc:
        if sandbox:
            print("아직 화면(GUI)이 준비되지 않아 샌드박스 서버만 실행합니다.", file=sys.stderr)
            return _run_sandbox(None, None)
        print(f"화면(GUI)을 열 수 없습니다: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return int(run(sandbox=sandbox))


# --- api ------------------------------------------------------------------------------------------


def _fail(message: str, status: int) -> int:
    print(message, file=sys.stderr)
    return status


def _parse_fields(pairs: Sequence[str]) -> dict[str, str] | str:
    from portone_desk.api import josa

    raw: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            quoted = josa.topic(f"'{pair}'")
            return f"{quoted} 항목=값 형식이 아닙니다. 예: identifier=010-1234-5678"
        raw[name.strip()] = value
    return raw


def _run_api(args: argparse.Namespace) -> int:
    from portone_desk.api.catalog import match_route
    from portone_desk.api.validation import coerce, validate

    method = args.method.upper()
    matched = match_route(method, args.path)
    if matched is None:
        return _fail(f"알 수 없는 API입니다: {method} {args.path}", EXIT_INPUT)
    op, path_values = matched
    raw = _parse_fields(args.fields)
    if isinstance(raw, str):
        return _fail(raw, EXIT_INPUT)
    for name, value in path_values.items():
        if name in raw and raw[name] != value:
            return _fail(f"{name} 값이 경로({value})와 다릅니다: {raw[name]}", EXIT_INPUT)
        raw[name] = value
    if not op.needs_token:
        # getToken: the credentials come from the profile or environment, never the command line
        # (it would land in the shell history).
        if raw:
            return _fail("키와 시크릿은 명령줄에 쓰지 말고 --profile이나 환경 변수로 주세요.", EXIT_INPUT)
        return _send(op.id, {}, None, args)
    values, issues = coerce(op, raw)
    reported = {i.field for i in issues}
    issues += [i for i in validate(op, values, args.pg) if i.field not in reported or not i.is_error]
    for issue in issues:
        prefix = "오류" if issue.is_error else "경고"
        print(f"{prefix}: {issue.message}", file=sys.stderr)
    if any(i.is_error for i in issues):
        return _fail(f"[{op.title}] 입력값을 확인해 주세요. 요청은 보내지 않았습니다.", EXIT_INPUT)

    return _send(op.id, values, args.pg, args)


def _send(op_id: str, values: dict[str, object], pg: str | None, args: argparse.Namespace) -> int:
    """One call through the audited service (the activity row is written before it leaves)."""
    import json

    from portone_desk.api.errors import OutcomeUnknown, PortOneError, ValidationFailed
    from portone_desk.cli.connection import CliRefused, audited_service, connection
    from portone_desk.service import LogUnavailable

    try:
        service = audited_service(connection(args))
    except CliRefused as exc:
        return _fail(str(exc), exc.status)
    try:
        # getToken changes nothing and its values are the secrets themselves: not a logged action.
        token = op_id == "getToken"
        result = service.client.get_token() if token else service.call(op_id, values, pg=pg)
    except ValidationFailed as exc:
        return _fail(str(exc), EXIT_INPUT)
    except OutcomeUnknown as exc:
        return _fail(str(exc), EXIT_UNKNOWN)
    except (LogUnavailable, PortOneError) as exc:
        return _fail(str(exc), EXIT_ERROR)
    finally:
        service.client.close()
        if service.audit is not None:
            service.audit.close()
    print(json.dumps(result.response, ensure_ascii=False, indent=2))
    for notice in result.notices:
        print(f"경고: {notice}", file=sys.stderr)
    if result.partial:
        failed = ", ".join(result.failed_ids) or "알 수 없음 (주문 상태를 조회해 확인해 주세요)"
        print(
            f"일부만 처리되었습니다. 성공: {', '.join(result.succeeded_ids) or '없음'} / 실패: {failed}",
            file=sys.stderr,
        )
        return EXIT_PARTIAL
    return EXIT_OK
