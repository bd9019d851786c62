"""Hostile bodies at the edge: a 4xx envelope every time, never a 500, and nothing read past the cap."""

from __future__ import annotations

import json

import pytest

SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"


@pytest.fixture
async def session_id(chat) -> str:
    return (await chat.create_session())["sessionId"]


def event_body(session_id: str, **fields) -> bytes:
    return json.dumps({"sessionId": session_id, **fields}).encode()


@pytest.mark.parametrize(
    ("make_body", "status", "code"),
    [
        (lambda s: event_body(s, text="x" * 10_000_000), 413, "payload_too_large"),
        (lambda s: event_body(s, text="y" * 100_000), 413, "payload_too_large"),
        (lambda s: event_body(s, text="z" * 60_000), 400, "invalid_request"),
        (lambda s: b'{"sessionId": "%s", "payload": {"n": %s}}' % (s.encode(), b"7" * 5000), 400, "invalid_request"),
        (lambda s: b'{"sessionId": "%s", "payload": %s}' % (s.encode(), b'{"a":' * 10_000 + b"1" + b"}" * 10_000),
         400, "invalid_request"),
        (lambda s: b'{"sessionId": "%s", "text": "\\udc00"}' % s.encode(), 400, "invalid_request"),
        (lambda s: b'{"sessionId": "%s", "text": "tab\there"}' % s.encode(), 400, "invalid_request"),
        (lambda s: b'{"sessionId": "%s", "text": "\xc3\x28"}' % s.encode(), 400, "invalid_request"),
        (lambda s: b'{"sessionId": "%s", "payload": {"x": NaN}}' % s.encode(), 400, "invalid_request"),
        (lambda s: b'{"sessionId": "%s", "payload": {"x": -Infinity}}' % s.encode(), 400, "invalid_request"),
    ],
    ids=["10MB-string", "100KB-text", "60KB-text", "5000-digit-number", "nested-10000", "lone-surrogate",
         "raw-control-character", "invalid-utf8", "nan", "infinity"],
)
async def test_hostile_event_bodies_get_a_4xx_envelope(client, partner, session_id, make_body, status, code):
    response = await client.post(EVENTS, content=make_body(session_id), headers=partner.headers)
    assert response.status_code == status
    body = response.json()
    assert (body["success"], body["code"], body["requestId"]) == (False, code, response.headers["x-request-id"])


async def test_a_duplicate_key_is_an_invalid_json_payload(client, partner, session_id):
    body = b'{"sessionId": "sess_nope", "sessionId": "%s", "text": "hello"}' % session_id.encode()
    response = await client.post(EVENTS, content=body, headers=partner.headers)
    assert response.status_code == 400
    assert response.json()["error"] == "Invalid JSON payload"
    assert (response.json()["code"], response.json()["details"]) == ("invalid_request", {"duplicateKey": "sessionId"})


async def test_a_duplicate_key_deep_in_the_payload_is_refused_too(client, partner, session_id):
    body = b'{"sessionId": "%s", "kind": "action_book_option", "payload": {"optionId": "a", "optionId": "b"}}' % (
        session_id.encode()
    )
    response = await client.post(EVENTS, content=body, headers=partner.headers)
    assert (response.status_code, response.json()["details"]) == (400, {"duplicateKey": "optionId"})


async def test_escaped_control_characters_are_just_text(client, partner):
    response = await client.post(SESSIONS, content=b'{"actor": {"actorId": "user\\u0001\\u001f"}}', headers=partner.headers)
    assert response.status_code == 200
    assert response.json()["data"]["actor"]["actorId"] == "user\x01\x1f"


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        (SESSIONS, b'{"actor": {"actorId": "u\\u0000"}}', "actor.actorId must not contain NUL characters"),
        (EVENTS, b'{"sessionId": "s", "payload": {"ids": ["a", "\\u0000"]}}',
         "payload.ids[1] must not contain NUL characters"),
    ],
)
async def test_a_nul_character_anywhere_is_a_400_naming_where(client, partner, path, body, message):
    response = await client.post(path, content=body, headers=partner.headers)
    assert response.status_code == 400
    assert response.json()["error"] == message


async def test_a_nul_character_in_the_path_session_id_is_a_400(client, partner):
    response = await client.get(f"{SESSIONS}/sess%00x", headers=partner.headers)
    assert (response.status_code, response.json()["error"]) == (400, "sessionId must not contain NUL characters")


@pytest.mark.parametrize(
    "body",
    [{"actor": []}, {"actor": {"actorId": ["u"]}}, {"actor": {"actorId": "u", "timezoneOffsetMinutes": "60"}},
     {"actor": {"actorId": "u"}, "conversation": {"channelId": 5}}, {"actor": {"actorId": "u"}, "channel": "c"}],
)
async def test_a_wrong_type_in_any_session_field_is_400(client, partner, body):
    response = await client.post(SESSIONS, json=body, headers=partner.headers)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"


@pytest.mark.parametrize(
    "fields",
    [{"kind": 1}, {"text": {}}, {"payload": "p"}, {"idempotencyKey": 7}, {"actor": "a"}, {"actor": {"actorId": 3}}],
)
async def test_a_wrong_type_in_any_event_field_is_400(client, partner, session_id, fields):
    response = await client.post(EVENTS, content=event_body(session_id, **fields), headers=partner.headers)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"
