"""Hostile input (item 6), the auth matrix (item 5) and tenancy (item 4), on both stores, through the
ASGI app as raw ASGI messages (so chunked bodies and lying lengths reach it as a server passes them).

Every answer is checked to be the contract's error envelope with a 4xx status: never a 500, never
another tenant's data. Seeded generated bodies add what the hand-written list misses.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random

import pytest

from corechat import apikeys, partners

SEED = 20261129
SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"
LIMIT = 65_536
HEADERS = ("x-partner-api-key", "authorization", "api-key")


class Asgi:
    """One request as raw ASGI messages; ``consumed`` counts the body bytes the app asked for."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, method: str, path: str, *, chunks=(), headers=(), query: bytes = b""):
        pending = [bytes(c) for c in chunks] or [b""]
        consumed = 0

        async def receive():
            nonlocal consumed
            if pending:
                chunk = pending.pop(0)
                consumed += len(chunk)
                return {"type": "http.request", "body": chunk, "more_body": bool(pending)}
            return {"type": "http.disconnect"}

        answer: dict = {"body": b""}

        async def send(message):
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["headers"] = {k.decode().lower(): v.decode() for k, v in message["headers"]}
            elif message["type"] == "http.response.body":
                answer["body"] += message.get("body", b"")

        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
            "scheme": "http", "path": path, "raw_path": path.encode("utf-8", "surrogateescape"),
            "query_string": query, "root_path": "", "client": ("203.0.113.7", 40000),
            "server": ("testserver", 80),
            "headers": [(k.lower().encode(), v.encode("latin-1")) for k, v in headers],
        }
        await self.app.asgi(scope, receive, send)
        answer["consumed"] = consumed
        return answer


def envelope(answer: dict, *statuses: int) -> dict:
    """The error envelope of a 4xx answer (one of ``statuses`` when given)."""
    status = answer["status"]
    assert 400 <= status < 500, (status, answer["body"][:300])
    if statuses:
        assert status in statuses, (status, answer["body"][:300])
    body = json.loads(answer["body"])
    assert set(body) == {"success", "error", "code", "details", "requestId"}, body
    assert body["success"] is False and isinstance(body["code"], str) and body["error"]
    assert body["requestId"] == answer["headers"]["x-request-id"]
    return body


@pytest.fixture
async def edge(make_harness):
    harness = await make_harness(auth_failures_per_minute=100_000)
    caller = await harness.issue(rate_limit_per_minute=100_000)
    asgi = Asgi(harness.app)
    created = await asgi("POST", SESSIONS, chunks=[b'{"actor":{"actorId":"u1"}}'], headers=[("x-partner-api-key", caller.api_key)])
    assert created["status"] == 200
    return harness, caller, asgi, json.loads(created["body"])["data"]["sessionId"]


# ---- hostile bodies


def hostile_bodies(session_id: str) -> dict[str, list[bytes]]:
    event = lambda **f: json.dumps({"sessionId": session_id, **f}).encode()  # noqa: E731
    small = event(text="a", payload={"pad": ""})
    at_limit = event(text="a", payload={"pad": "p" * (LIMIT - len(small))})
    assert len(at_limit) == LIMIT
    deep_array = b'{"sessionId":"%s","payload":{"a":%s1%s}}' % (session_id.encode(), b"[" * 10_000, b"]" * 10_000)
    return {
        "at-64KiB": [at_limit],
        "64KiB+1": [at_limit + b" "],
        "chunked-over": [b"{" + b" " * 16_384] * 8,
        "chunked-under": [event(text="hello")[:10], event(text="hello")[10:]],
        "nested-10000-array": [deep_array],
        "nested-10000-object": [b'{"sessionId":"%s","payload":%s1%s}' % (session_id.encode(), b'{"a":' * 10_000, b"}" * 10_000)],
        "nan": [b'{"sessionId":"%s","text":NaN}' % session_id.encode()],
        "infinity-in-payload": [b'{"sessionId":"%s","payload":{"x":Infinity}}' % session_id.encode()],
        "invalid-utf8": [b'{"sessionId":"%s","text":"\xff\xfe"}' % session_id.encode()],
        "lone-surrogate": [b'{"sessionId":"%s","text":"\\ud800"}' % session_id.encode()],
        "10MB-string": [event(text="x" * 10_000_000)],
        "5000-digit-number": [b'{"sessionId":"%s","payload":{"n":%s}}' % (session_id.encode(), b"9" * 5000)],
        "5000-digit-actor-offset": [b'{"sessionId":"%s","actor":{"actorId":"u1","timezoneOffsetMinutes":%s}}'
                                    % (session_id.encode(), b"9" * 5000)],
        "100KB-text": [event(text="t" * 100_000)],
        "control-characters": [b'{"sessionId":"%s","text":"a\x00b\x1fc"}' % session_id.encode()],
        "not-json": [b"sessionId=1&text=hi"],
        "empty": [b""],
        "json-array": [b"[]"],
        "json-string": [b'"hello"'],
        "trailing-garbage": [event(text="hi") + b"}}"],
        "duplicate-session-keys": [b'{"sessionId":"sess_x","sessionId":"%s","text":"hi"}' % session_id.encode()],
    }


