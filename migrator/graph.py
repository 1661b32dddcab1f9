"""The migration graph: one networkx ``DiGraph`` over every service.

Nodes are ``service:id`` keys with the :class:`~migrator.model.Migration` in
the ``migration`` attribute. An edge ``a -> b`` means ``a`` must be applied
before ``b``; its ``kinds`` attribute is a set containing ``"parent"`` (the
per-service order) and/or ``"requires"`` (an extra dependency, possibly on
another service). Phase barriers are added per plan, see
:mod:`migrator.planning`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from migrator.errors import GraphError, PlanError
from migrator.model import Migration, short_names, split_key


@dataclass
class MigrationGraph:
    """A validated migration graph and lookups over it."""

    graph: nx.DiGraph
    services: tuple[str, ...]

    def migration(self, key: str) -> Migration:
        migration = self.graph.nodes[key]["migration"]
        assert isinstance(migration, Migration)
        return migration

    def migrations(self) -> list[Migration]:
        return [self.migration(key) for key in sorted(self.graph)]

    def service_keys(self, service: str) -> list[str]:
        return sorted(key for key in self.graph if split_key(key)[0] == service)

    def heads(self, service: str) -> list[str]:
        """Return the keys of ``service`` that no migration of it follows."""
        heads = []
        for key in self.service_keys(service):
            successors = self.graph.successors(key)
            if not any(split_key(other)[0] == service for other in successors):
                heads.append(key)
        return heads

    def resolve(self, name: str, service: str | None = None) -> str:
        """Turn ``service:id`` or a bare id into a key; raise PlanError."""
        if ":" in name:
            if name not in self.graph:
                raise PlanError(
                    f"unknown migration {name!r}; run `migrator status` to list them"
                )
            return name
        if service is not None:
            key = f"{service}:{name}"
            if key not in self.graph:
                raise PlanError(f"service {service!r} has no migration {name!r}")
            return key
        matches: list[str] = [key for key in self.graph if split_key(key)[1] == name]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise PlanError(
                f"unknown migration {name!r}; run `migrator status` to list them"
            )
        raise PlanError(
            f"migration id {name!r} exists in several services "
            f"({', '.join(sorted(matches))}); write service:id"
        )


def build_graph(
    migrations: Sequence[Migration], services: Iterable[str]
) -> MigrationGraph:
    """Build and validate the graph; raise :class:`GraphError` naming ids.

    Rejected: duplicate ids within a service, references to migrations that
    do not exist, self-loops and cycles (each named, and each cycle that uses
    a ``requires`` edge says so).
    """
    graph = nx.DiGraph()
    problems = _duplicate_problems(migrations)
    for migration in migrations:
        graph.add_node(migration.key, migration=migration)
    for migration in migrations:
        for kind, references in (
            ("parent", migration.parents),
            ("requires", migration.requires),
        ):
            for reference in references:
                if reference not in graph:
                    problems.append(
                        f"{migration.path}: key {kind!r}: unknown migration "
                        f"{reference!r}; check the id or write service:id for "
                        "another service"
                    )
                    continue
                _add_edge(graph, reference, migration.key, kind)
    problems.extend(_loop_problems(graph))
    if problems:
        raise GraphError(problems)
    return MigrationGraph(graph, tuple(sorted(services)))


def _add_edge(graph: nx.DiGraph, source: str, target: str, kind: str) -> None:
    if graph.has_edge(source, target):
        graph.edges[source, target]["kinds"].add(kind)
    else:
        graph.add_edge(source, target, kinds={kind})


def _duplicate_problems(migrations: Sequence[Migration]) -> list[str]:
    paths: dict[str, list[str]] = defaultdict(list)
    for migration in migrations:
        paths[migration.key].append(migration.path)
    return [
        f"duplicate migration id {key!r} in {' and '.join(files)}; give each "
        "migration its own id"
        for key, files in sorted(paths.items())
        if len(files) > 1
    ]


def _loop_problems(graph: nx.DiGraph) -> list[str]:
    problems = []
    for key in sorted(nx.nodes_with_selfloops(graph)):
        service, migration_id = split_key(key)
        kinds = " and ".join(sorted(graph.edges[key, key]["kinds"]))
        problems.append(
            f"self-loop: {migration_id} (service {service!r}) lists itself as "
            f"its own {kinds}"
        )
    cyclic = graph.copy()
    cyclic.remove_edges_from(list(nx.selfloop_edges(cyclic)))
    components = [c for c in nx.strongly_connected_components(cyclic) if len(c) > 1]
    for component in sorted(components, key=min):
        problems.append(_describe_cycle(cyclic.subgraph(component)))
    return problems


def _describe_cycle(component: nx.DiGraph) -> str:
    edges = nx.find_cycle(component, source=min(component))
    nodes = [edge[0] for edge in edges]
    uses_requires = any("requires" in component.edges[u, v]["kinds"] for u, v in edges)
    names = short_names(nodes)
    path = " -> ".join([*names, names[0]])
    services = sorted({split_key(node)[0] for node in nodes})
    where = (
        f"service {services[0]!r}"
        if len(services) == 1
        else "services " + ", ".join(map(repr, services))
    )
    if uses_requires:
        return (
            f"cycle: {path} ({where}) goes through dependency edges "
            "('requires'); remove one of those requires"
        )
    return (
        f"cycle: {path} ({where}) through parent edges; fix the 'parent' of one of them"
    )
