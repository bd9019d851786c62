"""The wallet port: an actor's cards on file, as references only (never a card number)."""

from __future__ import annotations

from typing import Protocol

from corechat.model import Mode, PaymentCard


class Wallet(Protocol):
    async def list_cards(self, *, tenant_id: str, actor_id: str, mode: Mode) -> list[PaymentCard]: ...
