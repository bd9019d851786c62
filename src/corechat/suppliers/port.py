"""The hotel supplier port.

Every method may raise ``SupplierError`` (the supplier failed or timed out); ``book`` may also
raise ``CardDeclined``. ``book`` charges the card: it is the one money-moving call, and it is
idempotent on ``supplier_key``: a second call with the same key returns the first booking and
never charges again. ``cancel`` is idempotent on its own ``supplier_key`` the same way.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, Protocol

import msgspec

from corechat.model import Booking, Cancellation, Option, PaymentCard, SearchRequest

# What a test key may force, once, at the step it names (CONVERSATION.md §9).
Simulation = Literal["price_changed", "sold_out", "card_declined", "supplier_error"]


class SupplierError(Exception):
    """The supplier failed or did not answer in time; nothing was booked or charged."""


class CardDeclined(Exception):
    """The card was declined; nothing was booked or charged."""


class BookingNotFound(Exception):
    """No booking with that id (or supplier key) exists at the supplier."""


class PriceAvailable(msgspec.Struct, frozen=True, tag="available"):
    option: Option


class PriceChanged(msgspec.Struct, frozen=True, tag="price_changed"):
    option: Option  # the same option with its new total and nightly price
    previous_total_price: Decimal


class SoldOut(msgspec.Struct, frozen=True, tag="sold_out"):
    option_id: str


PriceCheck = PriceAvailable | PriceChanged | SoldOut


class HotelSupplier(Protocol):
    async def search(self, request: SearchRequest, *, session_id: str) -> list[Option]:
        """Every available offer for the request's stay; filtering and ranking are the engine's."""
        ...

    async def price_check(
        self, option: Option, *, session_id: str, simulate: Simulation | None = None
    ) -> PriceCheck: ...

    async def book(
        self,
        option: Option,
        card: PaymentCard,
        *,
        supplier_key: str,
        simulate: Simulation | None = None,
    ) -> Booking: ...

    async def cancel(self, booking_id: str, *, supplier_key: str) -> tuple[Booking, Cancellation]: ...

    async def get_booking(self, supplier_key: str) -> Booking | None:
        """The booking made with ``supplier_key``, if ``book`` ever succeeded with it."""
        ...
