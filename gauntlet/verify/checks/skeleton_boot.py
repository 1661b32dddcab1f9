"""Checks that run a SaaS skeleton: ``helm lint`` on its chart, its services' boot.

Each service starts through ``commands.run`` with ``{service}`` set to its
folder name and ``{port}`` to a free loopback port. It has booted when
``GET /healthz`` returns 200 and ``GET /metrics`` parses as Prometheus text.
Third-party parts (the identity provider, the gateway, Prometheus) run from
their own images and are not started: their wiring is checked from config.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from gauntlet.verify.checks import register_check
from gauntlet.verify.checks.live_server import serving
from gauntlet.verify.checks.skeleton_layout import skeleton
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.result import CheckResult


def helm_available() -> bool:
    return shutil.which("helm") is not None


@register_check("helm-lint")
def check_helm_lint(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Run ``helm lint`` on the chart; the rung makes this manual without helm."""
    helm = shutil.which("helm")
    if helm is None:
        raise SolutionError("helm is not installed, so the chart cannot be linted")
    chart = skeleton(context).path("chart")
    result = context.sandbox.run(
        [helm, "lint", "--strict", str(chart)], timeout=float(params["timeout"])
    )
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        return CheckResult.fail(f"helm lint --strict failed: {output[-400:]}")
    return CheckResult.ok(f"helm lint --strict passed: {output.splitlines()[-1]}")


def probe(url: str) -> str | None:
    """Return why the service at ``url`` has not booted, or None when it has."""
    try:
        health = httpx.get(f"{url}/healthz", timeout=5.0)
        metrics = httpx.get(f"{url}/metrics", timeout=5.0)
    except httpx.HTTPError as err:
        return f"{type(err).__name__}: {err}"
    if health.status_code != 200:
        return f"GET /healthz returned {health.status_code}"
    if metrics.status_code != 200:
        return f"GET /metrics returned {metrics.status_code}"
    try:
        list(text_string_to_metric_families(metrics.text))
    except ValueError as err:
        return f"GET /metrics is not Prometheus text: {err}"
    return None


@register_check("skeleton-boots")
def check_skeleton_boots(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Start every service and probe its health and metrics endpoints."""
    services = skeleton(context).services()
    if not services:
        return CheckResult.fail("no service folders to boot")
    problems = []
    for name in services:
        try:
            with serving(context, {"service": name}) as server:
                problem = probe(server.url)
        except SolutionError as err:
            problem = str(err)
        if problem is not None:
            problems.append(f"{name}: {problem}")
    if problems:
        return CheckResult.fail(
            f"{len(problems)} of {len(services)} services did not boot: "
            f"{'; '.join(problems)}",
            services=services,
        )
    return CheckResult.ok(
        f"all {len(services)} services booted: /healthz 200 and /metrics parses "
        f"({', '.join(services)}); the identity provider, gateway and Prometheus "
        "are third-party images and are not started",
        services=services,
    )
