"""``migrator status``: per service, what is applied, pending, failed, drifted."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from migrator.manual import find_drift
from migrator.model import short_names, split_key
from migrator.plural import counted, inflect
from migrator.project import Project
from migrator.state import State


@dataclass
class ServiceStatus:
    """The state of one service's migrations.

    ``unknown`` lists ids recorded in the history with no migration file.
    """

    service: str
    database: str
    applied: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    drifted: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    heads: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def healthy(self) -> bool:
        return not (self.failed or self.drifted)


def project_status(project: Project, state: State) -> list[ServiceStatus]:
    """Describe every service of ``project`` given the recorded ``state``."""
    graph = project.graph
    drifted = {drift.key for drift in find_drift(graph, state)}
    result = []
    for name, service in sorted(project.services.items()):
        status = ServiceStatus(
            name, service.url.redacted(), heads=short_names(graph.heads(name))
        )
        for key in graph.service_keys(name):
            row = state.get(key)
            migration_id = split_key(key)[1]
            if row is None:
                status.pending.append(migration_id)
            elif row.unfinished:
                status.failed.append(
                    {
                        "id": migration_id,
                        "state": row.state,
                        "direction": row.direction,
                        "completed_steps": row.completed_steps,
                        "total_steps": row.total_steps,
                    }
                )
            else:
                status.applied.append(migration_id)
            if key in drifted:
                status.drifted.append(migration_id)
        status.unknown = sorted(
            split_key(key)[1]
            for key in state
            if split_key(key)[0] == name and key not in graph.graph
        )
        result.append(status)
    return result


def render_status(statuses: list[ServiceStatus]) -> list[str]:
    """Return the text lines of ``migrator status``."""
    lines = []
    for status in statuses:
        lines.append(f"{status.service} ({status.database})")
        lines.append(
            f"  applied: {len(status.applied)}"
            + (f" (last {status.applied[-1]})" if status.applied else "")
        )
        lines.append(
            f"  pending: {len(status.pending)}"
            + (f" ({', '.join(status.pending)})" if status.pending else "")
        )
        for failed in status.failed:
            lines.append(
                f"  FAILED: {failed['id']} {failed['state']} "
                f"({failed['direction']}), {failed['completed_steps']} of "
                f"{counted(int(failed['total_steps']), 'step')} applied"
            )
        if status.drifted:
            changed = inflect(
                len(status.drifted),
                "file changed since it was applied",
                "files changed since they were applied",
            )
            lines.append(f"  DRIFTED: {', '.join(status.drifted)} ({changed})")
        if status.unknown:
            lines.append(f"  in history without a file: {', '.join(status.unknown)}")
    return lines
