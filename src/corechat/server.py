"""``corechat serve``: the partner API on uvicorn (uvloop, httptools), on the configured store.

On SQLite, pending migrations are applied at start. ``--demo`` (what ``make run`` uses) makes sure
the demo partner exists and prints its key from ./var/demo-api-key. On SIGTERM or Ctrl-C the server
reports not ready, stops accepting, lets in-flight requests finish within the grace period, then exits.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from pathlib import Path

DEMO_KEY_FILE = Path("var/demo-api-key")
PURGE_EVERY_SECONDS = 600.0

logger = logging.getLogger("corechat.server")


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser("serve", help="serve the partner API", description=__doc__.split("\n\n")[0])
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    serve.add_argument(
        "--demo", action="store_true", help="make sure the demo partner exists and print its key (./var/demo-api-key)"
    )
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    from corechat.config import ConfigError, Settings

    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"corechat: {exc}", file=sys.stderr)
        return 2
    try:
        import uvloop

        runner = asyncio.Runner(loop_factory=uvloop.new_event_loop)
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        runner = asyncio.Runner()
    with runner:
        return runner.run(serve(settings, host=args.host, port=args.port, demo=args.demo))


async def serve(settings, *, host: str, port: int, demo: bool) -> int:
    import uvicorn

    from corechat.bootstrap import build

    if settings.is_sqlite:
        from corechat.storage.migrate import upgrade_async

        await upgrade_async(settings.database_url)
    app = await build(settings)
    uvicorn_errors = logging.getLogger("uvicorn.error")
    uvicorn_errors.addHandler(app.log_handler)
    uvicorn_errors.setLevel(logging.WARNING)
    uvicorn_errors.propagate = False
    try:
        if demo:
            from corechat.partners import ensure_demo_partner

            key = await ensure_demo_partner(app.store, DEMO_KEY_FILE)
            print(f"Demo partner key (tenant demo-tenant, partner demo), also in {DEMO_KEY_FILE}:\n  {key}", flush=True)
        config = uvicorn.Config(
            app.asgi,
            host=host,
            port=port,
            http="httptools",
            lifespan="off",
            access_log=False,  # our own log line has no query string, no key
            log_config=None,
            server_header=False,
            timeout_graceful_shutdown=settings.shutdown_grace_seconds,
        )
        server = _draining_server(config, app.health)
        print(f"corechat serving http://{host}:{port} (Ctrl-C to stop)", flush=True)
        purger = asyncio.create_task(_purge_expired_keys(app.service))
        try:
            await server.serve()
        finally:
            purger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await purger
    finally:
        await app.close()
    return 0 if server.started else 1


def _draining_server(config, health):
    """uvicorn's server, reporting not ready (GET /readyz 503) as soon as a stop signal arrives."""
    import uvicorn

    class DrainingServer(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:  # noqa: ANN001 - uvicorn's signature
            health.draining = True
            super().handle_exit(sig, frame)

        @contextlib.contextmanager
        def capture_signals(self):
            # uvicorn re-raises the stop signal once it has drained, which would kill the process
            # before the store is closed; the stop was graceful, so we close up and exit 0 instead.
            with super().capture_signals():
                yield
                self._captured_signals.clear()

    return DrainingServer(config)


async def _purge_expired_keys(service) -> None:
    while True:
        try:
            purged = await service.purge_expired_keys()
            if purged:
                logger.info("purged idempotency keys", extra={"fields": {"purged": purged}})
        except Exception:  # noqa: BLE001 - a failed purge is retried next round, never fatal
            logger.exception("idempotency purge failed")
        await asyncio.sleep(PURGE_EVERY_SECONDS)
