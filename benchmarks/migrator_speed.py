"""Measure migrator's planning time and apply throughput.

Planning: graphs of 1k, 10k and 100k generated migrations (services with a
linear chain each, every 10th migration requiring one of another service,
phases changing every 10 migrations), timed from the migration objects to
the finished plan (graph build, validation, waves). The 10k case is also
timed from files on disk (``load_project`` plus plan).

Applying: N one-statement migrations (``CREATE TABLE``) applied to an empty
SQLite file (and PostgreSQL when it answers on 127.0.0.1:5432), by:

- raw: the same statements through the DB-API driver, one transaction per
  migration, with no tool at all (the floor);
- migrator: ``Runner.apply()`` including loading the project files;
- alembic: ``alembic upgrade head`` in-process on the same statements, one
  transaction per migration (``transaction_per_migration=True``), including
  loading its revision scripts.

The tool's per-step overhead is (migrator - raw) / N. Alembic is a
benchmark-only dependency: ``pip install -e '.[bench]'``.

Usage: python benchmarks/migrator_speed.py [--migrations 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import platform
import random
import secrets
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from migrator.graph import build_graph
from migrator.model import PHASES, Action, Migration, Step, make_key
from migrator.planning import plan_apply
from migrator.project import load_project
from migrator.runner import Runner

POSTGRES_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def generated_migrations(
    services: int, per_service: int, seed: int = 7
) -> list[Migration]:
    """Return a layered multi-service graph as in-memory migrations."""
    chooser = random.Random(seed)
    step = (Step(Action(sql="SELECT 1"), Action(sql="")),)
    migrations = []
    for service_number in range(services):
        service = f"s{service_number:03d}"
        for index in range(per_service):
            parents = (make_key(service, f"m{index - 1:05d}"),) if index else ()
            requires: tuple[str, ...] = ()
            if index % 10 == 5 and services > 1:
                other = chooser.choice(
                    [n for n in range(services) if n != service_number]
                )
                earlier = chooser.randrange(index)
                requires = (make_key(f"s{other:03d}", f"m{earlier:05d}"),)
            migrations.append(
                Migration(
                    service=service,
                    id=f"m{index:05d}",
                    path=f"{service}/m{index:05d}.toml",
                    phase=PHASES[(index // 10) % 3],
                    steps=step,
                    checksum="0" * 64,
                    parents=parents,
                    requires=requires,
                )
            )
    return migrations


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process)


def timed(function: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def median_timing(timings: list[Timing]) -> Timing:
    return statistics.median(t[0] for t in timings), statistics.median(
        t[1] for t in timings
    )


def best_of(repeat: int, function: Callable[[], object]) -> Timing:
    """Return the median wall and CPU time of ``repeat`` calls, in seconds."""
    return median_timing([timed(function) for _ in range(repeat)])


def bench_planning(repeat: int) -> list[str]:
    rows = [
        "| migrations | services | cross-service requires | wall time | CPU "
        "time | CPU per migration |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for services, per_service in ((10, 100), (100, 100), (100, 300), (100, 1000)):
        migrations = generated_migrations(services, per_service)
        names = [f"s{n:03d}" for n in range(services)]
        crossing = sum(1 for m in migrations if m.requires)

        def plan(
            migrations: list[Migration] = migrations, names: list[str] = names
        ) -> object:
            return plan_apply(build_graph(migrations, names), {})

        wall, cpu = best_of(repeat, plan)
        total = len(migrations)
        rows.append(
            f"| {total:,} | {services} | {crossing:,} | {wall * 1000:.0f} ms "
            f"| {cpu * 1000:.0f} ms | {cpu / total * 1e6:.1f} µs |"
        )
    return rows


def write_file_project(root: Path, services: int, per_service: int) -> None:
    lines = []
    for service_number in range(services):
        service = f"s{service_number:03d}"
        folder = root / "migrations" / service
        folder.mkdir(parents=True)
        lines += [
            f"[services.{service}]",
            f'database = "sqlite:///{service}.db"',
            f'migrations = "migrations/{service}"',
        ]
        for index in range(per_service):
            extra = ""
            if index % 10 == 5:
                other = (service_number + 1) % services
                extra = f'requires = ["s{other:03d}:m{index - 1:05d}"]\n'
            (folder / f"m{index:05d}.toml").write_text(
                f'phase = "{PHASES[(index // 10) % 3]}"\n{extra}[[steps]]\nup = '
                '"SELECT 1"\ndown = ""\n'
            )
    (root / "migrator.toml").write_text("\n".join(lines) + "\n")


def bench_planning_files(repeat: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_file_project(root, 100, 100)

        def plan() -> object:
            project = load_project(root)
            return plan_apply(project.graph, {})

        wall, cpu = best_of(repeat, plan)
    return (
        "Loading 10,000 TOML migration files of 100 services and planning them: "
        f"{wall:.2f} s wall, {cpu:.2f} s CPU (median of {repeat})."
    )


def sql_for(index: int) -> tuple[str, str]:
    return (
        f"CREATE TABLE t{index:05d} (id INTEGER PRIMARY KEY)",
        f"DROP TABLE t{index:05d}",
    )


def write_migrator_project(root: Path, count: int, url: str) -> None:
    folder = root / "migrations" / "app"
    folder.mkdir(parents=True)
    (root / "migrator.toml").write_text(
        f'[services.app]\ndatabase = "{url}"\nmigrations = "migrations/app"\n'
    )
    for index in range(count):
        up, down = sql_for(index)
        (folder / f"{index:05d}.toml").write_text(
            f'[[steps]]\nup = "{up}"\ndown = "{down}"\n'
        )


ALEMBIC_ENV = """
from alembic import context
from sqlalchemy import create_engine

engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
"""


def write_alembic_project(root: Path, count: int) -> None:
    versions = root / "versions"
    versions.mkdir(parents=True)
    (root / "env.py").write_text(ALEMBIC_ENV)
    for index in range(count):
        up, down = sql_for(index)
        previous = f'"r{index - 1:05d}"' if index else "None"
        (versions / f"r{index:05d}.py").write_text(
            f'revision = "r{index:05d}"\ndown_revision = {previous}\n'
            "branch_labels = None\ndepends_on = None\n"
            "from alembic import op\n\n"
            f'def upgrade():\n    op.execute("{up}")\n\n'
            f'def downgrade():\n    op.execute("{down}")\n'
        )


def run_alembic(root: Path, url: str) -> Timing:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(root))
    config.set_main_option("sqlalchemy.url", url)
    return timed(lambda: command.upgrade(config, "head"))


def run_migrator(root: Path) -> Timing:
    def apply() -> None:
        report = Runner(load_project(root)).apply()
        assert report.ok and len(report.applied) > 0

    return timed(apply)


def run_raw_sqlite(path: Path, count: int) -> Timing:
    def apply() -> None:
        connection = sqlite3.connect(path, isolation_level=None)
        for index in range(count):
            connection.execute("BEGIN")
            connection.execute(sql_for(index)[0])
            connection.execute("COMMIT")
        connection.close()

    return timed(apply)


def run_raw_postgres(dsn: str, count: int) -> Timing:
    import psycopg

    def apply() -> None:
        with psycopg.connect(dsn, autocommit=True) as connection:
            for index in range(count):
                connection.execute("BEGIN")
                connection.execute(sql_for(index)[0])
                connection.execute("COMMIT")

    return timed(apply)


def scratch_folder() -> str | None:
    """Return a RAM-backed folder when there is one, so fsync does not dominate."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() else None


def bench_sqlite(count: int, repeat: int) -> dict[str, Timing]:
    results: dict[str, list[Timing]] = {"raw": [], "migrator": [], "alembic": []}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(dir=scratch_folder()) as folder:
            root = Path(folder)
            results["raw"].append(run_raw_sqlite(root / "raw.db", count))
            write_migrator_project(root / "mg", count, "sqlite:///app.db")
            results["migrator"].append(run_migrator(root / "mg"))
            write_alembic_project(root / "alembic", count)
            results["alembic"].append(
                run_alembic(root / "alembic", f"sqlite:///{root / 'alembic.db'}")
            )
    return {name: median_timing(values) for name, values in results.items()}


