"""One event in progress: its inputs, and the one way to finish it (record, evolve, answer)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from corechat.clock import local_today

from . import actions
from .commands import Command
from .criteria import search_view
from .records import EventRecord, evolve
from .stage import stage_of
from .state import SessionState
from .steps import Done, EventContext, Result


class Turn:
    """One event in progress: its inputs, and how to finish it."""

    def __init__(self, state: SessionState, command: Command, ctx: EventContext) -> None:
        self.state = state
        self.command = command
        self.ctx = ctx

    @property
    def today(self) -> dt.date:
        return local_today(self.ctx.now, self.ctx.timezone_offset_minutes)

    def done(
        self,
        status: str,
        message: str,
        artifacts: dict[str, Any] | None = None,
        next_actions: list[dict[str, Any]] | None = None,
        **facts: Any,
    ) -> Done:
        facts.setdefault("last_question", self.state.last_question)
        record = EventRecord(kind=self.command.kind, status=status, **facts)
        new_state = evolve(self.state, record)
        shown = {
            "search": search_view(new_state.criteria),
            **(artifacts or {}),
            "nextActions": next_actions or [],
        }
        return Done(
            kind=self.command.kind,
            text=self.command.text,
            result=Result(status=status, message=message, artifacts=shown),
            record=record,
            state=new_state,
        )

    def rejected(self, message: str) -> Done:
        return self.done("action_rejected", message, next_actions=actions.for_stage(self.state, stage_of(self.state)))

    def abandon_pending(self) -> dict[str, Any]:
        return {"pending_change": "clear"} if self.state.pending is not None else {}
