import pytest

from corechat.suppliers.memory import InMemoryBookingLedger
from tests.contracts.booking_ledger_contract import BookingLedgerContract, make_booking


class TestInMemoryBookingLedger(BookingLedgerContract):
    @pytest.fixture
    async def ledger(self):
        yield InMemoryBookingLedger()


async def test_a_booking_is_charged_once_however_often_its_key_is_inserted():
    ledger = InMemoryBookingLedger()

    for number in range(3):
        await ledger.insert_if_absent("key-1", make_booking(number))

    assert ledger.charges("key-1") == 1
    assert ledger.charges("key-2") == 0
    assert len(ledger) == 1
