"""Checks of a three-node replicated cache: read latency, failover, durability.

The verifier starts ``commands.run`` once per node on its own loopback port,
with ``{peers}`` set to the other nodes as ``127.0.0.1:PORT,127.0.0.1:PORT``,
``{node_id}`` to 0, 1 or 2 and ``{data_dir}`` to a folder of the node's own.
Every node serves:

- ``GET /status``: JSON ``{"role": "leader" | "follower" | "candidate",
  "term": INT}``;
- ``PUT /kv/KEY`` with the value as the body: a 2xx from the leader means the
  write is acknowledged and must survive the leader's death;
- ``GET /kv/KEY``: JSON ``{"value": VALUE}``, or 404.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from gauntlet.verify.checks import register_check
from gauntlet.verify.checks.live_server import LiveServer, fresh_folder, start_server
from gauntlet.verify.checks.percentiles import (
    best_round,
    describe_latency,
    describe_rounds,
)
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sandbox import Sandbox
from gauntlet.verify.sandbox.process import free_port

NODES = 3
STATUS_TIMEOUT = httpx.Timeout(0.5)
WRITE_TIMEOUT = httpx.Timeout(3.0)
POLL_SECONDS = 0.02


def distinct_ports(count: int) -> list[int]:
    ports: set[int] = set()
    while len(ports) < count:
        ports.add(free_port())
    return sorted(ports)


@dataclass(frozen=True)
class Leader:
    node: int
    term: int
    url: str


class Cluster:
    """The solution's nodes, started on loopback ports the verifier chose."""

    def __init__(self, context: CheckContext) -> None:
        ports = distinct_ports(NODES)
        self.nodes: list[LiveServer] = []
        self.alive: set[int] = set()
        for number, port in enumerate(ports):
            peers = ",".join(f"127.0.0.1:{other}" for other in ports if other != port)
            placeholders = {
                "peers": peers,
                "node_id": number,
                "data_dir": fresh_folder(context, f"node-{number}"),
            }
            self.nodes.append(start_server(context, "run", placeholders, port=port))
            self.alive.add(number)
        self.client = httpx.Client(timeout=STATUS_TIMEOUT)

    def status(self, number: int) -> dict[str, Any] | None:
        try:
            response = self.client.get(f"{self.nodes[number].url}/status")
            status = response.json()
        except (httpx.HTTPError, ValueError):
            return None
        return status if isinstance(status, dict) else None

    def leader(self) -> Leader | None:
        """Return the live node that claims to lead the highest term, if any."""
        claims = []
        for number in sorted(self.alive):
            status = self.status(number)
            if status is not None and status.get("role") == "leader":
                claims.append((int(status.get("term", 0)), number))
        if not claims:
            return None
        term, number = max(claims)
        return Leader(number, term, self.nodes[number].url)

    def wait_for_leader(self, timeout: float, after_term: int = -1) -> Leader | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            leader = self.leader()
            if leader is not None and leader.term > after_term:
                return leader
            time.sleep(POLL_SECONDS)
        return None

    def kill(self, number: int) -> None:
        self.nodes[number].process.kill()
        self.alive.discard(number)

    def stop(self) -> None:
        self.client.close()
        for node in self.nodes:
            node.process.stop(grace_seconds=1.0)


def write(client: httpx.Client, url: str, key: str, value: str) -> bool:
    try:
        return client.put(f"{url}/kv/{key}", content=value).is_success
    except httpx.HTTPError:
        return False


def read(client: httpx.Client, url: str, key: str) -> str | None:
    try:
        response = client.get(f"{url}/kv/{key}")
        if response.status_code != 200:
            return None
        return str(response.json()["value"])
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return None


def require_leader(cluster: Cluster, timeout: float) -> Leader:
    leader = cluster.wait_for_leader(timeout)
    if leader is None:
        raise SolutionError(
            f"no node of the {NODES} reported role 'leader' on GET /status within "
            f"{timeout:g} s"
        )
    return leader


