"""The lint benchmark tree and the tool environments the lint benchmarks run.

The tree is a copy of the running interpreter's standard library (the ``.py``
files outside ``site-packages``) under ``benchmarks/.work/stdlib``. Its
``pyproject.toml`` turns on the ``clock`` and ``naive-datetime`` presets, and
its ``ruff.toml`` makes ruff see every file and select only ``DTZ``.

flake8 runs every plugin installed next to it, whatever ``--select`` says, so
the development environment (which has both micro-gauntlet and
flake8-datetimez) cannot measure bare flake8. The benchmarks therefore build
``benchmarks/.work/flake8-venv`` with only flake8 and its own checkers, pinned
to the versions of the development environment, and add a plugin by putting a
folder on ``PYTHONPATH`` that holds the plugin's code and a ``.dist-info``
folder declaring its entry point. With and without a plugin, the interpreter,
flake8 and the tree are the same; only the plugin differs.
"""

from __future__ import annotations

import compileall
import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
WORK = BENCHMARKS / ".work"
TREE = WORK / "stdlib"
FLAKE8_VENV = WORK / "flake8-venv"
PLUGIN_DIRS = WORK / "flake8-plugins"

GAUNTLET_CONFIG = """\
[tool.gauntlet]
presets = ["clock", "naive-datetime"]
"""

RUFF_CONFIG = """\
# Lint every file: ruff's default excludes would skip the stdlib's venv package.
exclude = []
respect-gitignore = false

[lint]
select = ["DTZ"]
"""

PYLINT_CONFIG = """\
[MAIN]
persistent = no
jobs = 1

[REPORTS]
reports = no
score = no
"""

FLAKE8_DISTRIBUTIONS = ("flake8", "pyflakes", "pycodestyle", "mccabe")
SKIPPED_FOLDERS = {"site-packages", "dist-packages", "__pycache__"}


def stdlib_sources() -> list[Path]:
    """List the standard library's ``.py`` files, relative to its folder."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    sources = []
    for path in stdlib.rglob("*.py"):
        relative = path.relative_to(stdlib)
        if SKIPPED_FOLDERS.isdisjoint(relative.parts[:-1]):
            sources.append(relative)
    return sorted(sources)


def prepare_tree(tree: Path = TREE) -> list[Path]:
    """Copy the standard library into ``tree`` unless an identical copy is there.

    Returns the copied files relative to ``tree``, sorted.
    """
    sources = stdlib_sources()
    stamp = f"{sys.version}\n{len(sources)}\n"
    stamp_file = tree / ".copied-from"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return sources

    if tree.exists():
        shutil.rmtree(tree)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for relative in sources:
        target = tree / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(stdlib / relative, target)
    (tree / "pyproject.toml").write_text(GAUNTLET_CONFIG)
    (tree / "ruff.toml").write_text(RUFF_CONFIG)
    (tree / "pylintrc").write_text(PYLINT_CONFIG)
    stamp_file.write_text(stamp)
    return sources


def compile_project() -> None:
    """Write the bytecode of the project's packages, as a pip install does.

    With PYTHONDONTWRITEBYTECODE set (some shells and CI images set it),
    every run of ``gauntlet`` would compile its modules again, a cost that
    no installed copy pays.
    """
    root = Path(__file__).resolve().parents[1]
    for package in ("analyzers", "codemods", "migrator", "gauntlet"):
        compileall.compile_dir(root / package, quiet=1)


def select_subset(sources: list[Path], size: int) -> list[Path]:
    """Pick ``size`` files spread evenly over the sorted list."""
    if len(sources) <= size:
        return list(sources)
    step = len(sources) / size
    return [sources[int(index * step)] for index in range(size)]


def tool_path(name: str) -> str:
    """Return the console script ``name`` installed next to this interpreter."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(
            f"{name!r} not found; install the dev extras: pip install -e '.[dev]'"
        )
    return found


def prepare_flake8_venv() -> Path:
    """Build the bare flake8 environment; return its interpreter."""
    python = FLAKE8_VENV / "bin" / "python"
    pins = [
        f"{name}=={importlib.metadata.version(name)}" for name in FLAKE8_DISTRIBUTIONS
    ]
    stamp_file = FLAKE8_VENV / ".pins"
    if stamp_file.exists() and stamp_file.read_text() == "\n".join(pins):
        return python

    if FLAKE8_VENV.exists():
        shutil.rmtree(FLAKE8_VENV)
    subprocess.run([sys.executable, "-m", "venv", str(FLAKE8_VENV)], check=True)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            *pins,
        ],
        check=True,
    )
    stamp_file.write_text("\n".join(pins))
    return python


def write_entry_point(folder: Path, distribution: str, entry_point: str) -> None:
    """Declare one ``flake8.extension`` entry point in a ``.dist-info`` folder."""
    dist_info = folder / f"{distribution}-0.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 0\n"
    )
    (dist_info / "entry_points.txt").write_text(f"[flake8.extension]\n{entry_point}\n")


def prepare_gauntlet_plugin() -> str:
    """Make our flake8 plugin loadable in the bare environment; return PYTHONPATH."""
    folder = PLUGIN_DIRS / "gauntlet"
    write_entry_point(
        folder, "micro_gauntlet_bench", "GTL = analyzers.flake8_plugin:Plugin"
    )
    return os.pathsep.join([str(folder), str(ROOT)])


def prepare_datetimez_plugin() -> str:
    """Copy flake8-datetimez for the bare environment; return PYTHONPATH."""
    folder = PLUGIN_DIRS / "datetimez"
    distribution = importlib.metadata.distribution("flake8-datetimez")
    for file in distribution.files or []:
        if file.parts[0] != ".." and (
            file.suffix == ".py" or ".dist-info" in str(file)
        ):
            source = Path(str(distribution.locate_file(file)))
            target = folder / str(file)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return str(folder)
