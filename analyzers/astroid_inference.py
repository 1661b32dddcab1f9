"""Calls that only astroid inference resolves, reported by the pylint plugin.

The ``ast`` resolver follows imports, aliases and assignments inside one
module and never guesses. pylint has already built astroid trees, whose
inference also follows values across functions, attributes and modules:

- an attribute set elsewhere: ``self.read = datetime.now`` in ``__init__``,
  then ``self.read()`` in a method;
- a function's return value: ``def clock_class(): return datetime``, then
  ``clock_class().now()``;
- a name imported from a project module that assigns it:
  ``from app.timeutil import read_clock`` where ``read_clock = time.time``.

A call whose callee astroid infers to exactly one function or class with a
watched dotted name goes to the same rule handlers as the ``ast`` resolver's
references. The messages, argument checks and chain exemptions
(``.astimezone()``, ``.replace(tzinfo=...)``) are therefore the same. Only
calls are inferred, not bare references, because inferring every name and
attribute of a module would cost more than pylint's own checkers. A call the
``ast`` resolver already reported is not reported twice.
"""

from __future__ import annotations

import ast
import functools
import itertools
import sys
from collections.abc import Callable, Iterator, Sequence

from astroid import bases, nodes, util
from astroid.exceptions import AstroidError, InferenceError

from analyzers.checker import rule_set, to_diagnostic
from analyzers.config import Config
from analyzers.diagnostic import Diagnostic
from analyzers.resolution import Reference, Resolver
from analyzers.rules.banned_api import banned_entries
from analyzers.rules.base import CheckContext

# CPython implements datetime in _datetime (C) or _pydatetime (pure Python,
# 3.12+) and re-exports it, so astroid's qualified names may carry either.
IMPLEMENTATION_MODULES = {"_datetime": "datetime", "_pydatetime": "datetime"}

# (line, column, end line, end column) of a call, with columns in UTF-8 bytes
# as in both ast and astroid. The end is needed because f()() and f() start
# at the same place.
CALLABLE_VALUES = (
    nodes.FunctionDef,
    nodes.ClassDef,
    bases.BoundMethod,
    bases.UnboundMethod,
)
MAX_INFERRED_VALUES = 8

Position = tuple[int, int, int | None, int | None]


@functools.lru_cache(maxsize=8)
def watched_members(config: Config) -> tuple[bytes, ...]:
    """Return the last part of every watched dotted name (``now``, ``time``)."""
    rules = rule_set(config)
    names = [*rules.handlers, *banned_entries(config)]
    return tuple(sorted({name.rsplit(".", 1)[-1].encode() for name in names}))


def may_infer(data: bytes, config: Config) -> bool:
    """Tell whether a module's bytes mention a watched member at all.

    Inference can follow a value into another module, so the module name
    need not occur; the member name must, in the call or in the file.
    """
    return any(name in data for name in watched_members(config))


def inferred_diagnostics(
    module: nodes.Module,
    tree: ast.Module,
    lines: Sequence[str],
    config: Config,
    known: Sequence[Diagnostic],
) -> list[Diagnostic]:
    """Report the watched calls of ``module`` that ``known`` does not cover.

    ``tree`` is the ``ast`` tree of the same source, which the rule handlers
    need; ``known`` are the diagnostics the ``ast`` resolver produced.
    """
    rules = rule_set(config)
    targets: dict[Position, str] = {}
    members = frozenset(member.decode() for member in watched_members(config))
    names = callee_names(module, members)
    receivers = project_receivers(module)
    for call in module.nodes_of_class(nodes.Call):
        if not may_be_watched(call.func, names, receivers):
            continue
        target = inferred_target(call.func, rules.is_watched)
        if target is not None and rules.is_watched(target):
            targets[
                (call.lineno, call.col_offset, call.end_lineno, call.end_col_offset)
            ] = target
    if not targets:
        return []

    resolver = Resolver(is_watched=rules.is_watched)
    resolver.run(tree)
    context = CheckContext(module.file, config, resolver.target_of)
    for reference in references_at(tree, targets):
        for handler in rules.handlers.get(reference.target, ()):
            handler(reference, context)
        if rules.banned is not None:
            rules.banned.check(reference, context)

    reported = {(d.line, d.column, d.code) for d in known}
    found = [to_diagnostic(finding, lines, module.file) for finding in context.findings]
    return [d for d in found if (d.line, d.column, d.code) not in reported]


def callee_names(module: nodes.Module, members: frozenset[str]) -> frozenset[str]:
    """Return the names a watched callable can be called through in ``module``.

    Inference is most of the plugin's cost, so only calls whose callee ends
    in one of these names are inferred: a watched member name itself
    (``clock_class().now()``), a name bound by ``from ... import`` (it may
    come from a project module that rebinds a watched callable), and every
    name or attribute assigned, directly or through other such names, from
    an expression that mentions one (``self.read = datetime.now``, or a
    parameter whose default does).
    """
    names = set(members)
    bindings: list[tuple[set[str], set[str]]] = []
    for node in module.nodes_of_class(
        (nodes.Assign, nodes.AnnAssign, nodes.ImportFrom, nodes.Arguments)
    ):
        if isinstance(node, nodes.ImportFrom):
            names.update(alias or name for name, alias in node.names)
        elif isinstance(node, nodes.Arguments):
            positional = zip(
                reversed(node.args or []), reversed(node.defaults), strict=False
            )
            keyword = zip(node.kwonlyargs, node.kw_defaults, strict=False)
            for argument, default in [*positional, *keyword]:
                if default is not None:
                    bindings.append(({argument.name}, mentioned_names(default)))
        elif node.value is not None:
            targets = node.targets if isinstance(node, nodes.Assign) else [node.target]
            bound = set().union(*(mentioned_names(target) for target in targets))
            bindings.append((bound, mentioned_names(node.value)))
    changed = True
    while changed:
        changed = False
        for bound, used in bindings:
            if used & names and not bound <= names:
                names |= bound
                changed = True
    return frozenset(names)


