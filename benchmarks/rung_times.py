"""Time ``gauntlet verify`` on the reference solutions of rungs 5-9, 11 and 13.

Usage: ``python benchmarks/rung_times.py [--repeat N] [RUNG ...]``

Each good and bad solution is verified ``N`` times through the real CLI
(``python -m gauntlet verify RUNG PATH --format json``), sandbox set-up
included. Prints a Markdown table with the median wall time, the exit code
and the slowest constraint of the median run, then the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "fixtures" / "solutions"
RUNGS = ("5", "6", "7", "8", "9", "11", "13")


def time_run(rung: str, kind: str) -> tuple[float, int, str]:
    """Return the wall seconds, exit code and slowest constraint of one run."""
    argv = [
        sys.executable,
        "-m",
        "gauntlet",
        "verify",
        rung,
        str(SOLUTIONS / rung / kind),
    ]
    started = time.perf_counter()
    completed = subprocess.run(
        [*argv, "--format", "json"], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    try:
        constraints = json.loads(completed.stdout)["constraints"]
        slowest = max(constraints, key=lambda entry: entry.get("seconds", 0))
        detail = f"{slowest['id']} {slowest.get('seconds', 0):.1f} s"
    except (ValueError, KeyError, TypeError):
        lines = completed.stderr.strip().splitlines()
        detail = lines[-1][:60] if lines else "no report"
    return seconds, completed.returncode, detail


def row(rung: str, kind: str, repeat: int) -> str:
    runs = sorted(time_run(rung, kind) for _ in range(repeat))
    median = statistics.median(run[0] for run in runs)
    _, code, detail = runs[len(runs) // 2]
    return f"| {rung} | {kind} | {code} | {median:.2f} | {repeat} | {detail} |"


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False)
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in lscpu.stdout.splitlines()
            if line.startswith("Model name")
        ),
        platform.processor() or "unknown CPU",
    )
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} CPUs ({model}), Linux {platform.release()}, Python "
        f"{platform.python_version()}, load average {load:.1f} at the start"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per solution")
    parser.add_argument("rungs", nargs="*", default=list(RUNGS), help="rung numbers")
    args = parser.parse_args()
    print(machine())
    print()
    print("| rung | solution | exit | median seconds | runs | slowest constraint |")
    print("|---:|---|---:|---:|---:|---|")
    for rung in args.rungs:
        for kind in ("good", "bad"):
            print(row(rung, kind, args.repeat), flush=True)


if __name__ == "__main__":
    main()
