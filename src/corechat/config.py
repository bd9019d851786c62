"""One typed ``Settings`` for the whole service, read from ``CORECHAT_*`` environment variables.

Read and validated once at start (``Settings.from_env``); a bad value stops the process with a
message naming the variable, never a half-configured server.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Mapping
from typing import Any

import msgspec

PREFIX = "CORECHAT_"
MIN_IDEMPOTENCY_RETENTION_SECONDS = 86_400  # CONVERSATION.md §8: keys are kept at least 24 hours


class ConfigError(ValueError):
    """A configuration value that cannot be used; the message names the environment variable."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str = "sqlite:///./var/corechat.db"
    redis_url: str | None = None
    database_pool_size: int = 10  # PostgreSQL connections one process may hold (ignored on SQLite)
    log_level: str = "INFO"
    log_file: str | None = None
    rate_limit_per_minute: int = 120
    idempotency_retention_seconds: int = MIN_IDEMPOTENCY_RETENTION_SECONDS
    lease_seconds: float = 30.0
    supplier_timeout_seconds: float = 10.0
    session_event_limit: int = 500
    max_body_bytes: int = 65_536
    max_text_chars: int = 2_000
    trusted_proxies: tuple[str, ...] = ()
    auth_failures_per_minute: int = 30
    api_key_cache_seconds: float = 5.0
    shutdown_grace_seconds: float = 10.0
    max_in_flight: int = 1000  # partner requests answered at once by one process; more get a 503
    # Reliability seams (corechat.faults, corechat.service.reconciler); faults stay off in production.
    faults: str | None = None
    fault_seed: int = 0
    reconcile_interval_seconds: float = 60.0

    def __post_init__(self) -> None:
        _validate(self)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field in msgspec.structs.fields(cls):
            raw = environ.get(PREFIX + field.name.upper())
            if raw is None or raw.strip() == "":
                continue
            values[field.name] = _parse(field.name, field.type, raw.strip())
        try:
            return cls(**values)
        except ConfigError:
            raise
        except (TypeError, ValueError) as exc:  # pragma: no cover - _parse already typed every value
            raise ConfigError(str(exc)) from exc

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")


def env_name(field: str) -> str:
    return PREFIX + field.upper()


def _parse(name: str, type_: Any, raw: str) -> Any:
    text = str(type_)
    try:
        if "tuple" in text:
            return tuple(part.strip() for part in raw.split(",") if part.strip())
        if "float" in text:
            return float(raw)
        if "int" in text:
            return int(raw)
    except ValueError:
        kind = "a number" if "float" in text else "an integer"
        raise ConfigError(f"{env_name(name)} must be {kind}, got {raw!r}") from None
    return raw


def _validate(s: Settings) -> None:
    if not (s.database_url.startswith("sqlite:///") or s.database_url.startswith(("postgresql://", "postgres://"))):
        raise ConfigError(
            f"{env_name('database_url')} must be sqlite:///path or postgresql://..., got {s.database_url!r}"
        )
    if s.redis_url is not None and not s.redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"{env_name('redis_url')} must be a redis:// or rediss:// URL")
    if logging.getLevelName(s.log_level.upper()) not in (10, 20, 30, 40, 50):
        raise ConfigError(f"{env_name('log_level')} must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
    _at_least(s, "rate_limit_per_minute", 1)
    _at_least(s, "database_pool_size", 1)
    _at_least(s, "idempotency_retention_seconds", MIN_IDEMPOTENCY_RETENTION_SECONDS)
    _above_zero(s, "lease_seconds")
    _above_zero(s, "supplier_timeout_seconds")
    _at_least(s, "session_event_limit", 1)
    _at_least(s, "max_body_bytes", 1024)
    _at_least(s, "max_text_chars", 1)
    _at_least(s, "auth_failures_per_minute", 1)
    _at_least(s, "api_key_cache_seconds", 0)
    _at_least(s, "shutdown_grace_seconds", 0)
    _at_least(s, "max_in_flight", 1)
    _at_least(s, "reconcile_interval_seconds", 0)
    if s.faults is not None:
        from corechat.faults import from_spec

        try:
            from_spec(s.faults)
        except ValueError as exc:
            raise ConfigError(f"{env_name('faults')}: {exc}") from None
    for entry in s.trusted_proxies:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ConfigError(
                f"{env_name('trusted_proxies')} must list IP addresses or networks, got {entry!r}"
            ) from None


def _at_least(s: Settings, name: str, minimum: float) -> None:
    value = getattr(s, name)
    if value < minimum:
        raise ConfigError(f"{env_name(name)} must be at least {minimum}, got {value}")


def _above_zero(s: Settings, name: str) -> None:
    value = getattr(s, name)
    if not value > 0:
        raise ConfigError(f"{env_name(name)} must be greater than 0, got {value}")
