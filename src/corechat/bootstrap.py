"""The composition root: everything the server runs on, built from ``Settings`` and nothing at import time.

``build`` opens the store, the rate limiter, the demo supplier (its ledger in the store), the demo
wallet, the engine and the service, warms the gazetteer, and wraps it all in the ASGI app. Tests
pass their own clock and id source.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from importlib import resources

from corechat import logs
from corechat.clock import Clock, IdSource, SecureIds, SystemClock
from corechat.config import Settings
from corechat.faults import FaultPoints, FaultySupplier, FaultyWallet, from_spec
from corechat.http.app import PartnerApi
from corechat.http.auth import Authenticator
from corechat.http.health import Health
from corechat.ratelimit import Limiter, build_limiter
from corechat.service.reconciler import Reconciler, run_periodically
from corechat.storage.ports import Store


class App:
    """The running service: its ASGI entry point and the parts an operator or a test may reach."""

    def __init__(
        self,
        *,
        asgi: PartnerApi,
        store: Store,
        service: object,
        limiter: Limiter,
        authenticator: Authenticator,
        health: Health,
        settings: Settings,
        clock: Clock,
        log_handler: logging.Handler,
        supplier: object = None,
        wallet: object = None,
        faults: FaultPoints | None = None,
        reconciler: Reconciler | None = None,
        background: tuple[asyncio.Task, ...] = (),
    ) -> None:
        self.asgi = asgi
        self.store = store
        self.service = service
        self.limiter = limiter
        self.authenticator = authenticator
        self.health = health
        self.settings = settings
        self.clock = clock
        self.log_handler = log_handler
        self.supplier = supplier
        self.wallet = wallet
        self.faults = faults
        self.reconciler = reconciler
        self._background = background

    async def close(self) -> None:
        for task in self._background:
            task.cancel()
        for task in self._background:
            try:
                await task
            except asyncio.CancelledError:
                pass
        try:
            await self.limiter.close()
            await self.store.close()
        finally:
            logs.release(self.log_handler)


def contract_text() -> bytes:
    """The packaged copy of the HTTP contract, served at GET /api/partner/v1/openapi.yaml."""
    return resources.files("corechat.contract").joinpath("openapi.yaml").read_bytes()


def _warm_up() -> None:
    from corechat.nlu import gazetteer

    gazetteer.load()
    importlib.import_module("corechat.nlu.interpret")


async def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    ids: IdSource | None = None,
    faults: FaultPoints | None = None,
    faulty_ports: bool = False,
) -> App:
    """``faults`` and ``faulty_ports`` (a ``FaultySupplier`` and ``FaultyWallet`` around the demo ports,
    reachable as ``app.supplier`` and ``app.wallet``) are for the reliability suite."""
    from corechat.conversation.engine import Engine
    from corechat.payments.demo import DemoWallet
    from corechat.service.chat import Service
    from corechat.storage import open_store
    from corechat.suppliers.demo import DemoSupplier

    log_handler = logs.configure(settings)
    clock = clock or SystemClock()
    ids = ids or SecureIds()
    # The gazetteer and the parser take a moment to load: do it now, off the loop, not on the first request.
    await asyncio.to_thread(_warm_up)
    store = await open_store(settings.database_url, pool_max_size=settings.database_pool_size)
    try:
        limiter = build_limiter(settings.redis_url)
        supplier = DemoSupplier(ledger=store.booking_ledger(), clock=clock)
        wallet = DemoWallet()
        if faulty_ports:
            supplier, wallet = FaultySupplier(supplier), FaultyWallet(wallet)
        if faults is None:
            faults = from_spec(settings.faults, settings.fault_seed)
        service = Service(
            store=store,
            engine=Engine(),
            supplier=supplier,
            wallet=wallet,
            clock=clock,
            ids=ids,
            settings=settings,
            faults=faults,
        )
        reconciler = Reconciler(store, supplier, clock, timeout_seconds=settings.supplier_timeout_seconds)
        authenticator = Authenticator(store, clock, cache_seconds=settings.api_key_cache_seconds)
        health = Health(store, limiter)
        asgi = PartnerApi(
            service=service,
            authenticator=authenticator,
            limiter=limiter,
            health=health,
            settings=settings,
            contract=contract_text(),
        )
    except BaseException:
        await store.close()
        logs.release(log_handler)
        raise
    background: tuple[asyncio.Task, ...] = ()
    if settings.reconcile_interval_seconds > 0:
        background = (asyncio.create_task(run_periodically(reconciler, settings.reconcile_interval_seconds)),)
    return App(
        asgi=asgi,
        store=store,
        service=service,
        limiter=limiter,
        authenticator=authenticator,
        health=health,
        settings=settings,
        clock=clock,
        log_handler=log_handler,
        supplier=supplier,
        wallet=wallet,
        faults=faults,
        reconciler=reconciler,
        background=background,
    )
