"""Added imports land where a person would put them."""

from __future__ import annotations

import libcst as cst

from codemods.imports import ImportRequest, add_imports
from tests.codemods.assertions import Rewrite, assert_rewrite


def adding(*requests: ImportRequest) -> Rewrite:
    def rewrite(source: bytes) -> bytes:
        return add_imports(cst.parse_module(source), requests).bytes

    return rewrite


def test_future_import_after_docstring() -> None:
    assert_rewrite(
        '''\
        """Billing helpers."""
        import os
        ''',
        '''\
        """Billing helpers."""
        from __future__ import annotations

        import os
        ''',
        adding(ImportRequest("__future__", "annotations")),
    )


def test_import_after_all_future_imports() -> None:
    assert_rewrite(
        '''\
        from __future__ import annotations
        from __future__ import division

        import os

        """loose string, not a docstring"""
        def handler():
            return os.sep
        ''',
        '''\
        from __future__ import annotations
        from __future__ import division

        import os
        from datetime import UTC

        """loose string, not a docstring"""
        def handler():
            return os.sep
        ''',
        adding(ImportRequest("datetime", "UTC")),
    )


def test_name_joins_existing_from_import() -> None:
    assert_rewrite(
        """\
        import datetime
        from datetime import datetime
        """,
        """\
        import datetime
        from datetime import UTC, datetime
        """,
        adding(ImportRequest("datetime", "UTC")),
    )


def test_name_joins_parenthesized_import() -> None:
    assert_rewrite(
        """\
        from datetime import (
            datetime,  # the class
            timedelta,  # durations
        )
        """,
        """\
        from datetime import (
            datetime,  # the class
            timedelta,  # durations
            timezone,
        )
        """,
        adding(ImportRequest("datetime", "timezone")),
    )


def test_unsorted_names_get_name_appended() -> None:
    assert_rewrite(
        "from datetime import timedelta, datetime\n",
        "from datetime import timedelta, datetime, UTC\n",
        adding(ImportRequest("datetime", "UTC")),
    )


def test_stdlib_import_before_third_party() -> None:
    assert_rewrite(
        """\
        import requests

        x = 1
        """,
        """\
        from datetime import UTC

        import requests

        x = 1
        """,
        adding(ImportRequest("datetime", "UTC")),
    )


def test_project_import_after_last_group() -> None:
    assert_rewrite(
        """\
        import os
        import sys

        import requests

        x = 1
        """,
        """\
        import os
        import sys

        import requests
        from myapp.clock import now

        x = 1
        """,
        adding(ImportRequest("myapp.clock", "now")),
    )


def test_sorted_place_inside_group() -> None:
    assert_rewrite(
        """\
        import os
        from collections import deque
        from pathlib import Path
        """,
        """\
        import os
        from collections import deque
        from datetime import UTC
        from pathlib import Path
        """,
        adding(ImportRequest("datetime", "UTC")),
    )


def test_never_inside_try_branch() -> None:
    assert_rewrite(
        """\
        try:
            from datetime import UTC
        except ImportError:
            UTC = None
        import os
        """,
        """\
        try:
            from datetime import UTC
        except ImportError:
            UTC = None
        import os
        from datetime import timezone
        """,
        adding(ImportRequest("datetime", "timezone")),
    )


def test_never_inside_if_branch() -> None:
    assert_rewrite(
        """\
        import sys

        if sys.version_info >= (3, 11):
            from datetime import UTC
        value = 1
        """,
        """\
        import sys
        from datetime import timezone

        if sys.version_info >= (3, 11):
            from datetime import UTC
        value = 1
        """,
        adding(ImportRequest("datetime", "timezone")),
    )


def test_module_without_imports() -> None:
    assert_rewrite(
        '''\
        """Doc."""

        def handler():
            pass
        ''',
        '''\
        """Doc."""

        from datetime import UTC

        def handler():
            pass
        ''',
        adding(ImportRequest("datetime", "UTC")),
    )


def test_plain_module_import() -> None:
    assert_rewrite(
        "import os\n\nx = 1\n",
        "import os\n\nimport myapp.clock\n\nx = 1\n",
        adding(ImportRequest("myapp.clock")),
    )


def test_added_line_keeps_crlf() -> None:
    output = adding(ImportRequest("datetime", "UTC"))(b"import os\r\nx = 1\r\n")
    assert output == b"import os\r\nfrom datetime import UTC\r\nx = 1\r\n"
