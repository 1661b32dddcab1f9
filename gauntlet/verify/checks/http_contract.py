"""HTTP contract checks: status codes and redirects, 429 over a limit, restarts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.checks.http_server import (
    new_data_dir,
    run_steps,
    running_server,
    send,
)
from gauntlet.verify.context import CheckContext
from gauntlet.verify.result import CheckResult


@register_check("http-contract")
def check_http_contract(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Send ``params["steps"]`` to a fresh server; the first broken step fails."""
    steps = params["steps"]
    with running_server(context, new_data_dir(context)) as (_, client):
        problem = run_steps(client, steps, {})
    if problem is not None:
        return CheckResult.fail(problem, steps=len(steps))
    return CheckResult.ok(f"all {len(steps)} requests answered as expected")


@register_check("http-restart-survival")
def check_http_restart_survival(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Run ``before``, stop and start the server on the same data, then ``after``."""
    data_dir = new_data_dir(context)
    values: dict[str, str] = {}
    with running_server(context, data_dir) as (_, client):
        problem = run_steps(client, params["before"], values)
    if problem is not None:
        return CheckResult.fail(f"before the restart: {problem}")
    with running_server(context, data_dir) as (_, client):
        problem = run_steps(client, params["after"], values)
    if problem is not None:
        return CheckResult.fail(f"after the restart: {problem}")
    return CheckResult.ok("the data written before the restart is served after it")


@register_check("http-rate-limit")
def check_http_rate_limit(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Send ``options.rate_limit + 1`` requests; one of them must get 429."""
    limit = int(context.options["rate_limit"])
    step = {key: params[key] for key in ("method", "path", "json") if key in params}
    statuses: list[int] = []
    with running_server(context, new_data_dir(context)) as (_, client):
        while len(statuses) <= limit and 429 not in statuses:
            statuses.append(send(client, step, {}).status_code)
    if 429 not in statuses:
        return CheckResult.fail(
            f"no 429 after {len(statuses)} requests (the limit is {limit}); the "
            f"last returned {statuses[-1]}",
            requests=len(statuses),
        )
    return CheckResult.ok(
        f"429 at request {len(statuses)} with a limit of {limit}",
        first_429=len(statuses),
    )
