import datetime as dt
import re
from decimal import Decimal
from statistics import mean

from corechat.suppliers.words import ROOM_TYPES_BY_STARS
from tests.unit.suppliers.support import (
    HANOI,
    NEW_YORK,
    NOW,
    PARIS,
    SEATTLE,
    SEQUIM,
    SYDNEY,
    UNLISTED,
    ZURICH,
    implied_subtotal,
    stay,
    supplier,
)

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
CAPACITY = {name: guests for rooms in ROOM_TYPES_BY_STARS.values() for name, guests, _ in rooms}


async def search(request, session_id="ses_1"):
    demo, _ = supplier()
    return await demo.search(request, session_id=session_id)


def mean_price(options, **where):
    chosen = [o.price_per_night for o in options if all(getattr(o, k) == v for k, v in where.items())]
    return mean(chosen)


async def test_the_same_search_gives_the_same_options_in_any_supplier():
    first = await search(stay())
    again = await search(stay(), session_id="ses_2")

    assert first == again
    assert len(first) > 50


async def test_option_ids_are_uuid_shaped_and_unique():
    options = await search(stay())

    assert all(UUID4.match(o.option_id) for o in options)
    assert len({o.option_id for o in options}) == len(options)


async def test_another_stay_gets_other_option_ids():
    march = {o.option_id for o in await search(stay(check_in=dt.date(2027, 3, 20)))}
    later = {o.option_id for o in await search(stay(check_in=dt.date(2027, 3, 21)))}

    assert march.isdisjoint(later)


async def test_options_carry_the_requested_stay():
    request = stay(nights=4, rooms=2, adults=3)

    options = await search(request)

    assert {(o.check_in, o.check_out, o.rooms, o.adults, o.currency) for o in options} == {
        (dt.date(2027, 3, 20), dt.date(2027, 3, 24), 2, 3, "USD")
    }


async def test_bigger_cities_have_more_hotels_between_15_and_60():
    demo, _ = supplier()
    counts = {place.city: len(demo.city(place).hotels) for place in (SEQUIM, SEATTLE, NEW_YORK)}

    assert 15 <= counts["Sequim"] <= 17
    assert 58 <= counts["New York City"] <= 60
    assert counts["Sequim"] < counts["Seattle"] < counts["New York City"]


async def test_hotel_names_read_like_hotels_and_are_unique_in_a_city():
    demo, _ = supplier()
    for place in (SEATTLE, NEW_YORK, PARIS):
        names = [hotel.name for hotel in demo.city(place).hotels]

        assert len(set(names)) == len(names)
        assert all(re.fullmatch(r"[^\W\d_][\w&' -]*[^\W\d_]", name) for name in names), names
        assert all(len(name.split()) >= 2 for name in names)


async def test_addresses_are_street_addresses_in_the_local_style():
    demo, _ = supplier()
    seattle = [hotel.address for hotel in demo.city(SEATTLE).hotels]
    paris = [hotel.address for hotel in demo.city(PARIS).hotels]

    street = r"\d{1,4} [A-Z][a-z]+ (Street|Avenue|Road|Boulevard|Lane|Place), Seattle"
    assert all(re.fullmatch(street, address) for address in seattle), seattle
    rue = r"\d{1,3} (Rue|Avenue|Boulevard|Place|Quai) \w.*, Paris"
    assert all(re.fullmatch(rue, address) for address in paris), paris


async def test_hotels_have_a_class_of_2_to_5_and_a_rating_of_3_to_5_with_one_decimal():
    options = await search(stay(NEW_YORK))

    assert {o.stars for o in options} == {2, 3, 4, 5}
    assert all(3.0 <= o.rating <= 5.0 and round(o.rating, 1) == o.rating for o in options)


async def test_most_rooms_have_a_refundable_rate_and_a_cheaper_non_refundable_one():
    options = await search(stay(NEW_YORK))
    rates = {}
    for o in options:
        rates.setdefault((o.hotel_id, o.room_type), {})[o.refundable] = o.total_price

    both = [r for r in rates.values() if len(r) == 2]
    assert len(both) >= 0.7 * len(rates)
    assert all(r[False] < r[True] for r in both)


async def test_refundable_rates_cancel_free_until_2359_utc_days_before_check_in():
    options = await search(stay())

    deadlines = {o.cancellation_deadline for o in options if o.refundable}
    assert deadlines <= {
        dt.datetime(2027, 3, day, 23, 59, tzinfo=dt.timezone.utc) for day in (17, 18, 19)
    }
    assert dt.datetime(2027, 3, 18, 23, 59, tzinfo=dt.timezone.utc) in deadlines
    assert {o.cancellation_deadline for o in options if not o.refundable} == {None}


async def test_totals_are_the_nights_times_the_rooms_plus_the_citys_taxes():
    demo, _ = supplier()
    tax_rate = demo.city(SEATTLE).tax_rate
    options = await demo.search(stay(nights=5, rooms=3), session_id="ses_1")

    assert Decimal("0.10") <= tax_rate <= Decimal("0.20")
    assert all(implied_subtotal(o, tax_rate) is not None for o in options)
    assert all(o.total_price.as_tuple().exponent == -2 for o in options)
    assert all(o.price_per_night.as_tuple().exponent == -2 for o in options)


