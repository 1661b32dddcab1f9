"""Running the constraints of one rung against a solution in a sandbox."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from gauntlet.verify.checks import get_check
from gauntlet.verify.constraint import Constraint, Rung
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import (
    CannotJudgeError,
    ManifestError,
    SandboxError,
    SolutionError,
)
from gauntlet.verify.manifest import Manifest, load_manifest, parse_manifest
from gauntlet.verify.result import ConstraintResult, RungReport, SandboxInfo, Status
from gauntlet.verify.sandbox import Sandbox

logger = logging.getLogger(__name__)


def read_manifest(rung: Rung, solution: Path) -> Manifest:
    """Load and validate the manifest of ``solution`` for ``rung``."""
    return parse_manifest(load_manifest(solution), solution / "gauntlet.toml", rung)


def run_constraint(constraint: Constraint, context: CheckContext) -> ConstraintResult:
    """Run one constraint; a manual one is reported with its reason."""
    if constraint.check is None:
        return ConstraintResult(
            constraint, Status.MANUAL, constraint.manual_reason or ""
        )
    context.progress(f"checking {constraint.id} ({constraint.check})")
    started = time.perf_counter()
    try:
        outcome = get_check(constraint.check)(context, constraint.params)
    except CannotJudgeError as err:
        return ConstraintResult(
            constraint, Status.MANUAL, str(err), time.perf_counter() - started
        )
    except (SolutionError, ManifestError, SandboxError) as err:
        return ConstraintResult(
            constraint, Status.ERROR, str(err), time.perf_counter() - started
        )
    except Exception as err:  # a bug in one check must not hide the others
        logger.info("check %s crashed", constraint.check, exc_info=True)
        message = (
            f"the check {constraint.check!r} crashed: {type(err).__name__}: {err}; "
            "rerun as `gauntlet -v verify ...` to see the traceback, and report it"
        )
        return ConstraintResult(
            constraint, Status.ERROR, message, time.perf_counter() - started
        )
    finally:
        context.sandbox.close()
    status = Status.PASSED if outcome.passed else Status.FAILED
    return ConstraintResult(
        constraint,
        status,
        outcome.message,
        time.perf_counter() - started,
        dict(outcome.measurements),
    )


def run_rung(
    rung: Rung,
    manifest: Manifest,
    sandbox: Sandbox,
    *,
    info: SandboxInfo | None,
    progress: Callable[[str], None],
    only: frozenset[str] | None = None,
) -> RungReport:
    """Run every constraint of ``rung`` (or those in ``only``) and report them."""
    started = time.perf_counter()
    context = CheckContext(
        manifest=manifest,
        sandbox=sandbox,
        options={**rung.option_defaults(), **manifest.options},
        progress=progress,
    )
    results = tuple(
        run_constraint(constraint, context)
        for constraint in rung.constraints
        if only is None or constraint.id in only
    )
    return RungReport(
        rung=rung.number,
        title=rung.title,
        solution=str(manifest.path.parent),
        sandbox=info,
        results=results,
        seconds=time.perf_counter() - started,
    )
