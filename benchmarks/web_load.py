"""Benchmark: the public web under load, against the same server returning a static file.

Loads the Asker example into a database (SQLite file, or the PostgreSQL URL given), starts
`sdgplan serve` on a free loopback port, warms each URL up (3 s of load, so that every worker
has built and kept its answers), then runs wrk (Debian's package;
installed with apt-get when missing) with 50 connections on each URL in turn:

- `/static/site.css`: a file the server returns as it is (the limit),
- an indicator page (`/nb/indicators/...`),
- the observations API of one indicator (`/api/v1/observations?indicator=...`).

Prints requests per second and the latency percentiles (p50, p95, p99) of each, and each
one's p95 as a ratio of the static file's. Target (issue 11): p95 <= 50 ms.
Run: .venv/bin/python -m benchmarks.web_load [--postgres URL] [--seconds 10] [--workers 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INDICATOR = "okonomi-disposisjonsfond"
URLS = {
    "static file": "/static/site.css",
    "indicator page": f"/nb/indicators/{INDICATOR}",
    "observations API": f"/api/v1/observations?indicator={INDICATOR}",
}
# wrk prints p50/p75/p90/p99 only; this reports p50, p95 and p99 in microseconds
REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
"""


def sdgplan(*args: str, db: str) -> None:
    command = [sys.executable, "-m", "sdgplan", *args, "--db", db]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url) as reply:  # noqa: S310 - our loopback server
                reply.read()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def wrk(url: str, *, seconds: int, connections: int, script: Path) -> dict[str, float]:
    result = subprocess.run(
        [
            "wrk",
            f"-c{connections}",
            "-t2",
            f"-d{seconds}s",
            "-H",
            "Accept-Encoding: gzip",
            "-s",
            str(script),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT"))
    requests, duration, p50, p95, p99, errors = map(int, line.split()[1:])
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": errors,
    }


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


@contextmanager
def database(postgres: str | None, folder: str) -> Iterator[str]:
    """A new SQLite file, or a new database on the PostgreSQL server (dropped after)."""
    if not postgres:
        yield f"sqlite:///{Path(folder) / 'asker.db'}"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    server = make_url(postgres)
    name = f"sdgplan_bench_{os.getpid()}"
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/test): the "
        "benchmark makes its own database there and drops it after (default: SQLite file)",
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    ensure_wrk()
    with tempfile.TemporaryDirectory() as folder, database(args.postgres, folder) as db:
        sdgplan("db", "upgrade", db=db)
        sdgplan("example", "asker", db=db)
        script = Path(folder) / "report.lua"
        script.write_text(REPORT, encoding="utf-8")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "sdgplan", "serve", "--port", str(port), "--db", db]
            + ["--workers", str(args.workers)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for path in URLS.values():
                wait_for(base + path)
            print(f"{db.split(':')[0]}, {args.workers} worker(s), {args.connections} connections")
            results = {}
            for path in URLS.values():  # every worker process builds and keeps its answers
                wrk(base + path, seconds=3, connections=args.connections, script=script)
            for name, path in URLS.items():
                results[name] = r = wrk(
                    base + path,
                    seconds=args.seconds,
                    connections=args.connections,
                    script=script,
                )
                print(
                    f"{name}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
                    f"p99 {r['p99']:.1f} ms, errors {r['errors']:.0f}"
                )
            static = results["static file"]["p95"]
            for name in list(URLS)[1:]:
                print(f"{name}: p95 / static file p95 = {results[name]['p95'] / static:.2f}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
