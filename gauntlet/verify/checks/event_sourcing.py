"""Checks of an event-sourced order service: concurrency, idempotency, convergence.

The API the verifier drives:

- ``POST /orders/ID/commands`` with JSON ``{"command_id": STR, "type":
  "add_item", "sku": STR, "quantity": INT, "expected_version": INT}``
  (``expected_version`` optional) returns 2xx with JSON ``{"version": INT}``
  when the command is accepted, and 409 or 412 when ``expected_version`` is
  not the order's current version. A command whose ``command_id`` was seen
  before returns 2xx and changes nothing.
- ``GET /orders/ID`` reads the read model: JSON ``{"version": INT, "items":
  {SKU: QUANTITY}}``, or 404 until the order is projected. It may lag the
  write model, so the checks poll it.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Mapping
from typing import Any

import httpx

from gauntlet.verify.checks import register_check
from gauntlet.verify.checks.live_server import fresh_folder, serving
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.result import CheckResult

TIMEOUT = httpx.Timeout(5.0)
CONFLICT = (409, 412)
POLL_SECONDS = 0.05


def add_item(
    order: str, sku: str, quantity: int, expected: int | None = None
) -> dict[str, Any]:
    command: dict[str, Any] = {
        "command_id": uuid.uuid4().hex,
        "type": "add_item",
        "sku": sku,
        "quantity": quantity,
    }
    if expected is not None:
        command["expected_version"] = expected
    return command


def send(client: httpx.Client, base: str, order: str, command: dict[str, Any]) -> int:
    return client.post(f"{base}/orders/{order}/commands", json=command).status_code


def send_accepted(
    client: httpx.Client, base: str, order: str, command: dict[str, Any]
) -> None:
    response = client.post(f"{base}/orders/{order}/commands", json=command)
    if not response.is_success:
        raise SolutionError(
            f"POST /orders/{order}/commands rejected a valid command with "
            f"{response.status_code}: {response.text[:200]!r}"
        )


def read_items(client: httpx.Client, base: str, order: str) -> dict[str, int] | None:
    response = client.get(f"{base}/orders/{order}")
    if response.status_code == 404:
        return None
    try:
        items = response.json()["items"]
    except (ValueError, KeyError, TypeError) as err:
        raise SolutionError(
            f'GET /orders/{order} must return JSON {{"items": {{SKU: QUANTITY}}}}, '
            f"got {response.status_code} {response.text[:200]!r}"
        ) from err
    return {str(sku): int(quantity) for sku, quantity in items.items()}


def wait_for_items(
    client: httpx.Client,
    base: str,
    expected: Mapping[str, dict[str, int]],
    timeout: float,
) -> tuple[dict[str, dict[str, int] | None], float]:
    """Poll the read model until every order shows ``expected`` or time runs out.

    Returns the last read of every order and the seconds it took.
    """
    started = time.monotonic()
    seen: dict[str, dict[str, int] | None] = {}
    while True:
        seen = {order: read_items(client, base, order) for order in expected}
        elapsed = time.monotonic() - started
        if seen == expected or elapsed > timeout:
            return seen, elapsed
        time.sleep(POLL_SECONDS)


def order_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@register_check("stale-write-rejected")
def check_stale_write(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Write versions 1 and 2, then a command still expecting version 1."""
    order = order_id("stale")
    placeholders = {"data_dir": fresh_folder(context, "orders")}
    with (
        serving(context, placeholders) as server,
        httpx.Client(timeout=TIMEOUT) as client,
    ):
        send_accepted(
            client, server.url, order, add_item(order, "apple", 1, expected=0)
        )
        send_accepted(
            client, server.url, order, add_item(order, "apple", 2, expected=1)
        )
        stale = send(client, server.url, order, add_item(order, "pear", 5, expected=1))
        seen: dict[str, dict[str, int] | None] = {}
        if stale in CONFLICT:  # an accepted stale write fails without waiting
            seen, _ = wait_for_items(
                client,
                server.url,
                {order: {"apple": 3}},
                float(params["timeout_seconds"]),
            )
    if stale not in CONFLICT:
        return CheckResult.fail(
            f"a command expecting version 1 of an order at version 2 got {stale}, "
            f"expected 409 or 412",
            stale_status=stale,
        )
    if seen[order] != {"apple": 3}:
        return CheckResult.fail(
            f"the stale command got {stale} but the read model shows {seen[order]}, "
            f"expected {{'apple': 3}}",
            stale_status=stale,
        )
    return CheckResult.ok(
        f"a command expecting version 1 of an order at version 2 got {stale} and "
        "changed nothing",
        stale_status=stale,
    )


