"""처리 내역: the activity log, filtered by date (KST), operation, outcome and id or text, with the
details of one row and export of the filtered rows to CSV or XLSX (scenarios 16 and 17).

The query (up to 1000 rows from SQLite) runs on the context's runner, not the GUI thread; when the
filters change while one runs, its late answer is dropped so the table always matches the filters.
An export asks again for every row the filters match (the table may show only the newest 1000) and
writes the file on the runner too, so a day of thousands of rows never freezes the window.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from portone_desk.api.catalog import OPERATIONS
from portone_desk.api.timefmt import KST, format_kst
from portone_desk.store import audit_export
from portone_desk.store.audit import OUTCOME_LABELS, AuditRow
from portone_desk.store.audit_backend import AuditBackend
from portone_desk.store.audit_export import DESK_OPERATIONS
from portone_desk.ui import files
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import ErrorBanner
from portone_desk.ui.shared import NO_PROFILE_TEXT
from portone_desk.ui.style import ERROR_COLOR, MUTED_COLOR, OK_COLOR, WARNING_COLOR
from portone_desk.ui.table_model import ObjectTableModel

log = logging.getLogger(__name__)

LIMIT = 1000
EXPORT_LIMIT = 1_000_000  # every row the filters match, in practice
ALL = "전체"
CHANGES = "처리 작업 전체 (조회 제외)"
ALL_AGENTS = "상담원 전체"
_OUTCOME_COLOURS = {
    "ok": OK_COLOR,
    "already": OK_COLOR,
    "partial": WARNING_COLOR,
    "failed": ERROR_COLOR,
    "unknown": WARNING_COLOR,
    "none": MUTED_COLOR,
}


def op_title(op_id: str) -> str:
    op = OPERATIONS.get(op_id)
    return op.title if op else DESK_OPERATIONS.get(op_id, op_id)


_TITLE_PREFIX = re.compile(r"^\[[^\]]*\]\s*")


def short_message(row: AuditRow) -> str:
    """The message without the "[operation title · id]" head the typed errors put first."""
    return _TITLE_PREFIX.sub("", row.message)


def _ids(row: AuditRow) -> str:
    return ", ".join(row.product_order_ids[:3]) + (" …" if len(row.product_order_ids) > 3 else "")


# Who did it is the agent's name from their profile; the PC's login name says nothing about who.
NO_AGENT = "이름 없음"

COLUMNS = (
    ("시간(KST)", lambda r: r.time_kst),
    ("상담원", lambda r: r.agent_name or NO_AGENT),
    ("작업", lambda r: op_title(r.operation)),
    ("결제번호", lambda r: r.imp_uid),
    ("주문번호", lambda r: r.merchant_uid),
    ("상품주문번호", _ids),
    ("결과", lambda r: r.outcome_label),
    ("사유/메모", audit_export.reason_text),
    ("메시지", short_message),
)


def kst_day_start(day: date) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=KST).timestamp()


def today_kst() -> date:
    return datetime.now(KST).date()


def labelled_details(row: AuditRow) -> dict[str, object]:
    """The logged input values with each code followed by its Korean label ("CJGLS (CJ대한통운)")."""
    op = OPERATIONS.get(row.operation)
    out: dict[str, object] = {}
    for name, value in row.details.items():
        try:
            f = op.field(name) if op is not None else None
        except KeyError:
            f = None
        if f is not None and f.options and isinstance(value, str) and f.option_label(value) != value:
            value = f"{f.option_label(value)} ({value})"
        out[name] = value
    return out


def details_text(row: AuditRow) -> str:
    """Everything the log holds about one call, as the lead reads it."""
    lines = [
        f"시간: {row.time_kst} (KST)",
        f"상담원: {row.agent_name or NO_AGENT}",
        f"프로필: {row.profile_name or '—'}",
        f"작업: {op_title(row.operation)} ({row.operation}) · {'변경' if row.mutating else '조회'}",
        f"결과: {row.outcome_label}"
        + (f"   HTTP {row.http_status}" if row.http_status is not None else "")
        + (f"   코드 {row.code}" if row.code not in (None, 0) else "")
        + (f"   {row.duration_ms:,}ms" if row.duration_ms is not None else ""),
    ]
    if row.settled_at is not None:
        lines.append(f"확인: {format_kst(row.settled_at)} · {row.settled_how}")
    if row.interrupted:
        lines.append("※ 응답을 기록하기 전에 앱이 종료되었습니다. 실제 처리 여부는 조회해서 확인하세요.")
    if row.imp_uid:
        lines.append(f"결제번호(imp_uid): {row.imp_uid}")
    if row.merchant_uid:
        lines.append(f"주문번호(merchant_uid): {row.merchant_uid}")
    if row.product_order_ids:
        lines.append(f"상품주문번호: {', '.join(row.product_order_ids)}")
    if row.succeeded_ids:
        lines.append(f"성공한 상품주문: {', '.join(row.succeeded_ids)}")
    if row.failed_ids:
        lines.append(f"실패한 상품주문: {', '.join(row.failed_ids)}")
    if row.reason:
        lines.append(f"사유/메모: {audit_export.reason_text(row)}")
    if row.message:
        lines.append(f"메시지: {row.message}")
    if row.details:
        lines.append("입력값(민감정보 가림):")
        lines.append(json.dumps(labelled_details(row), ensure_ascii=False, indent=2))
    return "\n".join(lines)


class HistoryTab(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HistoryTab")
        self.ctx = ctx
        # Each refresh takes the next number; only the answer to the latest one is shown.
        self._generation = 0
        self._loading = False
        self._exporting = False
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.refresh)
        self._build()
        ctx.profile_changed.connect(self.refresh)
        self.refresh()

    # --- layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        today = today_kst()
        self.date_from = self._date_edit("historyFrom", today - timedelta(days=6))
        self.date_to = self._date_edit("historyTo", today)
        self.operation = QComboBox(objectName="historyOperation")
        self.operation.setAccessibleName("작업")
        self.operation.addItem(ALL, None)
        # The end-of-day sheet (scenario 17) is about what was done, not the lookups around it.
        self.operation.addItem(CHANGES, [o.id for o in OPERATIONS.values() if o.mutating])
        for op in sorted((o for o in OPERATIONS.values() if o.id != "getToken"), key=lambda o: o.title):
            self.operation.addItem(op.title, op.id)
        self.outcome = QComboBox(objectName="historyOutcome")
        self.outcome.setAccessibleName("결과")
        self.outcome.addItem(ALL, None)
        for code in ("ok", "partial", "failed", "unknown", "none", "already", "sent"):
            self.outcome.addItem(OUTCOME_LABELS[code], code)
        self.search = QLineEdit(objectName="historySearch")
        self.search.setPlaceholderText("주문번호 · 결제번호 · 상품주문번호 · 메모 · 상담원 검색")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("검색")
        # Team mode: whose rows — the team's agents by display name (loaded from the team database in
        # the background), or a typed name (an imported PC's agent); hidden with a local log.
        self.agent = QComboBox(objectName="historyAgent")
        self.agent.setAccessibleName("상담원")
        self.agent.setEditable(True)
        self.agent.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agent.setMinimumContentsLength(10)
        self.agent.addItem(ALL_AGENTS, None)
        typed = self.agent.lineEdit()
        assert typed is not None  # an editable combo box has one
        typed.setClearButtonEnabled(True)
        typed.returnPressed.connect(self.refresh)
        self.agent.activated.connect(lambda _: self.refresh())
        self.agent.setVisible(False)
        self._agents_of: object | None = None  # the team log whose agents the list holds
        refresh = QPushButton("새로 고침", objectName="historyRefresh")
        refresh.clicked.connect(self.refresh)
        # One click for the end-of-day export (scenario 17) and back to the default week.
        self.today_button = QPushButton("오늘", objectName="historyToday")
        self.today_button.setToolTip("기간을 오늘(KST) 하루로 바꿉니다")
        self.today_button.clicked.connect(lambda: self.set_period(0))
        self.week_button = QPushButton("최근 7일", objectName="historyLast7Days")
        self.week_button.setToolTip("기간을 오늘을 포함한 최근 7일(KST)로 바꿉니다")
        self.week_button.clicked.connect(lambda: self.set_period(6))
        for label, widget in (
            ("기간", self.date_from),
            ("~", self.date_to),
            ("작업", self.operation),
            ("결과", self.outcome),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
            if widget is self.date_to:
                filters.addWidget(self.today_button)
                filters.addWidget(self.week_button)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.agent)
        filters.addWidget(refresh)
        layout.addLayout(filters)

        self.banner = ErrorBanner(self, "historyBanner")
        layout.addWidget(self.banner)

        self.model: ObjectTableModel[AuditRow] = ObjectTableModel(
            COLUMNS, colour=lambda r: _OUTCOME_COLOURS.get(r.outcome)
        )
        self.table = QTableView(objectName="historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((140, 70, 190, 170, 120, 150, 80, 140)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _: self._show_details(current.row())
        )

        self.details = QPlainTextEdit(objectName="historyDetails")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("표에서 한 줄을 고르면 자세한 내용이 여기에 나옵니다.")
        self.details.setAccessibleName("자세한 내용")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        self.count = QLabel(objectName="historyCount")
        self.count.setStyleSheet(f"color: {MUTED_COLOR};")
        bottom.addWidget(self.count, 1)
        self.export_csv = QPushButton("CSV로 내보내기", objectName="historyExportCsv")
        self.export_xlsx = QPushButton("엑셀로 내보내기", objectName="historyExportXlsx")
        self.export_csv.clicked.connect(lambda: self.export("csv"))
        self.export_xlsx.clicked.connect(lambda: self.export("xlsx"))
        bottom.addWidget(self.export_csv)
        bottom.addWidget(self.export_xlsx)
        layout.addLayout(bottom)

        for combo in (self.operation, self.outcome):
            combo.currentIndexChanged.connect(self.refresh)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.refresh)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self._debounce.stop)  # Enter searches now, not again later
        self.search.returnPressed.connect(self.refresh)

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), objectName=name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName("시작일" if name.endswith("From") else "종료일")
        return edit

    # --- the keyboard map (ui/keyboard.py) ---------------------------------------------------------

    def search_box(self) -> QWidget:
        return self.search

    def repeat_lookup(self) -> bool:
        self.refresh()
        return True

    def set_period(self, days_before: int) -> None:
        """Show today (KST) and the `days_before` days before it, with one refresh."""
        today = today_kst()
        start = today - timedelta(days=days_before)
        for edit, day in ((self.date_from, start), (self.date_to, today)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self.refresh()

    # --- data ---------------------------------------------------------------------------------------

    @property
    def audit(self) -> AuditBackend | None:
        return self.ctx.service.audit if self.ctx.has_profile else None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # calls made in other tabs since it was last shown

    def filters(self) -> dict[str, object]:
        start = self.date_from.date().toPython()
        end = self.date_to.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        if end < start:
            start, end = end, start
        return {
            "since": kst_day_start(start),
            "until": kst_day_start(end + timedelta(days=1)),
            "operation": self.operation.currentData(),
            "outcome": self.outcome.currentData(),
            "text": self.search.text().strip() or None,
            **({"agent": agent} if self._team and (agent := self.agent_filter()) else {}),
        }

    def agent_filter(self) -> str | None:
        """The login picked from the list, a name typed in (imported rows keep theirs), or None."""
        text = self.agent.currentText().strip()
        index = self.agent.currentIndex()
        if index >= 0 and text == self.agent.itemText(index):
            data = self.agent.itemData(index)
            return str(data) if data else None
        return None if text in ("", ALL_AGENTS) else text

    def _load_agents(self, audit: AuditBackend) -> None:
        """Fill the agent list from the team database once per team log, off the GUI thread."""
        if self._agents_of is audit:
            return
        self._agents_of = audit
        agents = getattr(audit, "agents", None)
        if not callable(agents):
            return
        op = self.ctx.background(agents)
        op.success(lambda found: self._fill_agents(audit, found))
        op.failure(self._agents_failed)
        op.run()

    def _agents_failed(self, error: BaseException) -> None:
        log.warning("team agent list not loaded: %s", error)
        self._agents_of = None  # try again on the next refresh

    def _fill_agents(self, audit: AuditBackend, agents: list[Any]) -> None:
        if audit is not self.audit:
            return  # the profile changed while the list loaded
        chosen = self.agent_filter()
        self.agent.blockSignals(True)
        try:
            while self.agent.count() > 1:
                self.agent.removeItem(1)
            for agent in agents:
                lead = " · 팀장" if agent.is_lead else ""
                self.agent.addItem(f"{agent.display_name} ({agent.login}){lead}", agent.login)
            index = self.agent.findData(chosen) if chosen else 0
            if index >= 0:
                self.agent.setCurrentIndex(index)
            elif chosen:
                self.agent.setEditText(chosen)
        finally:
            self.agent.blockSignals(False)

    @property
    def _team(self) -> bool:
        return hasattr(self.audit, "agents")  # the team log (portone_desk.team.audit.TeamAudit)

    @property
    def loading(self) -> bool:
        """A query for the filters on screen has not answered yet."""
        return self._loading

    def refresh(self) -> None:
        # Supersedes any query still running, also when there is nothing to ask (no profile).
        self._generation += 1
        generation = self._generation
        audit = self.audit
        if audit is None:
            self._loading = False
            self.model.set_items([])
            self.banner.show_message(NO_PROFILE_TEXT, "info")
            self._update_count()
            return
        self.agent.setVisible(self._team)
        if self._team:
            self._load_agents(audit)
        filters = self.filters()  # read the widgets here, on the GUI thread
        self._loading = True
        # AuditLog guards its one connection with a lock (check_same_thread=False): a worker may query.
        op = self.ctx.background(lambda: audit.query(**filters, limit=LIMIT))  # type: ignore[arg-type]
        op.success(lambda rows: self._show_rows(generation, rows))
        op.failure(lambda error: self._query_failed(generation, error))
        op.run()

    def _show_rows(self, generation: int, rows: list[AuditRow]) -> None:
        if generation != self._generation:
            return  # the filters changed while it ran; the newer query's answer is on its way
        self._loading = False
        self.banner.clear()
        self.model.set_items(rows)
        self.details.clear()
        self._update_count()

    def _query_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        log.error("activity log query failed", exc_info=error)
        self.banner.show_message("처리 내역을 읽지 못했습니다. 자세한 내용은 로그를 확인해 주세요.", "error")

    def _update_count(self) -> None:
        n = len(self.model.items)
        more = f" (최근 {LIMIT:,}건까지 표시)" if n >= LIMIT else ""
        self.count.setText(f"{n:,}건{more}")
        for button in (self.export_csv, self.export_xlsx):
            button.setEnabled(n > 0)

    def _show_details(self, row: int) -> None:
        if 0 <= row < len(self.model.items):
            self.details.setPlainText(details_text(self.model.item(row)))
        else:
            self.details.clear()

    def export(self, kind: str) -> Path | None:
        """Write every row the filters on screen match to a file the agent picks, in the background;
        returns the path being written (the banner says when it is done)."""
        audit = self.audit
        if not self.model.items or audit is None:
            return None
        if self._loading:
            # The table still shows the previous filters' rows; they are not what the agent asked for.
            self.banner.show_message("처리 내역을 불러오는 중입니다. 잠시 후 다시 내보내세요.", "info")
            return None
        stamp = format_kst(datetime.now(KST).timestamp())[:10]
        file_filter = "CSV (*.csv)" if kind == "csv" else "엑셀 (*.xlsx)"
        chosen = files.ask_save_path(self, "처리 내역 내보내기", f"처리내역_{stamp}.{kind}", file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{kind}":
            path = path.with_suffix(f".{kind}")
        filters = self.filters()  # the table is not loading, so these are the rows on screen
        write = audit_export.export_csv if kind == "csv" else audit_export.export_xlsx

        def work() -> int:
            rows = audit.query(**filters, limit=EXPORT_LIMIT)  # type: ignore[arg-type]
            write(rows, path)
            return len(rows)

        self._exporting = True
        self.banner.show_message("처리 내역을 파일로 저장하는 중…", "info")
        op = self.ctx.background(work)
        op.success(lambda count: self.banner.show_message(f"{count:,}건을 저장했습니다: {path}", "success"))
        op.failure(self._export_failed)
        op.finally_(self._export_finished)
        op.busy(self.export_csv, self.export_xlsx).run()
        return path

    @property
    def exporting(self) -> bool:
        return self._exporting

    def _export_finished(self) -> None:
        self._exporting = False
        self._update_count()

    def _export_failed(self, error: BaseException) -> None:
        if isinstance(error, OSError):
            self.banner.show_message(f"파일을 저장하지 못했습니다: {error.strerror or error}", "error")
            return
        log.error("activity log export failed", exc_info=error)
        self.banner.show_message("파일을 저장하지 못했습니다. 자세한 내용은 로그를 확인해 주세요.", "error")
