"""Option ids that seal the offer they name.

An option id is a UUID-shaped digest of the offer (hotel, room, rate, stay) and its quoted total.
The same search therefore gives the same ids, and a price check can tell, from the option alone,
whether its total is the one this supplier quoted, in any process and after any restart.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from corechat.model import Option
from corechat.money import money
from corechat.suppliers.hashing import uuid_shaped


def stay_part(
    check_in: dt.date, check_out: dt.date, rooms: int, adults: int | None, currency: str
) -> str:
    """The part of a seal shared by every offer of one search, built once per search."""
    return f"{check_in.isoformat()}|{check_out.isoformat()}|{rooms}|{adults}|{currency}"


def seal(hotel_id: str, room_type: str, refundable: bool, stay: str, total_price: Decimal) -> str:
    # money() so that 980.6 and 980.60, equal amounts, seal alike after any round trip.
    return uuid_shaped(f"offer|{hotel_id}|{room_type}|{refundable}|{stay}|{money(total_price)}")


def seal_of(option: Option, total_price: Decimal) -> str:
    """The id ``option`` would have had, had it been quoted at ``total_price``."""
    stay = stay_part(option.check_in, option.check_out, option.rooms, option.adults, option.currency)
    return seal(option.hotel_id, option.room_type, option.refundable, stay, total_price)
