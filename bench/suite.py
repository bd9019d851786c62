"""The load suite: corechat against the one-insert ceiling and the conventional stack, on SQLite and
PostgreSQL, with wrk on one core and each server pinned to the other.

    python -m bench --only create,search --db sqlite --quick     (or: python -m bench suite ...)

Every figure is measured ``--repeats`` times (default twice), each after its own warm-up, and
apps compared with each other are measured in alternating rounds within one run, because the
machine is shared and only ratios measured side by side mean much. Server CPU per request comes
from /proc/<pid>/stat (utime + stime of the server, its threads and its workers) over the measured
window. Figures go to stdout and to var/bench/last-run.{md,json}.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.client import Connection, each_concurrently
from bench.databases import WORK, Database, Partner
from bench.processes import HOST, LOAD_CORE, SERVER_CORE, Load, Profile, Server, wrk

SCENARIOS = ("create", "search", "booking", "snapshot", "growth", "store", "redis", "workers", "nlu")
DATABASES = ("sqlite", "postgresql")
SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"
SEARCH_TEXTS = (
    "Seattle Mar 20-23 1 room refundable",
    "Portland Apr 3-6 2 rooms",
    "Chicago May 1-4 under $300 a night",
    "Denver Jun 10-12 4 stars",
)
REPO = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/0"
POOLS = WORK / "pools"  # session ids for wrk's scripts; emptied at the end of a run


@dataclass
class Options:
    only: tuple[str, ...]
    databases: tuple[str, ...]
    warmup: float
    seconds: float
    repeats: int
    seed_sessions: int
    growth_sessions: int
    event_cap: int
    profile: bool = False


@dataclass
class Figure:
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_us: float
    requests: int
    non2xx: int
    socket_errors: int
    counts: dict = field(default_factory=dict)


@dataclass
class Row:
    section: str
    database: str
    subject: str
    figures: list[Figure] = field(default_factory=list)
    note: str = ""
    vs_ceiling: float | None = None
    vs_conventional: float | None = None

    def mean(self, name: str) -> float:
        return statistics.fmean(getattr(f, name) for f in self.figures) if self.figures else float("nan")


class Report:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.notes: list[str] = []

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print("  " + _line(row), flush=True)
        return row

    def note(self, text: str) -> None:
        self.notes.append(text)
        print("  " + text.replace("\n", "\n  "), flush=True)

    def markdown(self) -> str:
        head = (
            "| section | db | subject | req/s (each run) | p50 ms | p99 ms | CPU us/req | vs ceiling | vs conventional | note |\n"
            "|---|---|---|---|---|---|---|---|---|---|\n"
        )
        return head + "\n".join(_markdown_row(row) for row in self.rows) + "\n\n" + "\n\n".join(self.notes) + "\n"


def _runs(row: Row) -> str:
    return " / ".join(f"{f.rps:.0f}" for f in row.figures)


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _line(row: Row) -> str:
    if not row.figures:
        return f"{row.section:<10} {row.database:<10} {row.subject:<28} {row.note}"
    return (
        f"{row.section:<10} {row.database:<10} {row.subject:<28} {row.mean('rps'):8.0f} req/s ({_runs(row)})"
        f"  p50 {row.mean('p50_ms'):6.2f} ms  p99 {row.mean('p99_ms'):6.2f} ms  CPU {row.mean('cpu_us'):6.0f} us/req"
        + (f"  x{row.vs_ceiling:.2f} ceiling" if row.vs_ceiling is not None else "")
        + (f"  x{row.vs_conventional:.2f} conventional" if row.vs_conventional is not None else "")
        + (f"  {row.note}" if row.note else "")
    )


def _markdown_row(row: Row) -> str:
    if not row.figures:
        return f"| {row.section} | {row.database} | {row.subject} | | | | | | | {row.note} |"
    return (
        f"| {row.section} | {row.database} | {row.subject} | {row.mean('rps'):.0f} ({_runs(row)}) | {row.mean('p50_ms'):.2f}"
        f" | {row.mean('p99_ms'):.2f} | {row.mean('cpu_us'):.0f} | {_ratio(row.vs_ceiling)} | {_ratio(row.vs_conventional)}"
        f" | {row.note} |"
    )


# ---- servers


def corechat_server(db: Database, log: Path, *, workers: int | None = None, redis: bool = False) -> Server:
    argv = [sys.executable, "-m", "corechat", "serve", "--host", HOST, "--port", "{port}"]
    if workers is not None:
        argv += ["--workers", str(workers)]
    env = {"CORECHAT_DATABASE_URL": db.url, "PYTHONPATH": str(REPO)}
    if redis:
        env["CORECHAT_REDIS_URL"] = REDIS_URL
    name = "corechat" + (f" {workers} worker{'s' if workers > 1 else ''}" if workers else "") + (" + redis" if redis else "")
    return Server(name, argv, env=env, log=log, ready_path="/healthz")


def reference_server(module: str, db: Database, partner: Partner, log: Path) -> Server:
    argv = [
        sys.executable, "-m", "uvicorn", f"bench.{module}:app", "--host", HOST, "--port", "{port}",
        "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning",
    ]
    env = {
        "BENCH_DATABASE_URL": db.url,
        "BENCH_TENANT_ID": partner.tenant_id,
        "BENCH_PARTNER_ID": partner.partner_id,
        "PYTHONPATH": str(REPO),
    }
    return Server(module, argv, env=env, log=log, ready_path=None)


# ---- measuring


class Bench:
    """One database, its partner, and how to load a server on it."""

    def __init__(self, options: Options, db: Database, partner: Partner, report: Report) -> None:
        self.options = options
        self.db = db
        self.partner = partner
        self.report = report
        self.log = WORK / "servers.log"

    def measure(self, server: Server, path: str, script: str, args: list[str], *, threads: int = 2) -> Figure:
        wrk(server.port, path, script, args, seconds=self.options.warmup, threads=threads)
        profiler = self._profile(server, script)
        threads_before = server.thread_cpu_seconds() if profiler else {}
        before = server.cpu_seconds()
        load = wrk(server.port, path, script, args, seconds=self.options.seconds, threads=threads)
        cpu = server.cpu_seconds() - before
        if profiler is not None:
            after = server.thread_cpu_seconds()
            loop = after.get(server.pid, 0) - threads_before.get(server.pid, 0)
            others = sum(after.values()) - sum(threads_before.values()) - loop
            per = 1e6 / max(load.requests, 1)
            profiler.finish(
                f"CPU per request: event-loop thread {loop * per:.0f} us, other threads (SQLite writer and"
                f" readers, log writer, executor) {others * per:.0f} us"
            )
        return _figure(load, cpu)

    def _profile(self, server: Server, script: str) -> Profile | None:
        if not self.options.profile or not server.name.startswith("corechat"):
            return None
        name = f"{self.db.kind}-{script.removesuffix('.lua')}-{server.name.replace(' ', '-')}"
        return Profile(server.pid, WORK / f"profile-{name}.txt", seconds=self.options.seconds)

    def create(self, server: Server) -> Figure:
        return self.measure(server, SESSIONS, "create.lua", [self.partner.api_key])

    def search(self, server: Server, pool: Path) -> Figure:
        prefix = "s" + secrets.token_hex(4)
        return self.measure(server, EVENTS, "search.lua", [self.partner.api_key, str(pool), prefix, "32"], threads=32)

    def snapshot(self, server: Server, session_id: str) -> Figure:
        return self.measure(server, f"{SESSIONS}/{session_id}", "snapshot.lua", [self.partner.api_key, session_id])

    def pool(self, server: Server, count: int, *, search: str | None = None) -> Path:
        sessions = asyncio.run(make_sessions(server.port, self.partner.api_key, count, search=search))
        path = POOLS / f"pool-{secrets.token_hex(4)}.txt"
        path.write_text("\n".join(sessions) + "\n")
        return path


def _figure(load: Load, cpu_seconds: float) -> Figure:
    return Figure(
        rps=load.rps,
        p50_ms=load.p50_ms,
        p99_ms=load.p99_ms,
        cpu_us=cpu_seconds / load.requests * 1e6 if load.requests else float("nan"),
        requests=load.requests,
        non2xx=load.non2xx,
        socket_errors=load.socket_errors,
        counts=load.counts,
    )


def _errors_note(row: Row) -> str:
    bad = sum(f.non2xx for f in row.figures)
    broken = sum(f.socket_errors for f in row.figures)
    parts = []
    if bad:
        statuses: dict[str, int] = {}
        for figure in row.figures:
            for name, n in figure.counts.items():
                if name.startswith("http_"):
                    statuses[name[5:]] = statuses.get(name[5:], 0) + n
        detail = " (" + ", ".join(f"{n} x {s}" for s, n in sorted(statuses.items())) + ")" if statuses else ""
        parts.append(f"{bad} non-2xx{detail}")
    if broken:
        parts.append(f"{broken} socket errors")
    return ", ".join(parts)


def _with_errors(row: Row) -> Row:
    extra = _errors_note(row)
    if extra:
        row.note = f"{row.note}; {extra}" if row.note else extra
    return row


async def make_sessions(port: int, api_key: str, count: int, *, search: str | None = None) -> list[str]:
    """``count`` sessions through the API; with ``search``, each first shown a shortlist for it."""
    connections = [Connection(HOST, port, api_key) for _ in range(16)]
    for connection in connections:
        await connection.__aenter__()

    async def one(slot: int, index: int) -> str:
        connection = connections[slot]
        actor = {"actorId": f"actor-{index % 97}", "timezoneOffsetMinutes": -480}
        status, body, _ = await connection.request("POST", SESSIONS, {"actor": actor})
        if status != 200:
            raise RuntimeError(f"create session answered {status}: {body}")
        session_id = body["data"]["sessionId"]
        if search is not None:
            status, body, _ = await connection.request(
                "POST", EVENTS, {"sessionId": session_id, "text": search, "idempotencyKey": f"pool-{session_id}"}
            )
            result = body.get("data", {}).get("result", {}).get("status")
            if status != 200 or result != "shortlist":
                raise RuntimeError(f"pool search answered {status} {result}: {str(body)[:300]}")
        return session_id

    try:
        return await each_concurrently(list(range(count)), one, concurrency=len(connections))
    finally:
        for connection in connections:
            await connection.__aexit__()


async def post_events(
    port: int, api_key: str, session_ids: list[str], count: int, *, on_window=None, window: int = 50
) -> dict[int, list[float]]:
    """``count`` search turns into each session, all sessions in lockstep; latencies by event number.

    ``on_window(first, last)`` is called before and after each window of ``window`` events, so the
    caller can read the server's CPU time around it.
    """
    latencies: dict[int, list[float]] = {}
    connections = [Connection(HOST, port, api_key) for _ in session_ids]
    for connection in connections:
        await connection.__aenter__()
    try:
        for start in range(1, count + 1, window):
            stop = min(count, start + window - 1)
            if on_window:
                on_window("start", start, stop)

            async def walk(connection: Connection, session_id: str) -> None:
                for number in range(start, stop + 1):
                    text = SEARCH_TEXTS[number % len(SEARCH_TEXTS)]
                    status, body, seconds = await connection.request(
                        "POST", EVENTS,
                        {"sessionId": session_id, "text": text, "idempotencyKey": f"g-{session_id}-{number}"},
                    )
                    if status != 200:
                        raise RuntimeError(f"event {number} answered {status}: {str(body)[:300]}")
                    latencies.setdefault(number, []).append(seconds * 1000)

            await asyncio.gather(*(walk(c, s) for c, s in zip(connections, session_ids)))
            if on_window:
                on_window("stop", start, stop)
    finally:
        for connection in connections:
            await connection.__aexit__()
    return latencies


# ---- scenarios


def scenario_create(bench: Bench, kind: str) -> None:
    servers = [
        reference_server("ceiling", bench.db, bench.partner, bench.log),
        reference_server("conventional", bench.db, bench.partner, bench.log),
        corechat_server(bench.db, bench.log),
    ]
    rows = {s.name: Row("create", kind, s.name) for s in servers}
    try:
        for server in servers:
            server.start()
        for _ in range(bench.options.repeats):
            for server in servers:  # alternating, so the three share the machine's moods alike
                rows[server.name].figures.append(bench.create(server))
    finally:
        for server in servers:
            server.stop()
    ceiling, conventional, ours = rows["ceiling"], rows["conventional"], rows["corechat"]
    ours.vs_ceiling = ours.mean("rps") / ceiling.mean("rps")
    ours.vs_conventional = ours.mean("rps") / conventional.mean("rps")
    conventional.vs_ceiling = conventional.mean("rps") / ceiling.mean("rps")
    for row in (ceiling, conventional, ours):
        bench.report.add(_with_errors(row))
    bench.ceiling_rps = ceiling.mean("rps")


def scenario_search(bench: Bench, kind: str) -> None:
    with corechat_server(bench.db, bench.log) as server:
        pool = bench.pool(server, 1024)
        row = Row("search", kind, "corechat search turn", note="1024 sessions, unique keys")
        for _ in range(bench.options.repeats):
            row.figures.append(bench.search(server, pool))
    _vs_ceiling(bench, row)
    row.note += "; " + _statuses(row)
    bench.report.add(_with_errors(row))


def scenario_booking(bench: Bench, kind: str) -> None:
    key = bench.partner.api_key
    with corechat_server(bench.db, bench.log) as server:
        row = Row("booking", kind, "corechat book+card")
        flows = []
        for _ in range(bench.options.repeats):
            warm_pool = bench.pool(server, 320, search=SEARCH_TEXTS[0])
            warm = wrk(server.port, EVENTS, "booking.lua", [key, str(warm_pool), "w" + secrets.token_hex(4), "32"],
                       seconds=bench.options.warmup, threads=32)
            flows_per_second = warm.counts.get("flows_booked", 0) / max(warm.seconds, 0.001)
            size = int(flows_per_second * bench.options.seconds * 1.5 / 5) + 64
            pool = bench.pool(server, size, search=SEARCH_TEXTS[0])
            before = server.cpu_seconds()
            load = wrk(server.port, EVENTS, "booking.lua", [key, str(pool), "b" + secrets.token_hex(4), "32"],
                       seconds=bench.options.seconds, threads=32)
            figure = _figure(load, server.cpu_seconds() - before)
            row.figures.append(figure)
            flows.append(load.counts.get("flows_booked", 0) / load.seconds)
    row.note = (
        f"flows/s {statistics.fmean(flows):.0f} ({' / '.join(f'{f:.0f}' for f in flows)}); " + _statuses(row)
    )
    bench.report.add(_with_errors(row))


def scenario_snapshot(bench: Bench, kind: str) -> None:
    with corechat_server(bench.db, bench.log) as server:
        (session,) = bench.pool(server, 1).read_text().split()
        asyncio.run(post_events(server.port, bench.partner.api_key, [session], 50))
        row = Row("snapshot", kind, "GET session of 50 events")
        for _ in range(bench.options.repeats):
            row.figures.append(bench.snapshot(server, session))
    bench.report.add(_with_errors(row))


def scenario_growth(bench: Bench, kind: str) -> None:
    """The 1st versus the 500th event of a session; snapshots of 10, 100 and 500 events."""
    cap = bench.options.event_cap
    count = bench.options.growth_sessions
    with corechat_server(bench.db, bench.log) as server:
        warm = bench.pool(server, 64)
        wrk(server.port, EVENTS, "search.lua", [bench.partner.api_key, str(warm), "gw" + secrets.token_hex(3), "32"],
            seconds=bench.options.warmup, threads=32)
        sessions = bench.pool(server, count).read_text().split()
        windows: list[tuple[int, int, float]] = []
        marks: dict[str, float] = {}

        def on_window(edge: str, first: int, last: int) -> None:
            if edge == "start":
                marks["cpu"] = server.cpu_seconds()
            else:
                windows.append((first, last, server.cpu_seconds() - marks["cpu"]))

        latencies = asyncio.run(post_events(server.port, bench.partner.api_key, sessions, cap, on_window=on_window))
        first_window, last_window = windows[0], windows[-1]
        for first, last, cpu in (first_window, last_window):
            lat = [ms for n in range(first, last + 1) for ms in latencies[n]]
            row = Row("growth", kind, f"events {first}-{last}")
            row.figures.append(
                Figure(
                    rps=len(lat) / (sum(lat) / 1000 / count),
                    p50_ms=statistics.median(lat),
                    p99_ms=statistics.quantiles(lat, n=100)[98],
                    cpu_us=cpu / len(lat) * 1e6,
                    requests=len(lat),
                    non2xx=0,
                    socket_errors=0,
                )
            )
            row.note = f"{count} sessions in lockstep, one connection each"
            bench.report.add(row)
        bench.report.note(
            f"growth {kind}: event 1 median {statistics.median(latencies[1]):.2f} ms, event {cap} median"
            f" {statistics.median(latencies[cap]):.2f} ms ({count} sessions); CPU per event by window of 50: "
            + ", ".join(f"{a}-{b}: {cpu / ((b - a + 1) * count) * 1e6:.0f} us" for a, b, cpu in windows)
        )

        deep = {cap: sessions[0]}
        for depth in (10, 100):
            if depth < cap:
                (session,) = bench.pool(server, 1).read_text().split()
                asyncio.run(post_events(server.port, bench.partner.api_key, [session], depth))
                deep[depth] = session
        for depth in sorted(deep):
            row = Row("growth", kind, f"GET session of {depth} events")
            for _ in range(bench.options.repeats):
                row.figures.append(bench.snapshot(server, deep[depth]))
            bench.report.add(_with_errors(row))


def scenario_store(bench: Bench, kind: str) -> None:
    """A store holding many sessions (seeded in bulk SQL) against an empty one, served side by side."""
    seeded_count = bench.options.seed_sessions
    empty_db, full_db = Database(kind, "empty"), Database(kind, "full")
    servers: list[Server] = []
    try:
        benches = {}
        for label, db in (("empty", empty_db), (f"{seeded_count:,} sessions", full_db)):
            benches[label] = Bench(bench.options, db, db.create(), bench.report)
        full = benches[f"{seeded_count:,} sessions"]
        with corechat_server(full_db, bench.log) as server:
            full.pool(server, 1)  # a real session, whose state the seeded ones copy
        started = time.monotonic()
        full_db.seed_sessions(seeded_count, full.partner)
        bench.report.note(f"store {kind}: seeded {seeded_count:,} sessions in {time.monotonic() - started:.0f} s")
        rows: dict[str, tuple[Row, Row]] = {}
        pools = {}
        for label, one in benches.items():
            server = corechat_server(one.db, bench.log)
            servers.append(server)
            server.start()
            pools[label] = one.pool(server, 1024)
            rows[label] = (Row("store", kind, f"create, {label}"), Row("store", kind, f"search, {label}"))
        for _ in range(bench.options.repeats):
            for (label, one), server in zip(benches.items(), servers):  # alternating rounds
                rows[label][0].figures.append(one.create(server))
                rows[label][1].figures.append(one.search(server, pools[label]))
        (empty_create, empty_search), (full_create, full_search) = rows.values()
        for full_row, empty_row in ((full_create, empty_create), (full_search, empty_search)):
            full_row.note = (
                f"{full_row.mean('rps') / empty_row.mean('rps'):.2f} of empty req/s,"
                f" {full_row.mean('cpu_us') / empty_row.mean('cpu_us'):.2f} of its CPU/req"
            )
        for row in (empty_create, full_create, empty_search, full_search):
            bench.report.add(_with_errors(row))
    finally:
        for server in servers:
            server.stop()
        empty_db.drop()
        full_db.drop()


def scenario_redis(bench: Bench, kind: str) -> None:
    """The same create and search with the rate limit in memory and shared in Redis, alternating."""
    plain = corechat_server(bench.db, bench.log)
    shared = corechat_server(bench.db, bench.log, redis=True)
    rows = {}
    try:
        plain.start()
        shared.start()
        pool = bench.pool(plain, 1024)
        for _ in range(bench.options.repeats):
            for server in (plain, shared):
                label = "limit in Redis" if server is shared else "limit in memory"
                create = rows.setdefault((label, "create"), Row("redis", kind, f"create, {label}"))
                search = rows.setdefault((label, "search"), Row("redis", kind, f"search, {label}"))
                create.figures.append(bench.create(server))
                search.figures.append(bench.search(server, pool))
    finally:
        plain.stop()
        shared.stop()
    for what in ("create", "search"):
        memory, redis = rows[("limit in memory", what)], rows[("limit in Redis", what)]
        redis.note = f"+{redis.mean('cpu_us') - memory.mean('cpu_us'):.0f} us CPU/req vs memory"
        bench.report.add(_with_errors(memory))
        bench.report.add(_with_errors(redis))


def scenario_workers(bench: Bench, kind: str) -> None:
    if kind != "postgresql":
        return
    help_text = subprocess.run(
        [sys.executable, "-m", "corechat", "serve", "--help"], capture_output=True, text=True
    ).stdout
    if "--workers" not in help_text:
        bench.report.add(Row("workers", kind, "1 vs 2 workers", note="not measured: corechat serve has no --workers yet"))
        return
    servers = [corechat_server(bench.db, bench.log, workers=n) for n in (1, 2)]
    rows = {}
    try:
        for server in servers:
            server.start()
        pool = bench.pool(servers[0], 1024)
        for _ in range(bench.options.repeats):
            for server in servers:
                rows.setdefault((server.name, "create"), Row("workers", kind, f"create, {server.name}")).figures.append(
                    bench.create(server)
                )
                rows.setdefault((server.name, "search"), Row("workers", kind, f"search, {server.name}")).figures.append(
                    bench.search(server, pool)
                )
    finally:
        for server in servers:
            server.stop()
    for row in rows.values():
        row.note = f"all workers pinned to core {SERVER_CORE}"
        bench.report.add(_with_errors(row))


def scenario_nlu(report: Report) -> None:
    completed = subprocess.run(
        ["taskset", "-c", SERVER_CORE, sys.executable, "-m", "bench", "nlu_speed"],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    output = (completed.stdout + completed.stderr).strip()
    report.note("NLU speed (python -m bench nlu_speed):\n```\n" + output + "\n```")


def _vs_ceiling(bench: Bench, row: Row) -> None:
    ceiling = getattr(bench, "ceiling_rps", None)
    if ceiling:
        row.vs_ceiling = row.mean("rps") / ceiling


def _statuses(row: Row) -> str:
    totals: dict[str, int] = {}
    for figure in row.figures:
        for name, n in figure.counts.items():
            totals[name] = totals.get(name, 0) + n
    return "statuses " + ", ".join(f"{name} {n}" for name, n in sorted(totals.items()))


PER_DATABASE = {
    "create": scenario_create,
    "search": scenario_search,
    "booking": scenario_booking,
    "snapshot": scenario_snapshot,
    "growth": scenario_growth,
    "store": scenario_store,
    "redis": scenario_redis,
    "workers": scenario_workers,
}


# ---- the run


def machine() -> str:
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")),
        platform.processor(),
    )
    versions = []
    for name in ("uvicorn", "starlette", "msgspec", "asyncpg", "fastapi", "pydantic", "sqlalchemy", "aiosqlite"):
        try:
            from importlib.metadata import version

            versions.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 - a missing package is simply not listed
            pass
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[:1]
    return (
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; nproc {os.cpu_count()}; {cpu}; "
        f"Python {platform.python_version()}; SQLite {__import__('sqlite3').sqlite_version}; "
        + "; ".join(versions)
        + (f"; {wrk_version[0]}" if wrk_version else "")
    )


def parse(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(SCENARIOS), help=f"comma-separated, of: {', '.join(SCENARIOS)}")
    parser.add_argument("--db", default=",".join(DATABASES), help="sqlite, postgresql or both (default both)")
    parser.add_argument("--quick", action="store_true", help="short runs, once each, small pools: checks the harness")
    parser.add_argument(
        "--profile", action="store_true",
        help="sample corechat with py-spy during measured runs (needs py-spy); stacks and a summary in var/bench",
    )
    args = parser.parse_args(argv)
    only = tuple(s.strip() for s in args.only.split(",") if s.strip())
    unknown = [s for s in only if s not in SCENARIOS]
    databases = tuple(s.strip() for s in args.db.split(",") if s.strip())
    if unknown or any(d not in DATABASES for d in databases):
        parser.error(f"unknown scenario or database: {', '.join(unknown + [d for d in databases if d not in DATABASES])}")
    if args.quick:
        return Options(only, databases, warmup=1, seconds=2, repeats=1, seed_sessions=20_000, growth_sessions=4,
                       event_cap=100, profile=args.profile)
    return Options(only, databases, warmup=3, seconds=10, repeats=2, seed_sessions=1_000_000, growth_sessions=16,
                   event_cap=500, profile=args.profile)


def run_benchmark(argv: list[str] | None = None) -> int:
    options = parse(argv or [])
    os.chdir(REPO)
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        os.sched_setaffinity(0, {int(LOAD_CORE)})  # our own client work stays off the server's core
    except OSError:
        pass
    POOLS.mkdir(exist_ok=True)
    (WORK / "servers.log").write_text("")
    report = Report()
    header = machine()
    print(f"corechat load suite: {', '.join(options.only)} on {', '.join(options.databases)}\n{header}", flush=True)
    failed = False
    for kind in options.databases:
        chosen = [name for name in options.only if name in PER_DATABASE]
        if not chosen:
            continue
        db = Database(kind, "main")
        try:
            partner = db.create()
        except Exception as exc:  # noqa: BLE001 - say why this database is skipped, go on with the next
            report.note(f"{kind}: could not prepare the database: {exc}")
            failed = True
            continue
        bench = Bench(options, db, partner, report)
        print(f"\n== {kind}", flush=True)
        try:
            for name in chosen:
                try:
                    PER_DATABASE[name](bench, kind)
                except Exception:  # noqa: BLE001 - one broken scenario must not lose the others' figures
                    failed = True
                    report.note(f"{name} on {kind} failed:\n```\n{traceback.format_exc(limit=4)}```")
        finally:
            db.drop()
    shutil.rmtree(POOLS, ignore_errors=True)
    if "nlu" in options.only and "bench.nlu_speed" not in sys.modules:  # else ``python -m bench`` just ran it
        scenario_nlu(report)
    text = f"{header}\n\n" + report.markdown()
    (WORK / "last-run.md").write_text(text)
    (WORK / "last-run.json").write_text(
        json.dumps({"machine": header, "rows": [asdict(r) for r in report.rows], "notes": report.notes}, indent=1)
    )
    print("\n" + text)
    return 1 if failed else 0
