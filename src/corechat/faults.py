"""Fault injection for the reliability suite: named points between a request's phases, and port wrappers.

Off unless configured: the service holds ``None`` instead of a ``FaultPoints`` and pays one ``is None``
test per point. Two ways to arm a point:

- in process (tests): ``faults.arm(AFTER_SUPPLIER, Fail())`` or ``Stall(seconds)``, once or every time;
- in a served process: ``CORECHAT_FAULTS="after_supplier:exit:0.3"`` (``point:action:probability``,
  comma-separated; ``exit`` ends the process at once, like a crash; ``fail`` raises ``InjectedFault``),
  drawn from a seeded generator (``CORECHAT_FAULT_SEED``) so a run can be repeated.

``FaultySupplier`` and ``FaultyWallet`` wrap the real ports and fail or stall a named method on command.
"""

from __future__ import annotations

import asyncio
import os
import random
from collections.abc import Callable
from typing import Any

# The points, in the order a request meets them.
AFTER_CLAIM = "after_claim"  # the key and the session lease are committed; no effect has run
AFTER_SUPPLIER = "after_supplier"  # a port call returned (for a booking: the card is charged)
BEFORE_FINISH = "before_finish"  # the engine is done; the event, state and response are not committed
POINTS = (AFTER_CLAIM, AFTER_SUPPLIER, BEFORE_FINISH)
CRASH_EXIT_CODE = 137  # what a SIGKILLed process reports


class InjectedFault(Exception):
    """Raised at an armed point or by a wrapped port: stands for any failure the code did not expect."""


class Fail:
    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error

    async def __call__(self, point: str) -> None:
        raise self.error if self.error is not None else InjectedFault(point)


class Stall:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    async def __call__(self, point: str) -> None:
        await asyncio.sleep(self.seconds)


class Exit:
    """A crash: the process ends at once, without unwinding, closing or committing anything."""

    async def __call__(self, point: str) -> None:
        os._exit(CRASH_EXIT_CODE)


Action = Callable[[str], Any]


class _Armed:
    def __init__(self, action: Action, times: int | None, probability: float) -> None:
        self.action = action
        self.times = times  # None: every time
        self.probability = probability


class FaultPoints:
    def __init__(self, seed: int = 0) -> None:
        self._armed: dict[str, _Armed] = {}
        self._random = random.Random(seed)
        self.hits: dict[str, int] = dict.fromkeys(POINTS, 0)  # how often each point was reached
        self.fired: dict[str, int] = dict.fromkeys(POINTS, 0)  # how often a fault went off there

    def arm(self, point: str, action: Action, *, times: int | None = 1, probability: float = 1.0) -> None:
        if point not in POINTS:
            raise ValueError(f"unknown fault point {point!r}; known: {', '.join(POINTS)}")
        self._armed[point] = _Armed(action, times, probability)

    def disarm(self, point: str | None = None) -> None:
        if point is None:
            self._armed.clear()
        else:
            self._armed.pop(point, None)

    async def reach(self, point: str) -> None:
        self.hits[point] += 1
        armed = self._armed.get(point)
        if armed is None or self._random.random() >= armed.probability:
            return
        if armed.times is not None:
            armed.times -= 1
            if armed.times <= 0:
                del self._armed[point]
        self.fired[point] += 1
        await armed.action(point)


def from_spec(spec: str | None, seed: int = 0) -> FaultPoints | None:
    """``"after_supplier:exit:0.3,before_finish:fail"`` as armed points; ``None`` for an empty spec."""
    if not spec or not spec.strip():
        return None
    faults = FaultPoints(seed)
    for item in spec.split(","):
        parts = [p.strip() for p in item.split(":")]
        if len(parts) not in (2, 3):
            raise ValueError(f"fault {item!r} is not point:action[:probability]")
        point, action_name = parts[0], parts[1]
        probability = float(parts[2]) if len(parts) == 3 else 1.0
        actions: dict[str, Action] = {"exit": Exit(), "fail": Fail()}
        if action_name not in actions:
            raise ValueError(f"fault action {action_name!r} is not exit or fail")
        faults.arm(point, actions[action_name], times=None, probability=probability)
    return faults


class _Commanded:
    """What a wrapper does to its port's calls: per method name, fail or stall the next ``times`` calls,
    before the real call (it never happens) or ``after`` it (it happened; its answer is lost or late)."""

    def __init__(self) -> None:
        self._plans: dict[str, tuple[Action, int | None, bool]] = {}
        self.calls: dict[str, int] = {}

    def fail(self, method: str, error: BaseException | None = None, *, times: int | None = 1, after: bool = False) -> None:
        self._plans[method] = (Fail(error), times, after)

    def stall(self, method: str, seconds: float, *, times: int | None = 1, after: bool = False) -> None:
        self._plans[method] = (Stall(seconds), times, after)

    def clear(self) -> None:
        self._plans.clear()

    async def _through(self, method: str, call: Callable[[], Any]) -> Any:
        self.calls[method] = self.calls.get(method, 0) + 1
        plan = self._plans.get(method)
        if plan is None:
            return await call()
        action, times, after = plan
        if times is not None:
            if times <= 1:
                del self._plans[method]
            else:
                self._plans[method] = (action, times - 1, after)
        if not after:
            await action(method)
            return await call()
        result = await call()
        await action(method)
        return result


class FaultySupplier(_Commanded):
    """A ``HotelSupplier`` that behaves like ``inner`` unless told to fail or stall a method."""

    def __init__(self, inner: Any) -> None:
        super().__init__()
        self.inner = inner

    async def search(self, request, *, session_id):
        return await self._through("search", lambda: self.inner.search(request, session_id=session_id))

    async def price_check(self, option, *, session_id, simulate=None):
        return await self._through(
            "price_check", lambda: self.inner.price_check(option, session_id=session_id, simulate=simulate)
        )

    async def book(self, option, card, *, supplier_key, simulate=None):
        return await self._through(
            "book", lambda: self.inner.book(option, card, supplier_key=supplier_key, simulate=simulate)
        )

    async def cancel(self, booking_id, *, supplier_key):
        return await self._through("cancel", lambda: self.inner.cancel(booking_id, supplier_key=supplier_key))

    async def get_booking(self, supplier_key):
        return await self._through("get_booking", lambda: self.inner.get_booking(supplier_key))


class FaultyWallet(_Commanded):
    def __init__(self, inner: Any) -> None:
        super().__init__()
        self.inner = inner

    async def list_cards(self, *, tenant_id, actor_id, mode):
        return await self._through(
            "list_cards", lambda: self.inner.list_cards(tenant_id=tenant_id, actor_id=actor_id, mode=mode)
        )
