"""Fixes for the naive-datetime family: give the call a UTC ``tzinfo``.

The safe fix keeps the value the code had, a naive datetime, but computes it
from an aware call: ``utcnow()`` becomes ``now(UTC).replace(tzinfo=None)``,
and the local-time calls (``now()``, ``today()``, ``fromtimestamp(ts)``)
become ``now(UTC).astimezone().replace(tzinfo=None)``. The unsafe fix
returns the aware UTC value, which raises TypeError when it meets a naive
datetime in a comparison or a subtraction.
"""

from __future__ import annotations

import libcst as cst

from codemods.errors import FixSkipped
from codemods.fixes.base import Edit, FixableDiagnostic, Site
from codemods.layout import append_argument
from codemods.spelling import Spelling

AWARE_NOTE = (
    "the value is now aware: comparing or subtracting it with a naive "
    "datetime nearby raises TypeError, so check the code that uses it"
)
# method -> (method of the aware call, whether the naive value is local time)
METHODS: dict[str, tuple[str, bool]] = {
    "utcnow": ("now", False),
    "utcfromtimestamp": ("fromtimestamp", False),
    "now": ("now", True),
    "today": ("now", True),
    "fromtimestamp": ("fromtimestamp", True),
}


CONSTRUCTOR = "datetime.datetime"
CONSTRUCTOR_UNSAFE = (
    "adding tzinfo=UTC makes the value aware and assumes its parts are "
    "UTC; rerun with --unsafe-fixes to apply it"
)


def reason_to_skip(diagnostic: FixableDiagnostic, unsafe: bool) -> str | None:
    """Return why the fix will be skipped, known before the file is parsed."""
    if diagnostic.target == CONSTRUCTOR and not unsafe:
        return CONSTRUCTOR_UNSAFE
    return None


def fix_naive_call(site: Site, spelling: Spelling, unsafe: bool) -> Edit:
    """Rewrite a naive ``datetime`` class-method call to an aware one."""
    target = site.diagnostic.target or ""
    if target == CONSTRUCTOR:
        return _fix_constructor(site, spelling, unsafe)
    method = target.rpartition(".")[2]
    if method not in METHODS:
        raise FixSkipped(f"no fix is known for {site.diagnostic.target!r}")
    if not site.is_call or not isinstance(site.node, cst.Call):
        raise FixSkipped(
            "the method is referenced, not called, so the fix cannot add a "
            "tz argument; call it with tz=UTC yourself"
        )
    call = site.node
    if any(arg.star for arg in call.args):
        raise FixSkipped("the call unpacks *args or **kwargs, so its tz is unknown")
    aware_method, local_time = METHODS[method]
    aware = _with_method(call, method, aware_method)
    aware = _with_utc_argument(aware, method, spelling.utc())
    written = (f"{target.rpartition('.')[0]}.{aware_method}",)
    if unsafe:
        return Edit(
            aware,
            f"{method}() -> aware {aware_method}() in UTC (unsafe)",
            note=AWARE_NOTE,
            written=written,
        )
    steps = ["astimezone", "replace"] if local_time else ["replace"]
    return Edit(
        _chain(aware, steps),
        f"{method}() -> naive value from an aware call",
        written=written,
    )


def _with_method(call: cst.Call, method: str, aware_method: str) -> cst.Call:
    if method == aware_method:
        return call
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value != method:
        raise FixSkipped(
            f"{method}() is called through another name; "
            f"rewrite the place that binds that name instead"
        )
    return call.with_changes(
        func=func.with_changes(attr=func.attr.with_changes(value=aware_method))
    )


def _with_utc_argument(
    call: cst.Call, method: str, utc: cst.BaseExpression
) -> cst.Call:
    from codemods.layout import append_argument

    positional = [arg for arg in call.args if arg.keyword is None]
    keywords = {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}
    takes_timestamp = method in ("utcfromtimestamp", "fromtimestamp")
    tz_position = 1 if takes_timestamp else 0
    explicit = keywords.get("tz")
    if explicit is None and len(positional) > tz_position:
        explicit = positional[tz_position]
    if explicit is not None:
        if not _is_none(explicit.value):
            raise FixSkipped("the call already passes a tz that is not None")
        args = [
            arg.with_changes(value=utc) if arg is explicit else arg for arg in call.args
        ]
        return call.with_changes(args=args)
    given = len(positional) + len(keywords)
    if given != (1 if takes_timestamp else 0):
        raise FixSkipped(f"unexpected arguments for {method}(); fix this call by hand")
    argument = _keyword_argument("tz", utc) if takes_timestamp else cst.Arg(value=utc)
    return append_argument(call, argument)


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _chain(call: cst.Call, steps: list[str]) -> cst.Call:
    """Append ``.astimezone()`` and ``.replace(tzinfo=None)`` as requested.

    The parentheses around the original call move to the outside.
    """
    result: cst.Call = call.with_changes(lpar=[], rpar=[])
    for step in steps:
        args: list[cst.Arg] = []
        if step == "replace":
            args = [_keyword_argument("tzinfo", cst.Name("None"))]
        result = cst.Call(
            func=cst.Attribute(value=result, attr=cst.Name(step)), args=args
        )
    return result.with_changes(lpar=call.lpar, rpar=call.rpar)


def _fix_constructor(site: Site, spelling: Spelling, unsafe: bool) -> Edit:
    """Pass ``tzinfo=UTC`` to ``datetime(...)``, an unsafe fix only.

    No safe fix exists: the naive value is what the code builds, and which
    time zone its parts mean is known only to the author.
    """
    if not unsafe:
        raise FixSkipped(CONSTRUCTOR_UNSAFE)
    call = site.node
    if not site.is_call or not isinstance(call, cst.Call):
        raise FixSkipped("the class is referenced, not called")
    if any(arg.star for arg in call.args):
        raise FixSkipped("the call unpacks *args or **kwargs, so its tzinfo is unknown")
    positional = [arg for arg in call.args if arg.keyword is None]
    if len(positional) > 7 or any(
        arg.keyword is not None and arg.keyword.value == "tzinfo" for arg in call.args
    ):
        raise FixSkipped("the call already passes tzinfo")
    argument = _keyword_argument("tzinfo", spelling.utc())
    return Edit(
        append_argument(call, argument),
        "datetime(...) -> datetime(..., tzinfo=UTC) (unsafe)",
        note=AWARE_NOTE,
    )


def _keyword_argument(keyword: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(
        value=value,
        keyword=cst.Name(keyword),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""),
            whitespace_after=cst.SimpleWhitespace(""),
        ),
    )