async def test_two_rooms_cost_twice_one_room_before_taxes():
    demo, _ = supplier()
    tax_rate = demo.city(SEATTLE).tax_rate
    one = await demo.search(stay(rooms=1), session_id="ses_1")
    two = await demo.search(stay(rooms=2), session_id="ses_1")
    doubles = {(o.hotel_id, o.room_type, o.refundable): o for o in two}

    pairs = [(o, doubles[key]) for o in one if (key := (o.hotel_id, o.room_type, o.refundable)) in doubles]
    assert len(pairs) > 20
    for single, double in pairs:
        assert double.price_per_night == single.price_per_night
        assert implied_subtotal(double, tax_rate) == 2 * implied_subtotal(single, tax_rate)


async def test_better_hotels_cost_more():
    options = await search(stay(NEW_YORK))

    by_class = [mean_price(options, stars=stars, refundable=True) for stars in (2, 3, 4, 5)]

    assert by_class == sorted(by_class)
    assert by_class[3] > 3 * by_class[0]


async def test_dearer_countries_and_bigger_cities_cost_more():
    demo, _ = supplier()
    prices = {}
    for place in (ZURICH, SEATTLE, HANOI, SEQUIM, NEW_YORK):
        city = demo.city(place)
        prices[place.city] = mean(h.base_cents for h in city.hotels if h.stars == 3)

    assert prices["Zurich"] > prices["Seattle"] > 2 * prices["Hanoi"]
    assert prices["New York City"] > 1.2 * prices["Sequim"]


async def test_friday_and_saturday_nights_cost_more_than_weekdays():
    options_tuesday = await search(stay(check_in=dt.date(2027, 3, 16), nights=1))
    options_friday = await search(stay(check_in=dt.date(2027, 3, 19), nights=1))
    tuesday = {(o.hotel_id, o.room_type, o.refundable): o.price_per_night for o in options_tuesday}
    pairs = [(tuesday[k], o.price_per_night) for o in options_friday
             if (k := (o.hotel_id, o.room_type, o.refundable)) in tuesday]

    dearer = [friday > weekday for weekday, friday in pairs]
    assert sum(dearer) >= 0.7 * len(pairs)
    assert mean(f for _, f in pairs) > Decimal("1.08") * mean(w for w, _ in pairs)


async def test_summer_costs_more_in_the_north_and_less_in_the_south():
    seattle_january = mean_price(await search(stay(SEATTLE, dt.date(2027, 1, 12))))
    seattle_july = mean_price(await search(stay(SEATTLE, dt.date(2027, 7, 13))))
    sydney_january = mean_price(await search(stay(SYDNEY, dt.date(2027, 1, 12))))
    sydney_july = mean_price(await search(stay(SYDNEY, dt.date(2027, 7, 13))))

    assert seattle_july > Decimal("1.3") * seattle_january
    assert sydney_january > Decimal("1.3") * sydney_july


async def test_availability_varies_by_date():
    def rooms(options):
        return {(o.hotel_id, o.room_type) for o in options}

    week = [rooms(await search(stay(check_in=dt.date(2027, 3, 1) + dt.timedelta(days=d))))
            for d in range(7)]
    everything = set.union(*week)

    assert all(len(day) > 0.8 * len(everything) for day in week)
    assert len({frozenset(day) for day in week}) > 1


async def test_rooms_too_small_for_the_party_are_not_offered():
    options = await search(stay(NEW_YORK, adults=3))

    assert options
    assert all(CAPACITY[o.room_type] >= 3 for o in options)


async def test_a_party_fits_in_several_small_rooms():
    options = await search(stay(NEW_YORK, adults=3, rooms=2))

    assert any(CAPACITY[o.room_type] == 2 for o in options)


async def test_a_stay_that_began_in_the_past_finds_nothing():
    assert await search(stay(check_in=NOW.date() - dt.timedelta(days=2))) == []


async def test_a_lapsed_free_cancellation_is_not_offered():
    demo, _ = supplier()
    three_day_policies = {h.hotel_id for h in demo.city(SEATTLE).hotels if h.cancel_days == 3}
    options = await demo.search(stay(check_in=dt.date(2026, 12, 1)), session_id="ses_1")

    assert three_day_policies
    assert {o.cancellation_deadline.date() for o in options if o.refundable} == {
        dt.date(2026, 11, 29), dt.date(2026, 11, 30)
    }
    assert not any(o.refundable for o in options if o.hotel_id in three_day_policies)
    assert any(not o.refundable for o in options if o.hotel_id in three_day_policies)


async def test_prices_are_quoted_in_the_requested_currency():
    dollars = await search(stay())
    euros = await search(stay(currency="EUR"))

    assert {o.currency for o in euros} == {"EUR"}
    ratio = mean(o.price_per_night for o in euros) / mean(o.price_per_night for o in dollars)
    assert Decimal("0.91") < ratio < Decimal("0.93")


async def test_an_unknown_currency_is_quoted_in_dollars():
    assert {o.currency for o in await search(stay(currency="XYZ"))} == {"USD"}


async def test_a_place_without_a_gazetteer_id_gets_hotels_of_its_own():
    first = await search(stay(UNLISTED))
    again = await search(stay(UNLISTED))

    assert first == again
    assert first and all("Springfield" in o.address for o in first)


async def test_changing_a_returned_list_does_not_change_the_next_search():
    demo, _ = supplier()
    first = await demo.search(stay(), session_id="ses_1")
    count = len(first)
    first.clear()

    assert len(await demo.search(stay(), session_id="ses_1")) == count


async def test_options_place_hotels_near_the_city():
    options = await search(stay())

    assert all(abs(o.latitude - SEATTLE.latitude) < 0.25 for o in options)
    assert all(abs(o.longitude - SEATTLE.longitude) < 0.35 for o in options)
