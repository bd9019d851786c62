"""SecureIds draws tokens from the operating system's CSPRNG: the asked length, only the alphabet's characters."""

import collections

from corechat.clock import SecureIds

BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def test_a_token_has_the_asked_length_and_only_the_alphabets_characters():
    tokens = [SecureIds().token(BASE36, 20) for _ in range(200)]
    assert {len(t) for t in tokens} == {20}
    assert set("".join(tokens)) <= set(BASE36)


def test_every_character_of_an_alphabet_that_does_not_divide_256_is_drawn():
    # 3 does not divide 256: the bytes past 255 are dropped, none of the three is favoured or lost.
    counts = collections.Counter(SecureIds().token("abc", 3000))
    assert set(counts) == {"a", "b", "c"}
    assert all(800 < n < 1200 for n in counts.values())


def test_an_alphabet_longer_than_a_byte_is_still_drawn_from():
    alphabet = "".join(chr(0x4E00 + i) for i in range(300))
    token = SecureIds().token(alphabet, 50)
    assert len(token) == 50 and set(token) <= set(alphabet)


def test_an_empty_token():
    assert SecureIds().token(BASE36, 0) == ""
