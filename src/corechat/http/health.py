"""Liveness and readiness, outside the partner API: /healthz and /readyz."""

from __future__ import annotations

import logging

from corechat.http.responses import Response
from corechat.jsoncodec import encode
from corechat.ratelimit import Limiter
from corechat.storage.ports import Store

logger = logging.getLogger("corechat.http")


class Health:
    def __init__(self, store: Store, limiter: Limiter) -> None:
        self._store = store
        self._limiter = limiter
        self.draining = False  # set on SIGTERM: stop getting new traffic while in-flight requests finish

    def live(self) -> Response:
        return Response(200, encode({"status": "ok"}))

    async def ready(self) -> Response:
        try:
            await self._store.check()
            store = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means not ready
            logger.warning("store not ready", extra={"fields": {"error": type(exc).__name__}})
            store = "unavailable"
        rate_limit = self._limiter.state
        if self.draining or store != "ok":
            status, code = ("draining" if self.draining else "not_ready"), 503
        else:
            status, code = ("degraded" if rate_limit == "degraded" else "ready"), 200
        return Response(code, encode({"status": status, "store": store, "rateLimit": rate_limit}))
