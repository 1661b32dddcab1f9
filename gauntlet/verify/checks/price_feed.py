"""Checks of a stock ticker: fan-out of a WebSocket price feed to subscribers.

The verifier runs the feed: a WebSocket server at ``{feed_url}`` that sends
each price update as a text message with JSON ``{"symbol": STR, "seq": INT,
"price": NUMBER}``. The solution connects to it and serves its stream to
subscribers over WebSocket at ``ws://127.0.0.1:{port}/``: every update it
reads goes to every connected subscriber as a JSON text message with the same
``symbol``, ``seq`` and ``price``.

A subscriber may miss updates sent before the solution registered it. So the
feed first repeats marker updates (``seq`` 0) until every subscriber has seen
one, and only then sends the checked sequence, ``seq`` 1 onwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed, WebSocketException

from gauntlet.verify.checks import register_check
from gauntlet.verify.checks.percentiles import describe_latency, latency_summary
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sandbox import ManagedProcess
from gauntlet.verify.sandbox.process import free_port

START_SECONDS = 15.0
MARKER_INTERVAL = 0.05
CHURN_SECONDS = 0.03  # how long a churning subscriber stays attached
SYMBOLS = ("ACME", "GLOBEX", "INITECH")


def price_sequence(count: int) -> list[dict[str, Any]]:
    """Return ``count`` updates with known prices, ``seq`` 1 to ``count``."""
    return [
        {
            "symbol": SYMBOLS[n % len(SYMBOLS)],
            "seq": n,
            "price": round(100 + (n * 37 % 101) / 4, 2),
        }
        for n in range(1, count + 1)
    ]


class Feed:
    """The verifier's price feed; it records when it sent each update."""

    def __init__(self) -> None:
        self.connections: set[ServerConnection] = set()
        self.connected = asyncio.Event()
        self.sent_at: dict[int, float] = {}

    async def handler(self, connection: ServerConnection) -> None:
        self.connections.add(connection)
        self.connected.set()
        try:
            await connection.wait_closed()
        finally:
            self.connections.discard(connection)

    async def publish(self, update: Mapping[str, Any]) -> None:
        message = json.dumps(update)
        self.sent_at[int(update["seq"])] = time.perf_counter()
        for connection in list(self.connections):
            with contextlib.suppress(ConnectionClosed):
                await connection.send(message)


@dataclass
class Subscriber:
    """One client of the solution's stream and what it received."""

    connection: ClientConnection
    marked: asyncio.Event = field(default_factory=asyncio.Event)
    received: list[tuple[dict[str, Any], float]] = field(default_factory=list)
    error: str | None = None

    async def listen(self, last_seq: int) -> None:
        try:
            async for message in self.connection:
                update = json.loads(message)
                if update.get("seq") == 0:
                    self.marked.set()
                    continue
                self.received.append((update, time.perf_counter()))
                if update.get("seq") == last_seq:
                    return
        except (ConnectionClosed, ValueError, AttributeError) as err:
            self.error = f"{type(err).__name__}: {err}"


@dataclass
class Delivery:
    """The outcome of one fan-out run."""

    subscribers: int
    updates: int
    received: list[list[dict[str, Any]]]
    latencies: list[float]
    errors: list[str]
    churned: int
    rss_before_bytes: int
    rss_bytes: int
    peak_rss_bytes: int


def process_tree_memory(pid: int) -> tuple[int, int]:
    """Return the current and peak RSS in bytes of ``pid``'s process group."""
    current = peak = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[2]) != pid:  # field 5 of /proc/PID/stat, the pgrp
                continue
            fields = dict(
                line.split(":", 1)
                for line in (entry / "status").read_text().splitlines()
                if ":" in line
            )
        except (OSError, IndexError, ValueError):
            continue
        current += int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
        peak += int(fields.get("VmHWM", "0 kB").split()[0]) * 1024
    return current, peak


async def wait_until_listening(port: int, process: ManagedProcess) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, stderr = process.output()
            raise SolutionError(
                f"the ticker exited with {process.poll()} before listening on port "
                f"{port}: {stderr.strip()[-400:]}"
            )
        with contextlib.suppress(OSError):
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        await asyncio.sleep(0.02)
    raise SolutionError(
        f"nothing listened on 127.0.0.1:{port} within {START_SECONDS} s"
    )


async def mark_subscribers(
    feed: Feed, subscribers: list[Subscriber], timeout: float
) -> None:
    """Repeat marker updates until every subscriber has received one."""
    deadline = time.monotonic() + timeout
    while not all(subscriber.marked.is_set() for subscriber in subscribers):
        if time.monotonic() > deadline:
            marked = sum(subscriber.marked.is_set() for subscriber in subscribers)
            raise SolutionError(
                f"only {marked} of {len(subscribers)} subscribers received any update "
                f"within {timeout:g} s of connecting"
            )
        await feed.publish({"symbol": SYMBOLS[0], "seq": 0, "price": 100.0})
        await asyncio.sleep(MARKER_INTERVAL)


async def churn(url: str, stop: asyncio.Event) -> int:
    """Attach and detach a subscriber over and over; return how many times.

    Subscribers that come and go while updates flow must not cost the steady
    subscribers any update.
    """
    cycles = 0
    while not stop.is_set():
        with contextlib.suppress(OSError, WebSocketException, asyncio.TimeoutError):
            async with connect(url) as connection:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(connection.recv(), CHURN_SECONDS)
            cycles += 1
    return cycles


