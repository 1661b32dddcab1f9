"""Report formats of ``gauntlet verify``: a table, JSON and JUnit XML."""

from __future__ import annotations

from collections.abc import Callable

from gauntlet.verify.reports.json_report import render_json
from gauntlet.verify.reports.junit import render_junit
from gauntlet.verify.reports.table import render_table
from gauntlet.verify.result import RungReport

RENDERERS: dict[str, Callable[[RungReport], str]] = {
    "table": render_table,
    "json": render_json,
    "junit": render_junit,
}
