"""Checks of a multi-tenant feature-flag service over its REST API.

The API the verifier drives:

- ``POST /tenants`` with JSON ``{"name": NAME}`` returns 200 or 201 with JSON
  ``{"api_key": KEY, ...}``;
- ``PUT /flags/NAME`` with JSON ``{"enabled": BOOL}`` sets a flag of the tenant
  that owns the bearer token (``Authorization: Bearer KEY``);
- ``GET /flags/NAME`` returns JSON ``{"enabled": BOOL, ...}``, ``GET /flags``
  the tenant's flags (their names appear in the body);
- over ``options.rate_limit`` requests per key in ``options.rate_window``
  seconds the service returns 429.
"""

from __future__ import annotations

import json
import math
import secrets
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from gauntlet.verify.checks import register_check
from gauntlet.verify.checks.live_server import serving
from gauntlet.verify.checks.percentiles import (
    best_round,
    describe_latency,
    describe_rounds,
)
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.manifest import manifest_error
from gauntlet.verify.result import CheckResult

TIMEOUT = httpx.Timeout(5.0)
WARM_UP_REQUESTS = 5  # per client, to open the connection; not timed


def create_tenant(client: httpx.Client, base: str) -> str:
    """Create a tenant and return its API key."""
    name = f"tenant-{secrets.token_hex(4)}"
    response = client.post(f"{base}/tenants", json={"name": name})
    if response.status_code not in (200, 201):
        raise SolutionError(
            f"POST /tenants returned {response.status_code}, expected 200 or 201: "
            f"{response.text[:200]!r}"
        )
    try:
        key = response.json()["api_key"]
    except (ValueError, KeyError, TypeError) as err:
        raise SolutionError(
            'POST /tenants must return JSON {"api_key": KEY}, got '
            f"{response.text[:200]!r}"
        ) from err
    return str(key)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def set_flag(client: httpx.Client, base: str, key: str, flag: str, on: bool) -> None:
    response = client.put(
        f"{base}/flags/{flag}", json={"enabled": on}, headers=bearer(key)
    )
    if not response.is_success:
        raise SolutionError(
            f"PUT /flags/{flag} returned {response.status_code}, expected 2xx: "
            f"{response.text[:200]!r}"
        )


def read_loop(
    base: str, keys: list[str], count: int, times: list[float], errors: list[str]
) -> None:
    """Read the flag ``count`` times, rotating over ``keys``; one client's work."""
    with httpx.Client(timeout=TIMEOUT) as client:
        for number in range(WARM_UP_REQUESTS + count):
            key = keys[number % len(keys)]
            started = time.perf_counter()
            response = client.get(f"{base}/flags/checkout", headers=bearer(key))
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                errors.append(f"{response.status_code} {response.text[:80]!r}")
            elif number >= WARM_UP_REQUESTS:
                times.append(elapsed)


@dataclass
class Round:
    """The timed reads of one round and the failed ones."""

    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def tenants_per_client(context: CheckContext, share: int) -> int:
    """Return how many tenants one client rotates over to stay under the limit."""
    budget = int(context.options["rate_limit"]) // 2
    if budget < 1:
        raise manifest_error(
            context.manifest.path, "key 'options.rate_limit' must be at least 2"
        )
    return max(1, math.ceil((share + WARM_UP_REQUESTS) / budget))


