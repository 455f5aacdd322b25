"""Personal data in the cache: keyed hashes for exact and partial match, masks for display.

Phones and e-mails are never stored in clear: only an HMAC-SHA256 of the normalised value (the
key lives in the OS keyring, so a copied cache file cannot be dictionary-searched without it),
the phone's last four digits and a masked e-mail. Names are stored masked (first character
only) plus keyed hashes of every substring of the name, which is what partial name search needs
and nothing more.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets as random_source

from portone_desk.api.masking import mask_email, mask_name

KEY_KIND = "cache_key"  # SecretStore kind of the per-profile hashing key
KEY_BYTES = 32
MAX_NAME_CHARS = 12  # longer names are cut: substrings of a 12-character name are 78 hashes
_NON_DIGIT = re.compile(r"\D")
_SPACE = re.compile(r"\s+")

__all__ = [
    "KEY_BYTES",
    "KEY_KIND",
    "Hasher",
    "load_or_create_key",
    "mask_email",
    "mask_name",
    "normalise_name",
    "phone_digits",
]


def phone_digits(text: str | None) -> str:
    """Digits of a phone number; +82 becomes the domestic leading 0."""
    digits = _NON_DIGIT.sub("", text or "")
    if digits.startswith("82") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def normalise_name(text: str | None) -> str:
    return _SPACE.sub("", text or "").casefold()[:MAX_NAME_CHARS]


class Hasher:
    """Keyed digests of personal values; the same key gives the same digest on every run."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("hashing key too short")
        self._key = key

    def digest(self, kind: str, value: str) -> bytes:
        """16 bytes (128 bits: collisions are not a concern at shop scale), stored as a BLOB."""
        return hmac.digest(self._key, f"{kind}\x00{value}".encode(), hashlib.sha256)[:16]

    def fingerprint(self) -> str:
        """Identifies the key (not reversible), so a cache made with another key is noticed."""
        return self.digest("fingerprint", "portone-desk").hex()

    def phone(self, text: str | None) -> tuple[bytes | None, str]:
        """(digest of the full number, last four digits); (None, "") for no number."""
        digits = phone_digits(text)
        if len(digits) < 4:
            return None, ""
        return self.digest("phone", digits), digits[-4:]

    def email(self, text: str | None) -> bytes | None:
        value = (text or "").strip().casefold()
        return self.digest("email", value) if "@" in value else None

    def name_grams(self, text: str | None) -> set[bytes]:
        """Digests of every substring of the normalised name (what partial search looks up)."""
        name = normalise_name(text)
        return {
            self.digest("name", name[start:end])
            for start in range(len(name))
            for end in range(start + 1, len(name) + 1)
        }

    def name_query(self, text: str) -> bytes | None:
        name = normalise_name(text)
        return self.digest("name", name) if name else None


def load_or_create_key(secrets: object, profile_id: str) -> bytes:
    """The profile's hashing key from the keyring, made on first use.

    ``secrets`` is a ``store.secrets.SecretStore``; its errors (no safe keyring, locked) pass
    through: without the key the cache must not be written.
    """
    found = secrets.get(profile_id, KEY_KIND)  # type: ignore[attr-defined]
    if found:
        return bytes.fromhex(found)
    key = random_source.token_bytes(KEY_BYTES)
    secrets.set(profile_id, KEY_KIND, key.hex())  # type: ignore[attr-defined]
    return key
