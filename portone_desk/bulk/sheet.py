"""Reading a sheet (XLSX, or CSV in UTF-8 / UTF-8 with BOM / CP949) into rows of text cells.

Cells are kept as text because ids and tracking numbers are text; a cell that the spreadsheet
stored as a *number* is remembered, since that is how Excel damages tracking numbers (leading
zeros dropped, digits beyond 15 zeroed).
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

ENCODINGS = ("utf-8-sig", "cp949")


class SheetError(ValueError):
    """The file cannot be read as a sheet; ``str()`` is Korean for the agent."""


@dataclass
class Sheet:
    headers: list[str]
    rows: list[list[str]]  # data rows, each as long as ``headers``
    name: str = ""  # file name, for the batch record
    encoding: str = ""  # CSV only: the encoding that was detected
    numeric: set[tuple[int, int]] = field(default_factory=set)  # (row index, column) stored as numbers

    def cell(self, row: int, column: int | None) -> str:
        if column is None or column < 0 or column >= len(self.rows[row]):
            return ""
        return self.rows[row][column]

    def row_number(self, row: int) -> int:
        """The row's number as the spreadsheet shows it (the header is row 1)."""
        return row + 2


def read_sheet(path: Path | str) -> Sheet:
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SheetError(f"파일을 열 수 없습니다: {path.name} ({exc.strerror or exc})") from exc
    if suffix in (".xlsx", ".xlsm"):
        sheet = read_xlsx(data)
    elif suffix in (".csv", ".txt", ".tsv"):
        sheet = read_csv(data)
    elif suffix == ".xls":
        raise SheetError("예전 엑셀 형식(.xls)은 읽을 수 없습니다. 엑셀에서 .xlsx 또는 CSV로 저장해 주세요.")
    else:
        raise SheetError(f"지원하지 않는 파일 형식입니다: {path.name} (.xlsx 또는 .csv)")
    sheet.name = path.name
    return sheet


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding that read it: UTF-8 (with or without BOM) first, then CP949.

    A Korean Excel saves "CSV" as CP949; UTF-8 is strict enough that CP949 Hangul never decodes
    as UTF-8 by accident, so trying UTF-8 first is safe.
    """
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise SheetError("파일의 문자 인코딩을 알 수 없습니다. UTF-8 또는 CP949(엑셀 기본) CSV로 저장해 주세요.")


def read_csv(data: bytes) -> Sheet:
    text, encoding = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first_line.count)
    records = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    sheet = _from_records([[cell.strip() for cell in row] for row in records])
    if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8"
    sheet.encoding = encoding
    return sheet


def read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SheetError(
            "엑셀 파일을 읽을 수 없습니다. 파일이 손상되었거나 암호가 걸려 있을 수 있습니다."
        ) from exc
    try:
        worksheet = workbook.worksheets[0]
        records: list[list[str]] = []
        numeric: set[tuple[int, int]] = set()
        for values in worksheet.iter_rows(values_only=True):
            row = [cell_text(value) for value in values]
            if not any(row):
                continue  # blank lines are not rows (and must not shift the numeric marks)
            for column, value in enumerate(values):
                if records and isinstance(value, int | float) and not isinstance(value, bool):
                    numeric.add((len(records) - 1, column))
            records.append(row)
    finally:
        workbook.close()
    sheet = _from_records(records)
    sheet.numeric = numeric
    return sheet


def cell_text(value: object) -> str:
    """A cell value as the text the agent typed (dates as KST wall time ``YYYY-MM-DD HH:MM:SS``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Whole numbers (how Excel stores typed digits) without the ".0"; others as Excel shows them.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.6G}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return str(value).strip()


def _from_records(records: list[list[str]]) -> Sheet:
    # Blank lines (common at the end of exported sheets) are not rows.
    records = [row for row in records if any(cell.strip() for cell in row)]
    if not records:
        raise SheetError("시트가 비어 있습니다. 첫 줄에 열 제목, 둘째 줄부터 데이터를 넣어 주세요.")
    width = max(len(row) for row in records)
    headers = [cell.strip() for cell in records[0]] + [""] * (width - len(records[0]))
    headers = [header or f"열 {index + 1}" for index, header in enumerate(headers)]
    rows = [row + [""] * (width - len(row)) for row in records[1:]]
    if not rows:
        raise SheetError("열 제목만 있고 데이터 행이 없습니다.")
    return Sheet(headers=headers, rows=rows)
