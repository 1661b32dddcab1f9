"""Time ``gauntlet fix --diff`` against a no-op libcst codemod on the stdlib.

Both tools run as subprocesses, one after the other, over the same copy of
the standard library of the interpreter running this script, with the same
number of worker processes. The no-op codemod parses every file with libcst;
``gauntlet fix`` lints every file with ``ast`` after a text prefilter and
parses with libcst only the files that have a fixable finding.

Usage: python benchmarks/fix_speed.py [--jobs N] [--repeat N] [--libcst-repeat N]

CPU time (user plus system, from ``getrusage`` of the children) is reported
beside wall time because the machine may be shared. Files changed are counted
from gauntlet's summary and, for the codemod, by hashing the tree before and
after the run, because libcst counts every file it did not fail on as
"transformed" whether or not it changed.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import importlib.metadata
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
# Not WORK / "stdlib": benchmarks/lint_tree.py deletes and copies that folder
# again whenever its stamp differs, which made files vanish mid-run here.
TREE = WORK / "fix-stdlib"
CONFIG = '[tool.gauntlet]\ntarget-version = "py311"\n'
SUMMARY = re.compile(
    r"(?P<changed>\d+) files? would change, (?P<fixes>\d+) fix(?:es)? available, "
    r"(?P<skipped>\d+) fix(?:es)? skipped, .*\((?P<files>\d+) files? checked, "
    r"(?P<parsed>\d+) parsed with libcst\)"
)
LIBCST_SUMMARY = re.compile(
    r"Finished codemodding (?P<total>\d+) files!\s*"
    r"- Transformed (?P<succeeded>\d+) files successfully\.\s*"
    r"- Skipped (?P<skipped>\d+) files\.\s*"
    r"- Failed to codemod (?P<failed>\d+) files\."
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


def hash_tree(root: Path) -> dict[Path, str]:
    """Map each .py file under ``root`` to the SHA-256 of its bytes."""
    return {
        path: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*.py"))
    }


@dataclass(frozen=True)
class Timing:
    """Wall time and the CPU time (user + system) of one subprocess run."""

    wall: float
    cpu: float


def timed(command: list[str], env: dict[str, str]) -> tuple[Timing, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(
        command, cwd=TREE, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if completed.returncode not in (0, 1, 2) or "internal error" in completed.stderr:
        sys.exit(f"{command[:4]} failed:\n{completed.stderr[-2000:]}")
    return Timing(elapsed, cpu), completed.stderr


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
        # "--jobs N" with a space is taken for the command name by libcst 1.9.
        f"--jobs={jobs}",
        "fix_noop.NoOpCommand",
        ".",
    ]


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def cpu_model() -> str:
    """Return the first "model name" of /proc/cpuinfo, or "unknown"."""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return "unknown"
    for line in lines:
        if line.startswith("model name"):
            return line.partition(":")[2].strip()
    return "unknown"


def git_commit() -> str:
    """Return the commit of the checkout and the tracked files changed since."""
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if head.returncode != 0:
        return "unknown"
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    changed = [line[3:] for line in status.stdout.splitlines()]
    if not changed:
        return head.stdout.strip()
    return f"{head.stdout.strip()} with local changes to {', '.join(changed)}"


def machine() -> str:
    """Return nproc, the CPU model, the commit and the tool versions."""
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("micro-gauntlet", "libcst")
    )
    return (
        f"nproc: {len(os.sched_getaffinity(0))}, CPU: {cpu_model()}\n"
        f"Python {platform.python_version()}, {versions}\n"
        f"commit: {git_commit()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of gauntlet fix (best is kept)"
    )
    parser.add_argument(
        "--libcst-repeat",
        type=int,
        default=1,
        help="runs of the libcst codemod (best is kept); each takes minutes",
    )
    args = parser.parse_args()

    description = machine()
    load_before = load_average()
    files = copy_stdlib(TREE)
    # Bytecode of the project, as an installed copy has it; without it each
    # worker compiles the modules again when PYTHONDONTWRITEBYTECODE is set.
    for package in ("analyzers", "codemods", "migrator", "gauntlet"):
        compileall.compile_dir(ROOT / package, quiet=1)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "benchmarks"))
    env.pop("GAUNTLET_DEBUG", None)
    runs = [timed(gauntlet_command(args.jobs), env) for _ in range(args.repeat)]
    hashes = hash_tree(TREE)
    baselines = [
        timed(libcst_command(args.jobs), env) for _ in range(args.libcst_repeat)
    ]
    after = hash_tree(TREE)
    changed_by_libcst = sum(
        after.get(path) != digest for path, digest in hashes.items()
    )
    load_after = load_average()

    best = min((timing for timing, _ in runs), key=lambda timing: timing.wall)
    summary = SUMMARY.search(runs[-1][1])
    if summary is None:
        sys.exit(f"cannot read the summary of gauntlet fix:\n{runs[-1][1][-2000:]}")
    baseline = min((timing for timing, _ in baselines), key=lambda timing: timing.wall)
    codemod = LIBCST_SUMMARY.search(baselines[-1][1])
    if codemod is None:
        sys.exit(f"cannot read the libcst summary:\n{baselines[-1][1][-2000:]}")
    parsed_by_libcst = int(codemod["succeeded"]) + int(codemod["skipped"])
    failed_files = re.findall(r"^Failed to codemod (.+)$", baselines[-1][1], re.M)

    print(f"files in the tree: {files}")
    walls = ", ".join(f"{timing.wall:.1f}" for timing, _ in runs)
    print(
        f"gauntlet fix --diff: {best.wall:.1f} s wall, {best.cpu:.1f} s CPU "
        f"(best of {args.repeat}, walls {walls}); "
        f"{summary['files']} files checked, {summary['parsed']} parsed with libcst, "
        f"{summary['changed']} files would change, {summary['fixes']} fixes"
    )
    baseline_walls = ", ".join(f"{timing.wall:.1f}" for timing, _ in baselines)
    print(
        f"libcst no-op codemod: {baseline.wall:.1f} s wall, {baseline.cpu:.1f} s CPU "
        f"(best of {args.libcst_repeat}, walls {baseline_walls}); "
        f"{codemod['total']} files given, {parsed_by_libcst} parsed, "
        f"{codemod['failed']} failed, {changed_by_libcst} files changed"
    )
    for name in failed_files:
        print(f"  libcst failed on {Path(name).relative_to(TREE)}")
    print(f"ratio, wall time: {baseline.wall / best.wall:.1f}x")
    print(f"ratio, CPU time: {baseline.cpu / best.cpu:.1f}x")
    print(f"jobs: {args.jobs}")
    print(description)
    print(f"load average at the start: {load_before}; at the end: {load_after}")


if __name__ == "__main__":
    main()
