"""The contract every ``BookingLedger`` must pass (in memory, SQLite, PostgreSQL).

Subclass ``BookingLedgerContract`` in a test module and give it an async fixture ``ledger`` that
yields an empty ledger:

    class TestSqliteBookingLedger(BookingLedgerContract):
        @pytest.fixture
        async def ledger(self, tmp_path):
            ...
            yield SqliteBookingLedger(...)
"""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import msgspec
import pytest

from corechat.model import Booking, CardRef, HotelRef
from corechat.suppliers.port import BookingNotFound

UTC = dt.timezone.utc
CREATED_AT = dt.datetime(2026, 11, 29, 15, 4, 5, 123456, tzinfo=UTC)


def make_booking(number: int = 1, **changes) -> Booking:
    booking = Booking(
        booking_id=f"bk_contract{number:04d}",
        confirmation_code=f"CNF{number:04d}",
        status="confirmed",
        option_id="3d49d4cb-22b1-4963-9280-508fb1190f5c",
        hotel=HotelRef(hotel_id="htl_inn", name="Inn at the Market", address="86 Pine Street, Seattle"),
        check_in=dt.date(2027, 3, 20),
        check_out=dt.date(2027, 3, 23),
        rooms=1,
        adults=2,
        total_price=Decimal("980.67"),
        currency="USD",
        refundable=True,
        cancellation_deadline=dt.datetime(2027, 3, 18, 23, 59, tzinfo=UTC),
        payment_card=CardRef(brand="visa", last4="4242"),
        created_at=CREATED_AT,
    )
    return msgspec.structs.replace(booking, **changes)


def assert_utc(moment: dt.datetime) -> None:
    assert moment.tzinfo is not None and moment.utcoffset() == dt.timedelta(0)


class BookingLedgerContract:
    async def test_a_stored_booking_is_found_by_key_and_by_id_unchanged(self, ledger):
        booking = make_booking()

        assert await ledger.insert_if_absent("key-1", booking) == booking
        assert await ledger.get_by_key("key-1") == booking
        assert await ledger.get(booking.booking_id) == booking

    async def test_amounts_dates_and_instants_survive_exactly(self, ledger):
        booking = make_booking(total_price=Decimal("1234567.89"), currency="EUR")
        await ledger.insert_if_absent("key-1", booking)

        stored = await ledger.get_by_key("key-1")

        assert stored.total_price == Decimal("1234567.89")
        assert str(stored.total_price) == "1234567.89"
        assert stored.created_at == CREATED_AT
        assert_utc(stored.created_at)
        assert_utc(stored.cancellation_deadline)
        assert (stored.check_in, stored.check_out) == (dt.date(2027, 3, 20), dt.date(2027, 3, 23))

    async def test_optional_fields_may_be_empty(self, ledger):
        booking = make_booking(adults=None, refundable=False, cancellation_deadline=None)
        await ledger.insert_if_absent("key-1", booking)

        stored = await ledger.get_by_key("key-1")

        assert (stored.adults, stored.cancellation_deadline, stored.cancelled_at) == (None, None, None)

    async def test_unknown_key_and_id_find_nothing(self, ledger):
        await ledger.insert_if_absent("key-1", make_booking())

        assert await ledger.get_by_key("key-2") is None
        assert await ledger.get("bk_unknown") is None

    async def test_a_taken_key_keeps_the_first_booking(self, ledger):
        first = make_booking(1)
        second = make_booking(2, total_price=Decimal("10.00"))
        await ledger.insert_if_absent("key-1", first)

        assert await ledger.insert_if_absent("key-1", second) == first
        assert await ledger.get_by_key("key-1") == first
        assert await ledger.get(second.booking_id) is None

    async def test_each_key_holds_its_own_booking(self, ledger):
        first, second = make_booking(1), make_booking(2)

        await ledger.insert_if_absent("key-1", first)
        await ledger.insert_if_absent("key-2", second)

        assert await ledger.get_by_key("key-1") == first
        assert await ledger.get_by_key("key-2") == second

    async def test_concurrent_inserts_with_one_key_store_one_booking(self, ledger):
        candidates = [make_booking(number) for number in range(50)]

        stored = await asyncio.gather(
            *(ledger.insert_if_absent("key-1", booking) for booking in candidates)
        )

        assert len({booking.booking_id for booking in stored}) == 1
        assert stored[0] in candidates
        assert await ledger.get_by_key("key-1") == stored[0]
        found = [await ledger.get(booking.booking_id) for booking in candidates]
        assert [booking for booking in found if booking is not None] == [stored[0]]

    async def test_cancelling_marks_the_booking_cancelled_at_that_time(self, ledger):
        booking = make_booking()
        await ledger.insert_if_absent("key-1", booking)
        at = dt.datetime(2027, 1, 5, 9, 30, tzinfo=UTC)

        cancelled = await ledger.mark_cancelled(booking.booking_id, at)

        assert cancelled == msgspec.structs.replace(booking, status="cancelled", cancelled_at=at)
        assert await ledger.get(booking.booking_id) == cancelled
        assert await ledger.get_by_key("key-1") == cancelled
        assert_utc(cancelled.cancelled_at)

    async def test_cancelling_twice_keeps_the_first_cancellation(self, ledger):
        booking = make_booking()
        await ledger.insert_if_absent("key-1", booking)
        first = dt.datetime(2027, 1, 5, 9, 30, tzinfo=UTC)

        await ledger.mark_cancelled(booking.booking_id, first)
        again = await ledger.mark_cancelled(booking.booking_id, first + dt.timedelta(hours=1))

        assert again.cancelled_at == first
        assert again.status == "cancelled"

    async def test_concurrent_cancellations_agree_on_one_time(self, ledger):
        booking = make_booking()
        await ledger.insert_if_absent("key-1", booking)
        start = dt.datetime(2027, 1, 5, 9, 30, tzinfo=UTC)

        results = await asyncio.gather(
            *(
                ledger.mark_cancelled(booking.booking_id, start + dt.timedelta(seconds=n))
                for n in range(20)
            )
        )

        assert len({result.cancelled_at for result in results}) == 1
        assert (await ledger.get(booking.booking_id)).cancelled_at == results[0].cancelled_at

    async def test_cancelling_an_unknown_booking_is_not_found(self, ledger):
        with pytest.raises(BookingNotFound):
            await ledger.mark_cancelled("bk_unknown", dt.datetime(2027, 1, 5, tzinfo=UTC))

    async def test_a_cancelled_key_stays_taken(self, ledger):
        booking = make_booking()
        await ledger.insert_if_absent("key-1", booking)
        at = dt.datetime(2027, 1, 5, 9, 30, tzinfo=UTC)
        cancelled = await ledger.mark_cancelled(booking.booking_id, at)

        assert await ledger.insert_if_absent("key-1", make_booking(2)) == cancelled
