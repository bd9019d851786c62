import datetime as dt
from decimal import Decimal

from corechat.clock import iso_millis
from corechat.jsoncodec import encode, to_builtins
from corechat.model import Cancellation

AT = dt.datetime(2026, 2, 18, 23, 22, 33, 407_123, tzinfo=dt.timezone.utc)


def test_iso_millis_is_utc_with_milliseconds_and_z():
    seattle = dt.timezone(dt.timedelta(hours=-8))
    assert iso_millis(AT) == "2026-02-18T23:22:33.407Z"
    assert iso_millis(AT.astimezone(seattle)) == "2026-02-18T23:22:33.407Z"
    assert iso_millis(AT.replace(microsecond=0)) == "2026-02-18T23:22:33.000Z"


def test_public_views_show_money_to_the_cent_as_json_numbers():
    cancellation = Cancellation(
        booking_id="bk_1", refund_amount=Decimal("0"), penalty_amount=Decimal("930.2"), currency="USD"
    )
    assert encode(to_builtins(cancellation)) == (
        b'{"bookingId":"bk_1","refundAmount":0.00,"penaltyAmount":930.20,"currency":"USD"}'
    )


def test_public_views_show_instants_in_milliseconds_and_dates_as_iso_dates():
    view = to_builtins({"at": AT, "day": dt.date(2027, 3, 20), "nested": [{"at": AT}]})
    assert view == {
        "at": "2026-02-18T23:22:33.407Z",
        "day": "2027-03-20",
        "nested": [{"at": "2026-02-18T23:22:33.407Z"}],
    }
