"""Replaying a session's records rebuilds its state exactly (CONVERSATION.md §8), and both serialise."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corechat.conversation.records import decode_record, encode_record, replay
from corechat.conversation.state import decode_state, encode_state, initial_state
from corechat.conversation.steps import (
    BookEffect,
    CancelEffect,
    Done,
    EffectFailed,
    ListCardsEffect,
    PriceCheckEffect,
    RecallOptionEffect,
    SearchEffect,
)
from corechat.errors import InvalidRequest
from corechat.suppliers.port import PriceAvailable, PriceChanged, SoldOut

TEXTS = ["Seattle Mar 20-23", "Portland instead", "make it 2 rooms", "hello", "Seattle Mar 20", "refundable only", "book 2", "book the first one"]


def assert_replays(chat):
    assert replay(chat.records) == chat.state
    assert replay(decode_record(encode_record(r)) for r in chat.records) == chat.state
    assert decode_state(encode_state(chat.state)) == chat.state


def test_a_whole_booking_session_replays_exactly(chat, make):
    listed = [make.option(1), make.option(2, refundable=False)]
    made = make.booking(listed[0], number=3)
    chat.booked(listed, [make.card()], made)
    chat.send("action_cancel_booking")
    gone = msgspec.structs.replace(made, status="cancelled", cancelled_at=make.now)
    chat.answer((gone, make.cancellation(gone, "100.00", "0.00")))
    assert [r.status for r in chat.records] == ["shortlist", "payment_required", "booked", "cancelled"]
    assert_replays(chat)


def test_a_record_names_its_kind_status_and_outcome(chat, make):
    inn = make.option(1)
    done = chat.shortlisted([inn])
    record = decode_record(encode_record(done.record))
    assert (record.kind, record.status, record.shortlist) == ("search_query", "shortlist", (inn,))
    assert record.criteria.destination.city == "Seattle"


def test_the_initial_state_round_trips():
    assert decode_state(encode_state(initial_state())) == initial_state()


def test_the_options_a_session_remembers_are_bounded(chat, make):
    for batch in range(12):
        chat.send(text="Seattle Mar 20-23")
        chat.answer([make.option(batch * 5 + n) for n in range(1, 6)])
    assert len(chat.state.shown) == 50
    assert chat.state.shown_option(make.option_id(1)) is None
    assert chat.state.shown_option(make.option_id(60)) is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_sequence_of_events_replays_exactly(new_chat, make, data):
    chat = new_chat()
    pool = [make.option(n, refundable=n % 2 == 1, per_night=f"{100 + 40 * n}.00") for n in range(1, 8)]
    cards = [make.card("4242"), make.card("0002")]
    numbers = itertools.count(100)
    suggested: list = []
    for turn in range(data.draw(st.integers(1, 14), label="events")):
        opening = ((None, "Seattle Mar 20-23"), {})
        args, payload = opening if turn == 0 else data.draw(_events(chat.state, suggested), label="event")
        try:
            step = chat.send(*args, **payload)
        except InvalidRequest:
            continue
        while not isinstance(step, Done):
            step = chat.answer(data.draw(_outcome(step, chat.state, pool, cards, numbers, make), label="outcome"))
        suggested = step.result.artifacts["nextActions"]
        chat.now += dt.timedelta(minutes=data.draw(st.sampled_from([0, 1, 16]), label="minutes pass"))
    assert_replays(chat)


def _events(state, suggested):
    """Any event at all, with the actions the last result suggested three times as likely."""
    shown = [o.option_id for o in state.shown] or ["00000000-0000-4000-8000-000000000001"]
    pending_id = state.pending.option.option_id if state.pending else shown[0]
    booking_ids = [b.booking_id for b in state.bookings] or ["bkg_404"]
    follow = (
        [st.sampled_from(suggested).map(lambda a: ((a["kind"],), dict(a["payload"])))] * 3 if suggested else []
    )
    return st.one_of(
        *follow,
        st.sampled_from(TEXTS).map(lambda t: ((None, t), {})),
        st.sampled_from(shown).map(lambda i: (("action_book_option",), {"optionId": i})),
        st.tuples(st.booleans(), st.sampled_from([None, "1.00"])).map(
            lambda a: (("action_confirm_price_change",), _confirm(pending_id, *a))
        ),
        st.sampled_from(["card_4242", "card_0002", "card_9999"]).map(
            lambda c: (("action_confirm_payment_card",), {"paymentCardId": c})
        ),
        st.tuples(st.sampled_from(booking_ids), st.booleans()).map(
            lambda b: (("action_cancel_booking",), {"bookingId": b[0], "acceptPenalty": b[1]})
        ),
    )


def _confirm(option_id, accept, total):
    payload = {"optionId": option_id, "accept": accept}
    if total is not None:
        payload["totalPrice"] = Decimal(total)
    return payload


def _outcome(effect, state, pool, cards, numbers, make):
    failed = st.sampled_from([EffectFailed(reason="supplier_error"), EffectFailed(reason="card_declined")])
    if isinstance(effect, SearchEffect):
        some = st.lists(st.sampled_from(pool), min_size=1, max_size=7, unique_by=lambda o: o.option_id)
        return st.one_of(some, some, some, st.just([]), failed)
    if isinstance(effect, PriceCheckEffect):
        option = effect.option
        changed = msgspec.structs.replace(option, total_price=option.total_price + Decimal("12.34"))
        return st.sampled_from(
            [
                PriceAvailable(option=option),
                PriceChanged(option=changed, previous_total_price=option.total_price),
                SoldOut(option_id=option.option_id),
                EffectFailed(reason="supplier_error"),
            ]
        )
    if isinstance(effect, ListCardsEffect):
        return st.just(cards)
    if isinstance(effect, BookEffect):
        return st.one_of(st.builds(lambda: make.booking(effect.option, effect.card, number=next(numbers))), failed)
    if isinstance(effect, RecallOptionEffect):
        # the session's event log: the option if any event showed it, else nothing
        return st.just(next((o for o in pool if o.option_id == effect.option_id), None))
    if isinstance(effect, CancelEffect):
        booking = state.booking(effect.booking_id)
        gone = msgspec.structs.replace(booking, status="cancelled", cancelled_at=make.now)
        return st.sampled_from([(gone, make.cancellation(gone, "0.00", str(gone.total_price))), EffectFailed(reason="supplier_error")])
    raise AssertionError(effect)
