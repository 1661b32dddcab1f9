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
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx

from migrator.errors import GraphError, PlanError
from migrator.model import Migration, short_names, split_key


@dataclass
class MigrationGraph:
    """A validated migration graph and lookups over it.

    Besides the networkx graph it keeps plain dicts (``nodes``,
    ``successors``, ``predecessors``, ``by_service``) for the planning hot
    paths, which would otherwise spend most of their time creating
    networkx view objects.
    """

    graph: nx.DiGraph
    services: tuple[str, ...]
    nodes: dict[str, Migration] = field(default_factory=dict)
    successors: dict[str, list[str]] = field(default_factory=dict)
    predecessors: dict[str, list[str]] = field(default_factory=dict)
    by_service: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.nodes:
            self.nodes = {
                key: data["migration"] for key, data in self.graph.nodes(data=True)
            }
            self.successors = {
                key: list(self.graph.successors(key)) for key in self.graph
            }
            self.predecessors = {
                key: list(self.graph.predecessors(key)) for key in self.graph
            }
        if not self.by_service:
            grouped: dict[str, list[str]] = {service: [] for service in self.services}
            for key, migration in self.nodes.items():
                grouped.setdefault(migration.service, []).append(key)
            self.by_service = {name: sorted(keys) for name, keys in grouped.items()}

    def migration(self, key: str) -> Migration:
        return self.nodes[key]

    def migrations(self) -> list[Migration]:
        return [self.nodes[key] for key in sorted(self.nodes)]

    def service_keys(self, service: str) -> list[str]:
        return list(self.by_service.get(service, ()))

    def heads(self, service: str) -> list[str]:
        """Return the keys of ``service`` that no migration of it follows."""
        nodes = self.nodes
        return [
            key
            for key in self.by_service.get(service, ())
            if not any(
                nodes[other].service == service for other in self.successors[key]
            )
        ]

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
    a ``requires`` edge is reported as such). Duplicate ids are reported
    alone, because the edges of two files that share an id meet in one node
    and can form a cycle that neither file has.
    """
    problems = _duplicate_problems(migrations)
    if problems:
        raise GraphError(problems)
    nodes = {migration.key: migration for migration in migrations}
    edges: dict[tuple[str, str], set[str]] = {}
    for migration in migrations:
        for kind, references in (
            ("parent", migration.parents),
            ("requires", migration.requires),
        ):
            for reference in references:
                if reference not in nodes:
                    problems.append(
                        f"{migration.path}: key {kind!r}: unknown migration "
                        f"{reference!r}; check the id or write service:id for "
                        "another service"
                    )
                    continue
                edges.setdefault((reference, migration.key), set()).add(kind)
    successors: dict[str, list[str]] = {key: [] for key in nodes}
    predecessors: dict[str, list[str]] = {key: [] for key in nodes}
    for source, target in edges:
        successors[source].append(target)
        predecessors[target].append(source)
    graph = nx.DiGraph()
    graph.add_nodes_from(
        (key, {"migration": migration}) for key, migration in nodes.items()
    )
    graph.add_edges_from((u, v, {"kinds": kinds}) for (u, v), kinds in edges.items())
    if len(_kahn_order(nodes, successors, predecessors)) < len(nodes):
        problems.extend(_loop_problems(graph))
    if problems:
        raise GraphError(problems)
    return MigrationGraph(
        graph, tuple(sorted(services)), nodes, successors, predecessors
    )


def _kahn_order(
    keys: Collection[str],
    successors: dict[str, list[str]],
    predecessors: dict[str, list[str]],
) -> list[str]:
    """Return ``keys`` in a topological order; shorter than ``keys`` on a cycle.

    Only edges between members of ``keys`` count.
    """
    members = keys if isinstance(keys, (set, dict)) else set(keys)
    indegree = {
        key: sum(1 for parent in predecessors[key] if parent in members) for key in keys
    }
    ready = [key for key, count in indegree.items() if count == 0]
    order = []
    while ready:
        key = ready.pop()
        order.append(key)
        for child in successors[key]:
            if child in indegree:
                indegree[child] -= 1
                if indegree[child] == 0:
                    ready.append(child)
    return order


topological_order = _kahn_order


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
