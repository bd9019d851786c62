"""corechat parse: JSON lines, one text for people, and the SGD prediction format."""

from __future__ import annotations

import io
import json

import pytest

from corechat import cli


def run(argv: list[str], stdin: str, monkeypatch, capsys) -> tuple[int, str]:
    status, out, _ = run_with_errors(argv, stdin, monkeypatch, capsys)
    return status, out


def run_with_errors(argv: list[str], stdin: str, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = cli.main(["parse", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_lines_feed_one_tracker_per_line(monkeypatch, capsys):
    lines = '{"id": "a", "turns": ["Seattle Mar 20-23", "make it 2 rooms"]}\n{"id": "b", "turns": ["hi"]}\n'
    status, out = run(["--today", "2026-11-29"], lines, monkeypatch, capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [(r["id"], r["turn"], r["kind"]) for r in rows] == [("a", 0, "search_query"), ("a", 1, "search_query"), ("b", 0, "search_query")]
    assert rows[1]["criteria"]["rooms"] == 2 and rows[1]["criteria"]["checkOut"] == "2027-03-23"
    assert rows[1]["criteria"]["destination"]["regionCode"] == "WA"
    assert rows[1]["missing"] == [] and rows[1]["problems"] == []
    assert rows[2]["criteria"]["destination"] is None
    assert rows[2]["missing"] == ["destination", "checkIn", "checkOut"]


def test_a_booking_turn_is_classified(monkeypatch, capsys):
    status, out = run(["--today", "2026-11-29"], '{"id": 1, "turns": ["book the second one"]}\n', monkeypatch, capsys)
    row = json.loads(out)
    assert (row["kind"], row["optionRef"]) == ("command_book_by_option_id", {"position": 2})


def test_budgets_are_json_numbers(monkeypatch, capsys):
    _, out = run(["--today", "2026-11-29"], '{"id": 1, "turns": ["under $199.50 a night, 1,200 total"]}\n', monkeypatch, capsys)
    criteria = json.loads(out)["criteria"]
    assert (criteria["maxPricePerNight"], criteria["maxTotalPrice"]) == (199.5, 1200)


def test_problems_are_listed(monkeypatch, capsys):
    _, out = run(["--today", "2026-11-29"], '{"id": 1, "turns": ["Narnia, 12 rooms"]}\n', monkeypatch, capsys)
    assert json.loads(out)["problems"] == ["At most 9 rooms can be booked at once; you asked for 12."]


def test_a_bad_line_is_reported_and_the_rest_still_run(monkeypatch, capsys):
    status, out, err = run_with_errors(["--today", "2026-11-29"], 'nope\n{"id": 2, "turns": ["Denver"]}\n', monkeypatch, capsys)
    assert status == 1
    assert json.loads(out)["criteria"]["destination"]["city"] == "Denver"
    assert err.startswith("line 1: expected")


def test_one_text_is_printed_indented(monkeypatch, capsys):
    status, out = run(["--today", "2019-03-01", "London 10-14 June, 2 adults"], "", monkeypatch, capsys)
    shown = json.loads(out)
    assert status == 0 and out.startswith("{\n  ")
    assert shown["criteria"]["checkIn"] == "2019-06-10" and shown["criteria"]["nights"] == 4
    assert shown["criteria"]["adults"] == 2 and shown["criteria"]["destination"]["countryCode"] == "GB"


def test_tz_offset_decides_today_without_today(monkeypatch, capsys):
    import datetime as dt

    from corechat.clock import FixedClock

    clock = FixedClock(dt.datetime(2026, 11, 30, 5, 0, tzinfo=dt.timezone.utc))
    monkeypatch.setattr("corechat.clock.SystemClock", lambda: clock)
    _, west = run(["--tz-offset", "-480", "today"], "", monkeypatch, capsys)
    _, utc = run(["today"], "", monkeypatch, capsys)
    assert (json.loads(west)["criteria"]["checkIn"], json.loads(utc)["criteria"]["checkIn"]) == ("2026-11-29", "2026-11-30")


def test_sgd_format_writes_score_lines(monkeypatch, capsys, tmp_path):
    dialogue = {"dialogue_id": "d1", "turns": [
        {"turn_idx": 0, "system_before": None, "utterance": "I need a hotel in NYC."},
        {"turn_idx": 2, "system_before": "When are you checking out?", "utterance": "On the 5th."},
        {"turn_idx": 4, "system_before": "How many people?", "utterance": "Two."},
    ]}
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(dialogue) + "\n")
    status, out = run(["--format", "sgd", str(path)], "", monkeypatch, capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert rows == [
        {"dialogue_id": "d1", "turn_idx": 0, "state": {"destination": "New York City"}},
        {"dialogue_id": "d1", "turn_idx": 2, "state": {"destination": "New York City", "check_out": "2019-03-05"}},
        {"dialogue_id": "d1", "turn_idx": 4, "state": {"destination": "New York City", "check_out": "2019-03-05", "adults": 2}},
    ]


def test_help_describes_all_three_uses(capsys):
    with pytest.raises(SystemExit):
        cli.main(["parse", "--help"])
    text = capsys.readouterr().out
    assert "JSON lines" in text and "--format sgd" in text and "--today" in text and "--tz-offset" in text
