"""The rotating log file under the platform log folder, redacted before anything is written."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from portone_desk.api.redact import install_log_filter

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5


class EarlyLogBuffer(logging.Handler):
    """Keeps the records of the first moments of start-up until the log file is set up.

    ``logging.handlers`` (for the rotating handler) pulls in sockets and pickling and costs a
    noticeable slice of start-up; it is imported after the first paint, and nothing is lost.
    """

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def buffer_early_logging(level: int = logging.INFO) -> EarlyLogBuffer:
    root = logging.getLogger()
    buffer = EarlyLogBuffer()
    root.addHandler(buffer)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return buffer


def setup_logging(
    log_file: Path, level: int = logging.INFO, replacing: EarlyLogBuffer | None = None
) -> logging.Handler:
    """Attach one rotating handler to the root logger (idempotent) and the redacting filter.

    ``replacing``: an early buffer whose records go to the file first and which is then removed.
    """
    handler = _rotating_handler(log_file, level)
    if replacing is not None:
        logging.getLogger().removeHandler(replacing)
        for record in replacing.records:
            if record.levelno >= handler.level:
                handler.handle(record)  # handle(): the redacting filter applies to these too
        replacing.records.clear()
    return handler


def _rotating_handler(log_file: Path, level: int) -> RotatingFileHandler:
    from logging.handlers import RotatingFileHandler

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
