"""Time ``gauntlet lint`` and its flake8 and pylint plugins against peer tools.

Usage: ``python benchmarks/lint_speed.py [--repeat N] [--only GROUP ...]``

Every command runs as a subprocess on the same copy of the standard library
(see ``lint_tree.py``). The commands of one comparison alternate within each
repetition, so a load change on the machine hits both sides alike. Each
figure is the median wall time of the repetitions, with the minimum and
maximum beside it. The CPU time (user + system of the process and its
children) is reported too, because it moves less than wall time when other
work shares the machine. Results go to stdout as Markdown and to
``benchmarks/.work/lint_speed.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import lint_tree
from lint_machine import describe_machine
from lint_plugin_cost import plugin_seconds

RESULTS = lint_tree.WORK / "lint_speed.json"
PYLINT_SUBSET_SIZE = 200


# pylint's exit status is a bit field of the message categories it emitted
# (1 fatal, 2 error, 4 warning, 8 refactor, 16 convention, 32 usage error).
# Usage errors mean the run did not lint, so only they count as a failure.
PYLINT_LINTED = frozenset(range(32))

# The standard library contains files that do not parse on purpose, such
# as the lib2to3 test data. gauntlet lint reports those it parses and then
# exits 2 after linting every other file.
GAUNTLET_LINTED = frozenset({0, 1, 2})


@dataclass(frozen=True)
class Command:
    """One timed command line, with the exit codes that mean it worked."""

    label: str
    argv: Sequence[str]
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    exit_codes: frozenset[int] = frozenset({0, 1})


@dataclass
class Samples:
    """Wall and CPU seconds of each repetition of one command."""

    label: str
    argv: list[str]
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        return {
            "wall_median": statistics.median(self.wall),
            "wall_min": min(self.wall),
            "wall_max": max(self.wall),
            "cpu_median": statistics.median(self.cpu),
        }


@dataclass(frozen=True)
class Comparison:
    """Ours against a peer: a ratio of medians, or an added cost in percent."""

    title: str
    ours: Command
    peer: Command
    # "ratio" (ours / peer), "added" ((ours - peer) / peer in percent) or
    # "share" (ours / peer in percent, for a part timed on its own)
    kind: str
    limit: float
    prime: bool = False  # run each command once untimed first (warm caches)


class BenchmarkError(Exception):
    """A benchmarked command failed, so its time means nothing."""


def run_once(command: Command) -> tuple[float, float]:
    """Run ``command`` once; return its wall and CPU seconds."""
    env = {**os.environ, **command.env}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(
        list(command.argv),
        cwd=command.cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode not in command.exit_codes:
        stderr = completed.stderr.decode(errors="replace")[-2000:]
        raise BenchmarkError(
            f"{command.label}: {' '.join(command.argv)} exited with "
            f"{completed.returncode}:\n{stderr}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(comparison: Comparison, repeat: int) -> tuple[Samples, Samples]:
    """Time both sides of ``comparison``, alternating which one goes first."""
    sides = [comparison.ours, comparison.peer]
    samples = {id(side): Samples(side.label, list(side.argv)) for side in sides}
    if comparison.prime:
        for side in sides:
            run_once(side)
    for index in range(repeat):
        order = sides if index % 2 == 0 else sides[::-1]
        for side in order:
            wall, cpu = run_once(side)
            samples[id(side)].wall.append(wall)
            samples[id(side)].cpu.append(cpu)
        print(f"  {comparison.title}: repetition {index + 1}/{repeat}", file=sys.stderr)
    return samples[id(comparison.ours)], samples[id(comparison.peer)]


def figure(comparison: Comparison, ours: Samples, peer: Samples) -> dict[str, object]:
    """Turn two sample sets into the reported figure and its verdict."""
    ours_wall = statistics.median(ours.wall)
    peer_wall = statistics.median(peer.wall)
    ours_cpu = statistics.median(ours.cpu)
    peer_cpu = statistics.median(peer.cpu)
    if comparison.kind == "ratio":
        value, cpu_value = ours_wall / peer_wall, ours_cpu / peer_cpu
    elif comparison.kind == "share":
        value = ours_wall / peer_wall * 100
        cpu_value = ours_cpu / peer_cpu * 100
    else:
        value = (ours_wall - peer_wall) / peer_wall * 100
        cpu_value = (ours_cpu - peer_cpu) / peer_cpu * 100
    return {
        "title": comparison.title,
        "kind": comparison.kind,
        "value": value,
        "cpu_value": cpu_value,
        "limit": comparison.limit,
        "within_limit": value <= comparison.limit,
        "ours": {**asdict(ours), **ours.summary()},
        "peer": {**asdict(peer), **peer.summary()},
    }


def build_comparisons(sources: list[Path]) -> dict[str, Callable[[], list[Comparison]]]:
    """Map each group name to a function building its comparisons.

    Building is deferred so that ``--only`` skips the setup (such as the bare
    flake8 environment) of groups it does not run.
    """
    tree = lint_tree.TREE
    gauntlet = lint_tree.tool_path("gauntlet")
    ruff = lint_tree.tool_path("ruff")
    gauntlet_cold = Command(
        "gauntlet lint --no-cache",
        [gauntlet, "lint", "--no-cache", "."],
        tree,
        exit_codes=GAUNTLET_LINTED,
    )

    def cold() -> list[Comparison]:
        ruff_cold = Command(
            "ruff check --no-cache", [ruff, "check", "--no-cache", "."], tree
        )
        return [Comparison("cold, no cache", gauntlet_cold, ruff_cold, "ratio", 1.5)]

    def warm() -> list[Comparison]:
        ours = Command(
            "gauntlet lint (cache on)",
            [gauntlet, "lint", "."],
            tree,
            exit_codes=GAUNTLET_LINTED,
        )
        peer = Command("ruff check (cache on)", [ruff, "check", "."], tree)
        return [Comparison("warm, second run", ours, peer, "ratio", 1.5, prime=True)]

    def flake8_datetimez() -> list[Comparison]:
        python = str(lint_tree.prepare_flake8_venv())
        peer = Command(
            "flake8 --select DTZ (flake8-datetimez)",
            [python, "-m", "flake8", "--isolated", "--select", "DTZ", "."],
            tree,
            env={"PYTHONPATH": lint_tree.prepare_datetimez_plugin()},
        )
        return [
            Comparison("against flake8-datetimez", gauntlet_cold, peer, "ratio", 1.0)
        ]

    def flake8_plugin() -> list[Comparison]:
        python = str(lint_tree.prepare_flake8_venv())
        flake8 = [python, "-m", "flake8", "--isolated", "."]
        bare = Command("flake8 --select E,W,F", [*flake8, "--select", "E,W,F"], tree)
        ours = Command(
            "flake8 --select E,W,F,GTL with the plugin",
            [*flake8, "--select", "E,W,F,GTL"],
            tree,
            env={"PYTHONPATH": lint_tree.prepare_gauntlet_plugin()},
        )
        return [Comparison("flake8 plugin, added cost", ours, bare, "added", 2.0)]

    def pylint_plugin() -> list[Comparison]:
        subset = [
            str(path) for path in lint_tree.select_subset(sources, PYLINT_SUBSET_SIZE)
        ]
        pylint = [sys.executable, "-m", "pylint", "--rcfile", "pylintrc"]
        bare = Command(
            "pylint (default checkers)",
            [*pylint, *subset],
            tree,
            exit_codes=PYLINT_LINTED,
        )
        ours = Command(
            "pylint --load-plugins=analyzers.pylint_plugin",
            [*pylint, "--load-plugins=analyzers.pylint_plugin", *subset],
            tree,
            exit_codes=PYLINT_LINTED,
        )
        return [Comparison("pylint plugin, added cost", ours, bare, "added", 5.0)]

    return {
        "cold": cold,
        "warm": warm,
        "flake8-datetimez": flake8_datetimez,
        "flake8-plugin": flake8_plugin,
        "pylint-plugin": pylint_plugin,
    }


def plugin_share(
    comparison: Comparison, bare: Samples, sources: list[Path], repeat: int
) -> dict[str, object]:
    """Time the flake8 plugin alone and relate it to bare flake8's CPU time."""
    print("flake8 plugin alone, in-process", file=sys.stderr)
    walls, cpus = plugin_seconds(lint_tree.TREE, sources, repeat)
    alone = Samples("Plugin.run() over every file, in-process", [], walls, cpus)
    # Bare flake8's CPU time is the fair base: the plugin ran on one core.
    base = Samples(bare.label + " (CPU time)", bare.argv, bare.cpu, bare.cpu)
    share = Comparison(
        "flake8 plugin alone, share of bare flake8 CPU",
        comparison.ours,
        comparison.peer,
        "share",
        2.0,
    )
    return figure(share, alone, base)


