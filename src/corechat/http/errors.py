"""The one table from ``corechat.errors`` classes to HTTP statuses, and the error envelope.

Every error body is ``{success: false, error, code, details, requestId}`` (CONVERSATION.md §0): a
superset of both of the contract's error schemas, with ``error`` in the contract's exact wording.
"""

from __future__ import annotations

from corechat import errors
from corechat.jsoncodec import encode

STATUS_BY_ERROR: dict[type[errors.CoreChatError], int] = {
    errors.InvalidRequest: 400,
    errors.MissingApiKey: 401,
    errors.InvalidApiKey: 403,
    errors.NotFound: 404,
    errors.MethodNotAllowed: 405,
    errors.Conflict: 409,
    errors.PayloadTooLarge: 413,
    errors.UnsupportedMediaType: 415,
    errors.RateLimited: 429,
    errors.InternalError: 500,
    errors.Overloaded: 503,
}


def status_of(error: errors.CoreChatError) -> int:
    for cls in type(error).__mro__:
        status = STATUS_BY_ERROR.get(cls)  # type: ignore[arg-type]
        if status is not None:
            return status
    return 500


def envelope(error: errors.CoreChatError, request_id: str) -> bytes:
    return encode(
        {
            "success": False,
            "error": error.message,
            "code": error.code,
            "details": error.details,
            "requestId": request_id,
        }
    )
