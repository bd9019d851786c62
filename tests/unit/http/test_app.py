"""The edge on fakes: every path a request can take through it, with exact envelopes and headers."""

from __future__ import annotations

import logging
import re

import pytest

from corechat.errors import ActorMismatch, SessionNotFound
from corechat.service.commands import Caller

SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def envelope(response, error: str, code: str, details=None) -> dict:
    return {"success": False, "error": error, "code": code, "details": details, "requestId": response.headers["x-request-id"]}


# ---- request id


async def test_a_request_without_x_request_id_gets_a_new_uuid4(edge):
    response = await edge.get("/healthz")
    assert UUID4.match(response.headers["x-request-id"])


async def test_a_well_formed_x_request_id_is_kept(edge, acme_headers):
    rid = "trace.A-1:b_2"
    response = await edge.post(SESSIONS, content=b"{", headers={**acme_headers, "x-request-id": rid})
    assert response.headers["x-request-id"] == rid
    assert response.json()["requestId"] == rid


@pytest.mark.parametrize("incoming", ["a" * 129, "has space", "semi;colon", "é"])
async def test_a_malformed_x_request_id_is_replaced(edge, incoming):
    response = await edge.get("/nowhere", headers={"x-request-id": incoming.encode("utf-8")})
    assert UUID4.match(response.headers["x-request-id"])
    assert response.json()["requestId"] == response.headers["x-request-id"]


async def test_a_128_character_request_id_is_kept(edge):
    rid = "x" * 128
    assert (await edge.get("/healthz", headers={"x-request-id": rid})).headers["x-request-id"] == rid


# ---- routes


async def test_an_unknown_route_is_a_404_envelope(edge):
    response = await edge.get("/api/partner/v1/core-chat/nothing")
    assert response.status_code == 404
    assert response.json() == envelope(response, "Not found.", "not_found")


async def test_a_wrong_method_is_a_405_envelope_with_allow(edge, acme_headers):
    response = await edge.get(SESSIONS, headers=acme_headers)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json() == envelope(response, "Method not allowed.", "method_not_allowed")


async def test_a_nested_path_under_a_session_is_a_404(edge, acme_headers):
    response = await edge.get(f"{SESSIONS}/sess_1/events", headers=acme_headers)
    assert response.status_code == 404


