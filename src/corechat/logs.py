"""Structured logs: one JSON object per line, to stderr or ``CORECHAT_LOG_FILE``.

Only what an operator needs to correlate (request id, partner id, route template, status, duration)
ever goes in: never a query string, an API key, a card number or a traveller's text. Callers pass
fields explicitly through ``extra={"fields": {...}}``; messages are fixed strings.
"""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import queue
import sys
import traceback

import msgspec

from corechat.config import Settings

LOGGER_NAME = "corechat"
_encoder = msgspec.json.Encoder()


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.msg if isinstance(record.msg, str) else "log",
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            # The exception's type and where it was raised; not its message, which may quote input.
            exc_type, _, tb = record.exc_info
            line["exception"] = exc_type.__name__
            line["stack"] = [f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_tb(tb)][-12:]
        return _encoder.encode(line).decode()


class _QueuedHandler(logging.handlers.QueueHandler):
    """Hands records to a writer thread as they are: formatting and file I/O stay off the event loop."""

    def __init__(self, target: logging.Handler) -> None:
        super().__init__(queue.SimpleQueue())
        self.target = target
        self._listener = logging.handlers.QueueListener(self.queue, target, respect_handler_level=False)
        self._listener.start()

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return record

    def flush(self) -> None:
        """Wait until every record queued so far is written (tests read the file right after)."""
        if self._running():
            self._listener.stop()
            self._listener.start()
        self.target.flush()

    def close(self) -> None:
        """Write what is queued and close; closing twice (several apps in one process) is harmless."""
        if self._running():
            self._listener.stop()
        self.target.close()
        super().close()

    def _running(self) -> bool:
        return getattr(self._listener, "_thread", None) is not None


def configure(settings: Settings) -> logging.Handler:
    """Route every ``corechat.*`` logger to one JSON-lines handler; returns it (``release`` undoes it)."""
    target: logging.Handler
    if settings.log_file:
        target = logging.FileHandler(settings.log_file, encoding="utf-8")
    else:
        target = logging.StreamHandler(sys.stderr)
    target.setFormatter(JsonLineFormatter())
    handler = _QueuedHandler(target)
    logger = logging.getLogger(LOGGER_NAME)
    for old in [h for h in logger.handlers if isinstance(h, _QueuedHandler)]:
        release(old)
    logger.addHandler(handler)
    logger.setLevel(settings.log_level.upper())
    logger.propagate = False
    return handler


def release(handler: logging.Handler) -> None:
    """Detach and close a handler made by ``configure`` (the app is closing), writing what is queued."""
    for name in (LOGGER_NAME, "uvicorn.error"):
        logging.getLogger(name).removeHandler(handler)
    handler.close()
    logger = logging.getLogger(LOGGER_NAME)
    if not any(isinstance(h, _QueuedHandler) for h in logger.handlers):
        # Back to the logging defaults, so code (and tests) running after the app see plain propagation.
        logger.propagate = True
        logger.setLevel(logging.NOTSET)


_request_logger = logging.getLogger(LOGGER_NAME + ".request")


def request_logger() -> logging.Logger:
    return _request_logger


def log_request(*, request_id: str, partner_id: str | None, route: str, status: int, duration_ms: float) -> None:
    _request_logger.info(
        "request",
        extra={
            "fields": {
                "requestId": request_id,
                "partnerId": partner_id,
                "route": route,
                "status": status,
                "durationMs": round(duration_ms, 2),
            }
        },
    )
