"""GTL001: uses of a banned dotted name, from the config or the clock preset."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analyzers.config import BannedApi, Config
from analyzers.resolution import Reference
from analyzers.rules.base import CheckContext, Rule

CLOCK_MESSAGE = (
    "reads the wall clock directly; take the time from an injected clock "
    "(a callable passed in) so tests can control it"
)

# (dotted name, max positional arguments for which the call reads the clock)
CLOCK_READS: tuple[tuple[str, int | None], ...] = (
    ("datetime.datetime.now", None),
    ("datetime.datetime.utcnow", None),
    ("datetime.datetime.today", None),
    ("datetime.date.today", None),
    ("time.time", None),
    ("time.time_ns", None),
    ("time.localtime", 0),
    ("time.gmtime", 0),
    ("time.ctime", 0),
    ("time.asctime", 0),
    ("time.strftime", 1),
)

BANNED_API = Rule(
    code="GTL001",
    symbol="banned-api",
    summary="Use of an API the project bans",
    explanation=(
        "Reports every use of a dotted name listed under "
        "`[tool.gauntlet.banned-api]`, and of the direct clock reads of the "
        "`clock` preset, however the file spells it: through `import ... as`, "
        "`from ... import ... as`, a star import of `datetime` or `time`, a "
        'local alias (`now = datetime.now`), `getattr(module, "name")` or a '
        "subclass. References that are not calls count too "
        "(`default=datetime.utcnow`). Banning a module or class bans its "
        "members. Paths listed in `allow` are exempt. The clock preset "
        "reports `time.localtime()`, `time.gmtime()`, `time.ctime()` and "
        "`time.asctime()` only without arguments and `time.strftime(fmt)` only "
        "without a time tuple, because with one they do not read the clock."
    ),
    messages={
        "banned": "`{target}` is banned: {reason}",
        "banned-prefix": "`{target}` is banned (through `{banned}`): {reason}",
        "clock": "`{target}` " + CLOCK_MESSAGE,
    },
    valid=(
        "import datetime\n\nhour = datetime.timedelta(hours=1)\n",
        "import time\n\nstarted = time.monotonic()\n",
        "import time\n\nparts = time.localtime(0)\n",
    ),
    invalid=(
        "import datetime as dt\n\nstamp = dt.datetime.now()  # expect: GTL001\n",
        "from time import *\n\nstarted = time()  # expect: GTL001\n",
        "import datetime\n\n"
        "field = dict(default=datetime.datetime.utcnow)  # expect: GTL001\n",
        "import time\n\nparts = time.localtime()  # expect: GTL001\n",
    ),
    preset="clock",
    fix_kind="replace-api",
    fixable_variants=frozenset({"banned", "banned-prefix"}),
    example_config={"presets": ["clock"]},
)

RULES = (BANNED_API,)


def banned_entries(config: Config) -> dict[str, BannedApi]:
    """Return the effective ban list: the clock preset, then the config's own.

    An entry in ``banned-api`` replaces a preset entry of the same name, which
    is how a project gives a clock read its own message and ``allow`` list.
    """
    entries: dict[str, BannedApi] = {}
    if "clock" in config.presets:
        for name, max_args in CLOCK_READS:
            entries[name] = BannedApi(
                name, CLOCK_MESSAGE, max_args=max_args, origin="clock"
            )
    for entry in config.banned_api:
        entries[entry.name] = entry
    return entries


class BannedApiCheck:
    """Match references against the ban list, by exact name or by prefix."""

    def __init__(self, entries: Mapping[str, BannedApi]) -> None:
        self.entries = dict(entries)

    def match(self, target: str) -> BannedApi | None:
        entry = self.entries.get(target)
        if entry is not None:
            return entry
        dot = target.rfind(".")
        while dot > 0:
            entry = self.entries.get(target[:dot])
            if entry is not None:
                return entry
            dot = target.rfind(".", 0, dot)
        return None

    def check(self, reference: Reference, context: CheckContext) -> bool:
        entry = self.match(reference.target)
        if entry is None or context.config.is_allowed(entry, context.path):
            return False
        call = reference.call()
        if entry.max_args is not None and (
            call is None or not reads_clock(call.args, call.keywords, entry)
        ):
            return False
        if entry.origin == "clock":
            return context.report(BANNED_API, reference, "clock")
        variant = "banned" if entry.name == reference.target else "banned-prefix"
        return context.report(
            BANNED_API,
            reference,
            variant,
            replacement=entry.replacement,
            reason=entry.message,
            banned=entry.name,
        )


def reads_clock(
    args: Sequence[object], keywords: Sequence[object], entry: BannedApi
) -> bool:
    assert entry.max_args is not None
    return not keywords and len(args) <= entry.max_args