@register_check("cluster-read-latency")
def check_read_latency(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Write keys through the leader, then time sequential reads from it."""
    keys, reads = int(params["keys"]), int(params["reads"])
    rank, limit_ms = (
        float(params["percentile"]),
        float(context.options["read_limit_ms"]),
    )
    warm_up = int(params["warm_up"])
    wrong: list[int] = []
    cluster = Cluster(context)
    try:
        leader = require_leader(cluster, float(params["election_timeout"]))
        with httpx.Client(timeout=WRITE_TIMEOUT) as client:
            write_keys(client, leader, keys)

            def measure() -> list[float]:
                times, missed = time_reads(client, leader, keys, reads, warm_up)
                wrong.append(missed)
                return times

            summary = best_round(measure, int(params["rounds"]), rank, limit_ms)
    finally:
        cluster.stop()
    if any(wrong):
        return CheckResult.fail(
            f"{max(wrong)} of {reads} reads from the leader missed an acknowledged "
            "value",
            wrong_reads=max(wrong),
        )
    summary["limit_ms"] = limit_ms
    text = (
        f"reads from the leader: {describe_latency(summary)}, one client"
        f"{describe_rounds(summary)}"
    )
    if float(summary[f"p{rank:g}_ms"]) >= limit_ms:
        return CheckResult.fail(f"{text}; limit {limit_ms:g} ms", **summary)
    return CheckResult.ok(f"{text}, under {limit_ms:g} ms", **summary)


def write_keys(client: httpx.Client, leader: Leader, keys: int) -> None:
    for number in range(keys):
        if not write(client, leader.url, f"key-{number}", f"value-{number}"):
            raise SolutionError(f"the leader did not acknowledge PUT /kv/key-{number}")


def time_reads(
    client: httpx.Client, leader: Leader, keys: int, reads: int, warm_up: int
) -> tuple[list[float], int]:
    """Time ``reads`` reads after ``warm_up`` untimed ones; count wrong values."""
    times: list[float] = []
    wrong = 0
    for number in range(warm_up + reads):
        key = number % keys
        started = time.perf_counter()
        value = read(client, leader.url, f"key-{key}")
        elapsed = time.perf_counter() - started
        if number >= warm_up:
            times.append(elapsed)
            wrong += value != f"value-{key}"
    return times, wrong


@dataclass
class Failover:
    """The outcome of killing the leader in the middle of writes."""

    old: Leader
    new: Leader | None
    election_seconds: float
    acknowledged: dict[str, str] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)


# One failover run per sandbox serves both constraints that need it. A run
# that could not start is remembered too, so it is not waited out twice.
_FAILOVERS: weakref.WeakKeyDictionary[Sandbox, Failover | SolutionError] = (
    weakref.WeakKeyDictionary()
)


def writer(url: str, acknowledged: dict[str, str], stop: threading.Event) -> None:
    with httpx.Client(timeout=WRITE_TIMEOUT) as client:
        number = 0
        while not stop.is_set():
            key, value = f"write-{number:05d}", f"value-{number}"
            if write(client, url, key, value):
                acknowledged[key] = value
            number += 1


def run_failover(context: CheckContext, params: Mapping[str, Any]) -> Failover:
    cached = _FAILOVERS.get(context.sandbox)
    if isinstance(cached, SolutionError):
        raise cached
    if cached is not None:
        return cached
    try:
        outcome = kill_leader_under_writes(context, params)
    except SolutionError as err:
        _FAILOVERS[context.sandbox] = err
        raise
    _FAILOVERS[context.sandbox] = outcome
    return outcome


def kill_leader_under_writes(
    context: CheckContext, params: Mapping[str, Any]
) -> Failover:
    """Write to the leader for a while, SIGKILL it, and wait for a successor."""
    cluster = Cluster(context)
    try:
        old = require_leader(cluster, float(params["election_timeout"]))
        acknowledged: dict[str, str] = {}
        stop = threading.Event()
        thread = threading.Thread(target=writer, args=(old.url, acknowledged, stop))
        thread.start()
        time.sleep(float(params["write_seconds"]))
        cluster.kill(old.node)
        killed_at = time.monotonic()
        stop.set()
        thread.join()
        new = cluster.wait_for_leader(
            float(params["wait_seconds"]), after_term=old.term
        )
        seconds = time.monotonic() - killed_at
        outcome = Failover(old, new, seconds, dict(acknowledged))
        outcome.lost = find_lost(cluster, new, outcome.acknowledged, params)
    finally:
        cluster.stop()
    return outcome


def find_lost(
    cluster: Cluster,
    new: Leader | None,
    acknowledged: Mapping[str, str],
    params: Mapping[str, Any],
) -> list[str]:
    """Return the acknowledged keys that no longer read back.

    Reads go to the new leader, or to every survivor when none was elected,
    and are retried for ``read_seconds`` because a new leader may still be
    committing its predecessor's entries.
    """
    urls = [new.url] if new else [cluster.nodes[n].url for n in sorted(cluster.alive)]
    deadline = time.monotonic() + float(params["read_seconds"])
    missing = sorted(acknowledged)
    with httpx.Client(timeout=WRITE_TIMEOUT) as client:
        while missing:
            missing = [
                key
                for key in missing
                if all(read(client, url, key) != acknowledged[key] for url in urls)
            ]
            if not missing or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    return missing


@register_check("leader-reelected")
def check_leader_reelected(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Kill the leader; a survivor must lead a newer term within the limit."""
    failover = run_failover(context, params)
    limit = float(params["limit_seconds"])
    figures = {"election_seconds": round(failover.election_seconds, 3), "limit": limit}
    if failover.new is None:
        return CheckResult.fail(
            f"no survivor reported role 'leader' in a term after {failover.old.term} "
            f"within {failover.election_seconds:.1f} s of killing node "
            f"{failover.old.node}",
            **figures,
        )
    text = (
        f"node {failover.new.node} leads term {failover.new.term} "
        f"{failover.election_seconds:.2f} s after leader node {failover.old.node} "
        f"(term {failover.old.term}) was killed"
    )
    if failover.election_seconds > limit:
        return CheckResult.fail(f"{text}; limit {limit:g} s", **figures)
    return CheckResult.ok(f"{text}, within {limit:g} s", **figures)


@register_check("acknowledged-writes-kept")
def check_writes_kept(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """After the leader's death, every acknowledged write must still read back."""
    failover = run_failover(context, params)
    count = len(failover.acknowledged)
    source = "the new leader" if failover.new else "the surviving nodes (no new leader)"
    figures = {"acknowledged": count, "lost": len(failover.lost)}
    if count == 0:
        raise SolutionError("the leader acknowledged no write before it was killed")
    if failover.lost:
        return CheckResult.fail(
            f"{len(failover.lost)} of {count} acknowledged writes do not read back "
            f"from {source}, first {failover.lost[0]!r}",
            **figures,
        )
    return CheckResult.ok(
        f"all {count} writes acknowledged before the leader was killed read back "
        f"from {source}",
        **figures,
    )
