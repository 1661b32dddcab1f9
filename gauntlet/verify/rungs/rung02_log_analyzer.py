"""Rung 2, HTTP log analyzer: the 10 slowest endpoints of an Nginx access log."""

from __future__ import annotations

from gauntlet.verify.constraint import Option, Rung, automatic, manual

RUNG = Rung(
    number=2,
    slug="log-analyzer",
    title="HTTP log analyzer",
    asks=(
        "A program that reads an Nginx access log in the combined format with the "
        "request time appended (`$request_time`, seconds) and prints the 10 "
        "endpoints with the highest latency, slowest first, one a line starting "
        "with the path. The log path is the `{log}` placeholder of `commands.cli`."
    ),
    constraints=(
        automatic(
            "top-10-correct",
            "The top 10 endpoints by maximum latency are right, in order, on a "
            "generated log whose answer is known.",
            check="log-top-latency",
            threshold="all 10 paths in the expected order",
            lines=10_000,
            malformed=0,
        ),
        automatic(
            "malformed-lines-tolerated",
            "Malformed lines neither stop the program nor change the answer.",
            check="log-top-latency",
            threshold="exit 0 and the same top 10 with 5 % malformed lines",
            lines=10_000,
            malformed=500,
        ),
        automatic(
            "memory-flat",
            "Memory stays flat as the log grows: the program streams the log.",
            check="flat-memory",
            threshold="peak RSS at the large log <= 1.5 x peak at 10k lines + 16 MiB",
            small_lines=10_000,
            ratio=1.5,
            slack_mib=16,
        ),
        manual(
            "uses-several-cores",
            "Stretch: the analysis uses several cores.",
            "a 2-core machine cannot tell parallel parsing from noise reliably",
        ),
    ),
    commands=frozenset({"test", "cli"}),
    options=(
        Option(
            "large_lines",
            int,
            1_000_000,
            "the line count of the large log of the memory check",
        ),
    ),
)
