"""A combo box of the shop's channels beside a channel-key field: picking one fills the field;
typing stays possible. Hidden until the list has arrived (and stays hidden if it cannot)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from portone_desk.ui.channels import Channel, fetch_channels
from portone_desk.ui.context import DeskContext

log = logging.getLogger(__name__)
PICK_TEXT = "채널 목록에서 고르기…"


class ChannelChoice(QComboBox):
    picked = Signal(str)  # the channel key

    def __init__(
        self,
        object_name: str = "channelChoice",
        only: Callable[[list[Channel]], list[Channel]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName("채널 선택")
        self.setToolTip(
            "포트원에 등록된 이 상점의 채널입니다. 고르면 채널 키가 채워집니다 (직접 입력도 됩니다)."
        )
        self._only = only
        self.activated.connect(self._activated)
        self.setVisible(False)

    def offer(self, channels: list[Channel], current: str = "") -> None:
        shown = self._only(channels) if self._only else channels
        self.clear()
        self.addItem(PICK_TEXT, None)
        for channel in shown:
            self.addItem(channel.label, channel.key)
        self.select(current)
        self.setVisible(bool(shown))

    def select(self, key: str) -> None:
        """Show ``key`` as chosen when it is one of the channels (the field was typed or filled)."""
        index = self.findData(key) if key else -1
        self.setCurrentIndex(index if index > 0 else 0)

    def forget(self) -> None:
        self.clear()
        self.setVisible(False)

    def _activated(self, row: int) -> None:
        key = self.itemData(row)
        if key:
            self.picked.emit(str(key))


def load_channels(ctx: DeskContext, done: Callable[[list[Channel]], None]) -> None:
    """The active profile's channels: from the cache, or one background call; a failure offers
    nothing (the typed field stays)."""
    profile = ctx.profile
    if profile is None:
        return
    cache = ctx.channels
    cached = cache.get(profile.id)
    if cached is not None:
        done(cached)
        return
    service = ctx.service

    def loaded(channels: list[Channel]) -> None:
        cache.put(profile.id, channels)
        if ctx.profile is not None and ctx.profile.id == profile.id:  # still the same shop
            done(channels)

    def failed(error: BaseException) -> None:
        log.info("channel list not loaded: %s", type(error).__name__)  # the typed field stays

    ctx.background(lambda: fetch_channels(service)).success(loaded).failure(failed).run()
