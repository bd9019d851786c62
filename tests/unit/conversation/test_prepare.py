"""Requests the engine refuses before anything runs: the 400s of CONVERSATION.md §1-§2 and §9."""

from __future__ import annotations

import pytest

from corechat.errors import CardNumberRejected, InvalidRequest, UnsupportedKind

CARD = "4111 1111 1111 1111"


def refused(chat, *args, **kwargs) -> InvalidRequest:
    with pytest.raises(InvalidRequest) as caught:
        chat.prepare(*args, **kwargs)
    return caught.value


def test_kind_omitted_without_text_is_refused(chat):
    error = refused(chat, None, None)
    assert error.message == "text is required when kind is omitted"


def test_kind_omitted_with_blank_text_is_refused(chat):
    assert refused(chat, None, "   ").message == "text is required when kind is omitted"


def test_unknown_kind_names_the_supported_ones(chat):
    error = refused(chat, "action_teleport", "hi")
    assert isinstance(error, UnsupportedKind)
    assert error.message == "Unsupported kind: action_teleport"
    assert error.details == {
        "supportedKinds": [
            "search_query",
            "command_book_by_option_id",
            "action_book_option",
            "action_confirm_price_change",
            "action_confirm_payment_card",
            "action_cancel_booking",
        ]
    }


def test_text_over_2000_characters_is_refused_naming_text(chat):
    error = refused(chat, "search_query", "a" * 2001)
    assert error.message == "text must be at most 2000 characters"
    assert error.details == {"field": "text"}


def test_text_of_exactly_2000_characters_is_accepted(chat):
    assert chat.prepare("search_query", "Seattle " + "a" * 1992).kind == "search_query"


@pytest.mark.parametrize("written", [CARD, "4111-1111-1111-1111", "4111111111111111", "my card is 5500 0000 0000 0004 ok"])
def test_text_with_a_card_number_is_refused(chat, written):
    error = refused(chat, None, f"pay with {written}")
    assert isinstance(error, CardNumberRejected)
    assert error.message == "text must not contain a card number"
    assert written not in repr(error.details)


def test_payload_string_with_a_card_number_is_refused_naming_its_path(chat):
    error = refused(chat, "action_confirm_payment_card", paymentCardId=CARD)
    assert error.message == "payload.paymentCardId must not contain a card number"


def test_nested_payload_number_with_a_card_number_is_refused_naming_its_path(chat):
    error = refused(chat, "action_confirm_payment_card", paymentCardId="card_4242", extra={"pan": 4111111111111111})
    assert error.message == "payload.extra.pan must not contain a card number"


def test_a_card_number_is_refused_before_a_missing_idempotency_key(chat):
    error = refused(chat, "action_confirm_payment_card", key=None, paymentCardId=CARD)
    assert isinstance(error, CardNumberRejected)


def test_an_option_id_is_not_mistaken_for_a_card_number(chat, make):
    command = chat.prepare("action_book_option", optionId="11111111-2222-4333-8444-555555555555")
    assert command.option_id == "11111111-2222-4333-8444-555555555555"


@pytest.mark.parametrize(
    "kind, payload",
    [
        ("action_book_option", {"optionId": "x"}),
        ("action_confirm_price_change", {"optionId": "x"}),
        ("action_confirm_payment_card", {"paymentCardId": "card_4242"}),
        ("action_cancel_booking", {}),
        ("command_book_by_option_id", {"optionId": "x"}),
    ],
)
def test_write_kinds_need_an_idempotency_key(chat, kind, payload):
    error = refused(chat, kind, key=None, **payload)
    assert error.message == f"idempotencyKey is required for kind={kind}"


def test_search_needs_no_idempotency_key(chat):
    assert chat.prepare("search_query", "Seattle", key=None).kind == "search_query"


def test_a_free_text_booking_turn_is_classified_then_needs_a_key(chat):
    error = refused(chat, None, "book 2", key=None)
    assert error.message == "idempotencyKey is required for kind=command_book_by_option_id"


