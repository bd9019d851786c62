"""Decoded JSON -> the service's typed commands, with the contract's field wording in every 400.

Fields are named by their JSON path ("actor.actorId", "conversation.channelId"). Unknown fields are
ignored (the contract's schemas allow them). An optional field may be left out, but an explicit null
is a wrong type: the contract declares none of the request fields nullable. No string field may hold a
card number (CONVERSATION.md §2): such a request is refused before anything is stored or logged.
"""

from __future__ import annotations

from typing import Any

from corechat.conversation.cardnumbers import contains_card_number
from corechat.errors import CardNumberRejected, InvalidRequest
from corechat.service.commands import (
    ActorIn,
    ChannelIn,
    ConversationIn,
    CreateSession,
    EventActorIn,
    SendEvent,
)

MIN_TIMEZONE_OFFSET = -720
MAX_TIMEZONE_OFFSET = 840
MAX_IDEMPOTENCY_KEY_CHARS = 255
_ABSENT = object()


def create_session_from(body: Any) -> CreateSession:
    body = _object(body, None)
    actor = _object(body.get("actor"), "actor", missing_message="actor.actorId is required")
    return CreateSession(
        actor=ActorIn(
            actor_id=_required_text(actor, "actorId", "actor.actorId"),
            timezone_offset_minutes=_timezone_offset(actor.get("timezoneOffsetMinutes", _ABSENT)),
        ),
        conversation=_conversation(body.get("conversation", _ABSENT)),
        channel=_channel(body.get("channel", _ABSENT)),
    )


def send_event_from(body: Any, *, request_hash: str, max_text_chars: int) -> SendEvent:
    body = _object(body, None)
    session_id = _required_text(body, "sessionId", "sessionId")
    actor = body.get("actor", _ABSENT)
    text = _optional_string(body, "text", "text")
    if text is not None and len(text) > max_text_chars:
        raise InvalidRequest(f"text must be at most {max_text_chars} characters")
    key = _optional_string(body, "idempotencyKey", "idempotencyKey")
    if key is not None and not key.strip():
        raise InvalidRequest("idempotencyKey must not be empty")
    if key is not None and len(key) > MAX_IDEMPOTENCY_KEY_CHARS:
        raise InvalidRequest(
            f"idempotencyKey must be at most {MAX_IDEMPOTENCY_KEY_CHARS} characters",
        )
    payload = body.get("payload", _ABSENT)
    if payload is not _ABSENT and not isinstance(payload, dict):
        raise _wrong_type("payload", "an object")
    return SendEvent(
        session_id=session_id,
        actor=None if actor is _ABSENT else EventActorIn(
            actor_id=_optional_string(_object(actor, "actor"), "actorId", "actor.actorId")
        ),
        kind=_optional_string(body, "kind", "kind"),
        text=text,
        payload={} if payload is _ABSENT else payload,
        idempotency_key=key,
        request_hash=request_hash,
    )


def _conversation(value: Any) -> ConversationIn | None:
    if value is _ABSENT:
        return None
    value = _object(value, "conversation")
    return ConversationIn(
        id=_optional_string(value, "id", "conversation.id"),
        channel_id=_optional_string(value, "channelId", "conversation.channelId"),
        thread_ts=_optional_string(value, "threadTs", "conversation.threadTs"),
    )


def _channel(value: Any) -> ChannelIn | None:
    if value is _ABSENT:
        return None
    value = _object(value, "channel")
    return ChannelIn(workspace_id=_optional_string(value, "workspaceId", "channel.workspaceId"))


def _timezone_offset(value: Any) -> int | None:
    if value is _ABSENT:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_TIMEZONE_OFFSET <= value <= MAX_TIMEZONE_OFFSET:
        raise InvalidRequest(
            f"actor.timezoneOffsetMinutes must be an integer between {MIN_TIMEZONE_OFFSET} and {MAX_TIMEZONE_OFFSET}",
        )
    return value


def _object(value: Any, field: str | None, *, missing_message: str | None = None) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if value is None and missing_message is not None:
        raise InvalidRequest(missing_message)
    if field is None:
        raise InvalidRequest("Request body must be a JSON object")
    raise _wrong_type(field, "an object")


def _required_text(container: dict[str, Any], key: str, field: str) -> str:
    value = container.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidRequest(f"{field} is required")
    if not isinstance(value, str):
        raise _wrong_type(field, "a string")
    return _without_card_number(value, field)


def _optional_string(container: dict[str, Any], key: str, field: str) -> str | None:
    value = container.get(key, _ABSENT)
    if value is _ABSENT:
        return None
    if isinstance(value, str):
        return _without_card_number(value, field)
    raise _wrong_type(field, "a string")


def _without_card_number(value: str, field: str) -> str:
    if contains_card_number(value):
        raise CardNumberRejected(field)
    return value


def _wrong_type(field: str, expected: str) -> InvalidRequest:
    return InvalidRequest(f"{field} must be {expected}")
