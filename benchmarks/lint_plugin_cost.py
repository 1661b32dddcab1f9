"""Time the flake8 plugin alone, in this process, over the benchmark tree.

Comparing flake8's wall time with and without the plugin looks for a
difference of a few percent, which is the size of the run-to-run noise on a
shared machine. This measurement removes flake8 from the picture: it parses every
file once (untimed), then times only what flake8 would call on the plugin
(creating ``Plugin(tree, filename, lines)`` and exhausting ``run()``), which
is the plugin's whole per-file cost. Loading the plugin and reading the
configuration happen once per process and are left out.
"""

from __future__ import annotations

import argparse
import ast
import time
import tokenize
from pathlib import Path

from analyzers.flake8_plugin import Plugin


def parsed_files(
    tree: Path, sources: list[Path]
) -> list[tuple[ast.Module, str, list[str]]]:
    """Parse each file the way flake8 would hand it over; skip what cannot parse."""
    parsed = []
    for relative in sources:
        path = tree / relative
        try:
            with tokenize.open(path) as stream:
                lines = stream.readlines()
            module = ast.parse("".join(lines), filename=str(path))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        parsed.append((module, str(path), lines))
    return parsed


def plugin_seconds(
    tree: Path, sources: list[Path], repeat: int
) -> tuple[list[float], list[float]]:
    """Return the wall and CPU seconds of each pass of the plugin over the tree."""
    files = parsed_files(tree, sources)
    Plugin.parse_options(argparse.Namespace(gauntlet_config=None, disable_noqa=False))
    walls, cpus = [], []
    for _ in range(repeat):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        for module, filename, lines in files:
            for _report in Plugin(module, filename, lines).run():
                pass
        walls.append(time.perf_counter() - wall_start)
        cpus.append(time.process_time() - cpu_start)
    return walls, cpus
