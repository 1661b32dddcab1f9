"""Checks of a migration tool on an example project with SQLite databases.

The example (``options.project``, relative to the solution) is copied into
the session for each check; ``commands.apply``, ``commands.rollback`` and
``commands.status`` get ``{project}``, the copy, and run in the solution's
working copy. The schema is
read from every SQLite file of the copy (``*.db``, ``*.sqlite``,
``*.sqlite3``), leaving out the tool's own bookkeeping tables, whose names
start with ``options.internal_prefix``.
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.manifest import manifest_error
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sandbox import RunResult
from gauntlet.verify.sandbox.process import COPY_IGNORE

SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
RUN_TIMEOUT_SECONDS = 60.0
Schema = dict[str, set[tuple[str, str, str]]]
_copies = itertools.count(1)


def copy_project(context: CheckContext) -> Path:
    source = (context.manifest.path.parent / str(context.options["project"])).resolve()
    if not source.is_dir():
        raise manifest_error(
            context.manifest.path,
            f"key 'options.project' points at {str(source)!r}, which is not a "
            "folder; give the example project, relative to the solution",
        )
    target = context.sandbox.scratch / f"project-{next(_copies)}"
    shutil.copytree(source, target, ignore=COPY_IGNORE)
    return target


def schema(project: Path, internal_prefix: str) -> Schema:
    """Return (type, name, sql) of every object by database file name."""
    result: Schema = {}
    for path in sorted(project.rglob("*")):
        if path.suffix not in SQLITE_SUFFIXES or not path.is_file():
            continue
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            rows = connection.execute(
                "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"
            ).fetchall()
        finally:
            connection.close()
        result[path.name] = {
            (kind, name, sql)
            for kind, name, table, sql in rows
            if not name.startswith("sqlite_") and not table.startswith(internal_prefix)
        }
    return result


def differences(before: Schema, after: Schema) -> list[str]:
    changes = []
    for database in sorted(set(before) | set(after)):
        added = after.get(database, set()) - before.get(database, set())
        removed = before.get(database, set()) - after.get(database, set())
        changes += [f"{database}: {kind} {name} left behind" for kind, name, _ in added]
        changes += [f"{database}: {kind} {name} missing" for kind, name, _ in removed]
    return sorted(changes)


def run(
    context: CheckContext, name: str, project: Path, env: dict[str, str] | None = None
) -> RunResult:
    argv = context.command(name, project=project)
    return context.sandbox.run(argv, env=env, timeout=RUN_TIMEOUT_SECONDS)


@register_check("migrations-reversible")
def check_migrations_reversible(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Apply everything, roll everything back, and compare the schemas."""
    prefix = str(context.options["internal_prefix"])
    project = copy_project(context)
    before = schema(project, prefix)
    applied = run(context, "apply", project)
    if applied.returncode != 0:
        return CheckResult.fail(f"apply {applied.describe()}: {applied.error_tail()}")
    if not differences(before, schema(project, prefix)):
        return CheckResult.fail("apply exited 0 but changed no schema")
    rolled_back = run(context, "rollback", project)
    output = (rolled_back.stdout + rolled_back.stderr).lower()
    if rolled_back.returncode != 0 and "irreversible" in output:
        return CheckResult.ok(
            f"the rollback stopped at a migration marked irreversible: "
            f"{rolled_back.error_tail(1)}"
        )
    if rolled_back.returncode != 0:
        return CheckResult.fail(
            f"rollback {rolled_back.describe()}: {rolled_back.error_tail()}"
        )
    left = differences(before, schema(project, prefix))
    if left:
        return CheckResult.fail(
            f"the schema differs after apply and rollback: {'; '.join(left[:5])}"
        )
    return CheckResult.ok("apply then rollback restored the schema of every database")


@register_check("failed-rollout")
def check_failed_rollout(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Inject a fault into apply; the schema must end as it started."""
    prefix = str(context.options["internal_prefix"])
    fault = {
        str(context.options["fault_variable"]): str(context.options["fault_value"])
    }
    project = copy_project(context)
    before = schema(project, prefix)
    applied = run(context, "apply", project, env=fault)
    shown = ", ".join(f"{key}={value}" for key, value in fault.items())
    if applied.returncode == 0:
        return CheckResult.fail(
            f"apply exited 0 with {shown}; set options.fault_value to a fault "
            "that makes the rollout fail part-way"
        )
    left = differences(before, schema(project, prefix))
    if left:
        return CheckResult.fail(
            f"after the failed apply ({shown}) the schema was not rolled back: "
            f"{'; '.join(left[:5])}"
        )
    if context.has_command("status"):
        status = run(context, "status", project)
        if status.returncode != 0:
            return CheckResult.fail(
                f"status after the failed rollout {status.describe()}: "
                f"{status.error_tail()}"
            )
    return CheckResult.ok(
        f"apply failed with {shown} ({applied.error_tail(1)}) and the schema is back "
        "to where it started"
    )