def test_free_text_is_classified_as_a_search_by_default(chat):
    assert chat.prepare(None, "Seattle Mar 20-23", key=None).kind == "search_query"


def test_free_text_naming_a_listed_option_is_classified_as_a_booking(chat):
    assert chat.prepare(None, "book the second one").kind == "command_book_by_option_id"


def test_search_query_needs_text(chat):
    assert refused(chat, "search_query", None).message == "text is required for kind=search_query"


@pytest.mark.parametrize(
    "kind, payload, message",
    [
        ("action_book_option", {}, "payload.optionId is required for kind=action_book_option"),
        ("command_book_by_option_id", {}, "payload.optionId is required for kind=command_book_by_option_id"),
        ("action_confirm_price_change", {}, "payload.optionId is required for kind=action_confirm_price_change"),
        ("action_confirm_payment_card", {}, "payload.paymentCardId is required for kind=action_confirm_payment_card"),
        ("action_book_option", {"optionId": 7}, "payload.optionId must be a string"),
        ("action_confirm_payment_card", {"paymentCardId": ["card_4242"]}, "payload.paymentCardId must be a string"),
        ("action_cancel_booking", {"bookingId": 12}, "payload.bookingId must be a string"),
        ("action_confirm_price_change", {"optionId": "x", "accept": "yes"}, "payload.accept must be a boolean"),
        ("action_confirm_price_change", {"optionId": "x", "totalPrice": "980.67"}, "payload.totalPrice must be a number"),
        ("action_confirm_price_change", {"optionId": "x", "totalPrice": True}, "payload.totalPrice must be a number"),
        ("action_cancel_booking", {"acceptPenalty": 1}, "payload.acceptPenalty must be a boolean"),
    ],
)
def test_missing_or_mistyped_payload_fields_are_named(chat, kind, payload, message):
    assert refused(chat, kind, **payload).message == message


def test_price_confirmation_inputs_are_typed(chat):
    command = chat.prepare("action_confirm_price_change", optionId="x", accept=False, totalPrice=980.67)
    assert (command.option_id, command.accept, str(command.total_price)) == ("x", False, "980.67")


def test_booking_id_is_required_only_with_several_active_bookings(chat, make):
    offers = [make.option(1), make.option(2)]
    chat.booked(offers, [make.card()], make.booking(offers[0]))
    assert chat.prepare("action_cancel_booking").booking_id is None
    chat.awaiting_payment(offers, [make.card()], chosen=1)
    chat.send("action_confirm_payment_card", paymentCardId="card_4242")
    chat.answer(make.booking(offers[1]))
    error = refused(chat, "action_cancel_booking")
    assert error.message == "payload.bookingId is required for kind=action_cancel_booking"


def test_simulate_is_refused_with_a_live_key(live_chat):
    error = refused(live_chat, "action_book_option", optionId="x", simulate="price_changed")
    assert error.message == "payload.simulate is only allowed with a test key"


def test_a_null_simulate_is_refused_with_a_live_key(live_chat):
    error = refused(live_chat, "action_book_option", optionId="x", simulate=None)
    assert error.message == "payload.simulate is only allowed with a test key"


def test_simulate_on_another_kind_names_the_allowed_kinds(chat):
    error = refused(chat, "action_cancel_booking", simulate="card_declined")
    assert error.message == (
        "payload.simulate is not allowed for kind=action_cancel_booking; it is allowed for kinds "
        "action_book_option, command_book_by_option_id, action_confirm_payment_card"
    )


def test_simulate_value_outside_the_kinds_list_names_the_allowed_values(chat):
    error = refused(chat, "action_confirm_payment_card", paymentCardId="card_4242", simulate="sold_out")
    assert error.message == "payload.simulate must be one of card_declined, supplier_error for kind=action_confirm_payment_card"
    assert error.details == {"allowedValues": ["card_declined", "supplier_error"]}


@pytest.mark.parametrize("value", ["price_changed", "sold_out", "card_declined", "supplier_error"])
def test_every_allowed_booking_simulation_is_accepted(chat, value):
    assert chat.prepare("action_book_option", optionId="x", simulate=value).simulate == value
