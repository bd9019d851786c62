"""Administration commands: ``corechat db upgrade|current|copy``, ``corechat partners create|list``,
``corechat keys rotate|revoke``, ``corechat claims in-doubt``.

Every command takes ``--database-url`` (else CORECHAT_DATABASE_URL, else ``sqlite:///./var/corechat.db``).
On SQLite the partner and key commands apply pending migrations first; on PostgreSQL they require
``corechat db upgrade`` to have run.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import re
import sys
from typing import Any, Awaitable, Callable

DATABASE_URL_ENV = "CORECHAT_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///./var/corechat.db"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url",
        default=None,
        help=f"sqlite:///path or postgresql://... (default: ${DATABASE_URL_ENV}, else {DEFAULT_DATABASE_URL})",
    )

    db = subparsers.add_parser("db", help="the database schema").add_subparsers(dest="db_command", metavar="ACTION")
    db.required = True
    db.add_parser("upgrade", parents=[common], help="apply pending migrations").set_defaults(handler=db_upgrade)
    db.add_parser("current", parents=[common], help="print the schema revision").set_defaults(handler=db_current)
    copy = db.add_parser("copy", help="copy every row to another (empty) database, e.g. SQLite to PostgreSQL")
    copy.add_argument("--from", dest="source", required=True, metavar="URL", help="the database to read")
    copy.add_argument("--to", dest="target", required=True, metavar="URL", help="the empty database to fill")
    copy.set_defaults(handler=db_copy)

    partners = subparsers.add_parser("partners", help="partners and their first key").add_subparsers(
        dest="partners_command", metavar="ACTION"
    )
    partners.required = True
    create = partners.add_parser("create", parents=[common], help="create a partner and print its key once")
    create.add_argument("--tenant", required=True, help="tenant id (created when new)")
    create.add_argument("--name", required=True, help="partner name (its id is made from it)")
    create.add_argument("--partner-id", default=None, help="partner id (default: from the name)")
    create.add_argument("--rate-limit", type=_positive_int, default=120, help="requests per minute (default 120)")
    create.add_argument("--mode", choices=("test", "live"), default="test", help="key mode (default test)")
    create.add_argument("--json", action="store_true", help="print one JSON line")
    create.set_defaults(handler=partners_create)
    listing = partners.add_parser("list", parents=[common], help="list partners and their keys")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=partners_list)

    keys = subparsers.add_parser("keys", help="partner API keys").add_subparsers(dest="keys_command", metavar="ACTION")
    keys.required = True
    rotate = keys.add_parser("rotate", parents=[common], help="issue a new key; old ones expire after --grace")
    rotate.add_argument("partner_id", metavar="PARTNER_ID")
    rotate.add_argument("--grace", type=parse_duration, default=dt.timedelta(hours=24), help="e.g. 24h, 30m, 0")
    rotate.add_argument("--json", action="store_true", help="print one JSON line")
    rotate.set_defaults(handler=keys_rotate)
    revoke = keys.add_parser("revoke", parents=[common], help="stop a key at once")
    revoke.add_argument("key_id", metavar="KEY_ID")
    revoke.set_defaults(handler=keys_revoke)

    claims = subparsers.add_parser("claims", help="idempotency claims").add_subparsers(
        dest="claims_command", metavar="ACTION"
    )
    claims.required = True
    in_doubt = claims.add_parser(
        "in-doubt", parents=[common], help="claims whose lease expired, with the supplier's word on each"
    )
    in_doubt.add_argument("--settle", action="store_true", help="release those the supplier never booked")
    in_doubt.add_argument("--json", action="store_true", help="print JSON")
    in_doubt.set_defaults(handler=claims_in_doubt)


def parse_duration(text: str) -> dt.timedelta:
    """``90s``, ``30m``, ``24h``, ``2d`` or plain seconds."""
    match = _DURATION.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (use e.g. 24h, 30m, 90s)")
    return dt.timedelta(seconds=float(match[1]) * _UNIT_SECONDS[match[2]])


def database_url(args: argparse.Namespace) -> str:
    return args.database_url or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


# -- handlers


def db_upgrade(args: argparse.Namespace) -> int:
    from corechat.storage.migrate import current_revision, upgrade

    url = database_url(args)
    try:
        upgrade(url)
        revision = current_revision(url)
    except _database_errors() as exc:
        print(f"Cannot upgrade {_safe(url)}: {exc}", file=sys.stderr)
        return 1
    print(f"Schema at {revision}.")
    return 0


def db_current(args: argparse.Namespace) -> int:
    from corechat.storage.migrate import current_revision, head_revision

    url = database_url(args)
    try:
        revision = current_revision(url)
    except _database_errors() as exc:
        print(f"Cannot read {_safe(url)}: {exc}", file=sys.stderr)
        return 1
    head = head_revision()
    if revision is None:
        print(f"Not migrated (newest migration: {head}).")
        return 1
    print(revision if revision == head else f"{revision} (newest migration: {head}; run corechat db upgrade)")
    return 0


def db_copy(args: argparse.Namespace) -> int:
    from corechat.storage.copy import CopyRefused, copy_database
    from corechat.storage.migrate import upgrade

    try:
        upgrade(args.target)
        copied = asyncio.run(copy_database(args.source, args.target))
    except (CopyRefused, *_database_errors()) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print("Copied " + ", ".join(f"{count} {table}" for table, count in copied.items()) + ".")
    return 0


def partners_create(args: argparse.Namespace) -> int:
    from corechat import partners
    from corechat.clock import SystemClock

    async def run(store) -> int:
        issued = await partners.create_partner(
            store,
            tenant_id=args.tenant,
            name=args.name,
            mode=args.mode,
            rate_limit_per_minute=args.rate_limit,
            now=SystemClock().now(),
            partner_id=args.partner_id,
        )
        if args.json:
            _print_json(
                {
                    "partnerId": issued.partner_id,
                    "tenantId": issued.tenant_id,
                    "apiKey": issued.api_key,
                    "rateLimitPerMinute": issued.rate_limit_per_minute,
                    "mode": issued.mode,
                }
            )
        else:
            print(
                f"Created partner {issued.partner_id} in tenant {issued.tenant_id}"
                f" ({issued.mode} mode, {issued.rate_limit_per_minute} requests per minute)."
            )
            print(f"Key {issued.key_id}; the key itself is shown only this once:")
            print(issued.api_key)
        return 0

    return _with_store(args, run)


def partners_list(args: argparse.Namespace) -> int:
    from corechat import partners
    from corechat.clock import SystemClock

    async def run(store) -> int:
        now = SystemClock().now()
        listed = await partners.list_partners(store)
        if args.json:
            _print_json([_partner_json(item, now) for item in listed])
            return 0
        if not listed:
            print("No partners yet: corechat partners create --tenant T --name N")
        for item in listed:
            p = item.partner
            print(f"{p.partner_id}  tenant {p.tenant_id}  {p.mode}  {p.rate_limit_per_minute}/min  {p.name!r}")
            for key in item.keys:
                print(f"    {key.key_id}  {_key_state(key, now)}")
        return 0

    return _with_store(args, run)


def keys_rotate(args: argparse.Namespace) -> int:
    from corechat import partners
    from corechat.clock import SystemClock

    async def run(store) -> int:
        now = SystemClock().now()
        issued = await partners.rotate_key(store, args.partner_id, now=now, grace=args.grace)
        old_until = (now + args.grace).isoformat(timespec="seconds")
        if args.json:
            _print_json(
                {
                    "partnerId": issued.partner_id,
                    "keyId": issued.key_id,
                    "apiKey": issued.api_key,
                    "oldKeysExpireAt": old_until,
                }
            )
        else:
            print(f"New key {issued.key_id} for {issued.partner_id}; older keys keep working until {old_until}.")
            print("The key itself is shown only this once:")
            print(issued.api_key)
        return 0

    return _with_store(args, run)


def keys_revoke(args: argparse.Namespace) -> int:
    from corechat import partners
    from corechat.clock import SystemClock

    async def run(store) -> int:
        if not await partners.revoke_key(store, args.key_id, now=SystemClock().now()):
            print(f"No key {args.key_id}.", file=sys.stderr)
            return 1
        print(f"Revoked key {args.key_id}.")
        return 0

    return _with_store(args, run)


def claims_in_doubt(args: argparse.Namespace) -> int:
    import msgspec

    from corechat.clock import SystemClock
    from corechat.service.reconciler import Reconciler
    from corechat.suppliers.demo import DemoSupplier

    async def run(store) -> int:
        clock = SystemClock()
        supplier = DemoSupplier(ledger=store.booking_ledger(), clock=clock)
        reconciler = Reconciler(store, supplier, clock, timeout_seconds=10.0)
        report = await (reconciler.settle() if args.settle else reconciler.survey())
        if args.json:
            _print_json([msgspec.to_builtins(item) for item in report])
            return 0
        if not report:
            print("No claims in doubt.")
        for item in report:
            booking = f" booking {item.booking_id}" if item.booking_id else ""
            settled = " (released)" if item.settled else ""
            print(
                f"{item.partner_id}  key {item.key!r}  session {item.session_id}  lease expired"
                f" {item.lease_expired_at}  supplier: {item.verdict}{booking}{settled}"
            )
        return 0

    return _with_store(args, run)


# -- helpers


def _with_store(args: argparse.Namespace, run: Callable[[Any], Awaitable[int]]) -> int:
    from corechat.partners import UnknownPartner
    from corechat.storage import open_store
    from corechat.storage.ports import AlreadyExists
    from corechat.storage.urls import SqliteUrl, parse_database_url

    url = database_url(args)

    async def main() -> int:
        store = await open_store(url, migrate=isinstance(parse_database_url(url), SqliteUrl))
        try:
            await store.check()
            return await run(store)
        finally:
            await store.close()

    try:
        return asyncio.run(main())
    except AlreadyExists as exc:
        print(f"{exc}: pass --partner-id to choose another id.", file=sys.stderr)
    except UnknownPartner as exc:
        print(f"No partner {exc.args[0]}.", file=sys.stderr)
    except (RuntimeError, *_database_errors()) as exc:
        print(str(exc), file=sys.stderr)
    return 1


def _database_errors() -> tuple[type[BaseException], ...]:
    """What a wrong URL, an unreachable server or an unusable file raises: reported in a line, not a traceback."""
    import sqlite3

    import asyncpg

    return (ValueError, OSError, asyncio.TimeoutError, sqlite3.Error, asyncpg.PostgresError, asyncpg.InterfaceError)


def _safe(url: str) -> str:
    """The URL without its password."""
    return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", url)


def _key_state(key, now: dt.datetime) -> str:
    if key.revoked_at is not None:
        return f"revoked {key.revoked_at.isoformat(timespec='seconds')}"
    if key.expires_at is not None:
        verb = "expired" if key.expires_at <= now else "expires"
        return f"{verb} {key.expires_at.isoformat(timespec='seconds')}"
    return "active"


def _partner_json(item, now: dt.datetime) -> dict[str, Any]:
    p = item.partner
    return {
        "partnerId": p.partner_id,
        "tenantId": p.tenant_id,
        "name": p.name,
        "mode": p.mode,
        "rateLimitPerMinute": p.rate_limit_per_minute,
        "createdAt": p.created_at.isoformat(),
        "keys": [{"keyId": key.key_id, "state": _key_state(key, now)} for key in item.keys],
    }


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _print_json(value: Any) -> None:
    print(json.dumps(value, separators=(",", ":")))
