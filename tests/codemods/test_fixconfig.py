"""A fix run watches only the bans whose findings can be fixed."""

from __future__ import annotations

from analyzers.engine import check_source
from codemods.fixconfig import fix_config
from tests.codemods.assertions import project_config

BANS = {
    "presets": ["clock", "naive-datetime"],
    "banned-api": {
        "myapp.legacy": {"message": "use myapp.modern"},
        "myapp.timing": {"message": "use myapp.clock", "replacement": "myapp.clock"},
        "myapp.timing.raw": {"message": "no raw timing"},
    },
}


def test_clock_preset_not_watched() -> None:
    config = fix_config(project_config(BANS))
    assert config.presets == ("naive-datetime",)


def test_bans_without_replacement_dropped() -> None:
    names = [entry.name for entry in fix_config(project_config(BANS)).banned_api]
    assert names == ["myapp.timing", "myapp.timing.raw"]


def test_fixable_findings_unchanged() -> None:
    source = (
        b"import time\nimport datetime\nimport myapp.timing\n\n"
        b"started = time.time()\n"
        b"stamp = datetime.datetime.utcnow()\n"
        b"raw = myapp.timing.raw()\n"
        b"other = myapp.timing.other()\n"
    )
    config = project_config(BANS)
    full = check_source(source, "/project/module.py", config).diagnostics
    narrow = check_source(source, "/project/module.py", fix_config(config)).diagnostics
    assert [d for d in narrow if d.fixable] == [d for d in full if d.fixable]
