"""An in-memory keyring backend for tests (and nothing else).

It lives in the package so tests in any folder can import it. It is never picked by keyring's
own discovery (``viable`` is False); it must be handed to ``SecretStore(backend=...)`` explicitly.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1  # high enough for SecretStore to accept it
    viable = False  # keep it out of keyring's automatic choice

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError("not found") from None
