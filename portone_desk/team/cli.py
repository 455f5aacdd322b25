"""``portone-desk team init|add-agent|import-local``: the team database from the terminal.

Exit status: 0 done, 1 the database refused or cannot be reached, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys

from portone_desk.api import josa

EXIT_OK, EXIT_ERROR, EXIT_INPUT = 0, 1, 2


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    team = commands.add_parser("team", help="팀 데이터베이스(PostgreSQL)를 준비하고 상담원을 추가합니다")
    verbs = team.add_subparsers(dest="team_command", metavar="작업", required=True)
    init = verbs.add_parser("init", help="스키마와 그룹 역할을 만들거나 올립니다 (다시 실행해도 안전)")
    init.add_argument("admin_dsn", metavar="ADMIN_DSN", help="관리자 접속 주소 (postgresql://...)")
    agent = verbs.add_parser("add-agent", help="상담원 로그인을 만듭니다 (비밀번호는 표준 입력에서 읽음)")
    agent.add_argument("admin_dsn", metavar="ADMIN_DSN")
    agent.add_argument("login", metavar="LOGIN", help="데이터베이스 로그인 (영문 소문자, 숫자, _)")
    agent.add_argument("display_name", metavar="표시_이름", help="기록에 보이는 이름, 예: 김상담")
    agent.add_argument("--lead", action="store_true", help="팀장: 기록 가져오기도 할 수 있음")
    local = verbs.add_parser("import-local", help="이 PC의 활동 기록을 팀 기록으로 올립니다 (팀장 로그인)")
    local.add_argument("--dsn", default=None, help="팀장 접속 주소 (기본: PORTONE_DESK_TEAM_DSN)")


def run(args: argparse.Namespace) -> int:
    try:
        if args.team_command == "init":
            return _init(args.admin_dsn)
        if args.team_command == "add-agent":
            return _add_agent(args)
        return _import_local(args.dsn)
    except Exception as exc:
        if _is_db_error(exc):
            print(f"팀 데이터베이스 오류: {_first_line(exc)}", file=sys.stderr)
            return EXIT_ERROR
        raise


def _init(admin_dsn: str) -> int:
    from portone_desk.team import admin

    result = admin.init(admin_dsn)
    if result.before == result.after:
        print(f"이미 최신입니다 (스키마 버전 {result.after}).")
    else:
        print(f"스키마를 버전 {result.before}에서 {josa.towards(str(result.after))} 올렸습니다.")
    return EXIT_OK


def _add_agent(args: argparse.Namespace) -> int:
    from portone_desk.team import admin

    problem = admin.check_login(args.login)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_INPUT
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"{args.login}의 비밀번호: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        admin.add_agent(args.admin_dsn, args.login, args.display_name, password, lead=args.lead)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    role = "팀장" if args.lead else "상담원"
    print(f"{args.display_name} ({args.login}) {role} 로그인을 준비했습니다.")
    return EXIT_OK


def _import_local(dsn: str | None) -> int:
    from portone_desk.store.paths import AppPaths
    from portone_desk.team import admin
    from portone_desk.team.connection import ENV_DSN, team_dsn
    from portone_desk.team.errors import TeamSetupError, TeamUnavailable

    dsn = dsn or team_dsn()
    if not dsn:
        print(f"팀 데이터베이스 주소가 없습니다. --dsn 또는 {ENV_DSN}를 주세요.", file=sys.stderr)
        return EXIT_INPUT
    try:
        read, added = admin.import_local(dsn, AppPaths.default().audit_db)
    except (PermissionError, TeamSetupError, TeamUnavailable) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_ERROR
    print(f"이 PC의 기록 {read}건 중 {added}건을 팀 기록으로 올렸습니다 (이미 올린 기록은 건너뜀).")
    return EXIT_OK


def _is_db_error(exc: BaseException) -> bool:
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, psycopg.Error)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
