"""Value types shared by the core and its ports: places, criteria, options, cards, bookings.

Immutable msgspec structs with snake_case attributes; their JSON form is camelCase, as the
protocol's (``rename="camel"``). Money is ``Decimal`` (encoded as a JSON number, see
``corechat.jsoncodec``); dates are ``datetime.date``; instants are timezone-aware UTC ``datetime``.
Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import msgspec

Sort = Literal["recommended", "price", "rating"]
BookingStatus = Literal["confirmed", "cancelled"]
Mode = Literal["test", "live"]


class Place(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """A city from the gazetteer. The first six fields are what ``artifacts.search.destination`` shows."""

    city: str
    region: str | None
    region_code: str | None
    country_code: str
    latitude: float
    longitude: float
    geoname_id: int = 0
    population: int = 0
    timezone: str | None = None

    def public(self) -> dict:
        """The protocol's view of a destination (CONVERSATION.md §4)."""
        return {
            "city": self.city,
            "region": self.region,
            "regionCode": self.region_code,
            "countryCode": self.country_code,
            "latitude": self.latitude,
            "longitude": self.longitude,
        }


class Criteria(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """What the traveller has stated so far; ``None`` means never stated (no defaults here)."""

    destination: Place | None = None
    check_in: dt.date | None = None
    check_out: dt.date | None = None
    nights: int | None = None
    rooms: int | None = None
    adults: int | None = None
    refundable_only: bool | None = None
    max_price_per_night: Decimal | None = None
    max_total_price: Decimal | None = None
    min_stars: int | None = None
    min_rating: float | None = None
    sort: Sort | None = None
    currency: str | None = None
    # Which end of the stay the traveller stated last ("checkOut" or "nights"); the other is derived.
    # A later change of check-in keeps the stated one: "for 3 nights", then "check in the 5th" -> 3 nights.
    stated_end: Literal["checkOut", "nights"] | None = None


class SearchRequest(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """A complete, valid search: the stated criteria with the defaults filled in."""

    destination: Place
    check_in: dt.date
    check_out: dt.date
    rooms: int = 1
    adults: int | None = None
    refundable_only: bool = False
    max_price_per_night: Decimal | None = None
    max_total_price: Decimal | None = None
    min_stars: int | None = None
    min_rating: float | None = None
    sort: Sort = "recommended"
    currency: str = "USD"

    @property
    def nights(self) -> int:
        return (self.check_out - self.check_in).days


class Option(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """One bookable offer: a hotel, a room type and a rate for one stay (CONVERSATION.md §5)."""

    option_id: str
    hotel_id: str
    name: str
    address: str
    stars: int
    rating: float
    room_type: str
    refundable: bool
    price_per_night: Decimal
    total_price: Decimal
    currency: str
    cancellation_deadline: dt.datetime | None
    check_in: dt.date
    check_out: dt.date
    rooms: int
    adults: int | None
    latitude: float | None = None
    longitude: float | None = None


class PaymentCard(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """A card on file. Only a reference: no card number exists anywhere in corechat."""

    payment_card_id: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int
    is_default: bool


class HotelRef(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    hotel_id: str
    name: str
    address: str


class CardRef(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    brand: str
    last4: str


class Booking(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    booking_id: str
    confirmation_code: str
    status: BookingStatus
    option_id: str
    hotel: HotelRef
    check_in: dt.date
    check_out: dt.date
    rooms: int
    adults: int | None
    total_price: Decimal
    currency: str
    refundable: bool
    cancellation_deadline: dt.datetime | None
    payment_card: CardRef
    created_at: dt.datetime
    cancelled_at: dt.datetime | None = None


class Cancellation(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    booking_id: str
    refund_amount: Decimal
    penalty_amount: Decimal
    currency: str
