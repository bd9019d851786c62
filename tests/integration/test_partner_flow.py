"""One session as a partner's integration drives it: from "Seattle" to a confirmed, then cancelled booking.

The partner reads only statuses and posts the nextActions it is offered; a small driver performs the
engine's effects with the real demo supplier (in-memory booking ledger) and demo wallet, the way the
service does. Along the way: a price change (forced with a test key's ``simulate``) and a declined card.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from corechat.clock import UTC, FixedClock
from corechat.conversation.engine import Engine
from corechat.conversation.steps import (
    BookEffect,
    CancelEffect,
    Done,
    EffectFailed,
    EventContext,
    EventInput,
    ListCardsEffect,
    PriceCheckEffect,
    SearchEffect,
)
from corechat.payments.demo import DemoWallet
from corechat.suppliers.demo import DemoSupplier
from corechat.suppliers.memory import InMemoryBookingLedger
from corechat.suppliers.port import BookingNotFound, CardDeclined, SupplierError

SESSION_ID = "sess_1764428400000_k2v9x7qa"


class Session:
    """The service's part, in miniature: keep the state, run the engine, perform its effects."""

    def __init__(self) -> None:
        self.clock = FixedClock(dt.datetime(2026, 11, 29, 15, 0, tzinfo=UTC))
        self.ledger = InMemoryBookingLedger()
        self.supplier = DemoSupplier(self.ledger, self.clock)
        self.wallet = DemoWallet()
        self.engine = Engine()
        self.state = self.engine.initial_state()
        self.keys = 0

    async def post(self, kind: str | None = None, text: str | None = None, **payload: Any) -> Done:
        self.keys += 1
        key = f"idem-{self.keys}"
        event = EventInput(kind=kind, text=text, payload=payload, idempotency_key=key)
        ctx = EventContext(
            now=self.clock.now(),
            session_id=SESSION_ID,
            tenant_id="tenant-a",
            actor_id="traveller-7",
            timezone_offset_minutes=-480,
            mode="test",
            supplier_key=f"partner-1:{key}",
        )
        command = self.engine.prepare(self.state, event, ctx)
        step = self.engine.decide(self.state, command, ctx)
        while not isinstance(step, Done):
            outcome = await self.perform(step, ctx)
            step = self.engine.resume(self.state, command, ctx, step, outcome)
        self.state = step.state
        return step

    async def perform(self, effect: Any, ctx: EventContext) -> Any:
        try:
            if isinstance(effect, SearchEffect):
                return await self.supplier.search(effect.request, session_id=ctx.session_id)
            if isinstance(effect, PriceCheckEffect):
                return await self.supplier.price_check(effect.option, session_id=ctx.session_id, simulate=effect.simulate)
            if isinstance(effect, ListCardsEffect):
                return await self.wallet.list_cards(tenant_id=ctx.tenant_id, actor_id=ctx.actor_id, mode=ctx.mode)
            if isinstance(effect, BookEffect):
                return await self.supplier.book(
                    effect.option, effect.card, supplier_key=effect.supplier_key, simulate=effect.simulate
                )
            if isinstance(effect, CancelEffect):
                return await self.supplier.cancel(effect.booking_id, supplier_key=effect.supplier_key)
        except CardDeclined:
            return EffectFailed(reason="card_declined")
        except BookingNotFound:
            return EffectFailed(reason="booking_not_found")
        except SupplierError:
            return EffectFailed(reason="supplier_error")
        raise AssertionError(f"unexpected effect {effect!r}")


async def take(session: Session, action: dict[str, Any], **extra: Any) -> Done:
    """Post a nextAction exactly as offered (plus, for a sandbox run, a simulate flag)."""
    return await session.post(action["kind"], **action["payload"], **extra)


async def test_a_partner_books_and_cancels_a_hotel_in_seattle():
    session = Session()

    asked = await session.post(text="Seattle")
    assert asked.result.status == "needs_input"
    assert asked.result.artifacts["missing"] == ["checkIn", "checkOut"]

    listed = await session.post(text="Mar 20-23, refundable please")
    assert listed.result.status == "shortlist"
    search = listed.result.artifacts["search"]
    assert (search["destination"]["city"], search["checkIn"], search["checkOut"], search["refundableOnly"]) == (
        "Seattle", "2027-03-20", "2027-03-23", True
    )
    shortlist = listed.result.artifacts["shortlist"]
    assert 1 <= len(shortlist) <= 5
    assert all(option["refundable"] for option in shortlist)
    assert len({option["hotelId"] for option in shortlist}) == len(shortlist)
    first = shortlist[0]
    assert listed.result.message.startswith(f"I found {len(shortlist)} refundable option")

    changed = await take(session, listed.result.artifacts["nextActions"][0], simulate="price_changed")
    assert changed.result.status == "price_changed"
    price_change = changed.result.artifacts["priceChange"]
    assert price_change["optionId"] == first["optionId"]
    assert price_change["previousTotalPrice"] == first["totalPrice"]
    assert price_change["totalPrice"] != first["totalPrice"]

    accept = changed.result.artifacts["nextActions"][0]
    assert accept["payload"] == {"optionId": first["optionId"], "accept": True, "totalPrice": price_change["totalPrice"]}
    to_pay = await take(session, accept)
    assert to_pay.result.status == "payment_required"
    assert to_pay.result.artifacts["pendingBooking"]["totalPrice"] == price_change["totalPrice"]
    cards = to_pay.result.artifacts["paymentCards"]
    assert [card["last4"] == "0002" for card in cards].count(True) == 1
    pay_actions = {a["payload"]["paymentCardId"]: a for a in to_pay.result.artifacts["nextActions"]}
    declining = next(card for card in cards if card["last4"] == "0002")
    default = next(card for card in cards if card["isDefault"])

    declined = await take(session, pay_actions[declining["paymentCardId"]])
    assert declined.result.status == "booking_failed"
    assert declined.result.artifacts["reason"] == "card_declined"
    assert session.engine.snapshot_view(session.state)["stage"] == "awaiting_payment"
    assert len(session.ledger) == 0

    booked = await take(session, pay_actions[default["paymentCardId"]])
    assert booked.result.status == "booked"
    booking = booked.result.artifacts["booking"]
    assert (booking["status"], booking["optionId"], booking["totalPrice"]) == (
        "confirmed", first["optionId"], price_change["totalPrice"]
    )
    assert booking["paymentCard"] == {"brand": default["brand"], "last4": default["last4"]}
    assert session.engine.snapshot_view(session.state)["stage"] == "booked"

    [cancel] = booked.result.artifacts["nextActions"]
    cancelled = await take(session, cancel)
    assert cancelled.result.status == "cancelled"
    assert cancelled.result.artifacts["booking"]["status"] == "cancelled"
    assert cancelled.result.artifacts["cancellation"] == {
        "bookingId": booking["bookingId"],
        "refundAmount": booking["totalPrice"],
        "penaltyAmount": 0,
        "currency": "USD",
    }
    assert cancelled.result.artifacts["nextActions"] == []

    snapshot = session.engine.snapshot_view(session.state)
    assert (snapshot["stage"], snapshot["pendingBooking"]) == ("collecting", None)
    assert [b["status"] for b in snapshot["bookings"]] == ["cancelled"]
