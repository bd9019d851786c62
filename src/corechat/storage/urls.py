"""Database URLs: ``sqlite:///relative/path``, ``sqlite:////absolute/path`` or ``postgresql://...``."""

from __future__ import annotations

from pathlib import Path

import msgspec


class SqliteUrl(msgspec.Struct, frozen=True):
    path: Path

    @property
    def sqlalchemy_url(self) -> str:
        return f"sqlite:///{self.path}"


class PostgresUrl(msgspec.Struct, frozen=True):
    dsn: str  # what asyncpg takes: postgresql://user@host:port/db

    @property
    def sqlalchemy_url(self) -> str:
        return "postgresql+asyncpg://" + self.dsn.split("://", 1)[1]


DatabaseUrl = SqliteUrl | PostgresUrl

_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+asyncpg")


def parse_database_url(url: str) -> DatabaseUrl:
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"not a database URL: {url!r}")
    if scheme == "sqlite":
        if not rest.startswith("/") or rest in ("/", "/:memory:"):
            raise ValueError("a SQLite URL names a file: sqlite:///relative/path or sqlite:////absolute/path")
        return SqliteUrl(Path(rest[1:]))
    if scheme in _POSTGRES_SCHEMES:
        return PostgresUrl("postgresql://" + rest)
    raise ValueError(f"unsupported database URL scheme {scheme!r}: use sqlite:/// or postgresql://")
