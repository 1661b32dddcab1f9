"""Python files that read the wall clock in every spelling, and one that does not.

The folder also contains the rule's configuration (``pyproject.toml``, in the
``[tool.gauntlet]`` format) and the replacement the fix should call,
``clock.utc_now``. Each probe maps to the lines where a finding is expected;
any one of them is enough, because a tool may report the reference or the
call of a re-bound name.
"""

from __future__ import annotations

from pathlib import Path

PROBES: dict[str, tuple[str, frozenset[int]]] = {
    "direct.py": (
        "import datetime\n\nstamp = datetime.datetime.now()\n",
        frozenset({3}),
    ),
    "import_alias.py": (
        "from datetime import datetime as moment\n\nstamp = moment.now()\n",
        frozenset({3}),
    ),
    "module_alias.py": (
        "import datetime as dtm\n\nstamp = dtm.datetime.now()\n",
        frozenset({3}),
    ),
    "rebound.py": (
        "from datetime import datetime\n\nclock = datetime.now\nstamp = clock()\n",
        frozenset({3, 4}),
    ),
}

# No clock read here, only look-alikes that text matching mistakes for one.
CLEAN = """\
import datetime


def now():
    return 0


stamp = now()
text = "datetime.datetime.now()"
# datetime.datetime.now() is banned
later = datetime.timedelta(days=1)
"""

CLOCK = """\
import datetime


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)
"""

CONFIG = """\
[tool.gauntlet.banned-api."datetime.datetime.now"]
message = "read the wall clock through clock.utc_now()"
replacement = "clock.utc_now"
allow = ["clock.py"]
"""


def write_probes(folder: Path) -> None:
    """Write every probe, the clean file, clock.py and the configuration."""
    folder.mkdir(parents=True)
    for name, (source, _) in PROBES.items():
        (folder / name).write_text(source)
    (folder / "clean.py").write_text(CLEAN)
    (folder / "clock.py").write_text(CLOCK)
    (folder / "pyproject.toml").write_text(CONFIG)
