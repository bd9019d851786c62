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
