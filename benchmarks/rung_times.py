"""Time ``gauntlet verify`` on the reference solutions of chosen rungs.

Usage: ``python benchmarks/rung_times.py 5 6 7 8 9 11 13``

Each rung's good and bad solution is verified once through the real CLI
(``python -m gauntlet verify RUNG PATH --format json``), so the figure
includes the sandbox set-up. Prints one Markdown table row per run, with the
exit code and the slowest constraint, then the machine it ran on.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "fixtures" / "solutions"


def time_run(rung: str, kind: str) -> str:
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
        report = json.loads(completed.stdout)
        slowest = max(report["constraints"], key=lambda entry: entry.get("seconds", 0))
        detail = f"{slowest['id']} {slowest.get('seconds', 0):.1f} s"
    except (ValueError, KeyError, TypeError):
        detail = completed.stderr.strip().splitlines()[-1:] or ["no report"]
        detail = str(detail[0])[:60]
    return f"| {rung} | {kind} | {completed.returncode} | {seconds:.1f} | {detail} |"


def main(rungs: list[str]) -> None:
    print("| rung | solution | exit | seconds | slowest constraint |")
    print("|---|---|---|---|---|")
    for rung in rungs:
        for kind in ("good", "bad"):
            print(time_run(rung, kind), flush=True)
    cpu = platform.processor() or platform.machine()
    print(f"\nPython {platform.python_version()}, {os.cpu_count()} CPUs ({cpu})")


if __name__ == "__main__":
    main(sys.argv[1:] or ["5", "6", "7", "8", "9", "11", "13"])
