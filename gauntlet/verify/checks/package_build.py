"""The ``package-build`` check: ``python -m build`` and ``twine check --strict``.

The package is copied into the session first, because a build writes into
its source folder. The build runs without isolation (``--no-isolation``):
an isolated build would download the build backend, and the session has no
network, so the backend named in ``pyproject.toml`` must be installed where
the verifier runs.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.manifest import manifest_error
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sandbox.process import COPY_IGNORE

BUILD_TIMEOUT_SECONDS = 120.0


def package_root(context: CheckContext, option: str) -> Path:
    """Resolve a folder option against the solution's own folder (not the copy)."""
    root = (context.manifest.path.parent / str(context.options[option])).resolve()
    if not (root / "pyproject.toml").is_file():
        raise manifest_error(
            context.manifest.path,
            f"key 'options.{option}' points at {str(root)!r}, which has no "
            "pyproject.toml; give the folder of the package, relative to the solution",
        )
    return root


@register_check("package-build")
def check_package_build(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    source = context.sandbox.scratch / "package"
    shutil.copytree(package_root(context, "package_root"), source, ignore=COPY_IGNORE)
    dist = context.sandbox.scratch / "dist"
    build = context.sandbox.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), "."],
        cwd=source,
        timeout=BUILD_TIMEOUT_SECONDS,
    )
    if build.returncode != 0:
        return CheckResult.fail(
            f"python -m build {build.describe()}: {build.error_tail(3)}"
        )
    artifacts = sorted(str(path) for path in dist.iterdir())
    twine = context.sandbox.run(
        [sys.executable, "-m", "twine", "check", "--strict", *artifacts],
        timeout=BUILD_TIMEOUT_SECONDS,
    )
    names = [Path(path).name for path in artifacts]
    if twine.returncode != 0:
        return CheckResult.fail(
            f"twine check --strict failed on {names}: {twine.error_tail(3)}"
        )
    return CheckResult.ok(
        f"built {', '.join(names)}; twine check --strict passed",
        seconds=round(build.seconds + twine.seconds, 2),
    )
