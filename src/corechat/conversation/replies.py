"""What the engine says: short English that tells what happened and what to do next.

Partners never need to parse these (statuses and nextActions carry the state); travellers read them.
"""

from __future__ import annotations

from decimal import Decimal

from corechat.model import Booking, Cancellation, Option, PaymentCard, SearchRequest

from .money_text import amount, stay
from .state import PendingBooking

_QUESTIONS = {
    "destination": "Which city are you travelling to?",
    "dates": "What dates would you like? For example, Mar 20-23.",
    "checkIn": "When would you like to check in?",
    "checkOut": "When would you like to check out, or for how many nights?",
}


def ask(question: str | None, problems: list[str]) -> str:
    parts = list(problems)
    if question:
        parts.append(_QUESTIONS[question])
    elif problems:
        parts.append("Please tell me what to change.")
    return " ".join(parts)


def _what(request: SearchRequest, count: int) -> str:
    noun = "option" if count == 1 else "options"
    refundable = "refundable " if request.refundable_only else ""
    return (
        f"{count} {refundable}{noun} in {request.destination.city} "
        f"for {stay(request.check_in, request.check_out)}"
    )


def _nightly(option: Option) -> str:
    return f"{option.name} at {amount(option.price_per_night, option.currency)} a night"


def shortlist(request: SearchRequest, options: list[Option]) -> str:
    found = f"I found {_what(request, len(options))}."
    if request.sort == "price":
        cheapest = min(options, key=lambda o: o.total_price)
        return f"{found} The cheapest is {_nightly(cheapest)}."
    best = max(options, key=lambda o: o.rating)  # max keeps the first of equals: the higher ranked
    return f"{found} The best rated is {_nightly(best)}."


def no_results(request: SearchRequest, relax: str | None) -> str:
    where = f"in {request.destination.city} for {stay(request.check_in, request.check_out)}"
    advice = _RELAX_ADVICE.get(relax or "", "Try other dates or a nearby city.")
    return f"I couldn't find any options {where} that match all your filters. {advice}"


_RELAX_ADVICE = {
    "refundableOnly": "Allowing non-refundable rates would give you more choice.",
    "maxPricePerNight": "Raising your nightly budget would give you more choice.",
    "maxTotalPrice": "Raising your total budget would give you more choice.",
    "minStars": "Allowing a lower hotel class would give you more choice.",
    "minRating": "Allowing a lower guest rating would give you more choice.",
}


def price_changed(pending: PendingBooking) -> str:
    option = pending.option
    return (
        f"The price of {option.name} for {stay(option.check_in, option.check_out)} changed from "
        f"{amount(pending.previous_total_price or option.total_price, option.currency)} to "
        f"{amount(option.total_price, option.currency)}. Do you accept the new total?"
    )


def price_mismatch(pending: PendingBooking, confirmed_total: Decimal) -> str:
    option = pending.option
    return (
        f"You confirmed {_exact_amount(confirmed_total, option.currency)}, but the price of {option.name} is "
        f"{amount(option.total_price, option.currency)}. Please accept that total or decline."
    )


def _exact_amount(value: Decimal, currency: str) -> str:
    """An amount as the partner sent it: more than two decimals are shown, not rounded away."""
    if value.as_tuple().exponent >= -2:
        return amount(value, currency)
    return amount(value, currency).replace(f"{value:,.2f}", f"{value.normalize():,f}")


def payment_required(pending: PendingBooking) -> str:
    option = pending.option
    holds = (
        f"{option.name} is available for {stay(option.check_in, option.check_out)} at "
        f"{amount(option.total_price, option.currency)} in total, taxes and fees included."
    )
    if not pending.cards:
        return f"{holds} There is no payment card on file; please add one to book."
    return f"{holds} Which card should I charge?"


def price_change_still_pending(pending: PendingBooking) -> str:
    option = pending.option
    return (
        f"Your booking of {option.name} is waiting for you to accept or decline the new total of "
        f"{amount(option.total_price, option.currency)} (it was "
        f"{amount(pending.previous_total_price or option.total_price, option.currency)}). "
        "Confirm with action_confirm_price_change, or decline to go back to the options."
    )


def payment_still_pending(pending: PendingBooking) -> str:
    option = pending.option
    waiting = (
        f"Your booking of {option.name} for {stay(option.check_in, option.check_out)} at "
        f"{amount(option.total_price, option.currency)} is waiting for payment."
    )
    if not pending.cards:
        return f"{waiting} There is no payment card on file; please add one to book."
    return f"{waiting} To book, confirm a card with action_confirm_payment_card."


def abandoned(pending: PendingBooking, message: str) -> str:
    return f"I dropped your pending booking of {pending.option.name}. {message}"


def booked(booking: Booking) -> str:
    return (
        f"You're booked at {booking.hotel.name} for {stay(booking.check_in, booking.check_out)}. "
        f"Confirmation code {booking.confirmation_code}; {amount(booking.total_price, booking.currency)} "
        f"charged to {booking.payment_card.brand} ending {booking.payment_card.last4}."
    )


def booking_failed(reason: str, card: PaymentCard | None) -> str:
    if reason == "card_declined" and card is not None:
        return (
            f"Your {card.brand} ending {card.last4} was declined, so nothing was booked. "
            "Please choose another card."
        )
    return (
        "The hotel could not confirm the booking, so nothing was booked or charged. "
        "Please try again or choose another card."
    )


def option_unavailable(name: str | None, alternatives: list[Option]) -> str:
    gone = (
        f"Sorry, {name} is no longer available for those dates."
        if name
        else "I couldn't find that option among the ones I showed you."
    )
    if alternatives:
        return f"{gone} Here are other options."
    return f"{gone} Try another search."


def cancellation_penalty(booking: Booking, cancellation: Cancellation) -> str:
    why = "the rate is non-refundable" if not booking.refundable else "the free cancellation deadline has passed"
    return (
        f"Cancelling {booking.hotel.name} now would forfeit "
        f"{amount(cancellation.penalty_amount, cancellation.currency)} ({why}). "
        "Confirm if you still want to cancel."
    )


def cancelled(booking: Booking, cancellation: Cancellation) -> str:
    return (
        f"Your booking at {booking.hotel.name} ({booking.confirmation_code}) is cancelled. "
        f"{amount(cancellation.refund_amount, cancellation.currency)} will be refunded."
    )


def supplier_unavailable() -> str:
    return "The hotel supplier didn't answer in time. Please try again in a moment."


def cancel_failed() -> str:
    return "The hotel supplier didn't answer, so the booking is still confirmed. Please try again in a moment."
