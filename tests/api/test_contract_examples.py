"""Every example of openapi.yaml, replayed against the app.

Error responses must equal their examples exactly but for ``requestId`` (which must equal the
response's ``x-request-id``); the service's bodies are a superset (CONVERSATION.md §0), so fields
an example leaves out may be present. Success responses must match their schemas; their values are
illustrative. The contract is read from the app itself, as it serves it.
"""

from __future__ import annotations

import copy

import jsonschema_rs
import pytest
import yaml

SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"
CONTRACT = "/api/partner/v1/openapi.yaml"
OWNER = "partner_user_001"


@pytest.fixture
async def contract(client):
    response = await client.get(CONTRACT)
    assert response.status_code == 200
    return yaml.safe_load(response.text)


def operations(contract):
    for path, methods in contract["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def json_schema(contract, schema):
    """An OpenAPI 3.0 schema as JSON Schema: references inlined, ``nullable`` as a null type."""
    def convert(node):
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target = contract
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return convert(target)
        node = {key: convert(value) for key, value in node.items()}
        if node.pop("nullable", False):
            if "type" in node:
                node["type"] = [node["type"], "null"]
            elif "oneOf" in node:
                node["oneOf"] = [*node["oneOf"], {"type": "null"}]
        return node

    return convert(copy.deepcopy(schema))


def response_example(contract, operation_id, status, name):
    for _, _, operation in operations(contract):
        if operation["operationId"] == operation_id:
            response = operation["responses"][status]
            if "$ref" in response:
                response = json_schema(contract, response)
            return response["content"]["application/json"]["examples"][name]["value"]
    raise KeyError(operation_id)


def assert_matches_example(response, example, status):
    assert response.status_code == int(status), response.text
    body = response.json()
    assert body["requestId"] == response.headers["x-request-id"]
    assert {key: body[key] for key in example if key != "requestId"} == {
        key: value for key, value in example.items() if key != "requestId"
    }
    assert body["code"]  # CONVERSATION.md §0: every error body carries a code


# ---- how to provoke each error example of the contract


async def created_session(client, partner):
    response = await client.post(SESSIONS, json={"actor": {"actorId": OWNER}}, headers=partner.headers)
    return response.json()["data"]["sessionId"]


async def actor_required(client, partner):
    return await client.post(SESSIONS, json={"actor": {}}, headers=partner.headers)


async def invalid_json(client, partner):
    return await client.post(SESSIONS, content=b'{"actor": {"actorId": ', headers=partner.headers)


async def missing_session_id(client, partner):
    return await client.post(EVENTS, json={"text": "Seattle Mar 20-23"}, headers=partner.headers)


async def missing_idempotency(client, partner):
    session_id = await created_session(client, partner)
    body = {"sessionId": session_id, "kind": "action_book_option", "payload": {"optionId": "x"}}
    return await client.post(EVENTS, json=body, headers=partner.headers)


async def event_for_unknown_session(client, partner):
    return await client.post(EVENTS, json={"sessionId": "sess_unknown", "text": "hi"}, headers=partner.headers)


async def actor_mismatch(client, partner):
    session_id = await created_session(client, partner)
    body = {"sessionId": session_id, "actor": {"actorId": "partner_user_002"}, "text": "Seattle"}
    return await client.post(EVENTS, json=body, headers=partner.headers)


async def snapshot_without_session_id(client, partner):
    return await client.get(f"{SESSIONS}/%20", headers=partner.headers)


async def snapshot_of_unknown_session(client, partner):
    return await client.get(f"{SESSIONS}/sess_unknown", headers=partner.headers)


async def missing_key(client, partner):
    return await client.get(f"{SESSIONS}/sess_unknown")


async def invalid_key(client, partner):
    return await client.get(f"{SESSIONS}/sess_unknown", headers={"x-partner-api-key": "ck_test_not-a-key"})


ERROR_EXAMPLES = {
    ("createPartnerCoreChatSession", "400", "actor_required"): actor_required,
    ("createPartnerCoreChatSession", "400", "invalid_json"): invalid_json,
    ("sendPartnerCoreChatEvent", "400", "missing_session_id"): missing_session_id,
    ("sendPartnerCoreChatEvent", "400", "missing_idempotency"): missing_idempotency,
    ("sendPartnerCoreChatEvent", "404", "session_not_found"): event_for_unknown_session,
    ("sendPartnerCoreChatEvent", "409", "actor_mismatch"): actor_mismatch,
    ("getPartnerCoreChatSession", "400", "session_required"): snapshot_without_session_id,
    ("getPartnerCoreChatSession", "404", "session_not_found"): snapshot_of_unknown_session,
}
SHARED_ERROR_EXAMPLES = {
    ("401", "missing_key"): missing_key,
    ("403", "invalid_key"): invalid_key,
}
SUCCESS_EXAMPLES = {
    ("createPartnerCoreChatSession", "200", "success"),
    ("sendPartnerCoreChatEvent", "200", "shortlist"),
    ("getPartnerCoreChatSession", "200", "success"),
}


async def test_the_contract_has_no_example_this_file_does_not_replay(contract):
    seen = set()
    for _, _, operation in operations(contract):
        for status, response in operation["responses"].items():
            if "$ref" in response or "examples" not in response["content"]["application/json"]:
                continue
            for name in response["content"]["application/json"]["examples"]:
                seen.add((operation["operationId"], status, name))
    assert seen == set(ERROR_EXAMPLES) | SUCCESS_EXAMPLES
    shared = {
        name
        for response in contract["components"]["responses"].values()
        for name in response["content"]["application/json"]["examples"]
    }
    assert shared == {name for _, name in SHARED_ERROR_EXAMPLES} | {"rate_limited"}


@pytest.mark.parametrize("example", sorted(ERROR_EXAMPLES), ids=lambda e: "-".join(e))
async def test_error_examples_are_answered_exactly(contract, client, partner, example):
    response = await ERROR_EXAMPLES[example](client, partner)

    assert_matches_example(response, response_example(contract, *example), example[1])


@pytest.mark.parametrize("example", sorted(SHARED_ERROR_EXAMPLES), ids=lambda e: "-".join(e))
async def test_authentication_examples_are_answered_exactly(contract, client, partner, example):
    response = await SHARED_ERROR_EXAMPLES[example](client, partner)

    status, name = example
    assert_matches_example(response, response_example(contract, "getPartnerCoreChatSession", status, name), status)


async def test_the_rate_limit_example_is_answered_but_for_the_partner(contract, client, issue_partner):
    partner = await issue_partner(tenant_id="tenant-a", mode="test", rate_limit_per_minute=120)
    for _ in range(120):
        assert (await snapshot_of_unknown_session(client, partner)).status_code == 404

    response = await snapshot_of_unknown_session(client, partner)

    example = response_example(contract, "getPartnerCoreChatSession", "429", "rate_limited")
    assert_matches_example(response, {**example, "details": {"partnerId": partner.partner_id}}, "429")


def request_examples(contract, operation_id):
    for _, _, operation in operations(contract):
        if operation["operationId"] == operation_id:
            return operation["requestBody"]["content"]["application/json"]["examples"]
    raise KeyError(operation_id)


def response_schema(contract, operation_id):
    for _, _, operation in operations(contract):
        if operation["operationId"] == operation_id:
            return json_schema(contract, operation["responses"]["200"]["content"]["application/json"]["schema"])
    raise KeyError(operation_id)


def assert_valid(contract, operation_id, response):
    assert response.status_code == 200, response.text
    validator = jsonschema_rs.Draft4Validator(response_schema(contract, operation_id))
    errors = [str(error) for error in validator.iter_errors(response.json())]
    assert errors == []


@pytest.mark.parametrize("name", ["minimal", "full"])
async def test_session_request_examples_create_sessions_of_the_schema(contract, client, partner, name):
    body = request_examples(contract, "createPartnerCoreChatSession")[name]["value"]

    response = await client.post(SESSIONS, json=body, headers=partner.headers)

    assert_valid(contract, "createPartnerCoreChatSession", response)
    data = response.json()["data"]
    assert data["actor"]["actorId"] == body["actor"]["actorId"]
    assert data["channel"]["workspaceId"] == body.get("channel", {}).get("workspaceId")


@pytest.mark.parametrize("name", ["natural_language", "action_kind"])
async def test_event_request_examples_are_answered_in_the_schema(contract, client, partner, name):
    example = request_examples(contract, "sendPartnerCoreChatEvent")[name]["value"]
    session_id = await created_session(client, partner)

    response = await client.post(EVENTS, json={**example, "sessionId": session_id}, headers=partner.headers)

    assert_valid(contract, "sendPartnerCoreChatEvent", response)
    data = response.json()["data"]
    assert data["sessionId"] == session_id
    expected = {"natural_language": ("search_query", "shortlist"), "action_kind": ("action_book_option", "option_unavailable")}
    assert (data["event"]["kind"], data["result"]["status"]) == expected[name]


@pytest.mark.parametrize("name", ["natural_language", "action_kind"])
async def test_event_request_examples_as_written_name_a_session_we_do_not_have(contract, client, partner, name):
    example = request_examples(contract, "sendPartnerCoreChatEvent")[name]["value"]

    response = await client.post(EVENTS, json=example, headers=partner.headers)

    assert response.status_code == 404
    assert response.json()["details"] == {"sessionId": example["sessionId"]}


async def test_a_snapshot_after_the_natural_language_example_is_in_the_schema(contract, client, partner):
    example = request_examples(contract, "sendPartnerCoreChatEvent")["natural_language"]["value"]
    session_id = await created_session(client, partner)
    await client.post(EVENTS, json={**example, "sessionId": session_id}, headers=partner.headers)

    response = await client.get(f"{SESSIONS}/{session_id}", headers=partner.headers)

    assert_valid(contract, "getPartnerCoreChatSession", response)
    assert [(e["kind"], e["resultStatus"]) for e in response.json()["data"]["events"]] == [
        ("search_query", "shortlist")
    ]