def render(figures: list[dict[str, object]], machine: dict[str, str]) -> str:
    """Format the figures as the Markdown table of docs/benchmarks.md."""
    lines = [
        "| comparison | ours: median (min-max) | peer: median (min-max) "
        "| figure (wall) | figure (CPU) | limit |",
        "|---|---|---|---|---|---|",
    ]
    for item in figures:
        ours, peer = item["ours"], item["peer"]
        assert isinstance(ours, dict) and isinstance(peer, dict)
        unit = "\N{MULTIPLICATION SIGN}" if item["kind"] == "ratio" else " %"
        sign = "≤" if item["within_limit"] else "**>**"
        lines.append(
            f"| {item['title']} | {span(ours)} | {span(peer)} "
            f"| {item['value']:.2f}{unit} | {item['cpu_value']:.2f}{unit} "
            f"| {sign} {item['limit']}{unit} |"
        )
    header = [f"- {key}: {value}" for key, value in machine.items()]
    return "\n".join([*header, "", *lines])


def span(samples: dict[str, float]) -> str:
    low, high = samples["wall_min"], samples["wall_max"]
    return f"{samples['wall_median']:.3f} s ({low:.3f}-{high:.3f})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per command")
    parser.add_argument(
        "--slow-repeat",
        type=int,
        default=3,
        help="repetitions for the flake8 and pylint groups, which take minutes each",
    )
    parser.add_argument("--only", nargs="*", help="groups to run (default: all)")
    options = parser.parse_args(argv)

    print(f"copying the standard library to {lint_tree.TREE}", file=sys.stderr)
    sources = lint_tree.prepare_tree()
    lint_tree.compile_project()
    groups = build_comparisons(sources)
    chosen = options.only or list(groups)
    figures = []
    for name in chosen:
        repeat = options.repeat if name in {"cold", "warm"} else options.slow_repeat
        for comparison in groups[name]():
            print(f"{comparison.title} ({repeat} repetitions)", file=sys.stderr)
            ours, peer = measure(comparison, repeat)
            figures.append(figure(comparison, ours, peer))
            if name == "flake8-plugin":
                figures.append(plugin_share(comparison, peer, sources, repeat))

    machine = describe_machine(file_count=len(sources))
    RESULTS.write_text(json.dumps({"machine": machine, "figures": figures}, indent=2))
    print(render(figures, machine))
    return 0


if __name__ == "__main__":
    sys.exit(main())
