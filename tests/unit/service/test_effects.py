import asyncio
import datetime as dt
from decimal import Decimal

from corechat.conversation.steps import (
    BookEffect,
    CancelEffect,
    EffectFailed,
    EventContext,
    ListCardsEffect,
    PriceCheckEffect,
)
from corechat.model import Booking, CardRef, HotelRef, Option, PaymentCard
from corechat.service.effects import EffectRunner
from corechat.suppliers.port import CardDeclined, PriceAvailable, SupplierError

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.timezone.utc)
CTX = EventContext(
    now=NOW, session_id="sess_1_abcdefgh", tenant_id="tenant-a", actor_id="u1",
    timezone_offset_minutes=None, mode="test", supplier_key="k" * 32,
)
OPTION = Option(
    option_id="opt-1", hotel_id="h1", name="Inn", address="1 Main St", stars=4, rating=4.5,
    room_type="King", refundable=True, price_per_night=Decimal("100.00"),
    total_price=Decimal("330.00"), currency="USD", cancellation_deadline=None,
    check_in=dt.date(2027, 3, 20), check_out=dt.date(2027, 3, 23), rooms=1, adults=None,
)
CARD = PaymentCard(payment_card_id="card_1", brand="visa", last4="4242", exp_month=1,
                   exp_year=2030, is_default=True)
BOOKING = Booking(
    booking_id="bk_1", confirmation_code="ABC123", status="confirmed", option_id="opt-1",
    hotel=HotelRef(hotel_id="h1", name="Inn", address="1 Main St"), check_in=OPTION.check_in,
    check_out=OPTION.check_out, rooms=1, adults=None, total_price=Decimal("330.00"),
    currency="USD", refundable=True, cancellation_deadline=None,
    payment_card=CardRef(brand="visa", last4="4242"), created_at=NOW,
)


class RecordingSupplier:
    """Answers from a script, remembering every call (a port fake: the demo supplier has no
    switch for slowness, and these tests are about the runner's mapping of failures)."""

    def __init__(self, *, book=None, price=None, existing=None) -> None:
        self.calls: list[str] = []
        self._book = book
        self._price = price
        self._existing = existing

    async def price_check(self, option, *, session_id, simulate=None):
        self.calls.append(f"price_check:{session_id}:{simulate}")
        if isinstance(self._price, BaseException):
            raise self._price
        if self._price == "slow":
            await asyncio.sleep(10)
        return PriceAvailable(option=option)

    async def book(self, option, card, *, supplier_key, simulate=None):
        self.calls.append(f"book:{supplier_key}")
        if isinstance(self._book, BaseException):
            raise self._book
        return BOOKING

    async def get_booking(self, supplier_key):
        self.calls.append(f"get_booking:{supplier_key}")
        return self._existing

    async def cancel(self, booking_id, *, supplier_key):
        self.calls.append(f"cancel:{booking_id}:{supplier_key}")
        raise SupplierError("down")


class OneCardWallet:
    async def list_cards(self, *, tenant_id, actor_id, mode):
        return [CARD] if (tenant_id, actor_id, mode) == ("tenant-a", "u1", "test") else []


def runner(supplier, timeout=1.0):
    return EffectRunner(supplier, OneCardWallet(), timeout)


async def test_a_supplier_error_becomes_effect_failed_supplier_error():
    supplier = RecordingSupplier(price=SupplierError("boom"))
    outcome = await runner(supplier).perform(PriceCheckEffect(option=OPTION), CTX, resumed=False)
    assert outcome == EffectFailed(reason="supplier_error")


async def test_a_supplier_that_does_not_answer_in_time_is_a_supplier_error():
    supplier = RecordingSupplier(price="slow")
    outcome = await runner(supplier, timeout=0.01).perform(
        PriceCheckEffect(option=OPTION), CTX, resumed=False
    )
    assert outcome == EffectFailed(reason="supplier_error")


async def test_a_declined_card_becomes_effect_failed_card_declined():
    supplier = RecordingSupplier(book=CardDeclined())
    effect = BookEffect(option=OPTION, card=CARD, supplier_key="s" * 32)
    assert await runner(supplier).perform(effect, CTX, resumed=False) == EffectFailed(reason="card_declined")
    assert supplier.calls == ["book:" + "s" * 32]


async def test_a_first_attempt_books_without_asking_for_an_earlier_booking():
    supplier = RecordingSupplier(existing=BOOKING)
    effect = BookEffect(option=OPTION, card=CARD, supplier_key="s" * 32)
    assert await runner(supplier).perform(effect, CTX, resumed=False) == BOOKING
    assert supplier.calls == ["book:" + "s" * 32]


async def test_a_resumed_attempt_uses_the_booking_made_before_the_crash():
    supplier = RecordingSupplier(existing=BOOKING, book=SupplierError("must not be called"))
    effect = BookEffect(option=OPTION, card=CARD, supplier_key="s" * 32)
    assert await runner(supplier).perform(effect, CTX, resumed=True) == BOOKING
    assert supplier.calls == ["get_booking:" + "s" * 32]


async def test_a_resumed_attempt_books_when_nothing_was_booked_before():
    supplier = RecordingSupplier(existing=None)
    effect = BookEffect(option=OPTION, card=CARD, supplier_key="s" * 32)
    assert await runner(supplier).perform(effect, CTX, resumed=True) == BOOKING
    assert supplier.calls == ["get_booking:" + "s" * 32, "book:" + "s" * 32]


async def test_a_failed_cancel_is_asked_once_more_under_its_supplier_key_then_maps_its_failure():
    supplier = RecordingSupplier()
    effect = CancelEffect(booking_id="bk_1", supplier_key="c" * 32)
    assert await runner(supplier).perform(effect, CTX, resumed=False) == EffectFailed(reason="supplier_error")
    assert supplier.calls == ["cancel:bk_1:" + "c" * 32] * 2


async def test_cards_are_listed_for_the_sessions_tenant_actor_and_mode():
    outcome = await runner(RecordingSupplier()).perform(ListCardsEffect(), CTX, resumed=False)
    assert outcome == [CARD]
