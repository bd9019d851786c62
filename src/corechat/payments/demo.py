"""The demo wallet: every actor has two test cards on file, and with a test key a third that declines.

Cards are derived from the tenant and actor, so they are the same in every process and after every
restart; only references exist (brand, last4, expiry), never a card number.
"""

from __future__ import annotations

import base64
import hashlib

from corechat.model import Mode, PaymentCard

DECLINING_LAST4 = "0002"  # the demo supplier declines any card ending so (CONVERSATION.md §9)


class DemoWallet:
    async def list_cards(self, *, tenant_id: str, actor_id: str, mode: Mode) -> list[PaymentCard]:
        cards = [
            _card(tenant_id, actor_id, "visa", is_default=True),
            _card(tenant_id, actor_id, "mastercard", is_default=False),
        ]
        if mode == "test":
            cards.append(
                PaymentCard(
                    payment_card_id=_card_id(tenant_id, actor_id, "declining"),
                    brand="visa",
                    last4=DECLINING_LAST4,
                    exp_month=12,
                    exp_year=2030,
                    is_default=False,
                )
            )
        return cards


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("|".join(parts).encode()).digest()


def _card(tenant_id: str, actor_id: str, brand: str, *, is_default: bool) -> PaymentCard:
    draw = int.from_bytes(_digest("card", tenant_id, actor_id, brand)[:8], "big")
    last4 = f"{draw % 10_000:04d}"
    if last4 == DECLINING_LAST4:
        last4 = "4242"
    return PaymentCard(
        payment_card_id=_card_id(tenant_id, actor_id, brand),
        brand=brand,
        last4=last4,
        exp_month=1 + (draw >> 16) % 12,
        exp_year=2028 + (draw >> 24) % 4,
        is_default=is_default,
    )


def _card_id(tenant_id: str, actor_id: str, slot: str) -> str:
    token = base64.b32encode(_digest("card-id", tenant_id, actor_id, slot)).decode().lower()
    return "card_" + token[:16]
