"""Resolve the names a module uses to the dotted names they stand for.

The resolver walks a module in source order, as the interpreter binds names,
with function and lambda bodies walked after the scope that defines them (so
they see that scope's final bindings). At the outermost node of every name or
attribute chain that resolves, it calls a handler with a :class:`Reference`.

It never guesses: a name bound to something it cannot follow (a parameter, a
call result, a name from an unknown star import, different values on two
branches of an ``if``) resolves to nothing, and nothing is reported for it.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable, Iterable, Sequence

from analyzers.resolution.declared import declared_names
from analyzers.resolution.exports import star_exports
from analyzers.resolution.hotlines import HotLines
from analyzers.resolution.scope import MISSING, UNKNOWN, Scope, Subclass, Value, merge

ANNOTATION_SCOPE = "type"
# Statements walked even when cold: imports bind the names that make lines
# hot, and a function's body is judged later, when it is walked.
ALWAYS_WALKED = (
    ast.Import,
    ast.ImportFrom,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Global,
    ast.Nonlocal,
)


@dataclasses.dataclass(frozen=True)
class Reference:
    """A use of a resolved dotted name.

    ``node`` is the outermost node of the chain (a Name, an Attribute, or a
    ``getattr(obj, "literal")`` call), ``ancestors`` the nodes around it,
    outermost first, so ``ancestors[-1]`` is its parent, and ``statement`` the
    statement it belongs to.
    """

    node: ast.expr
    target: str
    ancestors: Sequence[ast.AST]
    statement: ast.AST | None

    def call(self) -> ast.Call | None:
        """Return the call whose function this reference is, if any."""
        parent = self.ancestors[-1] if self.ancestors else None
        if isinstance(parent, ast.Call) and parent.func is self.node:
            return parent
        return None


ReferenceHandler = Callable[[Reference], bool]
Position = tuple[int, int, int, int]


def never(target: str) -> bool:
    return False


class Resolver:
    """Walk one module and report every resolved reference to ``handler``.

    ``is_watched`` limits the handler calls to the targets some rule cares
    about. The handler returns True when it reported the reference, and then
    the shorter chains inside it are not offered again.
    """

    def __init__(
        self,
        handler: ReferenceHandler | None = None,
        *,
        is_watched: Callable[[str], bool] = never,
        source: str | None = None,
        watched_roots: frozenset[str] = frozenset(),
        is_live: Callable[[str], bool] | None = None,
        hot: HotLines | None = None,
    ) -> None:
        self.handler = handler
        self.is_watched = is_watched
        # With the source text and the watched top-level modules, statements
        # that cannot matter are skipped (see hotlines); without, all is walked.
        # ``is_live(name)`` is True when a dotted name is watched, lies under
        # a watched name or has one under it. By default every name under a
        # watched root is live.
        self.is_live = is_live or self.under_watched_root
        # A caller may pass the HotLines of the source (masking shares it).
        if hot is None and source is not None:
            hot = HotLines(source, is_live)
        self.hot = hot
        self.watched_roots = watched_roots
        self.scopes: list[Scope] = []
        self.ancestors: list[ast.AST] = []
        self.statement: ast.AST | None = None
        self.typing_only = 0
        self.deferred: list[tuple[ast.AST, list[Scope], int]] = []
        self.declarations: dict[int, tuple[frozenset[str], set[str], set[str]]] = {}
        self.positions: dict[Position, str] = {}
        self.module_scope = Scope("module")
        # Line ranges of the statements skipped as cold, with the number of
        # names tracked when each was skipped (see skipped_too_early).
        self.skipped: list[tuple[int, int, int]] = []

    # -- public results -------------------------------------------------

    def run(self, tree: ast.Module) -> None:
        self.scopes = [self.module_scope]
        self.visit_body(tree.body)
        while self.deferred:
            node, scopes, typing_only = self.deferred.pop(0)
            self.scopes = list(scopes)
            self.typing_only = typing_only
            self.ancestors = [node]
            self.visit_deferred(node)

    def module_bindings(self) -> dict[str, str]:
        """Return module-level names bound to a dotted name, e.g. UTC."""
        bindings = {}
        for name, value in self.module_scope.bindings.items():
            if isinstance(value, str):
                bindings[name] = value
        return bindings

    def resolved_at(self, node: ast.expr) -> str | None:
        """Return what the chain at ``node``'s exact span resolved to."""
        return self.positions.get(span(node))

    # -- scopes and bindings ----------------------------------------------

    def is_cold(self, node: ast.AST) -> bool:
        """Tell whether ``node`` can be skipped: it mentions no tracked name.

        A node that imports a watched module itself (``import time`` inside
        a function) is never cold, because it binds a tracked name.
        """
        if self.hot is None:
            return False
        first = getattr(node, "lineno", 0)
        last = getattr(node, "end_lineno", None) or first
        if self.hot.mentioned(first, last):
            return False
        if not self.hot.contains("import", first, last):
            return True
        return not any(
            self.hot.contains(root, first, last) for root in self.watched_roots
        )

    def under_watched_root(self, target: str) -> bool:
        return target.split(".", maxsplit=1)[0] in self.watched_roots

    def track(self, name: str, value: Value) -> None:
        if self.hot is None:
            return
        # A subclass's members resolve through its base (see member()).
        target = value.base if isinstance(value, Subclass) else value
        if isinstance(target, str) and self.is_live(target):
            self.hot.track(name, target)

    def note_skipped(self, node: ast.AST) -> None:
        if self.hot is None:
            return
        first = getattr(node, "lineno", 0)
        last = getattr(node, "end_lineno", None) or first
        self.skipped.append((first, last, len(self.hot.names)))

    def skipped_too_early(self) -> bool:
        """Tell whether a statement skipped as cold mentions a name tracked
        only after it was skipped.

        The walk is in source order, so ``if c: now = None`` is skipped
        when ``now`` is first bound to ``datetime.now`` further down. The
        caller then walks the module again with every tracked name known
        from the start (the ``HotLines`` keeps them).
        """
        hot = self.hot
        if hot is None:
            return False
        tracked = len(hot.names)
        return any(
            count < tracked and hot.mentioned(first, last)
            for first, last, count in self.skipped
        )

    def skipped_mentions(self, ranges: Iterable[tuple[int, int]]) -> bool:
        """Tell whether any of the line ranges mentions a tracked name."""
        hot = self.hot
        return hot is not None and any(hot.mentioned(a, b) for a, b in ranges)

    @property
    def scope(self) -> Scope:
        return self.scopes[-1]

    def lookup(self, name: str) -> Value:
        innermost = len(self.scopes) - 1
        for index in range(innermost, -1, -1):
            scope = self.scopes[index]
            if scope.kind == "class" and index != innermost:
                continue  # class bodies are not visible to nested functions
            if name in scope.globals:
                return self.module_scope.bindings.get(name, MISSING)
            if name in scope.nonlocals:
                continue
            value = scope.bindings.get(name)
            if value is not None:
                return value
            if name in scope.declared or scope.opaque:
                return UNKNOWN
        return MISSING

    def bind(self, name: str, value: Value) -> None:
        scope = self.scope
        if scope.kind == "comprehension":
            scope = self.enclosing_non_comprehension()
        if name in scope.globals:
            old = self.module_scope.bindings.get(name, value)
            self.module_scope.bindings[name] = merge(old, value)
            return
        if name in scope.nonlocals:
            self.bind_nonlocal(name, value)
            return
        scope.bindings[name] = UNKNOWN if name in scope.volatile else value
        self.track(name, value)

    def bind_here(self, name: str, value: Value) -> None:
        self.scope.bindings[name] = value
        self.track(name, value)

    def bind_nonlocal(self, name: str, value: Value) -> None:
        for scope in reversed(self.scopes[:-1]):
            if scope.is_function_like and name in scope.declared:
                scope.bindings[name] = merge(scope.bindings.get(name, value), value)
                return

    def enclosing_non_comprehension(self) -> Scope:
        for scope in reversed(self.scopes):
            if scope.kind != "comprehension":
                return scope
        return self.module_scope

    # -- resolution -------------------------------------------------------

    def resolve(self, node: ast.expr) -> Value:
        """Return the dotted name an expression stands for, or a Marker."""
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            return self.member(self.resolve(node.value), node.attr)
        literal = self.getattr_literal(node)
        if literal is not None:
            return self.member(self.resolve(literal[0]), literal[1])
        return UNKNOWN

    def member(self, base: Value, attribute: str) -> Value:
        if isinstance(base, str):
            return f"{base}.{attribute}"
        if isinstance(base, Subclass):
            if attribute in base.own_names:
                return UNKNOWN
            return f"{base.base}.{attribute}"
        return UNKNOWN

    def target_of(self, node: ast.expr) -> str | None:
        value = self.resolve(node)
        if isinstance(value, Subclass):
            overridden = {"__new__", "__init__"} & value.own_names
            return None if overridden else value.base
        return value if isinstance(value, str) else None

    def getattr_literal(self, node: ast.expr) -> tuple[ast.expr, str] | None:
        """Match ``getattr(obj, "name")`` with the builtin getattr."""
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            return None
        if node.func.id != "getattr" or node.keywords or len(node.args) not in (2, 3):
            return None
        name = node.args[1]
        if not isinstance(name, ast.Constant) or not isinstance(name.value, str):
            return None
        if self.lookup("getattr") is not MISSING:
            return None  # a local getattr shadows the builtin
        return node.args[0], name.value

    def offer(self, node: ast.expr) -> bool:
        """Resolve a chain top and hand it to the handler; True if reported."""
        target = self.target_of(node)
        if target is None:
            return False
        self.positions[span(node)] = target
        if self.typing_only or self.handler is None or not self.is_watched(target):
            return False
        reference = Reference(node, target, tuple(self.ancestors), self.statement)
        return self.handler(reference)

    # -- the walk -----------------------------------------------------------

    def visit(self, node: ast.AST) -> None:
        kind = type(node)
        visitors = VISITORS.setdefault(type(self), {})
        method = visitors.get(kind)
        if method is None:
            name = "visit_" + kind.__name__
            method = getattr(type(self), name, type(self).generic_visit)
            visitors[kind] = method
        method(self, node)

    def generic_visit(self, node: ast.AST) -> None:
        self.ancestors.append(node)
        # ast.iter_child_nodes, without its generator: this loop runs for
        # most nodes of every hot statement.
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, ast.AST):
                self.visit(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
        self.ancestors.pop()

    def visit_children(self, node: ast.AST, children: Iterable[ast.AST | None]) -> None:
        self.ancestors.append(node)
        for child in children:
            if child is not None:
                self.visit(child)
        self.ancestors.pop()

    def visit_body(self, body: Sequence[ast.stmt]) -> None:
        for statement in body:
            cold = self.hot is not None and self.is_cold(statement)
            if cold and not isinstance(statement, ALWAYS_WALKED):
                self.note_skipped(statement)
                continue
            self.statement = statement
            self.visit(statement)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.offer(node)
        else:
            self.bind(node.id, UNKNOWN)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.ctx, ast.Load) and self.offer(node):
            return
        self.visit_children(node, [node.value])

    def visit_Call(self, node: ast.Call) -> None:
        literal = self.getattr_literal(node)
        if literal is not None and self.offer(node):
            return
        self.generic_visit(node)

    # imports

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.bind(alias.asname, alias.name)
            else:
                top = alias.name.split(".")[0]
                self.bind(top, top)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        relative = node.level > 0
        for alias in node.names:
            if alias.name == "*":
                self.bind_star(module, relative)
                continue
            value: Value = UNKNOWN if relative else f"{module}.{alias.name}"
            self.bind(alias.asname or alias.name, value)

    def bind_star(self, module: str, relative: bool) -> None:
        exports = None if relative else star_exports(module)
        if exports is None:
            scope = self.scope
            for name in scope.bindings:
                scope.bindings[name] = UNKNOWN
            scope.opaque = True
            return
        for name in exports:
            self.bind(name, f"{module}.{name}")

    # assignments

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit_children(node, [node.value])
        for target in node.targets:
            self.assign(target, node.value, node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is None:
            return  # annotation only: nothing runs, nothing is bound
        self.visit_children(node, [node.value])
        self.assign(node.target, node.value, node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit_children(node, [node.value])
        self.bind(node.target.id, self.value_of(node.value))

    def assign(self, target: ast.expr, value: ast.expr, parent: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self.bind(target.id, self.value_of(value))
            return
        pairs = unpack_pairs(target, value)
        if pairs is not None:
            for inner_target, inner_value in pairs:
                self.assign(inner_target, inner_value, parent)
            return
        self.visit_children(parent, [target])

    def value_of(self, node: ast.expr) -> Value:
        value = self.resolve(node)
        return UNKNOWN if value is MISSING else value

    # definitions

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        arguments = node.args
        self.visit_children(
            node, [*node.decorator_list, *arguments.defaults, *arguments.kw_defaults]
        )
        self.bind(node.name, UNKNOWN)
        self.defer(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit_children(node, [*node.args.defaults, *node.args.kw_defaults])
        self.defer(node)

    def defer(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.deferred.append((node, list(self.scopes), self.typing_only))
        if self.is_cold(node) and not self.mentions_rebinding(node):
            return  # judged again when walked, once every binding is known
        declared = declared_names(function_body(node), self.may_have_walrus(node))
        self.declarations[id(node)] = declared
        for name in declared[1]:
            self.module_scope.mark_volatile(name)
        for name in declared[2]:
            for scope in reversed(self.scopes):
                if scope.is_function_like and name in scope.declared:
                    scope.mark_volatile(name)
                    break

    def mentions_rebinding(self, node: ast.AST) -> bool:
        return self.may_contain(node, "global") or self.may_contain(node, "nonlocal")

    def may_have_walrus(self, node: ast.AST) -> bool:
        return self.may_contain(node, ":=")

    def may_contain(self, node: ast.AST, substring: str) -> bool:
        """Tell whether the lines of ``node`` may contain ``substring``.

        Without the source text nothing can be ruled out, so it then returns
        True.
        """
        if self.hot is None:
            return True
        first = getattr(node, "lineno", 1)
        last = getattr(node, "end_lineno", None) or first
        return self.hot.contains(substring, first, last)

    def visit_deferred(self, node: ast.AST) -> None:
        if self.is_cold(node):
            self.declarations.pop(id(node), None)
            self.note_skipped(node)
            return
        type_params = getattr(node, "type_params", None)
        if type_params:
            self.scopes.append(Scope(ANNOTATION_SCOPE))
            for param in type_params:
                self.bind_here(param.name, UNKNOWN)
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        declarations = self.declarations.pop(id(node), None)
        if declarations is None:
            walrus = self.may_have_walrus(node)
            declarations = declared_names(function_body(node), walrus)
        declared, global_names, nonlocal_names = declarations
        parameters = argument_names(node.args)
        scope = Scope("lambda" if isinstance(node, ast.Lambda) else "function")
        scope.declared = declared | parameters
        scope.globals = global_names
        scope.nonlocals = nonlocal_names
        for name in parameters:
            scope.bindings[name] = UNKNOWN
        self.scopes.append(scope)
        if isinstance(node, ast.Lambda):
            self.statement = None
            self.visit(node.body)
        else:
            self.visit_body(node.body)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.visit_children(node, [*node.decorator_list])
        type_params = getattr(node, "type_params", None)
        if type_params:
            self.scopes.append(Scope(ANNOTATION_SCOPE))
            for param in type_params:
                self.bind_here(param.name, UNKNOWN)
        self.visit_children(node, [*node.bases, *node.keywords])
        base = next((t for t in map(self.target_of, node.bases) if t is not None), None)
        self.scopes.append(Scope("class"))
        statement = self.statement
        self.visit_body(node.body)
        self.statement = statement
        class_scope = self.scopes.pop()
        if type_params:
            self.scopes.pop()
        # Every name the body binds, also in statements skipped as cold: each
        # hides the base class's member of that name.
        walrus = self.may_have_walrus(node)
        declared = declared_names(node.body, walrus, annotations_bind=False)[0]
        own_names = frozenset(class_scope.bindings) | declared
        self.bind(node.name, UNKNOWN if base is None else Subclass(base, own_names))

    def visit_TypeAlias(self, node: ast.AST) -> None:
        name = getattr(node, "name", None)
        if isinstance(name, ast.Name):
            self.bind(name.id, UNKNOWN)

    def visit_Global(self, node: ast.Global) -> None:
        self.scope.globals.update(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.scope.nonlocals.update(node.names)

    def visit_arg(self, node: ast.arg) -> None:
        return  # annotations are not runtime uses

    # comprehensions

    def visit_ListComp(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp
    ) -> None:
        self.comprehension(node, [node.elt])

    visit_SetComp = visit_ListComp
    visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self.comprehension(node, [node.key, node.value])

    def comprehension(
        self,
        node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp,
        results: list[ast.expr],
    ) -> None:
        generators = node.generators
        self.visit_children(node, [generators[0].iter])
        self.scopes.append(Scope("comprehension"))
        self.ancestors.append(node)
        for index, generator in enumerate(generators):
            for name in target_names(generator.target):
                self.bind_here(name, UNKNOWN)
            if index:
                self.visit(generator.iter)
            for condition in generator.ifs:
                self.visit(condition)
        for result in results:
            self.visit(result)
        self.ancestors.pop()
        self.scopes.pop()

    # control flow

    def visit_If(self, node: ast.If) -> None:
        self.visit_children(node, [node.test])
        if is_type_checking(node.test):
            saved = dict(self.scope.bindings)
            self.typing_only += 1
            self.visit_body(node.body)
            self.typing_only -= 1
            self.scope.bindings = saved
            self.visit_body(node.orelse)
            return
        self.branches([node.body, node.orelse], may_skip=False)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit_children(node, [node.iter, node.target])
        self.branches([node.body], may_skip=True)
        self.visit_body(node.orelse)

    visit_AsyncFor = visit_For

    def visit_While(self, node: ast.While) -> None:
        self.visit_children(node, [node.test])
        self.branches([node.body], may_skip=True)
        self.visit_body(node.orelse)

    def visit_Try(self, node: ast.Try) -> None:
        before = dict(self.scope.bindings)
        self.visit_body(node.body)
        self.visit_body(node.orelse)
        completed = self.scope.bindings
        start = merge_states([before, completed])
        states = [completed]
        for handler in node.handlers:
            self.scope.bindings = dict(start)
            self.statement = handler
            self.visit(handler)
            states.append(self.scope.bindings)
        self.scope.bindings = merge_states(states)
        self.visit_body(node.finalbody)

    visit_TryStar = visit_Try

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        self.visit_children(node, [node.type])
        if node.name:
            self.bind(node.name, UNKNOWN)
        self.visit_body(node.body)

    def visit_Match(self, node: ast.Match) -> None:
        self.visit_children(node, [node.subject])
        before = dict(self.scope.bindings)
        states = [before]
        for case in node.cases:
            self.scope.bindings = dict(before)
            self.visit_children(case, [case.pattern, case.guard])
            self.visit_body(case.body)
            states.append(self.scope.bindings)
        self.scope.bindings = merge_states(states)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        self.visit_children(node, [node.pattern])
        if node.name:
            self.bind(node.name, UNKNOWN)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self.bind(node.name, UNKNOWN)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self.generic_visit(node)
        if node.rest:
            self.bind(node.rest, UNKNOWN)

    def branches(self, bodies: list[list[ast.stmt]], may_skip: bool) -> None:
        before = dict(self.scope.bindings)
        states = [before] if may_skip else []
        for body in bodies:
            self.scope.bindings = dict(before)
            self.visit_body(body)
            states.append(self.scope.bindings)
        self.scope.bindings = merge_states(states)


# The visit method of each node type, looked up once per resolver class.
VISITORS: dict[
    type[Resolver], dict[type[ast.AST], Callable[[Resolver, ast.AST], None]]
] = {}


def function_body(
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
) -> list[ast.AST]:
    return [node.body] if isinstance(node, ast.Lambda) else list(node.body)


def merge_states(states: list[dict[str, Value]]) -> dict[str, Value]:
    """Merge the bindings of several control-flow paths.

    A name bound on some paths only keeps the value it has there, because
    using it on the other paths would raise NameError anyway.
    """
    merged: dict[str, Value] = {}
    for state in states:
        for name, value in state.items():
            merged[name] = merge(merged[name], value) if name in merged else value
    return merged


def span(node: ast.AST) -> Position:
    return (
        getattr(node, "lineno", 0),
        getattr(node, "col_offset", 0),
        getattr(node, "end_lineno", 0) or 0,
        getattr(node, "end_col_offset", 0) or 0,
    )


def is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def argument_names(arguments: ast.arguments) -> frozenset[str]:
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    if arguments.vararg:
        every.append(arguments.vararg)
    if arguments.kwarg:
        every.append(arguments.kwarg)
    return frozenset(argument.arg for argument in every)


def target_names(target: ast.expr) -> list[str]:
    return [
        node.id
        for node in ast.walk(target)
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load)
    ]


def unpack_pairs(
    target: ast.expr, value: ast.expr
) -> list[tuple[ast.expr, ast.expr]] | None:
    """Pair ``a, b = x, y`` element by element when both sides line up."""
    if not isinstance(target, (ast.Tuple, ast.List)):
        return None
    if not isinstance(value, (ast.Tuple, ast.List)):
        return None
    if len(target.elts) != len(value.elts):
        return None
    if any(isinstance(e, ast.Starred) for e in (*target.elts, *value.elts)):
        return None
    return list(zip(target.elts, value.elts, strict=True))
