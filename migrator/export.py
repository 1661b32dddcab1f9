"""``migrator graph``: the migration graph as DOT, Mermaid or SVG."""

from __future__ import annotations

import shutil
import subprocess

from migrator.errors import GraphvizMissing
from migrator.graph import MigrationGraph
from migrator.model import split_key
from migrator.state import State

PHASE_COLORS = {"expand": "#d8f0d8", "migrate": "#d8e4f8", "contract": "#f8dcd8"}


def to_dot(graph: MigrationGraph, state: State | None = None) -> str:
    """Return the graph in graphviz DOT, one cluster per service."""
    state = state or {}
    lines = [
        "digraph migrations {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled"];',
    ]
    for number, service in enumerate(graph.services):
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(f'    label="{service}";')
        for key in graph.service_keys(service):
            migration = graph.migration(key)
            border = ", penwidth=2" if key in state else ""
            lines.append(
                f'    "{key}" [label="{migration.id}\\n{migration.phase}", '
                f'fillcolor="{PHASE_COLORS[migration.phase]}"{border}];'
            )
        lines.append("  }")
    for source, target, data in sorted(graph.graph.edges(data=True)):
        style = "" if "parent" in data["kinds"] else " [style=dashed, label=requires]"
        lines.append(f'  "{source}" -> "{target}"{style};')
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(graph: MigrationGraph) -> str:
    """Return the graph as a Mermaid flowchart, one subgraph per service."""
    ids = {key: f"n{number}" for number, key in enumerate(sorted(graph.graph))}
    lines = ["flowchart LR"]
    for service in graph.services:
        lines.append(f"  subgraph {service}")
        for key in graph.service_keys(service):
            migration = graph.migration(key)
            lines.append(f'    {ids[key]}["{split_key(key)[1]} ({migration.phase})"]')
        lines.append("  end")
    for source, target, data in sorted(graph.graph.edges(data=True)):
        arrow = "-->" if "parent" in data["kinds"] else "-. requires .->"
        lines.append(f"  {ids[source]} {arrow} {ids[target]}")
    return "\n".join(lines) + "\n"


def to_svg(graph: MigrationGraph, state: State | None = None) -> str:
    """Render the DOT text with graphviz ``dot``; raise GraphvizMissing."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizMissing(
            "graph --format svg needs the graphviz program `dot`, which is not on "
            "PATH; install graphviz (Debian: apt-get install graphviz) or use "
            "--format dot or --format mermaid"
        )
    result = subprocess.run(
        [program, "-Tsvg"],
        input=to_dot(graph, state),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if result.returncode != 0:
        raise GraphvizMissing(f"graphviz `dot` failed: {result.stderr.strip()}")
    return result.stdout
