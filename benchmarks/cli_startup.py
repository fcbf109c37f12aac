"""Benchmark: how long `sdgplan --help` takes, against a bare `python -c pass`.

Runs each command as a new process, in turn (A B A B ...) after a warm-up, and prints the
median wall time of each, the ratio of the medians, and which heavy libraries the help
imported (none should: the commands import the store, Babel, Altair and WeasyPrint when they
run). Target: `sdgplan --help` under 0.25 s (issue 10, point 13).
Run: .venv/bin/python -m benchmarks.cli_startup [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

BASELINE = [sys.executable, "-c", "pass"]
COMMANDS = {
    "sdgplan --help": ["--help"],
    "sdgplan import --help": ["import", "--help"],
    "sdgplan db --help": ["db", "--help"],
}
# What `--help` should never load; each costs from 0.1 to 0.5 s.
HEAVY = ("sqlalchemy", "alembic", "babel", "altair", "weasyprint", "vl_convert", "jinja2")
HEAVY_PACKAGES = ("sdgplan.store", "sdgplan.reports", "sdgplan.loading")


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def heavy_imports() -> list[str]:
    """The heavy modules `sdgplan --help` imports, found in `sys.modules` after it ran."""
    names = ", ".join(repr(n) for n in HEAVY + HEAVY_PACKAGES)
    script = (
        "import sys\nfrom sdgplan.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(' '.join(n for n in ({names},) if n in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    lines = result.stdout.splitlines()  # the help text, then the names
    return lines[-1].split() if lines else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    baseline: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for run in range(args.repeat + 1):  # the first round is a warm-up
        for name, cli_args in COMMANDS.items():
            pass_time = wall_time(BASELINE)
            help_time = wall_time([sys.executable, "-m", "sdgplan", *cli_args])
            if run:
                baseline.append(pass_time)
                times[name].append(help_time)
    base = statistics.median(baseline)
    print(f"python -c pass: median {base * 1000:.0f} ms ({len(baseline)} runs)")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name}: median {median * 1000:.0f} ms (min {min(values) * 1000:.0f}, "
            f"max {max(values) * 1000:.0f}, {len(values)} runs), {median / base:.1f}x"
        )
    heavy = heavy_imports()
    print(f"heavy modules imported by --help: {', '.join(heavy) if heavy else 'none'}")


if __name__ == "__main__":
    main()
