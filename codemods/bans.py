"""Keep a fix from writing a use of an API that the project bans.

A fix that writes a name banned by ``[tool.gauntlet.banned-api]`` or by the
``clock`` preset would trade one finding for another, and the next run
would rewrite its output again. The guard uses the analyzer's own ban list
and prefix matching, so it bans exactly what ``gauntlet lint`` reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from analyzers.config import BannedApi, Config
from analyzers.rules.banned_api import BANNED_API, BannedApiCheck, banned_entries


@dataclass(frozen=True)
class BanGuard:
    """The project's ban list, checked against the names a fix writes.

    ``config`` is the project's own configuration: the command line's
    ``--select`` chooses what to fix, not what the project bans.
    """

    config: Config
    check: BannedApiCheck

    @classmethod
    def from_config(cls, config: Config) -> BanGuard:
        return cls(config, BannedApiCheck(banned_entries(config)))

    def reason_to_skip(
        self, path: str, replaced: str | None, written: Iterable[str]
    ) -> str | None:
        """Return why a fix must not write the dotted names ``written``.

        ``replaced`` is the dotted name of the use the fix rewrites. A
        written name banned by the same entry is no new finding: turning
        ``utcnow()`` into ``now()`` keeps one clock read. All clock preset
        entries count as one ban, because they share one message and rule.
        """
        if not self.config.is_enabled(BANNED_API.code):
            return None
        old = self.check.match(replaced) if replaced else None
        for name in written:
            entry = self.check.match(name)
            if entry is None or self.config.is_allowed(entry, path):
                continue
            if old is not None and _same_ban(entry, old):
                continue
            return (
                f"the fix would write {name}, which is banned {_banned_by(entry)}; "
                "fix this use by hand"
            )
        return None


def _same_ban(first: BannedApi, second: BannedApi) -> bool:
    if first.origin == "clock" and second.origin == "clock":
        return True
    return first == second


def _banned_by(entry: BannedApi) -> str:
    if entry.origin == "clock":
        return "by the clock preset"
    return f"by banned-api {entry.name!r} ({entry.message})"
