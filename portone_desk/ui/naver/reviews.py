"""구매평 조회: the profile's Naver channel key, a KST date range (last 7 days by default), a review type."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portone_desk.api.catalog import RESPONSE_MODELS, REVIEW_TYPES, operation
from portone_desk.api.model import ResponseField
from portone_desk.api.timefmt import format_kst
from portone_desk.ui.channel_choice import ChannelChoice, load_channels
from portone_desk.ui.channels import Channel, naver_first
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import ErrorBanner
from portone_desk.ui.forms import OperationForm
from portone_desk.ui.result_view import format_value
from portone_desk.ui.shared import NO_PROFILE_TEXT, label_of, response_of

WEEK = 7 * 24 * 3600
NO_CHANNEL_KEY = (
    "이 프로필에 네이버페이 주문형 채널 키가 없습니다. 위 목록에서 채널을 고르거나 "
    "프로필 설정에서 '네이버페이 채널 키'를 입력하세요."
)
# The writer column follows the catalog's format for the field (the Naver id as Naver masked it).
_writer = RESPONSE_MODELS["NaverReview"].field("writer")
assert _writer is not None
_WRITER: ResponseField = _writer
COLUMNS = ("작성 시각", "만족도", "구매평", "상품 / 옵션", "상품주문번호", "작성자")


class ReviewsPanel(QWidget):
    def __init__(self, ctx: DeskContext, banner: ErrorBanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("naverReviewsPanel")
        self.ctx = ctx
        self.banner = banner
        layout = QVBoxLayout(self)
        # The shop's Naver channels (the profile's key shown as chosen); picking one searches it.
        self.channel_choice = ChannelChoice("naverChannelChoice", only=naver_first)
        self.channel_choice.picked.connect(self._channel_picked)
        layout.addWidget(self.channel_choice)
        self._picked_key = ""
        self._channels_for = ""
        ctx.profile_changed.connect(self._profile_changed)
        now = int(time.time())
        self.form = OperationForm(
            operation("getReviews"),
            hidden=("channel_key",),
            values={"from": now - WEEK, "to": now, "review_type": "general"},
        )
        layout.addWidget(self.form)
        self.search = QPushButton("구매평 조회")
        self.search.setObjectName("searchReviews")
        self.search.clicked.connect(self.run_search)
        layout.addWidget(self.search)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("naverReviewsTable")
        self.table.setAccessibleName("구매평 목록")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        profile = self.ctx.profile
        if profile is not None and self._channels_for != profile.id:
            self._channels_for = profile.id
            load_channels(self.ctx, self._channels_loaded)

    def _channels_loaded(self, channels: list[Channel]) -> None:
        self.channel_choice.offer(channels, self._channel_key())

    def _channel_picked(self, key: str) -> None:
        self._picked_key = key

    def _profile_changed(self) -> None:
        self._picked_key, self._channels_for = "", ""
        self.channel_choice.forget()
        if self.isVisible():
            self.showEvent(QShowEvent())

    def _channel_key(self) -> str:
        """The channel picked from the list, else the profile's Naver channel key."""
        return self._picked_key or str(getattr(self.ctx.profile, "naver_channel_key", None) or "")

    def run_search(self) -> None:
        if not self.ctx.has_profile:
            self.banner.show_message(NO_PROFILE_TEXT, "error")
            return
        key = self._channel_key()
        if not key:
            self.banner.show_message(NO_CHANNEL_KEY, "error")
            return
        self.form.set_values({"channel_key": key})
        if not self.form.validate():
            return
        values = self.form.values()
        self.banner.show_message("구매평을 조회하는 중…", "info")
        self.ctx.call_op("getReviews", values).success(self._show).failure(self.banner.show_error).busy(
            self.search
        ).run()

    def _show(self, result: Any) -> None:
        reviews = response_of(result) or []
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        for review in reviews:
            row = self.table.rowCount()
            self.table.insertRow(row)
            option = review.get("product_option_name") or ""
            product = (
                f"{review.get('product_name', '')} / {option}" if option else review.get("product_name", "")
            )
            content = review.get("content") or ""
            cells = (
                format_kst(review.get("created_at")),
                str(review.get("score", "")),
                str(review.get("title", "")),
                str(product),
                str(review.get("product_order_id", "")),
                format_value(_WRITER, review.get("writer")),  # as Naver masked it, else masked here
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(content if column == 2 and content else text)
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)
        kind = label_of(REVIEW_TYPES, self.form.values().get("review_type"))
        self.banner.show_message(f"{kind} {len(reviews)}건을 조회했습니다.", "success")
