"""Re-export of the in-memory keyring backend for tests (the class lives in the package)."""

from portone_desk.store.memory_keyring import MemoryKeyring

__all__ = ["MemoryKeyring"]
