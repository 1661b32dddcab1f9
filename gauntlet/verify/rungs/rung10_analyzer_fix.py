"""Rung 10, custom analyzer and code fix: a lint rule against clock reads."""

from __future__ import annotations

from gauntlet.verify.constraint import Option, Rung, automatic

RUNG = Rung(
    number=10,
    slug="analyzer-fix",
    title="Custom analyzer and code fix",
    asks=(
        "A lint rule that forbids reading the wall clock directly "
        "(`datetime.datetime.now()`), found through aliases, with an automatic fix, "
        "shipped as a package. `commands.lint` and `commands.fix` get `{path}`, a "
        "folder of Python files; lint exits non-zero and prints `FILE:LINE:` for "
        "each finding, fix rewrites the files in place."
    ),
    constraints=(
        automatic(
            "aliases-flagged",
            "The rule flags the banned call however it is spelled: through an "
            "import alias, a module alias, a re-bound name, and a plain call.",
            check="lint-aliases",
            threshold="every probe line reported, no finding on clean code",
        ),
        automatic(
            "fix-compiles",
            "The fix rewrites the banned calls, the result still compiles and the "
            "rule no longer flags it.",
            check="fix-compiles",
            threshold="every file compiles and lint exits 0 after the fix",
        ),
        automatic(
            "package-builds",
            "The package builds and its metadata passes `twine check --strict`.",
            check="package-build",
            threshold="sdist and wheel built, twine check --strict exit 0",
        ),
    ),
    commands=frozenset({"test", "lint", "fix"}),
    options=(
        Option(
            "package_root",
            str,
            ".",
            "the folder holding the package's pyproject.toml, relative to the solution",
        ),
    ),
)
