"""Decoded bodies into the service's commands: every field error in the contract's wording."""

from __future__ import annotations

import pytest

from corechat.errors import InvalidRequest
from corechat.http.commands import create_session_from, send_event_from
from corechat.service.commands import ActorIn, ChannelIn, ConversationIn, CreateSession, EventActorIn, SendEvent


def error_of(fn, *args, **kwargs) -> str:
    with pytest.raises(InvalidRequest) as caught:
        fn(*args, **kwargs)
    return caught.value.message


def event(body, max_text_chars: int = 2000):
    return send_event_from(body, request_hash="h", max_text_chars=max_text_chars)


def test_the_full_create_session_example_becomes_a_command():
    body = {
        "actor": {"actorId": "partner_user_001", "timezoneOffsetMinutes": -480},
        "channel": {"workspaceId": "partner-workspace"},
        "conversation": {"channelId": "partner-chat"},
    }
    assert create_session_from(body) == CreateSession(
        actor=ActorIn(actor_id="partner_user_001", timezone_offset_minutes=-480),
        conversation=ConversationIn(channel_id="partner-chat"),
        channel=ChannelIn(workspace_id="partner-workspace"),
    )


def test_unknown_fields_are_ignored():
    body = {"actor": {"actorId": "u", "extra": 1}, "other": []}
    assert create_session_from(body) == CreateSession(actor=ActorIn(actor_id="u"))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"actor": {"actorId": "u"}, "channel": {"workspaceId": None}}, "channel.workspaceId must be a string"),
        ({"actor": {"actorId": "u"}, "conversation": None}, "conversation must be an object"),
        ({"actor": {"actorId": "u", "timezoneOffsetMinutes": None}},
         "actor.timezoneOffsetMinutes must be an integer between -720 and 840"),
    ],
)
def test_an_explicit_null_is_a_wrong_type_since_no_request_field_is_nullable(body, message):
    assert error_of(create_session_from, body) == message


@pytest.mark.parametrize(
    "body",
    [{}, {"actor": None}, {"actor": {}}, {"actor": {"actorId": ""}}, {"actor": {"actorId": "   "}}, {"actor": {"actorId": None}}],
)
def test_a_missing_or_blank_actor_id_is_required(body):
    assert error_of(create_session_from, body) == "actor.actorId is required"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"actor": "u"}, "actor must be an object"),
        ({"actor": {"actorId": 7}}, "actor.actorId must be a string"),
        ({"actor": {"actorId": "u"}, "conversation": "c"}, "conversation must be an object"),
        ({"actor": {"actorId": "u"}, "conversation": {"channelId": 1}}, "conversation.channelId must be a string"),
        ({"actor": {"actorId": "u"}, "conversation": {"threadTs": []}}, "conversation.threadTs must be a string"),
        ({"actor": {"actorId": "u"}, "conversation": {"id": {}}}, "conversation.id must be a string"),
        ({"actor": {"actorId": "u"}, "channel": {"workspaceId": False}}, "channel.workspaceId must be a string"),
        ({"actor": {"actorId": "u"}, "channel": 3}, "channel must be an object"),
        ("body", "Request body must be a JSON object"),
    ],
)
def test_wrong_types_name_the_field(body, message):
    assert error_of(create_session_from, body) == message


@pytest.mark.parametrize("offset", [-721, 841, 1.5, "60", True, 10**30])
def test_the_timezone_offset_is_an_integer_in_range(offset):
    body = {"actor": {"actorId": "u", "timezoneOffsetMinutes": offset}}
    assert error_of(create_session_from, body) == (
        "actor.timezoneOffsetMinutes must be an integer between -720 and 840"
    )


@pytest.mark.parametrize("offset", [-720, 0, 840])
def test_the_timezone_offset_bounds_are_accepted(offset):
    body = {"actor": {"actorId": "u", "timezoneOffsetMinutes": offset}}
    assert create_session_from(body).actor.timezone_offset_minutes == offset


def test_the_action_example_becomes_a_command():
    body = {
        "sessionId": "sess_1771456953407_g7p6233d",
        "kind": "action_book_option",
        "payload": {"optionId": "1375108c"},
        "idempotencyKey": "demo:book:001",
    }
    assert event(body) == SendEvent(
        session_id="sess_1771456953407_g7p6233d",
        kind="action_book_option",
        payload={"optionId": "1375108c"},
        idempotency_key="demo:book:001",
        request_hash="h",
    )