def mentioned_names(node: nodes.NodeNG) -> set[str]:
    """Return the names and attribute names in an expression."""
    found = set()
    for inner in node.nodes_of_class(
        (nodes.Name, nodes.AssignName, nodes.Attribute, nodes.AssignAttr)
    ):
        found.add(
            inner.attrname
            if isinstance(inner, (nodes.Attribute, nodes.AssignAttr))
            else inner.name
        )
    return found


def project_receivers(module: nodes.Module) -> frozenset[str]:
    """Return the names bound to modules or objects from outside the stdlib.

    ``timeutil.read_clock()`` must be inferred when ``timeutil`` is a project
    module, whatever ``read_clock`` is called there.
    """
    receivers = set()
    for node in module.nodes_of_class((nodes.Import, nodes.ImportFrom)):
        module_name = node.modname if isinstance(node, nodes.ImportFrom) else ""
        for name, alias in node.names:
            top = (module_name or name).split(".")[0]
            if node_is_relative(node) or top not in sys.stdlib_module_names:
                receivers.add(alias or name.split(".")[0])
    return frozenset(receivers)


def node_is_relative(node: nodes.NodeNG) -> bool:
    return isinstance(node, nodes.ImportFrom) and bool(node.level)


def may_be_watched(
    func: nodes.NodeNG, names: frozenset[str], receivers: frozenset[str]
) -> bool:
    if isinstance(func, nodes.Name):
        return func.name in names
    if isinstance(func, nodes.Attribute):
        if func.attrname in names:
            return True
        receiver = func.expr
        return isinstance(receiver, nodes.Name) and receiver.name in receivers
    return True  # f()(), items[0]() and the like: nothing to go by


def inferred_target(
    func: nodes.NodeNG, is_watched: Callable[[str], bool]
) -> str | None:
    """Return the one dotted name that the values ``func`` infers to share.

    Uninferable values are skipped: astroid yields one beside the real value
    for every ``datetime`` member, because CPython's ``datetime`` module
    defines each class in Python and then replaces it with a star import from
    its C implementation. Two different known values mean no report.
    """
    names = set()
    try:
        for value in itertools.islice(func.infer(), MAX_INFERRED_VALUES):
            if isinstance(value, util.UninferableBase):
                continue
            if not isinstance(value, CALLABLE_VALUES):
                return None
            names.add(callable_name(value, is_watched))
    except (InferenceError, RecursionError):
        return None
    return names.pop() if len(names) == 1 else None


def callable_name(value: nodes.NodeNG, is_watched: Callable[[str], bool]) -> str:
    """Return the dotted name of an inferred function, class or method.

    A method's qualified name is that of the class defining it, so
    ``datetime.datetime.today`` would read as ``datetime.date.today``, which
    ``datetime`` inherits. For a bound method, the classes of the receiver
    are tried in method resolution order, and the first one under which the
    method's name is watched wins. A subclass of ``datetime`` therefore
    still counts as ``datetime``.
    """
    if isinstance(value, bases.BoundMethod):
        receiver = value.bound
        if isinstance(receiver, bases.Instance):
            receiver = receiver._proxied
        if isinstance(receiver, nodes.ClassDef):
            try:
                classes = receiver.mro()
            except (AstroidError, RecursionError):
                classes = [receiver]
            for cls in classes:
                name = f"{public_name(cls.qname())}.{value.name}"
                if is_watched(name):
                    return name
    return public_name(value.qname())


def public_name(qualified_name: str) -> str:
    module_name, _, rest = qualified_name.partition(".")
    module_name = IMPLEMENTATION_MODULES.get(module_name, module_name)
    return f"{module_name}.{rest}" if rest else module_name


def references_at(
    tree: ast.Module, targets: dict[Position, str]
) -> Iterator[Reference]:
    """Yield a Reference for the callee of each call at a position in ``targets``."""
    stack: list[tuple[ast.AST, tuple[ast.AST, ...], ast.AST | None]] = [
        (statement, (), statement) for statement in reversed(tree.body)
    ]
    while stack:
        node, ancestors, statement = stack.pop()
        if isinstance(node, ast.stmt):
            statement = node
        if isinstance(node, ast.Call):
            position = (
                node.lineno,
                node.col_offset,
                node.end_lineno,
                node.end_col_offset,
            )
            target = targets.get(position)
            if target is not None:
                yield Reference(node.func, target, (*ancestors, node), statement)
        inner = (*ancestors, node)
        for child in reversed(list(ast.iter_child_nodes(node))):
            stack.append((child, inner, statement))
