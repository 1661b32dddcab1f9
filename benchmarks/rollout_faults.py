"""Fail each rollout step once, and start two runners together; count outcomes.

Usage: ``python benchmarks/rollout_faults.py [--engines ...] [--races N]
[--output PATH]``.

Fault injection repeats tests/migrator/test_fault_injection.py and counts
instead of stopping at the first failure: for every up step of the
two-service rollout (and the ``after step`` checkpoints of the catalog
migrations) one ``migrator apply`` gets ``MIGRATOR_FAULTS=fail-on=<label>``.
A trial passes when apply exits 1, both databases equal their state before
the rollout (after ``migrator recover`` where the output requests it) and
the journal replays with no step lost or run twice.

Races repeat tests/migrator/test_concurrent_runners.py ``--races`` times:
two ``migrator apply`` processes start together on a rolled-back project.
A race passes when both exit 0, exactly one prints "nothing to do", each
database's journal shows one rollout that ran steps, and the result equals
a clean apply.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
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

from tests.migrator.test_concurrent_runners import (  # noqa: E402
    LAST_ENTRY,
    ROLLOUTS_WITH_STEPS,
    start_apply,
)
from tests.migrator.test_fault_injection import step_labels, two_databases  # noqa: E402
from tests.migrator.zd_databases import query  # noqa: E402
from tests.migrator.zd_dump import dump  # noqa: E402
from tests.migrator.zd_journal import replay  # noqa: E402
from tests.migrator.zd_kill import kill_scenario, undo_rollout  # noqa: E402
from tests.migrator.zd_projects import (  # noqa: E402
    migrator,
    write_services_project,
    write_services_rollout,
)


def check(result: Any, action: str) -> None:
    if result.returncode != 0:
        raise RuntimeError(
            f"could not {action}: exit {result.returncode}\n{result.stderr}"
        )


def fault_trial(
    engine: str,
    project: Path,
    databases: dict[str, Any],
    before: dict[str, Any],
    label: str,
) -> dict[str, Any]:
    """Inject one failure at ``label`` and judge what the runner left behind."""
    problems = []
    result = migrator(project, "apply", faults=f"fail-on={label}")
    if result.returncode != 1:
        problems.append(f"apply exited {result.returncode}, expected 1")
    needed_recover = "run `migrator recover`" in result.stdout + result.stderr
    if needed_recover and not (engine == "mariadb" and "orders:" in label):
        # Only plain SQL on MariaDB, where DDL commits at once, may need it.
        problems.append("the output asked for `migrator recover`")
    if needed_recover:
        recovered = migrator(project, "recover")
        if recovered.returncode != 0:
            problems.append(f"recover exited {recovered.returncode}")
    for name, database in databases.items():
        if dump(database) != before[name]:
            problems.append(f"{name}: schema or rows differ from before the rollout")
        problems += [f"{name}: {text}" for text in replay(database).problems]
    return {"label": label, "needed_recover": needed_recover, "problems": problems}


def run_faults(engine: str) -> dict[str, Any]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with two_databases(engine, folder) as databases:
            project = write_services_project(
                folder / "project", engine, databases["catalog"], databases["orders"]
            )
            check(migrator(project, "apply"), "apply the base migrations")
            before = {key: dump(database) for key, database in databases.items()}
            write_services_rollout(project, engine)
            trace = folder / "trace.tsv"
            check(migrator(project, "apply", faults=f"trace={trace}"), "trace")
            undo_rollout(project)
            labels = step_labels(trace, "before") + [
                label for label in step_labels(trace, "after") if "catalog:" in label
            ]
            trials = [
                fault_trial(engine, project, databases, before, label)
                for label in labels
            ]
    failed = [trial for trial in trials if trial["problems"]]
    return {
        "engine": engine,
        "faults_injected": len(trials),
        "trials_passed": len(trials) - len(failed),
        "needed_recover": sum(trial["needed_recover"] for trial in trials),
        "problems": [f"{t['label']}: {t['problems']}" for t in failed][:10],
        "seconds": round(time.perf_counter() - started, 1),
    }


def race_trial(scenario: Any) -> list[str]:
    """Start two applies together on the rolled-back project and list problems."""
    last = {
        name: query(database.url, LAST_ENTRY)[0][0]
        for name, database in scenario.databases.items()
    }
    runners = [start_apply(scenario.project) for _ in range(2)]
    outputs = [runner.communicate(timeout=120) for runner in runners]
    problems = []
    codes = [runner.returncode for runner in runners]
    if codes != [0, 0]:
        problems.append(f"exit codes {codes}")
    idle = sum("nothing to do" in out + err for out, err in outputs)
    if idle != 1:
        problems.append(f"{idle} runners printed 'nothing to do', expected 1")
    for name, database in scenario.databases.items():
        statement = ROLLOUTS_WITH_STEPS.format(after=last[name])
        rollouts = query(database.url, statement)[0][0]
        if rollouts != 1:
            problems.append(f"{name}: {rollouts} rollouts ran steps, expected 1")
        if dump(database) != scenario.after[name]:
            problems.append(f"{name}: result differs from a clean apply")
        problems += [f"{name}: {text}" for text in replay(database).problems]
    return problems


def run_races(engine: str, races: int) -> dict[str, Any]:
    started = time.perf_counter()
    results = []
    with (
        tempfile.TemporaryDirectory() as name,
        kill_scenario(engine, Path(name)) as scenario,
    ):
        for _ in range(races):
            results.append(race_trial(scenario))
            undo_rollout(scenario.project)
    failed = [problems for problems in results if problems]
    return {
        "engine": engine,
        "races": len(results),
        "races_passed": len(results) - len(failed),
        "problems": failed[:10],
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--engines", nargs="+", default=["sqlite", "postgresql", "mariadb"]
    )
    parser.add_argument(
        "--races", type=int, default=10, help="two-runner starts per engine"
    )
    add_output_option(parser, "rollout_faults")
    arguments = parser.parse_args()

    exit_on_sigterm()
    load_before = os.getloadavg()
    faults, races = [], []
    for engine in arguments.engines:
        if not engine_reachable(engine):
            continue
        faults.append(run_faults(engine))
        print(json.dumps(faults[-1]))
        races.append(run_races(engine, arguments.races))
        print(json.dumps(races[-1]))

    record: dict[str, Any] = {
        "machine": platform.platform(),
        "python": sys.version.split()[0],
        "load_average_start": [round(value, 2) for value in load_before],
        "load_average_end": [round(value, 2) for value in os.getloadavg()],
    }
    print(json.dumps(record))
    record["faults"] = faults
    record["races"] = races
    write_record(arguments.output, record)

    failed = any(run["problems"] for run in faults + races)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
