"""Time ``gauntlet fix --diff`` against a no-op libcst codemod on the stdlib.

Both tools run as subprocesses, one after the other, over the same copy of
the standard library of the interpreter running this script, with the same
number of worker processes. The no-op codemod parses every file with libcst;
``gauntlet fix`` lints every file with ``ast`` after a text prefilter and
parses with libcst only the files that have a fixable finding.

Usage: python benchmarks/fix_speed.py [--jobs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
TREE = WORK / "stdlib"
CONFIG = '[tool.gauntlet]\ntarget-version = "py311"\n'
SUMMARY = re.compile(
    r"(?P<changed>\d+) files? would change, (?P<fixes>\d+) fixes available, "
    r"(?P<skipped>\d+) fixes skipped, .*\((?P<files>\d+) files? checked, "
    r"(?P<parsed>\d+) parsed with libcst\)"
)


def copy_stdlib(destination: Path) -> int:
    """Copy the .py files of the running interpreter's stdlib; return the count."""
    source = Path(sysconfig.get_paths()["stdlib"])
    if destination.exists():
        shutil.rmtree(destination)
    count = 0
    for path in sorted(source.rglob("*.py")):
        relative = path.relative_to(source)
        if "site-packages" in relative.parts:
            continue
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        count += 1
    (destination / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    return count


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    completed = subprocess.run(
        command, cwd=TREE, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if completed.returncode not in (0, 1, 2) or "internal error" in completed.stderr:
        sys.exit(f"{command[:4]} failed:\n{completed.stderr[-2000:]}")
    return elapsed, completed.stderr


def gauntlet_command(jobs: int) -> list[str]:
    gauntlet = shutil.which("gauntlet", path=str(Path(sys.executable).parent))
    if gauntlet is None:
        sys.exit("the 'gauntlet' script is not installed next to this Python")
    return [gauntlet, "fix", "--diff", "--jobs", str(jobs), "."]


def libcst_command(jobs: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "libcst.tool",
        "codemod",
        "--external",
        "--no-format",
        "--hide-progress",
        "--jobs",
        str(jobs),
        "fix_noop.NoOpCommand",
        ".",
    ]


def machine() -> str:
    """Return nproc, the head of lscpu, the load and the tool versions."""
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False)
    head = "\n".join(lscpu.stdout.splitlines()[:10])
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("micro-gauntlet", "libcst")
    )
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"nproc: {len(os.sched_getaffinity(0))}\n{head}\n"
        f"load average before the run: {load}\n"
        f"Python {platform.python_version()}, {versions}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    description = machine()
    files = copy_stdlib(TREE)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "benchmarks"))
    env.pop("GAUNTLET_DEBUG", None)
    gauntlet_times, libcst_times = [], []
    stderr = ""
    for _ in range(args.repeat):
        elapsed, stderr = timed(gauntlet_command(args.jobs), env)
        gauntlet_times.append(elapsed)
        libcst_times.append(timed(libcst_command(args.jobs), env)[0])
    summary = SUMMARY.search(stderr)
    if summary is None:
        sys.exit(f"cannot read the summary of gauntlet fix:\n{stderr[-2000:]}")

    gauntlet_best, libcst_best = min(gauntlet_times), min(libcst_times)
    print(f"files in the tree: {files}")
    print(
        f"gauntlet fix --diff: {gauntlet_best:.2f} s (best of {args.repeat}), "
        f"{summary['parsed']} files parsed with libcst, "
        f"{summary['changed']} files would change, {summary['fixes']} fixes"
    )
    print(
        f"libcst no-op codemod: {libcst_best:.2f} s (best of {args.repeat}), "
        f"{files} files parsed"
    )
    print(f"ratio: {libcst_best / gauntlet_best:.1f}x")
    print(description)


if __name__ == "__main__":
    main()
