"""What the engine says: short English that tells what happened and what to do next.

Partners never need to parse these (statuses and nextActions carry the state); travellers read them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from corechat.model import Booking, Cancellation, Option, PaymentCard, SearchRequest

from .money_text import amount, day, stay
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


def _what(request: SearchRequest, count: int, today: dt.date) -> str:
    noun = "option" if count == 1 else "options"
    refundable = "refundable " if request.refundable_only else ""
    return f"{count} {refundable}{noun} {_where(request, today)}"


def _where(request: SearchRequest, today: dt.date) -> str:
    rooms = f", {request.rooms} rooms" if request.rooms > 1 else ""
    return f"in {request.destination.city} for {stay(request.check_in, request.check_out, today)}{rooms}"


def _rooms(option: Option) -> str:
    return f" ({option.rooms} rooms)" if option.rooms > 1 else ""


def brand(card_brand: str) -> str:
    """"visa" -> "Visa": a wallet's brand code as a traveller reads it."""
    return _BRANDS.get(card_brand.lower(), card_brand[:1].upper() + card_brand[1:])


_BRANDS = {"visa": "Visa", "mastercard": "Mastercard", "amex": "Amex", "discover": "Discover"}

NEXT_ON_SHORTLIST = "Say 'book 1' or pick an option."


def _nightly(option: Option) -> str:
    return f"{option.name} at {amount(option.price_per_night, option.currency)} a night"


def shortlist(request: SearchRequest, options: list[Option], today: dt.date) -> str:
    found = f"I found {_what(request, len(options), today)}."
    if request.sort == "price":
        cheapest = min(options, key=lambda o: o.total_price)
        return f"{found} The cheapest is {_nightly(cheapest)}. {NEXT_ON_SHORTLIST}"
    best = max(options, key=lambda o: o.rating)  # max keeps the first of equals: the higher ranked
    return f"{found} The best rated is {_nightly(best)}. {NEXT_ON_SHORTLIST}"


def no_results(request: SearchRequest, relax: str | list[str] | None, today: dt.date) -> str:
    return f"I couldn't find any options {_where(request, today)} that match all your filters. {_advice(relax)}"


def _advice(relax: str | list[str] | None) -> str:
    if isinstance(relax, list):
        return f"Relaxing your filters ({', '.join(_FILTER_WORDS[f] for f in relax)}) would give you more choice."
    return _RELAX_ADVICE.get(relax or "", "Try other dates or a nearby city.")


_FILTER_WORDS = {
    "refundableOnly": "refundable only",
    "maxPricePerNight": "nightly budget",
    "maxTotalPrice": "total budget",
    "minStars": "hotel class",
    "minRating": "guest rating",
}


def _small_talk(text: str | None) -> str | None:
    """A greeting back, or thanks acknowledged, for a turn that changed nothing."""
    words = (text or "").strip().lower()
    if re.match(r"(thank|thx|cheers)", words):
        return "You're welcome!"
    if re.match(r"(hello|hi|hey|good (morning|afternoon|evening))\b", words):
        return "Hello!"
    return None


def still_shortlisted(text: str | None, request: SearchRequest, count: int, today: dt.date) -> str:
    noun = "option" if count == 1 else "options"
    listed = (
        f"Here {'is' if count == 1 else 'are'} your {count} {noun} {_where(request, today)}. {NEXT_ON_SHORTLIST} "
        "You can also change the city, dates, rooms or budget."
    )
    opener = _small_talk(text)
    return f"{opener} {listed}" if opener else listed


def still_no_results(text: str | None, request: SearchRequest, relax: str | list[str] | None, today: dt.date) -> str:
    nothing = f"Still nothing {_where(request, today)} matches all your filters. {_advice(relax)}"
    opener = _small_talk(text)
    return f"{opener} {nothing}" if opener else nothing


def still_collecting(text: str | None, question: str | None, problems: list[str]) -> str:
    opener = _small_talk(text) or "I didn't understand that."
    return f"{opener} I can find and book hotels for you. {ask(question, problems)}"


_RELAX_ADVICE = {
    "refundableOnly": "Allowing non-refundable rates would give you more choice.",
    "maxPricePerNight": "Raising your nightly budget would give you more choice.",
    "maxTotalPrice": "Raising your total budget would give you more choice.",
    "minStars": "Allowing a lower hotel class would give you more choice.",
    "minRating": "Allowing a lower guest rating would give you more choice.",
}


def price_changed(pending: PendingBooking, today: dt.date) -> str:
    option = pending.option
    return (
        f"The price of {option.name} for {stay(option.check_in, option.check_out, today)}{_rooms(option)} changed from "
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


def payment_required(pending: PendingBooking, today: dt.date) -> str:
    option = pending.option
    holds = (
        f"{option.name} is available for {stay(option.check_in, option.check_out, today)}{_rooms(option)} at "
        f"{amount(option.total_price, option.currency)} in total, taxes and fees included. {_terms(option, today)}"
    )
    if not pending.cards:
        return f"{holds} There is no payment card on file; please add one to book."
    return f"{holds} Which card should I charge?"


def _terms(option: Option, today: dt.date) -> str:
    if not option.refundable:
        return "The rate is non-refundable."
    deadline = option.cancellation_deadline
    if deadline is None:
        return "The rate is refundable."
    return f"Free cancellation until {day(deadline.date(), today)}, {deadline:%H:%M} UTC."


def price_change_still_pending(pending: PendingBooking) -> str:
    option = pending.option
    return (
        f"Your booking of {option.name} is waiting for you to accept or decline the new total of "
        f"{amount(option.total_price, option.currency)} (it was "
        f"{amount(pending.previous_total_price or option.total_price, option.currency)}). "
        "Confirm with action_confirm_price_change, or decline to go back to the options."
    )


def payment_still_pending(pending: PendingBooking, today: dt.date) -> str:
    option = pending.option
    waiting = (
        f"Your booking of {option.name} for {stay(option.check_in, option.check_out, today)}{_rooms(option)} at "
        f"{amount(option.total_price, option.currency)} is waiting for payment."
    )
    if not pending.cards:
        return f"{waiting} There is no payment card on file; please add one to book."
    return f"{waiting} To book, confirm a card with action_confirm_payment_card."


def abandoned(pending: PendingBooking, message: str) -> str:
    return f"I dropped your pending booking of {pending.option.name}. {message}"


def booked(booking: Booking, today: dt.date) -> str:
    rooms = f" ({booking.rooms} rooms)" if booking.rooms > 1 else ""
    return (
        f"You're booked at {booking.hotel.name} for {stay(booking.check_in, booking.check_out, today)}{rooms}. "
        f"Confirmation code {booking.confirmation_code}; {amount(booking.total_price, booking.currency)} "
        f"charged to {brand(booking.payment_card.brand)} ending {booking.payment_card.last4}."
    )


def booking_failed(reason: str, card: PaymentCard | None) -> str:
    if reason == "card_declined" and card is not None:
        return (
            f"Your {brand(card.brand)} ending {card.last4} was declined, so nothing was booked. "
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
