"""Issue 9, point 8: damaged databases. Real SQLite files: a zero-length or corrupted file is moved
aside with a timestamp (never overwritten), a new one starts, the agent is told where; a history
query that meets a bad row shows the rest."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from portone_desk.cli import main
from portone_desk.store.audit import AuditLog
from portone_desk.store.dbcheck import damage_of, set_aside_if_damaged

# Setting a file aside is logged as a warning by design.
pytestmark = pytest.mark.expect_log(r"damaged database", logger="portone_desk.store.dbcheck")


def _healthy(path: Path) -> None:
    with AuditLog(path) as audit:
        row = audit.begin("getPaymentByImpUid", {"imp_uid": "imp_1"}, mutating=False)
        audit.finish(row, "ok")


def test_healthy_and_missing_files_stay(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite3"
    assert set_aside_if_damaged(path) is None
    _healthy(path)
    assert damage_of(path) == "" and set_aside_if_damaged(path) is None
    assert path.exists()


def test_zero_length_file_is_moved_aside_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite3"
    path.write_bytes(b"")
    moved = set_aside_if_damaged(path)
    assert moved is not None and not path.exists()
    assert moved.moved_to.exists() and moved.moved_to.name.startswith("audit.sqlite3.damaged-")
    assert str(moved.moved_to) in moved.text and "0바이트" in moved.text
    # A second damaged file in the same second does not overwrite the first one set aside.
    path.write_bytes(b"")
    again = set_aside_if_damaged(path)
    assert again is not None and again.moved_to != moved.moved_to and moved.moved_to.exists()


def test_corrupted_file_is_moved_aside_with_its_side_files(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite3"
    _healthy(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the header's tail and the schema page
    path.write_bytes(bytes(data))
    (tmp_path / "audit.sqlite3.journal").write_text("{}\n", encoding="utf-8")
    moved = set_aside_if_damaged(path)
    assert moved is not None and "손상" in moved.reason
    assert Path(str(moved.moved_to) + ".journal").exists()
    with AuditLog(path) as fresh:  # a new one starts
        assert fresh.query() == []


def test_history_cli_sets_a_damaged_log_aside_and_says_where(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PORTONE_DESK_HOME", str(tmp_path))
    data = tmp_path / "data"
    data.mkdir()
    (data / "audit.sqlite3").write_bytes(b"this is not a database at all" * 200)
    assert main(["history", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert "옮겨 두었습니다" in err
    assert list(data.glob("audit.sqlite3.damaged-*"))


def test_history_shows_the_rows_it_can_read(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite3"
    with AuditLog(path) as audit:
        for n in range(3):
            audit.finish(audit.begin("getPaymentByImpUid", {"imp_uid": f"imp_{n}"}, mutating=False), "ok")
    with sqlite3.connect(path) as conn:  # one row's stored ids are garbage
        conn.execute("UPDATE audit SET product_order_ids = '{not json' WHERE imp_uid = 'imp_1'")
    with AuditLog(path) as audit:
        rows = audit.query()
        assert sorted(r.imp_uid for r in rows) == ["imp_0", "imp_2"]
        assert audit.skipped_rows == 1


@pytest.mark.parametrize("name", ["batches.sqlite3", "sandbox.sqlite3"])
def test_every_data_file_is_checked_the_same_way(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    assert set_aside_if_damaged(path) is not None
