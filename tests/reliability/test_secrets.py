"""Secrets (issue 7, item 7), on both stores: after a partner's whole journey (with its key sent every
wrong way and card numbers typed into the conversation), the log, every stored row and every
response contain no raw API key and no card number."""

from __future__ import annotations

import logging
import re

CARD_NUMBERS = ["4111111111111111", "4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005"]
DIGITS_ONLY = [re.sub(r"\D", "", n) for n in CARD_NUMBERS]



async def test_no_raw_key_and_no_card_number_in_logs_rows_or_responses(harness, tmp_path):
    other = await harness.issue(tenant_id="tenant-b", rate_limit_per_minute=1000)
    key = harness.partner.api_key
    responses = []
    session_id, pay = await harness.quoted_session()
    for number in CARD_NUMBERS:
        responses.append(await harness.post_event(session_id, text=f"charge my card {number} please"))
        responses.append(await harness.post_event(session_id, kind="action_confirm_payment_card",
                                                  payload={"paymentCardId": number}, idempotencyKey=f"card:{number}"))
    responses.append(await harness.post_event(session_id, **pay))
    responses.append(await harness.post_event(session_id, kind="action_cancel_booking", payload={"acceptPenalty": True},
                                              idempotencyKey="cancel"))
    http = harness.http
    responses.append(await http.get(f"/api/partner/v1/core-chat/sessions/{session_id}?apiKey={key}"))
    responses.append(await http.get(f"/api/partner/v1/core-chat/sessions/{session_id}", headers={"authorization": f"Bearer {key}x"}))
    responses.append(await http.get(f"/api/partner/v1/core-chat/sessions/{session_id}",
                                    headers={"x-partner-api-key": key, "api-key": other.api_key}))
    responses.append(await http.get(f"/api/partner/v1/core-chat/sessions/{session_id}", headers={"x-partner-api-key": other.api_key}))
    responses.append(await http.get(f"/api/partner/v1/core-chat/sessions/{session_id}", headers=harness.headers))
    for handler in logging.getLogger().handlers + [harness.app.log_handler]:
        handler.flush()
    await harness.app.close()  # drains the background log writer

    raw_keys = [key, other.api_key, key + "x"]
    log = (tmp_path / "corechat.log").read_text(encoding="utf-8", errors="replace")
    rows = harness.dump()
    answered = "\n".join(r.text + "\n" + "\n".join(f"{k}: {v}" for k, v in r.headers.items()) for r in responses)
    print(f"[reliability] scanned: log {len(log)} chars, rows {len(rows)} chars, responses {len(answered)} chars")
    assert log and rows and answered
    for name, text in (("log", log), ("stored rows", rows), ("responses", answered)):
        assert [k for k in raw_keys if k in text] == [], f"a raw API key in the {name}"
        squeezed = re.sub(r"[\s-]", "", text)
        assert [n for n in DIGITS_ONLY if n in squeezed] == [], f"a card number in the {name}"
