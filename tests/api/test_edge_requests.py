"""The edge through the whole app: headers on every response, the partner's window, bodies, routes, logs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"
SHARED_CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "contract" / "openapi.yaml"


def envelope(response, error: str, code: str, details=None) -> dict:
    return {"success": False, "error": error, "code": code, "details": details,
            "requestId": response.headers["x-request-id"]}


async def test_every_authenticated_response_carries_the_partner_headers(client, partner):
    created = await client.post(SESSIONS, json={"actor": {"actorId": "u"}}, headers=partner.headers)
    missing = await client.get(f"{SESSIONS}/sess_unknown", headers=partner.headers)
    for response, remaining in ((created, "119"), (missing, "118")):
        assert response.headers["x-partner-id"] == partner.partner_id
        assert response.headers["x-ratelimit-limit"] == "120"
        assert response.headers["x-ratelimit-remaining"] == remaining
    assert missing.json() == envelope(missing, "Session not found.", "session_not_found", {"sessionId": "sess_unknown"})


async def test_the_request_id_is_echoed_in_the_header_and_the_error_body(client, partner):
    response = await client.get(f"{SESSIONS}/sess_unknown", headers={**partner.headers, "x-request-id": "support-42"})
    assert response.headers["x-request-id"] == "support-42"
    assert response.json()["requestId"] == "support-42"


async def test_the_partners_own_limit_applies_then_429(client, issue_partner):
    small = await issue_partner(rate_limit_per_minute=3)
    answered = [await client.get(f"{SESSIONS}/sess_x", headers=small.headers) for _ in range(4)]
    assert [r.status_code for r in answered] == [404, 404, 404, 429]
    assert [r.headers["x-ratelimit-remaining"] for r in answered] == ["2", "1", "0", "0"]
    limited = answered[-1]
    assert limited.json() == envelope(limited, "Exceeded 3 requests per minute", "rate_limited",
                                      {"partnerId": small.partner_id})
    assert limited.headers["x-ratelimit-limit"] == "3"
    assert 1 <= int(limited.headers["retry-after"]) <= 60


async def test_partners_have_separate_windows(client, issue_partner, partner):
    small = await issue_partner(rate_limit_per_minute=1)
    await client.get(f"{SESSIONS}/s", headers=small.headers)
    assert (await client.get(f"{SESSIONS}/s", headers=partner.headers)).status_code == 404


async def test_the_default_limit_is_120_a_minute(client, partner):
    statuses = [(await client.get(f"{SESSIONS}/s", headers=partner.headers)).status_code for _ in range(121)]
    assert statuses.count(404) == 120 and statuses[-1] == 429


async def test_a_replay_is_marked(chat):
    session_id = (await chat.create_session())["sessionId"]
    body = {"text": "Seattle Mar 20-23 1 room refundable", "idempotencyKey": "search:1"}
    first = await chat.post_event(session_id, **body)
    again = await chat.post_event(session_id, **body)
    assert first.status_code == again.status_code == 200
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content


async def test_a_chunked_body_over_64_kib_is_413(client, partner):
    async def chunks():
        for _ in range(65):
            yield b" " * 1024
        yield b"{}"

    response = await client.post(SESSIONS, content=chunks(), headers=partner.headers)
    assert response.status_code == 413
    assert response.json() == envelope(response, "Request body exceeds 65536 bytes", "payload_too_large",
                                       {"limitBytes": 65536})


async def test_an_explicit_form_content_type_is_415(client, partner):
    response = await client.post(SESSIONS, data={"actor": "u"}, headers=partner.headers)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


async def test_a_body_without_content_type_is_read_as_json(client, partner):
    response = await client.post(SESSIONS, content=b'{"actor":{"actorId":"u"}}', headers=partner.headers)
    assert response.status_code == 200
    assert response.json()["data"]["actor"]["actorId"] == "u"


@pytest.mark.parametrize("body", [b'{"sessionId": "s", "text": NaN}', b'{"sessionId":', b"[" * 5000 + b"]" * 5000])
async def test_broken_event_bodies_are_the_contracts_invalid_json(client, partner, body):
    response = await client.post(EVENTS, content=body, headers=partner.headers)
    assert response.json() == envelope(response, "Invalid JSON payload", "invalid_request")


async def test_text_over_2000_characters_names_the_field(chat):
    session_id = (await chat.create_session())["sessionId"]
    response = await chat.post_event(session_id, text="a" * 2001)
    assert response.status_code == 400
    assert response.json()["error"] == "text must be at most 2000 characters"


async def test_a_timezone_out_of_range_is_400(client, partner):
    response = await client.post(SESSIONS, json={"actor": {"actorId": "u", "timezoneOffsetMinutes": 900}},
                                 headers=partner.headers)
    assert response.json() == envelope(
        response, "actor.timezoneOffsetMinutes must be an integer between -720 and 840", "invalid_request")


async def test_unknown_routes_and_wrong_methods_use_the_envelope(client, partner):
    unknown = await client.post("/api/partner/v1/core-chat/session", json={}, headers=partner.headers)
    wrong = await client.delete(f"{SESSIONS}/sess_1", headers=partner.headers)
    assert unknown.json() == envelope(unknown, "Not found.", "not_found")
    assert (wrong.status_code, wrong.headers["allow"]) == (405, "GET")
    assert wrong.json() == envelope(wrong, "Method not allowed.", "method_not_allowed")


async def test_the_blank_session_id_example(client, partner):
    response = await client.get(f"{SESSIONS}/%20", headers=partner.headers)
    assert response.json() == envelope(response, "sessionId is required", "invalid_request")


async def test_the_contract_is_served_as_written(client):
    response = await client.get("/api/partner/v1/openapi.yaml")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.0.3")
    if SHARED_CONTRACT.exists():
        assert response.content == SHARED_CONTRACT.read_bytes()


async def test_health_and_readiness(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready", "store": "ok", "rateLimit": "memory"})


async def test_log_lines_are_json_without_keys_text_or_query_strings(app, client, partner, settings):
    session = await client.post(SESSIONS, json={"actor": {"actorId": "u"}}, headers=partner.headers)
    session_id = session.json()["data"]["sessionId"]
    await client.post(EVENTS, json={"sessionId": session_id, "text": "Seattle Mar 20-23 refundable"},
                      headers={"authorization": f"Bearer {partner.api_key}"})
    await client.get(f"{SESSIONS}/{session_id}?secret=querystring", headers={"api-key": partner.api_key})
    await client.get(f"{SESSIONS}/{session_id}", headers={"api-key": partner.api_key[:-1]})
    for handler in __import__("logging").getLogger("corechat").handlers:
        handler.flush()
    text = Path(settings.log_file).read_text()
    lines = [json.loads(line) for line in text.splitlines()]
    requests = [line for line in lines if line["msg"] == "request"]
    assert [(line["route"], line["status"]) for line in requests] == [
        (f"POST {SESSIONS}", 200),
        (f"POST {EVENTS}", 200),
        (f"GET {SESSIONS}/{{sessionId}}", 200),
        (f"GET {SESSIONS}/{{sessionId}}", 403),
    ]
    assert {line["partnerId"] for line in requests[:3]} == {partner.partner_id}
    assert all(isinstance(line["durationMs"], float) and line["requestId"] for line in requests)
    for secret in (partner.api_key, partner.api_key[:-1], "Seattle", "querystring"):
        assert secret not in text