def test_an_event_actor_is_passed_as_sent():
    assert event({"sessionId": "s", "actor": {"actorId": "u"}, "text": "hi"}).actor == EventActorIn(actor_id="u")


@pytest.mark.parametrize("body", [{}, {"sessionId": ""}, {"sessionId": " "}, {"sessionId": None}])
def test_a_missing_or_blank_session_id_is_required(body):
    assert error_of(event, body) == "sessionId is required"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"sessionId": 5}, "sessionId must be a string"),
        ({"sessionId": "s", "kind": 1}, "kind must be a string"),
        ({"sessionId": "s", "text": ["a"]}, "text must be a string"),
        ({"sessionId": "s", "payload": "p"}, "payload must be an object"),
        ({"sessionId": "s", "payload": [1]}, "payload must be an object"),
        ({"sessionId": "s", "idempotencyKey": 3}, "idempotencyKey must be a string"),
        ({"sessionId": "s", "idempotencyKey": " "}, "idempotencyKey must not be empty"),
        ({"sessionId": "s", "idempotencyKey": "k" * 256}, "idempotencyKey must be at most 255 characters"),
        ({"sessionId": "s", "actor": "u"}, "actor must be an object"),
        ({"sessionId": "s", "actor": {"actorId": 1}}, "actor.actorId must be a string"),
        ({"sessionId": "s", "actor": None}, "actor must be an object"),
        ({"sessionId": "s", "payload": None}, "payload must be an object"),
        ({"sessionId": "s", "text": None}, "text must be a string"),
        ({"sessionId": "s", "kind": None}, "kind must be a string"),
        ({"sessionId": "s", "idempotencyKey": None}, "idempotencyKey must be a string"),
    ],
)
def test_event_field_errors_name_the_field(body, message):
    assert error_of(event, body) == message


def test_text_is_capped_in_characters():
    assert event({"sessionId": "s", "text": "é" * 20}, max_text_chars=20).text == "é" * 20
    assert error_of(event, {"sessionId": "s", "text": "é" * 21}, max_text_chars=20) == "text must be at most 20 characters"


CARD = "4111 1111 1111 1111"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"actor": {"actorId": CARD}}, "actor.actorId"),
        ({"actor": {"actorId": "u1"}, "channel": {"workspaceId": "ws-4111-1111-1111-1111"}}, "channel.workspaceId"),
        ({"actor": {"actorId": "u1"}, "conversation": {"threadTs": "4111111111111111"}}, "conversation.threadTs"),
    ],
)
def test_no_session_field_may_carry_a_card_number(body, field):
    assert error_of(create_session_from, body) == f"{field} must not contain a card number"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"sessionId": "s1", "idempotencyKey": "4111111111111111", "text": "hi"}, "idempotencyKey"),
        ({"sessionId": "s1", "actor": {"actorId": CARD}, "text": "hi"}, "actor.actorId"),
        ({"sessionId": CARD, "text": "hi"}, "sessionId"),
        ({"sessionId": "s1", "text": f"charge {CARD} please"}, "text"),
    ],
)
def test_no_event_field_may_carry_a_card_number(body, field):
    assert error_of(event, body) == f"{field} must not contain a card number"


def test_ordinary_ids_with_long_digit_runs_that_fail_luhn_are_accepted():
    command = event({"sessionId": "sess_1771456953407_g7p6233d", "idempotencyKey": "demo:1771456953407:book:001", "text": "hi"})
    assert command.idempotency_key == "demo:1771456953407:book:001"


def test_session_and_event_ids_whose_milliseconds_pass_luhn_are_not_card_numbers():
    # 1771456953400 passes the Luhn check, as one epoch-millisecond value in ten does
    session_id = "sess_1771456953400_g7p6233d"
    command = event({"sessionId": session_id, "idempotencyKey": f"demo:{session_id}:book:001", "text": f"about evt_1771456953400"})
    assert (command.session_id, command.idempotency_key) == (session_id, f"demo:{session_id}:book:001")