def concurrent_reads(base: str, keys: list[str], clients: int, share: int) -> Round:
    """Run ``clients`` threads of ``share`` timed reads each, at once."""
    round_ = Round()
    threads = [
        threading.Thread(
            target=read_loop,
            args=(base, keys[n::clients], share, round_.times, round_.errors),
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return round_


@register_check("flag-read-latency")
def check_flag_read_latency(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Time flag reads from concurrent clients; pass when the percentile is low."""
    clients, requests = int(params["clients"]), int(params["requests"])
    rank = float(params["percentile"])
    limit_ms = float(context.options["read_limit_ms"])
    share = requests // clients
    errors: list[str] = []
    with serving(context) as server, httpx.Client(timeout=TIMEOUT) as client:
        # Every round's reads count against the same rate-limit window.
        per_client = tenants_per_client(context, share * int(params["rounds"]))
        keys = [create_tenant(client, server.url) for _ in range(clients * per_client)]
        for key in keys:
            set_flag(client, server.url, key, "checkout", True)

        def measure() -> list[float]:
            round_ = concurrent_reads(server.url, keys, clients, share)
            errors.extend(round_.errors)
            return [] if round_.errors else round_.times

        summary = best_round(measure, int(params["rounds"]), rank, limit_ms)
    if errors:
        return CheckResult.fail(
            f"{len(errors)} of {requests} flag reads failed, first: {errors[0]}",
            failed_requests=len(errors),
        )
    summary |= {"clients": clients, "tenants": len(keys), "limit_ms": limit_ms}
    text = (
        f"{describe_latency(summary)} from {clients} concurrent clients"
        f"{describe_rounds(summary)}"
    )
    if float(summary[f"p{rank:g}_ms"]) >= limit_ms:
        return CheckResult.fail(f"{text}; limit {limit_ms:g} ms", **summary)
    return CheckResult.ok(f"{text}, under {limit_ms:g} ms", **summary)


@register_check("tenant-isolation")
def check_tenant_isolation(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Check that tenant B can neither read nor list tenant A's flag."""
    flag = f"{params['flag']}-{secrets.token_hex(3)}"
    with serving(context) as server, httpx.Client(timeout=TIMEOUT) as client:
        owner, other = (
            create_tenant(client, server.url),
            create_tenant(client, server.url),
        )
        set_flag(client, server.url, owner, flag, True)
        own = client.get(f"{server.url}/flags/{flag}", headers=bearer(owner))
        foreign = client.get(f"{server.url}/flags/{flag}", headers=bearer(other))
        listing = client.get(f"{server.url}/flags", headers=bearer(other))
        anonymous = client.get(f"{server.url}/flags/{flag}")
    if own.status_code != 200:
        raise SolutionError(
            f"tenant A cannot read its own flag {flag!r}: {own.status_code} "
            f"{own.text[:200]!r}"
        )
    leaks = []
    if foreign.status_code == 200:
        leaks.append(
            f"GET /flags/{flag} with B's key returned 200 {foreign.text[:80]!r}"
        )
    if listing.status_code == 200 and flag in listing.text:
        leaks.append(f"GET /flags with B's key lists {flag!r}")
    if anonymous.status_code not in (401, 403):
        leaks.append(
            f"GET /flags/{flag} without a key returned {anonymous.status_code}"
        )
    statuses = {
        "other_tenant_status": foreign.status_code,
        "no_key_status": anonymous.status_code,
    }
    if leaks:
        return CheckResult.fail("; ".join(leaks), **statuses)
    return CheckResult.ok(
        f"tenant B got {foreign.status_code} for A's flag and does not see it in "
        f"its list; no key got {anonymous.status_code}",
        **statuses,
    )


@register_check("bearer-rate-limit")
def check_bearer_rate_limit(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Send reads on one key until a 429, up to a multiple of the stated limit."""
    limit = int(context.options["rate_limit"])
    ceiling = limit * int(params["factor"])
    with serving(context) as server, httpx.Client(timeout=TIMEOUT) as client:
        key = create_tenant(client, server.url)
        set_flag(client, server.url, key, "checkout", True)
        started = time.perf_counter()
        for number in range(1, ceiling + 1):
            response = client.get(f"{server.url}/flags/checkout", headers=bearer(key))
            if response.status_code == 429:
                seconds = time.perf_counter() - started
                retry_after = response.headers.get("Retry-After")
                return CheckResult.ok(
                    f"429 at request {number} (stated limit {limit} per "
                    f"{context.options['rate_window']:g} s, {seconds:.2f} s in); "
                    f"Retry-After: {retry_after or 'not sent'}",
                    first_429=number,
                    limit=limit,
                    retry_after=retry_after,
                )
    return CheckResult.fail(
        f"no 429 in {ceiling} requests on one key (stated limit {limit} per "
        f"{context.options['rate_window']:g} s)",
        requests=ceiling,
        limit=limit,
    )


SDK_HARNESS = """
import importlib, json, sys
module, function, base, key = sys.argv[1:5]
read = getattr(importlib.import_module(module), function)
print(json.dumps([read(base, key, name) for name in sys.argv[5:]]))
"""


@register_check("flag-sdk-read")
def check_flag_sdk_read(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Call the SDK function named in ``[call]`` on a flag that is on and one off."""
    call = context.manifest.call
    if call is None:
        raise manifest_error(
            context.manifest.path,
            "missing table 'call'; name the SDK function "
            "(base_url, api_key, flag) -> bool",
        )
    with serving(context) as server, httpx.Client(timeout=TIMEOUT) as client:
        key = create_tenant(client, server.url)
        set_flag(client, server.url, key, "sdk-on", True)
        set_flag(client, server.url, key, "sdk-off", False)
        argv = [sys.executable, "-c", SDK_HARNESS, call.module, call.function]
        result = context.sandbox.run(
            [*argv, server.url, key, "sdk-on", "sdk-off"],
            timeout=float(params["timeout"]),
        )
    target = f"{call.module}.{call.function}"
    if result.returncode != 0:
        return CheckResult.fail(
            f"{target} failed: {result.describe()}: {result.stderr.strip()[-300:]!r}"
        )
    try:
        values = json.loads(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return CheckResult.fail(f"{target} printed no result: {result.stdout[-200:]!r}")
    if values != [True, False]:
        return CheckResult.fail(
            f"{target} returned {values!r} for a flag that is on and one that is off"
        )
    return CheckResult.ok(f"{target} read a flag that is on and one that is off")
