"""schemathesis against the served contract, in-process: every check, positive and negative data, a valid key.

The contract's schemas are looser than its prose and CONVERSATION.md: `text` or `kind` is required,
write kinds need an idempotencyKey, `timezoneOffsetMinutes` is bounded, and a blank path sessionId is
the contract's own 400 example. Schema-valid data can therefore rightly get a 400 there, so the
positive-data check accepts 400 on those operations; every other check keeps its defaults. The
service is never loosened to please the fuzzer.

Links from session creation to the other two operations (the contract has none) let stateful runs
reach real sessions. Examples are bounded and the seed fixed, so the suite stays quick and repeatable.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterator

import anyio.from_thread
import hypothesis
import msgspec
import pytest
import schemathesis
import yaml
from schemathesis.config import SchemathesisConfig

from corechat.bootstrap import contract_text

SEED = 20261129
POSITIVE_STATUSES_WITH_400 = ["2xx", "400", "401", "403", "404", "409", "429"]
CONFIG = {
    "seed": SEED,
    "generation": {"mode": "all", "max-examples": 12, "with-security-parameters": False},
    "phases": {"stateful": {"max-steps": 12}},
    "operations": [
        {"include-operation-id": operation_id,
         "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_STATUSES_WITH_400}}}
        for operation_id in ("createPartnerCoreChatSession", "sendPartnerCoreChatEvent", "getPartnerCoreChatSession")
    ],
}
LINKS = {
    "SendEventInSession": {
        "operationId": "sendPartnerCoreChatEvent",
        "requestBody": {"sessionId": "$response.body#/data/sessionId"},
    },
    "GetSession": {
        "operationId": "getPartnerCoreChatSession",
        "parameters": {"sessionId": "$response.body#/data/sessionId"},
    },
}


def contract_with_links() -> dict:
    contract = yaml.safe_load(contract_text())
    created = contract["paths"]["/api/partner/v1/core-chat/sessions"]["post"]["responses"]["200"]
    created["links"] = LINKS
    return contract


@pytest.fixture
def settings(settings):
    # The ignored_auth check sends many bad keys from one address: keep the per-address guard on
    # failed authentication (tested in test_edge_auth.py) from turning the rest of the run into 429s.
    return msgspec.structs.replace(settings, auth_failures_per_minute=1_000_000)


class CurrentApp:
    """The ASGI app schemathesis calls: forwards each request to the app built for the running test.

    schemathesis keeps one lifespan per app object for the whole process and runs requests in an
    event loop thread of its own, so it gets this stable forwarder. The app itself lives in the test's
    own loop thread (the store's connections belong to the loop that opened them, as asyncpg's do),
    and the forwarder hands each request over, with receive and send called back in the caller's loop.
    """

    def __init__(self) -> None:
        self.target = None
        self.loop: asyncio.AbstractEventLoop | None = None

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        caller = asyncio.get_running_loop()

        def in_caller(fn):
            async def call(*args):
                return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(fn(*args), caller))

            return call

        handled = asyncio.run_coroutine_threadsafe(self.target(scope, in_caller(receive), in_caller(send)), self.loop)
        await asyncio.wrap_future(handled)


current_app = CurrentApp()
schema = schemathesis.openapi.from_dict(contract_with_links(), config=SchemathesisConfig.from_dict(CONFIG))
schema.app = current_app


@pytest.fixture
def key_headers(settings, clock) -> Iterator[dict[str, str]]:
    """Builds the app in a loop thread of its own, plugs it into ``current_app``; yields a fuzzing key."""
    from corechat import partners
    from corechat.bootstrap import build

    with anyio.from_thread.start_blocking_portal() as portal:
        app = portal.call(functools.partial(build, settings, clock=clock))
        try:
            fuzzer = portal.call(functools.partial(
                partners.create_partner, app.store, tenant_id="tenant-fuzz", name="fuzzer", mode="test",
                rate_limit_per_minute=100_000, now=clock.now(),
            ))
            current_app.loop = portal.call(asyncio.get_running_loop)
            current_app.target = app.asgi
            yield {"x-partner-api-key": fuzzer.api_key}
        finally:
            current_app.target = None
            portal.call(app.close)


@schema.parametrize()
@hypothesis.settings(deadline=None, suppress_health_check=list(hypothesis.HealthCheck))
def test_the_app_conforms_to_the_contract(case, key_headers):
    case.call_and_validate(headers=dict(key_headers))


StatefulContract = schema.as_state_machine()


def test_stateful_runs_through_linked_sessions_conform(key_headers):
    answered: set[tuple[str, int]] = set()

    class Machine(StatefulContract):
        def get_call_kwargs(self, case):
            return {"headers": dict(key_headers)}

        def after_call(self, response, case):
            super().after_call(response, case)
            answered.add((case.operation.definition.raw.get("operationId"), response.status_code))

    Machine.run(
        settings=hypothesis.settings(
            max_examples=8,
            stateful_step_count=8,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
    # The links took the machine into sessions it created: snapshots and events answered for real.
    assert ("getPartnerCoreChatSession", 200) in answered
    assert ("sendPartnerCoreChatEvent", 200) in answered
