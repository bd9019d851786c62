"""The edge's small pieces: request ids, content types, body reading, JSON decoding, client addresses."""

from __future__ import annotations

import pytest

from corechat.errors import InvalidJson, InvalidRequest, PayloadTooLarge, UnsupportedMediaType
from corechat.http.body import check_content_type, check_declared_length, read_body
from corechat.http.clientaddr import client_address, trusted_networks
from corechat.http.decoding import decode_json, reject_nul_characters, request_hash
from corechat.http.requestid import request_id_from


def test_request_ids_are_kept_only_when_well_formed():
    assert request_id_from("abc-1.2:3_4") == "abc-1.2:3_4"
    assert request_id_from("") != ""
    assert len(request_id_from("a/b")) == 36


@pytest.mark.parametrize("value", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
def test_non_json_content_types_are_refused(value):
    with pytest.raises(UnsupportedMediaType):
        check_content_type(value)


@pytest.mark.parametrize("value", [None, "", "application/json", "application/problem+json", "APPLICATION/JSON;charset=UTF-8"])
def test_json_content_types_pass(value):
    check_content_type(value)


def test_a_declared_length_over_the_cap_is_refused_before_reading():
    check_declared_length("100", 100)
    check_declared_length("nonsense", 100)
    with pytest.raises(PayloadTooLarge):
        check_declared_length("101", 100)


def receiver(*chunks: bytes):
    messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]

    async def receive():
        return messages.pop(0)

    return receive


async def test_a_body_is_joined_from_its_chunks():
    assert await read_body(receiver(b"ab", b"", b"cd"), 4) == b"abcd"


async def test_a_body_is_refused_as_soon_as_it_passes_the_cap():
    with pytest.raises(PayloadTooLarge):
        await read_body(receiver(b"ab", b"cd", b"e"), 4)


def test_a_duplicate_key_at_any_depth_is_invalid_json_naming_the_key():
    for body, key in [(b'{"a": 1, "a": 2}', "a"), (b'{"p": [{"x": 1}, {"y": 1, "y": 2}]}', "y")]:
        with pytest.raises(InvalidJson) as caught:
            decode_json(body)
        assert caught.value.details == {"duplicateKey": key}


def test_equal_keys_in_different_objects_are_not_duplicates():
    assert decode_json(b'{"a": {"id": 1}, "b": {"id": 2}}') == {"a": {"id": 1}, "b": {"id": 2}}


@pytest.mark.parametrize("body", [b"  ", b"nul", b"{'a': 1}", b'{"a": -Infinity}', b'"a\x01"'])
def test_broken_json_is_invalid(body):
    with pytest.raises(InvalidJson):
        decode_json(body)


def test_the_request_hash_ignores_key_order_and_whitespace_but_not_the_endpoint():
    one = request_hash("/e", decode_json(b'{"a":1,"b":{"d":2,"c":3}}'))
    same = request_hash("/e", decode_json(b'{ "b" : {"c":3, "d":2}, "a" : 1 }'))
    assert one == same
    assert request_hash("/other", {"a": 1, "b": {"c": 3, "d": 2}}) != one
    assert request_hash("/e", {"a": 2, "b": {"c": 3, "d": 2}}) != one


def test_forwarded_for_is_believed_only_from_trusted_proxies():
    trusted = trusted_networks(["10.0.0.0/8"])
    assert client_address("203.0.113.9", "198.51.100.1", trusted) == "203.0.113.9"
    assert client_address("10.0.0.2", "198.51.100.1, 10.0.0.5", trusted) == "198.51.100.1"
    assert client_address("10.0.0.2", "198.51.100.1", ()) == "10.0.0.2"
    assert client_address(None, None, trusted) == "unknown"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"a": {"b": ["x", "y\x00"]}}, "a.b[1] must not contain NUL characters"),
        ({"k\x00": 1}, "body must not contain NUL characters in its keys"),
        ({"p": {"k\x00": 1}}, "p must not contain NUL characters in its keys"),
    ],
)
def test_nul_characters_are_refused_naming_where(value, message):
    with pytest.raises(InvalidRequest) as caught:
        reject_nul_characters(value)
    assert caught.value.message == message


def test_other_control_characters_pass():
    reject_nul_characters({"text": "a\x01\t\x1f", "n": [1, None, 2.5, True]})