@pytest.mark.parametrize("path", [EVENTS, SESSIONS])
async def test_hostile_bodies_get_a_4xx_envelope_and_are_read_no_further_than_the_cap(edge, path):
    harness, caller, asgi, session_id = edge
    outcomes = {}
    for name, chunks in hostile_bodies(session_id).items():
        answer = await asgi("POST", path, chunks=chunks, headers=[("x-partner-api-key", caller.api_key)])
        assert answer["consumed"] <= LIMIT + max(len(c) for c in chunks), name
        if answer["status"] == 200:
            outcomes[name] = 200
            continue
        outcomes[name] = (answer["status"], envelope(answer)["code"])
    print(f"[reliability] hostile bodies on {path}: {outcomes}")
    assert outcomes["64KiB+1"] == (413, "payload_too_large")
    assert outcomes["chunked-over"] == (413, "payload_too_large")
    assert outcomes["10MB-string"] == (413, "payload_too_large")
    assert outcomes["at-64KiB"] != (413, "payload_too_large")


@pytest.mark.parametrize("declared", ["5", "0", "-1", "abc", "99999999999999999999", str(LIMIT + 1)])
async def test_a_lying_content_length_never_gets_past_the_cap(edge, declared):
    harness, caller, asgi, session_id = edge
    body = json.dumps({"sessionId": session_id, "text": "z" * (LIMIT + 10)}).encode()
    headers = [("x-partner-api-key", caller.api_key), ("content-length", declared)]

    answer = await asgi("POST", EVENTS, chunks=[body[:30_000], body[30_000:]], headers=headers)

    assert envelope(answer, 413)["code"] == "payload_too_large"


def wrong_values(rng: random.Random) -> list:
    return [None, True, 0, -1, 1.5, "", "x" * 3000, [], {}, [1, "a"], {"a": {"b": []}}, 2**70,
            rng.random(), "\u202e\u0000", "😀" * 50]


@pytest.mark.parametrize("path", [EVENTS, SESSIONS])
async def test_a_wrong_type_in_every_field_is_a_4xx_or_accepted_never_a_500(edge, path):
    harness, caller, asgi, session_id = edge
    rng = random.Random(SEED)
    if path == EVENTS:
        base = {"sessionId": session_id, "text": "hello", "kind": "message", "payload": {},
                "idempotencyKey": "k", "actor": {"actorId": "u1"}}
    else:
        base = {"actor": {"actorId": "u1", "timezoneOffsetMinutes": 0},
                "conversation": {"channelId": "c", "threadTs": "t"}, "channel": {"workspaceId": "w"}}
    paths = [(k,) for k in base] + [(k, inner) for k, v in base.items() if isinstance(v, dict) for inner in v]
    statuses: dict[int, int] = {}
    for field in paths:
        for value in wrong_values(rng):
            body = json.loads(json.dumps(base))
            target = body
            for step in field[:-1]:
                target = target[step]
            target[field[-1]] = value
            if "idempotencyKey" in body:
                body["idempotencyKey"] = f"k{rng.getrandbits(64)}"
            answer = await asgi("POST", path, chunks=[json.dumps(body).encode()], headers=[("x-partner-api-key", caller.api_key)])
            statuses[answer["status"]] = statuses.get(answer["status"], 0) + 1
            if answer["status"] != 200:
                envelope(answer)
    print(f"[reliability] wrong types on {path} (seed {SEED}): statuses {statuses}")


