"""A session exists only for its tenant and its key mode (CONVERSATION.md §9): elsewhere it is a 404."""

import pytest

SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"
SEARCH = "Seattle Mar 20-23 1 room refundable"


def not_found(response, session_id):
    return response.status_code == 404 and response.json()["code"] == "session_not_found" and response.json()[
        "details"
    ] == {"sessionId": session_id}


@pytest.fixture(params=["other_tenant_partner", "live_partner"])
def outsider(request):
    """A partner of another tenant, or of the same tenant with a live key."""
    return request.getfixturevalue(request.param)


async def test_a_session_is_a_404_for_an_outsider_on_every_endpoint(chat, client, outsider):
    session_id = (await chat.create_session())["sessionId"]

    snapshot = await client.get(f"{SESSIONS}/{session_id}", headers=outsider.headers)
    event = await client.post(
        EVENTS, json={"sessionId": session_id, "text": SEARCH, "idempotencyKey": "k"}, headers=outsider.headers
    )

    assert not_found(snapshot, session_id)
    assert not_found(event, session_id)
    assert (await chat.snapshot(session_id))["events"] == []


async def test_an_outsiders_session_is_a_404_for_us(chat, client, outsider):
    theirs = await client.post(SESSIONS, json={"actor": {"actorId": "u"}}, headers=outsider.headers)
    session_id = theirs.json()["data"]["sessionId"]

    assert not_found(await client.get(f"{SESSIONS}/{session_id}", headers=chat.partner.headers), session_id)
    assert not_found(await chat.post_event(session_id, text=SEARCH), session_id)


async def test_a_live_session_belongs_to_the_tenant_and_its_mode(client, live_partner):
    created = await client.post(SESSIONS, json={"actor": {"actorId": "u"}}, headers=live_partner.headers)

    data = created.json()["data"]
    assert data["tenantId"] == "tenant-a"
    snapshot = await client.get(f"{SESSIONS}/{data['sessionId']}", headers=live_partner.headers)
    assert snapshot.status_code == 200


async def test_another_partner_of_the_same_tenant_and_mode_sees_the_session(chat, client, issue_partner):
    colleague = await issue_partner(tenant_id="tenant-a", mode="test")
    session_id = (await chat.create_session())["sessionId"]

    snapshot = await client.get(f"{SESSIONS}/{session_id}", headers=colleague.headers)

    assert snapshot.status_code == 200
    assert snapshot.json()["data"]["sessionId"] == session_id
