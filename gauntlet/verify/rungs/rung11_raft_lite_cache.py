"""Rung 11, Distributed cache, Raft-lite: three nodes, leader election, replication."""

from __future__ import annotations

from gauntlet.verify.constraint import Option, Rung, automatic

# Parameters of the failover run that two constraints share.
FAILOVER = {
    "election_timeout": 10.0,
    "write_seconds": 1.0,
    "wait_seconds": 6.0,
    "read_seconds": 3.0,
}

RUNG = Rung(
    number=11,
    slug="raft-lite-cache",
    title="Distributed cache, Raft-lite",
    asks=(
        "Three nodes replicate a key/value store and elect a leader. The verifier "
        "starts `commands.run` three times on loopback with `{port}`, `{peers}` "
        "(the other nodes as `127.0.0.1:PORT,...`), `{node_id}` and `{data_dir}`. "
        'Every node serves `GET /status` (`{"role", "term"}`), `PUT /kv/KEY` '
        '(2xx from the leader = acknowledged) and `GET /kv/KEY` (`{"value"}`).'
    ),
    constraints=(
        automatic(
            "max-10000-lines",
            "The whole solution has at most 10,000 lines of code.",
            check="lines-of-code",
            threshold="<= 10,000 lines",
            max_lines=10_000,
        ),
        automatic(
            "read-p99-under-5ms",
            "99 % of reads finish in under 5 ms on loopback.",
            check="cluster-read-latency",
            threshold=(
                "p99 < options.read_limit_ms (5 ms) over 500 sequential reads "
                "from the leader, best of up to 3 rounds"
            ),
            keys=20,
            rounds=3,
            reads=500,
            warm_up=20,
            percentile=99.0,
            election_timeout=10.0,
        ),
        automatic(
            "leader-reelected",
            "A new leader is elected after the leader dies.",
            check="leader-reelected",
            threshold="a survivor leads a newer term within 5 s of SIGKILL",
            limit_seconds=5.0,
            **FAILOVER,
        ),
        automatic(
            "no-acknowledged-write-lost",
            "No acknowledged write is lost.",
            check="acknowledged-writes-kept",
            threshold=(
                "every write acknowledged in the 1 s before the leader's SIGKILL "
                "reads back within 3 s of the election"
            ),
            **FAILOVER,
        ),
    ),
    commands=frozenset({"test", "run"}),
    options=(
        Option(
            "read_limit_ms",
            float,
            5.0,
            "the p99 limit in milliseconds for a read; a loaded machine adds its "
            "own delay, so it may raise it",
        ),
    ),
)