def random_json(rng: random.Random, depth: int = 0):
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randint(-(2**80), 2**80)
    if kind == 3:
        return rng.choice([0.5, -1e308, 1e-320, 3.0])
    if kind in (4, 5):
        return "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0x80, 0xD7FF), rng.randint(0xE000, 0x10FFFF)]))
                       for _ in range(rng.randint(0, 40)))
    if kind in (6, 7):
        return {random_json(rng, 9) if False else f"k{rng.randint(0, 20)}": random_json(rng, depth + 1)
                for _ in range(rng.randint(0, 5))}
    return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 5))]


async def test_seeded_random_bodies_never_get_a_500(edge):
    harness, caller, asgi, session_id = edge
    rng = random.Random(SEED)
    fields = {
        EVENTS: ["sessionId", "text", "kind", "payload", "idempotencyKey", "actor"],
        SESSIONS: ["actor", "conversation", "channel"],
    }
    kinds = ["message", "action_book_option", "action_confirm_payment_card", "action_cancel_booking"]
    statuses: dict[int, int] = {}
    for n in range(300):
        path = rng.choice([EVENTS, SESSIONS])
        body = {f: random_json(rng) for f in rng.sample(fields[path], rng.randint(0, len(fields[path])))}
        if path == EVENTS and rng.random() < 0.7:
            body.update(sessionId=session_id, idempotencyKey=f"fuzz:{n}")
            if rng.random() < 0.5:
                body["kind"] = rng.choice(kinds)
            if rng.random() < 0.5:
                body["text"] = random_json(rng) if rng.random() < 0.3 else "Seattle Mar 20-23 " + str(random_json(rng))
        if path == SESSIONS and rng.random() < 0.7:
            body["actor"] = {"actorId": str(random_json(rng)), "timezoneOffsetMinutes": rng.choice([0, -720, 840, 10**6, None])}
        raw = json.dumps(body).encode()
        if rng.random() < 0.2:  # a few bytes flipped
            raw = bytearray(raw)
            for _ in range(rng.randint(1, 4)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        answer = await asgi("POST", path, chunks=[bytes(raw)], headers=[("x-partner-api-key", caller.api_key)])
        statuses[answer["status"]] = statuses.get(answer["status"], 0) + 1
        if answer["status"] != 200:
            envelope(answer)
    print(f"[reliability] 300 seeded random bodies (seed {SEED}): statuses {statuses}")


async def test_hostile_session_ids_in_the_path_are_4xx(edge):
    harness, caller, asgi, session_id = edge
    for hostile in ["x" * 10_000, "..", "%00", "sess_1\x00", "\u00e9", " ", session_id + "/", session_id.upper()]:
        answer = await asgi("GET", f"{SESSIONS}/{hostile}", headers=[("x-partner-api-key", caller.api_key)])
        assert envelope(answer, 400, 404)


# ---- auth matrix and tenancy


def credential(header: str, key: str) -> tuple[str, str]:
    return (header, f"Bearer {key}" if header == "authorization" else key)


async def every_endpoint(asgi, session_id: str, headers: list, query: bytes = b"") -> dict[str, dict]:
    event = json.dumps({"sessionId": session_id, "text": "hi", "idempotencyKey": "owner:1"}).encode()
    return {
        "create_session": await asgi("POST", SESSIONS, chunks=[b'{"actor":{"actorId":"u9"}}'], headers=headers, query=query),
        "get_session": await asgi("GET", f"{SESSIONS}/{session_id}", headers=headers, query=query),
        "send_event": await asgi("POST", EVENTS, chunks=[event], headers=headers, query=query),
    }


@pytest.mark.parametrize("header", HEADERS)
async def test_the_auth_matrix_gives_401_or_403_on_every_endpoint_and_never_data(edge, header):
    harness, caller, asgi, session_id = edge
    other = await harness.issue(tenant_id="tenant-b", rate_limit_per_minute=100_000)
    key = caller.api_key
    cases = {
        "missing": ([], 401, "missing_partner_api_key"),
        "empty": ([(header, "")], 401, "missing_partner_api_key"),
        "malformed": ([(header, "not a key")], 403, "invalid_partner_api_key"),
        "wrong-checksum": ([credential(header, key[:-1] + ("0" if key[-1] != "0" else "1"))], 403, "invalid_partner_api_key"),
        "unknown": ([credential(header, apikeys.generate("test"))], 403, "invalid_partner_api_key"),
        "conflicting": ([credential(header, key), credential("api-key" if header != "api-key" else "x-partner-api-key", other.api_key)],
                        403, "invalid_partner_api_key"),
    }
    for name, (headers, status, code) in cases.items():
        for endpoint, answer in (await every_endpoint(asgi, session_id, headers)).items():
            assert (answer["status"], envelope(answer)["code"]) == (status, code), (name, endpoint)
    in_query = await every_endpoint(asgi, session_id, [], query=f"{header}={key}&apiKey={key}".encode())
    for endpoint, answer in in_query.items():
        assert (answer["status"], envelope(answer)["code"]) == (401, "missing_partner_api_key"), endpoint


async def test_revoked_and_rotated_out_keys_and_other_tenants_never_see_a_session(edge):
    harness, caller, asgi, session_id = edge
    store, clock = harness.app.store, harness.clock
    owner = [("x-partner-api-key", caller.api_key)]
    owned = await asgi("POST", EVENTS, chunks=[json.dumps({"sessionId": session_id, "text": "hi", "idempotencyKey": "owner:1"}).encode()],
                       headers=owner)
    assert owned["status"] == 200
    other_tenant = await harness.issue(tenant_id="tenant-b", rate_limit_per_minute=100_000)
    other_mode = await harness.issue(tenant_id="tenant-a", mode="live", rate_limit_per_minute=100_000)
    revoked = await harness.issue(tenant_id="tenant-a", rate_limit_per_minute=100_000)
    (revoked_key,) = await store.list_api_keys(revoked.partner_id)
    await partners.revoke_key(store, revoked_key.key_id, now=clock.now())
    rotated = await harness.issue(tenant_id="tenant-a", rate_limit_per_minute=100_000)
    await partners.rotate_key(store, rotated.partner_id, now=clock.now(), grace=dt.timedelta(minutes=5))
    clock.advance(minutes=5)

    for name, key, expected in [
        ("other-tenant", other_tenant.api_key, {404}), ("other-mode", other_mode.api_key, {404}),
        ("revoked", revoked.api_key, {403}), ("rotated-out", rotated.api_key, {403}),
    ]:
        answers = await every_endpoint(asgi, session_id, [("x-partner-api-key", key)])
        for endpoint in ("get_session", "send_event"):
            answer = answers[endpoint]
            assert answer["status"] in expected, (name, endpoint, answer["status"])
            assert session_id.encode() not in answer["body"] or envelope(answer)["code"] == "session_not_found"
            assert answer["body"] != owned["body"]
        if name.startswith("other"):
            assert answers["create_session"]["status"] == 200
        else:
            assert envelope(answers["create_session"], 403)


async def test_failed_attempts_are_limited_per_client_address(make_harness):
    harness = await make_harness()
    asgi = Asgi(harness.app)
    bad = [("x-partner-api-key", apikeys.generate("test"))]
    statuses = [(await asgi("GET", f"{SESSIONS}/s", headers=bad))["status"] for _ in range(30)]
    limited = await asgi("GET", f"{SESSIONS}/s", headers=bad)
    assert set(statuses) == {403}
    body = envelope(limited, 429)
    assert (body["code"], body["details"]) == ("rate_limited", {"scope": "auth_failures"})


async def test_session_ids_carry_at_least_40_random_bits_from_the_csprng(harness):
    from corechat.clock import SecureIds

    harness.headers = {"x-partner-api-key": (await harness.issue(rate_limit_per_minute=100_000)).api_key}
    ids = [await harness.create_session() for _ in range(200)]
    randoms = [session_id.rsplit("_", 1)[1] for session_id in ids]
    alphabet = set("abcdefghijklmnopqrstuvwxyz0123456789")
    assert all(len(r) == 8 and set(r) <= alphabet for r in randoms)
    assert len(set(randoms)) == len(randoms)
    assert 8 * math.log2(len(alphabet)) >= 40
    assert isinstance(harness.app.service._ids, SecureIds)
    seen = set("".join(randoms))
    print(f"[reliability] distinct characters in 200 session ids: {len(seen)} of 36")
