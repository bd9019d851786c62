from decimal import Decimal

import msgspec

from corechat import jsoncodec
from corechat.model import Option

from corechat.suppliers.port import PriceAvailable, PriceChanged, SoldOut
from corechat.clock import FixedClock
from corechat.suppliers.demo import DemoSupplier
from corechat.suppliers.memory import InMemoryBookingLedger
from tests.unit.suppliers.support import NEW_YORK, NOW, stay, supplier


async def checked(sessions=("ses_1", "ses_2", "ses_3")):
    """Every New York offer checked in a few sessions: [(option, session, outcome)]."""
    demo, _ = supplier()
    options = await demo.search(stay(NEW_YORK), session_id="ses_1")
    return demo, [
        (option, session, await demo.price_check(option, session_id=session))
        for session in sessions
        for option in options
    ]


def of_kind(results, kind):
    return [(option, session, outcome) for option, session, outcome in results if isinstance(outcome, kind)]


async def test_about_one_offer_in_eight_changes_price_and_one_in_thirty_is_sold_out():
    _, results = await checked()

    changed = len(of_kind(results, PriceChanged)) / len(results)
    sold_out = len(of_kind(results, SoldOut)) / len(results)

    assert 0.08 < changed < 0.18
    assert 0.015 < sold_out < 0.06
    assert len(results) > 600


async def test_an_available_offer_keeps_its_quote():
    _, results = await checked()

    assert all(outcome.option == option for option, _, outcome in of_kind(results, PriceAvailable))


async def test_a_changed_price_keeps_the_offer_and_says_what_it_was():
    _, results = await checked()

    for option, _, outcome in of_kind(results, PriceChanged):
        assert outcome.previous_total_price == option.total_price
        assert outcome.option.total_price != option.total_price
        ratio = outcome.option.total_price / option.total_price
        assert Decimal("0.89") < ratio < Decimal("1.16")
        assert abs(outcome.option.price_per_night / option.price_per_night - ratio) < Decimal("0.001")
        assert msgspec.structs.replace(
            outcome.option, total_price=option.total_price, price_per_night=option.price_per_night
        ) == option


async def test_price_checks_decide_the_same_way_every_time():
    demo, results = await checked()

    for option, session, outcome in results[:200]:
        assert await demo.price_check(option, session_id=session) == outcome


async def test_the_outcome_depends_on_the_session():
    _, results = await checked()

    by_option = {}
    for option, _, outcome in results:
        by_option.setdefault(option.option_id, set()).add(type(outcome))

    assert any(len(kinds) > 1 for kinds in by_option.values())


async def test_a_changed_price_holds_when_checked_again():
    demo, results = await checked()

    for _, session, outcome in of_kind(results, PriceChanged):
        assert await demo.price_check(outcome.option, session_id=session) == PriceAvailable(
            option=outcome.option
        )


async def test_a_sold_out_offer_stays_sold_out_in_its_session():
    demo, results = await checked()

    for option, session, outcome in of_kind(results, SoldOut):
        assert outcome == SoldOut(option_id=option.option_id)
        assert await demo.price_check(option, session_id=session) == outcome


async def test_simulate_price_changed_changes_an_offer_that_would_have_held_once():
    demo, results = await checked()
    option, session, _ = of_kind(results, PriceAvailable)[0]

    forced = await demo.price_check(option, session_id=session, simulate="price_changed")

    assert isinstance(forced, PriceChanged)
    assert forced.previous_total_price == option.total_price
    assert await demo.price_check(forced.option, session_id=session) == PriceAvailable(
        option=forced.option
    )
    assert await demo.price_check(option, session_id=session) == PriceAvailable(option=option)


async def test_simulate_price_changed_beats_a_natural_sell_out():
    demo, results = await checked()
    option, session, _ = of_kind(results, SoldOut)[0]

    forced = await demo.price_check(option, session_id=session, simulate="price_changed")

    assert isinstance(forced, PriceChanged)


async def test_simulate_price_changed_on_a_changed_quote_moves_it_back():
    demo, results = await checked()
    option, session, outcome = of_kind(results, PriceChanged)[0]

    forced = await demo.price_check(outcome.option, session_id=session, simulate="price_changed")

    assert isinstance(forced, PriceChanged)
    assert forced.option.total_price == option.total_price
    assert forced.previous_total_price == outcome.option.total_price


async def test_simulate_sold_out_sells_out_any_offer():
    demo, results = await checked()
    option, session, _ = of_kind(results, PriceAvailable)[0]

    assert await demo.price_check(option, session_id=session, simulate="sold_out") == SoldOut(
        option_id=option.option_id
    )


async def test_payment_simulations_do_not_touch_the_price_check():
    demo, results = await checked()

    for option, session, outcome in results[:100]:
        for simulate in ("card_declined", "supplier_error"):
            assert await demo.price_check(option, session_id=session, simulate=simulate) == outcome


async def test_an_offer_this_supplier_never_quoted_is_sold_out():
    demo, results = await checked()
    option, session, _ = of_kind(results, PriceAvailable)[0]
    tampered = msgspec.structs.replace(option, total_price=option.total_price - Decimal("50.00"))

    assert await demo.price_check(tampered, session_id=session) == SoldOut(
        option_id=option.option_id
    )



async def test_an_offer_survives_a_json_round_trip_that_drops_its_trailing_zeros():
    demo, results = await checked(sessions=("ses_1",))
    trailing_zero = [r for r in results if str(r[0].total_price).endswith("0")]

    assert len(trailing_zero) > 10
    for option, session, outcome in trailing_zero:
        trimmed = msgspec.structs.replace(option, total_price=option.total_price.normalize())
        decoded = msgspec.json.decode(jsoncodec.encode(trimmed), type=Option)
        assert str(decoded.total_price) != str(option.total_price)

        assert type(await demo.price_check(decoded, session_id=session)) is type(outcome)


async def test_without_surprises_only_simulations_change_or_sell_out_an_offer():
    ledger = InMemoryBookingLedger()
    demo = DemoSupplier(ledger, FixedClock(NOW), surprises=False)
    _, results = await checked()
    surprising = [(o, s) for o, s, outcome in results if not isinstance(outcome, PriceAvailable)]

    assert surprising
    for option, session in surprising:
        assert await demo.price_check(option, session_id=session) == PriceAvailable(option=option)
        forced = await demo.price_check(option, session_id=session, simulate="price_changed")
        assert isinstance(forced, PriceChanged)
        assert await demo.price_check(forced.option, session_id=session) == PriceAvailable(
            option=forced.option
        )
        assert await demo.price_check(option, session_id=session, simulate="sold_out") == SoldOut(
            option_id=option.option_id
        )
