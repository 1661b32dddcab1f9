"""Rung 1, CLI task tracker: add, list and complete tasks stored as JSON."""

from __future__ import annotations

from gauntlet.verify.constraint import Option, Rung, automatic

TRACKER_STEPS = (
    {"args": ["add", "buy milk"], "exit": 0, "capture": {"first": r"(\d+)"}},
    {"args": ["add", "write report"], "exit": 0, "capture": {"second": r"(\d+)"}},
    {"args": ["list"], "exit": 0, "stdout": ["buy milk", "write report"]},
    {"args": ["complete", "{first}"], "exit": 0},
    {"args": ["list"], "exit": 0, "line_with": ["buy milk", r"(?i)\[x\]|done"]},
    {"args": ["complete", "999999"], "exit": "nonzero"},
)

RUNG = Rung(
    number=1,
    slug="task-tracker",
    title="CLI task tracker",
    asks=(
        "A command-line program that adds, lists and completes tasks, keeps them "
        "in a JSON file and comes with unit tests. `add TEXT` prints the new "
        "task's id, `list` prints one task a line with its id and text (done "
        "tasks marked `[x]` or `done`), `complete ID` marks it done and fails "
        "on an unknown id."
    ),
    constraints=(
        automatic(
            "stdlib-only",
            "The program imports nothing beyond the standard library and its own "
            "modules.",
            check="third-party-imports",
            threshold="0 third-party imports",
        ),
        automatic(
            "max-500-lines",
            "The program, tests included, has at most 500 lines of code.",
            check="lines-of-code",
            threshold="<= 500 lines",
            max_lines=500,
        ),
        automatic(
            "own-tests-pass",
            "The solution's own unit tests pass.",
            check="own-tests",
            threshold="exit 0",
        ),
        automatic(
            "add-list-complete",
            "Adding, listing and completing tasks works from the command line, and "
            "every step runs as a new process, so the JSON file survives restarts.",
            check="cli-contract",
            threshold="every step gives the expected exit code and output",
            steps=TRACKER_STEPS,
        ),
        automatic(
            "json-valid-after-kill",
            "The JSON file stays valid when the program is killed while it writes.",
            check="interrupted-write",
            threshold="valid JSON after every one of 12 kills",
            kills=12,
        ),
    ),
    commands=frozenset({"test", "cli"}),
    options=(
        Option("store", str, "tasks.json", "the JSON file, relative to the solution"),
    ),
)
