"""``corechat serve``: the partner API on uvicorn (uvloop, httptools), on the configured store.

On SQLite, pending migrations are applied at start. ``--demo`` (what ``make run`` uses) makes sure
the demo partner exists and prints its key from ./var/demo-api-key. ``--workers N`` runs N worker
processes on one port, each building its own app. On SIGTERM or Ctrl-C a process reports not ready,
stops accepting, lets in-flight requests finish within the grace period, closes its store and exits.
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
    serve.add_argument("--workers", type=int, default=1, help="worker processes sharing the port (default 1)")
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
    if args.workers < 1:
        print("corechat: --workers must be at least 1", file=sys.stderr)
        return 2
    with _runner() as runner:
        runner.run(prepare(settings, demo=args.demo))
        if args.workers == 1:
            return runner.run(serve(settings, host=args.host, port=args.port))
    return _serve_workers(settings, host=args.host, port=args.port, workers=args.workers)


def _runner() -> asyncio.Runner:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        return asyncio.Runner()
    return asyncio.Runner(loop_factory=uvloop.new_event_loop)


async def prepare(settings, *, demo: bool) -> None:
    """What runs once before serving: migrations on SQLite, and the demo partner's key with ``--demo``."""
    if settings.is_sqlite:
        from corechat.storage.migrate import upgrade_async

        await upgrade_async(settings.database_url)
    if demo:
        from corechat.partners import ensure_demo_partner
        from corechat.storage import open_store

        store = await open_store(settings.database_url)
        try:
            key = await ensure_demo_partner(store, DEMO_KEY_FILE)
        finally:
            await store.close()
        print(f"Demo partner key (tenant demo-tenant, partner demo), also in {DEMO_KEY_FILE}:\n  {key}", flush=True)


def _uvicorn_options(settings, host: str, port: int) -> dict:
    return dict(
        host=host,
        port=port,
        http="httptools",
        access_log=False,  # our own log line has no query string, no key
        log_config=None,
        server_header=False,
        # X-Forwarded-For is believed only from CORECHAT_TRUSTED_PROXIES (corechat.http.clientaddr);
        # uvicorn's own proxy handling would believe it from 127.0.0.1 whatever that setting says.
        proxy_headers=False,
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
    )


async def serve(settings, *, host: str, port: int) -> int:
    import uvicorn

    app = BuiltAtStartup(settings)
    config = uvicorn.Config(app, lifespan="on", **_uvicorn_options(settings, host, port))
    server = _draining_server(config, app)
    print(f"corechat serving http://{host}:{port} (Ctrl-C to stop)", flush=True)
    await server.serve()
    return 0 if server.started else 1


def _serve_workers(settings, *, host: str, port: int, workers: int) -> int:
    import uvicorn

    print(f"corechat serving http://{host}:{port} with {workers} workers (Ctrl-C to stop)", flush=True)
    uvicorn.run(
        "corechat.server:worker_app", factory=True, workers=workers, loop="uvloop", lifespan="on",
        **_uvicorn_options(settings, host, port),
    )
    return 0


def worker_app() -> BuiltAtStartup:
    """The app of one ``--workers`` process (uvicorn calls this factory in each worker)."""
    from corechat.config import Settings

    return BuiltAtStartup(Settings.from_env())


class BuiltAtStartup:
    """The ASGI app, built at lifespan startup in the serving process's own event loop and closed at shutdown."""

    def __init__(self, settings) -> None:
        self._settings = settings
        self._app = None
        self._purger: asyncio.Task | None = None

    def drain(self) -> None:
        if self._app is not None:
            self._app.health.draining = True

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        await self._app.asgi(scope, receive, send)

    async def _lifespan(self, receive, send) -> None:
        from corechat.bootstrap import build

        await receive()  # lifespan.startup
        try:
            self._app = await build(self._settings)
        except Exception:
            logger.exception("startup failed")
            await send({"type": "lifespan.startup.failed", "message": "corechat could not start; see the log"})
            return
        uvicorn_errors = logging.getLogger("uvicorn.error")
        uvicorn_errors.addHandler(self._app.log_handler)
        uvicorn_errors.setLevel(logging.WARNING)
        uvicorn_errors.propagate = False
        self._purger = asyncio.create_task(_purge_expired_keys(self._app.service))
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown: in-flight requests are done
        self.drain()
        self._purger.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._purger
        await self._app.close()
        await send({"type": "lifespan.shutdown.complete"})


def _draining_server(config, app: BuiltAtStartup):
    """uvicorn's server, reporting not ready (GET /readyz 503) as soon as a stop signal arrives."""
    import uvicorn

    class DrainingServer(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:  # noqa: ANN001 - uvicorn's signature
            app.drain()
            super().handle_exit(sig, frame)

        @contextlib.contextmanager
        def capture_signals(self):
            # uvicorn re-raises the stop signal once it has drained; the stop was graceful and the
            # store is closed by then, so exit 0 instead of dying by the signal.
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
