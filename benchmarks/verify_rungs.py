"""Time ``gauntlet verify`` on every good and bad reference solution it checks.

Usage: ``python benchmarks/verify_rungs.py [--repeat N] [--write]``. Prints a
Markdown table of the median wall time per rung and solution; ``--write``
replaces the "Verifier: time per rung" section of docs/benchmarks.md with it.
Each run is the real CLI in a subprocess, sandbox set-up included.
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

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "fixtures" / "solutions"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Verifier: time per rung"
RUNGS = (0, 1, 2, 3, 4, 10, 12)


def time_run(rung: int, kind: str) -> tuple[float, int, str]:
    """Return the wall seconds, exit code and isolation of one verify run."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "gauntlet", "verify", str(rung),
         str(SOLUTIONS / str(rung) / kind), "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    report = json.loads(result.stdout)
    return seconds, result.returncode, report["sandbox"]["isolation"]


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False)
    model = next(
        (line.split(":", 1)[1].strip() for line in lscpu.stdout.splitlines()
         if line.startswith("Model name")),
        platform.processor() or "unknown CPU",
    )  # fmt: skip
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} CPUs ({model}), Linux {platform.release()}, "
        f"Python {platform.python_version()}, load average {load:.1f} at the start"
    )


def table(repeat: int) -> str:
    rows = [
        "| rung | solution | exit | median seconds | runs | sandbox |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for rung in RUNGS:
        for kind in ("good", "bad"):
            runs = [time_run(rung, kind) for _ in range(repeat)]
            median = statistics.median(seconds for seconds, _, _ in runs)
            _, code, isolation = runs[-1]
            rows.append(
                f"| {rung} | {kind} | {code} | {median:.2f} | {repeat} | {isolation} |"
            )
    return "\n".join(rows)


def section(repeat: int) -> str:
    return (
        f"{SECTION}\n\n"
        "Wall time of one `gauntlet verify RUNG fixtures/solutions/RUNG/KIND "
        "--format json`, from the start of the CLI process to its exit, sandbox "
        "set-up included. Measured with "
        f"`python benchmarks/verify_rungs.py --repeat {repeat} --write` on "
        f"{machine()}. The machine was shared with other work, so the figures "
        "are upper bounds rather than best cases.\n\n"
        f"{table(repeat)}\n"
    )


def write(text: str) -> None:
    """Replace the section's own text, up to the next heading of level 2 or 3.

    Subsections (``###``) that other scripts write under it are kept.
    """
    document = BENCHMARKS.read_text()
    start = document.index(SECTION)
    ends = [
        found
        for found in (
            document.find("\n## ", start + len(SECTION)),
            document.find("\n### ", start + len(SECTION)),
        )
        if found >= 0
    ]
    rest = document[min(ends) + 1 :] if ends else ""
    BENCHMARKS.write_text(document[:start] + text + ("\n" + rest if rest else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per solution")
    parser.add_argument("--write", action="store_true", help="update the docs")
    args = parser.parse_args()
    text = section(args.repeat)
    print(text)
    if args.write:
        write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
