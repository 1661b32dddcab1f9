"""Shared setup of the codemod tests."""

from __future__ import annotations

import pytest

# Show both sides of a failed comparison inside the shared assertion helper.
pytest.register_assert_rewrite("tests.codemods.assertions")
