"""Integration fixtures: ``store`` over each ``database_url`` (SQLite and PostgreSQL, from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from corechat.storage import DatabaseStore, open_store


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[DatabaseStore]:
    opened = await open_store(database_url, pool_max_size=20)
    try:
        yield opened
    finally:
        await opened.close()
