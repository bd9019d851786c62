"""What a price check finds: the quote still good, a new price, or the room gone.

Decided by a digest of the option id and the session id, so it is the same on every check in a
session and in every process: about 1 offer in 8 changes price (once: the changed quote is then
good) and about 1 in 30 is sold out. The option id seals the total first quoted (see ``seals``),
which is how a check tells a first quote from a changed one without remembering anything.
"""

from __future__ import annotations

from decimal import Decimal

import msgspec

from corechat.model import Option
from corechat.money import CENT, money
from corechat.suppliers.costs import BP
from corechat.suppliers.hashing import seed
from corechat.suppliers.seals import seal_of
from corechat.suppliers.port import PriceAvailable, PriceChanged, PriceCheck, Simulation, SoldOut

CHANGES_ONE_IN = 8
SOLD_OUT_ONE_IN = 30


def check_price(
    option: Option, *, session_id: str, simulate: Simulation | None, surprises: bool = True
) -> PriceCheck:
    """``surprises=False``: prices change and rooms sell out only when ``simulate`` says so."""
    draw = seed("price-check", option.option_id, session_id)
    forced_change = simulate == "price_changed"
    surprise_sold_out = surprises and draw % SOLD_OUT_ONE_IN == 0
    if simulate == "sold_out" or (not forced_change and surprise_sold_out):
        return SoldOut(option_id=option.option_id)
    change_bp = _change_bp(draw >> 24)
    first_quote = _first_quote(option, change_bp)
    if first_quote is None:
        return SoldOut(option_id=option.option_id)  # not an offer this supplier ever quoted
    if option.total_price != first_quote:  # already the changed quote
        if forced_change:
            return _moved(option, first_quote, Decimal(BP) / change_bp)
        return PriceAvailable(option=option)
    if forced_change or (surprises and (draw >> 8) % CHANGES_ONE_IN == 0):
        return _moved(option, money(first_quote * change_bp / BP), Decimal(change_bp) / BP)
    return PriceAvailable(option=option)


def _change_bp(draw: int) -> int:
    """Seven changes in ten are rises of 4-15%, the rest drops of 3-10%."""
    if draw % 10 < 7:
        return 10_400 + (draw // 10) % 1_101
    return 9_000 + (draw // 10) % 701


def _first_quote(option: Option, change_bp: int) -> Decimal | None:
    """The total first quoted for ``option``: its own, or the one its changed total came from."""
    if seal_of(option, option.total_price) == option.option_id:
        return option.total_price
    estimate = money(option.total_price * BP / change_bp)
    for cents in (0, -1, 1, -2, 2):
        candidate = estimate + cents * CENT
        if (
            candidate > 0
            and money(candidate * change_bp / BP) == option.total_price
            and seal_of(option, candidate) == option.option_id
        ):
            return candidate
    return None


def _moved(option: Option, total: Decimal, factor: Decimal) -> PriceChanged:
    moved = msgspec.structs.replace(
        option, total_price=total, price_per_night=money(option.price_per_night * factor)
    )
    return PriceChanged(option=moved, previous_total_price=option.total_price)
