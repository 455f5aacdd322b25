"""The rotating log file under the platform log folder, redacted before anything is written."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from portone_desk.api.redact import install_log_filter

LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5


def setup_logging(log_file: Path, level: int = logging.INFO) -> logging.Handler:
    """Attach one rotating handler to the root logger (idempotent) and the redacting filter."""
    root = logging.getLogger()
    target = str(Path(log_file).resolve())
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and handler.baseFilename == target:
            install_log_filter(root)
            return handler
    Path(log_file).parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    # After adding the handler: the filter goes onto every handler present, which also covers
    # records propagated from child loggers.
    install_log_filter(root)
    return handler


def remove_logging(handler: logging.Handler) -> None:
    logging.getLogger().removeHandler(handler)
    handler.close()
