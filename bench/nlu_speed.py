"""How fast the natural-language core reads a turn, against dateparser as a reference.

Times ``corechat.nlu.interpret`` on every user utterance of the SGD hotel dev set (each dialogue
through one tracker, as a session would), and dateparser's ``search_dates`` on the same texts
(told the language is English, its fastest setting, and as usually called, detecting it). Also reports the gazetteer's one-time load cost.

    python -m bench nlu_speed [--data ../shared/data/sgd-hotels/dev.jsonl] [--rounds 3] [--reference-sample 600]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import resource
import statistics
import time
import subprocess
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "sgd-hotels" / "dev.jsonl"
TODAY = dt.date(2019, 3, 1)


def _dialogues(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as source:
        return [[t["utterance"] for t in json.loads(line)["turns"]] for line in source if line.strip()]


_RETAINED = (
    "import gc, tracemalloc; tracemalloc.start(); from corechat.nlu import places; g = places.load(); "
    "gc.collect(); print(tracemalloc.get_traced_memory()[0])"
)


def _load_gazetteer() -> tuple[float, float, float]:
    """Seconds and resident MB that building the gazetteer costs here (imports included), and the
    MB it keeps afterwards (measured with tracemalloc in a child process, since tracing slows the load)."""
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    from corechat.nlu import places

    places.load()
    seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    retained = subprocess.run([sys.executable, "-c", _RETAINED], capture_output=True, text=True, check=True)
    return seconds, int(retained.stdout) / 1e6, (rss_after - rss_before) / 1e3


def _time_interpret(dialogues: list[list[str]], rounds: int) -> list[float]:
    from corechat.model import Criteria
    from corechat.nlu import NluContext, interpret, tracker

    samples: list[float] = []
    for _ in range(rounds):
        for turns in dialogues:
            criteria = Criteria()
            for text in turns:
                context = NluContext(criteria=criteria)
                started = time.perf_counter_ns()
                interp = interpret(text, context, TODAY)
                samples.append((time.perf_counter_ns() - started) / 1e6)
                if interp.intent == "search":
                    criteria = tracker.apply(criteria, interp)
    return samples


def _time_dateparser(texts: list[str], languages: list[str] | None) -> list[float]:
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": dt.datetime(2019, 3, 1), "PREFER_DATES_FROM": "future"}
    search_dates("warm up on March 3rd", languages=languages, settings=settings)
    samples = []
    for text in texts:
        started = time.perf_counter_ns()
        search_dates(text, languages=languages, settings=settings)
        samples.append((time.perf_counter_ns() - started) / 1e6)
    return samples


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def run_benchmark(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench nlu_speed", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reference-sample", type=int, default=600,
                        help="how many texts dateparser reads told the language is English (evenly spaced)")
    parser.add_argument("--default-sample", type=int, default=120,
                        help="how many texts dateparser reads as it is usually called, detecting the language")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"nlu_speed: no data at {args.data}; pass --data")
        return 2

    load_s, retained_mb, rss_mb = _load_gazetteer()
    dialogues = _dialogues(args.data)
    texts = [t for turns in dialogues for t in turns]
    _time_interpret(dialogues[:20], 1)  # warm the regex and struct caches
    ours = _time_interpret(dialogues, args.rounds)
    english = _time_dateparser(texts[::max(1, len(texts) // max(1, args.reference_sample))], ["en"])
    default = _time_dateparser(texts[::max(1, len(texts) // max(1, args.default_sample))], None)

    median = statistics.median(ours)
    print(f"nlu_speed: {len(texts)} SGD dev utterances x {args.rounds} rounds")
    print(f"  gazetteer load        {load_s * 1000:8.1f} ms   {rss_mb:6.1f} MB resident growth (imports included)"
          f"   {retained_mb:6.1f} MB kept")
    print(f"  interpret             median {median:8.3f} ms   p99 {_p99(ours):8.3f} ms")
    for label, samples in (("dateparser, English", english), ("dateparser, default", default)):
        print(f"  {label:21} median {statistics.median(samples):8.3f} ms   p99 {_p99(samples):8.3f} ms"
              f"   ({len(samples)} texts; interpret {statistics.median(samples) / median:.0f}x faster at the median,"
              f" {_p99(samples) / _p99(ours):.0f}x at p99)")
    return 0


if __name__ == "__main__":
    raise SystemExit(run_benchmark())
