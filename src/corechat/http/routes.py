"""The routing table: path and method to an operation name, with the contract's 404, 405 and blank-id 400."""

from __future__ import annotations

from corechat.errors import MethodNotAllowed, NotFound

API = "/api/partner/v1"
SESSIONS = API + "/core-chat/sessions"
EVENTS = API + "/core-chat/events"
SESSION_PREFIX = SESSIONS + "/"
CONTRACT = API + "/openapi.yaml"

_EXACT: dict[str, dict[str, str]] = {
    SESSIONS: {"POST": "create_session"},
    EVENTS: {"POST": "send_event"},
    CONTRACT: {"GET": "contract"},
    "/healthz": {"GET": "healthz"},
    "/readyz": {"GET": "readyz"},
}
_TEMPLATES = {
    "create_session": f"POST {SESSIONS}",
    "send_event": f"POST {EVENTS}",
    "get_session": f"GET {SESSIONS}/{{sessionId}}",
    "contract": f"GET {CONTRACT}",
    "healthz": "GET /healthz",
    "readyz": "GET /readyz",
}


class WrongMethod(MethodNotAllowed):
    """A 405 that knows the methods the path does allow (the Allow header)."""

    def __init__(self, allow: str) -> None:
        super().__init__()
        self.allow = allow


class Match:
    __slots__ = ("operation", "template", "session_id")

    def __init__(self, operation: str, session_id: str | None = None) -> None:
        self.operation = operation
        self.template = _TEMPLATES[operation]
        self.session_id = session_id


def match(method: str, path: str) -> Match:
    """Raises ``NotFound`` for an unknown path and ``WrongMethod`` for a method the path does not take."""
    methods = _EXACT.get(path)
    session_id = None
    if methods is None and path.startswith(SESSION_PREFIX) and "/" not in path[len(SESSION_PREFIX):]:
        methods = {"GET": "get_session"}
        session_id = path[len(SESSION_PREFIX):]
    if methods is None:
        raise NotFound()
    operation = methods.get(method)
    if operation is None:
        raise WrongMethod(", ".join(sorted(methods)))
    return Match(operation, session_id)
