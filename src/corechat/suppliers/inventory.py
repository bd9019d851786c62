"""A city's demo hotels: a stable set derived from the place alone, so every process agrees on it.

``build_city`` is pure (a ``random.Random`` seeded from the city's key), which is what lets the
supplier cache it and lets two workers, or a restarted one, quote the same hotels.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal

from corechat.model import Place
from corechat.suppliers import costs
from corechat.suppliers.hashing import base32_token, seed
from corechat.suppliers.naming import hotel_name, language_of, pick_areas, street_address
from corechat.suppliers.words import ROOM_TYPES_BY_STARS

MIN_HOTELS, MAX_HOTELS = 15, 60
_BUSINESS_AREAS = ("Airport", "Convention Center")
CANCEL_DAYS = (1, 2, 3)  # free cancellation ends 23:59 UTC this many days before check-in


@dataclass(frozen=True, slots=True)
class RoomType:
    name: str
    capacity: int  # guests per room
    price_bp: int  # relative to the hotel's base rate
    allotment: int  # rooms of this type the hotel sells on a night
    seed: int


@dataclass(frozen=True, slots=True)
class Hotel:
    hotel_id: str
    name: str
    address: str
    area: str
    stars: int
    rating: float
    latitude: float
    longitude: float
    base_cents: int  # a typical night in the standard room, US cents, before season and weekday
    weekend_bp: int  # Friday and Saturday nights; business districts are cheaper then
    refundable: bool  # sells a free-cancellation rate
    non_refundable_bp: int | None  # the non-refundable rate relative to the refundable one, if sold
    cancel_days: int  # free cancellation until 23:59 UTC this many days before check-in
    rooms: tuple[RoomType, ...]
    seed: int


@dataclass(frozen=True, slots=True)
class City:
    key: str
    name: str
    climate: str
    tax_rate: Decimal  # taxes and fees on the room charge, 0.10 to 0.20
    hotels: tuple[Hotel, ...]


def city_key(place: Place) -> str:
    """Gazetteer id when known; otherwise the name and country, so a place without an id still works."""
    if place.geoname_id:
        return f"geoname:{place.geoname_id}"
    return f"name:{place.city.strip().lower()}|{place.country_code.upper()}"


def hotel_count(population: int, rng: random.Random) -> int:
    by_size = MIN_HOTELS + costs.size_tier(population) * (MAX_HOTELS - MIN_HOTELS) // costs.MAX_TIER
    return min(MAX_HOTELS, max(MIN_HOTELS, by_size + rng.randint(-2, 2)))


def build_city(place: Place) -> City:
    key = city_key(place)
    rng = random.Random(seed("city", key))
    tier = costs.size_tier(place.population)
    count = hotel_count(place.population, rng)
    language = language_of(place.country_code)
    areas = pick_areas(rng, rng.randint(6, 10))
    cost_bp = costs.city_cost_bp(place.country_code, place.population)
    used_words: set[str] = set()
    hotels = tuple(
        _build_hotel(rng, place, key, index, tier, cost_bp, language, areas, used_words)
        for index in range(count)
    )
    tax_bp = 1_000 + rng.randrange(41) * 25
    return City(
        key=key,
        name=place.city,
        climate=costs.climate_of(place.latitude),
        tax_rate=Decimal(tax_bp).scaleb(-4),
        hotels=hotels,
    )


def _stars(rng: random.Random, tier: int) -> int:
    weights = (25 - tier * 13 // 10, 45 - tier, 25 + tier, 5 + tier * 13 // 10)
    return rng.choices((2, 3, 4, 5), weights)[0]


def _build_hotel(
    rng: random.Random,
    place: Place,
    key: str,
    index: int,
    tier: int,
    cost_bp: int,
    language: str,
    areas: list[str],
    used_words: set[str],
) -> Hotel:
    stars = _stars(rng, tier)
    area = rng.choice(areas)
    name, word = hotel_name(rng, stars=stars, city=place.city, area=area, language=language)
    while name in used_words or word in used_words:
        name, word = hotel_name(rng, stars=stars, city=place.city, area=area, language=language)
    used_words.update((name, word))

    typical_tenths = 33 + (stars - 2) * 4
    rating_tenths = min(50, max(30, typical_tenths + rng.randint(-5, 5)))
    quality_bp = rng.randint(8_500, 12_000) + (rating_tenths - typical_tenths) * 100
    base_cents = costs.BASE_NIGHT_CENTS * costs.STAR_BP[stars] // costs.BP
    base_cents = base_cents * cost_bp // costs.BP * quality_bp // costs.BP

    if area in _BUSINESS_AREAS:
        weekend_bp = rng.randint(9_000, 9_700)
    else:
        weekend_bp = rng.randint(10_800, 12_500)
    plan = rng.randrange(100)
    refundable = plan >= 5  # 5% sell only a non-refundable rate
    non_refundable_bp = None if 5 <= plan < 15 else rng.randint(8_200, 9_000)  # 10% only refundable

    latitude, longitude = _position(rng, place, tier, far=area == "Airport")
    return Hotel(
        hotel_id="htl_" + base32_token(12, "hotel", key, index),
        name=name,
        address=street_address(rng, city=place.city, language=language),
        area=area,
        stars=stars,
        rating=rating_tenths / 10,
        latitude=latitude,
        longitude=longitude,
        base_cents=base_cents,
        weekend_bp=weekend_bp,
        refundable=refundable,
        non_refundable_bp=non_refundable_bp,
        cancel_days=rng.choices(CANCEL_DAYS, (1, 3, 1))[0],
        rooms=_room_types(rng, stars),
        seed=seed("hotel", key, index),
    )


def _room_types(rng: random.Random, stars: int) -> tuple[RoomType, ...]:
    standard, *others = ROOM_TYPES_BY_STARS[stars]
    extra = rng.choices((1, 2, 3), (35, 45, 20))[0]
    chosen = [standard] + sorted(rng.sample(others, extra), key=others.index)
    return tuple(
        RoomType(name=name, capacity=capacity, price_bp=price_bp,
                 allotment=rng.randint(4, 14), seed=rng.getrandbits(64))
        for name, capacity, price_bp in chosen
    )


def _position(rng: random.Random, place: Place, tier: int, *, far: bool) -> tuple[float, float]:
    radius_km = rng.uniform(10.0, 20.0) if far else rng.uniform(0.2, 2.0 + 0.6 * tier)
    bearing = rng.uniform(0.0, 2 * math.pi)
    north_km, east_km = radius_km * math.cos(bearing), radius_km * math.sin(bearing)
    km_per_degree_east = max(1.0, 111.32 * math.cos(math.radians(place.latitude)))
    return (
        round(place.latitude + north_km / 110.57, 5),
        round(place.longitude + east_km / km_per_degree_east, 5),
    )
