"""One verification run: the outer process that confines, the inner that checks.

The outer process (``verify``) validates the manifest, makes a session folder,
picks the isolation and re-runs the verifier inside it as
``python -m gauntlet.verify.inner``. That inner process, its fake servers, its
HTTP client and every solution process share one network namespace, so they
reach each other on loopback while nothing outside is reachable. The inner
process writes its report as JSON into the session folder.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from gauntlet.verify.engine import read_manifest, run_rung
from gauntlet.verify.errors import SandboxError
from gauntlet.verify.reports.json_report import report_from_dict, report_to_dict
from gauntlet.verify.result import RungReport, SandboxInfo
from gauntlet.verify.rungs import get_rung
from gauntlet.verify.sandbox import Limits, Sandbox
from gauntlet.verify.sandbox.cgroup import PidsCgroup
from gauntlet.verify.sandbox.isolation import (
    BY_NAME,
    NONE,
    Isolation,
    bring_loopback_up,
    detect_isolation,
    prefix_for,
)
from gauntlet.verify.sandbox.limits import nproc_budget

logger = logging.getLogger(__name__)

REQUEST_NAME = "request.json"
RESULT_NAME = "result.json"
SESSION_SLACK_SECONDS = 300.0  # on top of the checks' own limits


@dataclass(frozen=True)
class VerifyRequest:
    """The rung, solution, isolation and limits the inner process verifies."""

    rung: int
    solution: str
    isolation: str
    process_limit: str
    limits: Limits
    only: tuple[str, ...] | None = None
    log_level: int = logging.WARNING

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> VerifyRequest:
        data = json.loads(text)
        data["limits"] = Limits(**data["limits"])
        if data["only"] is not None:
            data["only"] = tuple(data["only"])
        return cls(**data)


def describe(isolation: Isolation, process_limit: str, limits: Limits) -> SandboxInfo:
    return SandboxInfo(
        isolation=isolation.name,
        network=isolation.network,
        filesystem=isolation.filesystem,
        process_limit=process_limit,
        wall_seconds=limits.wall_seconds,
        memory_bytes=limits.memory_bytes,
    )


def bound_processes(limits: Limits, cgroup: PidsCgroup | None) -> tuple[Limits, str]:
    """Return the limits with the process bound that applies, and its description."""
    if cgroup is not None:
        return limits, f"pids cgroup, at most {limits.processes} tasks"
    if os.getuid() != 0:
        bounded = replace(limits, nproc=nproc_budget(limits.processes))
        return bounded, f"RLIMIT_NPROC, {limits.processes} more than the user ran"
    return limits, "none: root without a writable pids cgroup"


def verify(
    rung_key: str | int,
    solution: Path,
    *,
    isolation: str = "auto",
    limits: Limits | None = None,
    only: tuple[str, ...] | None = None,
    progress: Callable[[str], None] | None = None,
) -> RungReport:
    """Verify ``solution`` against every constraint of a rung.

    Raises
    ------
    ManifestError, CatalogueError, SandboxError
        When the manifest, the rung or the sandbox is not usable; nothing of
        the solution has run then.
    """
    rung = get_rung(rung_key)
    solution = solution.resolve()
    read_manifest(rung, solution)  # fail on a bad manifest before any set-up
    limits = limits or Limits()
    session = Path(tempfile.mkdtemp(prefix="gauntlet-verify-"))
    cgroup = PidsCgroup.create(limits.processes)
    try:
        chosen = detect_isolation(isolation, session)
        limits, process_limit = bound_processes(limits, cgroup)
        request = VerifyRequest(
            rung.number,
            str(solution),
            chosen.name,
            process_limit,
            limits,
            only,
            logging.getLogger().getEffectiveLevel(),
        )
        if chosen is NONE:
            return run_inside(request, session, progress or log_progress)
        return run_isolated(request, chosen, session, cgroup)
    finally:
        if cgroup is not None:
            cgroup.destroy()
        shutil.rmtree(session, ignore_errors=True)


def run_isolated(
    request: VerifyRequest,
    isolation: Isolation,
    session: Path,
    cgroup: PidsCgroup | None,
) -> RungReport:
    (session / REQUEST_NAME).write_text(request.to_json())
    argv = [
        *prefix_for(isolation, session),
        sys.executable,
        "-m",
        "gauntlet.verify.inner",
        str(session),
    ]
    logger.debug("starting the inner verifier: %s", argv)
    try:
        completed = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            timeout=SESSION_SLACK_SECONDS + 20 * request.limits.wall_seconds,
            # The outer verifier runs no threads, so a preexec_fn is safe here.
            preexec_fn=cgroup.add_self if cgroup is not None else None,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise SandboxError(f"the verification session timed out: {err}") from err
    result = session / RESULT_NAME
    if not result.is_file():
        raise SandboxError(
            f"the inner verifier exited with {completed.returncode} without a "
            f"report; rerun with -vv or --isolation none to see why"
        )
    data = json.loads(result.read_text())
    if "error" in data:
        raise SandboxError(data["error"])
    return report_from_dict(data)


def run_inside(
    request: VerifyRequest, session: Path, progress: Callable[[str], None]
) -> RungReport:
    """Run the checks in this process; the caller has confined it already."""
    if request.isolation == "unshare":
        bring_loopback_up()
    rung = get_rung(request.rung)
    solution = Path(request.solution)
    manifest = read_manifest(rung, solution)
    info = describe(BY_NAME[request.isolation], request.process_limit, request.limits)
    sandbox = Sandbox(session / "sandbox", solution, request.limits)
    try:
        return run_rung(
            rung,
            manifest,
            sandbox,
            info=info,
            progress=progress,
            only=frozenset(request.only) if request.only else None,
        )
    finally:
        sandbox.close()


def log_progress(message: str) -> None:
    print(f"gauntlet verify: {message}", file=sys.stderr, flush=True)


def write_result(session: Path, report: RungReport | None, error: str | None) -> None:
    payload = report_to_dict(report) if report is not None else {"error": error}
    temporary = session / (RESULT_NAME + ".tmp")
    temporary.write_text(json.dumps(payload))
    temporary.replace(session / RESULT_NAME)
