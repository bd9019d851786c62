"""Places, a clock and builders shared by the supplier tests."""

from __future__ import annotations

import datetime as dt

from corechat.clock import FixedClock
from corechat.model import PaymentCard, Place, SearchRequest
from corechat.suppliers.demo import DemoSupplier
from corechat.suppliers.memory import InMemoryBookingLedger

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 29, 15, 0, tzinfo=UTC)

SEATTLE = Place(city="Seattle", region="Washington", region_code="WA", country_code="US",
                latitude=47.60621, longitude=-122.33207, geoname_id=5809844, population=737015)
NEW_YORK = Place(city="New York City", region="New York", region_code="NY", country_code="US",
                 latitude=40.71427, longitude=-74.00597, geoname_id=5128581, population=8804190)
SEQUIM = Place(city="Sequim", region="Washington", region_code="WA", country_code="US",
               latitude=48.07963, longitude=-123.10234, geoname_id=5808276, population=7460)
ZURICH = Place(city="Zurich", region=None, region_code=None, country_code="CH",
               latitude=47.36667, longitude=8.55, geoname_id=2657896, population=341730)
HANOI = Place(city="Hanoi", region=None, region_code=None, country_code="VN",
              latitude=21.0245, longitude=105.84117, geoname_id=1581130, population=1431270)
SYDNEY = Place(city="Sydney", region="New South Wales", region_code="NSW", country_code="AU",
               latitude=-33.86785, longitude=151.20732, geoname_id=2147714, population=4627345)
PARIS = Place(city="Paris", region=None, region_code=None, country_code="FR",
              latitude=48.85341, longitude=2.3488, geoname_id=2988507, population=2138551)
UNLISTED = Place(city="Springfield", region=None, region_code=None, country_code="US",
                 latitude=39.80172, longitude=-89.64371, population=116250)


def supplier(clock: FixedClock | None = None) -> tuple[DemoSupplier, InMemoryBookingLedger]:
    ledger = InMemoryBookingLedger()
    return DemoSupplier(ledger, clock or FixedClock(NOW)), ledger


def stay(place: Place = SEATTLE, check_in: dt.date = dt.date(2027, 3, 20), nights: int = 3,
         **fields) -> SearchRequest:
    return SearchRequest(destination=place, check_in=check_in,
                         check_out=check_in + dt.timedelta(days=nights), **fields)


def card(last4: str = "4242", brand: str = "visa", exp_year: int = 2029) -> PaymentCard:
    return PaymentCard(payment_card_id=f"card_{last4}", brand=brand, last4=last4, exp_month=8,
                       exp_year=exp_year, is_default=True)


def implied_subtotal(option, tax_rate):
    """The pre-tax amount behind ``option.total_price`` at ``tax_rate``: whole cents, the same for
    each room, whose taxes rounded to the cent add up to the total. ``None`` if there is none."""
    from decimal import Decimal

    from corechat.money import money

    estimate = money(option.total_price / (1 + tax_rate))
    for cents in range(-3, 4):
        subtotal = estimate + Decimal(cents).scaleb(-2)
        if subtotal + money(subtotal * tax_rate) != option.total_price:
            continue
        if (subtotal * 100) % option.rooms:
            continue
        nights = (option.check_out - option.check_in).days
        if abs(subtotal / option.rooms / nights - option.price_per_night) <= Decimal("0.005"):
            return subtotal
    return None


class YieldingLedger:
    """An in-memory ledger that yields to the event loop before each call, as a database would,
    so concurrent bookings really interleave between looking a key up and inserting it."""

    def __init__(self) -> None:
        self.inner = InMemoryBookingLedger()

    def __getattr__(self, name):
        import asyncio

        method = getattr(self.inner, name)

        async def after_a_yield(*args, **kwargs):
            await asyncio.sleep(0)
            return await method(*args, **kwargs)

        return after_a_yield
