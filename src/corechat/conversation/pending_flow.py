"""A text turn that changes no criteria while a booking is pending: the booking stays, its stage is asked again.

Only a turn that changes the criteria is "a search in the middle of a booking flow" that abandons
the pending booking (CONVERSATION.md §7); "yes", "use my visa" or "thanks" must not drop it.
"""

from __future__ import annotations

from typing import Any

import msgspec

from . import actions, replies
from .state import PendingBooking
from .steps import Done, EffectFailed, ListCardsEffect, Step
from .turn import Turn
from .views import card_view, pending_view, price_change_view


def still_pending(turn: Turn) -> Step:
    pending = turn.state.pending
    assert pending is not None
    if pending.stage == "awaiting_price_confirmation":
        return turn.done(
            "price_changed",
            _with_problems(turn, replies.price_change_still_pending(pending)),
            {"priceChange": price_change_view(pending), "pendingBooking": pending_view(pending)},
            actions.accept_or_decline(pending),
        )
    return ListCardsEffect(for_option=pending.option)


def cards_listed(turn: Turn, outcome: Any) -> Done:
    """The cards on file, listed again; the quote, its expiry and any simulation stay as they were."""
    pending = turn.state.pending
    if isinstance(outcome, EffectFailed):
        return turn.done("supplier_unavailable", replies.supplier_unavailable())
    kept: PendingBooking = msgspec.structs.replace(pending, cards=tuple(outcome))
    return turn.done(
        "payment_required",
        _with_problems(turn, replies.payment_still_pending(kept, turn.today)),
        {"pendingBooking": pending_view(kept), "paymentCards": [card_view(c) for c in kept.cards]},
        actions.pay_with_each(kept.cards),
        pending_change="set",
        pending=kept,
    )


def _with_problems(turn: Turn, message: str) -> str:
    problems = turn.command.interpretation.problems if turn.command.interpretation else ()
    return " ".join([*problems, message])
