"""The one error tree of corechat.

Every failure a caller can see is a ``CoreChatError`` with a stable ``code``, the contract's exact
``message`` and optional ``details``. Nothing here knows about HTTP: ``corechat.http.errors`` maps
each class to a status code in one table.

    CoreChatError
    ├── InvalidRequest              invalid_request            (malformed or incomplete input)
    │   ├── InvalidJson             invalid_request            "Invalid JSON payload"
    │   ├── UnsupportedKind         invalid_request            "Unsupported kind: <kind>"
    │   └── CardNumberRejected      invalid_request            "<field> must not contain a card number"
    ├── MissingApiKey               missing_partner_api_key
    ├── InvalidApiKey               invalid_partner_api_key
    ├── RateLimited                 rate_limited               (carries retry_after and the limit)
    ├── NotFound                    not_found                  (unknown route)
    │   └── SessionNotFound         session_not_found
    ├── MethodNotAllowed            method_not_allowed
    ├── Conflict
    │   ├── ActorMismatch           actor_mismatch
    │   ├── IdempotencyKeyReused    idempotency_key_reused
    │   ├── IdempotencyInProgress   idempotency_request_in_progress
    │   └── SessionEventLimit       session_event_limit
    ├── PayloadTooLarge             payload_too_large
    ├── UnsupportedMediaType        unsupported_media_type
    ├── Overloaded                  overloaded
    └── InternalError               internal_error             (nothing internal in the message)
"""

from __future__ import annotations

from typing import Any


class CoreChatError(Exception):
    code: str = "internal_error"
    default_message: str = "Internal server error."

    def __init__(self, message: str | None = None, *, details: Any = None) -> None:
        self.message = message if message is not None else self.default_message
        self.details = details
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class InvalidRequest(CoreChatError):
    code = "invalid_request"
    default_message = "Invalid request."


class InvalidJson(InvalidRequest):
    default_message = "Invalid JSON payload"


class UnsupportedKind(InvalidRequest):
    def __init__(self, kind: str, supported: list[str]) -> None:
        super().__init__(f"Unsupported kind: {kind}", details={"supportedKinds": list(supported)})


class CardNumberRejected(InvalidRequest):
    """A value that looks like a card number. The value itself is never kept, echoed or logged."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field} must not contain a card number", details={"field": field})


class MissingApiKey(CoreChatError):
    code = "missing_partner_api_key"
    default_message = "Missing partner API key."


class InvalidApiKey(CoreChatError):
    code = "invalid_partner_api_key"
    default_message = "Invalid partner API key."


class RateLimited(CoreChatError):
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, details: Any = None) -> None:
        super().__init__(message, details=details)
        self.retry_after = retry_after


class NotFound(CoreChatError):
    code = "not_found"
    default_message = "Not found."


class SessionNotFound(NotFound):
    code = "session_not_found"
    default_message = "Session not found."

    def __init__(self, session_id: str) -> None:
        super().__init__(details={"sessionId": session_id})


class MethodNotAllowed(CoreChatError):
    code = "method_not_allowed"
    default_message = "Method not allowed."


class Conflict(CoreChatError):
    code = "conflict"


class ActorMismatch(Conflict):
    code = "actor_mismatch"

    def __init__(self, owner_actor_id: str) -> None:
        super().__init__(
            f"actor.actorId does not match the session owner ({owner_actor_id})."
        )


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"
    default_message = "idempotencyKey was already used with a different request."


class IdempotencyInProgress(Conflict):
    code = "idempotency_request_in_progress"
    default_message = "A request with this idempotencyKey is still in progress."


class SessionEventLimit(Conflict):
    code = "session_event_limit"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"Session has reached its limit of {limit} events; start a new session.",
            details={"limit": limit},
        )


class PayloadTooLarge(CoreChatError):
    code = "payload_too_large"

    def __init__(self, limit_bytes: int) -> None:
        super().__init__(
            f"Request body exceeds {limit_bytes} bytes", details={"limitBytes": limit_bytes}
        )


class UnsupportedMediaType(CoreChatError):
    code = "unsupported_media_type"
    default_message = "Content-Type must be application/json"


class Overloaded(CoreChatError):
    code = "overloaded"
    default_message = "Service is overloaded; retry shortly."


class InternalError(CoreChatError):
    code = "internal_error"
    default_message = "Internal server error."
