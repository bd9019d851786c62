"""Fixtures for the engine's tests: a chat driver that performs nothing, and plain value builders.

- ``chat``: a ``Chat`` driving one session through ``Engine``'s public calls. ``chat.send(...)``
  prepares and decides an event; when the engine asks for an effect, the test answers it with
  ``chat.answer(outcome)``, a plain value (options, a price check, cards, a booking) or an
  ``EffectFailed``. The clock stands at ``NOW`` until ``chat.now`` is moved.
- ``make``: builders for ``Option``, ``PaymentCard``, ``Booking`` and ``Cancellation`` values.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from corechat.clock import UTC
from corechat.conversation.engine import Engine
from corechat.conversation.state import initial_state
from corechat.conversation.steps import Done, EventContext, EventInput
from corechat.model import Booking, Cancellation, CardRef, HotelRef, Option, PaymentCard
from corechat.suppliers.port import PriceAvailable

NOW = dt.datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
CHECK_IN = dt.date(2027, 3, 20)
CHECK_OUT = dt.date(2027, 3, 23)


def option_id(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def option(
    n: int,
    *,
    name: str | None = None,
    hotel: str | None = None,
    per_night: str = "200.00",
    total: str | None = None,
    refundable: bool = True,
    stars: int = 4,
    rating: float = 4.5,
    check_in: dt.date = CHECK_IN,
    check_out: dt.date = CHECK_OUT,
    rooms: int = 1,
) -> Option:
    nights = (check_out - check_in).days
    return Option(
        option_id=option_id(n),
        hotel_id=hotel or f"htl-{n}",
        name=name or f"Harbor House {n}",
        address=f"{n} Pike Street, Seattle",
        stars=stars,
        rating=rating,
        room_type="Queen room",
        refundable=refundable,
        price_per_night=Decimal(per_night),
        total_price=Decimal(total) if total else (Decimal(per_night) * nights * rooms * Decimal("1.15")).quantize(Decimal("0.01")),
        currency="USD",
        cancellation_deadline=dt.datetime(2027, 3, 18, 23, 59, tzinfo=UTC) if refundable else None,
        check_in=check_in,
        check_out=check_out,
        rooms=rooms,
        adults=None,
    )


def card(last4: str = "4242", *, brand: str = "Visa", default: bool = False) -> PaymentCard:
    return PaymentCard(
        payment_card_id=f"card_{last4}", brand=brand, last4=last4, exp_month=12, exp_year=2030, is_default=default
    )


_booking_numbers = itertools.count(1)


def booking(of: Option, paid_with: PaymentCard | None = None, *, number: int | None = None, status: str = "confirmed") -> Booking:
    paid_with = paid_with or card()
    number = number or next(_booking_numbers)
    return Booking(
        booking_id=f"bkg_{number}",
        confirmation_code=f"BRK{number:05d}",
        status=status,
        option_id=of.option_id,
        hotel=HotelRef(hotel_id=of.hotel_id, name=of.name, address=of.address),
        check_in=of.check_in,
        check_out=of.check_out,
        rooms=of.rooms,
        adults=of.adults,
        total_price=of.total_price,
        currency=of.currency,
        refundable=of.refundable,
        cancellation_deadline=of.cancellation_deadline,
        payment_card=CardRef(brand=paid_with.brand, last4=paid_with.last4),
        created_at=NOW,
        cancelled_at=NOW if status == "cancelled" else None,
    )


def cancellation(of: Booking, refund: str, penalty: str) -> Cancellation:
    return Cancellation(
        booking_id=of.booking_id, refund_amount=Decimal(refund), penalty_amount=Decimal(penalty), currency=of.currency
    )


class Chat:
    """One session, driven through the engine's public calls; effects are answered by the test."""

    _engine = None

    def __init__(self, mode: str = "test") -> None:
        if Chat._engine is None:
            Chat._engine = Engine()
        self.engine = Chat._engine
        self.state = initial_state()
        self.records: list[Any] = []
        self.now = NOW
        self.mode = mode
        self._keys = itertools.count(1)
        self._pending: tuple | None = None  # (command, ctx, effect) while an effect is outstanding

    def context(self, key: str | None) -> EventContext:
        return EventContext(
            now=self.now,
            session_id="sess_1764428400000_abcd1234",
            tenant_id="tenant-a",
            actor_id="actor-1",
            timezone_offset_minutes=-480,
            mode=self.mode,
            supplier_key=f"sk:{key}" if key else None,
        )

    def event(self, kind: str | None = None, text: str | None = None, key: str | None | bool = True, **payload: Any):
        if key is True:
            key = f"key-{next(self._keys)}"
        return EventInput(kind=kind, text=text, payload=payload, idempotency_key=key or None)

    def prepare(self, kind: str | None = None, text: str | None = None, key: str | None | bool = True, **payload: Any):
        event = self.event(kind, text, key, **payload)
        return self.engine.prepare(self.state, event, self.context(event.idempotency_key))

    def send(self, kind: str | None = None, text: str | None = None, key: str | None | bool = True, **payload: Any):
        event = self.event(kind, text, key, **payload)
        ctx = self.context(event.idempotency_key)
        command = self.engine.prepare(self.state, event, ctx)
        return self._settle(command, ctx, self.engine.decide(self.state, command, ctx))

    def answer(self, outcome: Any):
        assert self._pending is not None, "no effect is waiting for an outcome"
        command, ctx, effect = self._pending
        return self._settle(command, ctx, self.engine.resume(self.state, command, ctx, effect, outcome))

    def _settle(self, command, ctx, step):
        if isinstance(step, Done):
            self.state = step.state
            self.records.append(step.record)
            self._pending = None
        else:
            self._pending = (command, ctx, step)
        return step

    # ---- the common openings ----

    def shortlisted(self, offers: list[Option], text: str = "Seattle Mar 20-23") -> Done:
        self.send(text=text)
        done = self.answer(offers)
        assert done.result.status == "shortlist", done.result
        return done

    def awaiting_payment(self, offers: list[Option], cards: list[PaymentCard], chosen: int = 0) -> Done:
        self.shortlisted(offers)
        effect = self.send("action_book_option", optionId=offers[chosen].option_id)
        assert type(effect).__name__ == "PriceCheckEffect"
        self.answer(_available(effect.option))
        done = self.answer(cards)
        assert done.result.status == "payment_required", done.result
        return done

    def booked(self, offers: list[Option], cards: list[PaymentCard], made: Booking, chosen: int = 0) -> Done:
        self.awaiting_payment(offers, cards, chosen)
        self.send("action_confirm_payment_card", paymentCardId=cards[0].payment_card_id)
        done = self.answer(made)
        assert done.result.status == "booked", done.result
        return done


def _available(of: Option) -> PriceAvailable:
    return PriceAvailable(option=of)


@pytest.fixture
def chat() -> Chat:
    return Chat()


@pytest.fixture
def new_chat() -> type[Chat]:
    """The ``Chat`` class itself, for tests that start many sessions (property tests)."""
    return Chat


@pytest.fixture
def live_chat() -> Chat:
    return Chat(mode="live")


@pytest.fixture
def make() -> SimpleNamespace:
    return SimpleNamespace(
        option=option, option_id=option_id, card=card, booking=booking, cancellation=cancellation, now=NOW
    )
