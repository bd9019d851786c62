"""The use cases behind the three routes: create a session, handle an event, take a snapshot.

How one event travels (CONVERSATION.md §8, ARCHITECTURE.md "How a request travels"):

1. a stored response for the idempotency key is replayed before anything else;
2. the session is loaded through the caller's scope and the engine validates the input
   (a 400 here consumes nothing);
3. ``Store.claim`` commits the key as in progress and leases the session: events of one session
   run one at a time through the database, and a busy session is waited for, never locked in-process;
4. the engine decides; its effects run through the ports outside any transaction;
5. ``Store.finish`` commits the event, the new state, the stored response and the key's completion
   in one transaction. Any failure between the claim and the finish releases both.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from corechat import jsoncodec
from corechat.clock import Clock, IdSource
from corechat.conversation.engine import Engine
from corechat.conversation.records import decode_record
from corechat.conversation.steps import EFFECTS, Done, EventContext, EventInput, RecallOptionEffect
from corechat.errors import (
    ActorMismatch,
    IdempotencyInProgress,
    IdempotencyKeyReused,
    InternalError,
    Overloaded,
    SessionEventLimit,
    SessionNotFound,
)
from corechat.faults import AFTER_CLAIM, BEFORE_FINISH, FaultPoints
from corechat.model import Option
from corechat.payments.port import Wallet
from corechat.service import identifiers
from corechat.service.backoff import Backoff
from corechat.service.commands import Caller, CreateSession, Reply, SendEvent
from corechat.service.effects import EffectRunner
from corechat.service.views import event_reply_view, session_view
from corechat.storage.ports import (
    AlreadyExists,
    EventIdTaken,
    EventRecord,
    IdempotencyRecord,
    KeyClaim,
    LeaseLost,
    Scope,
    SessionRecord,
    Store,
)
from corechat.suppliers.port import HotelSupplier

DEFAULT_CHANNEL_ID = "partner-chat"
# Waiting for a busy session may outlast one lease (the holder may have crashed and its lease
# must expire before the session can be taken over), with half a lease more for the takeover.
BUSY_WAIT_LEASES = 1.5
# A turn asks for at most a few effects (price check, cards, book); more means an engine bug.
MAX_EFFECTS_PER_EVENT = 8
SESSION_ID_ATTEMPTS = 3


class ServiceSettings(Protocol):
    idempotency_retention_seconds: float
    lease_seconds: float
    supplier_timeout_seconds: float
    session_event_limit: int


class Service:
    def __init__(
        self,
        store: Store,
        engine: Engine,
        supplier: HotelSupplier,
        wallet: Wallet,
        clock: Clock,
        ids: IdSource,
        settings: ServiceSettings,
        faults: FaultPoints | None = None,
    ) -> None:
        self._store = store
        self._engine = engine
        self._clock = clock
        self._ids = ids
        self._settings = settings
        self._faults = faults
        self._effects = EffectRunner(supplier, wallet, settings.supplier_timeout_seconds, faults)
        # A hint, never a lock: the suffix last used in this process for the current millisecond,
        # so that events in one millisecond do not each probe the taken ids one by one.
        self._last_event_ms = -1
        self._last_suffix = 0

    # ---- sessions

    async def create_session(self, caller: Caller, command: CreateSession) -> Reply:
        now = self._clock.now()
        state = self._engine.initial_state()
        for attempt in range(1, SESSION_ID_ATTEMPTS + 1):
            session = _new_session(caller, command, now, identifiers.new_session_id(now, self._ids), state)
            try:
                await self._store.create_session(session)
                break
            except AlreadyExists:
                # 36**8 ids per millisecond make this all but impossible; a retry makes it harmless.
                if attempt == SESSION_ID_ATTEMPTS:
                    raise
        return _reply(session_view(session, [], self._engine.snapshot_view(state)))

    async def get_session(self, caller: Caller, session_id: str) -> Reply:
        scope = _scope(caller)
        session = await self._store.get_session(scope, session_id)
        if session is None:
            raise SessionNotFound(session_id)
        events = await self._store.list_events(scope, session_id)
        state = self._engine.decode_state(session.state)
        return _reply(session_view(session, events, self._engine.snapshot_view(state)))

    async def purge_expired_keys(self) -> int:
        """Drop idempotency records past their retention; the server calls this periodically."""
        return await self._store.purge_idempotency(self._clock.now())

    # ---- events

    async def send_event(self, caller: Caller, command: SendEvent) -> Reply:
        key = (
            KeyClaim(
                partner_id=caller.partner_id,
                key=command.idempotency_key,
                request_hash=command.request_hash,
            )
            if command.idempotency_key is not None
            else None
        )
        if key is not None:
            stored = await self._store.get_idempotency(caller.partner_id, key.key)
            if stored is not None:
                replay = self._replay_or_conflict(stored, key)
                if replay is not None:
                    return replay

        scope = _scope(caller)
        session = await self._store.get_session(scope, command.session_id)
        if session is None:
            raise SessionNotFound(command.session_id)
        if command.actor is not None and command.actor.actor_id is not None:
            if command.actor.actor_id != session.actor_id:
                raise ActorMismatch(session.actor_id)
        self._check_event_limit(session)
        event_input = EventInput(
            kind=command.kind,
            text=command.text,
            payload=command.payload,
            idempotency_key=command.idempotency_key,
        )
        prepared = self._prepare(session, event_input, caller)

        owner = identifiers.lease_owner(self._ids)
        claim = await self._claim(scope, command.session_id, key, owner)
        if isinstance(claim, Reply):
            return claim
        claimed, resumed = claim
        try:
            if self._faults is not None:
                await self._faults.reach(AFTER_CLAIM)
            if claimed.event_count != session.event_count:
                # Other events landed while we waited: validate against the state we now hold.
                self._check_event_limit(claimed)
                prepared = self._prepare(claimed, event_input, caller)
            state, engine_command = prepared
            ctx = self._context(claimed, caller, command.idempotency_key)
            done = await self._run(state, engine_command, ctx, resumed=resumed)
            if self._faults is not None:
                await self._faults.reach(BEFORE_FINISH)
            return await self._finish(scope, claimed, caller, event_input, done, ctx, owner, key)
        except LeaseLost:
            # Our lease expired and another request took the session over; it owns the outcome.
            raise (IdempotencyInProgress() if key is not None else Overloaded()) from None
        except BaseException:
            await self._store.release(scope, command.session_id, owner=owner, key=key)
            raise

    def _replay_or_conflict(self, stored: IdempotencyRecord, key: KeyClaim) -> Reply | None:
        if stored.request_hash != key.request_hash:
            raise IdempotencyKeyReused()
        if stored.status == "done" and stored.response_body is not None:
            return Reply(body=stored.response_body, replayed=True)
        lease_live = stored.lease_expires_at is not None and stored.lease_expires_at > self._clock.now()
        if lease_live:
            raise IdempotencyInProgress()
        return None  # an abandoned claim of this very request: the claim below resumes it

    def _check_event_limit(self, session: SessionRecord) -> None:
        limit = self._settings.session_event_limit
        if session.event_count >= limit:
            raise SessionEventLimit(limit)

    def _prepare(self, session: SessionRecord, event_input: EventInput, caller: Caller) -> tuple[Any, Any]:
        state = self._engine.decode_state(session.state)
        ctx = self._context(session, caller, event_input.idempotency_key)
        return state, self._engine.prepare(state, event_input, ctx)

    def _context(
        self, session: SessionRecord, caller: Caller, idempotency_key: str | None
    ) -> EventContext:
        return EventContext(
            now=self._clock.now(),
            session_id=session.session_id,
            tenant_id=session.tenant_id,
            actor_id=session.actor_id,
            timezone_offset_minutes=session.timezone_offset_minutes,
            mode=caller.mode,
            supplier_key=identifiers.supplier_key(caller.partner_id, idempotency_key),
        )

    async def _claim(
        self, scope: Scope, session_id: str, key: KeyClaim | None, owner: str
    ) -> tuple[SessionRecord, bool] | Reply:
        backoff: Backoff | None = None
        while True:
            result = await self._store.claim(
                scope,
                session_id,
                key,
                owner=owner,
                now=self._clock.now(),
                lease_seconds=self._settings.lease_seconds,
                retention_seconds=self._settings.idempotency_retention_seconds,
            )
            outcome = result.outcome
            if outcome == "claimed":
                if result.session is None:
                    raise InternalError()
                return result.session, result.resumed
            if outcome == "key_done":
                if result.record is None or result.record.response_body is None:
                    raise InternalError()
                return Reply(body=result.record.response_body, replayed=True)
            if outcome == "key_in_progress":
                raise IdempotencyInProgress()
            if outcome == "key_reused":
                raise IdempotencyKeyReused()
            if outcome == "session_gone":
                raise SessionNotFound(session_id)
            # session_busy: another event of this session holds its lease
            if backoff is None:
                backoff = Backoff(self._settings.lease_seconds * BUSY_WAIT_LEASES)
            if not await backoff.wait():
                raise Overloaded()

    async def _run(self, state: Any, engine_command: Any, ctx: EventContext, *, resumed: bool) -> Done:
        step = self._engine.decide(state, engine_command, ctx)
        for _ in range(MAX_EFFECTS_PER_EVENT):
            if not isinstance(step, EFFECTS):
                break
            if isinstance(step, RecallOptionEffect):
                outcome = await self._recall_option(ctx, step.option_id)
            else:
                outcome = await self._effects.perform(step, ctx, resumed=resumed)
            step = self._engine.resume(state, engine_command, ctx, step, outcome)
        if not isinstance(step, Done):
            raise InternalError()
        return step

    async def _recall_option(self, ctx: EventContext, option_id: str) -> Option | None:
        """An option the session was shown long ago, from the shortlists its own events recorded
        (one read, no commit): an optionId stays valid for the session that was shown it."""
        events = await self._store.list_events(Scope(ctx.tenant_id, ctx.mode), ctx.session_id)
        for event in reversed(events):
            shortlist = decode_record(event.outcome).shortlist or ()
            for option in shortlist:
                if option.option_id == option_id:
                    return option
        return None

    async def _finish(
        self,
        scope: Scope,
        session: SessionRecord,
        caller: Caller,
        event_input: EventInput,
        done: Done,
        ctx: EventContext,
        owner: str,
        key: KeyClaim | None,
    ) -> Reply:
        recorded_at = ctx.now
        millis = identifiers.epoch_ms(recorded_at)
        suffix = self._last_suffix + 1 if millis == self._last_event_ms else 0
        input_bytes = jsoncodec.encode(event_input)
        outcome_bytes = jsoncodec.encode(done.record)
        state_bytes = jsoncodec.encode(done.state)
        while True:
            event_id = identifiers.event_id(recorded_at, suffix)
            body = jsoncodec.encode({"data": event_reply_view(session, event_id, done.kind, done.result)})
            event = EventRecord(
                session_id=session.session_id,
                seq=session.event_count + 1,
                event_id=event_id,
                kind=done.kind,
                text=done.text,
                result_status=done.result.status,
                recorded_at=recorded_at,
                input=input_bytes,
                outcome=outcome_bytes,
            )
            try:
                await self._store.finish(
                    scope, event, owner=owner, new_state=state_bytes, key=key, response_body=body
                )
            except EventIdTaken:
                suffix += 1
                continue
            self._last_event_ms, self._last_suffix = millis, suffix
            return Reply(body=body)


def _new_session(
    caller: Caller, command: CreateSession, now: dt.datetime, session_id: str, state: Any
) -> SessionRecord:
    conversation = command.conversation
    channel_id = (conversation.channel_id if conversation else None) or DEFAULT_CHANNEL_ID
    return SessionRecord(
        session_id=session_id,
        tenant_id=caller.tenant_id,
        mode=caller.mode,
        partner_id=caller.partner_id,
        actor_id=command.actor.actor_id,
        timezone_offset_minutes=command.actor.timezone_offset_minutes,
        channel_id=channel_id,
        workspace_id=command.channel.workspace_id if command.channel else None,
        conversation_id=f"{channel_id}:{session_id}",
        thread_ts=(conversation.thread_ts if conversation else None) or session_id,
        created_at=now,
        updated_at=now,
        event_count=0,
        state=jsoncodec.encode(state),
    )


def _scope(caller: Caller) -> Scope:
    return Scope(caller.tenant_id, caller.mode)


def _reply(data: dict[str, Any]) -> Reply:
    return Reply(body=jsoncodec.encode({"data": data}))
