"""Building ship sheets for the bulk tests."""

from __future__ import annotations

from portone_desk.api.timefmt import parse_kst
from portone_desk.bulk.kinds import SHIP_KIND
from portone_desk.bulk.mapping import guess_mapping
from portone_desk.bulk.rows import BulkRow, build_rows
from portone_desk.bulk.sheet import Sheet

NOW = parse_kst("2026-03-05 09:00:00")
HEADERS = ["결제번호", "상품주문번호", "택배사", "송장번호"]


def ship_sheet(lines: list[tuple[str, str, str, str]]) -> Sheet:
    return Sheet(HEADERS, [list(line) for line in lines])


def ship_rows(lines: list[tuple[str, str, str, str]]) -> list[BulkRow]:
    return build_rows(ship_sheet(lines), SHIP_KIND, guess_mapping(SHIP_KIND, HEADERS), now=NOW)


def tracking(imp_uid: str) -> str:
    """One waybill per payment (all its orders in one box), 12 digits."""
    return f"{abs(hash(imp_uid)) % 10**12:012d}"
