import asyncio
import datetime as dt
import re
from decimal import Decimal

import pytest

from corechat.clock import FixedClock
from corechat.model import Cancellation, CardRef, HotelRef
from corechat.suppliers.port import BookingNotFound, CardDeclined, SupplierError
from corechat.suppliers.demo import DemoSupplier
from tests.unit.suppliers.support import NOW, UTC, YieldingLedger, card, stay, supplier


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def demo_and_ledger(clock):
    return supplier(clock)


@pytest.fixture
def demo(demo_and_ledger):
    return demo_and_ledger[0]


@pytest.fixture
def ledger(demo_and_ledger):
    return demo_and_ledger[1]


@pytest.fixture
async def options(demo):
    return await demo.search(stay(adults=2), session_id="ses_1")


@pytest.fixture
def refundable(options):
    return next(o for o in options if o.refundable)


@pytest.fixture
def non_refundable(options):
    return next(o for o in options if not o.refundable)


async def test_booking_confirms_the_offer_and_charges_its_total(demo, ledger, refundable):
    booking = await demo.book(refundable, card("4242"), supplier_key="sk_1")

    assert booking.status == "confirmed"
    assert booking.option_id == refundable.option_id
    assert booking.hotel == HotelRef(
        hotel_id=refundable.hotel_id, name=refundable.name, address=refundable.address
    )
    assert (booking.check_in, booking.check_out, booking.rooms, booking.adults) == (
        dt.date(2027, 3, 20), dt.date(2027, 3, 23), 1, 2
    )
    assert (booking.total_price, booking.currency) == (refundable.total_price, "USD")
    assert (booking.refundable, booking.cancellation_deadline) == (
        True, refundable.cancellation_deadline
    )
    assert booking.payment_card == CardRef(brand="visa", last4="4242")
    assert (booking.created_at, booking.cancelled_at) == (NOW, None)
    assert ledger.charges("sk_1") == 1


async def test_booking_ids_and_codes_derive_from_the_supplier_key(demo, refundable, non_refundable):
    first = await demo.book(refundable, card(), supplier_key="sk_1")
    other_supplier, _ = supplier()
    same_key_elsewhere = await other_supplier.book(non_refundable, card(), supplier_key="sk_1")
    second = await demo.book(refundable, card(), supplier_key="sk_2")

    assert re.fullmatch(r"bk_[a-z2-7]{20}", first.booking_id)
    assert re.fullmatch(r"[A-Z0-9]{6,8}", first.confirmation_code)
    assert (same_key_elsewhere.booking_id, same_key_elsewhere.confirmation_code) == (
        first.booking_id, first.confirmation_code
    )
    assert second.booking_id != first.booking_id
    assert second.confirmation_code != first.confirmation_code


async def test_booking_again_with_the_key_returns_the_first_booking_without_charging(
    demo, ledger, clock, refundable, non_refundable
):
    first = await demo.book(refundable, card("4242"), supplier_key="sk_1")
    clock.advance(minutes=5)

    again = await demo.book(non_refundable, card("1881", "mastercard"), supplier_key="sk_1")

    assert again == first
    assert ledger.charges("sk_1") == 1
    assert len(ledger) == 1


async def test_a_retry_returns_the_booking_even_with_a_simulated_failure(demo, ledger, refundable):
    first = await demo.book(refundable, card(), supplier_key="sk_1")

    for simulate in ("card_declined", "supplier_error"):
        assert await demo.book(refundable, card(), supplier_key="sk_1", simulate=simulate) == first
    assert ledger.charges("sk_1") == 1


async def test_concurrent_bookings_with_one_key_charge_once(demo, ledger, refundable):
    bookings = await asyncio.gather(
        *(demo.book(refundable, card(), supplier_key="sk_1") for _ in range(50))
    )

    assert len(set(b.booking_id for b in bookings)) == 1
    assert all(b == bookings[0] for b in bookings)
    assert ledger.charges("sk_1") == 1


async def test_interleaved_bookings_with_one_key_charge_once(refundable):
    ledger = YieldingLedger()
    demo = DemoSupplier(ledger, FixedClock(NOW))

    bookings = await asyncio.gather(
        *(demo.book(refundable, card(), supplier_key="sk_1") for _ in range(50))
    )

    assert len(set(bookings)) == 1
    assert ledger.inner.charges("sk_1") == 1


async def test_each_supplier_key_books_and_charges_once(demo, ledger, refundable):
    await demo.book(refundable, card(), supplier_key="sk_1")
    await demo.book(refundable, card(), supplier_key="sk_2")

    assert (ledger.charges("sk_1"), ledger.charges("sk_2"), len(ledger)) == (1, 1, 2)


async def test_a_card_ending_0002_is_declined_and_nothing_is_booked(demo, ledger, refundable):
    with pytest.raises(CardDeclined):
        await demo.book(refundable, card("0002"), supplier_key="sk_1")

    assert await demo.get_booking("sk_1") is None
    assert ledger.charges("sk_1") == 0


