"""Waiting for a busy session: jittered exponential backoff, bounded by a real-time deadline."""

from __future__ import annotations

import asyncio
import random


class Backoff:
    """Delays of ``first * 2**n`` seconds, capped at ``cap``, each scaled by a random factor in
    [0.5, 1.0] so that waiters of one session do not retry in lockstep."""

    def __init__(self, budget_seconds: float, *, first: float = 0.002, cap: float = 0.1) -> None:
        self._loop = asyncio.get_running_loop()
        self._deadline = self._loop.time() + budget_seconds
        self._delay = first
        self._cap = cap
        self._jitter = random.Random()

    async def wait(self) -> bool:
        """Sleep before the next attempt; False once the budget is spent."""
        remaining = self._deadline - self._loop.time()
        if remaining <= 0:
            return False
        delay = min(self._delay * self._jitter.uniform(0.5, 1.0), remaining)
        self._delay = min(self._delay * 2, self._cap)
        await asyncio.sleep(delay)
        return True
