"""The auth matrix through the real store: three headers x missing, empty, malformed, wrong checksum,
unknown, revoked, rotated out, conflicting, and a key in the query string."""

from __future__ import annotations

import datetime as dt

import pytest

from corechat import apikeys, partners

SESSIONS = "/api/partner/v1/core-chat/sessions"
HEADERS = ("x-partner-api-key", "authorization", "api-key")
BODY = {"actor": {"actorId": "partner_user_001"}}


def credential(header: str, key: str) -> dict[str, str]:
    return {header: f"Bearer {key}" if header == "authorization" else key}


def missing(response) -> bool:
    return response.status_code == 401 and response.json() == {
        "success": False, "error": "Missing partner API key.", "code": "missing_partner_api_key",
        "details": None, "requestId": response.headers["x-request-id"],
    }


def invalid(response) -> bool:
    return response.status_code == 403 and response.json() == {
        "success": False, "error": "Invalid partner API key.", "code": "invalid_partner_api_key",
        "details": None, "requestId": response.headers["x-request-id"],
    }


def wrong_checksum(key: str) -> str:
    last = key[-1]
    return key[:-1] + ("0" if last != "0" else "1")


@pytest.mark.parametrize("header", HEADERS)
async def test_each_header_carries_the_key(client, partner, header):
    response = await client.post(SESSIONS, json=BODY, headers=credential(header, partner.api_key))
    assert response.status_code == 200
    assert response.headers["x-partner-id"] == partner.partner_id


async def test_no_header_is_401(client):
    assert missing(await client.post(SESSIONS, json=BODY))


@pytest.mark.parametrize("header", HEADERS)
async def test_an_empty_header_is_401(client, header):
    value = "Bearer " if header == "authorization" else ""
    assert missing(await client.post(SESSIONS, json=BODY, headers={header: value}))


async def test_a_key_in_the_query_string_is_not_a_credential(client, partner):
    assert missing(await client.post(f"{SESSIONS}?api_key={partner.api_key}", json=BODY))


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize(
    "make_key",
    [
        lambda key: key[:-3],
        lambda key: "ck_prod_" + key[8:],
        wrong_checksum,
        lambda key: apikeys.generate("test"),
    ],
    ids=["truncated", "unknown-prefix", "wrong-checksum", "unknown"],
)
async def test_a_key_the_store_does_not_vouch_for_is_403(client, partner, header, make_key):
    assert invalid(await client.post(SESSIONS, json=BODY, headers=credential(header, make_key(partner.api_key))))


@pytest.mark.parametrize("header", HEADERS)
async def test_a_revoked_key_is_403(app, client, partner, clock, header):
    (key,) = await app.store.list_api_keys(partner.partner_id)
    assert await partners.revoke_key(app.store, key.key_id, now=clock.now())
    assert invalid(await client.post(SESSIONS, json=BODY, headers=credential(header, partner.api_key)))


async def test_a_rotated_out_key_works_for_its_grace_period_only(app, client, partner, clock):
    fresh = await partners.rotate_key(app.store, partner.partner_id, now=clock.now(), grace=dt.timedelta(hours=1))
    during = await client.post(SESSIONS, json=BODY, headers=partner.headers)
    clock.advance(hours=1)
    after = await client.post(SESSIONS, json=BODY, headers=partner.headers)
    new_key = await client.post(SESSIONS, json=BODY, headers={"x-partner-api-key": fresh.api_key})
    assert during.status_code == 200
    assert invalid(after)
    assert new_key.status_code == 200


async def test_two_different_keys_are_403_even_when_both_are_valid(client, partner, other_tenant_partner):
    headers = {"x-partner-api-key": partner.api_key, "authorization": f"Bearer {other_tenant_partner.api_key}"}
    assert invalid(await client.post(SESSIONS, json=BODY, headers=headers))


async def test_the_same_key_in_all_three_headers_is_accepted(client, partner):
    headers = {"x-partner-api-key": partner.api_key, "authorization": f"Bearer {partner.api_key}", "api-key": partner.api_key}
    assert (await client.post(SESSIONS, json=BODY, headers=headers)).status_code == 200


async def test_thirty_failures_from_one_address_then_429(client, partner):
    bad = {"x-partner-api-key": apikeys.generate("test")}
    statuses = {(await client.get(f"{SESSIONS}/s", headers=bad)).status_code for _ in range(30)}
    limited = await client.get(f"{SESSIONS}/s", headers=bad)
    assert statuses == {403}
    assert limited.status_code == 429
    assert limited.json()["details"] == {"scope": "auth_failures"}
    assert limited.json()["error"] == "Exceeded 30 failed authentication attempts per minute"


async def test_a_valid_key_still_gets_in_from_an_address_over_its_failure_limit(client, partner):
    bad = {"x-partner-api-key": apikeys.generate("test")}
    for _ in range(31):
        await client.get(f"{SESSIONS}/s", headers=bad)
    answer = await client.get(f"{SESSIONS}/s", headers=partner.headers)
    assert answer.status_code == 404
    assert answer.json()["code"] == "session_not_found"
