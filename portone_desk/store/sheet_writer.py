"""The one writer of the sheets agents open in Excel (batch results, the activity log): CSV with a
BOM or XLSX, written atomically, every cell through the formula guard."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from portone_desk.api.timefmt import KST, format_kst
from portone_desk.store.atomic import write_atomic

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> Any:
    """Keep spreadsheet apps from running text that starts like a formula (memos and sheet cells
    are free text); ``None`` becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 0  # XLSX column width; 0: from the header
    text: bool = False  # XLSX: stored as text (ids, waybills), so Excel keeps every digit
    kst_time: bool = False  # a UNIX time: KST text in CSV, a real date cell in XLSX (sorts, filters)


def write_sheet(
    path: Path | str, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]
) -> None:
    """``.xlsx`` → a workbook titled ``title``; anything else → CSV."""
    if Path(path).suffix.lower() == ".xlsx":
        write_xlsx(path, title, columns, rows)
    else:
        write_csv(path, columns, rows)


def write_csv(path: Path | str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> None:
    """UTF-8 with a BOM: without it Korean Excel reads the file as CP949 and garbles Hangul."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow(
            [
                format_kst(cell) if column.kst_time else defuse(cell)
                for column, cell in zip(columns, row, strict=True)
            ]
        )
    write_atomic(Path(path), buffer.getvalue().encode("utf-8-sig"))


def write_xlsx(
    path: Path | str, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]
) -> None:
    from openpyxl import Workbook  # imported when first needed: slow, and most runs never export
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append([column.header for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_cell(column, cell) for column, cell in zip(columns, row, strict=True)])
        for index, column in enumerate(columns, start=1):
            if column.text:
                sheet.cell(row=sheet.max_row, column=index).number_format = "@"
            elif column.kst_time:
                sheet.cell(row=sheet.max_row, column=index).number_format = "yyyy-mm-dd hh:mm:ss"
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = column.width or max(10, len(column.header) * 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(Path(path), buffer.getvalue())


def _xlsx_cell(column: Column, value: Any) -> Any:
    if column.kst_time:
        # KST wall time (Excel has no time zones).
        return datetime.fromtimestamp(int(value), KST).replace(tzinfo=None) if value else ""
    return defuse(value)