def bench_postgres(count: int, repeat: int) -> dict[str, Timing] | None:
    try:
        import psycopg

        admin = psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=3)
    except Exception:  # no server or no driver: the table reports it
        return None
    results: dict[str, list[Timing]] = {"raw": [], "migrator": [], "alembic": []}
    try:
        for _ in range(repeat):
            names = {kind: f"mg_bench_{secrets.token_hex(4)}" for kind in results}
            for name in names.values():
                admin.execute(f"CREATE DATABASE {name}")
            try:
                with tempfile.TemporaryDirectory() as folder:
                    root = Path(folder)
                    base = "postgres@127.0.0.1:5432"
                    results["raw"].append(
                        run_raw_postgres(
                            f"host=127.0.0.1 user=postgres dbname={names['raw']}", count
                        )
                    )
                    write_migrator_project(
                        root / "mg", count, f"postgresql://{base}/{names['migrator']}"
                    )
                    results["migrator"].append(run_migrator(root / "mg"))
                    write_alembic_project(root / "alembic", count)
                    results["alembic"].append(
                        run_alembic(
                            root / "alembic",
                            f"postgresql+psycopg://{base}/{names['alembic']}",
                        )
                    )
            finally:
                for name in names.values():
                    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        admin.close()
    return {name: median_timing(values) for name, values in results.items()}


def apply_rows(engine: str, count: int, times: dict[str, Timing]) -> list[str]:
    raw_wall, raw_cpu = times["raw"]
    tool_wall, tool_cpu = times["migrator"]
    peer_wall, peer_cpu = times["alembic"]
    overhead_cpu = (tool_cpu - raw_cpu) / count * 1000
    overhead_wall = (tool_wall - raw_wall) / count * 1000
    return [
        f"| {engine} | raw driver (floor) | {raw_wall:.2f} s | {raw_cpu:.2f} s "
        f"| {count / raw_wall:,.0f} | |",
        f"| {engine} | migrator | {tool_wall:.2f} s | {tool_cpu:.2f} s | "
        f"{count / tool_wall:,.0f} "
        f"| {overhead_cpu:.3f} ms CPU ({overhead_wall:.3f} ms wall) per step "
        "over raw |",
        f"| {engine} | alembic | {peer_wall:.2f} s | {peer_cpu:.2f} s | "
        f"{count / peer_wall:,.0f} "
        f"| migrator is {peer_wall / tool_wall:.1f}x faster (wall), "
        f"{peer_cpu / tool_cpu:.1f}x (CPU) |",
    ]


def machine() -> str:
    lscpu = subprocess.run(
        ["lscpu"], capture_output=True, text=True, check=False
    ).stdout
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in lscpu.splitlines()
            if line.startswith("Model name")
        ),
        "unknown CPU",
    )
    cores = subprocess.run(
        ["nproc"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"{model}, {cores} cores (nproc), Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--migrations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    count, repeat = arguments.migrations, arguments.repeat

    print(f"Machine: {machine()}.\n")
    print("Planning (from migration objects to waves):\n")
    print("\n".join(bench_planning(repeat)))
    print()
    print(bench_planning_files(repeat))
    where = scratch_folder() or "the default temporary folder"
    print(
        f"\nApplying {count} one-statement migrations (median of {repeat}; "
        f"SQLite files in {where}):\n"
    )
    print("| engine | tool | wall time | CPU time | migrations/s | note |")
    print("|---|---|---:|---:|---:|---|")
    print("\n".join(apply_rows("SQLite", count, bench_sqlite(count, repeat))))
    postgres = bench_postgres(count, repeat)
    if postgres is None:
        print("| PostgreSQL | not measured: no server on 127.0.0.1:5432 | | | | |")
    else:
        print("\n".join(apply_rows("PostgreSQL", count, postgres)))


if __name__ == "__main__":
    main()