async def test_the_contract_is_served_as_yaml(edge):
    response = await edge.get("/api/partner/v1/openapi.yaml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/yaml"
    assert response.content == b"openapi: 3.0.3\n"


async def test_healthz_is_ok(edge):
    response = await edge.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_readyz_reports_the_store_and_the_rate_limit_backend(edge):
    response = await edge.get("/readyz")
    assert (response.status_code, response.json()) == (200, {"status": "ready", "store": "ok", "rateLimit": "memory"})


async def test_readyz_is_503_when_the_store_fails(make_client, broken_store):
    response = await make_client(store=broken_store).get("/readyz")
    assert (response.status_code, response.json()) == (
        503, {"status": "not_ready", "store": "unavailable", "rateLimit": "memory"})


# ---- authentication


async def test_no_credential_is_401(edge):
    response = await edge.post(SESSIONS, json={"actor": {"actorId": "u"}})
    assert response.status_code == 401
    assert response.json() == envelope(response, "Missing partner API key.", "missing_partner_api_key")
    assert "x-partner-id" not in response.headers and "x-ratelimit-limit" not in response.headers


@pytest.mark.parametrize("header", ["x-partner-api-key", "api-key", "authorization"])
async def test_only_empty_credentials_are_401(edge, header):
    response = await edge.post(SESSIONS, json={}, headers={header: "  "})
    assert response.status_code == 401
    assert response.json()["code"] == "missing_partner_api_key"


async def test_bearer_without_a_token_is_401(edge):
    response = await edge.post(SESSIONS, json={}, headers={"authorization": "Bearer"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "headers",
    [
        {"x-partner-api-key": "ck_test_unknown"},
        {"authorization": "Basic Y2tfdGVzdF9hY21l"},
        {"x-partner-api-key": "ck_test_acme", "api-key": "ck_test_other"},
        {"authorization": "Bearer ck_test_acme", "x-partner-api-key": "ck_test_other"},
    ],
    ids=["unknown", "not-bearer", "two-different-headers", "bearer-and-header-differ"],
)
async def test_an_invalid_credential_is_403(edge, headers):
    response = await edge.post(SESSIONS, json={"actor": {"actorId": "u"}}, headers=headers)
    assert response.status_code == 403
    assert response.json() == envelope(response, "Invalid partner API key.", "invalid_partner_api_key")


@pytest.mark.parametrize(
    "headers",
    [
        {"x-partner-api-key": "ck_test_acme"},
        {"api-key": "ck_test_acme"},
        {"authorization": "Bearer ck_test_acme"},
        {"authorization": "bearer   ck_test_acme  "},
        {"x-partner-api-key": "ck_test_acme", "authorization": "Bearer ck_test_acme", "api-key": ""},
    ],
    ids=["header", "legacy", "bearer", "bearer-lowercase", "same-key-twice-and-an-empty-one"],
)
async def test_each_credential_header_authenticates(edge, service, headers):
    response = await edge.post(SESSIONS, json={"actor": {"actorId": "u"}}, headers=headers)
    assert response.status_code == 200
    assert response.headers["x-partner-id"] == "acme"
    assert service.calls[0][1].partner_id == "acme"


async def test_failed_authentication_is_limited_per_client_address(make_client, acme_headers):
    from corechat.config import Settings

    edge = make_client(settings=Settings(auth_failures_per_minute=3), client_address="10.0.0.7")
    statuses = [(await edge.get(f"{SESSIONS}/s", headers={"api-key": "ck_test_wrong"})).status_code for _ in range(3)]
    limited = await edge.get(f"{SESSIONS}/s", headers={"api-key": "ck_test_wrong"})
    valid = await edge.get(f"{SESSIONS}/s", headers=acme_headers)
    assert statuses == [403, 403, 403]
    assert valid.headers["x-partner-id"] == "acme"
    assert limited.status_code == 429
    assert limited.json() == envelope(
        limited, "Exceeded 3 failed authentication attempts per minute", "rate_limited", {"scope": "auth_failures"}
    )
    assert 1 <= int(limited.headers["retry-after"]) <= 60


# ---- the partner's minute window


async def test_authenticated_responses_carry_partner_and_rate_limit_headers(edge, acme_headers):
    first = await edge.get(f"{SESSIONS}/s1", headers=acme_headers)
    second = await edge.post(EVENTS, content=b"not json", headers=acme_headers)
    assert (first.headers["x-partner-id"], first.headers["x-ratelimit-limit"], first.headers["x-ratelimit-remaining"]) == (
        "acme", "120", "119")
    assert second.status_code == 400
    assert (second.headers["x-partner-id"], second.headers["x-ratelimit-remaining"]) == ("acme", "118")


async def test_over_the_limit_is_429_with_retry_after(make_client):
    small = Caller(partner_id="acme", tenant_id="t", mode="test", key_id="k", rate_limit_per_minute=2)
    edge = make_client(callers={"ck_test_acme": small})
    headers = {"x-partner-api-key": "ck_test_acme"}
    for _ in range(2):
        assert (await edge.get(f"{SESSIONS}/s", headers=headers)).status_code == 200
    response = await edge.get(f"{SESSIONS}/s", headers=headers)
    assert response.status_code == 429
    assert response.json() == envelope(response, "Exceeded 2 requests per minute", "rate_limited", {"partnerId": "acme"})
    assert (response.headers["x-ratelimit-limit"], response.headers["x-ratelimit-remaining"]) == ("2", "0")
    assert response.headers["x-partner-id"] == "acme"
    assert 1 <= int(response.headers["retry-after"]) <= 60


# ---- bodies


async def test_an_explicit_non_json_content_type_is_415(edge, acme_headers):
    response = await edge.post(SESSIONS, content=b'{"actor":{"actorId":"u"}}', headers={**acme_headers, "content-type": "text/plain"})
    assert response.status_code == 415
    assert response.json() == envelope(response, "Content-Type must be application/json", "unsupported_media_type")


@pytest.mark.parametrize("content_type", [None, "application/json", "application/json; charset=utf-8", "Application/JSON"])
async def test_json_or_missing_content_types_are_read_as_json(edge, acme_headers, content_type):
    headers = dict(acme_headers)
    if content_type:
        headers["content-type"] = content_type
    response = await edge.post(SESSIONS, content=b'{"actor":{"actorId":"u"}}', headers=headers)
    assert response.status_code == 200


async def test_a_body_of_exactly_64_kib_is_read(edge, acme_headers):
    body = b'{"actor":{"actorId":"u"}}'
    body += b" " * (65536 - len(body))
    assert (await edge.post(SESSIONS, content=body, headers=acme_headers)).status_code == 200


async def test_a_body_over_64_kib_is_413(edge, acme_headers):
    response = await edge.post(SESSIONS, content=b" " * 65537, headers=acme_headers)
    assert response.status_code == 413
    assert response.json() == envelope(response, "Request body exceeds 65536 bytes", "payload_too_large", {"limitBytes": 65536})


async def test_a_chunked_body_is_counted_while_reading(edge, service, acme_headers):
    async def chunks():
        for _ in range(70):
            yield b" " * 1024

    response = await edge.post(SESSIONS, content=chunks(), headers=acme_headers)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert service.calls == []


async def test_a_lying_content_length_is_still_counted(edge, acme_headers):
    response = await edge.post(SESSIONS, content=b" " * 70000, headers={**acme_headers, "content-length": "10"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    "body",
    [b"", b"{", b'{"actor": NaN}', b'{"actor": Infinity}', b'{"n": 1e999}', b"\xff\xfe", b'"\\ud800"',
     b"[" * 10000 + b"]" * 10000, b'{"n": ' + b"9" * 5000 + b"}"],
    ids=["empty", "truncated", "nan", "infinity", "overflow", "bad-utf8", "lone-surrogate", "deep", "huge-int"],
)
async def test_bodies_that_are_not_json_are_400(edge, acme_headers, body):
    response = await edge.post(SESSIONS, content=body, headers=acme_headers)
    assert response.status_code == 400
    assert response.json() == envelope(response, "Invalid JSON payload", "invalid_request")


async def test_a_json_body_that_is_not_an_object_is_400(edge, acme_headers):
    response = await edge.post(EVENTS, json=[1, 2], headers=acme_headers)
    assert response.json() == envelope(response, "Request body must be a JSON object", "invalid_request")


async def test_field_errors_use_the_contracts_wording(edge, acme_headers):
    response = await edge.post(SESSIONS, json={"actor": {"actorId": "  "}}, headers=acme_headers)
    assert response.status_code == 400
    assert response.json() == envelope(response, "actor.actorId is required", "invalid_request")


# ---- commands reach the service


async def test_send_event_carries_the_canonical_request_hash(edge, service, acme_headers):
    await edge.post(EVENTS, content=b'{"sessionId":"s1","text":"hi","payload":{"b":1,"a":2}}', headers=acme_headers)
    await edge.post(EVENTS, content=b'{ "payload" : {"a":2, "b":1}, "text":"hi", "sessionId":"s1" }', headers=acme_headers)
    await edge.post(EVENTS, content=b'{"sessionId":"s1","text":"hi!"}', headers=acme_headers)
    hashes = [call[2].request_hash for call in service.calls]
    assert hashes[0] == hashes[1] != hashes[2]
    assert re.fullmatch(r"[0-9a-f]{64}", hashes[0])


async def test_get_session_passes_the_decoded_id(edge, service, acme_headers):
    await edge.get(f"{SESSIONS}/sess_1_abc", headers=acme_headers)
    assert service.calls[0][0::2] == ("get_session", "sess_1_abc")


@pytest.mark.parametrize("path", [f"{SESSIONS}/", f"{SESSIONS}/%20%20"])
async def test_a_blank_session_id_in_the_path_is_the_contracts_400(edge, service, acme_headers, path):
    response = await edge.get(path, headers=acme_headers)
    assert response.status_code == 400
    assert response.json() == envelope(response, "sessionId is required", "invalid_request")
    assert service.calls == []


async def test_a_replayed_reply_says_so(edge, service, acme_headers):
    service.replayed = True
    response = await edge.post(EVENTS, json={"sessionId": "s", "text": "x", "idempotencyKey": "k"}, headers=acme_headers)
    assert response.headers["idempotent-replayed"] == "true"
    assert response.json() == {"data": {"operation": "send_event"}}


async def test_a_fresh_reply_has_no_replay_header(edge, acme_headers):
    response = await edge.post(EVENTS, json={"sessionId": "s", "text": "x"}, headers=acme_headers)
    assert "idempotent-replayed" not in response.headers


async def test_service_errors_map_through_the_table(edge, service, acme_headers):
    service.fail_with = SessionNotFound("sess_unknown")
    missing = await edge.get(f"{SESSIONS}/sess_unknown", headers=acme_headers)
    service.fail_with = ActorMismatch("partner_user_001")
    mismatch = await edge.post(EVENTS, json={"sessionId": "s", "actor": {"actorId": "x"}}, headers=acme_headers)
    assert missing.status_code == 404
    assert missing.json() == envelope(missing, "Session not found.", "session_not_found", {"sessionId": "sess_unknown"})
    assert mismatch.status_code == 409
    assert mismatch.json() == envelope(
        mismatch, "actor.actorId does not match the session owner (partner_user_001).", "actor_mismatch"
    )


async def test_an_unexpected_failure_is_a_bare_500_logged_with_its_request_id(edge, service, acme_headers):
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("corechat.http")
    logger.addHandler(handler)
    service.fail_with = RuntimeError("secret internals: /var/db password=hunter2")
    try:
        response = await edge.post(SESSIONS, json={"actor": {"actorId": "u"}}, headers=acme_headers)
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 500
    assert response.json() == envelope(response, "Internal server error.", "internal_error")
    assert "hunter2" not in response.text
    assert [r.fields["requestId"] for r in records if r.exc_info] == [response.headers["x-request-id"]]


async def test_past_the_in_flight_limit_partner_requests_get_a_quick_503(make_client, service, acme_headers):
    import asyncio

    from corechat.config import Settings

    entered, release = asyncio.Event(), asyncio.Event()
    answer = service._answer

    async def slow_get_session(caller, session_id):
        entered.set()
        await release.wait()
        return answer("get_session", caller, session_id)

    service.get_session = slow_get_session
    edge = make_client(settings=Settings(max_in_flight=1))
    first = asyncio.create_task(edge.get(f"{SESSIONS}/s1", headers=acme_headers))
    await entered.wait()
    overloaded = await edge.get(f"{SESSIONS}/s2", headers=acme_headers)
    health = await edge.get("/healthz")
    release.set()
    assert (await first).status_code == 200
    assert overloaded.status_code == 503
    assert overloaded.json() == envelope(overloaded, "Service is overloaded; retry shortly.", "overloaded")
    assert overloaded.headers["retry-after"] == "1"
    assert health.status_code == 200
