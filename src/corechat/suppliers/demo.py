"""The embedded demo supplier: offline, deterministic hotels for any city, and bookings that charge once.

Construct it with a booking ledger (``InMemoryBookingLedger`` here; SQLite or PostgreSQL in
``corechat.storage``) and the clock: ``DemoSupplier(ledger, clock)``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from corechat.clock import Clock
from corechat.model import (
    Booking,
    Cancellation,
    CardRef,
    HotelRef,
    Option,
    PaymentCard,
    Place,
    SearchRequest,
)
from corechat.suppliers.bookings import BookingLedger
from corechat.suppliers.hashing import base32_token, confirmation_code
from corechat.suppliers.inventory import City, build_city, city_key
from corechat.suppliers.lru import Lru
from corechat.suppliers.offers import offers_for, results_key
from corechat.suppliers.port import (
    BookingNotFound,
    CardDeclined,
    PriceCheck,
    Simulation,
    SupplierError,
)
from corechat.suppliers.price_checks import check_price

DECLINING_LAST4 = "0002"


class DemoSupplier:
    def __init__(
        self,
        ledger: BookingLedger,
        clock: Clock,
        *,
        surprises: bool = True,
        cached_cities: int = 512,
        cached_searches: int = 128,
    ) -> None:
        """``surprises=False`` turns off the ordinary price changes and sell-outs of price checks,
        leaving only those ``simulate`` forces: for tests that walk one exact happy path."""
        self._ledger = ledger
        self._clock = clock
        self._surprises = surprises
        self._cities: Lru[str, City] = Lru(cached_cities)
        self._searches: Lru[tuple, list[Option]] = Lru(cached_searches)

    async def search(self, request: SearchRequest, *, session_id: str) -> list[Option]:
        """Every available offer; the session does not change them (only price checks differ)."""
        now = self._clock.now()
        city = self.city(request.destination)
        key = (city.key, *results_key(request, now))
        offers = self._searches.get(key)
        if offers is None:
            offers = self._searches.put(key, offers_for(city, request, now=now))
        return list(offers)

    async def price_check(
        self, option: Option, *, session_id: str, simulate: Simulation | None = None
    ) -> PriceCheck:
        return check_price(
            option, session_id=session_id, simulate=simulate, surprises=self._surprises
        )

    async def book(
        self,
        option: Option,
        card: PaymentCard,
        *,
        supplier_key: str,
        simulate: Simulation | None = None,
    ) -> Booking:
        existing = await self._ledger.get_by_key(supplier_key)
        if existing is not None:
            return existing
        if simulate == "supplier_error":
            raise SupplierError("simulated supplier error")
        now = self._clock.now()
        if simulate == "card_declined" or card.last4 == DECLINING_LAST4 or _expired(card, now):
            raise CardDeclined(f"{card.brand} ending {card.last4} was declined")
        booking = Booking(
            booking_id="bk_" + base32_token(20, "booking", supplier_key),
            confirmation_code=confirmation_code(8, "confirmation", supplier_key),
            status="confirmed",
            option_id=option.option_id,
            hotel=HotelRef(hotel_id=option.hotel_id, name=option.name, address=option.address),
            check_in=option.check_in,
            check_out=option.check_out,
            rooms=option.rooms,
            adults=option.adults,
            total_price=option.total_price,
            currency=option.currency,
            refundable=option.refundable,
            cancellation_deadline=option.cancellation_deadline,
            payment_card=CardRef(brand=card.brand, last4=card.last4),
            created_at=now,
        )
        # The stored booking is the charge: of concurrent calls with one key, one stores and all
        # return that one, so the card is charged once.
        return await self._ledger.insert_if_absent(supplier_key, booking)

    async def cancel(self, booking_id: str, *, supplier_key: str) -> tuple[Booking, Cancellation]:
        booking = await self._ledger.get(booking_id)
        if booking is None:
            raise BookingNotFound(booking_id)
        if booking.status != "cancelled":
            booking = await self._ledger.mark_cancelled(booking_id, self._clock.now())
        return booking, cancellation_of(booking)

    async def get_booking(self, supplier_key: str) -> Booking | None:
        return await self._ledger.get_by_key(supplier_key)

    def city(self, place: Place) -> City:
        """The place's hotels, built once and kept (they are a pure function of the place)."""
        key = city_key(place)
        return self._cities.get(key) or self._cities.put(key, build_city(place))


def cancellation_of(booking: Booking, at: dt.datetime | None = None) -> Cancellation:
    """The refund and penalty of cancelling ``booking`` at ``at`` (default: when it was cancelled):
    a full refund by a refundable booking's deadline, otherwise the whole total is forfeit."""
    when = at or booking.cancelled_at
    in_time = (
        booking.refundable
        and booking.cancellation_deadline is not None
        and when is not None
        and when <= booking.cancellation_deadline
    )
    refund = booking.total_price if in_time else Decimal("0.00")
    return Cancellation(
        booking_id=booking.booking_id,
        refund_amount=refund,
        penalty_amount=booking.total_price - refund,
        currency=booking.currency,
    )


def _expired(card: PaymentCard, now: dt.datetime) -> bool:
    return (card.exp_year, card.exp_month) < (now.year, now.month)
