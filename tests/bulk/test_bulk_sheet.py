"""Sheet import: XLSX written by openpyxl, CSV in CP949 / UTF-8 with BOM, and what Excel damages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from portone_desk.bulk.sheet import SheetError, read_sheet


def test_xlsx_cells_come_back_as_text_and_numbers_are_remembered(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["결제번호", "상품주문번호", "택배사", "송장번호", "발송일"])
    sheet.append(["imp_1", "2026200100000001", "CJ대한통운", "123456789012", datetime(2026, 3, 5, 14, 30)])
    sheet.append([])  # a blank line in the middle is not a row
    sheet.append(["imp_2", "2026200100000002", "한진택배", 612345678901, None])
    path = tmp_path / "발송.xlsx"
    workbook.save(path)

    read = read_sheet(path)

    assert read.headers == ["결제번호", "상품주문번호", "택배사", "송장번호", "발송일"]
    assert read.rows[0] == ["imp_1", "2026200100000001", "CJ대한통운", "123456789012", "2026-03-05 14:30:00"]
    assert read.rows[1][3] == "612345678901"  # a numeric cell, without ".0"
    assert (1, 3) in read.numeric and (0, 3) not in read.numeric
    assert read.row_number(1) == 3
    assert read.name == "발송.xlsx"


def test_cp949_csv_from_korean_excel(tmp_path: Path) -> None:
    text = "상품주문번호,택배사,운송장번호\r\n2026200100000001,CJ대한통운,123456789012\r\n"
    path = tmp_path / "sheet.csv"
    path.write_bytes(text.encode("cp949"))

    read = read_sheet(path)

    assert read.encoding == "cp949"
    assert read.headers == ["상품주문번호", "택배사", "운송장번호"]
    assert read.rows == [["2026200100000001", "CJ대한통운", "123456789012"]]


@pytest.mark.parametrize(("encoding", "expected"), [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8")])
def test_utf8_csv_with_or_without_bom(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes("식별번호\t금액\n01012345678\t10,000\n".encode(encoding))

    read = read_sheet(path)

    assert read.encoding == expected
    assert read.headers == ["식별번호", "금액"]  # tab-separated is detected too
    assert read.rows == [["01012345678", "10,000"]]


def test_short_rows_are_padded_and_blank_headers_named(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("a,,c\n1\n", encoding="utf-8")
    read = read_sheet(path)
    assert read.headers == ["a", "열 2", "c"]
    assert read.rows == [["1", "", ""]]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "비어 있습니다"),
        ("only-header.csv", "상품주문번호\n".encode(), "데이터 행이 없습니다"),
        ("old.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("broken.xlsx", b"not a zip", "엑셀 파일을 읽을 수 없습니다"),
        ("notes.pdf", b"%PDF", "지원하지 않는 파일 형식"),
    ],
)
def test_unreadable_files_say_why_in_korean(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SheetError, match=message):
        read_sheet(path)
