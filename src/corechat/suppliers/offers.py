"""A city's offers for one stay: availability, nightly rates and taxes, each offer sealed (``seals``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from corechat.clock import UTC
from corechat.model import Option, SearchRequest
from corechat.money import money
from corechat.suppliers import costs
from corechat.suppliers.hashing import mix64
from corechat.suppliers.inventory import CANCEL_DAYS, City, Hotel, RoomType
from corechat.suppliers.seals import seal, stay_part

BP = costs.BP
_DEADLINE_TIME = dt.time(23, 59, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class StayPrice:
    subtotal: Decimal  # all nights, all rooms, before taxes
    taxes: Decimal
    total: Decimal
    price_per_night: Decimal  # one room's average night before taxes


def price_stay(one_room_cents: int, nights: int, rooms: int, tax_rate: Decimal) -> StayPrice:
    """``one_room_cents``: one room's nightly rates added up over the ``nights``."""
    subtotal = Decimal(one_room_cents * rooms).scaleb(-2)
    taxes = money(subtotal * tax_rate)
    return StayPrice(
        subtotal=subtotal,
        taxes=taxes,
        total=subtotal + taxes,
        price_per_night=money(Decimal(one_room_cents) / (100 * nights)),
    )


@dataclass(frozen=True, slots=True)
class _Night:
    ordinal: int
    season_bp: int
    weekend: bool
    closed_per_mille: int  # the share of hotels full that night: more in peak season and weekends


def _nights(city: City, check_in: dt.date, count: int) -> list[_Night]:
    nights = []
    for offset in range(count):
        night = check_in + dt.timedelta(days=offset)
        season = costs.season_bp(city.climate, night)
        weekend = costs.is_weekend_night(night)
        nights.append(
            _Night(
                ordinal=night.toordinal(),
                season_bp=season,
                weekend=weekend,
                closed_per_mille=15 + (20 if season >= 11_500 else 0) + (10 if weekend else 0),
            )
        )
    return nights


def hotel_nightly_cents(hotel: Hotel, nights: list[_Night], currency: str) -> list[int] | None:
    """The standard room's rate for each night, or ``None`` when the hotel is full one of them."""
    base = costs.convert_cents(hotel.base_cents, currency)
    rates = []
    for night in nights:
        draw = mix64(hotel.seed ^ night.ordinal)
        if draw % 1000 < night.closed_per_mille:
            return None
        cents = base * night.season_bp // BP
        if night.weekend:
            cents = cents * hotel.weekend_bp // BP
        rates.append(cents * (9_600 + (draw >> 10) % 801) // BP)  # a few percent of daily noise
    return rates


def rooms_free(room: RoomType, night: _Night) -> int:
    draw = mix64(room.seed ^ night.ordinal)
    if draw % 1000 < 20:
        return 0
    return room.allotment - (draw >> 10) % (room.allotment // 2 + 1)


def _deadline(check_in: dt.date, cancel_days: int) -> dt.datetime:
    return dt.datetime.combine(check_in - dt.timedelta(days=cancel_days), _DEADLINE_TIME)


def results_key(request: SearchRequest, now: dt.datetime) -> tuple:
    """Everything besides the city that ``offers_for`` depends on: equal keys, equal offers."""
    open_deadlines = tuple(_deadline(request.check_in, days) >= now for days in CANCEL_DAYS)
    return (
        request.check_in,
        request.check_out,
        request.rooms,
        request.adults,
        costs.quote_currency(request.currency),
        request.check_in < now.date() - dt.timedelta(days=1),
        open_deadlines,
    )


def offers_for(city: City, request: SearchRequest, *, now: dt.datetime) -> list[Option]:
    """Every offer available for the request's stay, in inventory order."""
    count = request.nights
    if count < 1 or request.rooms < 1 or request.check_in < now.date() - dt.timedelta(days=1):
        return []
    currency = costs.quote_currency(request.currency)
    nights = _nights(city, request.check_in, count)
    stay = stay_part(request.check_in, request.check_out, request.rooms, request.adults, currency)
    options = []
    for hotel in city.hotels:
        hotel_rates = hotel_nightly_cents(hotel, nights, currency)
        if hotel_rates is None:
            continue
        deadline = _deadline(request.check_in, hotel.cancel_days)
        sells_refundable = hotel.refundable and deadline >= now
        for room in hotel.rooms:
            if request.adults is not None and request.adults > room.capacity * request.rooms:
                continue
            if any(rooms_free(room, night) < request.rooms for night in nights):
                continue
            flexible = [cents * room.price_bp // BP for cents in hotel_rates]
            if sells_refundable:
                options.append(_option(city, hotel, room, request, currency, stay, flexible, deadline))
            if hotel.non_refundable_bp is not None:
                saver = [cents * hotel.non_refundable_bp // BP for cents in flexible]
                options.append(_option(city, hotel, room, request, currency, stay, saver, None))
    return options


def _option(
    city: City,
    hotel: Hotel,
    room: RoomType,
    request: SearchRequest,
    currency: str,
    stay: str,
    nightly_cents: list[int],
    deadline: dt.datetime | None,
) -> Option:
    price = price_stay(sum(nightly_cents), len(nightly_cents), request.rooms, city.tax_rate)
    refundable = deadline is not None
    return Option(
        option_id=seal(hotel.hotel_id, room.name, refundable, stay, price.total),
        hotel_id=hotel.hotel_id,
        name=hotel.name,
        address=hotel.address,
        stars=hotel.stars,
        rating=hotel.rating,
        room_type=room.name,
        refundable=refundable,
        price_per_night=price.price_per_night,
        total_price=price.total,
        currency=currency,
        cancellation_deadline=deadline,
        check_in=request.check_in,
        check_out=request.check_out,
        rooms=request.rooms,
        adults=request.adults,
        latitude=hotel.latitude,
        longitude=hotel.longitude,
    )
