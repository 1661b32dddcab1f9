"""Checks of a self-healing bot: restarts over limits, Prometheus metrics, JSON logs.

The verifier writes the bot's configuration to ``{watch_config}``, a JSON file:

    {"interval_seconds": 0.2,
     "processes": [{"name": "memory-hog", "argv": [...],
                    "max_memory_mb": 64, "max_cpu_percent": null}]}

and starts ``commands.run`` with it and ``{port}``. The bot starts every listed
process, restarts one that exceeds ``max_memory_mb`` (resident memory) or
``max_cpu_percent`` (of one core, averaged over the interval), serves
Prometheus text at ``options.metrics_path`` and writes one JSON object per log
line to stdout or stderr.

The watched program is the verifier's own: on its first start it goes over
its limit, after a restart it behaves. Each start appends its pid to a file,
so a second line proves a restart. It exits when its parent does, so no copy
outlives the bot.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from gauntlet.verify.checks import register_check
from gauntlet.verify.checks.live_server import fresh_folder, start_server
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sandbox import Sandbox

HOG_PROGRAM = """\
import os, sys, time
mode, starts, megabytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
parent = os.getppid()
with open(starts, "a") as stream:
    stream.write(f"{os.getpid()}\\n")
with open(starts) as stream:
    first = len(stream.read().split()) == 1
block = b"x" * (megabytes * 1024 * 1024) if first and mode == "memory" else b""
while os.getppid() == parent:
    if first and mode == "cpu":
        end = time.perf_counter() + 0.1
        while time.perf_counter() < end:
            pass
    else:
        time.sleep(0.1)
"""


@dataclass(frozen=True)
class Hog:
    """A watched process that breaks one limit until it is restarted."""

    name: str
    mode: str  # "memory" or "cpu"
    limit: float
    megabytes: int = 0


@dataclass
class Supervision:
    """The outcome of one bot run with a misbehaving process."""

    hog: Hog
    restart_seconds: float | None
    metrics_status: int | None
    metrics_type: str
    metrics_text: str
    logs: str


# One bot run per limit kind serves every constraint that reads it. A run that
# could not start is remembered too, so it is not waited out again.
_RUNS: weakref.WeakKeyDictionary[Sandbox, dict[str, Supervision | SolutionError]] = (
    weakref.WeakKeyDictionary()
)


def write_config(folder: Path, hog: Hog, interval: float) -> tuple[Path, Path]:
    program, starts = folder / "hog.py", folder / "starts.txt"
    program.write_text(HOG_PROGRAM)
    limits: dict[str, float | None] = {"max_memory_mb": None, "max_cpu_percent": None}
    limits["max_memory_mb" if hog.mode == "memory" else "max_cpu_percent"] = hog.limit
    argv = [sys.executable, str(program), hog.mode, str(starts), str(hog.megabytes)]
    config = {
        "interval_seconds": interval,
        "processes": [{"name": hog.name, "argv": argv, **limits}],
    }
    path = folder / "watch.json"
    path.write_text(json.dumps(config, indent=2))
    return path, starts


def started_pids(starts: Path) -> list[int]:
    try:
        return [int(word) for word in starts.read_text().split()]
    except (OSError, ValueError):
        return []


def wait_for_restart(starts: Path, timeout: float) -> float | None:
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if len(started_pids(starts)) >= 2:
            return time.monotonic() - began
        time.sleep(0.05)
    return None


def read_metrics(url: str) -> tuple[int | None, str, str]:
    try:
        response = httpx.get(url, timeout=5.0)
    except httpx.HTTPError as err:
        return None, "", f"{type(err).__name__}: {err}"
    return response.status_code, response.headers.get("content-type", ""), response.text


def supervise(
    context: CheckContext, hog: Hog, params: Mapping[str, Any]
) -> Supervision:
    """Run the bot with ``hog`` once per sandbox and remember what happened."""
    runs = _RUNS.setdefault(context.sandbox, {})
    if hog.mode not in runs:
        try:
            runs[hog.mode] = run_bot(context, hog, params)
        except SolutionError as err:
            runs[hog.mode] = err
    run = runs[hog.mode]
    if isinstance(run, SolutionError):
        raise run
    return run


def run_bot(context: CheckContext, hog: Hog, params: Mapping[str, Any]) -> Supervision:
    folder = fresh_folder(context, f"bot-{hog.mode}")
    config, starts = write_config(folder, hog, float(params["interval_seconds"]))
    placeholders = {"watch_config": config, "data_dir": folder}
    try:
        server = start_server(context, "run", placeholders)
        try:
            restart = wait_for_restart(starts, float(params["timeout_seconds"]))
            time.sleep(float(params["interval_seconds"]) * 2)  # let metrics catch up
            path = str(context.options["metrics_path"])
            status, content_type, text = read_metrics(f"{server.url}{path}")
        finally:
            server.process.stop(grace_seconds=2.0)
    finally:
        for pid in started_pids(starts):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    stdout, stderr = server.process.output()
    return Supervision(hog, restart, status, content_type, text, stdout + stderr)


def hog_from(params: Mapping[str, Any]) -> Hog:
    mode = str(params["mode"])
    return Hog(
        name=f"{mode}-hog",
        mode=mode,
        limit=float(params["limit"]),
        megabytes=int(params.get("megabytes", 0)),
    )


@register_check("limit-restart")
def check_limit_restart(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """A watched process over its memory or CPU limit must be restarted."""
    hog = hog_from(params)
    run = supervise(context, hog, params)
    unit = "MiB resident" if hog.mode == "memory" else "% CPU"
    if run.restart_seconds is None:
        return CheckResult.fail(
            f"{hog.name!r} went over its limit of {hog.limit:g} {unit} and was not "
            f"restarted within {float(params['timeout_seconds']):g} s"
        )
    return CheckResult.ok(
        f"{hog.name!r} went over {hog.limit:g} {unit} and was restarted "
        f"{run.restart_seconds:.2f} s after it started",
        restart_seconds=round(run.restart_seconds, 3),
    )


def parse_exposition(run: Supervision, path: str) -> list[Any] | CheckResult:
    if run.metrics_status != 200:
        return CheckResult.fail(
            f"GET {path} returned {run.metrics_status}: {run.metrics_text[:200]!r}"
        )
    try:
        return list(text_string_to_metric_families(run.metrics_text))
    except ValueError as err:
        return CheckResult.fail(
            f"GET {path} is not Prometheus text exposition format: {err}; it "
            f"begins {run.metrics_text[:120]!r}"
        )


@register_check("prometheus-exposition")
def check_prometheus_exposition(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """The metrics endpoint must parse with prometheus-client's text parser."""
    path = str(context.options["metrics_path"])
    run = supervise(context, hog_from(params), params)
    families = parse_exposition(run, path)
    if isinstance(families, CheckResult):
        return families
    samples = sum(len(family.samples) for family in families)
    return CheckResult.ok(
        f"GET {path} parsed as Prometheus text: {len(families)} metric families, "
        f"{samples} samples (Content-Type {run.metrics_type or 'not sent'!r})",
        families=len(families),
        samples=samples,
    )


