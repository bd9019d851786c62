"""API keys: mode prefix, >= 128 random bits, a checksum that catches typos, SHA-256 hashes."""

from __future__ import annotations

import hashlib
import math

import pytest

from corechat import apikeys


@pytest.mark.parametrize("mode", ["test", "live"])
def test_a_generated_key_carries_its_mode(mode):
    key = apikeys.generate(mode)

    assert key.startswith(f"ck_{mode}_")
    assert apikeys.parse(key) == mode


def test_a_key_has_at_least_128_random_bits():
    assert apikeys.BODY_LENGTH * math.log2(len(apikeys.ALPHABET)) >= 128


def test_generated_keys_differ():
    assert len({apikeys.generate("test") for _ in range(1000)}) == 1000


def test_a_key_is_36_url_safe_characters():
    key = apikeys.generate("live")

    assert len(key) == 36
    assert set(key[8:]) <= set(apikeys.ALPHABET)


def test_a_changed_character_fails_the_checksum():
    key = apikeys.generate("test")
    position = 12
    replacement = "a" if key[position] != "a" else "b"

    assert apikeys.parse(key[:position] + replacement + key[position + 1 :]) is None


def test_swapping_the_mode_prefix_fails_the_checksum():
    key = apikeys.generate("test")

    assert apikeys.parse("ck_live_" + key[8:]) is None


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "ck_test_",
        "sk_test_" + "A" * 28,
        "ck_prod_" + "A" * 28,
        "ck_test_" + "A" * 27,
        "ck_test_" + "A" * 29,
        "ck_test_" + "-" * 28,
        "ck_test_" + "é" * 28,
    ],
)
def test_malformed_keys_have_no_mode(raw):
    assert apikeys.parse(raw) is None


def test_a_non_string_has_no_mode():
    assert apikeys.parse(None) is None  # type: ignore[arg-type]


def test_a_key_is_stored_as_its_sha256():
    key = apikeys.generate("test")

    assert apikeys.hash_key(key) == hashlib.sha256(key.encode()).digest()
    assert len(apikeys.hash_key(key)) == 32


def test_an_unknown_mode_cannot_be_generated():
    with pytest.raises(ValueError):
        apikeys.generate("prod")  # type: ignore[arg-type]
