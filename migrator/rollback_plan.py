"""Rollback plans: what to undo, with dependents cascaded and listed first."""

from __future__ import annotations

from dataclasses import dataclass

from migrator.errors import NothingApplied, PlanError
from migrator.graph import MigrationGraph
from migrator.model import split_key
from migrator.planning import (
    Plan,
    ancestors_and_self,
    descendants_and_self,
    order_waves,
)
from migrator.plural import inflect
from migrator.state import State

# How far a rollback may reach beyond what was asked for.
CASCADE_NONE = "none"  # reject the plan if anything depends on the selection
CASCADE_SERVICE = "service"  # add dependents of the same services (default)
CASCADE_ALL = "all"  # add dependents of every service


@dataclass(frozen=True)
class RollbackRequest:
    """The selection of a ``migrator rollback``.

    ``migration`` undoes that one migration. ``to`` undoes every applied
    descendant of that migration in its service, or everything with
    ``"base"``. ``branch`` limits ``to`` to the ancestors of one head. With
    none of them, the most recently applied migration is undone.
    ``service`` scopes bare ids and ``base``; ``cascade`` is one of the
    ``CASCADE_*`` values.
    """

    migration: str | None = None
    to: str | None = None
    branch: str | None = None
    service: str | None = None
    cascade: str = CASCADE_SERVICE


def plan_rollback(
    graph: MigrationGraph, state: State, request: RollbackRequest
) -> Plan:
    """Plan a rollback; raise PlanError when it must be rejected.

    Rejected plans: dependents that ``cascade`` does not allow (named), and
    any plan that would undo an irreversible migration (named with its
    reason). Dependents come first in the waves and in ``Plan.cascaded``.
    """
    recorded = {key for key in state if key in graph.graph}
    if request.service is not None and request.service not in graph.services:
        raise PlanError(
            f"unknown service {request.service!r}; services: "
            f"{', '.join(graph.services)}"
        )
    selected = _selection(graph, state, recorded, request)
    if not selected:
        raise NothingApplied(
            "nothing to roll back: no applied migration matches the request"
        )
    closure = descendants_and_self(graph, selected) & recorded
    extra = closure - selected
    _check_cascade(extra, selected, request.cascade)
    _check_reversible(graph, closure)
    waves = list(reversed(order_waves(graph, closure)))
    waves = [sorted(wave, key=lambda m: (m.key not in extra, m.key)) for wave in waves]
    plan = Plan("down", waves, sorted(extra))
    plan.cascaded = [key for key in plan.keys if key in extra]
    return plan


def _selection(
    graph: MigrationGraph, state: State, recorded: set[str], request: RollbackRequest
) -> set[str]:
    service = request.service
    if request.migration is not None:
        key = graph.resolve(request.migration, service)
        return {key} & recorded
    if request.to == "base":
        return {
            key for key in recorded if service is None or split_key(key)[0] == service
        }
    if request.to is not None:
        anchor = graph.resolve(request.to, service)
        own = split_key(anchor)[0]
        chosen = descendants_and_self(graph, {anchor}) - {anchor}
        chosen = {key for key in chosen if split_key(key)[0] == own}
        if request.branch is not None:
            head = graph.resolve(request.branch, own)
            chosen &= ancestors_and_self(graph, {head})
        return chosen & recorded
    candidates = [
        state[key]
        for key in recorded
        if service is None or split_key(key)[0] == service
    ]
    if not candidates:
        return set()
    newest = max(
        candidates, key=lambda row: (row.finished_at or row.started_at, row.key)
    )
    return {newest.key}


def _check_cascade(extra: set[str], selected: set[str], cascade: str) -> None:
    if not extra:
        return
    names = ", ".join(sorted(extra))
    depend = inflect(len(extra), "depends", "depend")
    them = inflect(len(extra), "it", "them")
    if cascade == CASCADE_NONE:
        raise PlanError(
            f"rollback rejected (--no-cascade): {names} {depend} on migrations "
            f"the rollback would undo; roll {them} back first, or drop "
            f"--no-cascade to include {them}"
        )
    own_services = {split_key(key)[0] for key in selected}
    foreign = sorted(key for key in extra if split_key(key)[0] not in own_services)
    if foreign and cascade != CASCADE_ALL:
        depend = inflect(len(foreign), "depends", "depend")
        them = inflect(len(foreign), "it", "them")
        raise PlanError(
            f"rollback rejected: {', '.join(foreign)} in another service "
            f"{depend} on migrations the rollback would undo; roll {them} back "
            f"first, or pass --cascade to undo {them} too"
        )


def _check_reversible(graph: MigrationGraph, keys: set[str]) -> None:
    blocked = sorted(key for key in keys if graph.migration(key).irreversible)
    if blocked:
        reasons = "; ".join(f"{key} ({graph.migration(key).reason})" for key in blocked)
        raise PlanError(
            "rollback rejected before running anything: irreversible "
            f"migrations in the plan: {reasons}"
        )