def restart_families(families: list[Any], wanted: str) -> list[Any]:
    """Return the families named ``wanted`` (with or without ``_total``).

    With no name given, every family whose name contains ``restart`` counts.
    """
    if wanted:
        return [
            f for f in families if f.name in (wanted, wanted.removesuffix("_total"))
        ]
    return [f for f in families if "restart" in f.name]


@register_check("restarts-exported")
def check_restarts_exported(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """After a restart, a restart counter for the process must be at least 1."""
    path = str(context.options["metrics_path"])
    wanted = str(context.options["restarts_metric"])
    run = supervise(context, hog_from(params), params)
    families = parse_exposition(run, path)
    if isinstance(families, CheckResult):
        return families
    matched = restart_families(families, wanted)
    total = sum(
        sample.value
        for family in matched
        for sample in family.samples
        # A counter's ``_created`` sample is a timestamp, not a count.
        if not sample.name.endswith("_created")
        and (not sample.labels or run.hog.name in sample.labels.values())
    )
    described = repr(wanted) if wanted else "with 'restart' in its name"
    if not matched:
        return CheckResult.fail(f"GET {path} has no metric {described}")
    if total < 1:
        return CheckResult.fail(
            f"metric {matched[0].name!r} counts {total:g} restarts of "
            f"{run.hog.name!r} after one restart"
        )
    return CheckResult.ok(
        f"metric {matched[0].name!r} counts {total:g} restarts of {run.hog.name!r}",
        restarts=total,
    )


@register_check("json-log-lines")
def check_json_logs(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Every output line must be a JSON object, and a restart must be logged."""
    run = supervise(context, hog_from(params), params)
    lines = [line for line in run.logs.splitlines() if line.strip()]
    if not lines:
        return CheckResult.fail("the bot wrote no log lines to stdout or stderr")
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            return CheckResult.fail(
                f"log line {number} of {len(lines)} is not a JSON object: "
                f"{line[:120]!r}",
                lines=len(lines),
            )
    restarts = [
        line for line in lines if "restart" in line.lower() and run.hog.name in line
    ]
    if not restarts:
        return CheckResult.fail(
            f"none of {len(lines)} JSON log lines records the restart of "
            f"{run.hog.name!r}",
            lines=len(lines),
        )
    return CheckResult.ok(
        f"all {len(lines)} log lines are JSON objects, and {len(restarts)} of "
        f"them record the restart of {run.hog.name!r}",
        lines=len(lines),
    )
