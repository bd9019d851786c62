"""Spotting card numbers in what partners send, so they are refused before anything keeps them.

A card number is 13-19 digits passing the Luhn check, written straight or in groups separated by
single spaces or dashes ("4111 1111 1111 1111", "4111-1111-1111-1111"). Groups glued to letters are
not digits of a number ("508fb1190f5c"), and our own ids are never card numbers: UUID-shaped
optionIds, and session and event ids, whose 13-digit epoch milliseconds pass Luhn one time in ten
(partners put session ids in their idempotency keys, as the contract's examples do).
"""

from __future__ import annotations

import re
from typing import Any

_OWN_IDS = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\bsess_[0-9]{13}_[a-z0-9]{8}\b|\bevt_[0-9]{13}(?:_[0-9]+)?\b"
)
_TOKEN = re.compile(r"[0-9A-Za-z]+")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def contains_card_number(text: str) -> bool:
    return any(_has_card_window(chain) for chain in _digit_chains(_OWN_IDS.sub(" ", text)))


def _digit_chains(text: str) -> list[list[str]]:
    """Runs of all-digit tokens joined by exactly one space or dash."""
    chains: list[list[str]] = []
    current: list[str] = []
    previous_end = None
    for match in _TOKEN.finditer(text):
        token = match.group()
        joined = previous_end is not None and text[previous_end : match.start()] in (" ", "-")
        if token.isdigit() and current and joined:
            current.append(token)
        else:
            if current:
                chains.append(current)
            current = [token] if token.isdigit() else []
        previous_end = match.end()
    if current:
        chains.append(current)
    return chains


def _has_card_window(groups: list[str]) -> bool:
    for start in range(len(groups)):
        digits = ""
        for group in groups[start:]:
            digits += group
            if len(digits) > 19:
                break
            if len(digits) >= 13 and luhn_valid(digits):
                return True
    return False


def find_card_number_field(payload: Any, path: str = "payload") -> str | None:
    """The path of the first payload value holding a card number ("payload.note"), or None."""
    if isinstance(payload, bool):
        return None
    if isinstance(payload, str):
        return path if contains_card_number(payload) else None
    if isinstance(payload, int):
        return path if contains_card_number(str(payload)) else None
    if isinstance(payload, dict):
        for key, value in payload.items():
            found = find_card_number_field(value, f"{path}.{key}")
            if found:
                return found
    if isinstance(payload, list):
        for index, value in enumerate(payload):
            found = find_card_number_field(value, f"{path}[{index}]")
            if found:
                return found
    return None
