"""``corechat parse``: run the natural-language core on text, JSON lines, or an SGD dialogue file."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import IO, Iterable

DESCRIPTION = """\
Parse hotel requests the way a chat session would.

  corechat parse --today 2019-03-01 "London 10-14 June, 2 adults"
      one turn, printed indented for people
  echo '{"id": 1, "turns": ["Seattle Mar 20-23", "make it 2 rooms"]}' | corechat parse --today 2026-11-29
      JSON lines on stdin, {"id": ..., "turns": [...]}: each line's turns go into one fresh tracker,
      one JSON line out per turn: {"id", "turn", "kind", "criteria", "missing", "problems"}
  corechat parse --format sgd ../shared/data/sgd-hotels/dev.jsonl > predictions.jsonl
      an SGD hotel file: each dialogue's user turns into one tracker, score.py's prediction lines out

criteria holds only what the traveller stated (null where never stated), camelCase as in
CONVERSATION.md section 4. Without --today, today is the UTC date shifted by --tz-offset minutes
(the SGD format's today defaults to the dataset's 2019-03-01).
"""
SGD_TODAY = dt.date(2019, 3, 1)


def add_commands(subparsers) -> None:
    parser = subparsers.add_parser(
        "parse", help="parse hotel requests (text, JSON lines on stdin, or SGD dialogues)",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", nargs="?", help="a turn of text; with --format sgd, the dialogue file ('-' = stdin)")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="the traveller's local date, YYYY-MM-DD")
    parser.add_argument("--tz-offset", type=int, default=0, metavar="MINUTES",
                        help="the traveller's offset from UTC, used when --today is not given (Seattle in winter: -480)")
    parser.add_argument("--format", choices=("jsonl", "sgd"), default="jsonl",
                        help="how stdin or the file is shaped (default: jsonl)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from corechat.clock import SystemClock, local_today

    if args.format == "sgd":
        today = args.today or SGD_TODAY
        if not args.input or args.input == "-":
            return _sgd(sys.stdin, sys.stdout, today)
        with open(args.input, encoding="utf-8") as source:
            return _sgd(source, sys.stdout, today)
    today = args.today or local_today(SystemClock().now(), args.tz_offset)
    if args.input is not None:
        (line,) = _turns([args.input], today, "text")
        del line["id"]
        print(json.dumps(line, indent=2, default=str, ensure_ascii=False))
        return 0
    return _jsonl(sys.stdin, sys.stdout, today)


def _jsonl(source: IO[str], sink: IO[str], today: dt.date) -> int:
    status = 0
    for number, raw in enumerate(source, 1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            turns = item["turns"]
            if not isinstance(turns, list) or not all(isinstance(t, str) for t in turns):
                raise ValueError("turns must be a list of strings")
        except (ValueError, KeyError, TypeError) as exc:
            print(f"line {number}: expected {{\"id\": ..., \"turns\": [\"text\", ...]}} ({exc})", file=sys.stderr)
            status = 1
            continue
        for line in _turns(turns, today, item.get("id")):
            sink.write(json.dumps(line, default=str, ensure_ascii=False) + "\n")
    return status


def _turns(turns: Iterable[str], today: dt.date, conversation_id) -> list[dict]:
    from corechat.model import Criteria
    from corechat.nlu import NluContext, interpret, tracker

    criteria = Criteria()
    out = []
    for index, text in enumerate(turns):
        interp = interpret(text, NluContext(criteria=criteria), today)
        line = {"id": conversation_id, "turn": index}
        if interp.intent == "book":
            ref = interp.option_ref
            line["kind"] = "command_book_by_option_id"
            line["optionRef"] = {k: v for k, v in (("position", ref.position), ("optionId", ref.option_id), ("name", ref.name)) if v is not None}
        else:
            line["kind"] = "search_query"
            criteria = tracker.apply(criteria, interp)
        line["criteria"] = _plain(tracker.view(criteria))
        line["missing"] = tracker.missing(criteria)
        line["problems"] = list(interp.problems) + tracker.problems(criteria, today)
        out.append(line)
    return out


def _plain(view: dict) -> dict:
    """Decimals as JSON numbers: whole amounts as ints, others as floats (exact to the cent)."""
    from decimal import Decimal

    def one(value):
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value

    return {k: one(v) for k, v in view.items()}


def _sgd(source: IO[str], sink: IO[str], today: dt.date) -> int:
    from corechat.model import Criteria
    from corechat.nlu import NluContext, interpret, sgd, tracker

    for raw in source:
        if not raw.strip():
            continue
        dialogue = json.loads(raw)
        criteria = Criteria()
        for turn in dialogue["turns"]:
            context = NluContext(criteria=criteria, last_question=sgd.question(turn.get("system_before")))
            interp = interpret(turn["utterance"], context, today)
            if interp.intent == "search":
                criteria = tracker.apply(criteria, interp)
            record = {"dialogue_id": dialogue["dialogue_id"], "turn_idx": turn["turn_idx"],
                      "state": sgd.state(tracker.view(criteria))}
            sink.write(json.dumps(record) + "\n")
    return 0
