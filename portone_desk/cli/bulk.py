"""``portone-desk bulk run|resume|list``: the batch code of the 일괄 처리 tab, for the terminal.

``run`` imports the sheet, dry-runs it (held rows — targets another batch has done or may be
sending — are not sent unless ``--include-held``), stores the batch and runs it under a lease;
progress goes to stderr and the last line to stdout is ``done N, failed N, unknown N, skipped N``.
Exit: 0 every row done (or already so), 3 some rows not done, 2 a bad sheet or input, 1 refused
(another window runs the batch, or the activity log cannot be written).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from portone_desk.api import josa

if TYPE_CHECKING:
    from portone_desk.bulk.runner import Progress

EXIT_OK, EXIT_ERROR, EXIT_INPUT, EXIT_PARTIAL = 0, 1, 2, 3
HOLDER_LABEL = "portone-desk bulk (명령줄)"


def add_bulk_commands(commands: Any) -> None:
    from portone_desk.cli.connection import add_connection_options

    bulk = commands.add_parser("bulk", help="엑셀/CSV 시트로 일괄 처리합니다 (run, resume, list)")
    verbs = bulk.add_subparsers(dest="bulk_command", metavar="동작", required=True)

    run = verbs.add_parser("run", help="시트를 확인(dry run)한 뒤 실행합니다")
    run.add_argument("sheet", help="XLSX 또는 CSV 파일")
    run.add_argument(
        "--kind", required=True, choices=("ship", "place", "receipt"), help="발송처리, 발주확인, 현금영수증"
    )
    run.add_argument("--dry-run", action="store_true", help="확인만 하고 보내지 않습니다")
    run.add_argument("--concurrency", type=int, default=4, help="동시에 보낼 요청 수 (1~8, 기본 4)")
    run.add_argument(
        "--include-held", action="store_true", help="다른 일괄에서 처리했거나 처리 중인 대상도 보냅니다"
    )
    add_connection_options(run)

    resume = verbs.add_parser("resume", help="멈춘 일괄 처리를 이어서 실행합니다")
    resume.add_argument("batch_id", type=int)
    resume.add_argument("--concurrency", type=int, default=None)
    add_connection_options(resume)

    for verb in (run, resume):
        # How long a call of unknown outcome is left to settle before it is looked up (``settle``):
        # for trainers and tests against a sandbox without PortOne's Naver sync lag.
        verb.add_argument("--settle-margin", type=float, default=None, help=argparse.SUPPRESS)
        verb.add_argument("--naver-sync-lag", type=float, default=None, help=argparse.SUPPRESS)

    listing = verbs.add_parser("list", help="일괄 처리 목록")
    listing.add_argument("--json", action="store_true")


def run_bulk(args: argparse.Namespace) -> int:
    from portone_desk.cli.connection import CliRefused

    try:
        if args.bulk_command == "list":
            return _list(args)
        if args.bulk_command == "resume":
            return _resume(args)
        return _run(args)
    except CliRefused as exc:
        print(exc, file=sys.stderr)
        return exc.status


def _store() -> Any:
    """The data folder's batches, or the team's shared batches when PORTONE_DESK_TEAM_DSN is set."""
    from portone_desk.bulk.jobstore import FILE_NAME, JobStore
    from portone_desk.cli.connection import tell_if_set_aside
    from portone_desk.store.paths import AppPaths
    from portone_desk.team.connection import team_dsn

    dsn = team_dsn()
    if dsn:
        from portone_desk.team.jobstore import TeamJobStore

        return TeamJobStore(dsn)

    path = AppPaths.default().data_dir / FILE_NAME
    tell_if_set_aside(path)
    return JobStore(path)


def _list(args: argparse.Namespace) -> int:
    from portone_desk.api.timefmt import format_kst

    store = _store()
    try:
        batches = store.batches(limit=200)
    finally:
        store.close()
    items = [
        {
            "id": b.id,
            "kind": b.kind,
            "source": b.source,
            "rows": sum(b.counts.values()),
            "state": b.status,
            "open_rows": b.open_rows,
            "counts": b.counts,
            "created_at": format_kst(b.created_at),
            "holder": None
            if b.holder is None
            else {"label": b.holder.label, "host": b.holder.host, "pid": b.holder.pid},
        }
        for b in batches
    ]
    if args.json:
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return EXIT_OK
    for item in items:
        holder = item["holder"]
        running = f"  다른 창에서 실행 중 ({holder['label']}, pid {holder['pid']})" if holder else ""
        print(f"#{item['id']}  {item['kind']}  {item['source']}  {item['rows']}행  {item['state']}{running}")
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from portone_desk.bulk.dryrun import dry_run, include_held
    from portone_desk.bulk.kinds import KINDS
    from portone_desk.bulk.mapping import guess_mapping, missing_required
    from portone_desk.bulk.rows import build_rows
    from portone_desk.bulk.sheet import SheetError, read_sheet
    from portone_desk.cli.connection import audited_service, connection

    kind = KINDS[args.kind]
    try:
        sheet = read_sheet(args.sheet)
    except (OSError, SheetError, ValueError) as exc:
        print(f"시트를 읽지 못했습니다: {exc}", file=sys.stderr)
        return EXIT_INPUT
    mapping = guess_mapping(kind, sheet.headers)
    missing = missing_required(kind, mapping)
    if missing:
        print(f"시트에 필요한 열이 없습니다: {', '.join(missing)}", file=sys.stderr)
        return EXIT_INPUT
    conn = connection(args)
    service = audited_service(conn)
    store = _store()
    try:
        rows = build_rows(sheet, kind, mapping, now=time.time(), channel_key=conn.profile.channel_key)
        summary = dry_run(service, rows, max(1, min(8, args.concurrency)), taken=store.taken_targets())
        if args.include_held:
            include_held(rows)
        counts = Counter(row.status for row in rows)
        _say(f"확인: {len(rows)}행 — " + ", ".join(f"{status} {n}" for status, n in sorted(counts.items())))
        for row in rows:
            if row.status not in ("pending", "done") and row.message:
                _say(f"  {row.row_no}행 [{row.status}] {row.message}")
        if args.dry_run:
            print(f"sendable {counts.get('pending', 0)}, calls {summary.calls}")
            return EXIT_OK
        batch_id = store.create_batch(
            kind.id,
            sheet.name,
            rows,
            profile_id=conn.profile.id,
            profile_name=conn.profile.display_name,
            concurrency=args.concurrency,
        )
        _say(f"{josa.obj(f'일괄 처리 #{batch_id}')} 시작합니다")
        return _execute(service, store, batch_id, args.concurrency, _policy(args))
    finally:
        store.close()
        _close(service)


def _resume(args: argparse.Namespace) -> int:
    from portone_desk.cli.connection import audited_service, connection

    store = _store()
    try:
        info = store.batch(args.batch_id)
        if info is None:
            print(f"{josa.subj(f'일괄 처리 #{args.batch_id}')} 없습니다.", file=sys.stderr)
            return EXIT_INPUT
        if info.holder is not None:  # said before any credentials are read
            print(f"이어서 실행할 수 없습니다: {info.holder.describe()}", file=sys.stderr)
            return EXIT_ERROR
        service = audited_service(connection(args))
        try:
            return _execute(service, store, info.id, args.concurrency, _policy(args))
        finally:
            _close(service)
    finally:
        store.close()


def _policy(args: argparse.Namespace) -> Any:
    from portone_desk.bulk.settle import DEFAULT_POLICY, SettlePolicy

    margin = DEFAULT_POLICY.margin if args.settle_margin is None else args.settle_margin
    lag = DEFAULT_POLICY.naver_sync_lag if args.naver_sync_lag is None else args.naver_sync_lag
    return SettlePolicy(margin=max(0.0, margin), naver_sync_lag=max(0.0, lag))


def _execute(service: Any, store: Any, batch_id: int, concurrency: int | None, settle: Any) -> int:
    from portone_desk.bulk.leases import BatchLeased, LeaseHolder
    from portone_desk.bulk.rows import (
        DONE,
        FAILED,
        FLAGGED,
        HELD,
        INVALID,
        PENDING,
        SENDING,
        SKIPPED,
        UNKNOWN,
    )
    from portone_desk.bulk.runner import BatchRunner

    runner = BatchRunner(
        service,
        store,
        batch_id,
        concurrency=concurrency,
        on_progress=_progress,
        holder=LeaseHolder(label=HOLDER_LABEL),
        settle=settle,
    )
    try:
        final = runner.run()
    except BatchLeased as exc:
        print(f"실행할 수 없습니다: {exc}", file=sys.stderr)
        return EXIT_ERROR
    counts = final.counts
    done = counts.get(DONE, 0)
    failed = sum(counts.get(s, 0) for s in (FAILED, INVALID, FLAGGED))
    unknown = counts.get(UNKNOWN, 0) + counts.get(SENDING, 0)
    skipped = sum(counts.get(s, 0) for s in (SKIPPED, HELD, PENDING))
    if final.note:
        _say(final.note)
    if unknown:
        _say(f"결과 미확인 {unknown}행: 'portone-desk bulk resume {batch_id}'로 조회해 확인합니다")
    print(f"done {done}, failed {failed}, unknown {unknown}, skipped {skipped}")
    not_done = failed + unknown + counts.get(HELD, 0) + counts.get(PENDING, 0)
    return EXIT_OK if not_done == 0 else EXIT_PARTIAL


def _progress(progress: Progress) -> None:
    counts = ", ".join(f"{status} {n}" for status, n in sorted(progress.counts.items()))
    note = f" {progress.note}" if progress.note else ""
    _say(f"[{progress.phase}] {progress.settled}/{progress.total} ({counts}){note}")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _close(service: Any) -> None:
    service.client.close()
    if service.audit is not None:
        service.audit.close()
