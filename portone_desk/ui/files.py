"""File dialogs, behind module functions so tests can answer them."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

SHEET_FILTER = "시트 파일 (*.xlsx *.csv *.txt *.tsv);;엑셀 (*.xlsx);;CSV (*.csv)"


def ask_open_path(parent: QWidget | None, title: str = "시트 파일 열기") -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", SHEET_FILTER)
    return path


def ask_save_path(parent: QWidget | None, title: str, default_name: str, file_filter: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, default_name, file_filter)
    return path
