"""Command-line and output plumbing shared by the rollout benchmarks."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.migrator.zd_databases import server_available  # noqa: E402


def add_output_option(parser: argparse.ArgumentParser, name: str) -> None:
    """Add ``--output``, defaulting to benchmarks/results/NAME.json."""
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "benchmarks" / "results" / f"{name}.json",
        help="where to write the JSON figures",
    )


def exit_on_sigterm() -> None:
    """Exit through SystemExit on SIGTERM.

    The temporary databases are then dropped by their context managers
    instead of being left on the server.
    """
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))


def engine_reachable(engine: str) -> bool:
    """Tell whether ``engine`` can be benchmarked; print why not when it cannot."""
    if engine == "sqlite" or server_available(engine):
        return True
    print(f"skip {engine}: server on 127.0.0.1 not reachable", file=sys.stderr)
    return False


def write_record(path: Path, record: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
