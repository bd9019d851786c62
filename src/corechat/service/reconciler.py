"""Settling in-doubt claims: idempotency keys left in progress by a request whose process died.

A claim whose lease expired may have charged a card (the crash fell between the supplier's booking
and the finish) or not. The supplier is the authority: asked by the claim's supplier key,

- it has no booking: nothing was charged, so the claim is released; the partner's retry runs anew;
- it has a booking: the claim stays, and the partner's retry with the same key resumes it and answers
  that very booking (``EffectRunner`` asks the supplier first on a resumed claim). It is reported
  as ``booked`` until then, so an operator sees charged bookings that no retry has collected yet.

The server runs ``settle`` at start and every ``reconcile_interval_seconds`` (60 by default);
``corechat claims in-doubt`` lists the same claims with ``survey``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Literal

import msgspec

from corechat.clock import Clock
from corechat.service import identifiers
from corechat.storage.ports import KeyClaim, Scope, Store
from corechat.suppliers.port import HotelSupplier

logger = logging.getLogger("corechat.reconciler")

Verdict = Literal["booked", "not_booked", "unknown"]


class InDoubt(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    partner_id: str
    key: str
    session_id: str | None
    lease_expired_at: str | None
    verdict: Verdict  # what the supplier says about the claim's supplier key
    booking_id: str | None = None
    settled: bool = False  # released by ``settle``


class Reconciler:
    def __init__(self, store: Store, supplier: HotelSupplier, clock: Clock, *, timeout_seconds: float) -> None:
        self._store = store
        self._supplier = supplier
        self._clock = clock
        self._timeout = timeout_seconds

    async def survey(self) -> list[InDoubt]:
        """Every in-doubt claim with the supplier's word on it; changes nothing."""
        claims = await self._store.list_in_doubt_claims(self._clock.now())
        return [await self._judge(claim) for claim in claims]

    async def settle(self) -> list[InDoubt]:
        """Release the in-doubt claims that charged nothing; report all of them."""
        report = []
        for item in await self.survey():
            if item.verdict == "not_booked" and await self._release(item):
                item = msgspec.structs.replace(item, settled=True)
            report.append(item)
        return report

    async def _judge(self, claim) -> InDoubt:
        supplier_key = identifiers.supplier_key(claim.partner_id, claim.key)
        verdict: Verdict = "unknown"
        booking_id = None
        try:
            booking = await asyncio.wait_for(self._supplier.get_booking(supplier_key), self._timeout)
        except Exception:  # noqa: BLE001 - a supplier that does not answer leaves the claim in doubt
            logger.warning("reconciler: the supplier did not answer for a claim", exc_info=True)
        else:
            verdict = "not_booked" if booking is None else "booked"
            booking_id = None if booking is None else booking.booking_id
        return InDoubt(
            partner_id=claim.partner_id,
            key=claim.key,
            session_id=claim.session_id,
            lease_expired_at=claim.lease_expires_at.isoformat() if claim.lease_expires_at else None,
            verdict=verdict,
            booking_id=booking_id,
        )

    async def _release(self, item: InDoubt) -> bool:
        record = await self._store.get_idempotency(item.partner_id, item.key)
        partner = await self._store.get_partner(item.partner_id)
        if record is None or record.status != "in_progress" or record.lease_owner is None or partner is None:
            return False
        if record.lease_expires_at is not None and record.lease_expires_at > self._clock.now():
            return False  # a retry took it over meanwhile
        key = KeyClaim(partner_id=record.partner_id, key=record.key, request_hash=record.request_hash)
        await self._store.release(
            Scope(partner.tenant_id, partner.mode), record.session_id or "", owner=record.lease_owner, key=key
        )
        return True


async def run_periodically(reconciler: Reconciler, interval_seconds: float) -> None:
    """``settle`` now and every ``interval_seconds``, until cancelled; a failed round is logged and retried."""
    while True:
        try:
            report = await reconciler.settle()
            if report:
                logger.info(
                    "reconciled in-doubt claims",
                    extra={
                        "fields": {
                            "in_doubt": len(report),
                            "released": sum(item.settled for item in report),
                            "booked": sum(item.verdict == "booked" for item in report),
                        }
                    },
                )
        except Exception:  # noqa: BLE001 - never fatal: the next round tries again
            logger.exception("reconciliation failed")
        await asyncio.sleep(interval_seconds)
