"""Building the response: status, body and the headers every response, or every authenticated one, carries."""

from __future__ import annotations

from starlette.types import Send

from corechat import errors
from corechat.http.errors import envelope, status_of
from corechat.ratelimit import Window


class Response:
    __slots__ = ("status", "body", "headers")

    def __init__(self, status: int, body: bytes, content_type: bytes = b"application/json") -> None:
        self.status = status
        self.body = body
        self.headers: list[tuple[bytes, bytes]] = [(b"content-type", content_type)]

    def header(self, name: bytes, value: str | bytes) -> None:
        self.headers.append((name, value if isinstance(value, bytes) else value.encode("latin-1")))

    async def send(self, send: Send) -> None:
        self.headers.append((b"content-length", str(len(self.body)).encode()))
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body})


class RequestContext:
    """What the edge learned about one request, for its response headers and its log line."""

    __slots__ = ("request_id", "route", "partner_id", "window", "allow")

    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        self.route = "unmatched"
        self.partner_id: str | None = None
        self.window: Window | None = None
        self.allow: str | None = None

    def finish(self, response: Response) -> Response:
        response.header(b"x-request-id", self.request_id)
        response.header(b"cache-control", b"no-store")
        if self.partner_id is not None:
            response.header(b"x-partner-id", self.partner_id)
        if self.window is not None:
            response.header(b"x-ratelimit-limit", str(self.window.limit))
            response.header(b"x-ratelimit-remaining", str(self.window.remaining))
        return response


def error_response(error: errors.CoreChatError, context: RequestContext) -> Response:
    response = Response(status_of(error), envelope(error, context.request_id))
    if isinstance(error, errors.RateLimited):
        response.header(b"retry-after", str(error.retry_after))
    elif isinstance(error, errors.Overloaded):
        response.header(b"retry-after", b"1")
    if isinstance(error, errors.MethodNotAllowed) and context.allow:
        response.header(b"allow", context.allow)
    return response