async def test_an_expired_card_is_declined(demo, ledger, refundable):
    with pytest.raises(CardDeclined):
        await demo.book(refundable, card("4242", exp_year=2025), supplier_key="sk_1")

    assert ledger.charges("sk_1") == 0


async def test_simulate_card_declined_declines_a_good_card(demo, ledger, refundable):
    with pytest.raises(CardDeclined):
        await demo.book(refundable, card(), supplier_key="sk_1", simulate="card_declined")

    assert ledger.charges("sk_1") == 0


async def test_simulate_supplier_error_fails_without_booking(demo, ledger, refundable):
    with pytest.raises(SupplierError):
        await demo.book(refundable, card(), supplier_key="sk_1", simulate="supplier_error")

    assert ledger.charges("sk_1") == 0


async def test_a_key_that_failed_can_book_on_retry(demo, ledger, refundable):
    with pytest.raises(SupplierError):
        await demo.book(refundable, card(), supplier_key="sk_1", simulate="supplier_error")

    booking = await demo.book(refundable, card(), supplier_key="sk_1")

    assert booking.status == "confirmed"
    assert ledger.charges("sk_1") == 1


async def test_price_simulations_do_not_stop_a_booking(demo, refundable):
    for number, simulate in enumerate(("price_changed", "sold_out")):
        booking = await demo.book(refundable, card(), supplier_key=f"sk_{number}", simulate=simulate)
        assert booking.status == "confirmed"


async def test_get_booking_finds_a_booking_by_its_supplier_key(demo, refundable):
    booking = await demo.book(refundable, card(), supplier_key="sk_1")

    assert await demo.get_booking("sk_1") == booking
    assert await demo.get_booking("sk_2") is None


async def test_cancelling_before_the_deadline_refunds_everything(demo, clock, refundable):
    booking = await demo.book(refundable, card(), supplier_key="sk_1")
    clock.advance(days=3)

    cancelled, cancellation = await demo.cancel(booking.booking_id, supplier_key="sk_c1")

    assert (cancelled.status, cancelled.cancelled_at) == ("cancelled", NOW + dt.timedelta(days=3))
    assert cancellation == Cancellation(
        booking_id=booking.booking_id,
        refund_amount=refundable.total_price,
        penalty_amount=Decimal("0.00"),
        currency="USD",
    )


async def test_cancelling_at_the_deadline_still_refunds_everything(demo, clock, refundable):
    booking = await demo.book(refundable, card(), supplier_key="sk_1")
    clock.advance(seconds=(refundable.cancellation_deadline - NOW).total_seconds())

    _, cancellation = await demo.cancel(booking.booking_id, supplier_key="sk_c1")

    assert (cancellation.refund_amount, cancellation.penalty_amount) == (
        refundable.total_price, Decimal("0.00")
    )


async def test_cancelling_after_the_deadline_forfeits_the_total(demo, clock, refundable):
    booking = await demo.book(refundable, card(), supplier_key="sk_1")
    clock.advance(seconds=(refundable.cancellation_deadline - NOW).total_seconds() + 60)

    _, cancellation = await demo.cancel(booking.booking_id, supplier_key="sk_c1")

    assert (cancellation.refund_amount, cancellation.penalty_amount) == (
        Decimal("0.00"), refundable.total_price
    )


async def test_cancelling_a_non_refundable_booking_forfeits_the_total(demo, non_refundable):
    booking = await demo.book(non_refundable, card(), supplier_key="sk_1")

    cancelled, cancellation = await demo.cancel(booking.booking_id, supplier_key="sk_c1")

    assert cancelled.status == "cancelled"
    assert (cancellation.refund_amount, cancellation.penalty_amount) == (
        Decimal("0.00"), non_refundable.total_price
    )


async def test_cancelling_twice_returns_the_first_cancellation(demo, clock, refundable):
    booking = await demo.book(refundable, card(), supplier_key="sk_1")
    first = await demo.cancel(booking.booking_id, supplier_key="sk_c1")
    clock.advance(days=200)  # long after the deadline: a second refund decision would differ

    again = await demo.cancel(booking.booking_id, supplier_key="sk_c2")

    assert again == first
    assert again[1].refund_amount == refundable.total_price


async def test_cancelling_an_unknown_booking_is_not_found(demo):
    with pytest.raises(BookingNotFound):
        await demo.cancel("bk_unknown", supplier_key="sk_c1")


async def test_a_cancelled_booking_is_what_its_key_returns(demo, refundable):
    booking = await demo.book(refundable, card(), supplier_key="sk_1")
    cancelled, _ = await demo.cancel(booking.booking_id, supplier_key="sk_c1")

    assert await demo.get_booking("sk_1") == cancelled
    assert await demo.book(refundable, card(), supplier_key="sk_1") == cancelled
    assert cancelled.cancelled_at.tzinfo == UTC
