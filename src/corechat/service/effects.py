"""Performing the engine's effects through the supplier and wallet ports, outside any transaction.

A port that fails, times out or declines becomes an ``EffectFailed`` outcome that the engine turns
into a conversation result (``supplier_unavailable``, ``booking_failed``): never an HTTP error.
"""

from __future__ import annotations

import asyncio
from typing import Any

from corechat.conversation.steps import (
    BookEffect,
    CancelEffect,
    Effect,
    EffectFailed,
    EventContext,
    ListCardsEffect,
    PriceCheckEffect,
    SearchEffect,
)
from corechat.faults import AFTER_SUPPLIER, FaultPoints
from corechat.payments.port import Wallet
from corechat.suppliers.port import BookingNotFound, CardDeclined, HotelSupplier, SupplierError


class EffectRunner:
    def __init__(
        self, supplier: HotelSupplier, wallet: Wallet, timeout_seconds: float, faults: FaultPoints | None = None
    ) -> None:
        self._supplier = supplier
        self._wallet = wallet
        self._timeout = timeout_seconds
        self._faults = faults

    async def perform(self, effect: Effect, ctx: EventContext, *, resumed: bool) -> Any:
        """The port's answer to ``effect``, or the ``EffectFailed`` that stands for its failure."""
        try:
            outcome = await asyncio.wait_for(self._call(effect, ctx, resumed=resumed), self._timeout)
        except CardDeclined:
            return EffectFailed(reason="card_declined")
        except BookingNotFound:
            return EffectFailed(reason="booking_not_found")
        except (SupplierError, TimeoutError):
            if isinstance(effect, BookEffect):
                return await self._booked_after_all(effect)
            if isinstance(effect, CancelEffect):
                return await self._cancelled_after_all(effect)
            return EffectFailed(reason="supplier_error")
        if self._faults is not None:
            await self._faults.reach(AFTER_SUPPLIER)
        return outcome

    async def _booked_after_all(self, effect: BookEffect) -> Any:
        """A booking call that failed or timed out may still have booked (its answer was lost): the
        supplier's record under the supplier key decides, so a charged card is never answered 'failed'."""
        try:
            earlier = await asyncio.wait_for(self._supplier.get_booking(effect.supplier_key), self._timeout)
        except (SupplierError, TimeoutError):
            earlier = None
        return earlier if earlier is not None else EffectFailed(reason="supplier_error")

    async def _cancelled_after_all(self, effect: CancelEffect) -> Any:
        """A cancellation whose answer was lost may have happened: asking once more under the same
        supplier key (cancel is idempotent) answers it, so the session never shows as active a
        booking the supplier has cancelled."""
        try:
            return await asyncio.wait_for(
                self._supplier.cancel(effect.booking_id, supplier_key=effect.supplier_key), self._timeout
            )
        except BookingNotFound:
            return EffectFailed(reason="booking_not_found")
        except (SupplierError, TimeoutError):
            return EffectFailed(reason="supplier_error")

    async def _call(self, effect: Effect, ctx: EventContext, *, resumed: bool) -> Any:
        supplier = self._supplier
        if isinstance(effect, SearchEffect):
            return await supplier.search(effect.request, session_id=ctx.session_id)
        if isinstance(effect, PriceCheckEffect):
            return await supplier.price_check(
                effect.option, session_id=ctx.session_id, simulate=effect.simulate
            )
        if isinstance(effect, ListCardsEffect):
            return await self._wallet.list_cards(
                tenant_id=ctx.tenant_id, actor_id=ctx.actor_id, mode=ctx.mode
            )
        if isinstance(effect, BookEffect):
            if resumed:
                # A retry after a crash between the supplier call and the finish: the first
                # attempt may have booked already, and its booking is the answer.
                earlier = await supplier.get_booking(effect.supplier_key)
                if earlier is not None:
                    return earlier
            return await supplier.book(
                effect.option, effect.card, supplier_key=effect.supplier_key, simulate=effect.simulate
            )
        if isinstance(effect, CancelEffect):
            return await supplier.cancel(effect.booking_id, supplier_key=effect.supplier_key)
        raise TypeError(f"unknown effect {type(effect).__name__}")
