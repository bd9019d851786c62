"""A session's state: what the engine needs to know before the next event.

A plain msgspec value. It is the fold of the session's event records (``records.evolve``), and the
stored copy exists only so a write costs the same on the first event and the 500th.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import msgspec

from corechat.jsoncodec import encode
from corechat.model import Booking, Criteria, Option, PaymentCard
from corechat.nlu.types import Question

PendingStage = Literal["awaiting_price_confirmation", "awaiting_payment"]

QUOTE_HOLD = dt.timedelta(minutes=15)
# How many distinct options the state keeps as "shown": ten full shortlists, so that writing the
# 500th event costs what the first does. An older optionId stays valid (§5): the engine asks for it
# with a RecallOptionEffect, and the service finds it in the session's event log.
SHOWN_LIMIT = 50


class PendingBooking(msgspec.Struct, frozen=True, kw_only=True):
    """A booking on its way: the quoted option, and what the traveller must confirm next."""

    option: Option  # as last priced: its total is the quote
    stage: PendingStage
    quote_expires_at: dt.datetime
    previous_total_price: Decimal | None = None  # set while a changed price awaits confirmation
    cards: tuple[PaymentCard, ...] = ()  # the cards on file, once listed
    simulate: str | None = None  # a test key's forced outcome for the payment step


class SessionState(msgspec.Struct, frozen=True, kw_only=True):
    events: int = 0  # how many events were applied: the clock that orders shortlists and bookings
    criteria: Criteria = Criteria()
    last_question: Question | None = None
    shortlist_ids: tuple[str, ...] = ()  # the latest shortlist shown, best first (position = index + 1)
    shortlist_at: int = 0  # the event number that showed it (0: never)
    booked_at: int = 0  # the event number of the latest booking (0: never)
    # Options this session was shown, oldest first, at most SHOWN_LIMIT; the latest shortlist's are
    # always among them (they were shown last), so the shortlist keeps only their ids.
    shown: tuple[Option, ...] = ()
    pending: PendingBooking | None = None
    bookings: tuple[Booking, ...] = ()  # oldest first

    @property
    def shortlist(self) -> tuple[Option, ...]:
        by_id = {option.option_id: option for option in self.shown}
        return tuple(by_id[option_id] for option_id in self.shortlist_ids)

    def shown_option(self, option_id: str) -> Option | None:
        for option in reversed(self.shown):
            if option.option_id == option_id:
                return option
        return None

    def booking(self, booking_id: str) -> Booking | None:
        for booking in self.bookings:
            if booking.booking_id == booking_id:
                return booking
        return None

    def active_bookings(self) -> tuple[Booking, ...]:
        return tuple(b for b in self.bookings if b.status == "confirmed")


def initial_state() -> SessionState:
    return SessionState()


_state_decoder = msgspec.json.Decoder(SessionState)


def decode_state(data: bytes) -> SessionState:
    return _state_decoder.decode(data)


def encode_state(state: SessionState) -> bytes:
    return encode(state)
