"""Servers under test as subprocesses pinned to one core, their CPU time, and wrk pinned to the other."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SERVER_CORE = "0"
LOAD_CORE = "1"
HOST = "127.0.0.1"
LUA = Path(__file__).parent / "lua"
_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """One server process (and the workers it forks), pinned to ``SERVER_CORE``."""

    def __init__(self, name: str, argv: list[str], *, env: dict[str, str], log: Path, ready_path: str | None) -> None:
        self.name = name
        self.port = free_port()
        self._argv = [arg.replace("{port}", str(self.port)) for arg in argv]
        self._env = {**os.environ, **env}
        self._log = log
        self._ready_path = ready_path
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 60.0) -> None:
        log = open(self._log, "ab")
        self._process = subprocess.Popen(
            ["taskset", "-c", SERVER_CORE, *self._argv],
            env=self._env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self._process.returncode}; see {self._log}")
            if self._answers():
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not start within {timeout:.0f} s; see {self._log}")

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        os.killpg(self._process.pid, signal.SIGTERM)  # our own process group: the server and its workers
        try:
            self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()

    @property
    def pid(self) -> int:
        return self._process.pid

    def thread_cpu_seconds(self) -> dict[int, float]:
        """CPU per thread of the main server process (its tid equals its pid for the event loop)."""
        found = {}
        for entry in os.listdir(f"/proc/{self._process.pid}/task"):
            fields = _stat_fields_of(Path(f"/proc/{self._process.pid}/task/{entry}/stat"))
            if fields is not None:
                found[int(entry)] = (int(fields[11]) + int(fields[12])) / _TICKS
        return found

    def cpu_seconds(self) -> float:
        """User + system CPU of the server and every live descendant (uvicorn workers), all threads."""
        total = 0
        for pid in _descendants(self._process.pid):
            total += _cpu_ticks(pid)
        return total / _TICKS

    def _answers(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=1) as conn:
                if self._ready_path is None:
                    return True
                conn.sendall(f"GET {self._ready_path} HTTP/1.1\r\nhost: {HOST}\r\n\r\n".encode())
                return b" 200 " in conn.recv(200)
        except OSError:
            return False


def _stat_fields(pid: int) -> list[str] | None:
    return _stat_fields_of(Path(f"/proc/{pid}/stat"))


def _stat_fields_of(path: Path) -> list[str] | None:
    try:
        text = path.read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # fields from the 3rd on; the command may hold spaces


def _cpu_ticks(pid: int) -> int:
    fields = _stat_fields(pid)
    return 0 if fields is None else int(fields[11]) + int(fields[12])  # utime, stime


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    socket_errors: int
    counts: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(
    port: int, path: str, script: str, args: list[str], *, seconds: float, connections: int = 32, threads: int = 2
) -> Load:
    """wrk on ``LOAD_CORE`` with bench/lua/report.lua in front of ``script``; its JSON line parsed."""
    with tempfile.NamedTemporaryFile("w", suffix="-" + script, delete=False) as out:
        out.write((LUA / "report.lua").read_text() + "\n" + (LUA / script).read_text())
    combined = Path(out.name)
    try:
        completed = subprocess.run(
            [
                "taskset", "-c", LOAD_CORE, "wrk",
                f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
                "-s", str(combined), f"http://{HOST}:{port}{path}", "--", *args,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    finally:
        combined.unlink(missing_ok=True)
    line = next((ln for ln in completed.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures:\n{completed.stdout}\n{completed.stderr}")
    data = json.loads(line[len("BENCH_JSON "):])
    return Load(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        non2xx=data["non2xx"],
        socket_errors=data["socket_errors"],
        counts=data["counts"],
    )


class Profile:
    """py-spy sampling a server (and its workers) for ``seconds``; collapsed stacks to ``out``, and a
    summary beside it: the functions holding the most samples, on their own and with their callees.

    Only threads holding the GIL are sampled (``--gil``): waiting threads (pools, the log writer, an
    idle event loop) would otherwise pass for busy ones; work done with the GIL released (SQLite's
    own engine, fsync) shows in the per-thread CPU split instead."""

    def __init__(self, pid: int, out: Path, *, seconds: float) -> None:
        spy = Path(sys.executable).with_name("py-spy")
        self._out = out
        self._process = subprocess.Popen(
            [str(spy), "record", "--pid", str(pid), "--duration", str(max(1, round(seconds))), "--rate", "200",
             "--format", "raw", "--subprocesses", "--nonblocking", "--gil", "--output", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def finish(self, preface: str = "") -> None:
        self._process.wait(timeout=120)
        if self._out.exists():
            summary = preface + "\n" + summarise(self._out.read_text())
            self._out.with_suffix(".summary.txt").write_text(summary)
            print(summary, flush=True)


def summarise(collapsed: str, top: int = 25) -> str:
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = [frame for frame in stack.split(";") if frame and not frame.startswith("process ")]
        if not frames:
            continue
        own[frames[-1]] = own.get(frames[-1], 0) + samples
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + samples
    if not total:
        return "no samples"
    areas: dict[str, int] = {}
    for frame, n in own.items():
        areas[_area(frame)] = areas.get(_area(frame), 0) + n
    lines = [f"{total} samples; own time by area:"]
    lines += [f"  {n / total:6.1%}  {area}" for area, n in sorted(areas.items(), key=lambda kv: -kv[1])]
    lines.append("own time by function:")
    lines += [f"  {n / total:6.1%}  {frame[:140]}" for frame, n in sorted(own.items(), key=lambda kv: -kv[1])[:top]]
    lines.append("with callees (corechat and bench frames):")
    ours = [(f, n) for f, n in inclusive.items() if "corechat/" in f or "bench/" in f]
    lines += [f"  {n / total:6.1%}  {frame[:140]}" for frame, n in sorted(ours, key=lambda kv: -kv[1])[:top]]
    return "\n".join(lines) + "\n"


_AREAS = (
    ("corechat/storage", "corechat storage"), ("corechat/http", "corechat http edge"),
    ("corechat/service", "corechat service"), ("corechat/conversation", "corechat engine"),
    ("corechat/nlu", "corechat nlu"), ("corechat/suppliers", "corechat demo supplier"),
    ("corechat/ratelimit", "corechat rate limit"), ("corechat/logs", "corechat logs"), ("logging/", "logging"),
    ("corechat/", "corechat other"), ("random.py", "random ids"), ("uuid.py", "random ids"), ("secrets", "random ids"),
    ("concurrent/futures", "thread handoffs"), ("threading.py", "thread handoffs"), ("queue.py", "thread handoffs"),
    ("uvicorn", "uvicorn"), ("asyncio", "asyncio"), ("asyncpg", "asyncpg"), ("limits/", "limits"),
    ("redis/", "redis client"), ("msgspec", "msgspec"),
)


def _area(frame: str) -> str:
    where = frame[frame.rfind("(") + 1:]
    return next((name for key, name in _AREAS if key in where), "other: " + where.split(":")[0])
