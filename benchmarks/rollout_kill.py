"""SIGKILL ``migrator apply`` at 100 points per engine, recover, and count.

Usage: ``python benchmarks/rollout_kill.py [--points N] [--extra-steps N]
[--engines ...] [--output PATH]``. ``--extra-steps`` (default 4) adds
one-column steps to the rollout so that it has more than 100 checkpoints.

For each engine (SQLite, and PostgreSQL and MariaDB on 127.0.0.1) it builds
the two-service rollout of the kill test and counts the checkpoints of a
clean apply. It then kills the runner at ``--points`` checkpoints spread
evenly over them, or at every checkpoint when there are fewer. After each
kill ``migrator recover`` runs. A trial passes when every database is fully
before or fully after the rollout and the journal shows no step lost or run
twice. The CI test also checks that a clean apply then finishes, which the
benchmark leaves out to keep 100 trials short. The script prints one JSON
line per engine and writes them to the output file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rollout_common import (  # noqa: E402
    add_output_option,
    engine_reachable,
    exit_on_sigterm,
    write_record,
)

from tests.migrator.zd_kill import kill_scenario, kill_trial, spread  # noqa: E402

# Problem texts written by tests.migrator.zd_journal.Replay.
LOST = re.compile(r"up steps (\d+)\.\.(\d+) lost")
TWICE = re.compile(r"up step \d+ ran twice")
DOWN_OUT_OF_ORDER = re.compile(r"down step \d+ ran with \d+ steps applied")


def count_steps(problems: list[str]) -> dict[str, int]:
    """Count lost steps, steps run twice and misplaced undos in problem texts."""
    lost = sum(
        int(match[2]) - int(match[1]) + 1
        for text in problems
        for match in LOST.finditer(text)
    )
    twice = sum(len(TWICE.findall(text)) for text in problems)
    misplaced = sum(len(DOWN_OUT_OF_ORDER.findall(text)) for text in problems)
    return {
        "steps_lost": lost,
        "steps_run_twice": twice,
        "down_steps_out_of_order": misplaced,
    }


def run_engine(engine: str, points: int, extra_steps: int) -> dict[str, Any]:
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory() as folder,
        kill_scenario(engine, Path(folder), extra_steps) as scenario,
    ):
        chosen = spread(scenario.checkpoints, points)
        outcomes = []
        for number, point in enumerate(chosen, start=1):
            outcomes.append(kill_trial(scenario, point, finish=False))
            print(f"{engine}: kill point {number}/{len(chosen)}", file=sys.stderr)
    failures = [o for o in outcomes if o.problems or not o.killed]
    counts = count_steps([text for o in outcomes for text in o.problems])
    return {
        "engine": engine,
        "checkpoints_in_apply": scenario.checkpoints,
        "extra_steps": extra_steps,
        "kill_points_tried": len(outcomes),
        "killed": sum(o.killed for o in outcomes),
        "recovered_to": dict(Counter(o.recovered_to for o in outcomes)),
        "trials_passed": len(outcomes) - len(failures),
        "trials_with_problems": len(failures),
        **counts,
        "problems": [f"point {o.point}: {o.problems}" for o in failures][:10],
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100, help="kill points")
    parser.add_argument(
        "--extra-steps",
        type=int,
        default=4,
        help="one-column steps added to the rollout so it has more checkpoints",
    )
    parser.add_argument(
        "--engines", nargs="+", default=["sqlite", "postgresql", "mariadb"]
    )
    add_output_option(parser, "rollout_kill")
    arguments = parser.parse_args()
    exit_on_sigterm()
    load_before = os.getloadavg()
    runs = []
    for engine in arguments.engines:
        if not engine_reachable(engine):
            continue
        run = run_engine(engine, arguments.points, arguments.extra_steps)
        runs.append(run)
        print(json.dumps(run))
    record: dict[str, Any] = {
        "machine": platform.platform(),
        "python": sys.version.split()[0],
        "load_average_start": [round(value, 2) for value in load_before],
        "load_average_end": [round(value, 2) for value in os.getloadavg()],
        "runs": runs,
    }
    print(json.dumps({key: record[key] for key in record if key != "runs"}))
    write_record(arguments.output, record)
    return 1 if any(run["trials_with_problems"] for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
