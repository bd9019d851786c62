"""The conventional stack: corechat's create-session endpoint written the everyday way.

FastAPI routes with a dependency that authenticates the partner key (its SHA-256 hash looked up in
corechat's ``api_keys`` table on every request, as an uncached everyday app does), pydantic models
for the request and the response, and SQLAlchemy 2 async Core for the insert, on the same schema
and with the same durability (SQLite WAL + synchronous=FULL through aiosqlite; PostgreSQL through
asyncpg with synchronous_commit on).

    BENCH_DATABASE_URL=sqlite:///path.db uvicorn bench.conventional:app --loop uvloop --http httptools
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import time

from fastapi import Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    TypeDecorator,
    event,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import create_async_engine

INITIAL_STATE = b'{"criteria":{},"shortlist":null,"pending":null,"bookings":[]}'


class Instant(TypeDecorator):
    """timestamptz on PostgreSQL; fixed-width UTC text on SQLite, as corechat's schema stores it."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(Text() if dialect.name == "sqlite" else DateTime(timezone=True))

    def process_bind_param(self, value, dialect):
        if value is not None and dialect.name == "sqlite":
            return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return value


metadata = MetaData()
partners = Table(
    "partners",
    metadata,
    Column("id", Text, primary_key=True),
    Column("tenant_id", Text),
    Column("mode", Text),
)
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Text, primary_key=True),
    Column("partner_id", Text),
    Column("key_hash", LargeBinary),
    Column("mode", Text),
    Column("expires_at", Instant),
    Column("revoked_at", Instant),
)
sessions = Table(
    "sessions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("tenant_id", Text),
    Column("mode", Text),
    Column("partner_id", Text),
    Column("actor_id", Text),
    Column("timezone_offset_minutes", Integer),
    Column("channel_id", Text),
    Column("workspace_id", Text),
    Column("conversation_id", Text),
    Column("thread_ts", Text),
    Column("created_at", Instant),
    Column("updated_at", Instant),
    Column("event_count", Integer),
    Column("state", LargeBinary),
)


class Actor(BaseModel):
    actorId: str = Field(min_length=1)
    timezoneOffsetMinutes: int | None = None


class Conversation(BaseModel):
    id: str | None = None
    channelId: str | None = None
    threadTs: str | None = None


class Channel(BaseModel):
    workspaceId: str | None = None


class CreateSessionRequest(BaseModel):
    actor: Actor
    conversation: Conversation | None = None
    channel: Channel | None = None


class ChannelView(BaseModel):
    type: str = "partner_api"
    workspaceId: str | None = None


class ConversationView(BaseModel):
    id: str
    channelId: str
    threadTs: str


class SessionData(BaseModel):
    sessionId: str
    tenantId: str
    channel: ChannelView
    conversation: ConversationView
    actor: Actor
    createdAt: dt.datetime
    updatedAt: dt.datetime
    events: list[dict] = []
    state: dict


class CreateSessionResponse(BaseModel):
    data: SessionData


class Partner(BaseModel):
    partner_id: str
    tenant_id: str
    mode: str


def make_engine(database_url: str):
    if database_url.startswith("sqlite:///"):
        engine = create_async_engine(
            "sqlite+aiosqlite:///" + database_url[len("sqlite:///"):],
            connect_args={"timeout": 5},
            pool_size=10,
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _durable(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        return engine
    url = database_url.replace("postgresql://", "postgresql+asyncpg://", 1).replace(
        "postgres://", "postgresql+asyncpg://", 1
    )
    return create_async_engine(
        url, pool_size=10, connect_args={"server_settings": {"synchronous_commit": "on"}}
    )


def build_app(database_url: str) -> FastAPI:
    engine = make_engine(database_url)
    app = FastAPI()

    async def authenticate(x_partner_api_key: str = Header(...)) -> Partner:
        digest = hashlib.sha256(x_partner_api_key.encode("utf-8")).digest()
        query = (
            select(partners.c.id, partners.c.tenant_id, api_keys.c.mode, api_keys.c.expires_at, api_keys.c.revoked_at)
            .join(partners, partners.c.id == api_keys.c.partner_id)
            .where(api_keys.c.key_hash == digest)
        )
        async with engine.connect() as connection:
            row = (await connection.execute(query)).first()
        if row is None or row.revoked_at is not None:
            raise HTTPException(status_code=403, detail="Invalid partner API key")
        return Partner(partner_id=row.id, tenant_id=row.tenant_id, mode=row.mode)

    @app.post("/api/partner/v1/core-chat/sessions", response_model=CreateSessionResponse)
    async def create_session(request: CreateSessionRequest, partner: Partner = Depends(authenticate)):
        now = dt.datetime.now(dt.timezone.utc)
        session_id = f"sess_{int(time.time() * 1000)}_{secrets.token_hex(4)}"
        channel_id = (request.conversation and request.conversation.channelId) or "partner-chat"
        thread_ts = (request.conversation and request.conversation.threadTs) or session_id
        workspace_id = request.channel.workspaceId if request.channel else None
        async with engine.begin() as connection:
            await connection.execute(
                insert(sessions).values(
                    id=session_id,
                    tenant_id=partner.tenant_id,
                    mode=partner.mode,
                    partner_id=partner.partner_id,
                    actor_id=request.actor.actorId,
                    timezone_offset_minutes=request.actor.timezoneOffsetMinutes,
                    channel_id=channel_id,
                    workspace_id=workspace_id,
                    conversation_id=f"{channel_id}:{session_id}",
                    thread_ts=thread_ts,
                    created_at=now,
                    updated_at=now,
                    event_count=0,
                    state=INITIAL_STATE,
                )
            )
        return CreateSessionResponse(
            data=SessionData(
                sessionId=session_id,
                tenantId=partner.tenant_id,
                channel=ChannelView(workspaceId=workspace_id),
                conversation=ConversationView(id=f"{channel_id}:{session_id}", channelId=channel_id, threadTs=thread_ts),
                actor=request.actor,
                createdAt=now,
                updatedAt=now,
                state={"stage": "collecting", "search": {}, "pendingBooking": None, "bookings": []},
            )
        )

    return app


def __getattr__(name: str):  # ``uvicorn bench.conventional:app`` builds it from the environment on first use
    if name == "app":
        globals()["app"] = built = build_app(os.environ["BENCH_DATABASE_URL"])
        return built
    raise AttributeError(name)
