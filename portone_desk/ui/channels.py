"""The shop's PG channels (getPgSettingList), offered where the desk asks for a channel key instead
of making the agent type it. Qt-free: the labels, the per-profile cache for the session, and the
blocking fetch (run it in a background op); the combo box is ``channel_choice.py``."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Protocol

from portone_desk.api.catalog_options import pg_name
from portone_desk.ui.shared import response_of

NAVER_PGS = ("naverco", "naverpay")


class CallsApi(Protocol):
    def call(self, op_id: str, values: dict[str, Any], pg: str | None = ...) -> Any: ...


@dataclass(frozen=True)
class Channel:
    key: str
    pg: str
    name: str

    @property
    def label(self) -> str:
        """PG, then the channel's name (or its key when it has none), then the key to recognise."""
        name = self.name or self.key
        shown = f"{pg_name(self.pg)} · {name}" if self.pg else name
        return shown if name == self.key else f"{shown} ({self.key})"


def channels_of(settings: Any) -> list[Channel]:
    """The channels with a key in a getPgSettingList answer (entries without one are not offered)."""
    found: list[Channel] = []
    for item in settings if isinstance(settings, list) else []:
        if isinstance(item, dict) and item.get("channel_key"):
            found.append(
                Channel(
                    str(item["channel_key"]),
                    str(item.get("pg_provider") or ""),
                    str(item.get("channel_name") or ""),
                )
            )
    return found


def naver_first(channels: list[Channel]) -> list[Channel]:
    """For the Naver Pay channel key: Naver channels only when the shop has any, else all of them."""
    naver = [c for c in channels if c.pg in NAVER_PGS]
    return naver or channels


def fetch_channels(service: CallsApi) -> list[Channel]:
    """Blocking: one getPgSettingList call."""
    return channels_of(response_of(service.call("getPgSettingList", {})))


def fetch_channels_with(base_url: str, imp_key: str, imp_secret: str, tier: str | None) -> list[Channel]:
    """Blocking: the channels of credentials not saved as the active profile (the profile dialog)."""
    from portone_desk.api.client import PortOneClient

    client = PortOneClient(base_url, imp_key, imp_secret, tier=tier)
    try:
        return channels_of(response_of(client.call("getPgSettingList", {})))
    finally:
        client.close()


class ChannelCache:
    """Channels per profile (by id) for the session: asked once, offered in every tab and dialog."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_profile: dict[str, list[Channel]] = {}

    def get(self, profile_id: str) -> list[Channel] | None:
        with self._lock:
            found = self._by_profile.get(profile_id)
            return list(found) if found is not None else None

    def put(self, profile_id: str, channels: list[Channel]) -> None:
        with self._lock:
            self._by_profile[profile_id] = list(channels)

    def forget(self, profile_id: str) -> None:
        with self._lock:
            self._by_profile.pop(profile_id, None)
