"""The one sheet writer: CSV (UTF-8 with BOM) or XLSX by suffix, every cell through the formula
guard, ids kept as text and times as real KST dates in XLSX."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from portone_desk.store.sheet_writer import Column, write_sheet

COLUMNS = (Column("번호"), Column("결제번호", text=True), Column("시간", kst_time=True), Column("메모"))
ROWS = [[1, "000123", 1_700_000_000, '=HYPERLINK("http://x")'], [2, None, None, "@SUM(A1)"]]


def test_csv_has_a_bom_and_defused_cells(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_sheet(path, "시트", COLUMNS, ROWS)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert table[0] == ["번호", "결제번호", "시간", "메모"]
    assert table[1] == ["1", "000123", "2023-11-15 07:13:20", '\'=HYPERLINK("http://x")']
    assert table[2] == ["2", "", "", "'@SUM(A1)"]


def test_xlsx_keeps_ids_as_text_times_as_dates_and_formulas_inert(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_sheet(path, "시트", COLUMNS, ROWS)
    sheet = load_workbook(path).active
    assert sheet is not None and sheet.title == "시트"
    assert sheet["B2"].value == "000123" and sheet["B2"].number_format == "@"
    assert sheet["C2"].value == datetime(2023, 11, 15, 7, 13, 20)  # KST wall time
    assert sheet["D2"].value == '\'=HYPERLINK("http://x")' and sheet["D2"].data_type != "f"
    assert sheet["D3"].value == "'@SUM(A1)"
