"""The JSON bodies the service answers with (CONVERSATION.md §0, §10), as plain dicts."""

from __future__ import annotations

from typing import Any

from corechat.conversation.steps import Result
from corechat.clock import iso_millis
from corechat.service.identifiers import trace_id
from corechat.storage.ports import EventRecord, SessionRecord


def session_view(session: SessionRecord, events: list[EventRecord], state_view: Any) -> dict[str, Any]:
    return {
        "sessionId": session.session_id,
        "tenantId": session.tenant_id,
        "channel": {"type": "partner_api", "workspaceId": session.workspace_id},
        "conversation": {
            "id": session.conversation_id,
            "channelId": session.channel_id,
            "threadTs": session.thread_ts,
        },
        "actor": {
            "actorId": session.actor_id,
            "timezoneOffsetMinutes": session.timezone_offset_minutes,
        },
        "createdAt": iso_millis(session.created_at),
        "updatedAt": iso_millis(session.updated_at),
        "events": [event_view(event) for event in events],
        "state": state_view,
    }


def event_view(event: EventRecord) -> dict[str, Any]:
    view = {
        "eventId": event.event_id,
        "kind": event.kind,
        "resultStatus": event.result_status,
        "recordedAt": iso_millis(event.recorded_at),
    }
    if event.text is not None:
        view["text"] = event.text
    return view


def event_reply_view(
    session: SessionRecord, event_id: str, kind: str, result: Result
) -> dict[str, Any]:
    return {
        "sessionId": session.session_id,
        "event": {"id": event_id, "kind": kind},
        "result": {
            "traceId": trace_id(session.tenant_id, session.channel_id, session.session_id, event_id),
            "status": result.status,
            "message": {"text": result.message},
            "artifacts": result.artifacts,
        },
    }
