"""Partner API keys: ``ck_<mode>_`` + 22 random base62 characters (131 bits) + a 6-character checksum.

The checksum (CRC32 of the prefix and body, in base62) lets a typo or a truncated copy be told
apart from an unknown key without a database lookup. Keys are stored only as SHA-256 hashes and
are never logged.
"""

from __future__ import annotations

import hashlib
import secrets
import zlib

from corechat.model import Mode

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
BODY_LENGTH = 22  # 22 * log2(62) = 131 bits
CHECKSUM_LENGTH = 6  # 62**6 > 2**32: a CRC32 always fits
PREFIXES: dict[str, Mode] = {"ck_test_": "test", "ck_live_": "live"}
KEY_LENGTH = len("ck_test_") + BODY_LENGTH + CHECKSUM_LENGTH
_CHARSET = frozenset(ALPHABET)


def generate(mode: Mode) -> str:
    prefix = _prefix(mode)
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return prefix + body + _checksum(prefix + body)


def parse(raw: str) -> Mode | None:
    """The key's mode when ``raw`` is well formed (prefix, length, characters, checksum), else None."""
    if not isinstance(raw, str) or len(raw) != KEY_LENGTH:
        return None
    mode = PREFIXES.get(raw[:8])
    if mode is None:
        return None
    rest = raw[8:]
    if not _CHARSET.issuperset(rest):
        return None
    body, checksum = rest[:BODY_LENGTH], rest[BODY_LENGTH:]
    if not secrets.compare_digest(checksum, _checksum(raw[:8] + body)):
        return None
    return mode


def hash_key(raw: str) -> bytes:
    return hashlib.sha256(raw.encode("utf-8")).digest()


def _prefix(mode: Mode) -> str:
    for prefix, prefix_mode in PREFIXES.items():
        if prefix_mode == mode:
            return prefix
    raise ValueError(f"unknown key mode: {mode!r}")


def _checksum(text: str) -> str:
    value = zlib.crc32(text.encode("ascii"))
    digits = []
    for _ in range(CHECKSUM_LENGTH):
        value, digit = divmod(value, 62)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))
