"""The partner API as one ASGI application.

Each request: a request id; the route (404/405); for partner operations, the overload guard (503),
the per-address guard on failed authentication, the key (401/403), the partner's minute window
(429); then the body (415, 413, 400) decoded into a service command; the service's reply or its
error in the one envelope.
Every response carries x-request-id; every authenticated one the partner and rate-limit headers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.types import Receive, Scope, Send

from corechat import errors
from corechat.config import Settings
from corechat.http import body as bodies
from corechat.http import commands, decoding, routes
from corechat.http.auth import Authenticator
from corechat.http.clientaddr import client_address, trusted_networks
from corechat.http.health import Health
from corechat.http.requestid import request_id_from
from corechat.http.responses import RequestContext, Response, error_response
from corechat.logs import log_request
from corechat.ratelimit import Limiter, MemoryLimiter
from corechat.service.commands import Caller, ChatService, Reply

logger = logging.getLogger("corechat.http")

Handler = Callable[[Caller, routes.Match, Scope, Receive], Awaitable[Reply]]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _header_list(scope: Scope, name: bytes) -> str | None:
    """Every line of a list-valued header, joined in order: a proxy may add its own line after the client's."""
    values = [value.decode("latin-1") for key, value in scope["headers"] if key == name]
    return ", ".join(values) if values else None


class PartnerApi:
    def __init__(
        self,
        *,
        service: ChatService,
        authenticator: Authenticator,
        limiter: Limiter,
        health: Health,
        settings: Settings,
        contract: bytes,
    ) -> None:
        self._service = service
        self._authenticator = authenticator
        self._limiter = limiter
        # Failed authentication is counted per process: a cheap check on every request, no round trip.
        self._auth_failures = MemoryLimiter()
        self._health = health
        self._settings = settings
        self._contract = contract
        self._trusted = trusted_networks(settings.trusted_proxies)
        # Partner requests being answered now; past settings.max_in_flight the answer is a quick 503.
        self._in_flight = 0
        self._handlers: dict[str, Handler] = {
            "create_session": self._create_session,
            "send_event": self._send_event,
            "get_session": self._get_session,
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        started = time.perf_counter()
        context = RequestContext(request_id_from(_header(scope, b"x-request-id")))
        try:
            response = await self._respond(scope, receive, context)
        except errors.CoreChatError as error:
            response = error_response(error, context)
        except Exception:
            logger.exception(
                "unhandled error",
                extra={"fields": {"requestId": context.request_id, "route": context.route}},
            )
            response = error_response(errors.InternalError(), context)
        context.finish(response)
        await response.send(send)
        log_request(
            request_id=context.request_id,
            partner_id=context.partner_id,
            route=context.route,
            status=response.status,
            duration_ms=(time.perf_counter() - started) * 1000,
        )

    async def _respond(self, scope: Scope, receive: Receive, context: RequestContext) -> Response:
        try:
            match = routes.match(scope["method"], scope["path"])
        except routes.WrongMethod as error:
            context.allow = error.allow
            raise
        context.route = match.template
        if match.operation == "healthz":
            return self._health.live()
        if match.operation == "readyz":
            return await self._health.ready()
        if match.operation == "contract":
            return Response(200, self._contract, b"application/yaml")
        if self._in_flight >= self._settings.max_in_flight:
            raise errors.Overloaded()
        self._in_flight += 1
        try:
            return await self._partner_operation(match, scope, receive, context)
        finally:
            self._in_flight -= 1

    async def _partner_operation(
        self, match: routes.Match, scope: Scope, receive: Receive, context: RequestContext
    ) -> Response:
        caller = await self._authenticate(scope)
        context.partner_id = caller.partner_id
        window = await self._limiter.hit("partner:" + caller.partner_id, caller.rate_limit_per_minute)
        context.window = window
        if not window.allowed:
            raise errors.RateLimited(
                f"Exceeded {window.limit} requests per minute",
                retry_after=window.retry_after,
                details={"partnerId": caller.partner_id},
            )
        reply = await self._handlers[match.operation](caller, match, scope, receive)
        response = Response(200, reply.body)
        if reply.replayed:
            response.header(b"idempotent-replayed", b"true")
        return response

    async def _authenticate(self, scope: Scope) -> Caller:
        """A valid key always gets in; failed attempts are limited per client address, so a
        scanner is slowed down without locking out the partners who share its address."""
        try:
            return await self._authenticator.authenticate(scope["headers"])
        except errors.InvalidApiKey:
            limit = self._settings.auth_failures_per_minute
            address = "auth:" + client_address(
                (scope.get("client") or (None,))[0], _header_list(scope, b"x-forwarded-for"), self._trusted
            )
            failures = await self._auth_failures.hit(address, limit)
            if not failures.allowed:
                raise errors.RateLimited(
                    f"Exceeded {limit} failed authentication attempts per minute",
                    retry_after=failures.retry_after,
                    details={"scope": "auth_failures"},
                ) from None
            raise

    async def _json_body(self, scope: Scope, receive: Receive) -> Any:
        bodies.check_content_type(_header(scope, b"content-type"))
        limit = self._settings.max_body_bytes
        bodies.check_declared_length(_header(scope, b"content-length"), limit)
        value = decoding.decode_json(await bodies.read_body(receive, limit))
        decoding.reject_nul_characters(value)
        return value

    async def _create_session(self, caller: Caller, match: routes.Match, scope: Scope, receive: Receive) -> Reply:
        command = commands.create_session_from(await self._json_body(scope, receive))
        return await self._service.create_session(caller, command)

    async def _send_event(self, caller: Caller, match: routes.Match, scope: Scope, receive: Receive) -> Reply:
        body = await self._json_body(scope, receive)
        command = commands.send_event_from(
            body,
            request_hash=decoding.request_hash(routes.EVENTS, body),
            max_text_chars=self._settings.max_text_chars,
        )
        return await self._service.send_event(caller, command)

    async def _get_session(self, caller: Caller, match: routes.Match, scope: Scope, receive: Receive) -> Reply:
        session_id = match.session_id or ""
        if not session_id.strip():
            raise errors.InvalidRequest("sessionId is required")
        decoding.reject_nul_characters(session_id, "sessionId")
        return await self._service.get_session(caller, session_id)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
