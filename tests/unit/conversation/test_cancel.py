"""Cancelling: cancelled, cancellation_penalty, and the rejections (CONVERSATION.md §2, §3, §7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import msgspec

from corechat.conversation.steps import CancelEffect, EffectFailed


def refundable_booked(chat, make, number=1):
    inn = make.option(1, name="Inn at the Market", total="980.67")
    made = make.booking(inn, number=number)
    chat.booked([inn], [make.card()], made)
    return made


def non_refundable_booked(chat, make, number=2):
    lodge = make.option(2, name="Pike Lodge", total="700.00", refundable=False)
    made = make.booking(lodge, number=number)
    chat.booked([lodge], [make.card()], made)
    return made


def cancelled_form(made, at):
    return msgspec.structs.replace(made, status="cancelled", cancelled_at=at)


def test_a_refundable_booking_before_its_deadline_is_cancelled_with_a_full_refund(chat, make):
    made = refundable_booked(chat, make, number=5)
    effect = chat.send("action_cancel_booking", key="cancel-1")
    assert effect == CancelEffect(booking_id="bkg_5", supplier_key="sk:cancel-1")
    gone = cancelled_form(made, make.now)
    done = chat.answer((gone, make.cancellation(gone, "980.67", "0.00")))
    assert done.result.status == "cancelled"
    assert done.result.message == "Your booking at Inn at the Market (BRK00005) is cancelled. $980.67 will be refunded."
    assert done.result.artifacts["booking"]["status"] == "cancelled"
    assert done.result.artifacts["cancellation"] == {
        "bookingId": "bkg_5",
        "refundAmount": Decimal("980.67"),
        "penaltyAmount": Decimal("0.00"),
        "currency": "USD",
    }
    assert done.result.artifacts["nextActions"] == []
    assert chat.state.bookings == (gone,)
    assert chat.engine.snapshot_view(chat.state)["stage"] == "collecting"


def test_a_non_refundable_booking_asks_to_accept_the_penalty_first(chat, make):
    non_refundable_booked(chat, make, number=6)
    done = chat.send("action_cancel_booking", bookingId="bkg_6")
    assert done.result.status == "cancellation_penalty"
    assert done.result.message == (
        "Cancelling Pike Lodge now would forfeit $700.00 (the rate is non-refundable). Confirm if you still want to cancel."
    )
    assert done.result.artifacts["cancellation"] == {
        "bookingId": "bkg_6",
        "refundAmount": Decimal("0.00"),
        "penaltyAmount": Decimal("700.00"),
        "currency": "USD",
    }
    assert done.result.artifacts["nextActions"] == [
        {
            "kind": "action_cancel_booking",
            "label": "Cancel anyway and forfeit $700.00",
            "payload": {"bookingId": "bkg_6", "acceptPenalty": True},
            "requiresIdempotencyKey": True,
        }
    ]
    assert chat.engine.snapshot_view(chat.state)["stage"] == "booked"


def test_accepting_the_penalty_cancels(chat, make):
    made = non_refundable_booked(chat, make, number=7)
    chat.send("action_cancel_booking", bookingId="bkg_7")
    effect = chat.send("action_cancel_booking", key="c-2", bookingId="bkg_7", acceptPenalty=True)
    assert effect == CancelEffect(booking_id="bkg_7", supplier_key="sk:c-2")
    gone = cancelled_form(made, make.now)
    done = chat.answer((gone, make.cancellation(gone, "0.00", "700.00")))
    assert done.result.status == "cancelled"
    assert done.result.message == "Your booking at Pike Lodge (BRK00007) is cancelled. $0.00 will be refunded."


def test_a_refundable_booking_past_its_deadline_carries_a_penalty(chat, make):
    refundable_booked(chat, make, number=8)
    chat.now = dt.datetime(2027, 3, 19, tzinfo=dt.timezone.utc)
    done = chat.send("action_cancel_booking")
    assert done.result.status == "cancellation_penalty"
    assert done.result.message.startswith("Cancelling Inn at the Market now would forfeit $980.67 (the free cancellation")


def test_cancelling_with_no_active_booking_is_rejected(chat, make):
    chat.shortlisted([make.option(1)])
    done = chat.send("action_cancel_booking")
    assert done.result.status == "action_rejected"
    assert done.result.message == "There is no active booking to cancel."
    assert [a["kind"] for a in done.result.artifacts["nextActions"]] == ["action_book_option"]


def test_cancelling_an_unknown_booking_is_rejected(chat, make):
    refundable_booked(chat, make)
    done = chat.send("action_cancel_booking", bookingId="bkg_404")
    assert done.result.status == "action_rejected"
    assert done.result.message == "I couldn't find that booking in this conversation."
    assert [a["payload"] for a in done.result.artifacts["nextActions"]] == [{"bookingId": "bkg_1"}]


def test_cancelling_an_already_cancelled_booking_is_rejected(chat, make):
    made = refundable_booked(chat, make, number=9)
    chat.send("action_cancel_booking")
    gone = cancelled_form(made, make.now)
    chat.answer((gone, make.cancellation(gone, "980.67", "0.00")))
    done = chat.send("action_cancel_booking", bookingId="bkg_9")
    assert done.result.status == "action_rejected"
    assert done.result.message == "Your booking at Inn at the Market is already cancelled."
    assert done.result.artifacts["nextActions"] == []


def test_each_of_several_bookings_is_cancelled_on_its_own(chat, make):
    first = refundable_booked(chat, make, number=10)
    non_refundable_booked(chat, make, number=11)
    effect = chat.send("action_cancel_booking", key="c-10", bookingId="bkg_10")
    assert effect == CancelEffect(booking_id="bkg_10", supplier_key="sk:c-10")
    gone = cancelled_form(first, make.now)
    chat.answer((gone, make.cancellation(gone, "980.67", "0.00")))
    assert [b.status for b in chat.state.bookings] == ["cancelled", "confirmed"]
    assert chat.engine.snapshot_view(chat.state)["stage"] == "booked"


def test_a_supplier_failure_while_cancelling_keeps_the_booking(chat, make):
    made = refundable_booked(chat, make)
    chat.send("action_cancel_booking")
    done = chat.answer(EffectFailed(reason="supplier_error"))
    assert done.result.status == "supplier_unavailable"
    assert done.result.message == "The hotel supplier didn't answer, so the booking is still confirmed. Please try again in a moment."
    assert chat.state.bookings == (made,)


def test_a_booking_the_supplier_does_not_know_is_rejected(chat, make):
    refundable_booked(chat, make)
    chat.send("action_cancel_booking")
    done = chat.answer(EffectFailed(reason="booking_not_found"))
    assert done.result.status == "action_rejected"
    assert done.result.message == "The hotel supplier has no record of that booking."
