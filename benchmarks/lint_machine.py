"""Describe the machine and the tool versions behind a lint benchmark run."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess

DISTRIBUTIONS = (
    "micro-gauntlet",
    "ruff",
    "flake8",
    "pyflakes",
    "pycodestyle",
    "flake8-datetimez",
    "pylint",
    "astroid",
)


def cpu_model() -> str:
    """Return lscpu's model name, or the platform's processor string."""
    try:
        output = subprocess.run(
            ["lscpu"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return platform.processor()
    for line in output.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def describe_machine(file_count: int) -> dict[str, str]:
    """Collect what a reader needs to judge the figures."""
    versions = []
    for name in DISTRIBUTIONS:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "cpus (nproc)": str(len(os.sched_getaffinity(0))),
        "cpu": cpu_model(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "tools": ", ".join(versions),
        "files in the tree": str(file_count),
        "load average at the end (1, 5, 15 min)": load,
    }
