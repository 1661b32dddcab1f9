"""The lint settings a fix run needs: only what can produce a fixable finding.

``gauntlet fix`` lints every file to find what to fix. A banned API without
a replacement has no fix, so the fix run does not watch it; that keeps the
analyzer's text prefilter from parsing every file that mentions ``time``.
"""

from __future__ import annotations

import dataclasses

from analyzers.config import BannedApi, Config
from analyzers.rules.banned_api import banned_entries


def fix_config(config: Config) -> Config:
    """Return ``config`` without the bans that cannot produce a fixable finding.

    A ban without a replacement stays when a ban with a replacement is a
    prefix of it: without it, its uses would match the prefix and become
    fixable, unlike what ``gauntlet lint`` reports.
    """
    entries = banned_entries(config)
    replaced = [name for name, entry in entries.items() if entry.replacement]
    kept: list[BannedApi] = []
    for name, entry in entries.items():
        inside_replaced = any(name.startswith(f"{other}.") for other in replaced)
        if entry.replacement or inside_replaced:
            kept.append(entry)
    presets = tuple(preset for preset in config.presets if preset != "clock")
    return dataclasses.replace(config, presets=presets, banned_api=tuple(kept))
