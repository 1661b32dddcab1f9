"""Checks of an HTTP client program against the fake weather API.

``commands.cli`` gets ``{api_url}``, ``{city}`` and ``{timeout}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.fakes.weather import FakeWeatherServer, reading
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sandbox import RunResult

TRACEBACK = "Traceback (most recent call last)"
GRACE_SECONDS = 3.0  # on top of the client's own timeout, for start-up and exit


def run_client(
    context: CheckContext, api_url: str, city: str, limit: float | None = None
) -> RunResult:
    timeout = float(context.options["timeout"])
    argv = context.command("cli", api_url=api_url, city=city, timeout=timeout)
    return context.sandbox.run(argv, timeout=limit or timeout + GRACE_SECONDS)


def temperature_text(city: str) -> str:
    return str(reading(city)["temperature_c"])


@register_check("http-client-cache")
def check_http_client_cache(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Request a city three times: API up, API up again, API stopped.

    The first run must print the temperature; the second must not reach the
    API (its request count stays 1); the third must print the same with the
    port closed.
    """
    city = str(params.get("city", "Lisbon"))
    expected = temperature_text(city)
    with FakeWeatherServer() as server:
        first = run_client(context, server.url, city)
        if first.returncode != 0 or expected not in first.stdout:
            return CheckResult.fail(
                f"the first request: {first.describe()}, output {first.stdout!r} "
                f"lacks the temperature {expected}; {first.error_tail()}"
            )
        second = run_client(context, server.url, city)
        requests = len(server.requests)
        url = server.url
    if second.returncode != 0 or requests != 1:
        return CheckResult.fail(
            f"the second identical request reached the API ({requests} requests "
            f"in all) or failed: {second.describe()}",
            api_requests=requests,
        )
    third = run_client(context, url, city)
    if third.returncode != 0 or expected not in third.stdout:
        return CheckResult.fail(
            f"with the API stopped the request {third.describe()}, output "
            f"{third.stdout!r}: the response was not served from a disk cache",
            api_requests=requests,
        )
    return CheckResult.ok(
        "served from the cache: 1 request at the API for 3 runs, the last one "
        "with the API stopped",
        api_requests=requests,
    )


@register_check("http-client-errors")
def check_http_client_errors(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Run the fake API in the ``failure`` mode; expect a clean non-zero exit."""
    failure = str(params["failure"])
    city = {"status-500": "Oslo", "hang": "Quito"}.get(failure, "Nowhere")
    with FakeWeatherServer(failure) as server:
        result = run_client(context, server.url, city)
    output = result.stdout + result.stderr
    figures = {"seconds": round(result.seconds, 2), "exit": result.returncode}
    if result.timed_out:
        return CheckResult.fail(
            f"the client was still waiting after {result.seconds:.1f} s; it must "
            f"give up after its {context.options['timeout']} s timeout",
            **figures,
        )
    if TRACEBACK in output:
        return CheckResult.fail(
            f"a traceback on {failure}: {result.error_tail()}", **figures
        )
    if result.returncode == 0:
        return CheckResult.fail(f"exit 0 on {failure}; expected non-zero", **figures)
    if not result.stderr.strip():
        return CheckResult.fail(f"nothing on stderr on {failure}", **figures)
    return CheckResult.ok(
        f"exit {result.returncode} with {result.error_tail(1)!r} on {failure}",
        **figures,
    )
