"""Rung 11, Distributed cache, Raft-lite."""

from __future__ import annotations

from gauntlet.verify.constraint import NOT_BUILT, Rung, manual

RUNG = Rung(
    number=11,
    slug="raft-lite-cache",
    title="Distributed cache, Raft-lite",
    asks=("Three nodes replicate a key/value store and elect a leader."),
    constraints=(
        manual(
            "max-10000-lines",
            "The whole solution has at most 10,000 lines of code.",
            NOT_BUILT,
        ),
        manual(
            "read-p99-under-5ms",
            "99 % of reads finish in under 5 ms on loopback.",
            NOT_BUILT,
        ),
        manual(
            "leader-reelected",
            "A new leader is elected after the leader dies.",
            NOT_BUILT,
        ),
        manual(
            "no-acknowledged-write-lost",
            "No acknowledged write is lost.",
            NOT_BUILT,
        ),
    ),
    commands=frozenset({"test", "run"}),
)