@register_check("command-idempotent")
def check_idempotent(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Send one command several times; the read model must count it once."""
    repeats = int(params["repeats"])
    settle = float(params["settle_seconds"])
    order = order_id("repeat")
    command = add_item(order, "apple", 4)
    placeholders = {"data_dir": fresh_folder(context, "orders")}
    with (
        serving(context, placeholders) as server,
        httpx.Client(timeout=TIMEOUT) as client,
    ):
        statuses = [send(client, server.url, order, command) for _ in range(repeats)]
        seen, _ = wait_for_items(
            client, server.url, {order: {"apple": 4}}, float(params["timeout_seconds"])
        )
        time.sleep(settle)  # a late projection of a duplicate would show now
        final = read_items(client, server.url, order)
    rejected = [status for status in statuses if not 200 <= status < 300]
    if rejected:
        return CheckResult.fail(
            f"a repeated command must return 2xx, got {statuses}", statuses=statuses
        )
    if seen[order] != {"apple": 4} or final != {"apple": 4}:
        return CheckResult.fail(
            f"one command adding 4 apples, sent {repeats} times, left {final} in "
            "the read model, expected {'apple': 4}",
            statuses=statuses,
        )
    return CheckResult.ok(
        f"one command sent {repeats} times was applied once (read model checked "
        f"again after {settle:g} s)",
        statuses=statuses,
    )


def burst_worker(
    base: str, commands: list[tuple[str, dict[str, Any]]], failures: list[str]
) -> None:
    with httpx.Client(timeout=TIMEOUT) as client:
        for order, command in commands:
            status = send(client, base, order, command)
            if not 200 <= status < 300:
                failures.append(f"{order}: {status}")


def plan_burst(
    orders: int, commands: int, seed: int
) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, dict[str, int]]]:
    """Return random add_item commands over ``orders`` orders and their totals."""
    rng = random.Random(seed)
    names = [order_id("burst") for _ in range(orders)]
    plan: list[tuple[str, dict[str, Any]]] = []
    totals: dict[str, dict[str, int]] = {name: {} for name in names}
    for _ in range(commands):
        order, sku, quantity = rng.choice(names), rng.choice("abc"), rng.randint(1, 5)
        plan.append((order, add_item(order, f"sku-{sku}", quantity)))
        totals[order][f"sku-{sku}"] = totals[order].get(f"sku-{sku}", 0) + quantity
    return plan, totals


def send_burst(
    base: str, plan: list[tuple[str, dict[str, Any]]], clients: int, failures: list[str]
) -> None:
    """Send ``plan`` from ``clients`` threads at once, one n-th of it each."""
    threads = [
        threading.Thread(target=burst_worker, args=(base, plan[n::clients], failures))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@register_check("read-model-converges")
def check_converges(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Send a burst of commands from concurrent clients, then poll the read model."""
    clients, count = int(params["clients"]), int(params["commands"])
    timeout = float(params["timeout_seconds"])
    plan, totals = plan_burst(int(params["orders"]), count, seed=int(params["seed"]))
    failures: list[str] = []
    placeholders = {"data_dir": fresh_folder(context, "orders")}
    with serving(context, placeholders) as server:
        started = time.monotonic()
        send_burst(server.url, plan, clients, failures)
        burst_seconds = time.monotonic() - started

        with httpx.Client(timeout=TIMEOUT) as client:
            seen, lag = wait_for_items(client, server.url, totals, timeout)
    figures = {
        "commands": count,
        "clients": clients,
        "orders": len(totals),
        "burst_seconds": round(burst_seconds, 3),
        "convergence_seconds": round(lag, 3),
    }
    if failures:
        return CheckResult.fail(
            f"{len(failures)} of {count} commands were rejected, first: {failures[0]}",
            **figures,
        )
    wrong = [order for order in totals if seen[order] != totals[order]]
    if wrong:
        return CheckResult.fail(
            f"{len(wrong)} of {len(totals)} orders still differ from the commands "
            f"{timeout:g} s after the burst; {wrong[0]} shows {seen[wrong[0]]}, "
            f"expected {totals[wrong[0]]}",
            **figures,
        )
    return CheckResult.ok(
        f"the read model matched all {len(totals)} orders {lag:.2f} s after a burst "
        f"of {count} commands from {clients} clients ({burst_seconds:.2f} s)",
        **figures,
    )
