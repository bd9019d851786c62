"""The demo supplier's booking ledger on SQLite and PostgreSQL passes the shared contract."""

from __future__ import annotations

import pytest

from tests.contracts.booking_ledger_contract import BookingLedgerContract


class TestDatabaseBookingLedger(BookingLedgerContract):
    @pytest.fixture
    async def ledger(self, store):
        yield store.booking_ledger()


async def test_bookings_survive_reopening_the_store(store, database_url):
    from corechat.storage import open_store
    from tests.contracts.booking_ledger_contract import make_booking

    booking = make_booking()
    await store.booking_ledger().insert_if_absent("key-1", booking)

    reopened = await open_store(database_url)
    try:
        assert await reopened.booking_ledger().get_by_key("key-1") == booking
    finally:
        await reopened.close()
