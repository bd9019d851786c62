"""Structured logs: one JSON object per line, to stderr or ``CORECHAT_LOG_FILE``.

Only what an operator needs to correlate (request id, partner id, route template, status, duration)
ever goes in: never a query string, an API key, a card number or a traveller's text. Callers pass
fields explicitly through ``extra={"fields": {...}}``; messages are fixed strings.
"""

from __future__ import annotations

import collections
import datetime as dt
import logging
import sys
import threading
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


class _QueuedHandler(logging.Handler):
    """Hands records to a writer thread as they are: formatting and file I/O stay off the event loop.

    Records wait in a deque (an append, no lock, no thread woken) and the writer thread takes them
    every ``WRITE_INTERVAL`` seconds, formatting them all and writing them with one write and one
    flush: a wake-up and a syscall per request cost more than formatting the line itself. A warning
    or worse wakes the writer at once: those are rare, and an operator (or a test) looks for them.
    """

    WRITE_INTERVAL = 0.05

    def __init__(self, target: logging.Handler) -> None:
        super().__init__()
        self.target = target
        self._pending: collections.deque[logging.LogRecord] = collections.deque()
        self._drain_lock = threading.Lock()
        self._stop = False
        self._wake = threading.Event()
        self._writer: threading.Thread | None = threading.Thread(
            target=self._write_loop, name="corechat-log-writer", daemon=True
        )
        self._writer.start()

    def handle(self, record: logging.LogRecord) -> bool:
        if not self.filter(record):
            return False
        self._pending.append(record)
        if record.levelno >= logging.WARNING:
            self._wake.set()
        return True

    def emit(self, record: logging.LogRecord) -> None:
        self._pending.append(record)

    def flush(self) -> None:
        """Write every record queued so far (tests read the file right after)."""
        self._drain()
        self.target.flush()

    def close(self) -> None:
        """Write what is queued and close; closing twice (several apps in one process) is harmless."""
        writer, self._writer = self._writer, None
        if writer is not None:
            self._stop = True
            self._wake.set()
            writer.join()
        self._drain()
        self.target.close()
        super().close()

    def _write_loop(self) -> None:
        while not self._stop:
            self._wake.wait(self.WRITE_INTERVAL)
            self._wake.clear()
            self._drain()

    def _drain(self) -> None:
        with self._drain_lock:
            pending = self._pending
            records = []
            while pending:
                records.append(pending.popleft())
            if records:
                _write_all(self.target, records)


def _write_all(target: logging.Handler, records: list[logging.LogRecord]) -> None:
    stream = getattr(target, "stream", None)
    if stream is None:  # not a stream handler: one record at a time, as logging would
        for record in records:
            target.handle(record)
        return
    lines = []
    for record in records:
        try:
            lines.append(target.format(record) + target.terminator)
        except Exception:  # noqa: BLE001 - logging's own policy: report, never raise into the caller
            target.handleError(record)
    if not lines:
        return
    try:
        stream.write("".join(lines))
        stream.flush()
    except Exception:  # noqa: BLE001
        target.handleError(records[-1])


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
    # The record is made directly: Logger.info would also walk the stack for the caller's file and
    # line, which no log line shows, on the event loop of every request.
    if not _request_logger.isEnabledFor(logging.INFO):
        return
    fields = {
        "requestId": request_id,
        "partnerId": partner_id,
        "route": route,
        "status": status,
        "durationMs": round(duration_ms, 2),
    }
    _request_logger.handle(
        _request_logger.makeRecord(
            _request_logger.name, logging.INFO, __file__, 0, "request", (), None, "log_request", {"fields": fields}
        )
    )
