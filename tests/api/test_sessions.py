"""POST /sessions (CONVERSATION.md §0): identifiers, defaults, and what the session keeps."""

import re

import pytest

SESSIONS = "/api/partner/v1/core-chat/sessions"
CREATED_AT = "2026-11-29T12:00:00.000Z"  # the FixedClock of the fixtures


async def test_a_minimal_session_gets_every_default(client, partner):
    response = await client.post(SESSIONS, json={"actor": {"actorId": "partner_user_001"}}, headers=partner.headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    data = response.json()["data"]
    session_id = data["sessionId"]
    assert re.fullmatch(r"sess_1795953600000_[a-z0-9]{8}", session_id)
    assert data == {
        "sessionId": session_id,
        "tenantId": "tenant-a",
        "channel": {"type": "partner_api", "workspaceId": None},
        "conversation": {
            "id": f"partner-chat:{session_id}",
            "channelId": "partner-chat",
            "threadTs": session_id,
        },
        "actor": {"actorId": "partner_user_001", "timezoneOffsetMinutes": None},
        "createdAt": CREATED_AT,
        "updatedAt": CREATED_AT,
        "events": [],
        "state": data["state"],
    }
    assert data["state"]["stage"] == "collecting"
    assert data["state"]["pendingBooking"] is None
    assert data["state"]["bookings"] == []


async def test_a_full_session_keeps_workspace_channel_thread_and_timezone(chat):
    data = await chat.create_session(
        actor={"actorId": "partner_user_001", "timezoneOffsetMinutes": -480},
        channel={"workspaceId": "partner-workspace"},
        conversation={"channelId": "slack-travel", "threadTs": "1771456953.000100"},
    )

    session_id = data["sessionId"]
    assert data["channel"] == {"type": "partner_api", "workspaceId": "partner-workspace"}
    assert data["conversation"] == {
        "id": f"slack-travel:{session_id}",
        "channelId": "slack-travel",
        "threadTs": "1771456953.000100",
    }
    assert data["actor"] == {"actorId": "partner_user_001", "timezoneOffsetMinutes": -480}


async def test_a_partner_supplied_conversation_id_is_replaced_by_channel_and_session(chat):
    data = await chat.create_session(conversation={"id": "mine", "channelId": "partner-chat"})

    assert data["conversation"]["id"] == f"partner-chat:{data['sessionId']}"


async def test_session_ids_differ_within_one_millisecond(chat):
    first = await chat.create_session()
    second = await chat.create_session()

    assert first["sessionId"] != second["sessionId"]
    assert first["sessionId"][:19] == second["sessionId"][:19] == "sess_1795953600000_"


async def test_the_created_session_is_what_a_snapshot_returns(chat):
    created = await chat.create_session(
        actor={"actorId": "partner_user_001", "timezoneOffsetMinutes": 60},
        channel={"workspaceId": "ws"},
    )

    assert await chat.snapshot(created["sessionId"]) == created


async def test_the_tenant_comes_from_the_key_never_from_the_body(chat):
    data = await chat.create_session(tenantId="tenant-z")

    assert data["tenantId"] == "tenant-a"


async def test_a_created_session_carries_the_partner_headers(client, partner):
    response = await client.post(SESSIONS, json={"actor": {"actorId": "u"}}, headers=partner.headers)

    assert response.headers["x-partner-id"] == partner.partner_id
    assert response.headers["x-ratelimit-limit"] == "120"
    assert re.fullmatch(r"[0-9a-f-]{36}", response.headers["x-request-id"])


class ScriptedIds:
    """An id source that repeats itself, as a CSPRNG almost never does."""

    def __init__(self, *tokens: str) -> None:
        self._tokens = iter(tokens)

    def token(self, alphabet: str, length: int) -> str:
        return next(self._tokens)


class TestSessionIdCollision:
    @pytest.fixture
    async def app(self, settings, clock):
        from corechat.bootstrap import build

        built = await build(settings, clock=clock, ids=ScriptedIds("aaaaaaaa", "aaaaaaaa", "bbbbbbbb"))
        try:
            yield built
        finally:
            await built.close()

    async def test_a_taken_session_id_is_drawn_again(self, chat):
        first = await chat.create_session()
        second = await chat.create_session()

        assert first["sessionId"] == "sess_1795953600000_aaaaaaaa"
        assert second["sessionId"] == "sess_1795953600000_bbbbbbbb"
