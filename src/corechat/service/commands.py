"""The service's use cases as the edge calls them: typed commands in, exact response bytes out.

The edge (``corechat.http``) authenticates, rate-limits and decodes the JSON body into these
commands (turning decoding failures into the contract's 400s); the service does everything else.
Responses are returned as the encoded ``{"data": ...}`` bytes so an idempotent replay can answer
byte for byte what was answered first.
"""

from __future__ import annotations

from typing import Any, Protocol

import msgspec

from corechat.model import Mode


class Caller(msgspec.Struct, frozen=True, kw_only=True):
    """The authenticated partner key behind a request."""

    partner_id: str
    tenant_id: str
    mode: Mode
    key_id: str
    rate_limit_per_minute: int


class ActorIn(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    actor_id: str
    timezone_offset_minutes: int | None = None


class ConversationIn(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    id: str | None = None
    channel_id: str | None = None
    thread_ts: str | None = None


class ChannelIn(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    workspace_id: str | None = None


class CreateSession(msgspec.Struct, frozen=True, kw_only=True):
    actor: ActorIn
    conversation: ConversationIn | None = None
    channel: ChannelIn | None = None


class EventActorIn(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    actor_id: str | None = None


class SendEvent(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    actor: EventActorIn | None = None
    kind: str | None = None
    text: str | None = None
    payload: dict[str, Any] = {}
    idempotency_key: str | None = None
    # SHA-256 hex of the endpoint and the body's canonical JSON (keys sorted, no whitespace),
    # computed by the edge from the decoded body: "same request" in CONVERSATION.md §8.
    request_hash: str = ""


class Reply(msgspec.Struct, frozen=True, kw_only=True):
    body: bytes  # the encoded {"data": ...}
    replayed: bool = False


class ChatService(Protocol):
    async def create_session(self, caller: Caller, command: CreateSession) -> Reply: ...

    async def send_event(self, caller: Caller, command: SendEvent) -> Reply: ...

    async def get_session(self, caller: Caller, session_id: str) -> Reply: ...
