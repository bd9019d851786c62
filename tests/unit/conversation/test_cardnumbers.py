"""What counts as a card number (13-19 digits passing Luhn, spaces or dashes allowed), and what does not."""

from __future__ import annotations

import pytest

from corechat.conversation.cardnumbers import contains_card_number, find_card_number_field, luhn_valid


@pytest.mark.parametrize("digits", ["4111111111111111", "5500000000000004", "340000000000009", "4222222222222", "6011000990139424"])
def test_known_test_card_numbers_pass_luhn(digits):
    assert luhn_valid(digits)


@pytest.mark.parametrize(
    "text",
    [
        "4111111111111111",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "card: 3400 000000 00009, exp 12/30",
        "book 2 with 4111 1111 1111 1111 please",
        "4222222222222",
    ],
)
def test_card_numbers_are_found(text):
    assert contains_card_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1112",  # fails Luhn
        "411111111111",  # 12 digits
        "41111111111111111111",  # 20 digits: not a card number
        "3d49d4cb-22b1-4963-9280-508fb1190f5c",
        "11111111-2222-4333-8444-555555555555",
        "Seattle 2027-03-20 to 2027-03-23, 2 rooms under $1,200",
        "call me at +1 206 555 0100",
        "book 2",
        "4111  1111 1111 1111",  # two spaces break the grouping
    ],
)
def test_other_digits_are_not_card_numbers(text):
    assert not contains_card_number(text)


def test_payload_paths_name_nested_values_and_list_items():
    payload = {"optionId": "abc", "notes": ["fine", "4111-1111-1111-1111"]}
    assert find_card_number_field(payload) == "payload.notes[1]"


def test_booleans_and_floats_are_not_read_as_card_numbers():
    assert find_card_number_field({"accept": True, "totalPrice": 980.67}) is None
