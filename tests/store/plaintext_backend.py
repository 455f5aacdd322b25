"""A third-party-style keyring backend that keeps secrets in a plain JSON file (for a refusal test).

Named by ``PYTHON_KEYRING_BACKEND=plaintext_backend.PlainFileKeyring`` in a child process; the
file it would write is ``$PLAINTEXT_KEYRING_FILE``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class PlainFileKeyring(KeyringBackend):
    priority = 5  # type: ignore[assignment]  # confident, as such backends claim to be

    def _file(self) -> Path:
        return Path(os.environ["PLAINTEXT_KEYRING_FILE"])

    def _load(self) -> dict[str, str]:
        return json.loads(self._file().read_text()) if self._file().exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._file().write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self._file().write_text(json.dumps(data))
