"""Properties of the demo supplier over arbitrary cities, stays and concurrent bookings."""

import asyncio
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from corechat.clock import FixedClock
from corechat.model import Place, SearchRequest
from corechat.money import money
from corechat.suppliers.costs import COUNTRY_BP, FX_MICROS
from corechat.suppliers.demo import DemoSupplier
from corechat.suppliers.offers import price_stay
from corechat.suppliers.port import PriceAvailable, PriceChanged
from tests.unit.suppliers.support import (
    NOW,
    YieldingLedger,
    card,
    implied_subtotal,
    stay,
    supplier,
)

places = st.builds(
    Place,
    city=st.sampled_from(["Seattle", "Porto", "Nagoya", "Cusco", "Tromsø", "Ōsaka", "Ville-Marie"]),
    region=st.none(),
    region_code=st.none(),
    country_code=st.sampled_from([*COUNTRY_BP, "ZZ"]),
    latitude=st.floats(min_value=-60, max_value=70),
    longitude=st.floats(min_value=-179, max_value=179),
    geoname_id=st.integers(min_value=0, max_value=12_000_000),
    population=st.integers(min_value=0, max_value=25_000_000),
)


@st.composite
def requests(draw):
    check_in = draw(st.dates(min_value=dt.date(2026, 11, 28), max_value=dt.date(2028, 12, 31)))
    nights = draw(st.integers(min_value=1, max_value=14))
    return SearchRequest(
        destination=draw(places),
        check_in=check_in,
        check_out=check_in + dt.timedelta(days=nights),
        rooms=draw(st.integers(min_value=1, max_value=4)),
        adults=draw(st.none() | st.integers(min_value=1, max_value=8)),
        currency=draw(st.sampled_from([*FX_MICROS, "XYZ"])),
    )


def search(demo, request):
    return asyncio.run(demo.search(request, session_id="ses_1"))


@settings(max_examples=60, deadline=None)
@given(requests())
def test_every_total_is_the_rooms_nights_plus_taxes_to_the_cent(request):
    demo, _ = supplier()
    tax_rate = demo.city(request.destination).tax_rate

    for option in search(demo, request):
        assert option.price_per_night > 0
        assert option.total_price > 0
        assert implied_subtotal(option, tax_rate) is not None, option


@settings(max_examples=40, deadline=None)
@given(requests())
def test_the_same_search_gives_the_same_options(request):
    first, _ = supplier()
    second, _ = supplier()

    assert search(first, request) == search(second, request)


@settings(max_examples=40, deadline=None)
@given(requests())
def test_options_are_for_the_requested_stay(request):
    demo, _ = supplier()

    for option in search(demo, request):
        assert (option.check_in, option.check_out) == (request.check_in, request.check_out)
        assert (option.rooms, option.adults) == (request.rooms, request.adults)
        assert option.refundable == (option.cancellation_deadline is not None)


@settings(max_examples=25, deadline=None)
@given(requests(), st.text(min_size=1, max_size=12))
def test_a_changed_price_holds_on_the_next_check(request, session_id):
    demo, _ = supplier()

    async def recheck_changes():
        for option in await demo.search(request, session_id=session_id):
            outcome = await demo.price_check(option, session_id=session_id)
            if isinstance(outcome, PriceChanged):
                again = await demo.price_check(outcome.option, session_id=session_id)
                assert again == PriceAvailable(option=outcome.option)

    asyncio.run(recheck_changes())


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=2, max_value=40), st.lists(st.sampled_from(["4242", "1881", "0002"]),
                                                         min_size=1, max_size=3))
def test_concurrent_bookings_with_one_key_make_one_booking(calls, last4s):
    async def book_concurrently():
        ledger = YieldingLedger()
        demo = DemoSupplier(ledger, FixedClock(NOW))
        options = await demo.search(stay(), session_id="ses_1")
        attempts = [
            demo.book(options[0], card(last4s[n % len(last4s)]), supplier_key="sk_1")
            for n in range(calls)
        ]
        results = await asyncio.gather(*attempts, return_exceptions=True)
        bookings = [r for r in results if not isinstance(r, Exception)]
        return ledger.inner, bookings

    ledger, bookings = asyncio.run(book_concurrently())

    assert len({b.booking_id for b in bookings}) <= 1
    assert ledger.charges("sk_1") == (1 if bookings else 0)
    assert len(ledger) == ledger.charges("sk_1")


@given(
    st.lists(st.integers(min_value=1, max_value=5_000_000), min_size=1, max_size=30),
    st.integers(min_value=1, max_value=9),
    st.integers(min_value=1_000, max_value=2_000).map(lambda bp: Decimal(bp).scaleb(-4)),
)
def test_a_stay_price_adds_up_exactly(nightly_cents, rooms, tax_rate):
    price = price_stay(sum(nightly_cents), len(nightly_cents), rooms, tax_rate)

    assert price.subtotal == Decimal(sum(nightly_cents) * rooms) / 100
    assert price.taxes == money(price.subtotal * tax_rate)
    assert price.total == price.subtotal + price.taxes
    nightly_mean = Decimal(sum(nightly_cents)) / 100 / len(nightly_cents)
    assert abs(price.price_per_night - nightly_mean) <= Decimal("0.005")
    assert all(v.as_tuple().exponent == -2 for v in (price.taxes, price.total, price.price_per_night))
