import datetime as dt
import hashlib
import re

from corechat.clock import SecureIds
from corechat.service import identifiers

AT = dt.datetime(2026, 2, 18, 23, 22, 33, 407_000, tzinfo=dt.timezone.utc)


class CountingIds:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def token(self, alphabet: str, length: int) -> str:
        self.calls.append((alphabet, length))
        return alphabet[-length:]


def test_session_id_is_epoch_millis_and_eight_base36_characters():
    ids = CountingIds()
    assert identifiers.new_session_id(AT, ids) == "sess_1771456953407_stuvwxyz"
    assert ids.calls == [("0123456789abcdefghijklmnopqrstuvwxyz", 8)]


def test_session_ids_from_the_csprng_match_the_protocol_pattern():
    session_id = identifiers.new_session_id(AT, SecureIds())
    assert re.fullmatch(r"sess_1771456953407_[a-z0-9]{8}", session_id)


def test_event_id_takes_a_suffix_only_when_asked():
    assert identifiers.event_id(AT) == "evt_1771456953407"
    assert identifiers.event_id(AT, 2) == "evt_1771456953407_2"


def test_trace_id_joins_tenant_channel_session_and_event():
    assert (
        identifiers.trace_id("demo-tenant", "partner-chat", "sess_1_abcdefgh", "evt_2")
        == "demo-tenant:partner_api:partner-chat:sess_1_abcdefgh:evt_2"
    )


def test_supplier_key_is_the_first_32_hex_of_sha256_of_partner_nul_key():
    expected = hashlib.sha256(b"partner_1\x00book:001").hexdigest()[:32]
    assert identifiers.supplier_key("partner_1", "book:001") == expected
    assert identifiers.supplier_key("partner_2", "book:001") != expected
    assert identifiers.supplier_key("partner_1", None) is None
