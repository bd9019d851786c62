"""Facts about the schema that the runtime needs without loading the migration tool."""

from __future__ import annotations

# The newest migration (versions/); ``Store.check`` compares the database's against it.
HEAD_REVISION = "0001_initial"

# Every table of ours, children before parents (the order that deletes without breaking a foreign key).
TABLES = (
    "demo_bookings",
    "idempotency",
    "events",
    "sessions",
    "api_keys",
    "partners",
    "tenants",
)

# Every column of every table, as created by the migrations (``db copy`` moves them all).
COLUMNS = {
    "tenants": ("id", "created_at"),
    "partners": ("id", "tenant_id", "name", "mode", "rate_limit_per_minute", "created_at"),
    "api_keys": ("id", "partner_id", "key_hash", "mode", "created_at", "expires_at", "revoked_at"),
    "sessions": (
        "id", "tenant_id", "mode", "partner_id", "actor_id", "timezone_offset_minutes", "channel_id",
        "workspace_id", "conversation_id", "thread_ts", "created_at", "updated_at", "event_count", "state",
        "lease_owner", "lease_expires_at",
    ),
    "events": (
        "session_id", "seq", "event_id", "kind", "text", "result_status", "recorded_at", "input", "outcome",
    ),
    "idempotency": (
        "partner_id", "key", "request_hash", "session_id", "status", "lease_owner", "lease_expires_at",
        "response_body", "created_at", "expires_at",
    ),
    "demo_bookings": ("booking_id", "supplier_key", "status", "booking", "created_at", "updated_at"),
}

# The columns holding instants: timestamptz on PostgreSQL, fixed-width UTC text on SQLite.
INSTANT_COLUMNS = frozenset({"created_at", "updated_at", "expires_at", "revoked_at", "lease_expires_at", "recorded_at"})
