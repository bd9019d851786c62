"""The initial schema: tenants, partners and their key hashes, sessions, events, idempotency records
and the demo supplier's bookings.

Instants are ``timestamptz`` on PostgreSQL and fixed-width ISO-8601 UTC text on SQLite (so they
compare as text); JSON documents are stored as the exact bytes written.

Revision ID: 0001_initial
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True).with_variant(sa.Text(), "sqlite")
MODE_CHECK = "mode IN ('test', 'live')"


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("created_at", INSTANT, nullable=False),
    )
    op.create_table(
        "partners",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("tenant_id", sa.Text, sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("mode", sa.Text, nullable=False),
        sa.Column("rate_limit_per_minute", sa.Integer, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.CheckConstraint(MODE_CHECK, name="ck_partners_mode"),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("partner_id", sa.Text, sa.ForeignKey("partners.id"), nullable=False, index=True),
        sa.Column("key_hash", sa.LargeBinary, nullable=False),
        sa.Column("mode", sa.Text, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("expires_at", INSTANT, nullable=True),
        sa.Column("revoked_at", INSTANT, nullable=True),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
        sa.CheckConstraint(MODE_CHECK, name="ck_api_keys_mode"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("tenant_id", sa.Text, sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("mode", sa.Text, nullable=False),
        sa.Column("partner_id", sa.Text, sa.ForeignKey("partners.id"), nullable=False),
        sa.Column("actor_id", sa.Text, nullable=False),
        sa.Column("timezone_offset_minutes", sa.Integer, nullable=True),
        sa.Column("channel_id", sa.Text, nullable=False),
        sa.Column("workspace_id", sa.Text, nullable=True),
        sa.Column("conversation_id", sa.Text, nullable=False),
        sa.Column("thread_ts", sa.Text, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.Column("event_count", sa.Integer, nullable=False),
        sa.Column("state", sa.LargeBinary, nullable=False),
        sa.Column("lease_owner", sa.Text, nullable=True),
        sa.Column("lease_expires_at", INSTANT, nullable=True),
        sa.CheckConstraint(MODE_CHECK, name="ck_sessions_mode"),
    )
    op.create_table(
        "events",
        sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("result_status", sa.Text, nullable=False),
        sa.Column("recorded_at", INSTANT, nullable=False),
        sa.Column("input", sa.LargeBinary, nullable=False),
        sa.Column("outcome", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("session_id", "seq", name="pk_events"),
        sa.UniqueConstraint("event_id", name="uq_events_event_id"),
    )
    op.create_table(
        "idempotency",
        sa.Column("partner_id", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("request_hash", sa.Text, nullable=False),
        sa.Column("session_id", sa.Text, nullable=True),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("lease_owner", sa.Text, nullable=True),
        sa.Column("lease_expires_at", INSTANT, nullable=True),
        sa.Column("response_body", sa.LargeBinary, nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False, index=True),
        sa.PrimaryKeyConstraint("partner_id", "key", name="pk_idempotency"),
        sa.CheckConstraint("status IN ('in_progress', 'done')", name="ck_idempotency_status"),
    )
    op.create_table(
        "demo_bookings",
        sa.Column("booking_id", sa.Text, primary_key=True),
        sa.Column("supplier_key", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("booking", sa.LargeBinary, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.UniqueConstraint("supplier_key", name="uq_demo_bookings_supplier_key"),
        sa.CheckConstraint("status IN ('confirmed', 'cancelled')", name="ck_demo_bookings_status"),
    )


def downgrade() -> None:
    for table in ("demo_bookings", "idempotency", "events", "sessions", "api_keys", "partners", "tenants"):
        op.drop_table(table)