async def run_delivery(context: CheckContext, params: Mapping[str, Any]) -> Delivery:
    count, updates = int(params["subscribers"]), price_sequence(int(params["updates"]))
    interval = float(params["interval_ms"]) / 1000
    feed = Feed()
    server: Server = await serve(feed.handler, "127.0.0.1", 0)
    feed_port = next(iter(server.sockets)).getsockname()[1]
    port = free_port()
    argv = context.command("run", port=port, feed_url=f"ws://127.0.0.1:{feed_port}/")
    process = context.sandbox.start(argv)
    subscribers: list[Subscriber] = []
    try:
        await wait_until_listening(port, process)
        await asyncio.wait_for(feed.connected.wait(), START_SECONDS)
        for _ in range(count):
            subscribers.append(Subscriber(await connect(f"ws://127.0.0.1:{port}/")))
        listeners = [
            asyncio.create_task(subscriber.listen(len(updates)))
            for subscriber in subscribers
        ]
        await mark_subscribers(feed, subscribers, float(params["timeout_seconds"]))
        before, _ = process_tree_memory(process.pid)
        stop_churn = asyncio.Event()
        churners = [
            asyncio.create_task(churn(f"ws://127.0.0.1:{port}/", stop_churn))
            for _ in range(int(params["churn"]))
        ]
        for update in updates:
            await feed.publish(update)
            await asyncio.sleep(interval)
        stop_churn.set()
        await asyncio.wait(listeners, timeout=float(params["timeout_seconds"]))
        churned = sum(await asyncio.gather(*churners))
        rss, peak = process_tree_memory(process.pid)
    except (OSError, asyncio.TimeoutError, WebSocketException) as err:
        raise SolutionError(
            f"the ticker's stream failed: {type(err).__name__}: {err}"
        ) from err
    finally:
        for subscriber in subscribers:
            await subscriber.connection.close()
        server.close()
        await server.wait_closed()
        process.stop(grace_seconds=1.0)
    return Delivery(
        subscribers=count,
        updates=len(updates),
        received=[[update for update, _ in s.received] for s in subscribers],
        latencies=delivery_latencies(feed, subscribers),
        errors=[s.error for s in subscribers if s.error],
        churned=churned,
        rss_before_bytes=before,
        rss_bytes=rss,
        peak_rss_bytes=peak,
    )


def delivery_latencies(feed: Feed, subscribers: list[Subscriber]) -> list[float]:
    """Return the seconds from the feed's send to each subscriber's receipt."""
    return [
        received_at - feed.sent_at[update["seq"]]
        for subscriber in subscribers
        for update, received_at in subscriber.received
        if isinstance(update.get("seq"), int) and update["seq"] in feed.sent_at
    ]


def first_difference(
    received: list[dict[str, Any]], expected: list[dict[str, Any]]
) -> str | None:
    """Describe where ``received`` first departs from ``expected``, or return None."""
    for position, wanted in enumerate(expected):
        if position >= len(received):
            return (
                f"missing seq {wanted['seq']} and {len(expected) - position - 1} more"
            )
        got = {key: received[position].get(key) for key in ("symbol", "seq", "price")}
        if got != wanted:
            return f"update {position + 1} is {got}, expected {wanted}"
    if len(received) > len(expected):
        return f"{len(received) - len(expected)} updates more than the feed sent"
    return None


@register_check("stream-fan-out")
def check_stream_fan_out(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Every concurrent subscriber must see every update, in feed order."""
    delivery = asyncio.run(run_delivery(context, params))
    expected = price_sequence(delivery.updates)
    problems = [
        (number, problem)
        for number, received in enumerate(delivery.received)
        if (problem := first_difference(received, expected)) is not None
    ]
    figures = {
        "subscribers": delivery.subscribers,
        "updates": delivery.updates,
        "churned": delivery.churned,
    }
    if problems:
        number, problem = problems[0]
        return CheckResult.fail(
            f"{len(problems)} of {delivery.subscribers} subscribers did not see the "
            f"{delivery.updates} updates in order; subscriber {number}: {problem}",
            **figures,
            failed_subscribers=len(problems),
        )
    return CheckResult.ok(
        f"all {delivery.subscribers} concurrent subscribers saw all "
        f"{delivery.updates} updates in order, while other subscribers attached "
        f"and detached {delivery.churned} times",
        **figures,
    )


@register_check("stream-load-report")
def check_stream_load(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Report delivery latency and memory under load, against generous limits."""
    delivery = asyncio.run(run_delivery(context, params))
    if not delivery.latencies:
        return CheckResult.fail("no update reached any subscriber, so nothing to time")
    summary = latency_summary(delivery.latencies)
    limit_ms, limit_mib = float(params["limit_ms"]), float(params["memory_limit_mib"])
    before_mib, after_mib = (
        delivery.rss_before_bytes / 2**20,
        delivery.rss_bytes / 2**20,
    )
    peak_mib = delivery.peak_rss_bytes / 2**20
    summary |= {
        "subscribers": delivery.subscribers,
        "updates": delivery.updates,
        "rss_before_bytes": delivery.rss_before_bytes,
        "rss_bytes": delivery.rss_bytes,
        "peak_rss_bytes": delivery.peak_rss_bytes,
    }
    text = (
        f"feed-to-subscriber latency {describe_latency(summary)} "
        f"({delivery.subscribers} subscribers x {delivery.updates} updates); "
        f"RSS {before_mib:.1f} MiB before the load, {after_mib:.1f} MiB after, "
        f"peak {peak_mib:.1f} MiB"
    )
    if summary["p99_ms"] >= limit_ms or peak_mib >= limit_mib:
        return CheckResult.fail(
            f"{text}; limits p99 {limit_ms:g} ms, {limit_mib:g} MiB", **summary
        )
    return CheckResult.ok(text, **summary)
