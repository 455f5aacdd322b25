"""The per-row results sheet: Korean labels, masked identifiers, nothing Excel would run."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from portone_desk.bulk.export import HEADERS, export_results
from portone_desk.bulk.rows import BulkRow


def _rows() -> list[BulkRow]:
    ship = BulkRow(
        row_no=2,
        op_id="naverShipProductOrder",
        values={
            "imp_uid": "imp_1",
            "product_order_id": ['=HYPERLINK("http://x")'],
            "delivery_company": "CJGLS",
            "tracking_number": "123456789012",
        },
        status="failed",
        message="-1 처리 실패",
    )
    receipt = BulkRow(
        row_no=3,
        op_id="issueReceipt",
        values={"imp_uid": "imp_2", "identifier": "01012345678"},
        status="done",
    )
    return [ship, receipt]


def test_xlsx_results_defuse_formulas_and_mask_identifiers(tmp_path: Path) -> None:
    path = tmp_path / "결과.xlsx"
    export_results(_rows(), path)
    sheet = load_workbook(path).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert tuple(values[0]) == HEADERS
    ship = dict(zip(HEADERS, values[1], strict=True))
    assert ship["상품주문번호"] == '\'=HYPERLINK("http://x")'  # shown as text, never run
    assert ship["메시지"] == "'-1 처리 실패"
    assert ship["택배사"] == "CJ대한통운" and ship["작업"] != "naverShipProductOrder"
    receipt = dict(zip(HEADERS, values[2], strict=True))
    masked = receipt["식별번호"]
    assert masked.startswith("010") and masked.endswith("78") and "*" in masked
    assert "01012345678" not in str(values)


def test_csv_results_have_a_bom_for_korean_excel(tmp_path: Path) -> None:
    path = tmp_path / "결과.csv"
    export_results(_rows(), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "01012345678" not in text
