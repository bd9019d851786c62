"""Deterministic ids and seeds for the demo supplier: stable across processes, machines and restarts.

Everything derives from SHA-256 of readable parts (never Python's salted ``hash``) and, where a
hash per night would be too slow, from ``mix64``, a SplitMix64 finaliser over plain integers.
"""

from __future__ import annotations

import base64
import hashlib

_MASK64 = (1 << 64) - 1


def digest(*parts: object) -> bytes:
    return hashlib.sha256("|".join(map(str, parts)).encode()).digest()


def seed(*parts: object) -> int:
    """A 64-bit seed for ``random.Random`` or ``mix64``."""
    return int.from_bytes(digest(*parts)[:8], "big")


def mix64(value: int) -> int:
    """SplitMix64's finaliser: a fast, well-spread 64-bit hash of an integer."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK64
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK64
    return value ^ (value >> 31)


def uuid_shaped(text: str) -> str:
    """A version-4-shaped UUID string derived from ``text``."""
    hex_digits = hashlib.sha256(text.encode()).hexdigest()
    variant = "89ab"[int(hex_digits[16], 16) & 3]
    return (
        f"{hex_digits[:8]}-{hex_digits[8:12]}-4{hex_digits[13:16]}-"
        f"{variant}{hex_digits[17:20]}-{hex_digits[20:32]}"
    )


def base32_token(length: int, *parts: object) -> str:
    """``length`` lowercase base32 characters (a-z, 2-7) derived from ``parts``."""
    return base64.b32encode(digest(*parts)).decode().lower()[:length]


_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: codes are read aloud


def confirmation_code(length: int, *parts: object) -> str:
    number = int.from_bytes(digest(*parts), "big")
    characters = []
    for _ in range(length):
        number, index = divmod(number, len(_CODE_ALPHABET))
        characters.append(_CODE_ALPHABET[index])
    return "".join(characters)
